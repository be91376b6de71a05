# shellcheck shell=bash
# Headless Chromium + chromedriver for browser tests. Source this file.
#
#   browser_ensure_installed   apt-get install chromium chromium-driver if
#                              /usr/bin/chromium or /usr/bin/chromedriver is
#                              missing; exports BRUG_CHROMIUM and BRUG_CHROMEDRIVER.

# Quiet, idempotent apt-get install (same helper as in scripts/lib/postgres.sh;
# whichever library is sourced first defines it).
if ! declare -F brug_apt_install >/dev/null; then
  brug_apt_install() {
    local log rc=0
    if ! command -v apt-get >/dev/null 2>&1; then
      printf 'apt-get not found; please install manually: %s\n' "$*" >&2
      return 1
    fi
    log="$(mktemp)"
    local sudo=()
    if [[ $EUID -ne 0 ]]; then sudo=(sudo -n); fi
    if [[ "${BRUG_APT_UPDATED:-0}" != 1 ]]; then
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -q -o DPkg::Lock::Timeout=300 update >"$log" 2>&1 || rc=$?
      if [[ $rc -ne 0 ]]; then
        cat "$log" >&2; rm -f "$log"
        printf 'apt-get update failed (exit %s)\n' "$rc" >&2
        return "$rc"
      fi
      BRUG_APT_UPDATED=1
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get -q -y -o DPkg::Lock::Timeout=300 install --no-install-recommends "$@" \
      >"$log" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]]; then
      cat "$log" >&2
      printf 'apt-get install %s failed (exit %s)\n' "$*" "$rc" >&2
    fi
    rm -f "$log"
    return "$rc"
  }
fi

browser_ensure_installed() {
  if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    printf '[browser] chromium/chromedriver missing; installing via apt-get (~150MB)...\n' >&2
    brug_apt_install chromium chromium-driver || return 1
    if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
      printf '[browser] installed, but /usr/bin/chromium or /usr/bin/chromedriver is still missing\n' >&2
      return 1
    fi
  fi
  BRUG_CHROMIUM=/usr/bin/chromium
  BRUG_CHROMEDRIVER=/usr/bin/chromedriver
  export BRUG_CHROMIUM BRUG_CHROMEDRIVER
}
