"""CLI sub-commands, each a thin wrapper over library functions."""
