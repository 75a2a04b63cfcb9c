"""Settings for the administrator: office texts, limits and thresholds (built from the SETTINGS registry),
departments, staff and roles, the routing table and calendar overrides. Every change goes through the
services, which audit it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import AppealRoute, Category, RegulationType, Role
from desktop.domain.rules_config import SETTINGS_BY_KEY
from desktop.services import calendar_service, settings_service, ui_support, users
from desktop.services.permissions import Actor, Permission
from ui.errors import describe
from ui.i18n import N_, current_language, tr
from ui.matter.dialogs import Field, ask
from ui.tasks import TaskRunner
from ui.words import word

OFFICE_LABELS = {
    "office.township": N_("乡镇（街道）"), "office.name": N_("接待室名称"), "office.short": N_("机关代字"),
    "office.phone": N_("联系电话"), "office.case_prefix": N_("编号前缀"), "office.review_body": N_("上一级机关（受理复查、复核）"),
    "office.scope_notice": N_("告知文本（受理范围和时限）"),
    "office.issuing_organ": N_("发文机关（文书的署名和印章）"), "office.organ_code": N_("机关代字（用于发文字号）"),
    "office.review_address": N_("上一级机关地址"), "office.query_address": N_("查询地址"),
    "office.query_url": N_("查询网址"),
    "prevention.rhythm_grid": N_("网格排查报告频次（daily / weekly 1–7 / monthly）"),
    "prevention.rhythm_village": N_("村排查报告频次（weekly 3 = 每周三）"),
    "prevention.rhythm_unit": N_("镇属单位排查报告频次"),
    "prevention.red_follow_up_hours": N_("红色事项领导到场时限（工作日小时）"),
    "prevention.three_no_goal_percent": N_("三无村目标（%）"),
    "prevention.backlog_after_days": N_("未办结多少日计为信访积案"),
    "prevention.key_person_roles": N_("可查看重点人员的角色"),
    "prevention.contact_every_days": N_("重点人员平时联系间隔（日）"),
}  # fmt: skip


def font_notice() -> str:
    """Tells the administrator which of GB/T 9704's faces (仿宋, 小标宋, 黑体) the documents lack and
    what stands in for them; empty when every role has its own face."""
    from printing.errors import NoFontError
    from printing.fonts import font_report

    try:
        uses = font_report()
    except NoFontError:
        return tr("没有可用的中文字体，文书无法生成")
    return "\n".join(tr("公文字体：{style}未找到（查找 {files}），暂用 {path} 代替").format(
        style=u.style, files="、".join(u.looked_for), path=u.path) for u in uses if u.stand_in)


def _table(headers: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    return t


def _ro(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class SettingsPage(QWidget):
    setting_saved = Signal(str)
    settings_failed = Signal(str)

    def __init__(self, runner: TaskRunner, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor = runner, actor
        box = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setObjectName("settings_message")
        box.addWidget(self.message)
        self.font_notice = QLabel(font_notice())
        self.font_notice.setObjectName("font_notice")
        self.font_notice.setWordWrap(True)
        self.font_notice.setVisible(bool(self.font_notice.text()))
        box.addWidget(self.font_notice)
        self.tabs = QTabWidget()
        box.addWidget(self.tabs, 1)
        if actor.can(Permission.MANAGE_SETTINGS):
            self.rules_table = _table([tr("设置项"), tr("当前值"), tr("说明")], "settings_rules")
            self.rules_table.itemChanged.connect(self._rule_edited)
            self.tabs.addTab(self.rules_table, tr("时限与阈值"))
            self.office_table = _table([tr("项目"), tr("内容")], "settings_office")
            self.office_table.itemChanged.connect(self._office_edited)
            self.tabs.addTab(self.office_table, tr("接待室与告知文本"))
            self.tabs.addTab(self._departments_tab(), tr("部门"))
            self.tabs.addTab(self._routing_tab(), tr("分流规则"))
            self.tabs.addTab(self._calendar_tab(), tr("工作日历"))
        if actor.can(Permission.MANAGE_USERS):
            self.tabs.addTab(self._staff_tab(), tr("人员与角色"))
        if actor.can(Permission.MANAGE_SETTINGS):  # a clerk finds the same under 工作 → 录像设备设置
            from desktop.services.recordings import office_key_fingerprint
            from ui.settings.devices import DevicesTab

            self.devices_tab = DevicesTab(fingerprint=office_key_fingerprint(runner.ctx.keys))
            self.tabs.addTab(self.devices_tab, tr("录像设备"))
        self.reload()

    # --- plumbing ------------------------------------------------------------------------------
    def _write(self, work: Callable[[Any], Any], what: str) -> None:
        def done(_r: Any) -> None:
            self.message.setStyleSheet("color: #1b6e20;")
            self.message.setText(tr("已保存：{what}").format(what=what))
            self.setting_saved.emit(what)
            self.reload()

        def failed(error: BaseException) -> None:
            self.message.setStyleSheet("color: #b3261e;")
            self.message.setText(tr("未保存（{what}）：{why}").format(what=what, why=describe(error)))
            self.settings_failed.emit(describe(error))
            self.reload()

        self.runner.write(work, done, failed, owner=self)

    def reload(self) -> None:
        ctx = self.runner.ctx

        def load(s):  # type: ignore[no-untyped-def]
            return {"settings": settings_service.all_settings(ctx, s),
                    "departments": ui_support.departments(s, active_only=False),
                    "active_departments": {c.id for c in ui_support.departments(s)},
                    "routes": ui_support.routing_table(s),
                    "staff": [(x.username, x.display_name, sorted(x.role_set), x.active) for x in users.list_staff(s)],
                    "overrides": [(o.day, o.is_workday, o.note) for o in
                                  calendar_service.overrides_in_year(s, ctx.today().year)]}

        self.runner.read(load, self._loaded, owner=self)

    def _loaded(self, data: dict[str, Any]) -> None:
        self.data = data
        if self.actor.can(Permission.MANAGE_SETTINGS):
            self._fill_settings(data["settings"])
            self._fill_departments(data["departments"])
            self._fill_routes(data["routes"])
            self._fill_overrides(data["overrides"])
        if self.actor.can(Permission.MANAGE_USERS):
            self._fill_staff(data["staff"])

    # --- limits and office texts -------------------------------------------------------------
    def _fill_settings(self, rows: list[tuple[str, str, bool]]) -> None:
        en = current_language() == "en"
        for table in (self.rules_table, self.office_table):
            table.blockSignals(True)
            table.setRowCount(0)
        for key, value, _default in rows:
            spec = SETTINGS_BY_KEY.get(key)
            if spec is not None:
                t = self.rules_table
                r = t.rowCount()
                t.insertRow(r)
                t.setItem(r, 0, _ro(spec.description_en if en else spec.description_zh))
                item = QTableWidgetItem(_shown(spec, value))
                item.setData(Qt.ItemDataRole.UserRole, key)
                t.setItem(r, 1, item)
                explained = _ro(_explained(spec))
                explained.setToolTip(tr("命令行：reception settings set {key} …").format(key=key))
                t.setItem(r, 2, explained)
            else:
                t = self.office_table
                r = t.rowCount()
                t.insertRow(r)
                t.setItem(r, 0, _ro(tr(OFFICE_LABELS.get(key, key))))
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, key)
                t.setItem(r, 1, item)
        for table in (self.rules_table, self.office_table):
            table.resizeRowsToContents()
            table.blockSignals(False)

    def save_setting(self, key: str, text: str) -> None:
        ctx, actor = self.runner.ctx, self.actor
        self._write(lambda s: settings_service.set_setting(ctx, s, actor, key, text), key)

    def _rule_edited(self, item: QTableWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if key:
            self.save_setting(key, item.text())

    def _office_edited(self, item: QTableWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if key:
            self.save_setting(key, item.text())

    # --- departments ---------------------------------------------------------------------------
    def _departments_tab(self) -> QWidget:
        w = QWidget()
        box = QVBoxLayout(w)
        row = QHBoxLayout()
        self.new_department = QLineEdit()
        self.new_department.setObjectName("new_department")
        self.new_department.setPlaceholderText(tr("新部门名称"))
        add = QPushButton(tr("添加部门"))
        add.setObjectName("add_department")
        add.clicked.connect(self.add_department)
        self.new_department.returnPressed.connect(self.add_department)
        row.addWidget(self.new_department, 1)
        row.addWidget(add)
        box.addLayout(row)
        self.departments_table = _table([tr("部门"), tr("启用")], "settings_departments")
        self.departments_table.itemChanged.connect(self._department_edited)
        box.addWidget(self.departments_table, 1)
        return w

    def add_department(self) -> None:
        name = self.new_department.text().strip()
        if name:
            ctx, actor = self.runner.ctx, self.actor
            self.new_department.clear()
            self._write(lambda s: ui_support.add_department(ctx, s, actor, name), name)

    def _fill_departments(self, depts: list[ui_support.Choice]) -> None:
        t = self.departments_table
        t.blockSignals(True)
        t.setRowCount(0)
        for d in depts:
            r = t.rowCount()
            t.insertRow(r)
            name = QTableWidgetItem(d.name)
            name.setData(Qt.ItemDataRole.UserRole, d.id)
            t.setItem(r, 0, name)
            on = QTableWidgetItem()
            on.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            on.setData(Qt.ItemDataRole.UserRole, d.id)
            on.setCheckState(Qt.CheckState.Checked if d.id in self._active_ids() else Qt.CheckState.Unchecked)
            t.setItem(r, 1, on)
        t.blockSignals(False)

    def _active_ids(self) -> set[int]:
        return set(self.data.get("active_departments", ()))

    def _department_edited(self, item: QTableWidgetItem) -> None:
        dept_id = item.data(Qt.ItemDataRole.UserRole)
        ctx, actor = self.runner.ctx, self.actor
        if item.column() == 0:
            name = item.text()
            self._write(lambda s: ui_support.update_department(ctx, s, actor, dept_id, name=name), name)
        else:
            on = item.checkState() == Qt.CheckState.Checked
            self._write(lambda s: ui_support.update_department(ctx, s, actor, dept_id, active=on), tr("部门"))

    # --- routing -------------------------------------------------------------------------------
    def _routing_tab(self) -> QWidget:
        w = QWidget()
        box = QVBoxLayout(w)
        add = QPushButton(tr("添加或修改规则…"))
        add.setObjectName("edit_route")
        add.clicked.connect(self.edit_route)
        box.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        self.routes_table = _table([tr("类别"), tr("条例分类"), tr("途径"), tr("承办部门"), tr("说明")],
                                   "settings_routes")
        self.routes_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        box.addWidget(self.routes_table, 1)
        return w

    def _fill_routes(self, routes: list[ui_support.RouteRow]) -> None:
        t = self.routes_table
        t.setRowCount(0)
        for route in routes:
            r = t.rowCount()
            t.insertRow(r)
            for c, text in enumerate((word(route.category) or tr("任意"), word(route.regulation_type) or tr("任意"),
                                      word(route.appeal_route) or tr("任意"), route.department, route.note)):
                t.setItem(r, c, _ro(text))

    def edit_route(self) -> None:
        def opts(values: list) -> list[tuple[str, Any]]:  # type: ignore[type-arg]
            return [(tr("任意"), None)] + [(word(v), v) for v in values]

        depts = [(d.name, d.id) for d in self.data["departments"]]
        values = ask(self, tr("分流规则"), [
            Field("category", tr("类别"), "choice", opts(list(Category)), required=False),
            Field("regulation_type", tr("条例分类"), "choice", opts(list(RegulationType)), required=False),
            Field("appeal_route", tr("途径"), "choice", opts(list(AppealRoute)), required=False),
            Field("department", tr("承办部门"), "choice", depts), Field("note", tr("说明"), required=False)])
        if values is not None:
            self.save_route(values["category"], values["regulation_type"], values["appeal_route"],
                            values["department"], values["note"])

    def save_route(self, category: Category | None, reg: RegulationType | None, route: AppealRoute | None,
                   department_id: int, note: str = "") -> None:
        ctx, actor = self.runner.ctx, self.actor
        self._write(lambda s: ui_support.set_route(ctx, s, actor, category=category, regulation_type=reg,
                                                   appeal_route=route, department_id=department_id, note=note),
                    tr("分流规则"))

    # --- calendar ------------------------------------------------------------------------------
    def _calendar_tab(self) -> QWidget:
        w = QWidget()
        box = QVBoxLayout(w)
        row = QHBoxLayout()
        self.day = QDateEdit(QDate(self.runner.ctx.today()))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day_kind = QComboBox()
        self.day_kind.addItem(tr("工作日（调休上班）"), True)
        self.day_kind.addItem(tr("休息日（节假日）"), False)
        self.day_note = QLineEdit()
        self.day_note.setPlaceholderText(tr("说明"))
        save = QPushButton(tr("设置"))
        save.clicked.connect(lambda: self.save_day(self.day.date().toPython(), self.day_kind.currentData(),
                                                   self.day_note.text()))
        for x in (self.day, self.day_kind, self.day_note, save):
            row.addWidget(x)
        box.addLayout(row)
        hint = QLabel(tr("官方日历之外的年份或更正，在这里逐日设置；列表为本年的设置。"))
        hint.setWordWrap(True)
        box.addWidget(hint)
        self.overrides_table = _table([tr("日期"), tr("类型"), tr("说明")], "settings_calendar")
        self.overrides_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        box.addWidget(self.overrides_table, 1)
        return w

    def save_day(self, day: date, workday: bool, note: str = "") -> None:
        ctx, actor = self.runner.ctx, self.actor
        self._write(lambda s: calendar_service.set_day(ctx, s, actor, day, workday, note), day.isoformat())

    def _fill_overrides(self, rows: list[tuple[date, bool, str]]) -> None:
        t = self.overrides_table
        t.setRowCount(0)
        for day, workday, note in rows:
            r = t.rowCount()
            t.insertRow(r)
            t.setItem(r, 0, _ro(day.isoformat()))
            t.setItem(r, 1, _ro(tr("工作日") if workday else tr("休息日")))
            t.setItem(r, 2, _ro(note))

    # --- staff ---------------------------------------------------------------------------------
    def _staff_tab(self) -> QWidget:
        w = QWidget()
        box = QVBoxLayout(w)
        add = QPushButton(tr("添加人员…"))
        add.setObjectName("add_staff")
        add.clicked.connect(self.on_add_staff)
        box.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        self.staff_table = _table([tr("用户名"), tr("姓名")] + [word(r) for r in Role] + [tr("启用")],
                                  "settings_staff")
        self.staff_table.itemChanged.connect(self._staff_edited)
        box.addWidget(self.staff_table, 1)
        return w

    def _fill_staff(self, staff: list[tuple[str, str, list[Role], bool]]) -> None:
        t = self.staff_table
        t.blockSignals(True)
        t.setRowCount(0)
        for username, name, roles, active in staff:
            r = t.rowCount()
            t.insertRow(r)
            t.setItem(r, 0, _ro(username))
            t.setItem(r, 1, _ro(name))
            for c, role in enumerate(Role, start=2):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Checked if role in roles else Qt.CheckState.Unchecked)
                item.setData(Qt.ItemDataRole.UserRole, username)
                t.setItem(r, c, item)
            on = QTableWidgetItem()
            on.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            on.setCheckState(Qt.CheckState.Checked if active else Qt.CheckState.Unchecked)
            on.setData(Qt.ItemDataRole.UserRole, username)
            t.setItem(r, 2 + len(Role), on)
        t.blockSignals(False)

    def _staff_edited(self, item: QTableWidgetItem) -> None:
        username = item.data(Qt.ItemDataRole.UserRole)
        ctx, actor, t, r = self.runner.ctx, self.actor, self.staff_table, item.row()
        if item.column() == 2 + len(Role):
            on = item.checkState() == Qt.CheckState.Checked
            self._write(lambda s: users.set_active(ctx, s, actor, username, on), username)
            return
        roles = [role for c, role in enumerate(Role, start=2) if t.item(r, c).checkState() == Qt.CheckState.Checked]
        self._write(lambda s: users.set_roles(ctx, s, actor, username, roles), username)

    def on_add_staff(self) -> None:
        depts = [(tr("（无）"), None)] + [(d.name, d.name) for d in self.data["departments"]]
        values = ask(self, tr("添加人员"), [
            Field("username", tr("用户名")), Field("name", tr("姓名")), Field("password", tr("初始密码（至少 8 位）")),
            Field("role", tr("角色"), "choice", [(word(r), r) for r in Role]),
            Field("department", tr("所属部门"), "choice", depts, required=False)])
        if values is not None:
            self.add_staff(values["username"], values["name"], values["password"], [values["role"]],
                           values["department"])

    def add_staff(self, username: str, name: str, password: str, roles: list[Role],
                  department: str | None = None) -> None:
        ctx, actor = self.runner.ctx, self.actor
        self._write(lambda s: users.create_staff(ctx, s, actor, username=username, display_name=name,
                                                 password=password, roles=roles, department=department), username)


def _shown(spec, value: str) -> str:  # type: ignore[no-untyped-def]
    """Stored text as the administrator types it ("2 个工作日", "15 日", phrases with 、)."""
    import json

    from desktop.domain.rules_config import Period

    if spec.kind is Period:
        p = Period.parse(value)
        return f"{p.amount} {'个工作日' if p.unit.value == 'working' else '日'}"
    if isinstance(value, str) and value.startswith("["):
        return "、".join(json.loads(value))
    return value


def _explained(spec) -> str:  # type: ignore[no-untyped-def]
    """The 说明 column: the default and the allowed range, in words (the internal key is only a tooltip)."""
    from desktop.domain.rules_config import Period

    if isinstance(spec.default, Period):
        default = _shown(spec, str(spec.default))
    elif isinstance(spec.default, (list, tuple)):
        default = "、".join(spec.default)
    else:
        default = str(spec.default)
    if spec.minimum is not None and spec.maximum is not None:
        return tr("默认 {default}；可设 {minimum}–{maximum}").format(default=default, minimum=spec.minimum,
                                                                   maximum=spec.maximum)
    return tr("默认 {default}").format(default=default)
