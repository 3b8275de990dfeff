#!/usr/bin/env bash
# Installs the Debian packages Warroom needs, if any is missing. Sourced by the other scripts.
#   ncurses headers  — to build the terminal layer
#   tmux             — end-to-end tests drive the real binary in it
#   postgresql       — the postgres probe is tested against a real server
set -euo pipefail

warroom_need_packages() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "warroom: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
