"""统计 → 分析报告: the report screen (period, comment, preview, save as PDF/XLSX, print)."""

from ui.analysis_report.dialog import AnalysisReportDialog

__all__ = ["AnalysisReportDialog"]
