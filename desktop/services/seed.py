"""What a fresh installation starts with: the usual township departments and the routing of DOMAIN.md."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Department, RoutingRule
from desktop.domain.enums import AppealRoute, Category, RegulationType

OFFICE_DEPARTMENT = "镇信访办"
DEFAULT_DEPARTMENTS = (
    OFFICE_DEPARTMENT,
    "司法所",
    "人民法庭",
    "人民调解委员会",
    "社会事务办",
    "社会保障服务中心",
    "农业农村服务中心",
    "村镇建设办",
    "派出所",
    "镇纪委",
)

# (category, regulation type, appeal route) -> department; None matches anything.
DEFAULT_ROUTES: tuple[tuple[Category | None, RegulationType | None, AppealRoute | None, str, str], ...] = (
    (Category.LEGAL, None, None, "司法所", "涉法涉诉类引导至司法所或法院（诉访分离）"),
    (Category.LIVELIHOOD, None, None, "社会事务办", "民生类转交对应业务部门"),
    (Category.DISPUTE, None, None, "人民调解委员会", "矛盾纠纷类转交调解委员会"),
    (Category.POLICY, None, None, OFFICE_DEPARTMENT, "政策咨询类当场答复"),
    (Category.LEGACY, None, None, OFFICE_DEPARTMENT, "历史遗留类纳入重点台账"),
    (None, RegulationType.ACCUSATION, None, "镇纪委", "检举控告类：不得透露给被检举人（条例第30条）"),
    (None, RegulationType.APPEAL, AppealRoute.LITIGATION, "人民法庭", "诉讼、复议等法定程序"),
    (None, RegulationType.APPEAL, AppealRoute.ARBITRATION, "司法所", "仲裁程序"),
    (None, RegulationType.APPEAL, AppealRoute.ENFORCEMENT, "派出所", "请求查处违法行为、保护合法权益"),
)


def seed_defaults(session: Session) -> None:
    """Idempotent: adds only what is missing, never overwrites an administrator's edits."""
    existing = {d.name: d for d in session.scalars(select(Department))}
    for name in DEFAULT_DEPARTMENTS:
        if name not in existing:
            dept = Department(name=name, active=True)
            session.add(dept)
            existing[name] = dept
    session.flush()
    if session.scalar(select(RoutingRule.id).limit(1)) is not None:
        return
    for category, reg_type, route, dept_name, note in DEFAULT_ROUTES:
        session.add(RoutingRule(category=category, regulation_type=reg_type, appeal_route=route,
                                department_id=existing[dept_name].id, note=note))
    session.flush()
