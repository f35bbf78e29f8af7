"""start keys for attempts and case-insensitive unique usernames

Revision ID: a79435088cc2
Revises: 6cfbe1079fa8
Create Date: 2026-12-01 15:38:11.293535

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a79435088cc2'
down_revision = '6cfbe1079fa8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_attempt_user_id_start_key', ['user_id', 'start_key'])

    # Fails, naming nobody, if two accounts already differ only in case: the sign-up
    # form has always refused such names, so only a hand-edited database can hold them.
    op.create_index('uq_user_lower_username', 'user', [sa.text('lower(username)')], unique=True)


def downgrade():
    op.drop_index('uq_user_lower_username', table_name='user')

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_constraint('uq_attempt_user_id_start_key', type_='unique')
        batch_op.drop_column('start_key')
