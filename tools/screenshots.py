"""Screenshots of the desk on sample data: each intake step, the ledger, a matter's page and the settings,
at 1366×768 (a common desk PC) and 1920×1080, saved under ``docs/screenshots/<size>/``; and every dialog
a clerk or leader opens, as it appears on a 1366×768 screen, under ``docs/screenshots/dialogs/``.

Runs offscreen (``QWidget.grab``) unless a display is set (``xvfb-run`` works too). The database is a
fresh one in a temporary folder, filled by ``desktop.sample_data`` on a fixed day so the pictures do not
change from run to run."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["RECEPTION_HOME"] = tempfile.mkdtemp(prefix="reception-shots-")

import ui  # noqa: E402,F401 - applies the PySide6 work-around first
from desktop.clock import CHINA_TZ, FixedClock  # noqa: E402
from desktop.domain.enums import Category, Complexity, RegulationType, Risk, Role  # noqa: E402
from desktop.services import users  # noqa: E402
from desktop.services.context import AppContext  # noqa: E402
from desktop.services.office import load_profile  # noqa: E402
from desktop.services.seed import seed_defaults  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.i18n import install_language  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

SIZES = ((1366, 768), (1920, 1080))
DAY = datetime(2025, 11, 26, 10, 0, tzinfo=CHINA_TZ)
OUT = ROOT / "docs" / "screenshots"


def settle(app, runner: TaskRunner, ms: int = 300) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + 20
    while not runner.is_idle() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def prepare() -> tuple[AppContext, dict[str, users.Actor]]:
    from desktop import sample_data

    ctx = AppContext.open(clock=FixedClock(DAY))
    ctx.initialise()
    with ctx.db.session() as s:
        seed_defaults(s)
        admin = users.actor_of(users.create_staff(ctx, s, None, username="admin", display_name="管理员",
                                                  password=sample_data.SAMPLE_PASSWORD, roles=[Role.ADMIN]))
    sample_data.fill(ctx, admin)
    ctx.clock = FixedClock(DAY)
    with ctx.db.session() as s:
        actors = {name: users.authenticate(ctx, s, name, sample_data.SAMPLE_PASSWORD) for name in
                  ("admin", "liwei", "sunqiang", "wuhong")}
    return ctx, actors


def shoot(widget, path: Path) -> None:  # type: ignore[no-untyped-def]
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path))
    print(path.relative_to(ROOT))


def walk_intake(app, runner: TaskRunner, w: MainWindow, folder: Path) -> str:  # type: ignore[no-untyped-def]
    wizard = w.new_intake()
    reg = wizard.registration
    from desktop.domain.idnumber import check_digit

    reg.id_number.setText("41010219880615002" + check_digit("41010219880615002"))
    reg.name.setText("王秀兰")
    reg.phone.setText("13903710001")
    reg.address.setText("青山镇东风村三组12号")
    reg.village.setText("东风村")
    reg.summary.setPlainText("2024年度土地承包补贴至今未发放到户，村委会称资金未到位。")
    reg.demands.setPlainText("要求尽快核实并发放2024年土地承包补贴。")
    reg.mediation.setChecked(True)
    settle(app, runner)
    shoot(w, folder / "01-intake-register.png")
    wizard.go_next()
    settle(app, runner)
    iv = wizard.interview
    iv.colleague.setCurrentIndex(1)
    iv.notes_edit.setPlainText("来访人陈述：2024年补贴名单中有其姓名，但银行卡未到账。已查看其存折复印件。")
    iv.confirm.setChecked(True)
    iv.no_recording.setText("示例：未接录音设备")
    settle(app, runner)
    shoot(w, folder / "02-intake-interview.png")
    wizard.go_next()
    settle(app, runner)
    cl = wizard.classify
    for combo, value in ((cl.reg_type, RegulationType.APPEAL), (cl.category, Category.LIVELIHOOD),
                         (cl.risk, Risk.YELLOW), (cl.complexity, Complexity.SIMPLE)):
        combo.setCurrentIndex(combo.findData(value))
    cl.route.setCurrentIndex(cl.route.count() - 1)
    cl.domains[next(iter(cl.domains))].setChecked(True)
    settle(app, runner, 500)
    shoot(w, folder / "03-intake-classify.png")
    wizard.go_next()
    settle(app, runner, 500)
    shoot(w, folder / "04-intake-assign.png")
    case = wizard.case_number
    wizard.discard()
    settle(app, runner)
    return case


def waiting_for(ctx: AppContext, actor: users.Actor, kind: str) -> str | None:
    from desktop.services import reminders

    with ctx.db.read() as s:
        found = reminders.reminders(ctx, s, actor, ctx.today())
    return next((r.case_number for r in found.items if r.kind.value == kind), None)


def shoot_dialogs(app, runner: TaskRunner, ctx: AppContext, actors: dict) -> None:  # type: ignore[no-untyped-def]
    """Each dialog at the size it takes on a 1366×768 screen (the offscreen screen is cut to it)."""
    from ui.login import LoginDialog, SetupDialog
    from ui.matter.page import MatterPage
    from ui.matter.signing import open_approval_dialog, open_sign_dialog
    from ui.recording.settings_dialog import DeviceSettingsDialog
    from ui.widgets import screen_fit

    screen_fit.screen_room = lambda _w=None: (1366, 768 - screen_fit.FRAME_ALLOWANCE)
    folder = OUT / "dialogs"

    def one(dialog, name: str, ms: int = 400) -> None:  # type: ignore[no-untyped-def]
        dialog.show()
        settle(app, runner, ms)
        shoot(dialog, folder / f"{name}.png")
        dialog.close()
        dialog.deleteLater()
        settle(app, runner, 50)

    one(LoginDialog(runner, "青山镇信访接待室"), "01-login")
    one(SetupDialog(runner), "02-setup")
    one(DeviceSettingsDialog(), "03-device-settings")
    approve_case = waiting_for(ctx, actors["sunqiang"], "approval_waiting")
    if approve_case:
        one(open_approval_dialog(None, runner, actors["sunqiang"], approve_case, lambda _n, _s: None),
            "04-approve-slip", 1500)
    sign_case = waiting_for(ctx, actors["wuhong"], "signature_waiting")
    if sign_case:
        from desktop.domain.enums import SignerRole

        one(open_sign_dialog(None, runner, actors["wuhong"], sign_case, SignerRole.DEPT_HEAD, lambda _s: None),
            "05-sign-letter", 1500)
    case = approve_case or sign_case
    row_case = sign_case or case
    page = MatterPage(runner, actors["liwei"], row_case, ctx.today())
    page.resize(1366, 700)
    settle(app, runner, 300)
    if page.view is not None:
        for key, name in (("meeting", "06-form-meeting"), ("extend", "07-form-extend"), ("pause", "08-form-pause")):
            getattr(page, f"on_{key}")()  # the form opens without blocking: shot like any other dialog
            if page.form_dialog is not None:
                one(page.form_dialog, name)
                page.form_dialog = None
        page.on_letter()
        settle(app, runner, 300)
        if page.letter_editor is not None:
            one(page.letter_editor, "09-letter-editor")
        page.documents.select("registration_form")
        page.documents.open_selected()
        settle(app, runner, 1500)
        if page.documents.preview is not None:
            one(page.documents.preview, "10-document-preview", 800)
    page.deleteLater()
    shoot_office_dialogs(runner, ctx, actors, one)


def shoot_office_dialogs(runner: TaskRunner, ctx: AppContext, actors: dict, one) -> None:  # type: ignore[no-untyped-def,type-arg]
    """The leader's and the office's own dialogs: the analysis report, prevention and key-case forms."""
    from PySide6.QtWidgets import QWidget

    from desktop.keycases.enums import MediationSigner
    from desktop.services.ui_support import Choice
    from ui.analysis_report import AnalysisReportDialog
    from ui.keycases import dialogs as keycase_dialogs
    from ui.prevention.dialogs import EscalationDialog, ScreeningDialog
    from ui.prevention.register_dialogs import KeyPersonDialog

    leader, clerk, today = actors["sunqiang"], actors["liwei"], ctx.today()
    villages = ["东村", "西村"]
    people = [Choice(leader.id, leader.display_name), Choice(clerk.id, clerk.display_name)]
    host = QWidget()
    one(AnalysisReportDialog(ctx, leader, runner), "11-analysis-report", 600)
    one(ScreeningDialog(runner, clerk, villages, today), "12-screening")
    one(EscalationDialog(runner, clerk, villages, today), "13-escalation")
    one(KeyPersonDialog(runner, clerk, villages, [(leader.id, leader.display_name)], today), "14-key-person")
    one(keycase_dialogs.flag_dialog(runner, leader, host, people, 3, 2, today), "15-key-case")
    one(keycase_dialogs.plan_dialog(runner, leader, host, 1, people, today), "16-key-case-plan")
    one(keycase_dialogs.mediation_dialog(runner, leader, host, today), "17-mediation")
    one(keycase_dialogs.sign_dialog(runner, leader, host, 1, {s: "张三" for s in MediationSigner}),
        "18-mediation-signature")
    one(keycase_dialogs.panel_dialog(runner, leader, host, 5, today), "19-review-panel")
    host.deleteLater()


def main() -> int:
    app = make_application()
    install_language("zh")
    ctx, actors = prepare()
    runner = TaskRunner(ctx)
    with ctx.db.read() as s:
        office = load_profile(s).display_name
    try:
        for width, height in SIZES:
            folder = OUT / f"{width}x{height}"
            clerk = MainWindow(runner, actors["liwei"], office, today=ctx.today())
            clerk.resize(width, height)
            clerk.show()
            settle(app, runner, 600)
            shoot(clerk, folder / "00-ledger.png")
            walk_intake(app, runner, clerk, folder)
            row = clerk.ledger.model.row_at(min(5, clerk.ledger.model.rowCount() - 1))
            clerk.open_matter(row.case_number)
            settle(app, runner, 500)
            shoot(clerk, folder / "05-matter.png")
            clerk.close()
            admin = MainWindow(runner, actors["admin"], office, today=ctx.today())
            admin.resize(width, height)
            admin.show()
            admin.tabs.setCurrentWidget(admin.settings_tab)
            settle(app, runner, 500)
            shoot(admin, folder / "06-settings.png")
            admin.close()
            leader = MainWindow(runner, actors["sunqiang"], office, today=ctx.today())
            leader.resize(width, height)
            leader.show()
            leader.tabs.setCurrentWidget(leader.dashboard_holder)  # computed on opening, months to close named
            settle(app, runner, 1500)
            shoot(leader, folder / "07-dashboard.png")
            leader.close()
            leader.deleteLater()
            clerk.deleteLater()
            admin.deleteLater()
            settle(app, runner, 100)
        shoot_dialogs(app, runner, ctx, actors)
    finally:
        runner.shutdown()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
