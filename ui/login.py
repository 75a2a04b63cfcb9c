"""First start (township, office, first administrator) and sign-in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.domain.enums import Role
from desktop.domain.errors import PermissionDenied
from desktop.services import settings_service, signin, users
from desktop.services.permissions import Actor
from desktop.services.seed import seed_defaults
from ui.errors import describe, field_problems
from ui.i18n import tr
from ui.tasks import TaskRunner
from ui.widgets.forms import FieldNote, add_field


class SignInForm(QWidget):
    """User name and password; used by the login dialog and by the lock screen."""

    signed_in = Signal(object)  # Actor

    def __init__(self, runner: TaskRunner, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        form = QFormLayout(self)
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("用户名"), self.username)
        form.addRow(tr("密码"), self.password)
        self.message = QLabel()
        self.message.setObjectName("signin_message")
        self.message.setStyleSheet("color: #b3261e;")
        form.addRow(self.message)
        self.password.returnPressed.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.busy = False

    def submit(self) -> None:
        if self.busy:
            return
        name, password = self.username.text().strip(), self.password.text()
        if not name or not password:
            self.message.setText(tr("请输入用户名和密码"))
            return
        self.busy = True
        ctx = self.runner.ctx
        # The refusal comes back as a value so that the failure's audit entry and count are committed.
        self.runner.write(lambda s: signin.attempt_sign_in(ctx, s, name, password), self._done, self._failed,
                          owner=self)

    def _done(self, outcome: Actor | PermissionDenied) -> None:
        if isinstance(outcome, PermissionDenied):
            self._failed(outcome)
            return
        actor = outcome
        self.busy = False
        self.password.clear()
        self.message.clear()
        self.signed_in.emit(actor)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.password.clear()
        self.password.setFocus()
        self.message.setText(describe(error))


class LoginDialog(QDialog):
    def __init__(self, runner: TaskRunner, office_name: str, username: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("登录 — {office}").format(office=office_name))
        self.actor: Actor | None = None
        box = QVBoxLayout(self)
        title = QLabel(office_name)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 18pt; font-weight: bold; margin: 8px;")
        box.addWidget(title)
        self.form = SignInForm(runner, username)
        box.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("退出"))
        buttons.accepted.connect(self.form.submit)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.form.signed_in.connect(self._signed_in)
        (self.form.password if username else self.form.username).setFocus()
        self.setMinimumWidth(380)

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()


class SetupDialog(QDialog):
    """First start on an empty database: the office's names and the first administrator."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.actor: Actor | None = None
        self.setWindowTitle(tr("首次使用：设置本接待室"))
        box = QVBoxLayout(self)
        intro = QLabel(tr("这是第一次启动。请填写乡镇和接待室名称，并设置第一位系统管理员。"))
        intro.setWordWrap(True)
        box.addWidget(intro)
        form = QFormLayout()
        box.addLayout(form)
        self.township = QLineEdit()
        self.township.setObjectName("township")
        self.office = QLineEdit(tr("信访接待室"))
        self.office.setObjectName("office")
        # The office's identity as its documents print it (GB/T 9704: 发文机关, 发文字号's code, the
        # 上一级机关 for 复查): asked once here, kept in the settings.
        self.identity: dict[str, QLineEdit] = {}
        for key, name in (("office.issuing_organ", "issuing_organ"), ("office.organ_code", "organ_code"),
                          ("office.review_body", "review_body"), ("office.review_address", "review_address"),
                          ("office.phone", "office_phone"), ("office.query_address", "query_address"),
                          ("office.query_url", "query_url")):
            edit = QLineEdit()
            edit.setObjectName(name)
            self.identity[key] = edit
        self.identity["office.issuing_organ"].setPlaceholderText(tr("例如：青山镇人民政府"))
        self.identity["office.organ_code"].setPlaceholderText(tr("例如：青（文号为 青信访〔2026〕1号）"))
        self.identity["office.review_body"].setPlaceholderText(tr("例如：山南县人民政府"))
        self.identity["office.query_url"].setPlaceholderText(tr("可不填"))
        self.username = QLineEdit("admin")
        self.username.setObjectName("admin_username")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("admin_name")
        self.password = QLineEdit()
        self.password.setObjectName("admin_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("admin_confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.notes: dict[str, FieldNote] = {
            "township": add_field(form, tr("乡镇（街道）"), self.township),
            "office": add_field(form, tr("接待室名称"), self.office),
            "office.issuing_organ": add_field(form, tr("发文机关（文书的署名和印章）"),
                                              self.identity["office.issuing_organ"]),
            "office.organ_code": add_field(form, tr("机关代字（用于发文字号）"), self.identity["office.organ_code"]),
            "office.review_body": add_field(form, tr("上一级机关（受理复查、复核）"),
                                            self.identity["office.review_body"]),
            "office.review_address": add_field(form, tr("上一级机关地址"), self.identity["office.review_address"]),
            "office.phone": add_field(form, tr("办公电话"), self.identity["office.phone"]),
            "office.query_address": add_field(form, tr("查询地址"), self.identity["office.query_address"]),
            "office.query_url": add_field(form, tr("查询网址"), self.identity["office.query_url"]),
            "username": add_field(form, tr("管理员用户名"), self.username),
            "display_name": add_field(form, tr("管理员姓名"), self.display_name),
            "password": add_field(form, tr("密码（至少 {minimum} 位）").format(minimum=users.MIN_PASSWORD_LENGTH), self.password),
            "confirm": add_field(form, tr("再次输入密码"), self.confirm),
        }
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("完成设置"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("退出"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _problems(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if not self.township.text().strip():
            out["township"] = tr("必填")
        if not self.office.text().strip():
            out["office"] = tr("必填")
        for key in ("office.issuing_organ", "office.organ_code", "office.review_body", "office.phone"):
            if not self.identity[key].text().strip():
                out[key] = tr("必填")
        if not self.username.text().strip():
            out["username"] = tr("必填")
        if len(self.password.text()) < users.MIN_PASSWORD_LENGTH:
            out["password"] = tr("密码至少 {minimum} 位").format(minimum=users.MIN_PASSWORD_LENGTH)
        if self.confirm.text() != self.password.text():
            out["confirm"] = tr("两次输入的密码不一致")
        return out

    def submit(self) -> None:
        problems = self._problems()
        for key, note in self.notes.items():
            note.show_problem(problems[key]) if key in problems else note.clear_note()
        if problems:
            return
        ctx = self.runner.ctx
        township, office = self.township.text().strip(), self.office.text().strip()
        username, name, password = self.username.text().strip(), self.display_name.text().strip(), self.password.text()
        identity = {key: edit.text().strip() for key, edit in self.identity.items()}

        def work(session: Session) -> Actor:
            ctx.initialise_in(session)  # the GUI's `reception init`: the keys are made for this empty database
            seed_defaults(session)
            staff = users.create_staff(ctx, session, None, username=username, display_name=name or username,
                                       password=password, roles=[Role.ADMIN])
            session.flush()
            actor = users.actor_of(staff)
            settings_service.set_setting(ctx, session, actor, "office.township", township)
            settings_service.set_setting(ctx, session, actor, "office.name", office)
            for key, value in identity.items():
                if value:
                    settings_service.set_setting(ctx, session, actor, key, value)
            return actor

        self.buttons.setEnabled(False)
        self.runner.write(work, self._done, self._failed, owner=self)

    def _done(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        problems = field_problems(error)
        mapping = {"username": "username", "password": "password", **{key: key for key in self.identity}}
        shown = False
        for field, text in problems.items():
            if field in mapping:
                self.notes[mapping[field]].show_problem(text)
                shown = True
        if not shown:
            self.notes["township"].show_problem(describe(error))
