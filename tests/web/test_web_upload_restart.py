"""上传 across a real restart: ``xxgk serve`` as a process, an upload ingested, the process stopped and started
again over the same database — the job, no longer in memory, is rebuilt from its batch in the store."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from served import xxgk_serve
from xxgk.render import render
from xxgk.synth import generate


@contextlib.contextmanager
def _serve(db: Path, root: Path) -> Iterator[httpx.Client]:
    """``xxgk serve`` on a free port (single local user), a client on it; the process stopped at the end."""
    env = {**os.environ, "XXGK_DATA_DIR": str(root), "XXGK_SECRET_KEY": "restart-test", "NO_COLOR": "1"}
    env.pop("XXGK_DB", None)
    with xxgk_serve(db, env, root / "serve.log") as (base, _), httpx.Client(base_url=base, timeout=30) as client:
        yield client


def _wait(client: httpx.Client, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/uploads/{job_id}").json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"upload {job_id} did not finish")


def test_upload_page_after_the_server_restarted(tmp_path: Path) -> None:
    db = tmp_path / "xxgk.sqlite3"
    with _serve(db, tmp_path) as client:
        token = client.get("/api/me").json()["csrf_token"]
        files = [("files", ("临江县教育局.docx", render(generate(5, agency="临江县教育局", year=2023), "docx"),
                            "application/octet-stream")),
                 ("files", ("坏的.txt", "这不是年报".encode(), "text/plain"))]
        r = client.post("/api/uploads", files=files, headers={"X-CSRF-Token": token})
        assert r.status_code == 202, r.text
        live = _wait(client, r.json()["id"])
        assert live["status"] == "done" and live["stored"] is False
    with _serve(db, tmp_path) as client:  # a new process: nothing in memory
        job = client.get(f"/api/uploads/{live['id']}").json()
        page = client.get(f"/upload/{live['id']}").text
    assert job["stored"] is True and (job["status"], job["batch"]) == ("done", live["batch"])
    assert [(f["name"], f["state"]) for f in job["files"]] == [(f["name"], f["state"]) for f in live["files"]]
    assert job["files"][0]["results"] == live["files"][0]["results"]  # the report, its agency and year
    assert job["files"][1]["reason"] == live["files"][1]["reason"]
    assert "服务重启过" in page and "临江县教育局" in page
