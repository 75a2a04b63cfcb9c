"""`reception doctor` and 帮助 → 自检: what a desk needs, checked one line each.

Outside ``desktop.services`` on purpose: it composes the core with ``recording`` (devices) and ``printing``
(fonts, printers), which the services may not import."""
