"""The self-check's sentences in Chinese and English, shared by `reception doctor` and 帮助 → 自检.

Kept beside the checks (not in the CLI's catalog) because the window shows the same lines and may not
import the command line; ``ui/`` only picks the language."""

from __future__ import annotations

from typing import Any

from desktop.selfcheck.result import CheckResult, Status

CHECK_NAMES: dict[str, tuple[str, str]] = {
    "database": ("数据库", "Database"), "keys": ("密钥", "Keys"), "calendar": ("工作日历", "Calendar"),
    "camera": ("摄像头", "Camera"), "microphone": ("麦克风", "Microphone"), "disk": ("磁盘空间", "Disk space"),
    "fonts": ("公文字体", "Document fonts"), "printer": ("打印机", "Printer"), "timezone": ("时区", "Time zone"),
    "backup": ("备份", "Backup"),
}

SENTENCES: dict[str, tuple[str, str]] = {
    "doctor_db_ok": ("可以连接，版本 {revision}（{where}）", "reachable, schema {revision} ({where})"),
    "doctor_db_missing": ("尚未建立：请启动程序完成首次设置，或运行 reception init（{where}）",
                          "not set up yet: start the app for its set-up, or run reception init ({where})"),
    "doctor_db_unreachable": ("无法连接：{reason}", "unreachable: {reason}"),
    "doctor_db_behind": ("版本 {revision} 较旧，下次启动时自动升级到 {head}（升级前自动备份）",
                         "schema {revision} is older; the next start upgrades it to {head} (after a backup copy)"),
    "doctor_db_newer": ("由更新版本的程序建立（{revision}），本程序只认识到 {head}：请升级本机程序",
                        "made by a newer version ({revision}); this one knows up to {head}: upgrade this desk"),
    "doctor_skipped_no_db": ("未检查：数据库不可用", "not checked: the database is not available"),
    "doctor_keys_ok": ("齐全且与数据库一致（{path}）", "present and matching the database ({path})"),
    "doctor_keys_missing": ("缺少密钥文件 {path}：请从备份恢复（reception restore），切勿新建",
                            "key file {path} is missing: restore it from a backup (reception restore), never make a new one"),
    "doctor_keys_wrong": ("{path} 中的密钥与数据库不符：请换回本接待室的密钥文件夹",
                          "the keys in {path} do not match the database: put this office's key folder back"),
    "doctor_keys_unregistered": ("数据库尚未登记密钥：请运行 reception init（不会为已有数据的数据库新建密钥）",
                                 "the database has no registered keys: run reception init (it never makes new keys "
                                 "for a database that holds data)"),
    "doctor_calendar_ok": ("已知 {years} 年的法定工作日", "official working days known for {years}"),
    "doctor_calendar_missing": ("{years} 年的节假日与调休尚未录入：请按国务院通知用 reception calendar set 录入",
                                "holidays and swapped working days for {years} are not entered: enter them from "
                                "the State Council's notice with reception calendar set"),
    "doctor_camera_unset": ("本机尚未设置摄像头：请在 工作 → 录像设备设置 中选择",
                            "no camera chosen at this desk: choose one in Work → Recording devices"),
    "doctor_microphone_unset": ("本机尚未设置麦克风：请在 工作 → 录像设备设置 中选择",
                                "no microphone chosen at this desk: choose one in Work → Recording devices"),
    "doctor_test_signal": ("{spec} 是测试信号，非证据：请选择真实设备", "{spec} is a test signal, not evidence: choose a real device"),
    "doctor_camera_ok": ("{spec} 已打开并有画面", "{spec} opened and delivering pictures"),
    "doctor_camera_failed": ("{spec} 无法打开：{reason}", "{spec} cannot be opened: {reason}"),
    "doctor_camera_silent": ("{spec} 已打开，但 {seconds} 秒内没有画面", "{spec} opened but sent no picture in {seconds} s"),
    "doctor_microphone_ok": ("{spec} 已打开并有声音采样", "{spec} opened and delivering sound"),
    "doctor_microphone_failed": ("{spec} 无法打开：{reason}", "{spec} cannot be opened: {reason}"),
    "doctor_microphone_silent": ("{spec} 已打开，但 {seconds} 秒内没有声音采样",
                                 "{spec} opened but sent no sound in {seconds} s"),
    "doctor_disk_ok": ("剩余 {free_gb} GB，足够一天录像（约 {need_gb} GB）",
                       "{free_gb} GB free, enough for a day of recordings (about {need_gb} GB)"),
    "doctor_disk_low": ("剩余 {free_gb} GB，不足一天录像所需的约 {need_gb} GB（{where}）",
                        "{free_gb} GB free, less than a day of recordings needs (about {need_gb} GB, {where})"),
    "doctor_fonts_ok": ("正文 {body}，标题 {title}", "body {body}, title {title}"),
    "doctor_fonts_standin": ("未找到{missing}字体，正在用替代字体（正文 {body}，标题 {title}）：公文字形与标准不同，"
                             "见 设置 → 公文字体",
                             "no {missing} font found, stand-ins in use (body {body}, title {title}): documents "
                             "will not use the standard faces; see Settings"),
    "doctor_backup_ok": ("最近一次自动备份在 {days} 天 {hours} 小时前（{folder}）",
                         "last automatic backup {days} d {hours} h ago ({folder})"),
    "doctor_backup_old": ("最近一次自动备份在 {days} 天 {hours} 小时前，已超过 {limit} 天（{folder}）",
                          "last automatic backup {days} d {hours} h ago, older than {limit} days ({folder})"),
    "doctor_backup_none": ("尚未设置自动备份：reception backup-schedule --folder 目录",
                           "no automatic backups set up: reception backup-schedule --folder DIR"),
    "doctor_backup_never": ("已设置自动备份（{folder}），但还没有一次成功", "automatic backups set up ({folder}) but none has succeeded yet"),
    "doctor_fonts_missing": ("找不到可用的中文字体：文书无法生成", "no usable Chinese font: documents cannot be made"),
    "doctor_printer_ok": ("{count} 台可用，默认 {printer}", "{count} ready, default {printer}"),
    "doctor_printer_none": ("没有可用的打印机队列 {reason}", "no printer queue ready {reason}"),
    "doctor_timezone_ok": ("本机时区与接待室一致（{office}）", "this machine's time zone matches the office ({office})"),
    "doctor_timezone_differs": ("本机时区 {machine} 与接待室的 {office} 不同：本程序按接待室时间显示，"
                                "但系统时钟和其他程序会差几个小时",
                                "this machine's zone {machine} differs from the office's {office}: this app shows "
                                "office time, but the system clock and other programs will be hours off"),
    "doctor_check_crashed": ("检查出错（{reason}），详见日志", "the check itself failed ({reason}); see the log"),
    "doctor_ready": ("可以接谈：录像所需的检查全部通过。", "Ready for interviews: every check an interview needs passed."),
    "doctor_devices_skipped": ("未检查摄像头和麦克风（--no-devices）：不能据此确认可以接谈。",
                               "camera and microphone not checked (--no-devices): readiness for interviews not shown."),
    "doctor_not_ready": ("不能接谈：上面标 ✗ 的项目需要处理。", "Not ready for interviews: fix the items marked ✗ above."),
}

MARKS = {Status.OK: "✓", Status.WARN: "!", Status.FAIL: "✗"}


def sentence(code: str, lang: str, details: dict[str, Any] | None = None) -> str:
    zh, en = SENTENCES.get(code, (code, code))
    try:
        return (en if lang == "en" else zh).format(**(details or {}))
    except (KeyError, IndexError):
        return en if lang == "en" else zh


def line(result: CheckResult, lang: str) -> str:
    """One line: mark, the check's name, what was found."""
    zh, en = CHECK_NAMES.get(result.check, (result.check, result.check))
    name = en if lang == "en" else zh
    return f"{MARKS[result.status]} {name}{': ' if lang == 'en' else '：'}{sentence(result.code, lang, result.details)}"
