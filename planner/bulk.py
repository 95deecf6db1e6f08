"""Bulk reads and writes straight through the database driver, for sync's 100,000 items.

SQLAlchemy's per-row processing costs about as much as the database's own work (3–4 µs a row,
measured on 100,000 items), so these take and give plain tuples of driver values: times as
``Store.db_time`` makes them, compared and stored as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement


def fetch_raw(conn: Connection, query: ClauseElement) -> Sequence[Any]:
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    order = getattr(compiled, "positiontup", None)  # SQLCompiler's: None for named styles
    params = compiled.params if order is None else tuple(compiled.params[k] for k in order)
    return _driver(conn, str(compiled), params)


def _driver(conn: Connection, sql: str, params: Any, *, many: bool = False) -> list[Any]:
    """``sql`` on the transaction's own DBAPI cursor: plain tuples, half the cost of
    SQLAlchemy's rows; errors wrapped as SQLAlchemy's, for Store.begin to explain."""
    dbapi = conn.dialect.loaded_dbapi
    cursor = conn.connection.cursor()
    try:
        if many:
            cursor.executemany(sql, params)
            return []
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, params, exc, dbapi.Error) from exc
    finally:
        cursor.close()


CHUNK = 500  # values per IN (…): well under every database's limit on parameters


def fetch_in(
    conn: Connection, query: Callable[[list[str]], ClauseElement], values: Sequence[str]
) -> list[Any]:
    """The rows of ``query(chunk)`` for every chunk of ``values``: the statement is compiled
    once (the last chunk padded with repeats), not once per chunk."""
    if not values:
        return []
    marks = [f"\x00{n}" for n in range(CHUNK)]
    compiled = query(marks).compile(
        dialect=conn.dialect, compile_kwargs={"render_postcompile": True}
    )
    slots = {k: int(v[1:]) for k, v in compiled.params.items() if str(v).startswith("\x00")}
    order = getattr(compiled, "positiontup", None)
    sql = str(compiled)
    found: list[Any] = []
    for at in range(0, len(values), CHUNK):
        chunk = list(values[at : at + CHUNK])
        chunk += [chunk[0]] * (CHUNK - len(chunk))
        named = {k: chunk[n] for k, n in slots.items()}
        params = named if order is None else tuple(named[k] for k in order)
        found.extend(_driver(conn, sql, params))
    return found


def write_raw(
    conn: Connection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    where: Sequence[str] = (),
) -> None:
    """INSERT ``columns``, or with ``where`` UPDATE … SET ``columns`` WHERE ``where`` (each
    equal to its value), once per row of values: ``columns`` then ``where``."""
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    if where:
        sets = ", ".join(f"{quote(c)} = {mark}" for c in columns)
        test = " AND ".join(f"{quote(c)} = {mark}" for c in where)
        sql = f"UPDATE {quote(table)} SET {sets} WHERE {test}"
    else:
        names = ", ".join(quote(c) for c in columns)
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join([mark] * len(columns))})"
    _driver(conn, sql, rows, many=True)
