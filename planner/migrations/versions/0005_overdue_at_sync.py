"""deliveries.overdue_at_sync: the delivery was due already when a sync created or moved it
(a lead longer than the time left before its item), so it goes out at the next run while its
item has not started, rather than be missed (sync.py, claims.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # False for what is stored: those deliveries were written before their due time, or the
    # runner that saw them late already judged them.
    op.add_column(
        "deliveries",
        sa.Column("overdue_at_sync", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("overdue_at_sync")
