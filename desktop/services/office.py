"""The office's own words and names, stored as settings beside the numeric rules."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Setting

DEFAULT_SCOPE_NOTICE = (
    "根据《信访工作条例》，本机关依法受理属于本级职权范围的信访事项。属于诉讼、仲裁、行政复议等法定途径解决的，"
    "将引导您依法通过相应途径提出；信访事项受理后十五日内书面告知是否受理；一般自受理之日起六十日内办结，"
    "情况复杂的经批准可延长不超过三十日；对处理意见不服的，可以自收到书面答复之日起三十日内请求复查。"
    "请您如实反映情况，不得捏造、歪曲事实，不得诬告、陷害他人。"
)


@dataclass(frozen=True)
class OfficeProfile:
    township: str
    office_name: str
    office_short: str  # 机关代字 for document numbers
    phone: str
    case_prefix: str
    review_body: str  # the 上一级机关 that answers a 复查/复核 request
    scope_notice: str
    issuing_organ: str = ""  # 发文机关, e.g. "青山镇人民政府": heads, signs and seals the documents
    organ_code: str = ""  # the organ's code in document numbers, e.g. "青" in 青信访〔2026〕12号
    review_address: str = ""  # where the 上一级机关 receives a 复查 request
    query_address: str = ""  # where a petitioner asks about progress (查询地址)
    query_url: str = ""  # the office's query page, when it has one

    @property
    def display_name(self) -> str:
        return f"{self.township}{self.office_name}" if self.township else self.office_name

    @property
    def document_code(self) -> str:
        """The 发文字号's code before 〔年份〕: organ code and the office's own, e.g. 青信访."""
        return f"{self.organ_code}{self.office_short}"


OFFICE_DEFAULTS: dict[str, str] = {
    "office.township": "",
    "office.name": "信访接待室",
    "office.short": "信访",
    "office.phone": "",
    "office.case_prefix": "XF",
    # No sample organ here: a real office names its own (setup and settings); documents refuse to
    # print while one they need is missing (``require_identity``).
    "office.review_body": "",
    "office.scope_notice": DEFAULT_SCOPE_NOTICE,
    "office.time_zone": "Asia/Shanghai",  # the recordings' overlay clock and manifest times
    "office.issuing_organ": "",
    "office.organ_code": "",
    "office.review_address": "",
    "office.query_address": "",
    "office.query_url": "",
}

# What a document names, by setting: the issuing organ heads and seals it, the organ code numbers it,
# the superior organ (and its address) is where a 复查 goes.
IDENTITY_FOR_NOTICES = ("office.issuing_organ", "office.organ_code", "office.phone")
IDENTITY_FOR_LETTERS = (*IDENTITY_FOR_NOTICES, "office.review_body", "office.review_address")


def load_profile(session: Session) -> OfficeProfile:
    stored = {s.key: s.value for s in session.scalars(select(Setting).where(Setting.key.like("office.%")))}
    v = {**OFFICE_DEFAULTS, **stored}
    return OfficeProfile(
        township=v["office.township"], office_name=v["office.name"], office_short=v["office.short"],
        phone=v["office.phone"], case_prefix=v["office.case_prefix"], review_body=v["office.review_body"],
        scope_notice=v["office.scope_notice"], issuing_organ=v["office.issuing_organ"],
        organ_code=v["office.organ_code"], review_address=v["office.review_address"],
        query_address=v["office.query_address"], query_url=v["office.query_url"],
    )


def require_identity(session: Session, keys: tuple[str, ...]) -> OfficeProfile:
    """The profile, or ``office_identity_missing`` naming every setting among ``keys`` still empty:
    a document never goes out under an organ, code or superior organ nobody set."""
    from desktop.domain.errors import ValidationError

    profile = load_profile(session)
    stored = {s.key: s.value for s in session.scalars(select(Setting).where(Setting.key.in_(keys)))}
    missing = [k for k in keys if not (stored.get(k) or "").strip()]
    if missing:
        raise ValidationError("office_identity_missing", field=missing[0], keys=missing,
                              key="、".join(missing))
    return profile


# The sample township's identity, for `reception demo`, `sample-data` and tests: every name a document
# prints. Never a default of a real installation.
SAMPLE_IDENTITY: dict[str, str] = {
    "office.issuing_organ": "青山镇人民政府",
    "office.organ_code": "青",
    "office.review_body": "山南县人民政府",
    "office.review_address": "山南县人民路1号县人民政府信访局",
    "office.query_address": "青山镇便民服务中心一楼信访接待室",
    "office.query_url": "https://qingshan.example.gov.cn/xf",
}
