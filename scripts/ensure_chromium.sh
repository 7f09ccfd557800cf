#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing and we may install it.
# Playwright drives it with executable_path=/usr/bin/chromium (never `playwright install`).
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure_chromium: installing Debian's chromium for the browser tests" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "ensure_chromium: could not install chromium; browser tests will be skipped" >&2
else
  echo "ensure_chromium: /usr/bin/chromium missing and cannot install (not root); browser tests will be skipped" >&2
fi
exit 0
