"""The statistics dashboard (QtCharts). ``DashboardWidget(ctx, actor, tasks)`` computes through the
desk's task helper (``ui.tasks.TaskRunner``) and emits ``ledger_filter_requested(LedgerFilter)``
when a bar or a list row is clicked."""

from ui.dashboard.widget import DashboardWidget

__all__ = ["DashboardWidget"]
