"""Content-addressed blob store: the bytes of every source, found by their sha256.

Layout under ``DIR``::

    packs/<name>.pack   blobs appended one after another by one writer (a process's BlobStore)
    packs/<name>.idx    a 48-byte entry per blob of that pack: sha256 (32 bytes), offset and size (8 each)
    ab/cd/<sha256>      one file per blob (how earlier versions stored them: still read)

Packs because creating a file per blob cost the ingest writer more system time than SQLite's writes (a new
inode each: ~0.15–0.5 ms a report). A writer appends to a pack of its own (no two processes share one), the
bytes first and then their index entry, so a kill leaves at worst bytes without an entry (unused, harmless)
or a torn last entry (ignored); an entry always points at bytes written whole. :meth:`BlobStore.get` checks
the bytes against their sha256, so damage (a power cut before the disk had them) reads as a missing blob,
never as another file's bytes. A blob whose database row was never committed is harmless.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import struct
import threading
import time
from pathlib import Path
from typing import BinaryIO

ENTRY = struct.Struct(">32sQQ")  # sha256, offset, size


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.packs = self.root / "packs"
        self._lock = threading.Lock()
        self._pack: BinaryIO | None = None  # this store's own pack and index, opened at the first put
        self._idx: BinaryIO | None = None
        self._offset = 0
        self._indexes: dict[Path, bytes] = {}  # index files read so far, as read

    def path(self, digest: str) -> Path:
        """Where a blob stored as a file of its own is (earlier versions of the store)."""
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes, digest: str | None = None) -> str:
        """Store ``data`` and return its sha256. Nothing is looked up: the caller (ingest) asks the database
        whether it has these bytes first, so bytes are stored twice at most when a run was killed between
        storing them and committing their source (harmless: either copy is read)."""
        digest = digest or sha256(data)
        with self._lock:
            if self._pack is None:
                self._open_pack()
            assert self._pack is not None and self._idx is not None
            try:
                _write_all(self._pack, data)  # unbuffered: in the file, seen by readers, when it returns
                _write_all(self._idx, ENTRY.pack(bytes.fromhex(digest), self._offset, len(data)))
            except BaseException:  # a full disk: the pack's end is unknown now, so the next put starts another
                self._close()
                raise
            self._offset += len(data)
        return digest

    def _open_pack(self) -> None:
        self.packs.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():x}-{os.getpid()}-{secrets.token_hex(4)}"
        # "xb": a name no other writer has; buffering=0: what put wrote is in the file when it returns
        self._pack = open(self.packs / f"{name}.pack", "xb", buffering=0)  # noqa: SIM115 - kept open
        self._idx = open(self.packs / f"{name}.idx", "xb", buffering=0)  # noqa: SIM115
        self._offset = 0

    def close(self) -> None:
        """Close this store's pack (a later put starts another)."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        for fh in (self._pack, self._idx):
            if fh is not None:
                fh.close()
        self._pack = self._idx = None

    def get(self, digest: str) -> bytes:
        for pack, offset, size in self._locations(digest):
            with open(pack, "rb") as fh:
                fh.seek(offset)
                data = fh.read(size)
            if len(data) == size and sha256(data) == digest:  # else damaged: another copy, or missing
                return data
        try:
            return self.path(digest).read_bytes()
        except FileNotFoundError:
            raise KeyError(f"blob {digest} is not in {self.root}") from None

    def __contains__(self, digest: object) -> bool:
        if not isinstance(digest, str):
            return False
        return bool(self._locations(digest)) or self.path(digest).exists()

    def _locations(self, digest: str) -> list[tuple[Path, int, int]]:
        """(pack, offset, size) of every copy of a blob; the index files are read again (other writers add
        to them) when none is in those read so far."""
        try:
            raw = bytes.fromhex(digest)
        except ValueError:
            return []
        if len(raw) != 32:
            return []
        for fresh in (False, True):
            if fresh:
                self._read_indexes()
            found = [(idx.with_suffix(".pack"), *where) for idx, entries in list(self._indexes.items())
                     for where in _find(entries, raw)]
            if found:
                return found
        return []

    def _read_indexes(self) -> None:
        if not self.packs.is_dir():
            return
        for idx in self.packs.glob("*.idx"):
            known = self._indexes.get(idx)
            try:
                if known is not None and idx.stat().st_size == len(known):
                    continue
                data = idx.read_bytes()
            except FileNotFoundError:
                continue
            self._indexes[idx] = data[: len(data) - len(data) % ENTRY.size]  # a torn last entry is left out


def _write_all(fh: BinaryIO, data: bytes) -> None:
    """An unbuffered write may take less than it is given (at most ~2 GB a system call): write the rest."""
    view = memoryview(data)
    while view:
        view = view[fh.write(view) or 0:]


def _find(entries: bytes, raw: bytes) -> list[tuple[int, int]]:
    """The (offset, size) of the entries for ``raw`` (a sha256) in the bytes of an index file."""
    out: list[tuple[int, int]] = []
    start = 0
    while True:
        at = entries.find(raw, start)
        if at < 0:
            return out
        if at % ENTRY.size == 0:  # at an entry's start (the digest's bytes could also occur inside one)
            _, offset, size = ENTRY.unpack_from(entries, at)
            out.append((offset, size))
        start = at + 1
