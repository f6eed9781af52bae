#!/usr/bin/env bash
# Make sure the system programs Bagage needs are present: install them with apt-get when
# we may (root on Debian/Ubuntu), otherwise stop with a message that says what to install.
#   scripts/system-deps.sh web    Node.js and npm, to build the web app (mobile_web/)
#   scripts/system-deps.sh run    the above plus ffmpeg/ffprobe (video posters and probing)
#   scripts/system-deps.sh test   the above plus Chromium for the browser tests and
#                                 redis-server for the tests that stop a Redis of their own
#   scripts/system-deps.sh bench  the run set plus vipsthumbnail, the photo benchmark's yardstick
set -euo pipefail

need_cmds=(node npm)
need_pkgs=(nodejs npm)
if [ "${1:-run}" != "web" ]; then
  need_cmds+=(ffmpeg ffprobe)
  need_pkgs+=(ffmpeg ffmpeg)
fi
if [ "${1:-run}" = "test" ]; then
  need_cmds+=(chromium redis-server)
  need_pkgs+=(chromium redis-server)
fi
if [ "${1:-run}" = "bench" ]; then
  need_cmds+=(vipsthumbnail)
  need_pkgs+=(libvips-tools)
fi

missing_pkgs=()
for i in "${!need_cmds[@]}"; do
  command -v "${need_cmds[$i]}" >/dev/null 2>&1 || missing_pkgs+=("${need_pkgs[$i]}")
done
# WeasyPrint (PDF reports and CVs) needs Pango; a library, so ask the package database.
if [ "${1:-run}" != "web" ] && command -v dpkg-query >/dev/null 2>&1; then
  for lib in libpango-1.0-0 libpangoft2-1.0-0; do
    dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "ok installed" || missing_pkgs+=("$lib")
  done
fi
[ ${#missing_pkgs[@]} -eq 0 ] && exit 0

# de-duplicate
mapfile -t missing_pkgs < <(printf '%s\n' "${missing_pkgs[@]}" | sort -u)
echo "Bagage needs these system packages: ${missing_pkgs[*]}"
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
  else
    echo "Install them first, for example: sudo apt-get install ${missing_pkgs[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}"
else
  echo "No apt-get here. Install ${missing_pkgs[*]} with your system's package manager." >&2
  exit 1
fi
