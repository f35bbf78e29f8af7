"""`flask bank regrade`: re-grade past answers to a question after its key is fixed."""

import click
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Bank, Question, Regrade
from quizapp.study.regrading import regrade_question


@click.command("regrade")
@click.argument("slug")
@click.argument("question_id")
def regrade_command(slug: str, question_id: str) -> None:
    """Re-grade past answers to question QUESTION_ID of bank SLUG against its current version.

    Run it after fixing a wrong key: answers given under an older version are graded
    again, finished attempts get their new totals, and the change is recorded.
    """
    question = db.session.scalar(
        select(Question).join(Question.bank)
        .where(Bank.slug == slug, Question.key == question_id)
    )
    if question is None:
        raise click.ClickException(f"bank {slug!r} has no question {question_id!r}")
    try:
        record = regrade_question(question, requested_by="flask bank regrade")
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(describe_regrade(record))


def describe_regrade(record: Regrade) -> str:
    """Summarise a re-grade: how many answers were checked and how each changed grade."""
    lines = [
        f"{record.question.key}: re-graded {record.items_checked} answer(s) against version "
        f"{record.version_number}; {len(record.changes)} changed"
    ]
    lines += [
        f"  attempt {change['attempt_id']}: {change['points_before']} -> "
        f"{change['points_after']} point(s)"
        for change in record.changes
    ]
    return "\n".join(lines)
