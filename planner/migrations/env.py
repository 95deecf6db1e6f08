"""Alembic's environment for the store.

In use, :func:`planner.store.open_store` runs the migrations on its own connection (passed in
``config.attributes["connection"]``, inside a transaction that holds the migration lock).
To write a new revision, from the repository's root::

    alembic -x url=sqlite:///scratch.db -c /dev/null \\
        --name alembic revision --autogenerate -m "what changed"

or, simpler, copy the newest file in versions/ and edit it; then raise
``planner.store.SCHEMA_REVISION`` to the new revision id.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from planner.store import Base

config = context.config
connection = config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///scratch.db")
    with create_engine(url).connect() as own:
        context.configure(connection=own, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
