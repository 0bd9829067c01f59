"""``python -m xxgk``: the same command as ``xxgk``."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":  # guarded: worker processes of a batch import the main module
    main(prog_name="xxgk")
