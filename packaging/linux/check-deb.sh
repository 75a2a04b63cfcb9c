#!/usr/bin/env bash
# Installs the built package on this machine (root, apt resolves its Depends), checks the installed app
# from its own files alone — an empty environment, outside the source tree, no .venv — then reinstalls it
# over existing data, removes it and checks that the data stayed. Prints the package size and cold start.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=$(pwd)
deb=$(ls -t dist/reception-room_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "package-check: no dist/reception-room_*.deb (make package)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "package-check: run as root (it installs the package)" >&2; exit 1; }
size_mb=$(( $(stat -c %s "$deb") / 1048576 ))
echo "package-check: $deb, ${size_mb} MB"

install_deb() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$src/$deb" >/dev/null 2>&1 || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$src/$deb" >/dev/null; }
}
install_deb
test -x /opt/reception-room/reception && test -L /usr/bin/reception
test -f /usr/share/applications/reception-room.desktop
grep -q '^Name\[zh_CN\]=信访接待室' /usr/share/applications/reception-room.desktop

work=$(mktemp -d)
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  # A check that failed half-way must not leave the package installed on this machine.
  dpkg -s reception-room >/dev/null 2>&1 && apt-get remove -y -qq reception-room >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"  # nothing of the source tree is reachable from here
run() { env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 RECEPTION_HOME="$work/data" "$@"; }
mkdir -p "$work/home"
run reception --help >/dev/null
echo 'package-admin-pass-1' | run reception init --admin admin --township 青山镇 >/dev/null
set +e
run RECEPTION_PASSWORD=package-admin-pass-1 reception doctor > "$work/doctor.txt" 2>&1
doctor=$?
set -e
cat "$work/doctor.txt"
# No camera or microphone on this machine, so the interview checks fail (exit 1); the rest must hold.
[ "$doctor" = 1 ] || { echo "package-check: doctor exited $doctor, expected 1 (no devices here)" >&2; exit 1; }
grep -q '^✓ 数据库' "$work/doctor.txt" && grep -q '^✓ 密钥' "$work/doctor.txt"

# The window on an empty data folder: the set-up dialog, measured from launch to its window.
Xvfb :97 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
sleep 1
start=$(date +%s%N)
env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 DISPLAY=:97 RECEPTION_HOME="$work/fresh" reception &
app=$!
found=""
for _ in $(seq 1 300); do
  if DISPLAY=:97 xdotool search --name '首次使用' >/dev/null 2>&1; then found=1; break; fi
  sleep 0.05
done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ -n "$found" ] || { echo "package-check: the set-up dialog did not appear" >&2; exit 1; }
DISPLAY=:97 import -window root "$src/build/package/installed-setup.png" 2>/dev/null || true
kill "$app"; wait "$app" 2>/dev/null || true
echo "package-check: installed cold start to the set-up dialog ${ms} ms"

# Reinstalling (as an upgrade does) keeps the data; removing keeps it too.
install_deb
users=$(run RECEPTION_PASSWORD=package-admin-pass-1 reception user list)
grep -q '^admin' <<< "$users"
apt-get remove -y -qq reception-room >/dev/null
test ! -e /opt/reception-room && test ! -e /usr/bin/reception
test -s "$work/data/reception.sqlite3" && test -d "$work/data/keys"
echo "package-check: installed, checked, reinstalled and removed; the data folder stayed"
printf '{"package_mb": %s, "installed_cold_start_ms": %s}\n' "$size_mb" "$ms" > "$src/build/package/package-check.json"
