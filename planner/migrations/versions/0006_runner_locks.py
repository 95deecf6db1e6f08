"""runners.lock_key: the advisory lock a PostgreSQL runner holds while it lives (lifeline.py),
by which the others tell it is alive; 0 on SQLite, where a file lock says it. NULL: a runner
started by an older Parcours, which only beats (it is judged by its heartbeat) and recorded the
starts of the hooks not safe to send twice only (claims.py treats what it left accordingly).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("runners", sa.Column("lock_key", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runners") as batch:
        batch.drop_column("lock_key")
