"""outbox: updates a non-sending replica received, relayed to the sending one

Revision ID: 0003_outbox
Revises: 0002_stories
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision = "0003_outbox"
down_revision = "0002_stories"  # chained after the revisions already on main
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relayed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("received_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id"),
    )


def downgrade() -> None:
    op.drop_table("relayed_updates")
