"""Documents of key cases and mediation: the quarterly tough-case list (季度攻坚清单), the monthly 通报 and
the 《调解协议书》. ``data`` holds their frozen dataclasses, ``render`` lays them out, ``builders`` fills
them from the record (``printing`` may import ``desktop``; the reverse never happens)."""
