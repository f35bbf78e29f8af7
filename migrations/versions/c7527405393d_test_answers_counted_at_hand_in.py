"""test answers counted in the learner tallies at hand-in

A test shows no marks before it is handed in, and the progress pages read the
learner tallies and study quarters, so a test's answers must join them only
when the attempt finishes; answers in the other modes count at once, as before.
The triggers of 3c1e2f0a9b7d are written again to count an answer only while its
attempt counts (COUNTED), and the attempt trigger that moves answers between
learners now also adds a test's answers when its finished_at is set (or takes
them back should it be cleared). A changed test answer moves nothing before
hand-in, so it cannot be counted twice. The sums are then counted again, since
they held the answers of tests still open. Downgrading puts back the triggers
that count every answer at once (the same names, so 3c1e2f0a9b7d can drop them).

Revision ID: c7527405393d
Revises: 3c1e2f0a9b7d
Create Date: 2026-12-01 18:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c7527405393d'
down_revision = '3c1e2f0a9b7d'
branch_labels = None
depends_on = None

# Whether an attempt's answers count yet: at once, but a test's only once handed in.
COUNTED = "({attempt}.mode <> 'test' OR {attempt}.finished_at IS NOT NULL)"
# Before this revision, every answer counted at once.
ALWAYS = "TRUE"


def sqlite_quarter(moment):
    return (f"substr({moment}, 1, 14) || printf('%02d', CAST(substr({moment}, 15, 2) AS INTEGER)"
            f" / 15 * 15) || ':00.000000'")


def postgresql_quarter(moment):
    return f"date_bin('15 minutes', {moment}, TIMESTAMPTZ '2000-01-01 00:00:00+00')"


def sqlite_add(row, counted):
    """Count one answer (the trigger row `row`) for its learner, if its attempt counts."""
    quarter = sqlite_quarter(f"{row}.answered_at")
    counting = (f"FROM attempt WHERE id = {row}.attempt_id AND {row}.answered_at IS NOT NULL"
                f" AND {counted.format(attempt='attempt')}")
    return f"""
        INSERT INTO learner_tally (user_id, question_id, answers, misses, points_earned,
                                   points_possible)
        SELECT user_id, {row}.question_id, 1, {row}.is_correct IS 0,
               coalesce({row}.points_earned, 0), {row}.points_possible
        {counting}
        ON CONFLICT (user_id, question_id) DO UPDATE SET
            answers = answers + 1, misses = misses + excluded.misses,
            points_earned = points_earned + excluded.points_earned,
            points_possible = points_possible + excluded.points_possible;
        INSERT INTO study_quarter (user_id, starts_at, answers)
        SELECT user_id, {quarter}, 1 {counting}
        ON CONFLICT (user_id, starts_at) DO UPDATE SET answers = answers + 1;
        INSERT INTO study_version (user_id, version)
        SELECT user_id, 1 {counting}
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;"""


def sqlite_bump(learner):
    """Mark a learner's study quarters as changed, so cached streaks are worked out again."""
    return f"""
        INSERT INTO study_version (user_id, version) VALUES ({learner}, 1)
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;"""


def sqlite_subtract(row, counted):
    """Take one answer (the trigger row `row`) back from its learner's sums, if it counted."""
    quarter = sqlite_quarter(f"{row}.answered_at")
    learner = (f"(SELECT user_id FROM attempt WHERE id = {row}.attempt_id"
               f" AND {counted.format(attempt='attempt')})")
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
        SELECT user_id, 1 FROM attempt WHERE id = {row}.attempt_id
          AND {row}.answered_at IS NOT NULL AND {counted.format(attempt='attempt')}
        ON CONFLICT (user_id) DO UPDATE SET version = version + 1;"""


def sqlite_take(learner, attempt, counts):
    """Take an attempt's answers back from a learner's sums, if they count (`counts`)."""
    return f"""
        UPDATE learner_tally SET
            answers = learner_tally.answers - moved.answers,
            misses = learner_tally.misses - moved.misses,
            points_earned = learner_tally.points_earned - moved.points_earned,
            points_possible = learner_tally.points_possible - moved.points_possible
        FROM ({sqlite_item_sums(attempt, counts)}) AS moved
        WHERE learner_tally.user_id = {learner} AND learner_tally.question_id = moved.question_id;
        DELETE FROM learner_tally WHERE user_id = {learner} AND answers <= 0;
        UPDATE study_quarter SET answers = study_quarter.answers - moved.answers
        FROM ({sqlite_quarter_counts(attempt, counts)}) AS moved
        WHERE study_quarter.user_id = {learner} AND study_quarter.starts_at = moved.starts_at;
        DELETE FROM study_quarter WHERE user_id = {learner} AND answers <= 0;
        {sqlite_bump(learner)}"""


def sqlite_give(learner, attempt, counts):
    """Add an attempt's answers to a learner's sums, if they count (`counts`)."""
    return f"""
        INSERT INTO learner_tally (user_id, question_id, answers, misses, points_earned,
                                   points_possible)
        SELECT {learner}, * FROM ({sqlite_item_sums(attempt, counts)}) WHERE true
        ON CONFLICT (user_id, question_id) DO UPDATE SET
            answers = answers + excluded.answers, misses = misses + excluded.misses,
            points_earned = points_earned + excluded.points_earned,
            points_possible = points_possible + excluded.points_possible;
        INSERT INTO study_quarter (user_id, starts_at, answers)
        SELECT {learner}, * FROM ({sqlite_quarter_counts(attempt, counts)}) WHERE true
        ON CONFLICT (user_id, starts_at) DO UPDATE SET answers = answers + excluded.answers;
        {sqlite_bump(learner)}"""


def sqlite_item_sums(attempt, counts):
    return f"""SELECT question_id, count(*) AS answers, sum(is_correct IS 0) AS misses,
                   sum(coalesce(points_earned, 0)) AS points_earned,
                   sum(points_possible) AS points_possible
            FROM attempt_item WHERE attempt_id = {attempt} AND answered_at IS NOT NULL AND {counts}
            GROUP BY question_id"""


def sqlite_quarter_counts(attempt, counts):
    return f"""SELECT {sqlite_quarter('answered_at')} AS starts_at, count(*) AS answers
            FROM attempt_item WHERE attempt_id = {attempt} AND answered_at IS NOT NULL AND {counts}
            GROUP BY 1"""


ANSWER_COLUMNS = "answered_at, points_earned, points_possible, is_correct"
# The attempt's columns that decide whose answers they are and whether they count.
ATTEMPT_COLUMNS = "user_id, mode, finished_at"


def attempt_changed(counted):
    """The condition on which an updated attempt's answers move: to another learner or into
    (or out of) the sums."""
    return (f"OLD.user_id IS DISTINCT FROM NEW.user_id OR {counted.format(attempt='OLD')}"
            f" IS DISTINCT FROM {counted.format(attempt='NEW')}")


def sqlite_triggers(counted):
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}"
                          for column in ANSWER_COLUMNS.split(", "))
    counts_before, counts_after = counted.format(attempt="OLD"), counted.format(attempt="NEW")
    return [
        f"""CREATE TRIGGER learner_tally_answer_added AFTER INSERT ON attempt_item
        WHEN NEW.answered_at IS NOT NULL
        BEGIN {sqlite_add("NEW", counted)}
        END""",
        f"""CREATE TRIGGER learner_tally_answer_changed
        AFTER UPDATE OF {ANSWER_COLUMNS} ON attempt_item WHEN {changed}
        BEGIN {sqlite_subtract("OLD", counted)} {sqlite_add("NEW", counted)}
        END""",
        f"""CREATE TRIGGER learner_tally_answer_removed AFTER DELETE ON attempt_item
        WHEN OLD.answered_at IS NOT NULL
        BEGIN {sqlite_subtract("OLD", counted)}
        END""",
        f"""CREATE TRIGGER learner_tally_attempt_moved AFTER UPDATE OF {ATTEMPT_COLUMNS} ON attempt
        WHEN {attempt_changed(counted)}
        BEGIN {sqlite_take("OLD.user_id", "NEW.id", counts_before)}
              {sqlite_give("NEW.user_id", "NEW.id", counts_after)}
        END""",
        # A learner being deleted takes their sums along, so nothing need be taken back.
        f"""CREATE TRIGGER learner_tally_attempt_removed BEFORE DELETE ON attempt
        WHEN EXISTS (SELECT 1 FROM "user" WHERE id = OLD.user_id)
        BEGIN {sqlite_take("OLD.user_id", "OLD.id", counts_before)}
        END""",
    ]


SQLITE_TRIGGERS = ["learner_tally_answer_added", "learner_tally_answer_changed",
                   "learner_tally_answer_removed", "learner_tally_attempt_moved",
                   "learner_tally_attempt_removed"]

POSTGRESQL_ITEM_SUMS = """
    SELECT question_id, count(*) AS answers, count(*) FILTER (WHERE is_correct IS FALSE) AS misses,
           sum(coalesce(points_earned, 0)) AS points_earned, sum(points_possible) AS points_possible
    FROM attempt_item WHERE attempt_id = {attempt}.id AND answered_at IS NOT NULL AND {counts}
    GROUP BY question_id"""
POSTGRESQL_QUARTER_COUNTS = f"""
    SELECT {postgresql_quarter('answered_at')} AS starts_at, count(*) AS answers
    FROM attempt_item WHERE attempt_id = {{attempt}}.id AND answered_at IS NOT NULL AND {{counts}}
    GROUP BY 1"""


def postgresql_functions(counted):
    """Replace the two functions that read the attempt; learner_tally_answer_changed stays."""
    def sums(template, attempt):
        return template.format(attempt=attempt, counts=counted.format(attempt=attempt))

    return [
        f"""CREATE OR REPLACE FUNCTION learner_tally_count(
            of_attempt integer, of_question integer, answered timestamptz, sign integer,
            missed integer, earned double precision, possible double precision
        ) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            learner integer;
            quarter timestamptz := {postgresql_quarter('answered')};
        BEGIN
            SELECT user_id INTO learner FROM attempt
            WHERE id = of_attempt AND {counted.format(attempt='attempt')};
            IF learner IS NULL THEN
                -- a test not handed in yet, or an attempt being deleted that took its answers
                RETURN;
            END IF;
            INSERT INTO study_version AS v VALUES (learner, 1)
            ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1;
            IF sign > 0 THEN
                INSERT INTO learner_tally AS t
                VALUES (learner, of_question, 1, missed, earned, possible)
                ON CONFLICT (user_id, question_id) DO UPDATE SET
                    answers = t.answers + 1, misses = t.misses + excluded.misses,
                    points_earned = t.points_earned + excluded.points_earned,
                    points_possible = t.points_possible + excluded.points_possible;
                INSERT INTO study_quarter AS s VALUES (learner, quarter, 1)
                ON CONFLICT (user_id, starts_at) DO UPDATE SET answers = s.answers + 1;
            ELSE
                UPDATE learner_tally SET
                    answers = answers - 1, misses = misses - missed,
                    points_earned = points_earned - earned,
                    points_possible = points_possible - possible
                WHERE user_id = learner AND question_id = of_question;
                DELETE FROM learner_tally
                WHERE user_id = learner AND question_id = of_question AND answers <= 0;
                UPDATE study_quarter SET answers = answers - 1
                WHERE user_id = learner AND starts_at = quarter;
                DELETE FROM study_quarter
                WHERE user_id = learner AND starts_at = quarter AND answers <= 0;
            END IF;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION learner_tally_attempt_moved() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM "user" WHERE id = OLD.user_id) THEN
                RETURN OLD;  -- a learner being deleted takes their sums along
            END IF;
            UPDATE learner_tally AS t SET
                answers = t.answers - moved.answers, misses = t.misses - moved.misses,
                points_earned = t.points_earned - moved.points_earned,
                points_possible = t.points_possible - moved.points_possible
            FROM ({sums(POSTGRESQL_ITEM_SUMS, "OLD")}) AS moved
            WHERE t.user_id = OLD.user_id AND t.question_id = moved.question_id;
            DELETE FROM learner_tally WHERE user_id = OLD.user_id AND answers <= 0;
            UPDATE study_quarter AS s SET answers = s.answers - moved.answers
            FROM ({sums(POSTGRESQL_QUARTER_COUNTS, "OLD")}) AS moved
            WHERE s.user_id = OLD.user_id AND s.starts_at = moved.starts_at;
            DELETE FROM study_quarter WHERE user_id = OLD.user_id AND answers <= 0;
            INSERT INTO study_version AS v VALUES (OLD.user_id, 1)
            ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            INSERT INTO learner_tally AS t
            SELECT NEW.user_id, moved.* FROM ({sums(POSTGRESQL_ITEM_SUMS, "NEW")}) AS moved
            ON CONFLICT (user_id, question_id) DO UPDATE SET
                answers = t.answers + excluded.answers, misses = t.misses + excluded.misses,
                points_earned = t.points_earned + excluded.points_earned,
                points_possible = t.points_possible + excluded.points_possible;
            INSERT INTO study_quarter AS s
            SELECT NEW.user_id, moved.* FROM ({sums(POSTGRESQL_QUARTER_COUNTS, "NEW")}) AS moved
            ON CONFLICT (user_id, starts_at) DO UPDATE SET answers = s.answers + excluded.answers;
            INSERT INTO study_version AS v VALUES (NEW.user_id, 1)
            ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1;
            RETURN NULL;
        END $$""",
    ]


def postgresql_statements(counted):
    return postgresql_functions(counted) + [
        "DROP TRIGGER learner_tally_attempt_moved ON attempt",
        f"""CREATE TRIGGER learner_tally_attempt_moved AFTER UPDATE OF {ATTEMPT_COLUMNS} ON attempt
        FOR EACH ROW WHEN ({attempt_changed(counted)})
        EXECUTE FUNCTION learner_tally_attempt_moved()""",
    ]


def recount(counted, quarter):
    """Count every learner's sums again from the answers that count."""
    answers = f"""FROM attempt_item JOIN attempt ON attempt.id = attempt_item.attempt_id
    WHERE attempt_item.answered_at IS NOT NULL AND {counted.format(attempt='attempt')}"""
    moment = quarter("attempt_item.answered_at")
    return [
        "DELETE FROM learner_tally",
        "DELETE FROM study_quarter",
        f"""INSERT INTO learner_tally (user_id, question_id, answers, misses, points_earned,
                                      points_possible)
        SELECT attempt.user_id, attempt_item.question_id, count(*),
               sum(CASE WHEN attempt_item.is_correct = false THEN 1 ELSE 0 END),
               sum(coalesce(attempt_item.points_earned, 0)), sum(attempt_item.points_possible)
        {answers}
        GROUP BY attempt.user_id, attempt_item.question_id""",
        f"""INSERT INTO study_quarter (user_id, starts_at, answers)
        SELECT attempt.user_id, {moment}, count(*) {answers}
        GROUP BY attempt.user_id, {moment}""",
        # Streaks worked out from the old quarters must not be reused.
        "UPDATE study_version SET version = version + 1",
        """INSERT INTO study_version (user_id, version)
        SELECT DISTINCT user_id, 1 FROM study_quarter
        WHERE user_id NOT IN (SELECT user_id FROM study_version)""",
    ]


def count_answers_when(counted):
    # Sent as written: the SQL holds colons that text() would read as parameters.
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        statements = postgresql_statements(counted) + recount(counted, postgresql_quarter)
    else:
        statements = [f"DROP TRIGGER {trigger}" for trigger in SQLITE_TRIGGERS]
        statements += sqlite_triggers(counted) + recount(counted, sqlite_quarter)
    for statement in statements:
        connection.exec_driver_sql(statement)


def upgrade():
    count_answers_when(COUNTED)


def downgrade():
    count_answers_when(ALWAYS)
