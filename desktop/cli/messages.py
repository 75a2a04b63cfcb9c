"""Words for the command line: error codes and fixed phrases in Chinese (default) and English.

The GUI has its own translations in ``ui/``; the CLI cannot use Qt's, so its few sentences live here.
"""

from __future__ import annotations

from typing import Any

from desktop.cli.messages_more import MORE
from desktop.cli.messages_prevention import PREVENTION_MESSAGES

# code -> (zh, en); placeholders are filled from the error's details.
MESSAGES: dict[str, tuple[str, str]] = {
    "permission_denied": ("权限不足：当前用户无权执行“{permission}”。", "Not allowed: you lack “{permission}”."),
    "login_failed": ("用户名或密码错误：{user}", "Wrong user name or password: {user}"),
    "password_required": ("需要密码：请设置 RECEPTION_PASSWORD 或在提示时输入。",
                          "A password is needed: set RECEPTION_PASSWORD or type it when asked."),
    "password_too_short": ("密码太短：至少 {minimum} 位。", "Password too short: at least {minimum} characters."),
    "password_blank": ("密码不能为空或全是空格。", "The password must not be blank or only spaces."),
    "password_too_long": ("密码太长：最多 {maximum} 位。", "Password too long: at most {maximum} characters."),
    "password_is_username": ("密码不能与用户名相同。", "The password must not be the user name."),
    "account_locked": ("账号 {user} 因连续登录失败已锁定，请于 {until} 后再试，或请管理员解锁。",
                       "Account {user} is locked after repeated failed sign-ins until {until}; or ask an administrator to unlock it."),
    "login_throttled": ("登录失败次数过多：请 {seconds} 秒后再试。", "Too many failed sign-ins: try again in {seconds} s."),
    "inspector_needs_second_admin": ("授予镇纪委（检举控告查阅）角色须由另一位管理员确认（--confirm-by）。",
                                     "Granting the inspector role (access to accusations) needs a second administrator's confirmation (--confirm-by)."),
    "username_taken": ("用户名已存在：{username}", "User name already taken: {username}"),
    "username_invalid": ("用户名无效。", "Invalid user name."),
    "roles_empty": ("至少需要一个角色。", "At least one role is needed."),
    "user_not_found": ("找不到用户：{user}", "No such user: {user}"),
    "no_admin": ("数据库中还没有管理员：请先运行 reception init。",
                 "The database has no administrator yet: run `reception init` first."),
    "already_initialised": ("数据库已初始化（已有用户）。", "The database is already initialised (it has users)."),
    "cannot_disable_self": ("不能停用自己的账号。", "You cannot disable your own account."),
    "department_not_found": ("找不到部门：{department}", "No such department: {department}"),
    "unknown_setting": ("没有这个设置项：{key}", "No such setting: {key}"),
    "bad_setting": ("设置值无效：{key} = {value}", "Invalid value for {key}: {value}"),
    "setting_empty": ("设置项不能为空：{key}", "Setting must not be empty: {key}"),
    "bad_period": ("期限格式无效：{value}（例如“2 working”或“15 calendar”）",
                   "Invalid period: {value} (e.g. “2 working” or “15 calendar”)"),
    "bad_date": ("日期格式无效：{value}（应为 YYYY-MM-DD）", "Invalid date: {value} (use YYYY-MM-DD)"),
    "matter_not_found": ("找不到信访事项：{case}", "No such matter: {case}"),
    "not_found": ("找不到：{what}", "Not found: {what}"),
    "illegal_transition": ("当前状态“{status}”不能执行“{step}”；尚缺：{missing}",
                           "Cannot {step} while the matter is {status}; missing: {missing}"),
    "file_not_found": ("找不到文件：{path}", "File not found: {path}"),
    "file_exists": ("文件已存在：{path}（如需覆盖请加 --force）", "File exists: {path} (use --force to overwrite)"),
    "unsupported_format": ("不支持的文件格式：{path}", "Unsupported file format: {path}"),
    "import_failed": ("导入失败：{count} 行有错误，未写入任何数据。", "Import failed: {count} bad rows, nothing written."),
    "backup_passphrase_required": ("需要备份口令：请设置 RECEPTION_BACKUP_PASSPHRASE 或在提示时输入。",
                                   "A backup passphrase is needed: set RECEPTION_BACKUP_PASSPHRASE or type it when asked."),
    "backup_passphrase_weak": ("备份口令太短：至少 {minimum} 位。", "Backup passphrase too short: at least {minimum} characters."),
    "backup_passphrase_mismatch": ("两次输入的备份口令不一致。", "The two passphrases differ."),
    "backup_wrong_passphrase": ("备份口令不对：未做任何更改。", "Wrong backup passphrase: nothing was changed."),
    "backup_not_a_backup": ("不是本系统的备份文件。", "Not a backup file of this application."),
    "backup_damaged": ("备份文件已损坏或被改动（{what}）：未做任何更改。",
                       "The backup is damaged or altered ({what}): nothing was changed."),
    "restore_needs_admin": ("恢复会替换现有数据库：须由该数据库的管理员（--user）执行。",
                            "Restoring replaces the existing database: an administrator of that database (--user) must do it."),
    "export_not_allowed": ("当前用户的角色不能导出数据（设置 export.masked_roles）。",
                           "Your roles may not export data (setting export.masked_roles)."),
    "integrity_failure": ("完整性校验失败：{what}", "Integrity check failed: {what}"),
    "key_missing": ("找不到密钥文件：{path}。数据库依赖此密钥，不会生成新密钥：请用 reception restore 从备份恢复 keys 文件夹",
                    "Key file missing: {path}. The database depends on it and no new key is made: restore the keys "
                    "folder from a backup (reception restore)"),
    "key_mismatch": ("密钥文件不是这个数据库的：{path}。请放回原密钥，或用 reception restore 从备份恢复",
                     "Wrong key file for this database: {path}. Put the original back or restore it from a backup "
                     "(reception restore)"),
    "keys_not_registered": ("数据库尚未登记密钥：{path}。请先运行 reception init",
                            "The database has no registered keys: {path}. Run reception init first"),
    "legacy_chain_broken": ("旧审计日志在第 {seq} 条已被改动，不能接管：请从备份恢复数据库",
                            "The old audit log is broken at entry {seq} and cannot be taken over: restore the "
                            "database from a backup"),
    "database_replaced": ("此密钥文件夹属于一个已有 {seq} 条审计记录的数据库（{path}）：当前数据库为空，可能已被替换。"
                          "请从备份恢复数据库",
                          "This keys folder belongs to a database with {seq} audit entries ({path}); this one is "
                          "empty and may have been replaced. Restore the database from a backup"),
    "key_corrupt": ("密钥文件已损坏：{path}", "Key file corrupt: {path}"),
    "database_error": ("数据库错误：{what}", "Database error: {what}"),
    "database_too_new": ("该数据库由较新的版本 {made_by} 建立，本程序是 {this}：请升级本程序（数据库未做任何更改）。",
                         "This database was made by a newer version {made_by}; this is {this}: upgrade this program (nothing was changed)."),
    "disk_full": ("磁盘已满：{path}（未写入任何数据，请腾出空间后重试）。", "The disk is full: {path} (nothing was written; free some space and try again)."),
    "folder_read_only": ("文件夹不可写：{path}（请检查权限或是否为只读磁盘）。", "Cannot write to {path} (check permissions or a read-only disk)."),
    "disk_error": ("磁盘读写错误：{path}", "Disk read/write error: {path}"),
    "database_empty": ("数据库文件是空的（0 字节）：{path}（可从备份恢复：reception restore）。",
                       "The database file is empty (0 bytes): {path} (restore a backup: reception restore)."),
    "database_not_sqlite": ("不是数据库文件：{path}", "Not a database file: {path}"),
    "database_corrupt": ("数据库文件已损坏或不完整：{path}（可从备份恢复：reception restore）。",
                         "The database file is damaged or truncated: {path} (restore a backup: reception restore)."),
    "database_unreadable": ("无法读取数据库文件：{path}", "Cannot read the database file: {path}"),
    "database_busy": ("数据库正忙（另一台电脑正在写入），请稍后再试。", "The database is busy (another desk is writing); try again shortly."),
    "database_unreachable": ("无法连接数据库服务器（已重试一次）：请检查网络和服务器。",
                             "Cannot reach the database server (tried twice): check the network and the server."),
    "import_empty": ("文件是空的", "the file is empty"),
    "import_no_rows": ("只有表头，没有数据行", "only a header, no rows"),
    "import_encoding": ("无法识别的文字编码：既不是 UTF-8 也不是 GBK/GB18030（字节 {detail}），请另存为 UTF-8 后再导入",
                        "unknown text encoding: neither UTF-8 nor GBK/GB18030 (byte {detail}); save it as UTF-8 and import again"),
    "import_utf16": ("UTF-16 编码的文件不能导入，请另存为 UTF-8", "a UTF-16 file cannot be imported; save it as UTF-8"),
    "import_nul": ("含有空字符（NUL），文件可能已损坏", "contains a NUL byte; the file may be damaged"),
    "import_not_xlsx": ("不是有效的 XLSX 文件", "not a valid XLSX file"),
    "import_columns_missing": ("缺少列：{columns}", "missing columns: {columns}"),
    "import_bad_csv": ("CSV 格式错误：{detail}", "malformed CSV: {detail}"),
    "import_interrupted": ("导入中断：{total} 行中已导入 {imported} 行（登记时间至 {until}），其余未导入：",
                           "Import interrupted: {imported} of {total} rows imported (registered up to {until}), the rest not: "),
    "internal_error": ("程序出错：{what}（详情见日志 {log}）", "Program error: {what} (details in the log {log})"),
    "gui_unavailable": ("无法启动图形界面：{what}", "Cannot start the window: {what}"),
    "invalid_input": ("输入有误：{fields}", "Invalid input: {fields}"),
    "usage_error": ("命令用法有误：{what}（用 reception --help 查看用法）", "Wrong usage: {what} (see reception --help)"),
}


MESSAGES.update({k: v for k, v in MORE.items() if k not in MESSAGES})
MESSAGES.update({k: v for k, v in PREVENTION_MESSAGES.items() if k not in MESSAGES})


def message(code: str, lang: str, details: dict[str, Any] | None = None) -> str:
    zh, en = MESSAGES.get(code, (code, code))
    template = en if lang == "en" else zh
    values = {k: (", ".join(map(str, v)) if isinstance(v, list | tuple) else v) for k, v in (details or {}).items()}
    try:
        text = template.format(**values)
    except (KeyError, IndexError):
        text = template
    if code not in MESSAGES and values:
        text = f"{code}: " + ", ".join(f"{k}={v}" for k, v in values.items())
    return text
