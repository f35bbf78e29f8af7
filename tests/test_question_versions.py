"""Question versions: edits make versions, attempts keep theirs, re-grades are explicit."""

import io
from datetime import UTC, datetime

import pytest
from conftest import csrf_token_on
from sqlalchemy import select

from quizapp.bankfile.importer import Change, import_bank, plan_import
from quizapp.bankfile.loader import load_bank_text
from quizapp.extensions import db
from quizapp.models import Attempt, Bank, Question, QuestionVersion, Regrade
from quizapp.study.attempts import attempt_with_questions, finish_attempt, record_answer
from quizapp.vocabulary import QuizMode

# Versions and re-grade records live in JSON columns and new tables from a migration.
pytestmark = pytest.mark.both_engines
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def bank_text(answer: str = "Westhaven", prompt: str = "Which town is the capital?") -> str:
    """A bank with one single-choice question whose key and prompt the test picks."""
    return (
        "bank: norwick\ntitle: Norwick island\ndescription: Made-up places.\n"
        "source:\n  publisher: Example Press\n  title: A made-up gazetteer\n"
        "  published: 2020-01-31\nquestions:\n"
        f"  - id: capital\n    category: place\n    type: single\n    prompt: {prompt}\n"
        f"    choices: [Eastport, Westhaven]\n    answer: {answer}\n"
        "    explanation: The made-up gazetteer names the capital.\n"
        "  - id: harbour\n    category: place\n    type: true_false\n"
        "    prompt: Eastport has a harbour.\n    answer: true\n"
        "    explanation: The gazetteer mentions the harbour.\n"
    )


def import_text(text: str, restore_retired: bool = False):
    report = import_bank(load_bank_text(text, "bank.yaml", 10**6), db.session, restore_retired)
    db.session.commit()
    db.session.remove()
    return report


def question(key: str = "capital") -> Question:
    return db.session.scalar(select(Question).where(Question.key == key))


def answered_attempt(user, response: str) -> int:
    """Finish an attempt that answered the capital question so; return the attempt's id."""
    bank = db.session.scalar(Bank.by_slug("norwick"))
    attempt = attempt_with_questions(user, bank, QuizMode.PRACTICE, [question().id], NOW)
    db.session.commit()
    record_answer(attempt.items[0], response, NOW)
    finish_attempt(attempt, NOW)
    db.session.commit()
    return attempt.id


def test_import_makes_version_one_and_an_edit_version_two(app):
    import_text(bank_text())
    assert question().version == 1
    import_text(bank_text())
    assert question().version == 1
    import_text(bank_text(answer="Eastport"))
    versions = db.session.scalars(
        select(QuestionVersion).where(QuestionVersion.question_id == question().id)
        .order_by(QuestionVersion.number)
    ).all()
    assert [(v.number, v.data["answer"]) for v in versions] == [(1, "Westhaven"), (2, "Eastport")]
    assert question("harbour").version == 1


def test_an_attempt_keeps_the_version_it_asked(app, make_user):
    import_text(bank_text(prompt="Which town is the capital?"))
    attempt_id = answered_attempt(make_user(), "Westhaven")
    import_text(bank_text(answer="Eastport", prompt="Which town is the capital today?"))
    item = db.session.get(Attempt, attempt_id).items[0]
    assert item.asked.prompt == "Which town is the capital?"
    assert item.graded_against.data["answer"] == "Westhaven"
    assert item.is_correct


def test_result_page_shows_what_the_learner_saw(client, make_user, sign_in_as):
    user = make_user()
    import_text(bank_text(prompt="Which town is the capital?"))
    attempt_id = answered_attempt(user, "Westhaven")
    sign_in_as(client, user)
    import_text(bank_text(answer="Eastport", prompt="Which town is the capital today?"))
    page = client.get(f"/quiz/{attempt_id}/result").get_data(as_text=True)
    assert "Which town is the capital?" in page
    assert "capital today" not in page


def test_regrade_command_grades_old_answers_against_the_fixed_key(runner, make_user):
    import_text(bank_text(answer="Westhaven"))
    user = make_user()
    attempt_id = answered_attempt(user, "Eastport")
    import_text(bank_text(answer="Eastport"))
    result = runner.invoke(args=["bank", "regrade", "norwick", "capital"])
    assert result.exit_code == 0, result.output
    assert "re-graded 1 answer(s) against version 2; 1 changed" in result.output
    db.session.remove()
    attempt = db.session.get(Attempt, attempt_id)
    assert (attempt.items[0].is_correct, attempt.points_earned) == (True, 1.0)
    assert attempt.items[0].asked.number == 1
    record = db.session.scalar(select(Regrade))
    assert record.version_number == 2
    assert record.changes == [{
        "attempt_item_id": attempt.items[0].id, "attempt_id": attempt.id, "version_before": 1,
        "points_before": 0.0, "points_after": 1.0, "correct_before": False,
        "correct_after": True,
    }]


def test_regrade_changes_nothing_until_asked(app, make_user):
    import_text(bank_text(answer="Westhaven"))
    attempt_id = answered_attempt(make_user(), "Eastport")
    import_text(bank_text(answer="Eastport"))
    assert not db.session.get(Attempt, attempt_id).items[0].is_correct
    assert db.session.scalar(select(Regrade)) is None


def test_regrade_command_names_an_unknown_question(runner):
    import_text(bank_text())
    result = runner.invoke(args=["bank", "regrade", "norwick", "nope"])
    assert result.exit_code == 1
    assert "bank 'norwick' has no question 'nope'" in result.output


def test_admin_regrade_button_regrades_and_says_so(client, make_user, sign_in_as):
    import_text(bank_text(answer="Westhaven"))
    attempt_id = answered_attempt(make_user(), "Eastport")
    import_text(bank_text(answer="Eastport"))
    sign_in_as(client, make_user("root", is_admin=True))
    page = client.get("/admin/banks/norwick").get_data(as_text=True)
    assert "/admin/banks/norwick/questions/capital/regrade" in page
    assert "/admin/banks/norwick/questions/harbour/regrade" not in page
    response = client.post("/admin/banks/norwick/questions/capital/regrade",
                           data={"csrf_token": csrf_token_on(client, "/admin/banks/norwick")})
    assert response.headers["Location"] == "/admin/banks/norwick"
    db.session.remove()
    assert db.session.get(Attempt, attempt_id).items[0].is_correct
    flashed = client.get("/admin/banks/norwick").get_data(as_text=True)
    assert "Re-graded 1 past answer(s) to capital against version 2: 1 changed grade." in flashed


def test_a_question_an_admin_retired_stays_retired_on_import(client, make_user, sign_in_as,
                                                             runner, tmp_path):
    import_text(bank_text())
    sign_in_as(client, make_user("root", is_admin=True))
    client.post("/admin/banks/norwick/questions/capital/retire",
                data={"csrf_token": csrf_token_on(client, "/admin/banks/norwick")})
    path = tmp_path / "norwick.yaml"
    path.write_text(bank_text(prompt="Which town is the capital now?"))
    result = runner.invoke(args=["bank", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "kept retired by an admin: capital" in result.output
    db.session.remove()
    assert question().is_retired
    result = runner.invoke(args=["bank", "import", "--restore-retired", str(path)])
    assert "restored: capital" in result.output
    db.session.remove()
    assert not question().is_retired and not question().is_retired_by_admin


def test_a_question_the_file_retired_comes_back_with_the_file(app):
    import_text(bank_text())
    text_without_capital = bank_text().split("  - id: capital")[0] + "  - id: harbour" + (
        bank_text().split("  - id: harbour")[1])
    import_text(text_without_capital)
    assert question().is_retired
    report = import_text(bank_text())
    assert report.questions.restored == ("capital",)


def test_import_report_never_says_unchanged_above_updates(runner, tmp_path):
    import_text(bank_text())
    path = tmp_path / "norwick.yaml"
    path.write_text(bank_text(answer="Eastport"))
    result = runner.invoke(args=["bank", "import", str(path)])
    assert result.output.splitlines()[1] == f"{path}: bank norwick updated"
    assert "1 updated" in result.output


def test_plan_lists_each_changed_field_of_an_updated_question(app):
    import_text(bank_text())
    report = plan_import(load_bank_text(bank_text(answer="Eastport", prompt="Capital?"),
                                        "bank.yaml", 10**6), db.session)
    assert report.questions.updated == ("capital",)
    assert [(c.field, c.before, c.after) for c in dict(report.question_diffs)["capital"]] == [
        ("prompt", "Which town is the capital?", "Capital?"),
        ("answer", "Westhaven", "Eastport"),
    ]
    assert report.change == Change.UPDATED


def test_upload_preview_shows_a_field_by_field_diff(client, make_user, sign_in_as):
    import_text(bank_text())
    sign_in_as(client, make_user("root", is_admin=True))
    response = client.post(
        "/admin/upload",
        data={"bank_file": (io.BytesIO(bank_text(answer="Eastport").encode()), "bank.yaml"),
              "csrf_token": csrf_token_on(client, "/admin/")},
        content_type="multipart/form-data",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "What changes in each updated question" in page
    assert "<del>Westhaven</del>" in page and "<ins>Eastport</ins>" in page


@pytest.mark.parametrize("response", ["Westhaven", "Eastport"])
def test_answers_are_graded_against_the_version_asked(app, make_user, response):
    import_text(bank_text(answer="Westhaven"))
    bank = db.session.scalar(Bank.by_slug("norwick"))
    attempt = attempt_with_questions(make_user(), bank, QuizMode.PRACTICE, [question().id], NOW)
    db.session.commit()
    attempt_id = attempt.id
    import_text(bank_text(answer="Eastport"))
    item = db.session.get(Attempt, attempt_id).items[0]
    record_answer(item, response, NOW)
    assert item.is_correct is (response == "Westhaven")
