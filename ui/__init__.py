"""Everything the clerk sees: windows, the intake wizard, table models, translations."""
