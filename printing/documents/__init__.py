"""One renderer per document; each takes a frozen dataclass from :mod:`printing.data`."""
