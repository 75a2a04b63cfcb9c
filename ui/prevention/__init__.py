"""Prevention screens: the screening ledger, key persons, escalated visits and the 三无 village grid."""

from ui.prevention.page import PreventionPage

__all__ = ["PreventionPage"]
