"""`flask bank recount`: count the kept statistics again from the stored answers."""

import click
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import ItemTally, LearnerTally
from quizapp.study.item_tallies import recount_item_tallies
from quizapp.study.learner_tallies import recount_learner_tallies


@click.command("recount")
def recount_command() -> None:
    """Count the item statistics and every learner's progress sums again from the answers.

    The app keeps both up to date as answers come in; run this only after answers
    were changed by hand in SQL, or after restoring part of a backup. It runs in
    one transaction, so a failure changes nothing.
    """
    recount_item_tallies()
    recount_learner_tallies()
    db.session.commit()
    questions = db.session.scalar(select(func.count()).select_from(ItemTally))
    pairs = db.session.scalar(select(func.count()).select_from(LearnerTally))
    click.echo(f"recounted: item statistics for {questions} question(s), "
               f"progress sums for {pairs} learner-question pair(s)")
