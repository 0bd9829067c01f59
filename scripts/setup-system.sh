#!/bin/sh
# System packages for rendering and reading PDFs: a CJK TrueType font that reportlab can embed
# (fonts-wqy-zenhei) and poppler-utils (pdftoppm, used by some tests and for inspection); PostgreSQL for the
# store's tests (tests/store/conftest.py starts a throw-away cluster with its initdb/pg_ctl);
# libreoffice-calc-nogui (soffice without a GUI, the smallest package that converts spreadsheets) so that a
# test opens the store's XLSX exports with LibreOffice headless; libreoffice-writer-nogui so that soffice can
# load a DOCX at all (calc alone has no Word import filter): xxgk brief -o FILE.pdf converts its DOCX with it;
# chromium, driven by Playwright in the browser tests (tests/browser/) and `make screenshots` — Debian's build,
# never a browser downloaded by Playwright.
# Idempotent and quiet; never fails the build: without root or apt it prints what is missing.
missing=""
for pkg in fonts-wqy-zenhei poppler-utils postgresql libreoffice-calc-nogui libreoffice-writer-nogui chromium; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    if apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; }; then
        exit 0
    fi
fi
echo "setup-system: missing Debian packages:$missing (install with: apt-get install$missing)" >&2
exit 0
