# Builds the Windows installer: the PyInstaller one-dir app (packaging/reception.spec, Windows branch)
# and an Inno Setup installer around it. Untested here (no Windows machine): see docs/install-windows.md.
# Run from the repository root in PowerShell with Python 3.11 (x64) and Inno Setup 6 installed.
$ErrorActionPreference = "Stop"
py -3.11 -m venv .venv-win
.\.venv-win\Scripts\pip install --require-hashes -r requirements.lock
.\.venv-win\Scripts\pip install --no-deps --no-build-isolation .
.\.venv-win\Scripts\python -m PyInstaller --noconfirm --distpath build\windows packaging\reception.spec
$version = (.\.venv-win\Scripts\python -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
& "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" "/DAppVersion=$version" packaging\windows\reception-room.iss
