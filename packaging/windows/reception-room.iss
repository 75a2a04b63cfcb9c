; Inno Setup script for Reception Room (信访接待室) on Windows desk PCs. Untested here: see
; docs/install-windows.md. Built by packaging/windows/build.ps1 after PyInstaller.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C1B7D52-5E0A-4C3B-9B1E-7A4F0C2D9E11}
AppName=Reception Room 信访接待室
AppVersion={#AppVersion}
AppPublisher=Reception Room
DefaultDirName={autopf}\ReceptionRoom
DefaultGroupName=信访接待室
OutputDir=..\..\dist
OutputBaseFilename=reception-room-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
ArchitecturesAllowed=x64compatible
SetupIconFile=..\icons\reception-room.ico
UninstallDisplayIcon={app}\reception.exe
; Users' data (%LOCALAPPDATA%\ReceptionRoom: database, keys, recordings) is never touched by setup or uninstall.
UninstallFilesDir={app}\uninstall

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\build\windows\reception-room\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\信访接待室"; Filename: "{app}\reception.exe"
Name: "{group}\信访接待室 自检"; Filename: "{app}\reception-cli.exe"; Parameters: "doctor --pause"
Name: "{autodesktop}\信访接待室"; Filename: "{app}\reception.exe"

[Registry]
; `reception-cli` on the PATH for administrators (backups, doctor, verify).
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; \
  ValueName: "Path"; ValueData: "{olddata};{app}"; Check: NeedsAddPath(ExpandConstant('{app}'))

[Code]
function NeedsAddPath(Dir: string): boolean;
var
  Paths: string;
begin
  if not RegQueryStringValue(HKEY_LOCAL_MACHINE,
    'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', 'Path', Paths) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') = 0;
end;
