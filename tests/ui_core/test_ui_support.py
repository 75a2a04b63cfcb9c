"""Departments and routing rules edited by the administrator, each change audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry
from desktop.domain.enums import Category, RegulationType
from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.services import intake, ui_support
from desktop.services.intake_input import ClassificationInput


def test_department_add_rename_and_route(ctx, team) -> None:
    with ctx.db.session() as s:
        dept = ui_support.add_department(ctx, s, team.admin, "退役军人服务站")
        with pytest.raises(ValidationError):
            ui_support.add_department(ctx, s, team.admin, "退役军人服务站")
        with pytest.raises(PermissionDenied):
            ui_support.add_department(ctx, s, team.clerk, "别的部门")
        ui_support.set_route(ctx, s, team.admin, category=Category.LIVELIHOOD, regulation_type=None,
                             appeal_route=None, department_id=dept.id)
        proposal = intake.propose_route(ctx, s, ClassificationInput(
            RegulationType.SUGGESTION, Category.LIVELIHOOD, "green", "simple"))  # type: ignore[arg-type]
        assert proposal.department_name == "退役军人服务站"
        ui_support.update_department(ctx, s, team.admin, dept.id, active=False)
        assert "退役军人服务站" not in [c.name for c in ui_support.departments(s)]
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("department.%")
                                                                  | AuditEntry.action.like("routing.%")).order_by(AuditEntry.seq)))
    assert actions == ["department.add", "routing.set", "department.update"]


def test_matter_facts_masks_the_id_number(ctx, team) -> None:
    from tests.desktop.helpers import registration, resident_id

    with ctx.db.session() as s:
        case = intake.register(ctx, s, team.clerk, registration()).case_number
    with ctx.db.read() as s:
        facts = ui_support.matter_facts(s, team.clerk, case)
    assert facts.id_masked and facts.id_masked != resident_id()
    assert facts.petitioner_name == "张三"
