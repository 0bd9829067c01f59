"""上传: files and zips saved inside the data folder, ingested in the background, a progress line per file."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

from fastapi.testclient import TestClient
from webutil import csrf_of, log_in

from xxgk.render import render
from xxgk.store import Store
from xxgk.synth import generate


def _wait(client: TestClient, job_id: str, limit: float = 120.0) -> dict[str, Any]:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        job: dict[str, Any] = client.get(f"/api/uploads/{job_id}").json()
        if job["status"] in ("done", "error"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"upload {job_id} did not finish: {job}")


def _docx(seed: int, agency: str, year: int = 2023) -> bytes:
    return render(generate(seed, agency=agency, year=year), "docx")


def test_upload_form_files_and_zip(local: TestClient, store: Store) -> None:
    page = local.get("/upload")
    assert page.status_code == 200 and 'type="file" name="files" multiple' in page.text
    token = csrf_of(page.text)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a/东湖区民政局.docx", _docx(1, "东湖区民政局"))
        z.writestr("notes.json", "{}")
    files = [("files", ("西湖区财政局.docx", _docx(2, "西湖区财政局"), "application/octet-stream")),
             ("files", ("批量.zip", archive.getvalue(), "application/zip")),
             ("files", ("坏的.txt", "这不是年报".encode(), "text/plain")),
             ("files", ("程序.exe", b"MZ\x00", "application/octet-stream"))]
    r = local.post("/upload", data={"csrf_token": token}, files=files, follow_redirects=False)
    assert r.status_code == 303
    job_id = r.headers["location"].rsplit("/", 1)[1]
    job = _wait(local, job_id)
    assert job["status"] == "done" and job["total"] == 4 and job["done"] == 4
    by_name = {f["name"]: f for f in job["files"]}
    assert by_name["西湖区财政局.docx"]["state"] == "done"
    assert by_name["西湖区财政局.docx"]["results"][0]["status"] == "new-report"
    assert by_name["西湖区财政局.docx"]["results"][0]["agency"] == "西湖区财政局"
    member = by_name["批量.zip"]["results"][0]
    assert member["path"] == "批量.zip!a/东湖区民政局.docx" and member["status"] == "new-report"
    assert job["skipped"] == [{"path": "批量.zip!notes.json", "reason": "not a report file type (.json)"}]
    assert by_name["坏的.txt"]["state"] == "failed" and by_name["坏的.txt"]["reason"]
    assert by_name["程序.exe"]["state"] == "refused" and ".exe" in by_name["程序.exe"]["reason"]
    # in the store, with the batch; the uploaded copies are gone (the store keeps the bytes)
    assert {r.agency for r in store.reports()} == {"西湖区财政局", "东湖区民政局"}
    assert job["batch"] in {b.id for b in store.batches()}
    assert not (store.data_dir / "uploads" / job_id).exists()
    html = local.get(f"/upload/{job_id}").text
    assert "西湖区财政局" in html and "拒收" in html and 'http-equiv="refresh"' not in html
    report_id = by_name["西湖区财政局.docx"]["results"][0]["report"]
    assert f'href="/reports/{report_id}"' in html


def test_upload_api_with_header_token_and_same_bytes_again(local: TestClient) -> None:
    token = local.get("/api/me").json()["csrf_token"]
    data = _docx(3, "南山区司法局")
    r = local.post("/api/uploads", files=[("files", ("南山.docx", data, "application/octet-stream"))],
                   headers={"X-CSRF-Token": token})
    assert r.status_code == 202, r.text
    # answered at once, the parse still to come: the request never waits on the ingest
    assert r.json()["status"] in ("queued", "running") and r.json()["files"][0]["results"] == []
    assert local.get("/api/me").status_code == 200
    first = _wait(local, r.json()["id"])
    assert first["files"][0]["results"][0]["status"] == "new-report"
    r = local.post("/api/uploads", files=[("files", ("again.docx", data, "application/octet-stream"))],
                   headers={"X-CSRF-Token": token})
    again = _wait(local, r.json()["id"])
    assert again["files"][0]["results"][0]["status"] == "duplicate"
    assert [j["id"] for j in local.get("/api/uploads").json()["jobs"]] == [again["id"], first["id"]]


def test_upload_names_never_leave_the_folder(local: TestClient, store: Store) -> None:
    token = local.get("/api/me").json()["csrf_token"]
    r = local.post("/api/uploads", headers={"X-CSRF-Token": token},
                   files=[("files", ("../../escape.docx", _docx(4, "北山区水务局"), "application/octet-stream")),
                          ("files", ("..\\..\\win.txt", b"x", "text/plain"))])
    job = _wait(local, r.json()["id"])
    assert [f["name"] for f in job["files"]] == ["escape.docx", "win.txt"]
    assert not (store.data_dir.parent / "escape.docx").exists()
    assert not list(store.data_dir.parent.glob("*win.txt"))
    assert job["files"][0]["results"][0]["agency"] == "北山区水务局"


def test_upload_limits_csrf_and_roles(served: TestClient, store: Store) -> None:
    served.app.state.max_upload_bytes = 1000  # type: ignore[attr-defined]
    token = log_in(served, "rev")
    r = served.post("/api/uploads", files=[("files", ("x.docx", b"0" * 5000, "application/octet-stream"))],
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 413 and "超过限制" in r.json()["detail"]
    r = served.post("/api/uploads", files=[("files", ("x.docx", b"0", "application/octet-stream"))])
    assert r.status_code == 403  # no CSRF token
    r = served.post("/api/uploads", data={"x": "1"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 422 and "没有选择文件" in r.json()["detail"]
    assert not list((store.data_dir / "uploads").glob("*/*/*"))
    r = served.post("/api/uploads", files=[("files", ("y.docx", b"0", "application/octet-stream"))],
                    headers={"X-CSRF-Token": token})
    job_id = r.json()["id"]
    assert _wait(served, job_id)["files"][0]["state"] == "failed"
    served.post("/logout", data={"csrf_token": token})
    token = log_in(served, "auth")  # an author does not upload, nor sees others' uploads
    assert served.get("/upload").status_code == 403
    r = served.post("/api/uploads", files=[("files", ("z.docx", b"0", "application/octet-stream"))],
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 403
    assert served.get(f"/api/uploads/{job_id}").status_code == 404
    served.post("/logout", data={"csrf_token": token})
    log_in(served, "admin")  # an admin sees every upload
    assert served.get(f"/api/uploads/{job_id}").status_code == 200


def test_hostile_file_names_escaped(local: TestClient) -> None:
    token = local.get("/api/me").json()["csrf_token"]
    name = "<img src=x onerror=alert(1)>javascript:alert(2).docx"
    r = local.post("/api/uploads", headers={"X-CSRF-Token": token},
                   files=[("files", (name, b"not a report", "application/octet-stream"))])
    job = _wait(local, r.json()["id"])
    assert job["files"][0]["name"] == name and job["files"][0]["state"] == "failed"
    html = local.get(f"/upload/{job['id']}").text
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in local.get("/upload").text


def _upload_and_wait(client: TestClient) -> dict[str, Any]:
    token = client.get("/api/me").json()["csrf_token"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a/东湖区民政局.docx", _docx(11, "东湖区民政局"))
        z.writestr("b/西湖区财政局2022.docx", _docx(12, "西湖区财政局", 2022))
    files = [("files", ("西湖区财政局.docx", _docx(13, "西湖区财政局"), "application/octet-stream")),
             ("files", ("批量.zip", archive.getvalue(), "application/zip")),
             ("files", ("坏的.txt", "这不是年报".encode(), "text/plain")),
             ("files", ("程序.exe", b"MZ\x00", "application/octet-stream"))]
    r = client.post("/api/uploads", files=files, headers={"X-CSRF-Token": token})
    assert r.status_code == 202, r.text
    return _wait(client, r.json()["id"])


def test_upload_job_after_a_restart_comes_from_its_batch(store: Store) -> None:
    """A restarted server (a fresh app over the same store: no job in memory) rebuilds the job's JSON and page
    from the batch in the store — status, counts, each stored file with its result — and says so."""
    from xxgk.web import create_app

    with TestClient(create_app(store=store, host="127.0.0.1", secret_key="test-secret")) as first:
        live = _upload_and_wait(first)
    assert live["stored"] is False and live["status"] == "done"
    with TestClient(create_app(store=store, host="127.0.0.1", secret_key="test-secret")) as again:
        job = again.get(f"/api/uploads/{live['id']}").json()
        html = again.get(f"/upload/{live['id']}").text
        assert again.get("/api/uploads/0123456789abcdef").status_code == 404
        assert again.get("/api/uploads/..%2F..").status_code == 404
    assert job["stored"] is True and (job["id"], job["status"], job["batch"]) == (live["id"], "done", live["batch"])
    assert job["counts"]["new_reports"] == 3 and job["counts"]["failed"] == 1 and job["done"] == live["done"] - 1
    by_name = {f["name"]: f for f in job["files"]}
    assert list(by_name) == ["西湖区财政局.docx", "批量.zip", "坏的.txt"]  # the refused file left nothing stored
    assert by_name["西湖区财政局.docx"]["results"] == (
        {f["name"]: f for f in live["files"]}["西湖区财政局.docx"]["results"])
    assert [(r["path"], r["status"], r["agency"], r["year"]) for r in by_name["批量.zip"]["results"]] == [
        ("批量.zip!a/东湖区民政局.docx", "new-report", "东湖区民政局", 2023),
        ("批量.zip!b/西湖区财政局2022.docx", "new-report", "西湖区财政局", 2022)]
    bad = {f["name"]: f for f in live["files"]}["坏的.txt"]
    assert by_name["坏的.txt"]["state"] == "failed" and by_name["坏的.txt"]["reason"] == bad["reason"]
    assert "服务重启过" in html and f"批次 {live['batch']}" in html and "新报告 3" in html
    assert "西湖区财政局.docx" in html and f'href="/reports/{by_name["西湖区财政局.docx"]["results"][0]["report"]}"' in html
    assert 'http-equiv="refresh"' not in html


def test_upload_cut_by_a_restart_says_interrupted(store: Store) -> None:
    """The server was killed in the middle of the batch: the batch is still marked running, by a process that
    is gone. The page says interrupted, with what was stored, and stops refreshing."""
    import subprocess
    import sys

    from xxgk.store import schema as s
    from xxgk.web import create_app

    with TestClient(create_app(store=store, host="127.0.0.1", secret_key="test-secret")) as first:
        live = _upload_and_wait(first)
    gone = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)
    with store.write() as session:  # as a kill leaves it: running, no counts, no end
        batch = session.get(s.Batch, live["batch"])
        assert batch is not None
        batch.status, batch.pid, batch.counts, batch.finished_at = "running", gone, {}, None
    with TestClient(create_app(store=store, host="127.0.0.1", secret_key="test-secret")) as again:
        job = again.get(f"/api/uploads/{live['id']}").json()
        html = again.get(f"/upload/{live['id']}").text
    assert job["status"] == "interrupted" and job["stored"] is True and "中断" in job["error"]
    assert job["total"] is None and job["done"] == 4 and job["counts"] == {}
    assert "已中断" in html and "尚未处理的文件" in html and 'http-equiv="refresh"' not in html


def test_stored_upload_of_another_user_is_not_shown(served: TestClient, store: Store) -> None:
    from xxgk.web import create_app

    token = log_in(served, "rev")
    r = served.post("/api/uploads", files=[("files", ("南山.docx", _docx(21, "南山区司法局"), "application/octet-stream"))],
                    headers={"X-CSRF-Token": token})
    job_id = _wait(served, r.json()["id"])["id"]
    with TestClient(create_app(store=store, host="10.0.0.5", secret_key="test-secret"),
                    base_url="https://testserver") as again:
        admin = log_in(again, "admin")
        assert again.get(f"/api/uploads/{job_id}").json()["stored"] is True  # an admin sees everybody's
        again.post("/logout", data={"csrf_token": admin})
        log_in(again, "auth")
        assert again.get(f"/api/uploads/{job_id}").status_code == 404
