#!/usr/bin/env bash
# Builds dist/reception-room_<version>_amd64.deb: the PyInstaller one-dir application under
# /opt/reception-room, `reception` on the PATH, the menu entry (信访接待室) and icon, and the Debian
# packages the app needs at run time as Depends. Nothing is downloaded at install or first start.
# Usage: packaging/linux/build-deb.sh [PYTHON]   (PYTHON: an interpreter with the locked dependencies)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${1:-.venv/bin/python}
version=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
work=build/package
rm -rf "$work" && mkdir -p "$work" dist

"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$work/pyinstaller" \
  --workpath "$work/pyinstaller-work" packaging/reception.spec

root="$work/root"
install -d "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/doc/reception-room" "$root/DEBIAN"
cp -a "$work/pyinstaller/reception-room" "$root/opt/reception-room"
# A relative link, so the package also works when unpacked under another root.
ln -s ../../opt/reception-room/reception "$root/usr/bin/reception"
install -m 0644 packaging/linux/reception-room.desktop "$root/usr/share/applications/"
install -m 0644 packaging/icons/reception-room.png "$root/usr/share/icons/hicolor/256x256/apps/"
install -m 0644 README.md "$root/usr/share/doc/reception-room/README.md"
depends=$(grep -vE '^\s*(#|$)' packaging/linux/depends.txt | paste -sd, | sed 's/,/, /g')
size=$(du -sk "$root/opt" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" -e "s/@SIZE@/$size/" \
  packaging/linux/control.in > "$root/DEBIAN/control"
install -m 0755 packaging/linux/postinst packaging/linux/postrm "$root/DEBIAN/"
deb="dist/reception-room_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$deb" >/dev/null
echo "$deb"
