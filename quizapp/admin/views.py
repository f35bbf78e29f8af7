"""The admin area: upload banks with a preview, export them, retire and re-grade questions."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from quizapp.admin.access import admin_required
from quizapp.admin.catalogue import bank_summaries
from quizapp.admin.forms import ConfirmImportForm, UploadBankForm
from quizapp.admin.staging import StagedUpload, discard_staged, load_staged, stage_upload
from quizapp.admin.statistics import TableOrder, sort_headers
from quizapp.admin.uploads import (
    excerpt_problems,
    plan_fingerprint,
    plan_upload,
    readable_diffs,
    summarise_import,
    upload_label,
)
from quizapp.bankfile.importer import apply_plan
from quizapp.bankfile.loader import load_bank_text
from quizapp.bankfile.problems import BankFileError
from quizapp.extensions import db
from quizapp.interop.formats import EXPORT_FORMATS
from quizapp.interop.loading import select_bank_for_export
from quizapp.memory import read_bank, releasing_memory
from quizapp.models import Bank, Question
from quizapp.ratelimits import admin_upload_limit
from quizapp.study.item_queries import bank_item_statistics
from quizapp.study.item_stats import FLAG_HINTS, MIN_ANSWERS_FOR_FLAGS, sort_statistics
from quizapp.study.regrading import regrade_question

bp = Blueprint("admin", __name__, url_prefix="/admin")


def max_bank_bytes() -> int:
    return current_app.config["QUIZAPP_MAX_BANK_BYTES"]


def own_staged_upload(token: str) -> StagedUpload:
    """Load the signed-in admin's staged upload; any other token is a 404."""
    staged = load_staged(token, current_user.id)
    if staged is None:
        abort(404)
    read_bank(len(staged.raw))
    return staged


@bp.get("/")
@admin_required
def index():
    """List the banks with their question counts, and offer the upload form."""
    return render_template(
        "admin/index.html", banks=bank_summaries(db.session), form=UploadBankForm()
    )


@bp.post("/upload")
@admin_required
@admin_upload_limit
@releasing_memory
def upload():
    """Check an uploaded bank file: list its problems, or keep it and show the preview."""
    form = UploadBankForm()
    if not form.validate_on_submit():
        return render_template("admin/upload.html", form=form, problems=()), 422
    raw = form.bank_file.data.read()
    read_bank(len(raw))
    filename = upload_label(form.bank_file.data.filename)
    try:
        load_bank_text(raw, filename, max_bank_bytes())
    except BankFileError as error:
        problems = excerpt_problems(raw, error.problems)
        return render_template(
            "admin/upload.html", form=form, problems=problems, more=error.more_problems
        ), 422
    token = stage_upload(current_user.id, filename, raw)
    db.session.commit()
    return redirect(url_for("admin.preview", token=token))


@bp.get("/uploads/<token>")
@admin_required
@releasing_memory
def preview(token):
    """Show what importing the staged file would add, update, retire and restore."""
    staged = own_staged_upload(token)
    try:
        # Only the report outlives this line: the page renders without the plan's rows.
        report = plan_upload(staged, max_bank_bytes(), db.session).report()
    except BankFileError:
        discard_staged(token)
        db.session.commit()
        flash("That upload no longer passes the checks; upload it again.", "error")
        return redirect(url_for("admin.index"))
    form = ConfirmImportForm(fingerprint=plan_fingerprint(report))
    return render_template("admin/preview.html", staged=staged, report=report, form=form,
                           diffs=readable_diffs(report))


@bp.post("/uploads/<token>")
@admin_required
@admin_upload_limit
@releasing_memory
def confirm(token):
    """Import exactly the previewed file, or show the new preview if the bank changed since."""
    staged = own_staged_upload(token)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        return redirect(url_for("admin.preview", token=token))
    try:
        plan = plan_upload(staged, max_bank_bytes(), db.session)
    except BankFileError:
        return redirect(url_for("admin.preview", token=token))
    report = plan.report()
    if form.fingerprint.data != plan_fingerprint(report):
        flash("The bank changed since that preview. Check this one before importing.", "info")
        return redirect(url_for("admin.preview", token=token))
    try:
        apply_plan(plan, db.session)
        discard_staged(token)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        flash("The import failed and nothing was saved. Try again.", "error")
        return redirect(url_for("admin.preview", token=token))
    flash(summarise_import(report), "success")
    return redirect(url_for("admin.bank", bank_slug=report.bank))


@bp.app_context_processor
def export_formats():
    """Let any page that shows admins the export links list every format."""
    return {"export_formats": EXPORT_FORMATS}


@bp.get("/banks/<bank_slug>/export/<any(yaml, gift, anki, csv):file_format>")
@admin_required
def export(bank_slug, file_format):
    """Download the bank in one of the export formats, the same as `flask bank export`."""
    bank = db.first_or_404(select_bank_for_export(bank_slug))
    export_format = EXPORT_FORMATS[file_format]
    return Response(
        export_format.render(bank).content,
        content_type=export_format.media_type,
        headers={"Content-Disposition": f"attachment; filename={export_format.filename(bank)}"},
    )


@bp.get("/banks/<bank_slug>")
@admin_required
def bank(bank_slug):
    """List the bank's questions with retire and restore buttons, and their item statistics."""
    shown_bank = db.first_or_404(Bank.by_slug(bank_slug))
    questions = db.session.scalars(
        select(Question).where(Question.bank_id == shown_bank.id).order_by(Question.position)
    ).all()
    order = TableOrder.from_query(request.args.get("sort"), request.args.get("order"))
    statistics = sort_statistics(
        bank_item_statistics(db.session, shown_bank.id, {q.id: q for q in questions}),
        order.column,
        order.descending,
    )
    return render_template(
        "admin/bank.html",
        bank=shown_bank,
        questions=questions,
        questions_by_key={question.key: question for question in questions},
        statistics=statistics,
        order=order,
        headers=sort_headers(order),
        flag_hints=FLAG_HINTS,
        min_answers=MIN_ANSWERS_FOR_FLAGS,
    )


def bank_question(bank_slug: str, question_key: str) -> Question:
    return db.first_or_404(
        select(Question).join(Question.bank)
        .where(Bank.slug == bank_slug, Question.key == question_key)
    )


@bp.post("/banks/<bank_slug>/questions/<question_key>/retire")
@admin_required
def retire(bank_slug, question_key):
    """Take a question out of new quizzes; past attempts and results keep it."""
    return set_retired(bank_slug, question_key, True,
                       "new quizzes leave it out; past results still show it.")


@bp.post("/banks/<bank_slug>/questions/<question_key>/restore")
@admin_required
def restore(bank_slug, question_key):
    """Put a retired question back into new quizzes."""
    return set_retired(bank_slug, question_key, False, "new quizzes may ask it again.")


@bp.post("/banks/<bank_slug>/questions/<question_key>/regrade")
@admin_required
def regrade(bank_slug, question_key):
    """Re-grade past answers to a question against its current version, after a key fix."""
    question = bank_question(bank_slug, question_key)
    try:
        record = regrade_question(question, requested_by=f"admin {current_user.id}")
    except ValueError as error:
        flash(f"Nothing re-graded: {error}.", "error")
        return redirect(url_for("admin.bank", bank_slug=bank_slug))
    db.session.commit()
    flash(f"Re-graded {record.items_checked} past answer(s) to {question_key} against "
          f"version {record.version_number}: {len(record.changes)} changed grade.", "success")
    return redirect(url_for("admin.bank", bank_slug=bank_slug))


def set_retired(bank_slug: str, question_key: str, is_retired: bool, consequence: str):
    """Retire or restore one question, say what that means, and go back to the bank."""
    question = bank_question(bank_slug, question_key)
    question.is_retired = is_retired
    question.is_retired_by_admin = is_retired
    db.session.commit()
    flash(f"{'Retired' if is_retired else 'Restored'} {question_key}: {consequence}", "success")
    return redirect(url_for("admin.bank", bank_slug=bank_slug))


@bp.errorhandler(413)
def upload_too_large(error):
    """Explain the upload size limit instead of the server's bare 413."""
    return render_template("admin/upload_too_large.html", limit=max_bank_bytes()), 413
