"""deliveries.in_digest: the row was claimed as a digest part (released back to held)

Revision ID: 0005_in_digest
Revises: 0004_dated
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_in_digest"
down_revision = "0004_dated"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("in_digest", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("in_digest")
