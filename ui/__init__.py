"""Everything the clerk sees: windows, the intake wizard, table models, translations."""

from ui.qt_compat import make_none_immortal

make_none_immortal()
