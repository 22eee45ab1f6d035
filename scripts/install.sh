#!/usr/bin/env bash
# Installs everything xxgk-archive needs on a Debian 12 machine, idempotently:
# Debian packages (LibreOffice for DOC/WPS, Chromium for browser tests, a CJK font, poppler),
# a virtualenv in .venv with the package, the OCR extra and the test tools.
# Re-running it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# redis-server: the shared crawl frontier and its tests; stress-ng: scripts/check-fresh.sh --stress
DEBIAN_PACKAGES=(libreoffice-writer-nogui chromium chromium-driver fonts-wqy-zenhei poppler-utils
                 redis-server stress-ng)
# ghostscript, mupdf-tools: report PDFs re-made as virtual printers and MuPDF make them, and the
# converters the text reader is measured on (mutool, gs txtwrite) (replica)
DEBIAN_PACKAGES+=(ghostscript mupdf-tools)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install: Debian packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "install: creating .venv"
    "$PYTHON" -m venv .venv
    .venv/bin/pip install -q --upgrade pip wheel
fi
stamp=.venv/.xxgk-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "install: Python packages (pyproject.toml)"
    .venv/bin/pip install -q -e '.[ocr,dev]'
    echo "$want" > "$stamp"
fi
echo "install: ready (.venv/bin/xxgk)"
