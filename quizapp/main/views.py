"""The home page: the banks a learner can study."""

from flask import Blueprint, render_template
from flask_login import current_user

from quizapp.models import Attempt, Bank
from quizapp.models.types import utcnow
from quizapp.study.resume import open_attempts
from quizapp.study.reviews import due_summaries

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """List the banks with their counts, the learner's scores and quizzes left unfinished."""
    banks = Bank.listings()
    scores, due, unfinished = {}, {}, []
    if current_user.is_authenticated:
        now = utcnow()
        scores = Attempt.score_summaries(current_user)
        due = due_summaries(current_user, now)
        unfinished = open_attempts(current_user, now)
    return render_template("main/index.html", banks=banks, scores=scores, due=due,
                           unfinished=unfinished)
