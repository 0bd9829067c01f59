"""Legacy Word (.doc) and WPS (.wps) files: converted to DOCX by LibreOffice, then read by the DOCX reader.

Both are OLE compound files that no pure-Python library reads reliably; LibreOffice does. Without it on PATH the
file is refused with a message that says how to get it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import docx
from .document import Document, ReaderError

CONVERT_TIMEOUT_S = 120
INSTALL_HINT = "legacy .doc/.wps needs LibreOffice: apt-get install libreoffice-writer"


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def read(data: bytes, path: str) -> Document:
    """Convert a .doc/.wps file with LibreOffice headless and read the result as DOCX."""
    soffice = find_soffice()
    if soffice is None:
        raise ReaderError(path, INSTALL_HINT)
    converted = convert_to_docx(data, path, soffice)
    doc = docx.read(converted, path)
    # Provenance is the original file, not the converted one.
    doc.sha256, doc.size = hashlib.sha256(data).hexdigest(), len(data)
    doc.meta["converted_from"] = Path(path).suffix.lower().lstrip(".") or "doc"
    doc.warnings.append("converted from a legacy Word/WPS file with LibreOffice")
    return doc


class ConversionError(RuntimeError):
    """LibreOffice could not convert a file (the message says why)."""


def convert(data: bytes, suffix: str, target: str, soffice: str, timeout: float = CONVERT_TIMEOUT_S) -> bytes:
    """``data`` (a file ending in ``suffix``, e.g. ``.doc``) converted by LibreOffice headless to ``target``
    (``docx``, ``pdf``)."""
    with tempfile.TemporaryDirectory(prefix="xxgk-soffice-") as tmp:
        src = Path(tmp) / ("input" + suffix)
        src.write_bytes(data)
        # A private profile: a user's running LibreOffice (or a parallel conversion) locks the default one.
        profile = Path(tmp) / "profile"
        outdir = Path(tmp)
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(outdir), str(src)]
        try:
            subprocess.run(cmd, check=False, capture_output=True, timeout=timeout, env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(f"LibreOffice conversion timed out after {timeout:g} s") from exc
        except OSError as exc:
            raise ConversionError(f"LibreOffice could not be started: {exc}") from exc
        out = outdir / ("input." + target)
        if not out.exists() or out.stat().st_size == 0:
            raise ConversionError(f"LibreOffice could not convert the {suffix or 'input'} file to {target}")
        return out.read_bytes()


def convert_to_docx(data: bytes, path: str, soffice: str) -> bytes:
    suffix = Path(path).suffix.lower() if Path(path).suffix else ".doc"
    try:
        return convert(data, suffix, "docx", soffice)
    except ConversionError as exc:
        if "could not convert" in str(exc):
            raise ReaderError(path, "LibreOffice could not convert the file (damaged or not a Word/WPS document)"
                              ) from exc
        raise ReaderError(path, str(exc)) from exc
