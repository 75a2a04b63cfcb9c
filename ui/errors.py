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
}  # fmt: skip

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
    return tr("出错了：{what}").format(what=str(error) or type(error).__name__)


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
