"""articles.dated: False when the post gave no date (published_at is when it was read)

Revision ID: 0004_dated
Revises: 0003_outbox
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_dated"
down_revision = "0003_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("dated", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("dated")
