; Desk for Windows: the Inno Setup 6 (6.3 or newer) script that makes desk-setup-<version>.exe
; from the PyInstaller one-folder bundle that build.spec makes on Windows (dist\desk: desk.exe
; for the command line, deskw.exe for the Start menu, one _internal folder between them).
;
; NOT RUN on the machine this was written on (Linux, no Inno Setup, no Windows): the workflow
; .github/workflows/windows.yml compiles it, installs silently, runs the installed desk.exe
; and uninstalls silently. Everything below is written from Inno Setup 6's documentation.
; UTF-8 without a BOM (the French messages): Inno Setup reads it as such from 6.3 on.
;
; Compile (repository root, after `pyinstaller build.spec`):
;   iscc /DAppVersion=0.1.0 packaging\windows\desk.iss           -> dist\desk-setup-0.1.0.exe
;   optional: /DDistDir=<absolute path of the bundle>  /DOutputDir=<absolute folder>
;             /DAppNumericVersion=1.2.0 when AppVersion is not only digits (1.2.0rc1)
;
; Where it installs:
;   for the current user (the default, no administrator rights): %LOCALAPPDATA%\Programs\Desk
;   for all users (chosen in the first dialog, or /ALLUSERS; asks for elevation unless
;   already elevated): C:\Program Files\Desk
; Each user's settings and data are not in the install folder but in %LOCALAPPDATA%\desk
; (platformdirs for "desk": config, data, Logs\ and Cache\ are all there; DESK_HOME moves
; them); passwords are in Windows Credential Manager (keyring).
;
; Silent rollout (software distribution, a login script, or by hand):
;   desk-setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS /LANG=french
;   desk-setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /CURRENTUSER /LANG=english
;   add /MERGETASKS="addtopath" (desk on the PATH) or /MERGETASKS="desktopicon,addtopath"
;   (/TASKS= replaces the default selection instead of adding to it), /DIR="D:\Apps\Desk" for
;   another folder, /LOG="%TEMP%\desk-setup.log" for a log, /FORCECLOSEAPPLICATIONS to close
;   a running Desk without asking. Installing a newer version over an older one upgrades it
;   (same AppId, same folder, same tasks); the old bundle's _internal is removed first.
;
; Uninstall (Settings > Apps, or silently):
;   "%LOCALAPPDATA%\Programs\Desk\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;   "C:\Program Files\Desk\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; keeps the user's settings and data; interactively it asks (default No); silently add
; /PURGE=1 to delete %LOCALAPPDATA%\desk as well. That is the data of the user running the
; uninstaller only: other users' folders of an all-users install are theirs to delete, and
; Credential Manager entries (target "desk" or "<user>@desk") and matplotlib's font cache
; (%USERPROFILE%\.matplotlib, shared with any other matplotlib program) are left.

#if VER < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or newer is needed (x64compatible, PrivilegesRequiredOverridesAllowed)
#endif

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef AppNumericVersion
  #define AppNumericVersion AppVersion
#endif
#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\..\dist\desk"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\..\dist"
#endif

#if !FileExists(AddBackslash(DistDir) + "deskw.exe") || !FileExists(AddBackslash(DistDir) + "desk.exe")
  #error No desk.exe and deskw.exe in DistDir: run pyinstaller build.spec on Windows first
#endif

[Setup]
; Fixed for ever: Windows knows Desk's installs (and upgrades them) by this GUID.
AppId={{00EC30C7-2E6E-4F4B-AFDD-778A38B34BED}
AppName=Desk
AppVersion={#AppVersion}
AppPublisher=Desk
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductName=Desk
VersionInfoDescription=Desk setup
; Per user without administrator rights by default ({autopf} is then %LOCALAPPDATA%\Programs);
; an administrator may choose all users in the dialog or with /ALLUSERS.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
DefaultDirName={autopf}\Desk
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 or later.
MinVersion=10.0.17763
; The PATH task changes the environment: running programs (Explorer) are told to reload it,
; at the end of the install and of the uninstall.
ChangesEnvironment=yes
WizardStyle=modern
ShowLanguageDialog=auto
SetupIconFile=desk.ico
UninstallDisplayIcon={app}\deskw.exe
UninstallDisplayName=Desk {#AppVersion}
OutputDir={#OutputDir}
OutputBaseFilename=desk-setup-{#AppVersion}
Compression=lzma2/ultra64
SolidCompression=yes
LZMAUseSeparateProcess=yes
SetupLogging=yes
; pyproject.toml says LicenseRef-Proprietary and the repository has no licence text yet:
; the licence page appears once a LICENSE file is at the repository's root.
#if FileExists(AddBackslash(SourcePath) + "..\..\LICENSE")
LicenseFile=..\..\LICENSE
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[CustomMessages]
english.CommandLine=Command line:
french.CommandLine=Ligne de commande :
english.AddToPath=Add Desk to the PATH (type desk in a terminal)
french.AddToPath=Ajouter Desk au PATH (taper desk dans un terminal)
english.DeskComment=Answer a shared mailbox cluster by cluster
french.DeskComment=Répondre à une boîte partagée groupe par groupe
english.PurgeQuestion=Also delete your Desk settings and local data?%n%n%1%n%nThis folder holds your settings (desk.toml), the local store, the logs and the cache. Choose No to keep them for a later installation. Passwords saved in Windows Credential Manager are not removed.
french.PurgeQuestion=Supprimer aussi vos réglages et données locales de Desk ?%n%n%1%n%nCe dossier contient vos réglages (desk.toml), la base locale, les journaux et le cache. Choisissez Non pour les garder pour une prochaine installation. Les mots de passe enregistrés dans le Gestionnaire d'identification de Windows ne sont pas supprimés.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "{cm:AddToPath}"; GroupDescription: "{cm:CommandLine}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: a module the new version no longer ships must not stay.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\desk.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#DistDir}\deskw.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#DistDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Desk"; Filename: "{app}\deskw.exe"; WorkingDir: "{app}"; Comment: "{cm:DeskComment}"
Name: "{autodesktop}\Desk"; Filename: "{app}\deskw.exe"; WorkingDir: "{app}"; Comment: "{cm:DeskComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\deskw.exe"; Description: "{cm:LaunchProgram,Desk}"; Flags: nowait postinstall skipifsilent

[Code]
const
  UserEnvironment = 'Environment';
  SystemEnvironment = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';

{ The PATH this install owns: the user's (HKCU) for a per-user install, the machine's (HKLM)
  for an all-users one. IsAdminInstallMode is the same in the uninstaller as at install. }
function EnvironmentRoot: Integer;
begin
  if IsAdminInstallMode then
    Result := HKEY_LOCAL_MACHINE
  else
    Result := HKEY_CURRENT_USER;
end;

function EnvironmentKey: String;
begin
  if IsAdminInstallMode then
    Result := SystemEnvironment
  else
    Result := UserEnvironment;
end;

function SameFolder(A, B: String): Boolean;
begin
  Result := CompareText(RemoveBackslashUnlessRoot(Trim(RemoveQuotes(A))),
                        RemoveBackslashUnlessRoot(Trim(RemoveQuotes(B)))) = 0;
end;

{ Path with every entry naming Folder taken out (and empty entries dropped); Found says
  whether there was one. Other entries are kept as written, %VARIABLES% included. }
function PathWithout(Path, Folder: String; var Found: Boolean): String;
var
  Rest, Entry: String;
  Semicolon: Integer;
begin
  Result := '';
  Found := False;
  Rest := Path;
  while Rest <> '' do
  begin
    Semicolon := Pos(';', Rest);
    if Semicolon = 0 then
    begin
      Entry := Rest;
      Rest := '';
    end
    else
    begin
      Entry := Copy(Rest, 1, Semicolon - 1);
      Rest := Copy(Rest, Semicolon + 1, Length(Rest));
    end;
    if SameFolder(Entry, Folder) then
      Found := True
    else if Trim(Entry) <> '' then
    begin
      if Result <> '' then
        Result := Result + ';';
      Result := Result + Entry;
    end;
  end;
end;

{ Path is read and written back as REG_EXPAND_SZ: the machine's holds %SystemRoot% and
  friends, which a plain REG_SZ would stop expanding. }
procedure AddToPath(Folder: String);
var
  Path, Ignored: String;
  Found: Boolean;
begin
  if not RegQueryStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Path) then
    Path := '';
  Ignored := PathWithout(Path, Folder, Found);
  if Found then
  begin
    Log('PATH already holds ' + Folder);
    Exit;
  end;
  { Two tests, not one "and": Path[Length(Path)] must not be read when Path is empty. }
  if Path <> '' then
    if Path[Length(Path)] <> ';' then
      Path := Path + ';';
  Path := Path + Folder;
  if RegWriteExpandStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Path) then
    Log('Added ' + Folder + ' to the PATH in ' + EnvironmentKey)
  else
    Log('Could not add ' + Folder + ' to the PATH in ' + EnvironmentKey);
end;

procedure RemoveFromPath(Folder: String);
var
  Path, Kept: String;
  Found: Boolean;
begin
  if not RegQueryStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Path) then
    Exit;
  Kept := PathWithout(Path, Folder, Found);
  if not Found then
    Exit;
  { Desk was the user's only entry: the value goes, as it was before the install. }
  if Kept = '' then
  begin
    if RegDeleteValue(EnvironmentRoot, EnvironmentKey, 'Path') then
      Log('Removed ' + Folder + ', the only entry, from the PATH in ' + EnvironmentKey);
    Exit;
  end;
  if RegWriteExpandStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Kept) then
    Log('Removed ' + Folder + ' from the PATH in ' + EnvironmentKey)
  else
    Log('Could not remove ' + Folder + ' from the PATH in ' + EnvironmentKey);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  { Ticked: on the PATH; unticked (an upgrade that drops the task): off it again. }
  if CurStep = ssPostInstall then
  begin
    if WizardIsTaskSelected('addtopath') then
      AddToPath(ExpandConstant('{app}'))
    else
      RemoveFromPath(ExpandConstant('{app}'));
  end;
end;

{ /PURGE=1 (or /PURGE) on the uninstaller's command line. }
function PurgeRequested: Boolean;
var
  I: Integer;
  Param: String;
begin
  Result := False;
  for I := 1 to ParamCount do
  begin
    Param := Uppercase(ParamStr(I));
    if (Param = '/PURGE') or (Param = '/PURGE=1') or (Param = '/PURGE=YES') then
      Result := True;
  end;
end;

{ The user's settings and data stay unless asked for: silently only with /PURGE=1, otherwise
  by answering Yes (the default button is No). }
procedure PurgeUserData;
var
  Data: String;
  Remove: Boolean;
begin
  Data := ExpandConstant('{localappdata}\desk');
  if not DirExists(Data) then
    Exit;
  if PurgeRequested then
    Remove := True
  else if UninstallSilent then
    Remove := False
  else
    Remove := SuppressibleMsgBox(FmtMessage(CustomMessage('PurgeQuestion'), [Data]),
                                 mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES;
  if not Remove then
  begin
    Log('Kept the user''s data in ' + Data);
    Exit;
  end;
  if DelTree(Data, True, True, True) then
    Log('Deleted the user''s data in ' + Data)
  else
    Log('Could not delete all of ' + Data);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
    RemoveFromPath(ExpandConstant('{app}'));
  if CurUninstallStep = usPostUninstall then
    PurgeUserData;
end;
