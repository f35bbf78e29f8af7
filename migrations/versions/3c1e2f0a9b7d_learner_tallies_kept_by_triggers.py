"""learner tallies kept by triggers

Each learner's answers summed per question (learner_tally) and counted per UTC
quarter hour (study_quarter), so the progress pages read a few dozen rows instead
of every answer, and a version per learner (study_version) that changes with their
quarters, so a streak worked out once is reused until it does. Triggers keep them in step with attempt_item and attempt on both
engines, in the statement that changes an answer, so every writer (answers, test
answers changed before hand-in, re-grades, account merges and deletes, bulk loads)
leaves them right. SQLite drops a table's triggers when a batch migration rebuilds
it: a later migration that rebuilds attempt or attempt_item must create them again.

Also indexes attempts by learner, bank and finish time, for the history's bank filter.

Revision ID: 3c1e2f0a9b7d
Revises: ba85461d65f4
Create Date: 2026-12-01 17:39:04.896651

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c1e2f0a9b7d'
down_revision = 'ba85461d65f4'
branch_labels = None
depends_on = None

# SQLite: the quarter hour (UTC) that a stored timestamp ('YYYY-MM-DD HH:MM:SS.ffffff') falls in.
def sqlite_quarter(moment):
    return (f"substr({moment}, 1, 14) || printf('%02d', CAST(substr({moment}, 15, 2) AS INTEGER)"
            f" / 15 * 15) || ':00.000000'")


def postgresql_quarter(moment):
    return f"date_bin('15 minutes', {moment}, TIMESTAMPTZ '2000-01-01 00:00:00+00')"


def sqlite_add(row):
    """Count one answer (the trigger row `row`) for its learner."""
    quarter = sqlite_quarter(f"{row}.answered_at")
    return f"""
        INSERT INTO learner_tally (user_id, question_id, answers, misses, points_earned,
                                   points_possible)
        SELECT user_id, {row}.question_id, 1, {row}.is_correct IS 0,
               coalesce({row}.points_earned, 0), {row}.points_possible
        FROM attempt WHERE id = {row}.attempt_id AND {row}.answered_at IS NOT NULL
        ON CONFLICT (user_id, question_id) DO UPDATE SET
            answers = answers + 1, misses = misses + excluded.misses,
            points_earned = points_earned + excluded.points_earned,
            points_possible = points_possible + excluded.points_possible;
        INSERT INTO study_quarter (user_id, starts_at, answers)
        SELECT user_id, {quarter}, 1
        FROM attempt WHERE id = {row}.attempt_id AND {row}.answered_at IS NOT NULL
        ON CONFLICT (user_id, starts_at) DO UPDATE SET answers = answers + 1;
        INSERT INTO study_version (user_id, version)
        SELECT user_id, 1
        FROM attempt WHERE id = {row}.attempt_id AND {row}.answered_at IS NOT NULL
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;"""


def sqlite_bump(learner):
    """Mark a learner's study quarters as changed, so cached streaks are worked out again."""
    return f"""
        INSERT INTO study_version (user_id, version) VALUES ({learner}, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;"""


def sqlite_subtract(row):
    """Take one answer (the trigger row `row`) back from its learner's sums."""
    quarter = sqlite_quarter(f"{row}.answered_at")
    learner = f"(SELECT user_id FROM attempt WHERE id = {row}.attempt_id)"
    return f"""
        UPDATE learner_tally SET
            answers = answers - 1, misses = misses - ({row}.is_correct IS 0),
            points_earned = points_earned - coalesce({row}.points_earned, 0),
            points_possible = points_possible - {row}.points_possible
        WHERE {row}.answered_at IS NOT NULL
          AND user_id = {learner} AND question_id = {row}.question_id;
        DELETE FROM learner_tally
        WHERE user_id = {learner} AND question_id = {row}.question_id AND answers <= 0;
        UPDATE study_quarter SET answers = answers - 1
        WHERE {row}.answered_at IS NOT NULL AND user_id = {learner} AND starts_at = {quarter};
        DELETE FROM study_quarter
        WHERE user_id = {learner} AND starts_at = {quarter} AND answers <= 0;
        INSERT INTO study_version (user_id, version)
        SELECT user_id, 1
        FROM attempt WHERE id = {row}.attempt_id AND {row}.answered_at IS NOT NULL
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;"""


def sqlite_take(learner, attempt):
    """Take an attempt's answers back from a learner's sums."""
    return f"""
        UPDATE learner_tally SET
            answers = learner_tally.answers - moved.answers,
            misses = learner_tally.misses - moved.misses,
            points_earned = learner_tally.points_earned - moved.points_earned,
            points_possible = learner_tally.points_possible - moved.points_possible
        FROM ({sqlite_item_sums(attempt)}) AS moved
        WHERE learner_tally.user_id = {learner} AND learner_tally.question_id = moved.question_id;
        DELETE FROM learner_tally WHERE user_id = {learner} AND answers <= 0;
        UPDATE study_quarter SET answers = study_quarter.answers - moved.answers
        FROM ({sqlite_quarter_counts(attempt)}) AS moved
        WHERE study_quarter.user_id = {learner} AND study_quarter.starts_at = moved.starts_at;
        DELETE FROM study_quarter WHERE user_id = {learner} AND answers <= 0;
        {sqlite_bump(learner)}"""


def sqlite_give(learner, attempt):
    """Add an attempt's answers to a learner's sums."""
    return f"""
        INSERT INTO learner_tally (user_id, question_id, answers, misses, points_earned,
                                   points_possible)
        SELECT {learner}, * FROM ({sqlite_item_sums(attempt)}) WHERE true
        ON CONFLICT (user_id, question_id) DO UPDATE SET
            answers = answers + excluded.answers, misses = misses + excluded.misses,
            points_earned = points_earned + excluded.points_earned,
            points_possible = points_possible + excluded.points_possible;
        INSERT INTO study_quarter (user_id, starts_at, answers)
        SELECT {learner}, * FROM ({sqlite_quarter_counts(attempt)}) WHERE true
        ON CONFLICT (user_id, starts_at) DO UPDATE SET answers = answers + excluded.answers;
        {sqlite_bump(learner)}"""


def sqlite_item_sums(attempt):
    return f"""SELECT question_id, count(*) AS answers, sum(is_correct IS 0) AS misses,
                   sum(coalesce(points_earned, 0)) AS points_earned,
                   sum(points_possible) AS points_possible
            FROM attempt_item WHERE attempt_id = {attempt} AND answered_at IS NOT NULL
            GROUP BY question_id"""


def sqlite_quarter_counts(attempt):
    return f"""SELECT {sqlite_quarter('answered_at')} AS starts_at, count(*) AS answers
            FROM attempt_item WHERE attempt_id = {attempt} AND answered_at IS NOT NULL
            GROUP BY 1"""


ANSWER_COLUMNS = "answered_at, points_earned, points_possible, is_correct"


def sqlite_triggers():
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}"
                          for column in ANSWER_COLUMNS.split(", "))
    return [
        f"""CREATE TRIGGER learner_tally_answer_added AFTER INSERT ON attempt_item
        WHEN NEW.answered_at IS NOT NULL
        BEGIN {sqlite_add("NEW")}
        END""",
        f"""CREATE TRIGGER learner_tally_answer_changed
        AFTER UPDATE OF {ANSWER_COLUMNS} ON attempt_item WHEN {changed}
        BEGIN {sqlite_subtract("OLD")} {sqlite_add("NEW")}
        END""",
        f"""CREATE TRIGGER learner_tally_answer_removed AFTER DELETE ON attempt_item
        WHEN OLD.answered_at IS NOT NULL
        BEGIN {sqlite_subtract("OLD")}
        END""",
        f"""CREATE TRIGGER learner_tally_attempt_moved AFTER UPDATE OF user_id ON attempt
        WHEN OLD.user_id IS NOT NEW.user_id
        BEGIN {sqlite_take("OLD.user_id", "NEW.id")} {sqlite_give("NEW.user_id", "NEW.id")}
        END""",
        # A learner being deleted takes their sums along, so nothing need be taken back.
        f"""CREATE TRIGGER learner_tally_attempt_removed BEFORE DELETE ON attempt
        WHEN EXISTS (SELECT 1 FROM "user" WHERE id = OLD.user_id)
        BEGIN {sqlite_take("OLD.user_id", "OLD.id")}
        END""",
    ]


POSTGRESQL_ITEM_SUMS = """
    SELECT question_id, count(*) AS answers, count(*) FILTER (WHERE is_correct IS FALSE) AS misses,
           sum(coalesce(points_earned, 0)) AS points_earned, sum(points_possible) AS points_possible
    FROM attempt_item WHERE attempt_id = {attempt} AND answered_at IS NOT NULL
    GROUP BY question_id"""
POSTGRESQL_QUARTER_COUNTS = f"""
    SELECT {postgresql_quarter('answered_at')} AS starts_at, count(*) AS answers
    FROM attempt_item WHERE attempt_id = {{attempt}} AND answered_at IS NOT NULL
    GROUP BY 1"""

POSTGRESQL_FUNCTIONS = [
    f"""CREATE FUNCTION learner_tally_count(
        of_attempt integer, of_question integer, answered timestamptz, sign integer,
        missed integer, earned double precision, possible double precision
    ) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
        learner integer;
        quarter timestamptz := {postgresql_quarter('answered')};
    BEGIN
        SELECT user_id INTO learner FROM attempt WHERE id = of_attempt;
        IF learner IS NULL THEN
            RETURN;  -- the attempt is being deleted, and took its answers away already
        END IF;
        INSERT INTO study_version AS v VALUES (learner, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1;
        IF sign > 0 THEN
            INSERT INTO learner_tally AS t VALUES (learner, of_question, 1, missed, earned, possible)
            ON CONFLICT (user_id, question_id) DO UPDATE SET
                answers = t.answers + 1, misses = t.misses + excluded.misses,
                points_earned = t.points_earned + excluded.points_earned,
                points_possible = t.points_possible + excluded.points_possible;
            INSERT INTO study_quarter AS s VALUES (learner, quarter, 1)
            ON CONFLICT (user_id, starts_at) DO UPDATE SET answers = s.answers + 1;
        ELSE
            UPDATE learner_tally SET
                answers = answers - 1, misses = misses - missed,
                points_earned = points_earned - earned, points_possible = points_possible - possible
            WHERE user_id = learner AND question_id = of_question;
            DELETE FROM learner_tally
            WHERE user_id = learner AND question_id = of_question AND answers <= 0;
            UPDATE study_quarter SET answers = answers - 1
            WHERE user_id = learner AND starts_at = quarter;
            DELETE FROM study_quarter
            WHERE user_id = learner AND starts_at = quarter AND answers <= 0;
        END IF;
    END $$""",
    """CREATE FUNCTION learner_tally_answer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            IF TG_OP = 'UPDATE' AND (OLD.answered_at, OLD.points_earned, OLD.points_possible,
                                     OLD.is_correct) IS NOT DISTINCT FROM
                                    (NEW.answered_at, NEW.points_earned, NEW.points_possible,
                                     NEW.is_correct) THEN
                RETURN NULL;
            END IF;
            IF OLD.answered_at IS NOT NULL THEN
                PERFORM learner_tally_count(
                    OLD.attempt_id, OLD.question_id, OLD.answered_at, -1,
                    (OLD.is_correct IS FALSE)::integer, coalesce(OLD.points_earned, 0),
                    OLD.points_possible);
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            IF NEW.answered_at IS NOT NULL THEN
                PERFORM learner_tally_count(
                    NEW.attempt_id, NEW.question_id, NEW.answered_at, 1,
                    (NEW.is_correct IS FALSE)::integer, coalesce(NEW.points_earned, 0),
                    NEW.points_possible);
            END IF;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION learner_tally_attempt_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM "user" WHERE id = OLD.user_id) THEN
            RETURN OLD;  -- a learner being deleted takes their sums along
        END IF;
        UPDATE learner_tally AS t SET
            answers = t.answers - moved.answers, misses = t.misses - moved.misses,
            points_earned = t.points_earned - moved.points_earned,
            points_possible = t.points_possible - moved.points_possible
        FROM ({POSTGRESQL_ITEM_SUMS.format(attempt="OLD.id")}) AS moved
        WHERE t.user_id = OLD.user_id AND t.question_id = moved.question_id;
        DELETE FROM learner_tally WHERE user_id = OLD.user_id AND answers <= 0;
        UPDATE study_quarter AS s SET answers = s.answers - moved.answers
        FROM ({POSTGRESQL_QUARTER_COUNTS.format(attempt="OLD.id")}) AS moved
        WHERE s.user_id = OLD.user_id AND s.starts_at = moved.starts_at;
        DELETE FROM study_quarter WHERE user_id = OLD.user_id AND answers <= 0;
        INSERT INTO study_version AS v VALUES (OLD.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        INSERT INTO learner_tally AS t
        SELECT NEW.user_id, moved.* FROM ({POSTGRESQL_ITEM_SUMS.format(attempt="NEW.id")}) AS moved
        ON CONFLICT (user_id, question_id) DO UPDATE SET
            answers = t.answers + excluded.answers, misses = t.misses + excluded.misses,
            points_earned = t.points_earned + excluded.points_earned,
            points_possible = t.points_possible + excluded.points_possible;
        INSERT INTO study_quarter AS s
        SELECT NEW.user_id, moved.* FROM ({POSTGRESQL_QUARTER_COUNTS.format(attempt="NEW.id")}) AS moved
        ON CONFLICT (user_id, starts_at) DO UPDATE SET answers = s.answers + excluded.answers;
        INSERT INTO study_version AS v VALUES (NEW.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1;
        RETURN NULL;
    END $$""",
]

POSTGRESQL_TRIGGERS = [
    f"""CREATE TRIGGER learner_tally_answer_changed
    AFTER INSERT OR DELETE OR UPDATE OF {ANSWER_COLUMNS} ON attempt_item
    FOR EACH ROW EXECUTE FUNCTION learner_tally_answer_changed()""",
    """CREATE TRIGGER learner_tally_attempt_moved AFTER UPDATE OF user_id ON attempt
    FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION learner_tally_attempt_moved()""",
    """CREATE TRIGGER learner_tally_attempt_removed BEFORE DELETE ON attempt
    FOR EACH ROW EXECUTE FUNCTION learner_tally_attempt_moved()""",
]

BACKFILL = [
    """INSERT INTO learner_tally (user_id, question_id, answers, misses, points_earned,
                                 points_possible)
    SELECT attempt.user_id, attempt_item.question_id, count(*),
           sum(CASE WHEN attempt_item.is_correct = false THEN 1 ELSE 0 END),
           sum(coalesce(attempt_item.points_earned, 0)), sum(attempt_item.points_possible)
    FROM attempt_item JOIN attempt ON attempt.id = attempt_item.attempt_id
    WHERE attempt_item.answered_at IS NOT NULL
    GROUP BY attempt.user_id, attempt_item.question_id""",
    """INSERT INTO study_quarter (user_id, starts_at, answers)
    SELECT attempt.user_id, {quarter}, count(*)
    FROM attempt_item JOIN attempt ON attempt.id = attempt_item.attempt_id
    WHERE attempt_item.answered_at IS NOT NULL
    GROUP BY attempt.user_id, {quarter}""",
]

TRIGGERS = [
    ("learner_tally_answer_added", "attempt_item"),
    ("learner_tally_answer_changed", "attempt_item"),
    ("learner_tally_answer_removed", "attempt_item"),
    ("learner_tally_attempt_moved", "attempt"),
    ("learner_tally_attempt_removed", "attempt"),
]


def upgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('study_quarter',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_study_quarter_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'starts_at', name=op.f('pk_study_quarter'))
    )
    op.create_table('study_version',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_study_version_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_study_version'))
    )
    op.create_table('learner_tally',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('misses', sa.Integer(), nullable=False),
    sa.Column('points_earned', sa.Double(), nullable=False),
    sa.Column('points_possible', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_learner_tally_question_id_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_learner_tally_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'question_id', name=op.f('pk_learner_tally'))
    )
    with op.batch_alter_table('learner_tally', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learner_tally_question_id'), ['question_id'], unique=False)

    # ### end Alembic commands ###
    # Not through batch_alter_table: on SQLite that may rebuild attempt and drop the triggers.
    op.create_index('ix_attempt_user_id_bank_id_finished_at', 'attempt',
                    ['user_id', 'bank_id', 'finished_at'], unique=False)

    # Sent as written: the SQL holds colons that text() would read as parameters.
    connection = op.get_bind()
    postgresql = connection.dialect.name == "postgresql"
    for statement in POSTGRESQL_FUNCTIONS + POSTGRESQL_TRIGGERS if postgresql else sqlite_triggers():
        connection.exec_driver_sql(statement)
    quarter = postgresql_quarter if postgresql else sqlite_quarter
    for statement in BACKFILL:
        connection.exec_driver_sql(statement.format(quarter=quarter("attempt_item.answered_at")))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for trigger, table in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        for function in ("learner_tally_answer_changed()", "learner_tally_attempt_moved()",
                         "learner_tally_count(integer, integer, timestamptz, integer, integer, "
                         "double precision, double precision)"):
            op.execute(f"DROP FUNCTION {function}")
    else:
        for trigger, _table in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")

    op.drop_index('ix_attempt_user_id_bank_id_finished_at', table_name='attempt')
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('learner_tally', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learner_tally_question_id'))

    op.drop_table('learner_tally')
    op.drop_table('study_version')
    op.drop_table('study_quarter')
    # ### end Alembic commands ###
