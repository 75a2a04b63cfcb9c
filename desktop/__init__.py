"""Reception Room's application core: storage, the procedure's rules and services, the command line."""

__version__ = "0.1.0"
