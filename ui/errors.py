"""The core's refusals (typed errors with codes) in plain words for the clerk."""

from __future__ import annotations

from typing import Any

from desktop.domain.errors import DomainError, InvalidInput, ValidationError
from ui.i18n import N_, tr

MESSAGES: dict[str, str] = {
    "required": N_("必填"),
    "too_long": N_("太长：最多 {maximum} 个字"),
    "id_empty": N_("请输入身份证号"),
    "id_length": N_("身份证号应为 18 位（现为 {length} 位）"),
    "id_chars": N_("身份证号只能是数字，最后一位可以是 X"),
    "id_region": N_("身份证号的地区码无效"),
    "id_birth_date": N_("身份证号中的出生日期无效"),
    "id_check_digit": N_("校验位不对：最后一位应为 {expected}，请核对证件"),
    "phone_empty": N_("请输入电话号码"),
    "phone_chars": N_("电话号码含有无效字符"),
    "phone_format": N_("电话号码格式不对"),
    "phone_country": N_("只支持中国大陆号码"),
    "phone_area_code_missing": N_("固定电话请加区号"),
    "phone_area_code": N_("区号无效"),
    "phone_landline_length": N_("固定电话号码位数不对"),
    "phone_landline_local": N_("固定电话号码无效"),
    "phone_mobile_length": N_("手机号应为 11 位"),
    "phone_mobile_prefix": N_("手机号号段无效"),
    "phone_extension": N_("手机号不能带分机号"),
    "group_size_invalid": N_("人数至少为 1"),
    "too_many_representatives": N_("代表最多 {maximum} 人（条例第20条）"),
    "representatives_exceed_group": N_("代表人数不能超过来访人数"),
    "file_not_found": N_("找不到文件：{path}"),
    "second_staff_required": N_("接谈须两名工作人员：请选择另一位同事"),
    "scope_notice_unconfirmed": N_("请确认已告知受理范围和办理时限"),
    "recording_reason_required": N_("没有录音录像时须说明原因"),
    "signing_key_missing": N_("找不到本接待室的签名密钥（不会新建；请从备份恢复 keys 文件夹）"),
    "recording_devices_not_configured": N_("本机未设置录像设备：请选择摄像头和麦克风，或填写未录音录像原因"),
    "recording_not_intact": N_("录像或其封存清单已被改动，不能导出"),
    "signature_missing": N_("缺少封存清单的签名文件"),
    "route_required": N_("申诉求决类须选择途径"),
    "route_only_for_appeal": N_("只有申诉求决类才选择途径"),
    "answer_on_spot_policy_only": N_("只有政策咨询类可以当场答复"),
    "department_not_found": N_("找不到部门：{department}"),
    "department_exists": N_("部门已存在：{department}"),
    "approver_invalid": N_("请选择有审批权的领导"),
    "case_lead_invalid": N_("包案领导无效"),
    "first_handler_invalid": N_("首办责任人无效"),
    "interviewer_unknown": N_("接谈人员无效"),
    "illegal_transition": N_("当前状态（{status}）不能进行这一步"),
    "letter_final": N_("处理意见书已定稿，不能再修改"),
    "letter_incomplete": N_("处理意见书还不完整：缺少 {missing}"),
    "section_empty": N_("此部分不能为空"),
    "vague_phrase": N_("不得使用模糊用语“{phrase}”"),
    "signature_empty": N_("签名为空"),
    "not_named_signer": N_("您不是这份意见书指定的签字人"),
    "not_named_approver": N_("您不是交办单指定的审批领导"),
    "permission_denied": N_("您没有这项操作的权限"),
    "login_failed": N_("用户名或密码错误"),
    "password_too_short": N_("密码至少 {minimum} 位"),
    "password_blank": N_("密码不能为空或全是空格"),
    "password_too_long": N_("密码最多 {maximum} 位"),
    "password_is_username": N_("密码不能与用户名相同"),
    "account_locked": N_("连续登录失败次数过多，账号已锁定至 {until}；请稍后再试或请管理员解锁"),
    "login_throttled": N_("登录失败次数过多，请 {seconds} 秒后再试"),
    "inspector_needs_second_admin": N_("授予镇纪委角色须由另一位管理员确认"),
    "export_not_allowed": N_("您的角色不能导出数据"),
    "database_too_new": N_("该数据库由较新的版本 {made_by} 建立，本程序是 {this}：请升级本程序（数据库未做任何更改）"),
    "disk_full": N_("磁盘已满：未写入任何数据，请腾出空间后重试"),
    "folder_read_only": N_("文件夹不可写：{path}"),
    "disk_error": N_("磁盘读写错误：{path}"),
    "database_empty": N_("数据库文件是空的（0 字节）：{path}，可从备份恢复"),
    "database_not_sqlite": N_("不是数据库文件：{path}"),
    "database_corrupt": N_("数据库文件已损坏或不完整：{path}，可从备份恢复"),
    "database_unreadable": N_("无法读取数据库文件：{path}"),
    "database_busy": N_("数据库正忙，请稍后再试"),
    "database_unreachable": N_("无法连接数据库服务器，请检查网络和服务器"),
    "username_taken": N_("用户名已存在"),
    "username_invalid": N_("用户名无效"),
    "roles_empty": N_("至少选择一个角色"),
    "cannot_disable_self": N_("不能停用自己的账号"),
    "user_not_found": N_("找不到用户"),
    "matter_not_found": N_("找不到信访事项：{case}"),
    "not_found": N_("找不到记录"),
    "date_in_future": N_("日期不能晚于今天"),
    "pause_end_before_start": N_("恢复日期早于中止日期"),
    "extension_invalid": N_("延期天数至少为 1"),
    "extension_too_long": N_("延期超过上限：最多还可延 {maximum} 日"),
    "already_evaluated": N_("已经评价过"),
    "review_exhausted": N_("复核后不再受理（条例第36条）"),
    "handover_same_person": N_("接替人不能是本人"),
    "successor_invalid": N_("接替人无效"),
    "successor_not_clerk": N_("接替人须为接待员"),
    "bad_setting": N_("设置值无效"),
    "bad_period": N_("期限格式无效，例如“2 个工作日”或“15 日”"),
    "setting_empty": N_("不能为空"),
    "photo_invalid": N_("照片须为不超过 2 MB 的 PNG 或 JPEG 图片"),
    "office_identity_missing": N_("请先在设置中填写本机关信息：{key}"),
    "extension_after_due": N_("办理期限（{due}）已过，延期须在期限内批准"),
    "document_after_deadline": N_("文书日期晚于其载明的期限（{due}）"),
    "unknown_setting": N_("没有这个设置项"),
    "route_too_broad": N_("请至少选择一个分类条件"),
    "invalid_input": N_("有几处需要修改，见各项旁的提示"),
    "integrity_failure": N_("数据完整性校验失败"),
    "key_missing": N_("找不到密钥文件：{path}。请从备份恢复 keys 文件夹（不会生成新密钥）"),
    "key_mismatch": N_("密钥文件不是这个数据库的：{path}。请放回原密钥或从备份恢复"),
    "keys_not_registered": N_("数据库尚未登记密钥：请先运行 reception init"),
    "legacy_chain_broken": N_("旧审计日志在第 {seq} 条已被改动，不能接管：请从备份恢复数据库"),
    "database_replaced": N_("数据库为空，但密钥文件夹属于一个已有 {seq} 条审计记录的数据库：请从备份恢复数据库"),
    # key cases and accountability (desktop/keycases)
    "key_case_exists": N_("该事项已列为包案事项：{case}"),
    "key_case_not_found": N_("找不到包案事项：{case}"),
    "staff_invalid": N_("人员无效或无相应职责：{field}"),
    "limit_in_past": N_("化解时限不能早于今天"),
    "task_force_too_small": N_("专班至少需镇干部 {need_township} 人、村干部 {need_village} 人（现为 {township}+{village}）"),
    "task_force_duplicate": N_("专班成员重复"),
    "plan_exists": N_("该事项已有化解方案"),
    "plan_needs_steps": N_("方案至少需要一个步骤"),
    "step_due_in_past": N_("第 {step} 步的完成日期早于今天"),
    "step_after_limit": N_("第 {step} 步的完成日期晚于化解时限 {limit}"),
    "key_case_resolved": N_("该包案事项已化解"),
    "resolved_date_invalid": N_("化解日期无效"),
    "mediation_needs_subject": N_("调解须关联信访事项或排查事项"),
    "mediation_not_agreed": N_("只有达成协议的调解才有协议书"),
    "signer_name_mismatch": N_("签字人姓名应为：{expected}"),
    "agreement_needs_matter": N_("协议书须关联已登记的信访事项才能出具和核验"),
    "panel_below_quorum": N_("评议团到场 {present} 人，不足 {quorum} 人"),
    "panel_score_invalid": N_("情理分须为 0–10 的整数：{value}"),
    "panel_member_twice": N_("评议员重复"),
    "recording_not_of_matter": N_("该录像不属于本事项"),
    "appeal_not_own_card": N_("只能对自己的黄牌/红牌申诉"),
    "appeal_exists": N_("已申诉过"),
    "appeal_missing": N_("该牌尚无申诉"),
    "appeal_decided": N_("申诉已有决定"),
    "sample_percent_invalid": N_("抽样比例无效：{percent}"),
    "seed_required": N_("需要随机种子"),
    "month_invalid": N_("月份格式无效：{value}（应为 2026-11）"),
    "draw_exists": N_("{month} 已抽取过回访样本"),
    "month_in_future": N_("不能为将来的月份抽样：{month}"),
    "draw_not_found": N_("{month} 尚未抽取回访样本"),
    "time_without_zone": N_("时间缺少时区"),
    "receipt_registered": N_("已登记"),
    "incomplete_letters_only": N_("只有来信可标记为要素不全"),
    "month_not_over": N_("该月尚未结束，不能结账"),
    "month_already_closed": N_("该月已经结账"),
    "outside_own_area": N_("只能填报本村（本网格）的排查情况"),
    "village_not_found": N_("找不到村（社区）：{village}"),
    "screening_not_open": N_("该排查事项已化解或已转为信访事项"),
    "follow_up_before_report": N_("跟进时间早于上报时间"),
    "key_person_exists": N_("此人已在重点人员名册中"),
    "cadre_required": N_("请指定一对一责任干部"),
    "unknown_reporter_kind": N_("报告单位类型应为 网格/村/单位"),
    "unknown_level": N_("等级应为 红/黄/绿"),
    "people_invalid": N_("涉及人数应为非负整数"),
    "zero_report_with_content": N_("零报告不能填写其他内容"),
    "occurred_after_reported": N_("发生时间晚于上报时间"),
    "escalation_has_matter": N_("该越级访已关联信访事项"),
}  # fmt: skip

# The core's other refusals (printing, security, recording, back-up, leaders' days).
MESSAGES.update({
    "domain_error": N_("操作未能完成"),
    "invalid": N_("输入有误"),
    "restricted_matter": N_("检举控告事项限阅（条例第30条），您无权查看"),
    "letter_not_final": N_("处理意见书尚未定稿"),
    "document_not_final": N_("文书尚未定稿，不能出具"),
    "unknown_document_kind": N_("未知的文书类型：{kind}"),
    "unknown_section": N_("处理意见书没有这些部分：{sections}"),
    "document_claim_missing": N_("该 PDF 不是本系统出具的文书"),
    "missing_glyph": N_("字库中没有字符“{char}”，无法打印"),
    "no_font": N_("找不到可嵌入的中文字体"),
    "printer_unavailable": N_("打印机不可用：{reason}"),
    "bad_pkcs12": N_("证书文件或口令不正确"),
    "bad_stroke_point": N_("签名笔迹数据无效"),
    "stroke_out_of_range": N_("签名笔迹超出签名框"),
    "not_png": N_("印章图片须为 PNG 格式"),
    "file_too_large": N_("文件太大（最多 {limit} 字节）"),
    "cipher_tampered": N_("加密数据被改动或密钥不符"),
    "cipher_version": N_("加密数据格式未知"),
    "key_missing": N_("找不到密钥文件：{path}"),
    "key_corrupt": N_("密钥文件已损坏：{path}"),
    "comment_too_long": N_("说明太长：最多 {maximum} 个字"),
    "import_failed": N_("导入未完成：{count} 行有错误，未导入任何记录"),
    "backup_dialect_mismatch": N_("备份来自 {backup} 数据库，不能恢复到 {target}"),
    "tool_missing": N_("缺少所需工具：{tool}"),
    "leader_invalid": N_("接访领导须为分管领导或包案领导"),
    "leader_day_taken": N_("该领导当天已有接访安排"),
    "leader_day_in_use": N_("该接访日已有接访记录，不能删除"),
    "leader_record_invalid": N_("接访记录的批次或人数无效"),
    "manifest_invalid": N_("录像封存清单无效：{path}"),
    "camera_not_found": N_("找不到摄像头：{spec}"),
    "microphone_not_found": N_("找不到麦克风：{spec}"),
    "empty_device_spec": N_("请选择设备"),
    "url_not_allowed": N_("不允许使用该网络地址作为摄像头：{spec}"),
    "insufficient_disk": N_("磁盘空间不足，无法开始录像"),
    "recording_already_started": N_("录像已经开始"),
    "recording_file_exists": N_("录像文件已存在：{path}"),
    "not_recording": N_("当前没有在录像"),
    "not_paused": N_("录像没有暂停"),
    "recording_failed": N_("录像失败：{error}"),
    "unsupported_format": N_("不支持的文件格式"),
    "copies_invalid": N_("份数至少为 1"),
    "file_exists": N_("文件已存在：{path}"),
    "period_invalid": N_("统计期间无效，例如“2026-10”“2026-Q3”或“2026”"),
})  # fmt: skip

# Backups, imports and prevention settings (the window's words; the CLI's are in desktop/cli/messages*.py).
MESSAGES.update({
    "bad_date": N_("日期格式无效：{value}（应为 YYYY-MM-DD）"),
    "backup_passphrase_required": N_("需要备份口令：请设置 RECEPTION_BACKUP_PASSPHRASE 或在提示时输入。"),
    "contact_rhythm_invalid": N_("联系频次至少为每 1 日"),
    "bad_rhythm": N_("报告频次无效：{value}（daily、weekly 1–7 或 monthly）"),
    "backup_damaged": N_("备份文件已损坏或被改动（{what}）：未做任何更改。"),
    "backup_passphrase_weak": N_("备份口令太短：至少 {minimum} 位。"),
    "backup_not_a_backup": N_("不是本系统的备份文件。"),
    "backup_wrong_passphrase": N_("备份口令不对：未做任何更改。"),
    "import_empty": N_("文件是空的"),
    "import_utf16": N_("UTF-16 编码的文件不能导入，请另存为 UTF-8"),
    "import_nul": N_("含有空字符（NUL），文件可能已损坏"),
    "import_encoding": N_("无法识别的文字编码：既不是 UTF-8 也不是 GBK/GB18030（字节 {detail}），请另存为 UTF-8 后再导入"),
    "import_not_xlsx": N_("不是有效的 XLSX 文件"),
    "import_bad_csv": N_("CSV 格式错误：{detail}"),
    "import_columns_missing": N_("缺少列：{columns}"),
    "import_no_rows": N_("只有表头，没有数据行"),
    "restore_needs_admin": N_("恢复会替换现有数据库：须由该数据库的管理员（--user）执行。"),
    "database_error": N_("数据库错误：{what}"),
})  # fmt: skip

MISSING: dict[str, str] = {
    "interview": N_("接谈"), "classification": N_("分类"), "assignment": N_("交办"), "approval": N_("审批"),
    "resumed_deadline": N_("恢复计时"), "final_letter": N_("定稿的处理意见书"),
    "delivered_letter": N_("送达处理意见书"), "outcome": N_("处理结论"),
    "signature_dept_head": N_("承办部门负责人签字"), "signature_case_lead": N_("包案领导签字"),
    "recheck": N_("复查"),
}  # fmt: skip


def _values(code: str, details: dict[str, Any]) -> dict[str, Any]:
    from ui.words import word

    values = dict(details)
    if "missing" in values:
        values["missing"] = "、".join(tr(MISSING.get(m, m)) for m in values["missing"] or []) or "—"
    if "status" in values:
        values["status"] = word(values["status"]) if isinstance(values["status"], str) else values["status"]
    return values


def message_for(code: str, details: dict[str, Any] | None = None) -> str:
    template = MESSAGES.get(code)
    if template is None:
        return tr("操作未完成（{code}）").format(code=code)
    try:
        return tr(template).format(**_values(code, details or {}))
    except (KeyError, IndexError, ValueError):
        return tr(template)


def describe(error: BaseException) -> str:
    """One sentence for a refusal; for several field problems, each on its own line."""
    if isinstance(error, InvalidInput):
        return "\n".join(f"{field_label(p.details.get('field'))}：{message_for(p.code, p.details)}"
                         for p in error.problems)
    if isinstance(error, DomainError):
        if error.code == "illegal_transition" and error.details.get("missing"):
            return tr("这一步还不能做：尚缺 {missing}").format(**_values(error.code, error.details))
        return message_for(error.code, error.details)
    from desktop.faults import classify

    known = classify(error)
    if known is not None and known is not error:
        return describe(known)
    # Never the exception's own text: it may hold an SQL statement and the values it carried.
    return tr("出错了：{what}").format(what=type(error).__name__)


def field_problems(error: BaseException) -> dict[str, str]:
    """field → message, to show each problem beside its field."""
    if isinstance(error, InvalidInput):
        return {str(p.details.get("field")): message_for(p.code, p.details) for p in error.problems}
    if isinstance(error, ValidationError):
        return {str(error.details.get("field")): message_for(error.code, error.details)}
    return {}


FIELD_LABELS: dict[str, str] = {
    "name": N_("姓名"), "id_number": N_("身份证号"), "phone": N_("电话"), "summary": N_("反映事项"),
    "group_size": N_("来访人数"), "representatives": N_("代表"), "attachments": N_("证据材料"),
    "interviewer": N_("接谈人员"), "notes": N_("接谈记录"), "scope_notice_confirmed": N_("告知确认"),
    "no_recording_reason": N_("未录音录像原因"), "appeal_route": N_("途径"), "department": N_("承办部门"),
    "approver": N_("审批领导"), "case_lead": N_("包案领导"), "first_handler": N_("首办责任人"),
    "reason": N_("原因"), "amount": N_("延期天数"), "answer": N_("答复内容"), "password": N_("密码"),
    "username": N_("用户名"), "roles": N_("角色"),
}  # fmt: skip


def field_label(field: object) -> str:
    key = str(field or "")
    if key.startswith("sections."):
        from ui.words import section_title

        return section_title(key.split(".", 1)[1])
    return tr(FIELD_LABELS[key]) if key in FIELD_LABELS else key
