"""What of a person may stay readable without the key, for lists and statistics.

The stored ID mask keeps the region (6 digits) and the last 4 (3 sequence digits, one of which gives the
sex, and the check digit). Of the 8 hidden birth-date digits, the check digit rules out about 10 dates in
11, so a clear column that narrows the birth date to fewer than ~11,000 days (30 years) narrows the
number to fewer than 1,000 candidates. The birth date is therefore kept only inside the encrypted ID
number, and statistics get an age band of at least 35 years, reckoned at registration.
"""

from __future__ import annotations

from datetime import date

# (label, youngest age in years); each band spans at least 35 years so no band narrows an ID number
# below 1,000 candidates (tests/desktop/test_reconstruction.py tries it).
AGE_BANDS: tuple[tuple[str, int], ...] = (("0-34", 0), ("35-69", 35), ("70+", 70))


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_band(birth: date | None, on: date) -> str | None:
    """The band label for someone born on ``birth``, as old as they were ``on`` that day."""
    if birth is None:
        return None
    age = max(0, age_on(birth, on))
    label = AGE_BANDS[0][0]
    for name, youngest in AGE_BANDS:
        if age >= youngest:
            label = name
    return label
