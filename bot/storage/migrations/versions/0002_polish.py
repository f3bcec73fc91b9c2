"""polish: per-chat silent delivery (pushes without a notification sound)

Revision ID: 0002_polish
Revises: 0002_outbox
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_polish"
down_revision = "0002_outbox"  # chained after main's 0002_outbox (itself after 0002_stocks)
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("silent", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.drop_column("silent")
