"""上传 after a restart (a fresh app over the same store: nothing in memory): the upload list keeps showing the
uploads from their batches in the store, and the folders a killed server left under the data folder go."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webutil import PASSWORD, log_in

from xxgk.render import render
from xxgk.store import Store
from xxgk.store import schema as s
from xxgk.synth import generate
from xxgk.web import create_app
from xxgk.web.uploads import upload_note
from xxgk.web.users import UserBook


def _app(store: Store) -> TestClient:
    return TestClient(create_app(store=store, host="10.0.0.5", secret_key="test-secret"),
                      base_url="https://testserver")


def _upload(client: TestClient, token: str, seed: int, agency: str) -> dict[str, Any]:
    files = [("files", (f"{agency}.docx", render(generate(seed, agency=agency, year=2023), "docx"),
                        "application/octet-stream"))]
    r = client.post("/api/uploads", files=files, headers={"X-CSRF-Token": token})
    assert r.status_code == 202, r.text
    end = time.monotonic() + 120
    while time.monotonic() < end:
        job: dict[str, Any] = client.get(f"/api/uploads/{r.json()['id']}").json()
        if job["status"] in ("done", "error"):
            return job
        time.sleep(0.2)
    raise AssertionError("upload did not finish")


def _ids(client: TestClient) -> list[tuple[str, bool]]:
    return [(j["id"], j["stored"]) for j in client.get("/api/uploads").json()["jobs"]]


def test_upload_list_after_a_restart_comes_from_the_store(store: Store) -> None:
    book = UserBook(store.data_dir)
    book.add("admin", PASSWORD, "admin")
    book.add("rev", PASSWORD, "reviewer")
    with _app(store) as first:
        rev = _upload(first, log_in(first, "rev"), 31, "东湖区民政局")
        first.post("/logout", data={"csrf_token": first.get("/api/me").json()["csrf_token"]})
        admin = _upload(first, log_in(first, "admin"), 32, "西湖区财政局")
    with _app(store) as again:  # the restart: no job in memory
        token = log_in(again, "rev")
        assert _ids(again) == [(rev["id"], True)]  # a user: their own only
        stored = again.get("/api/uploads").json()["jobs"][0]
        assert (stored["status"], stored["batch"], stored["files"][0]["results"][0]["agency"]) == (
            "done", rev["batch"], "东湖区民政局")
        page = again.get("/upload").text
        assert f'href="/upload/{rev["id"]}"' in page and "取自存储" in page and admin["id"] not in page
        new = _upload(again, token, 33, "南山区司法局")  # live and in the store: listed once, live
        assert _ids(again) == [(new["id"], False), (rev["id"], True)]
        again.post("/logout", data={"csrf_token": token})
        log_in(again, "admin")  # an admin: everybody's, newest first
        assert _ids(again) == [(new["id"], False), (admin["id"], True), (rev["id"], True)]


def _gone_pid() -> int:
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)


def _folder(store: Store, job_id: str, age: float = 0.0) -> Path:
    """An upload folder as a server killed before the end of the job leaves it: the saved file inside."""
    folder = store.data_dir / "uploads" / job_id
    (folder / "0").mkdir(parents=True)
    (folder / "0" / "报告.docx").write_bytes(b"saved before ingest")
    when = time.time() - age
    os.utime(folder, (when, when))
    return folder


def test_start_up_removes_the_upload_folders_a_killed_server_left(store: Store,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    done, interrupted, running, old, young = (f"{n:016x}" for n in range(1, 6))
    folders = {job: _folder(store, job, age) for job, age in
               [(done, 0), (interrupted, 0), (running, 3 * 86400), (old, 2 * 86400), (young, 3600)]}
    other = store.data_dir / "uploads" / "not-a-job"
    other.mkdir()
    os.utime(other, (0, 0))
    store.finish_batch(store.start_batch(note=upload_note("rev", done)), {"inputs": 1})
    cut = store.start_batch(note=upload_note("rev", interrupted))
    with store.write() as session:  # as a kill leaves it: still running, by a process that is gone
        batch = session.get(s.Batch, cut)
        assert batch is not None
        batch.pid = _gone_pid()
    store.start_batch(note=upload_note("rev", running))  # running (this process): another server's job
    with caplog.at_level(logging.WARNING, logger="xxgk.web.uploads"), _app(store):
        pass
    assert {job for job, folder in folders.items() if folder.exists()} == {running, young}
    assert other.exists() and (folders[running] / "0" / "报告.docx").exists()
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert "removed 3 upload folder(s)" in said and all(job in said for job in (done, interrupted, old))
    assert running not in said and young not in said
