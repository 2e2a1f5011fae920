#!/bin/sh
# What the browser tests need beyond Python: Chromium from Debian's packages
# (driven by Playwright through executable_path) and axe-core from npm.
# Run from anywhere; CI calls it before the test suite.
set -eu
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}

here=$(cd "$(dirname "$0")" && pwd)

# Chromium: Debian's package, installed only when it is missing.
if [ ! -x "$chromium" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        as_root=""
    elif command -v sudo >/dev/null 2>&1; then
        as_root="sudo"
    else
        echo "install-test-deps: $chromium is missing and installing it needs root (apt-get install chromium)" >&2
        exit 1
    fi
    $as_root apt-get update
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi

# axe-core: the version pinned in package-lock.json, into tests/node_modules.
cd "$here"
if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund
else
    npm install --no-audit --no-fund
fi
test -f node_modules/axe-core/axe.min.js
