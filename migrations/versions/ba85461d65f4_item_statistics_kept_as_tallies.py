"""item statistics kept as running tallies per question

Revision ID: ba85461d65f4
Revises: 80afb0c99432
Create Date: 2026-12-01 18:00:00.000000

"""
import hashlib
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ba85461d65f4'
down_revision = '80afb0c99432'
branch_labels = None
depends_on = None

# The share of the points an answer earned; a question worth nothing counts as right or wrong.
SHARE = """
    CASE WHEN attempt_item.points_possible = 0
         THEN CASE WHEN attempt_item.is_correct IS TRUE THEN 1.0 ELSE 0.0 END
         ELSE CAST(COALESCE(attempt_item.points_earned, 0) AS FLOAT) / attempt_item.points_possible
    END
"""
# The rest of an attempt is the mean share of its other answers; alone, it has none.
BACKFILL_SUMS = f"""
    INSERT INTO item_tally (question_id, times_answered, share_sum, timed_count, seconds_sum,
                            pair_count, sum_x, sum_y, sum_xx, sum_yy, sum_xy)
    SELECT question_id, count(*), sum(x), count(seconds_taken),
           COALESCE(sum(seconds_taken), 0.0), count(rest),
           COALESCE(sum(CASE WHEN rest IS NOT NULL THEN x END), 0.0),
           COALESCE(sum(rest), 0.0),
           COALESCE(sum(CASE WHEN rest IS NOT NULL THEN x * x END), 0.0),
           COALESCE(sum(rest * rest), 0.0),
           COALESCE(sum(x * rest), 0.0)
    FROM (
        SELECT question_id, seconds_taken, x,
               CASE WHEN attempt_count > 1
                    THEN (attempt_sum - x) / (attempt_count - 1) END AS rest
        FROM (
            SELECT attempt_item.question_id, attempt_item.seconds_taken, {SHARE} AS x,
                   sum({SHARE}) OVER (PARTITION BY attempt_item.attempt_id) AS attempt_sum,
                   count(*) OVER (PARTITION BY attempt_item.attempt_id) AS attempt_count
            FROM attempt_item
            JOIN attempt ON attempt.id = attempt_item.attempt_id
            WHERE attempt.finished_at IS NOT NULL AND attempt_item.answered_at IS NOT NULL
        ) AS scored
    ) AS paired
    GROUP BY question_id
"""
WRONG_ANSWERS = """
    SELECT attempt_item.question_id, CAST(attempt_item.response AS TEXT), count(*),
           min(attempt_item.id)
    FROM attempt_item
    JOIN attempt ON attempt.id = attempt_item.attempt_id
    WHERE attempt.finished_at IS NOT NULL AND attempt_item.answered_at IS NOT NULL
      AND attempt_item.is_correct IS NOT TRUE AND attempt_item.response IS NOT NULL
    GROUP BY attempt_item.question_id, CAST(attempt_item.response AS TEXT)
"""


def upgrade():
    op.create_table('item_tally',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('times_answered', sa.Integer(), nullable=False),
    sa.Column('share_sum', sa.Double(), nullable=False),
    sa.Column('timed_count', sa.Integer(), nullable=False),
    sa.Column('seconds_sum', sa.Double(), nullable=False),
    sa.Column('pair_count', sa.Integer(), nullable=False),
    sa.Column('sum_x', sa.Double(), nullable=False),
    sa.Column('sum_y', sa.Double(), nullable=False),
    sa.Column('sum_xx', sa.Double(), nullable=False),
    sa.Column('sum_yy', sa.Double(), nullable=False),
    sa.Column('sum_xy', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_item_tally_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', name=op.f('pk_item_tally'))
    )
    wrong_answer_tally = op.create_table('wrong_answer_tally',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('response_digest', sa.String(length=64), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('times', sa.Integer(), nullable=False),
    sa.Column('first_item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_wrong_answer_tally_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', 'response_digest', name=op.f('pk_wrong_answer_tally'))
    )
    # Count the answers already given, as finishing each attempt would have.
    connection = op.get_bind()
    connection.execute(sa.text(BACKFILL_SUMS))
    wrong = [
        {"question_id": question_id, "response": stored, "times": times,
         "first_item_id": first_item_id,
         "response_digest": hashlib.sha256(stored.encode()).hexdigest()}
        for question_id, stored, times, first_item_id in connection.execute(sa.text(WRONG_ANSWERS))
        if json.loads(stored) is not None
    ]
    if wrong:
        connection.execute(wrong_answer_tally.insert(), wrong)


def downgrade():
    op.drop_table('wrong_answer_tally')
    op.drop_table('item_tally')
