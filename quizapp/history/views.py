"""Score history: every finished quiz, a chart of recent scores and a CSV download."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    stream_with_context,
)
from flask_login import current_user, login_required

from quizapp.charts import score_chart
from quizapp.history.export import csv_lines
from quizapp.history.forms import ALL_BANKS, HistoryFilterForm
from quizapp.history.records import (
    BankChoice,
    banks_attempted,
    history_page,
    history_rows,
)
from quizapp.history.table import table_rows
from quizapp.security import database_int
from quizapp.zones import zone_named

bp = Blueprint("history", __name__, url_prefix="/history")

PER_PAGE = 20
CHART_SIZE = 50
# Rows fetched per round trip while streaming the CSV.
CSV_BATCH = 500


def bank_filter(user_id: int) -> tuple[HistoryFilterForm, BankChoice | None]:
    """Read the bank filter from the query string; None means every bank."""
    banks = banks_attempted(user_id)
    form = HistoryFilterForm(formdata=request.args)
    form.offer(banks)
    if not form.validate() or form.bank.data == ALL_BANKS:
        return form, None
    return form, next(bank for bank in banks if bank.slug == form.bank.data)


@bp.get("/")
@login_required
def index():
    """List the learner's finished quizzes, newest first, under a chart of recent scores."""
    form, bank = bank_filter(current_user.id)
    bank_id = bank.id if bank else None
    pages, scores = history_page(
        current_user.id, bank_id, request.args.get("page", 1, type=database_int), PER_PAGE,
        CHART_SIZE,
    )
    if not pages.rows and pages.page != 1:
        abort(404)
    # Named once here: looking the learner up again for each of seventy times adds up.
    zone = zone_named(current_user.time_zone)
    return render_template(
        "history/index.html",
        form=form,
        bank=bank,
        pages=pages,
        table_rows=table_rows(pages.rows, zone, current_app.jinja_env.globals["url_for"]),
        chart=score_chart(scores, zone),
        zone_name=zone.key,
    )


@bp.get("/history.csv")
@login_required
def csv():
    """Stream the learner's whole history, within the bank filter, as a CSV download."""
    form, bank = bank_filter(current_user.id)
    if form.errors:
        abort(404)
    rows = history_rows(current_user.id, bank.id if bank else None, CSV_BATCH)
    return Response(
        stream_with_context(csv_lines(rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=quizapp-history.csv"},
    )
