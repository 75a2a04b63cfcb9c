"""《信访工作分析报告》: PDF (ReportLab, with charts) and XLSX (openpyxl, one sheet per table), both
rendered from one :class:`desktop.statistics.report.AnalysisReport`, so they show the same numbers."""

from printing.analysis_report.pdf import render_pdf
from printing.analysis_report.xlsx import render_xlsx

__all__ = ["render_pdf", "render_xlsx"]
