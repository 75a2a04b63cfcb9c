"""The statistics dashboard (QtCharts). ``DashboardWidget(ctx, actor, run_task)`` emits
``ledger_filter_requested(LedgerFilter)`` when a bar or a list row is clicked."""

from ui.dashboard.tasks import run_in_pool
from ui.dashboard.widget import DashboardWidget

__all__ = ["DashboardWidget", "run_in_pool"]
