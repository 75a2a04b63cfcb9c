"""An attacker with the database file alone (no key) tries to rebuild petitioners' ID and phone numbers from
the clear columns, on the sample data. Found as a defect: the ID mask's region and last four plus the clear
birth date gave back every full ID number (56 of 56). The goal: no ID narrowed below 1,000 candidates and no
phone below 10,000, and no clear column holds a hidden digit run."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, inspect, select, text

from desktop.db.models import Petitioner
from desktop.domain.idnumber import EARLIEST_BIRTH, check_digit
from desktop.domain.privacy import age_band
from desktop.services import users
from desktop.services.petitioners import ID_CONTEXT, PHONE_CONTEXT

# Columns an attacker cannot read without the key: ciphertexts and keyed hashes.
SECRET = {"id_cipher", "id_index", "phone_cipher", "phone_index"}


WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643
CHECK = "10X98765432"
_residues: dict[tuple[str | None, date], Counter[int]] = {}


def _date_residues(band: str | None, registered: date) -> Counter[int]:
    """How many possible birth dates give each weighted-sum residue (mod 11) of the 8 birth digits."""
    key = (band, registered)
    if key not in _residues:
        found: Counter[int] = Counter()
        day = EARLIEST_BIRTH
        while day <= registered:
            if band is None or age_band(day, registered) == band:
                found[sum(int(c) * w for c, w in zip(day.strftime("%Y%m%d"), WEIGHTS[6:14], strict=True)) % 11] += 1
            day += timedelta(days=1)
        _residues[key] = found
    return _residues[key]


def id_candidates(masked: str, band: str | None, registered: date) -> int:
    """Every 18-character number that fits the mask, the age band at registration and the check digit."""
    region, tail = masked[:6], masked[-4:]
    fixed = sum(int(c) * w for c, w in zip(region + "00000000" + tail[:3], WEIGHTS, strict=True))
    return sum(n for r, n in _date_residues(band, registered).items() if CHECK[(fixed + r) % 11] == tail[3])


def phone_candidates(masked: str) -> int:
    return 10 ** masked.count("*")


@pytest.fixture
def sample(ctx, db_url):  # type: ignore[no-untyped-def]
    from desktop import sample_data
    from desktop.domain.enums import Role

    with ctx.db.session() as s:
        admin = users.actor_of(users.create_staff(ctx, s, None, username="admin", display_name="管理员",
                                                  password="admin-pass-1", roles=[Role.ADMIN]))
    sample_data.fill(ctx, admin, days=10, per_day=5)
    return ctx


def test_no_id_or_phone_can_be_rebuilt_from_clear_columns(sample, db_url) -> None:  # type: ignore[no-untyped-def]
    ctx = sample
    with ctx.db.read() as s:
        people = list(s.scalars(select(Petitioner).where(Petitioner.id_cipher.is_not(None))))
        truth = {p.id: (ctx.cipher.decrypt(p.id_cipher, context=ID_CONTEXT),
                        ctx.cipher.decrypt(p.phone_cipher, context=PHONE_CONTEXT) if p.phone_cipher else None)
                 for p in people}
    assert len(people) >= 20
    # What the attacker reads: every column of the table that is not a ciphertext or a keyed hash.
    engine = create_engine(db_url)
    columns = [c["name"] for c in inspect(engine).get_columns("petitioners") if c["name"] not in SECRET]
    with engine.connect() as conn:
        clear = {row.id: row for row in conn.execute(text(f"SELECT {', '.join(columns)} FROM petitioners"))}
    engine.dispose()
    for pid, (number, phone) in truth.items():
        row = clear[pid]
        hidden_id = number[6:14]
        texts = [str(v) for k, v in row._mapping.items() if k != "id" and v is not None]
        digits = ["".join(ch for ch in t if ch.isdigit()) for t in texts]
        assert not any(hidden_id in d for d in digits), f"a clear column gives away the birth date of #{pid}"
        registered = date.fromisoformat(str(row.created_at)[:10])  # UTC; a day off changes nothing here
        n = id_candidates(row.id_masked, row.age_band, registered)
        assert n >= 1000, f"ID of #{pid} narrowed to {n} candidates"
        assert number[:6] + "*" * 8 + number[-4:] == row.id_masked
        if phone:
            assert phone_candidates(row.phone_masked) >= 10_000
            assert row.phone_masked == phone[:3] + "****" + phone[-4:]


def test_the_old_layout_would_have_failed_this_test() -> None:
    """The check itself can fail: with the birth date clear, one candidate is left."""
    number = "11010519900307002" + check_digit("11010519900307002")
    birth = date(1990, 3, 7)
    region, tail = number[:6], number[-4:]
    first17 = region + birth.strftime("%Y%m%d") + tail[:3]
    assert check_digit(first17) == tail[3]  # the single candidate the clear birth date leaves
    assert id_candidates(number[:6] + "*" * 8 + number[-4:], "0-34", date(2025, 3, 3)) >= 1000
    brute = sum(1 for d in range(365) if check_digit(
        region + (date(1990, 1, 1) + timedelta(days=d)).strftime("%Y%m%d") + tail[:3]) == tail[3])
    year = sum(n for r, n in Counter(
        sum(int(c) * w for c, w in zip((date(1990, 1, 1) + timedelta(days=d)).strftime("%Y%m%d"), WEIGHTS[6:14],
                                       strict=True)) % 11 for d in range(365)).items()
        if CHECK[(sum(int(c) * w for c, w in zip(region + "00000000" + tail[:3], WEIGHTS, strict=True)) + r) % 11]
        == tail[3])
    assert brute == year  # the residue count agrees with the real check digit
    narrow = sum(1 for d in range(3650) if check_digit(
        region + (date(1985, 1, 1) + timedelta(days=d)).strftime("%Y%m%d") + tail[:3]) == tail[3])
    assert narrow < 1000  # a ten-year age band would narrow it too far: bands are 35 years wide


def test_a_month_of_ordinary_work_verifies_clean(sample) -> None:  # type: ignore[no-untyped-def]
    """Every path the sample data takes (intake, letters, signatures, handover, follow-up…) audits the rows it
    changes: verify finds nothing to report on honest work."""
    from desktop.services import audit_verify

    with sample.db.read() as s:
        report = audit_verify.verify_all(s)
    assert report.problems == [] and report.rows["matters"] >= 20 and report.entries > 100


def test_no_table_holds_a_clear_id_or_phone_number(sample, db_url) -> None:  # type: ignore[no-untyped-def]
    """Beyond the petitioners table: audit details, search text, drafts, visits… none holds a number."""
    ctx = sample
    with ctx.db.read() as s:
        secrets = set()
        for p in s.scalars(select(Petitioner)):
            if p.id_cipher is not None:
                number = ctx.cipher.decrypt(p.id_cipher, context=ID_CONTEXT)
                secrets |= {number, number[6:14] + number[14:]}
            if p.phone_cipher is not None:
                secrets.add(ctx.cipher.decrypt(p.phone_cipher, context=PHONE_CONTEXT))
    engine = create_engine(db_url)
    found = []
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        continue
                    clear = str(value)
                    found += [(table, secret) for secret in secrets if secret in clear]
    engine.dispose()
    assert found == []
