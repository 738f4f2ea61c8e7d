#!/bin/sh
# Set up Valenza Desk on Debian/Ubuntu: the system libraries Qt needs (also offscreen),
# poppler-utils (PDF pages to PNG), a virtual environment in .venv with the app and its
# test tools. Safe to run again: it only installs what is missing.
set -eu
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES="python3-venv libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 \
libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
libxcb-randr0 libxcb-render-util0 libxcb-image0 libnss3 libasound2 poppler-utils fonts-dejavu-core"

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
    missing=""
    for p in $PACKAGES; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            if apt-cache show "$p" >/dev/null 2>&1 || [ -z "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v lock)" ]; then
                missing="$missing $p"
            fi
        fi
    done
    if [ -n "$missing" ]; then
        echo "Installing system packages:$missing"
        $SUDO apt-get update -qq
        # one by one is slower, but a package missing from this release must not stop the rest
        for p in $missing; do
            DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$p" >/dev/null \
                || echo "  (package $p not available here, skipped)"
        done
    fi
fi

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
            PYTHON="$candidate"
            break
        fi
    done
fi
if [ -z "$PYTHON" ]; then
    echo "Python 3.11 or newer is required (install the python3.11 package)." >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev,postgres]'
echo "Valenza Desk is installed in .venv"
