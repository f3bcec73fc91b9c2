"""roles of stocks: article mentions, ticker rows by role, mention opt-in per subscription

Revision ID: 0002_stocks
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_stocks"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mentions", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("article_tickers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mention", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mentions", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_column("mentions")
    with op.batch_alter_table("article_tickers", schema=None) as batch_op:
        batch_op.drop_column("mention")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("mentions")
