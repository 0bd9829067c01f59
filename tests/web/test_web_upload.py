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
