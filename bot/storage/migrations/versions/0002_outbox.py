"""outbox: count sends whose outcome is unknown (no answer from Telegram)

Revision ID: 0002_outbox
Revises: 0002_stocks
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_outbox"
down_revision = "0002_stocks"  # chained after the revision already on main
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("unknown_sends", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("unknown_sends")
