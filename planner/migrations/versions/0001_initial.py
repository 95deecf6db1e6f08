"""The first schema: campaigns, items, deliveries, meta (the revision counter), runners.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from planner.store import UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

ITEM_STATES = "state IN ('pending', 'done', 'skipped', 'removed')"
DELIVERY_STATES = (
    "state IN ('pending', 'claimed', 'delivered', 'failed', 'missed', 'in_doubt', 'cancelled')"
)


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_campaigns"),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("campaign_key", sa.String(200), nullable=False),
        sa.Column("campaign", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("start", UTCDateTime(), nullable=False),
        sa.Column("end", UTCDateTime(), nullable=False),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("brief", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("tzid", sa.String(64), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("digest", sa.String(24), nullable=False),
        sa.CheckConstraint(ITEM_STATES, name="ck_items_state"),
        sa.ForeignKeyConstraint(
            ["campaign_key"], ["campaigns.key"], name="fk_items_campaign_key_campaigns"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_items"),
    )
    op.create_index("ix_items_campaign_key", "items", ["campaign_key"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("item_id", sa.String(32), nullable=False),
        sa.Column("hook", sa.String(100), nullable=False),
        sa.Column("due", UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try", UTCDateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(100), nullable=True),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint(DELIVERY_STATES, name="ck_deliveries_state"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="fk_deliveries_item_id_items"),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
    )
    op.create_index("ix_deliveries_item_id", "deliveries", ["item_id"])
    op.create_index("ix_deliveries_state_due", "deliveries", ["state", "due"])
    retries = sa.text("next_try IS NOT NULL")
    op.create_index(
        "ix_deliveries_next_try",
        "deliveries",
        ["next_try"],
        sqlite_where=retries,
        postgresql_where=retries,
    )
    meta = op.create_table(
        "meta",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_meta"),
    )
    op.bulk_insert(meta, [{"key": "revision", "value": 0}])
    op.create_table(
        "runners",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("heartbeat_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_runners"),
    )


def downgrade() -> None:
    op.drop_table("runners")
    op.drop_table("meta")
    op.drop_index("ix_deliveries_next_try", "deliveries")
    op.drop_index("ix_deliveries_state_due", "deliveries")
    op.drop_index("ix_deliveries_item_id", "deliveries")
    op.drop_table("deliveries")
    op.drop_index("ix_items_campaign_key", "items")
    op.drop_table("items")
    op.drop_table("campaigns")
