"""chats.no_rights_at: the bot is in the chat but may not post there (its rows are held)

Revision ID: 0006_no_rights
Revises: 0005_in_digest
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision = "0006_no_rights"
down_revision = "0005_in_digest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("no_rights_at", bot.storage.types.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.drop_column("no_rights_at")
