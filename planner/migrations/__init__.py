"""Alembic migrations of the store, run on first use by :func:`upgrade` (never by hand in use).

A new schema is a new file in versions/ (copy the newest and edit it, or see env.py for
autogenerate), and ``planner.store.SCHEMA_REVISION`` raised to its revision id.
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from ..i18n import _
from ..store import MIGRATIONS, SCHEMA_REVISION, Store, StoreError

_LOCK = 0x5061_7263  # pg_advisory_xact_lock key: "Parc"


def upgrade(store: Store) -> None:
    """Bring the store's schema to SCHEMA_REVISION; a store already there costs one query."""
    with store.begin() as conn:
        current = _current(conn)
    if current == SCHEMA_REVISION:
        return
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    known = {r.revision for r in ScriptDirectory.from_config(config).walk_revisions()}
    if current is not None and current not in known:
        raise StoreError(
            _("the store {store} was made by a newer version of Parcours (schema {schema})").format(
                store=store.shown, schema=current
            ),
            store.origin,
            _("upgrade Parcours: {command}").format(command="pip install -U parcours-planner"),
        )
    # Two processes starting at once: the second waits for the first's lock, then finds the
    # schema up to date (Alembic reads the version again inside the transaction).
    try:
        with store.engine.connect() as conn:
            if store.is_sqlite:
                conn.execution_options(sqlite_begin="EXCLUSIVE")
            with conn.begin():
                if not store.is_sqlite:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
    except DBAPIError as exc:
        error = store.error(exc)
        if error is None:
            raise
        raise error from None


def _current(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return str(value) if value is not None else None
