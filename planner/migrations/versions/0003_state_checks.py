"""The state checks as ``state = 'a' OR state = 'b' …``: the same rule, inserted faster.

SQLite runs ``state IN ('a', 'b', 'c', …)`` by building a temporary index of the list once per
run of the statement, and an executemany runs it once per row: the two checks cost a sixth of
a sync of 100,000 items into an empty store (0.37 s of 2.4, measured), the OR form nothing
measurable. PostgreSQL gains nothing but gets the same constraints, so that both schemas match
the models.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

# As they were at this revision: a later change of the states is a migration of its own.
STATES = {
    "items": ("pending", "done", "skipped", "removed"),
    "deliveries": ("pending", "claimed", "delivered", "failed", "missed", "in_doubt", "cancelled"),
}


def _name(table: str) -> str:
    # 0001 gave names the naming convention then applied again: these are the names it made.
    return op.f(f"ck_{table}_ck_{table}_state")


def upgrade() -> None:
    for table, states in STATES.items():
        # On SQLite, batch mode copies the table into one with the new constraint.
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(_name(table), type_="check")
            batch.create_check_constraint(
                _name(table), " OR ".join(f"state = '{state}'" for state in states)
            )


def downgrade() -> None:
    for table, states in STATES.items():
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(_name(table), type_="check")
            batch.create_check_constraint(
                _name(table), f"state IN ({', '.join(repr(s) for s in states)})"
            )
