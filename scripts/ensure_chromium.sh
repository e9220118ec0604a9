#!/usr/bin/env bash
# Make sure a Chromium is there for the browser tests and static exports.
set -euo pipefail
for candidate in "${BROWSER_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "chromium: $candidate"; exit 0
  fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium: installing Debian's chromium package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
chromium: not found. The browser tests and image exports need a Chromium:
  Debian/Ubuntu:  sudo apt-get install chromium
  elsewhere:      install Chromium and set BROWSER_PATH=/path/to/chromium
MSG
exit 1
