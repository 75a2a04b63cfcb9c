"""Statistics of the reception room: the figures the office reports, defined once (``catalog``),
computed in SQL (``figures``, ``breakdowns``, ``repeats``) and gathered for the report and the
dashboard by :func:`desktop.statistics.report.build_report`. No Qt."""
