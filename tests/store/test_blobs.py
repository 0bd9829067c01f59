"""The blob store (xxgk.store.blobs): bytes read back by their sha256 from packs and from the per-file layout
of earlier versions; several writers; what a killed writer leaves is never read as another blob's bytes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.store.blobs import ENTRY, BlobStore, sha256


@settings(max_examples=40, deadline=None)
@given(blobs=st.lists(st.binary(max_size=300), max_size=12))
def test_put_then_get_from_another_store_on_the_same_folder(tmp_path_factory: pytest.TempPathFactory,
                                                            blobs: list[bytes]) -> None:
    root = tmp_path_factory.mktemp("blobs")
    writer = BlobStore(root)
    digests = [writer.put(b) for b in blobs]
    assert digests == [sha256(b) for b in blobs]
    reader = BlobStore(root)  # another process's view: it finds what the writer's index says
    for data, digest in zip(blobs, digests, strict=True):
        assert reader.get(digest) == data and writer.get(digest) == data and digest in reader
    writer.close()
    assert sha256(b"never stored") not in reader
    with pytest.raises(KeyError, match="is not in"):
        reader.get(sha256(b"never stored"))


def test_two_writers_and_a_reader_that_started_before_them(tmp_path: Path) -> None:
    reader = BlobStore(tmp_path)
    with pytest.raises(KeyError):
        reader.get(sha256(b"one"))  # read the (empty) indexes once
    a, b = BlobStore(tmp_path), BlobStore(tmp_path)
    one, two = a.put(b"one"), b.put(b"two")
    assert len(list((tmp_path / "packs").glob("*.pack"))) == 2  # a pack each: no two writers share one
    assert reader.get(one) == b"one" and reader.get(two) == b"two"  # indexes read again on a miss
    assert a.get(two) == b"two" and b.get(one) == b"one"
    a.put(b"three")
    assert reader.get(sha256(b"three")) == b"three"  # an index that grew is read again


def test_blobs_stored_one_file_each_by_earlier_versions_are_read(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    digest = sha256(b"old")
    store.path(digest).parent.mkdir(parents=True)
    store.path(digest).write_bytes(b"old")
    assert store.get(digest) == b"old" and digest in store


def test_a_torn_entry_or_damaged_bytes_read_as_missing_never_as_other_bytes(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    good, bad = store.put(b"good bytes"), store.put(b"bad bytes")
    store.close()
    [idx] = (tmp_path / "packs").glob("*.idx")
    with idx.open("ab") as fh:  # a kill in the middle of writing an entry
        fh.write(ENTRY.pack(bytes.fromhex(sha256(b"torn")), 0, 4)[:20])
    pack = idx.with_suffix(".pack")
    data = bytearray(pack.read_bytes())
    data[len(b"good bytes")] ^= 0xFF  # the first byte of the second blob is damaged
    pack.write_bytes(bytes(data))
    reader = BlobStore(tmp_path)
    assert reader.get(good) == b"good bytes"
    with pytest.raises(KeyError):
        reader.get(bad)
    again = BlobStore(tmp_path)
    again.put(b"bad bytes")  # stored again (the next run of a killed ingest does so): that copy is read
    assert BlobStore(tmp_path).get(bad) == b"bad bytes"


WRITER = """
import sys
from pathlib import Path
from typing import Any
from xxgk.store.blobs import BlobStore
store = BlobStore(Path(sys.argv[1]))
i = 0
while True:
    store.put(b"%d " % i * (1 + i % 5000))
    i += 1
    if i == 50:
        print("ready", flush=True)
"""


def test_a_writer_killed_while_writing_leaves_only_whole_blobs(tmp_path: Path) -> None:
    env = os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    [idx] = (tmp_path / "packs").glob("*.idx")
    count = idx.stat().st_size // ENTRY.size
    assert count >= 50
    store = BlobStore(tmp_path)
    for i in range(count):  # every blob with an entry reads back whole
        data = b"%d " % i * (1 + i % 5000)
        assert store.get(sha256(data)) == data


def test_a_write_that_takes_less_than_it_is_given_is_finished() -> None:
    import io

    from xxgk.store.blobs import _write_all

    class Trickle(io.RawIOBase):  # a raw file that takes 3 bytes a call, as a write of over 2 GB does
        def __init__(self) -> None:
            self.got = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, b: Any) -> int:
            self.got += bytes(b[:3])
            return min(3, len(b))

    fh = Trickle()
    _write_all(fh, b"0123456789")  # type: ignore[arg-type]
    assert bytes(fh.got) == b"0123456789"


FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from xxgk.store.blobs import BlobStore
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
store = BlobStore(Path(sys.argv[1]))
store.put(b"before")
try:
    store.put(b"x" * 50000)
except OSError as exc:
    print("refused", exc.errno)
store.put(b"after")
"""


def test_a_write_that_fails_half_way_leaves_the_other_blobs_readable(tmp_path: Path) -> None:
    env = os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(tmp_path)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused")
    store = BlobStore(tmp_path)
    assert store.get(sha256(b"before")) == b"before"
    assert store.get(sha256(b"after")) == b"after"  # in a new pack: the first one's end was unknown
    with pytest.raises(KeyError):
        store.get(sha256(b"x" * 50000))
    assert len(list((tmp_path / "packs").glob("*.pack"))) == 2
