"""Answering inside an attempt: graded against the bank as a whole and the version asked."""

from datetime import UTC, datetime

import pytest

from quizapp.extensions import db
from quizapp.study.attempts import attempt_with_questions, grade_item, record_answer
from quizapp.vocabulary import QuizMode

NOW = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(("response", "is_correct"), [("Homs", True), ("Homss", True),
                                                       ("Homsk", False)])
def test_a_slip_that_is_another_answer_of_the_bank_is_refused(make_bank, make_user,
                                                                response, is_correct):
    bank = make_bank(questions=[
        {"key": "city", "category": "place", "type": "text", "prompt": "Which city?",
         "data": {"answer": "Homs"}},
        {"key": "other-city", "category": "place", "type": "text", "prompt": "Which town?",
         "data": {"answer": "Homsk"}},
    ])
    city = next(question for question in bank.questions if question.key == "city")
    attempt = attempt_with_questions(make_user(), bank, QuizMode.PRACTICE, [city.id], NOW)
    db.session.commit()
    record_answer(attempt.items[0], response, NOW)
    assert attempt.items[0].is_correct is is_correct


def test_a_slip_that_is_a_choice_elsewhere_in_the_bank_is_refused(make_bank, make_user):
    bank = make_bank(questions=[
        {"key": "city", "category": "place", "type": "text", "prompt": "Which city?",
         "data": {"answer": "Homs"}},
        {"key": "pick", "category": "place", "type": "single", "prompt": "Which town?",
         "data": {"choices": ["Homsk", "Aleppo"], "answer": "Aleppo"}},
    ])
    city = next(question for question in bank.questions if question.key == "city")
    attempt = attempt_with_questions(make_user(), bank, QuizMode.PRACTICE, [city.id], NOW)
    db.session.commit()
    record_answer(attempt.items[0], "Homsk", NOW)
    assert not attempt.items[0].is_correct


def test_grading_an_item_again_says_how_its_answer_was_read(make_bank, make_user):
    bank = make_bank(questions=[
        {"key": "minister", "category": "official", "type": "text", "prompt": "Who?",
         "data": {"answer": "Sergei Shoigu", "accept_surname": True}},
    ])
    attempt = attempt_with_questions(
        make_user(), bank, QuizMode.PRACTICE, [bank.questions[0].id], NOW
    )
    db.session.commit()
    item = attempt.items[0]
    record_answer(item, "Shoiguu", NOW)
    assert grade_item(item, item.response).note == "Accepted: the spelling is Shoigu"
