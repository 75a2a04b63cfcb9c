"""The scripted walk through the whole procedure that ``reception demo`` runs on a fresh database.

It uses the same services the window uses, a fixed clock that moves day by day (so the dates in the output
are the same on every run), synthetic devices for the recording and synthetic signatures for the letter."""

from __future__ import annotations

import importlib
import json
import os
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.clock import CHINA_TZ, FixedClock
from desktop.db.models import Department
from desktop.domain.enums import (
    AppealRoute,
    Category,
    Channel,
    Complexity,
    DayUnit,
    KeyDomain,
    MeetingStage,
    Outcome,
    RegulationType,
    ReviewOutcome,
    Risk,
    Role,
    Satisfaction,
    SignerRole,
)
from desktop.domain.idnumber import check_digit
from desktop.security.keyfile import KeyStore
from desktop.services import audit, exporter, followup, handling, intake, letters, recordings, users
from desktop.services.context import AppContext
from desktop.services.intake_input import (
    AssignmentInput,
    ClassificationInput,
    InterviewInput,
    RegistrationInput,
    RepresentativeInput,
)
from desktop.services.office import SAMPLE_IDENTITY
from desktop.services.seed import seed_defaults
from desktop.services.settings_service import set_setting

DEMO_PASSWORD = "demo-password-1"
START = datetime(2025, 3, 3, 9, 30, tzinfo=CHINA_TZ)  # a Monday in an ordinary working week
STAFF = [
    ("admin", "系统管理员", [Role.ADMIN], None),
    ("liwei", "李伟", [Role.CLERK], "镇信访办"),
    ("zhaomin", "赵敏", [Role.INTERVIEWER, Role.CLERK], "镇信访办"),
    ("sunqiang", "孙强", [Role.APPROVER], None),
    ("zhoujun", "周军", [Role.CASE_LEAD], None),
    ("wuhong", "吴红", [Role.DEPT_HEAD], "司法所"),
    ("zhengping", "郑平", [Role.INSPECTOR], "镇纪委"),
]


def _rid(first17: str) -> str:
    return first17 + check_digit(first17)


def run_demo(out: Path, *, record_seconds: float = 3.0, with_recording: bool = True) -> dict[str, Any]:
    """Everything the demo makes (database, keys, evidence store, recording, documents) stays inside ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    previous_home = os.environ.get("RECEPTION_HOME")
    os.environ["RECEPTION_HOME"] = str(out)
    try:
        return _run(out, record_seconds, with_recording)
    finally:
        if previous_home is None:
            os.environ.pop("RECEPTION_HOME", None)
        else:
            os.environ["RECEPTION_HOME"] = previous_home


def _run(out: Path, record_seconds: float, with_recording: bool) -> dict[str, Any]:
    from printing.signature import synthetic_strokes
    db_file = out / "reception.sqlite3"
    # A demo always starts afresh: the old database goes, and with it its keys and audit anchor (a new database
    # is never initialised over a keys folder that anchored another one).
    for old in (db_file, Path(f"{db_file}-wal"), Path(f"{db_file}-shm")):
        old.unlink(missing_ok=True)
    shutil.rmtree(out / "keys", ignore_errors=True)
    clock = FixedClock(START)
    ctx = AppContext.open(f"sqlite:///{db_file}", keys=KeyStore(out / "keys"), clock=clock)
    ctx.initialise()
    summary: dict[str, Any] = {"database": str(db_file), "password": DEMO_PASSWORD, "steps": []}
    step = summary["steps"].append
    try:
        people = _set_up(ctx)
        step("setup: office, 7 staff with every role")
        who = {name: users.actor_of(s) for name, s in people.items()}
        clerk, colleague = who["liwei"], who["zhaomin"]
        evidence = out / "evidence-contract.txt"
        evidence.write_text("土地承包合同（复印件）：承包期2019—2049年，面积3.2亩。\n", encoding="utf-8")
        with ctx.db.session() as s:
            m = intake.register(ctx, s, clerk, RegistrationInput(
                name="王建国", channel=Channel.VISIT, id_number=_rid("41152119680405123"), phone="13937612345",
                address="东风村三组12号", village="东风村", grid="东风村第2网格",
                summary="2024年土地承包经营权流转补偿款至今未发放到户",
                demands="要求村委会按合同发放2024年度流转补偿款3,840元", departments_involved=["农业农村服务中心"],
                accepts_mediation=True, attachments=[evidence],
                attachment_notes={str(evidence): "土地流转合同复印件"}))
            case = m.case_number
        step(f"一登记 {case}: petitioner, evidence file, repeat-visit check ({m.repeat_alert.value})")
        recording_info = _record(ctx, out, case, clerk, colleague, record_seconds) if with_recording else None
        if recording_info:
            step(f"二接谈 recording sealed: {Path(recording_info['path']).name}")
        with ctx.db.session() as s:
            intake.record_interview(ctx, s, clerk, case, InterviewInput(
                interviewer_id=colleague.id, notes="当事人陈述：2024年流转补偿款未到账，已多次找村委会未果。",
                scope_notice_confirmed=True,
                no_recording_reason="" if recording_info else "演示未启用录像"))
            classification = ClassificationInput(
                regulation_type=RegulationType.APPEAL, appeal_route=AppealRoute.PETITION, category=Category.LEGAL,
                risk=Risk.YELLOW, complexity=Complexity.SIMPLE, key_domains=[KeyDomain.LAND])
            intake.classify(ctx, s, clerk, case, classification)
            proposal = intake.propose_route(ctx, s, classification)
            intake.submit_assignment(ctx, s, clerk, case, AssignmentInput(
                department_id=proposal.department_id or _dept(s, "司法所"), first_handler_id=clerk.id,
                approver_id=who["sunqiang"].id, case_lead_id=who["zhoujun"].id))
        step(f"二接谈, 三分类 → {proposal.department_name}, 四交办 submitted")
        clock.advance(hours=3)
        with ctx.db.session() as s:
            handling.approve_assignment(ctx, s, who["sunqiang"], case, "同意交办，请司法所牵头核查",
                                        strokes=synthetic_strokes(who["sunqiang"].display_name))
            handling.log_meeting(ctx, s, clerk, case, MeetingStage.BEFORE, clock_day(clock), "与当事人确认诉求细节")
        step("交办单 approved by 分管领导; 三见面 (before)")
        clock.advance(days=2)
        with ctx.db.session() as s:
            handling.pause(ctx, s, clerk, case, "等待当事人补充提供流转合同原件", who["sunqiang"].id)
        clock.advance(days=3)
        with ctx.db.session() as s:
            handling.resume(ctx, s, clerk, case)
            handling.extend(ctx, s, clerk, case, 5, DayUnit.CALENDAR, "需调取村集体账目核实", who["sunqiang"].id)
            handling.log_meeting(ctx, s, clerk, case, MeetingStage.DURING, clock_day(clock), "反馈调查进展")
        step("deadline paused (materials), resumed, extended 5 days; 三见面 (during)")
        clock.advance(days=2)
        sections = {
            "request": "申请人要求村委会按流转合同发放2024年度土地流转补偿款3,840元。",
            "investigation": "承办部门于3月5日至3月11日调取村集体2024年账目，询问村会计及流转方负责人，核对银行流水。",
            "findings": "经查，流转方已于2024年12月将补偿款拨付村集体，因申请人银行账户信息登记错误未能到账，款项仍在村集体账户。",
            "basis": "《中华人民共和国农村土地承包法》第三十九条；《农村土地经营权流转管理办法》第十九条。",
            "conclusion": "支持申请人的请求。责成东风村村委会于本意见书送达之日起10日内将3,840元补偿款发放至申请人本人账户。",
        }
        with ctx.db.session() as s:
            letters.save_draft(ctx, s, clerk, case, sections, Outcome.SUPPORT, dept_head_id=who["wuhong"].id)
        with ctx.db.session() as s:
            # Each signer's own synthetic hand: two signatures are never the same image.
            letters.sign(ctx, s, who["wuhong"], case, SignerRole.DEPT_HEAD,
                         synthetic_strokes(who["wuhong"].display_name))
            letters.sign(ctx, s, who["zhoujun"], case, SignerRole.CASE_LEAD,
                         synthetic_strokes(who["zhoujun"].display_name))
            final = letters.finalize(ctx, s, clerk, case)
            letters.deliver(ctx, s, clerk, case)
            handling.log_meeting(ctx, s, clerk, case, MeetingStage.AFTER, clock_day(clock), "送达处理意见书")
            handling.close(ctx, s, clerk, case, "已送达并办结")
            document_number = final.document_number
        step(f"处理意见书 signed by both, final {document_number}, delivered; matter closed")
        clock.advance(days=1)
        with ctx.db.session() as s:
            followup.evaluate(ctx, s, colleague, case, Satisfaction.DISSATISFIED)
        clock.advance(days=4)
        with ctx.db.session() as s:
            followup.conclude_review(ctx, s, who["zhengping"], case, ReviewOutcome.UPHELD,
                                     "经复查，原处理意见认定事实清楚、依据正确，予以维持。")
        step("评价 不满意 → 复查 by 镇纪委, upheld → terminated")
        clock.advance(days=10)
        with ctx.db.session() as s:
            followup.log_callback(ctx, s, clerk, case, True, "补偿款已到账，当事人表示认可")
        step("第15日回访 logged")
        policy_case = _policy_question(ctx, clerk, colleague)
        step(f"政策咨询 {policy_case} answered on the spot")
        group_case = _group_visit(ctx, clerk)
        step(f"集体访 {group_case}: 12 people, 3 representatives")
        documents = _documents(ctx, who, case, out)
        if documents:
            step(f"documents written: {', '.join(sorted(documents))}")
        with ctx.db.session() as s:
            n = exporter.write_export(ctx, s, who["admin"], "json", out / "export.json")
        with ctx.db.read() as s:
            checked, problems = audit.verify_chain(s)
        summary.update({
            "case_numbers": [case, policy_case, group_case], "main_case": case, "document_number": document_number,
            "export": str(out / "export.json"), "exported_matters": n, "documents": documents,
            "audit_entries": checked, "audit_intact": not problems, "recording": recording_info,
            "staff": {name: {"display_name": s.display_name, "roles": sorted(r.value for r in s.role_set)}
                      for name, s in people.items()},
        })
    finally:
        ctx.close()
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str),
                                      encoding="utf-8")
    return summary


def clock_day(clock: FixedClock) -> date:
    return clock.now().astimezone(CHINA_TZ).date()


def _dept(session: Any, name: str) -> int:
    return session.scalar(select(Department.id).where(Department.name == name))


def _set_up(ctx: AppContext) -> dict[str, Any]:
    people = {}
    with ctx.db.session() as s:
        seed_defaults(s)
        set_setting(ctx, s, None, "office.township", "青山镇")
        set_setting(ctx, s, None, "office.phone", "0371-66881234")
        for key, value in SAMPLE_IDENTITY.items():  # a sample office names everything its documents print
            set_setting(ctx, s, None, key, value)
        admin = second = None
        for username, name, roles, dept in STAFF:
            if Role.INSPECTOR in roles and second is None:  # separation of duties: a second administrator
                second = users.actor_of(users.create_staff(ctx, s, admin, username="admin2", display_name="副管理员",
                                                           password=DEMO_PASSWORD, roles=[Role.ADMIN]))
            staff = users.create_staff(ctx, s, admin, username=username, display_name=name, password=DEMO_PASSWORD,
                                       roles=roles, department=dept, phone="13800000000",
                                       confirmed_by=second if Role.INSPECTOR in roles else None)
            s.flush()
            admin = admin or users.actor_of(staff)
            people[username] = staff
        from desktop.services import staff_photos
        from printing.samples import synthetic_photo_png

        for username, _name, roles, _dept in STAFF:  # the card shows its first-handler's face
            if Role.CLERK in roles:
                staff_photos.set_photo(ctx, s, admin, username, synthetic_photo_png())
    return people


def _record(ctx: AppContext, out: Path, case: str, clerk: Any, colleague: Any, seconds: float
            ) -> dict[str, Any] | None:
    from recording.selftest import run_self_test
    from recording.session import SessionConfig

    mp4 = out / f"{case}-interview.mp4"
    config = SessionConfig(case_number=case, interviewers=(clerk.display_name, colleague.display_name),
                           office="青山镇信访接待室", width=640, height=360, fps=25, expected_seconds=60,
                           min_free_bytes=16 << 20, warn_free_bytes=64 << 20)
    report = run_self_test(["synthetic", "synthetic"], "synthetic", seconds, mp4, ctx.signing_key, config=config)
    manifest = json.loads(Path(report.manifest_path).read_text(encoding="utf-8")) if report.manifest_path else {}
    with ctx.db.session() as s:
        recordings.register_sealed(ctx, s, clerk, case, mp4, Path(report.manifest_path), manifest)
    return {"path": str(mp4), "manifest": str(report.manifest_path), "frames": report.frames_written,
            "dropped": report.frames_dropped, "av_offset_max_ms": report.av_offset_max_ms,
            "verified": report.verified}


def _policy_question(ctx: AppContext, clerk: Any, colleague: Any) -> str:
    with ctx.db.session() as s:
        m = intake.register(ctx, s, clerk, RegistrationInput(
            name="刘秀兰", channel=Channel.VISIT, id_number=_rid("41152119550812202"), phone="13603761234",
            village="西河村", summary="咨询城乡居民养老保险补缴政策"))
        intake.record_interview(ctx, s, clerk, m.case_number, InterviewInput(
            interviewer_id=colleague.id, notes="询问补缴年限与档次", scope_notice_confirmed=True,
            no_recording_reason="政策咨询，当事人同意不录像"))
        intake.classify(ctx, s, clerk, m.case_number, ClassificationInput(
            regulation_type=RegulationType.SUGGESTION, category=Category.POLICY, risk=Risk.GREEN,
            complexity=Complexity.SIMPLE))
        intake.answer_on_spot(ctx, s, clerk, m.case_number, "已当场解答：可按规定补缴，档次自选，材料清单已给付。")
        return m.case_number


def _group_visit(ctx: AppContext, clerk: Any) -> str:
    with ctx.db.session() as s:
        m = intake.register(ctx, s, clerk, RegistrationInput(
            name="陈大山", channel=Channel.VISIT, id_number=_rid("41152119700101301"), phone="13700001111",
            village="南坡村", summary="村道硬化工程施工损坏排水沟，雨天积水入户", group_size=12,
            representatives=[RepresentativeInput("陈大山"), RepresentativeInput("黄桂芳"),
                             RepresentativeInput("马德胜")]))
        return m.case_number


def _documents(ctx: AppContext, who: dict[str, Any], case: str, out: Path) -> dict[str, str]:
    """Every document of the case, when the printing composition is installed (it may be absent in a
    minimal build; the procedure above does not depend on it)."""
    try:
        module = importlib.import_module("desktop.cli.demo_documents")
    except ImportError:
        return {}
    with ctx.db.session() as s:
        return module.write_documents(ctx, s, who["liwei"], case, out / "documents")
