"""The window words an environment fault in one sentence and never shows an exception's own text (which may
hold an SQL statement and the personal data it carried)."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import OperationalError


def test_a_database_error_is_words_not_sql(qapp) -> None:  # type: ignore[no-untyped-def]
    from desktop.domain.errors import DomainError
    from ui.errors import describe

    full = OperationalError("INSERT INTO petitioners (name, id_masked) VALUES (?, ?)", ("张三", "110105********0025"),
                            sqlite3.OperationalError("database or disk is full"))
    assert describe(full) == "磁盘已满：未写入任何数据，请腾出空间后重试"
    odd = OperationalError("SELECT * FROM staff WHERE username = ?", ("张三",), sqlite3.OperationalError("weird"))
    text = describe(odd)
    assert "SELECT" not in text and "张三" not in text and text == "出错了：OperationalError"
    newer = DomainError("database_too_new", made_by="9.9.0", this="0.1.0")
    assert describe(newer) == "该数据库由较新的版本 9.9.0 建立，本程序是 0.1.0：请升级本程序（数据库未做任何更改）"
    assert "\n" not in describe(OSError(30, "Read-only file system", "/data/reception.sqlite3"))
