"""The item statistics tallies stay equal to the pure module's figures as answers come and go.

Attempts here are answered and finished the way the quiz does it, then
re-graded, abandoned, merged and deleted the way the app does it; after each,
the tallies must give what `quizapp.study.item_stats` computes from every
answer left.
"""

from datetime import UTC, datetime, timedelta

import pytest
from flask_migrate import downgrade, upgrade
from item_stats_support import assert_same_statistics, reference_statistics
from sqlalchemy import delete, select, update

from quizapp.accounts.users import delete_account, delete_idle_guests, merge_guest_into
from quizapp.bankfile.importer import import_bank
from quizapp.bankfile.loader import load_bank_text
from quizapp.extensions import db
from quizapp.models import Bank, ItemTally, Question, User, WrongAnswerTally
from quizapp.study.attempts import attempt_with_questions, finish_attempt, record_answer
from quizapp.study.item_queries import bank_item_statistics
from quizapp.study.regrading import regrade_question
from quizapp.study.resume import abandon_attempt
from quizapp.vocabulary import QuizMode

pytestmark = pytest.mark.both_engines  # upserts, window sums and migrations differ by engine

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
UNANSWERED = object()

# What each learner answers, attempt by attempt, on the demo bank. "Lavrov" is
# first given by bea and only later spelt " lavrov " by cal, so deleting bea
# changes the spelling shown; dan leaves a question unanswered.
ANSWERS = {
    "ada": [{"q-single": "Hmeimim", "q-tf": "true", "q-text": "Shoigu", "q-numeric": "9000"},
            {"q-single": "Hmeimim", "q-date": "2015-09", "q-text": "Sergei Shoigu"}],
    "bea": [{"q-single": "Tartus", "q-tf": "true", "q-text": "Lavrov", "q-numeric": "9000"}],
    "cal": [{"q-single": "Hmeimim", "q-tf": "false", "q-text": " lavrov ", "q-date": "2016"},
            {"q-text": "Putin", "q-numeric": "8000"}],
    "dan": [{"q-single": "Latakia", "q-tf": "false", "q-text": "Lavrov", "q-date": UNANSWERED}],
}


def statistics(bank):
    return bank_item_statistics(
        db.session, bank.id, {question.id: question for question in bank.questions}
    )


def take_quiz(user, bank, answers: dict, finish: bool = True, started=NOW):
    """Answer the questions in order, a few seconds apart, then hand in unless told not to."""
    questions = {question.key: question for question in bank.questions}
    attempt = attempt_with_questions(
        user, bank, QuizMode.PRACTICE, [questions[key].id for key in answers], started
    )
    db.session.commit()
    for item, response in zip(attempt.items, answers.values(), strict=True):
        if response is not UNANSWERED:
            record_answer(item, response, started + timedelta(seconds=5 * item.position))
    if finish:
        finish_attempt(attempt, started + timedelta(minutes=5))
    db.session.commit()
    return attempt


@pytest.fixture
def answered(make_bank, make_user):
    """The demo bank with every attempt in ANSWERS finished; the learners by name."""
    bank = make_bank()
    learners = {name: make_user(name) for name in ANSWERS}
    for number, (name, attempts) in enumerate(ANSWERS.items()):
        for repeat, answers in enumerate(attempts):
            take_quiz(learners[name], bank, answers,
                      started=NOW + timedelta(hours=number, minutes=10 * repeat))
    return bank, learners


def assert_tallies_match_every_answer(bank):
    db.session.expire_all()
    expected = reference_statistics(bank)
    assert expected, "the scenario should leave answers to count"
    assert_same_statistics(statistics(bank), expected)


def by_key(bank):
    return {row.question_key: row for row in statistics(bank)}


def test_finished_attempts_tally_what_the_pure_module_computes(answered):
    bank, _ = answered
    assert_tallies_match_every_answer(bank)
    rows = by_key(bank)
    assert rows["q-text"].times_answered == 6
    assert [(wrong.text, wrong.count) for wrong in rows["q-text"].common_wrong_answers] == [
        ("Lavrov", 3), ("Putin", 1)
    ]


def test_open_and_abandoned_attempts_do_not_count(answered):
    bank, learners = answered
    before = statistics(bank)
    take_quiz(learners["ada"], bank, {"q-single": "Tartus", "q-tf": "false"}, finish=False)
    dropped = take_quiz(learners["bea"], bank, {"q-single": "Latakia"}, finish=False)
    abandon_attempt(dropped)
    db.session.commit()
    assert statistics(bank) == before
    assert_tallies_match_every_answer(bank)


def test_finishing_twice_counts_once(answered):
    bank, learners = answered
    attempt = take_quiz(learners["ada"], bank, {"q-single": "Tartus"})
    finish_attempt(attempt, NOW + timedelta(days=1))
    db.session.commit()
    assert_tallies_match_every_answer(bank)


def test_deleting_a_learner_takes_their_answers_out(answered):
    bank, learners = answered
    delete_account(learners["bea"])
    db.session.commit()
    assert_tallies_match_every_answer(bank)
    rows = by_key(bank)
    assert rows["q-text"].times_answered == 5
    # bea gave "Lavrov" first; cal's " lavrov " is now the first spelling of it.
    assert rows["q-text"].common_wrong_answers[0].text == "lavrov"


def test_deleting_every_learner_empties_the_tallies(answered):
    bank, learners = answered
    for learner in learners.values():
        delete_account(learner)
    db.session.commit()
    assert statistics(bank) == []
    assert db.session.scalars(select(ItemTally)).all() == []
    assert db.session.scalars(select(WrongAnswerTally)).all() == []


def test_idle_guests_deleted_take_their_answers_out(answered):
    bank, _ = answered
    guest = User(is_guest=True, created_at=NOW - timedelta(days=30))
    db.session.add(guest)
    take_quiz(guest, bank, {"q-single": "Tartus", "q-text": "Assad"},
              started=NOW - timedelta(days=20))
    assert by_key(bank)["q-single"].times_answered == 6
    assert delete_idle_guests(NOW - timedelta(days=10)) == 1
    db.session.commit()
    assert by_key(bank)["q-single"].times_answered == 5
    assert_tallies_match_every_answer(bank)


def test_merging_a_guest_into_an_account_keeps_the_tallies(answered):
    bank, learners = answered
    guest = User(is_guest=True)
    db.session.add(guest)
    take_quiz(guest, bank, {"q-single": "Tartus", "q-text": "Assad"})
    before = statistics(bank)
    merge_guest_into(guest, learners["ada"])
    db.session.commit()
    assert statistics(bank) == before
    assert_tallies_match_every_answer(bank)


def test_migration_counts_the_answers_given_before_it(app, answered):
    bank, _ = answered
    before = statistics(bank)
    db.session.remove()
    with app.app_context():
        downgrade(revision="80afb0c99432")
        upgrade()
    bank = db.session.get(Bank, bank.id)
    assert_same_statistics(statistics(bank), before)
    assert_tallies_match_every_answer(bank)


# Re-grades need question versions, which importing a bank file makes.


def bank_text(answer: str) -> str:
    """A bank with a single-choice question whose key the test picks, and a true-or-false one."""
    return (
        "bank: norwick\ntitle: Norwick island\ndescription: Made-up places.\n"
        "source:\n  publisher: Example Press\n  title: A made-up gazetteer\n"
        "  published: 2020-01-31\nquestions:\n"
        "  - id: capital\n    category: place\n    type: single\n"
        "    prompt: Which town is the capital?\n"
        f"    choices: [Eastport, Westhaven, Northby]\n    answer: {answer}\n"
        "    explanation: The made-up gazetteer names the capital.\n"
        "  - id: harbour\n    category: place\n    type: true_false\n"
        "    prompt: Eastport has a harbour.\n    answer: true\n"
        "    explanation: The gazetteer mentions the harbour.\n"
    )


def import_text(text: str) -> Bank:
    import_bank(load_bank_text(text, "bank.yaml", 10**6), db.session)
    db.session.commit()
    return db.session.scalar(Bank.by_slug("norwick"))


def test_regrade_recounts_the_attempts_it_changes(make_user):
    bank = import_text(bank_text(answer="Westhaven"))
    answers = [("Eastport", "true"), ("Eastport", "false"), ("Westhaven", "true"),
               ("Northby", "false"), ("Eastport", "true")]
    for number, (capital, harbour) in enumerate(answers):
        take_quiz(make_user(f"learner{number}"), bank,
                  {"capital": capital, "harbour": harbour}, started=NOW + timedelta(hours=number))
    assert by_key(bank)["capital"].facility == pytest.approx(0.2)
    bank = import_text(bank_text(answer="Eastport"))
    capital = db.session.scalar(select(Question).where(Question.key == "capital"))
    regrade_question(capital, requested_by="test")
    db.session.commit()
    assert_tallies_match_every_answer(bank)
    rows = by_key(bank)
    assert rows["capital"].facility == pytest.approx(0.6)
    assert [wrong.text for wrong in rows["capital"].common_wrong_answers] == [
        "Northby", "Westhaven"
    ]


def test_recount_command_repairs_tallies_changed_behind_the_app_s_back(app, answered):
    bank, _ = answered
    kept = by_key(bank)
    # Answers edited by hand in SQL: the kept sums no longer match them.
    db.session.execute(update(ItemTally).values(times_answered=ItemTally.times_answered + 7,
                                                share_sum=0))
    db.session.execute(delete(WrongAnswerTally))
    db.session.commit()
    assert by_key(bank) != kept

    result = app.test_cli_runner().invoke(args=["bank", "recount"])

    assert result.exit_code == 0, result.output
    assert "recounted: item statistics for" in result.output
    assert_tallies_match_every_answer(bank)
    assert by_key(bank) == kept
