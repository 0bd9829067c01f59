"""Content-addressed blob store: the bytes of every source under ``DIR/ab/cd/<sha256>``.

Writes are atomic (temporary file + rename), so a crash leaves either the whole blob or none; a blob whose
database row was never committed is harmless and is reused by the next run that brings the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, digest: str) -> Path:
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes, digest: str | None = None) -> str:
        """Store ``data`` (once) and return its sha256."""
        digest = digest or sha256(data)
        target = self.path(digest)
        if target.exists():
            return digest
        try:  # the folder is usually there already: no mkdir per blob
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def get(self, digest: str) -> bytes:
        try:
            return self.path(digest).read_bytes()
        except FileNotFoundError:
            raise KeyError(f"blob {digest} is not in {self.root}") from None

    def __contains__(self, digest: object) -> bool:
        return isinstance(digest, str) and self.path(digest).exists()
