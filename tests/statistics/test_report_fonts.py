"""The analysis report references no font it does not embed (the built-in Helvetica above all)."""

from __future__ import annotations

from desktop.statistics.periods import ReportPeriod
from desktop.statistics.report import build_report
from printing.analysis_report import render_pdf
from tests.printing.printing_pdf_tools import poppler


def test_report_embeds_every_font_and_never_names_helvetica(db_url, township) -> None:
    if not db_url.startswith("sqlite"):
        return  # rendering does not depend on the database
    with township.ctx.db.read() as s:
        report = build_report(township.ctx, s, township.team.dept_head, ReportPeriod.month(2025, 4))
    pdf = render_pdf(report)
    assert b"Helvetica" not in pdf
    rows = poppler("pdffonts", pdf).splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", f"font not embedded: {row}"
