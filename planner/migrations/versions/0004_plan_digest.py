"""campaigns.plan_digest: what the last sync wrote of each campaign, hashed (sync.py), so that
a re-sync passes over the campaigns whose plan did not change without reading their items.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Empty: unknown, so the first sync after the upgrade compares every item, as before.
    op.add_column(
        "campaigns",
        sa.Column("plan_digest", sa.String(32), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("plan_digest")
