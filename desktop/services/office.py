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
    review_body: str  # who answers a 复查 request
    scope_notice: str

    @property
    def display_name(self) -> str:
        return f"{self.township}{self.office_name}" if self.township else self.office_name


OFFICE_DEFAULTS: dict[str, str] = {
    "office.township": "",
    "office.name": "信访接待室",
    "office.short": "信访",
    "office.phone": "",
    "office.case_prefix": "XF",
    "office.review_body": "县人民政府信访局",
    "office.scope_notice": DEFAULT_SCOPE_NOTICE,
    "office.time_zone": "Asia/Shanghai",  # the recordings' overlay clock and manifest times
}


def load_profile(session: Session) -> OfficeProfile:
    stored = {s.key: s.value for s in session.scalars(select(Setting).where(Setting.key.like("office.%")))}
    v = {**OFFICE_DEFAULTS, **stored}
    return OfficeProfile(
        township=v["office.township"], office_name=v["office.name"], office_short=v["office.short"],
        phone=v["office.phone"], case_prefix=v["office.case_prefix"], review_body=v["office.review_body"],
        scope_notice=v["office.scope_notice"],
    )
