"""deliveries.started_at: when a hook that must not send twice was called (claims.py).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from planner.store import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("deliveries", sa.Column("started_at", UTCDateTime(), nullable=True))
    # Runners before this revision did not record starts: whatever they left claimed may have
    # been sent, so it counts as started (in doubt if its runner is gone), never as unsent.
    op.execute("UPDATE deliveries SET started_at = claimed_at WHERE state = 'claimed'")


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("started_at")
