"""items.positional: the item's id was made from its step's position, as every id was before
this revision; ids are now made from what a step is (planner.identity). The rows cannot be
re-keyed here: the new id needs the step's content, which only the rule files hold. So they
are marked, and the next sync of their campaign gives each the id of the planned item it is,
its state and deliveries with it (planner.adopt). ``meta.positional`` says whether any are
left (how many), so that syncs of a store without them do not look.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column(
        "items",
        sa.Column("positional", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(sa.text("UPDATE items SET positional = :yes").bindparams(yes=True))
    # The next sync compares every campaign: a plan digest would pass over an unchanged one.
    op.execute(sa.text("UPDATE campaigns SET plan_digest = ''"))
    # How many are left to re-key: 0 for a new store, which syncs then never look for them.
    op.execute(sa.text("INSERT INTO meta (key, value) SELECT 'positional', COUNT(*) FROM items"))


def downgrade() -> None:
    # Ids already made from meaning stay so: an older Parcours takes them for other items.
    op.execute(sa.text("DELETE FROM meta WHERE key = 'positional'"))
    with op.batch_alter_table("items") as batch:
        batch.drop_column("positional")
