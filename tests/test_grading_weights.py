"""Weights and feedback written per choice or answer: partial credit and what learners are told."""

import pytest

from quizapp.grading import feedback_for, grade

SINGLE = {
    "choices": ["Eastport", "Westhaven", "Southcliff"],
    "answer": "Eastport",
    "choice_feedback": {"Westhaven": "Only in winter.", "Eastport": "Right."},
    "choice_weights": {"Westhaven": 50, "Southcliff": -50},
}
MULTIPLE = {
    "choices": ["a", "b", "c", "d"],
    "answers": ["a", "b"],
    "choice_weights": {"a": 70, "b": 30, "c": -50},
    "choice_feedback": {"c": "c is wrong.", "a": "a is right."},
}
TEXT = {
    "answer": "Mara Quill",
    "accept": ["Quill", "Mara", "Tarsus"],
    "choice_weights": {"Mara": 50, "Tarsus": 0},
    "choice_feedback": {"Mara": "Her surname too.", "Tarsus": "Tarsus is in Turkey.",
                        "Mara Quill": "Yes."},
}
NUMERIC = {
    "answer": 340,
    "tolerance": 5,
    "answer_feedback": "Right.",
    "extra_answers": [
        {"answer": 300, "tolerance": 40, "weight": 25, "feedback": "Roughly."},
        {"answer": 320, "tolerance": 10, "weight": 50, "feedback": "Close."},
    ],
}
DATE = {
    "answer": "2021-06-02",
    "extra_answers": [{"answer": "2021-06", "weight": 50, "feedback": "Right month."}],
}


@pytest.mark.parametrize(("question_type", "data", "response", "earned", "is_correct"), [
    ("single", SINGLE, "Eastport", 2, True),
    ("single", SINGLE, "Westhaven", 1, False),
    ("single", SINGLE, "Southcliff", 0, False),  # a negative weight never goes below nothing
    ("multiple", MULTIPLE, ["a", "b"], 2, True),
    ("multiple", MULTIPLE, ["a"], 1.4, False),
    ("multiple", MULTIPLE, ["a", "c"], 0.4, False),
    ("multiple", MULTIPLE, ["a", "b", "d"], 1, False),  # unweighted wrong: minus 100/2
    ("text", TEXT, "mara quill", 2, True),
    ("text", TEXT, "Quill", 2, True),
    ("text", TEXT, "Mara", 1, False),
    ("text", TEXT, "Tarsus", 0, False),
    ("numeric", NUMERIC, "338", 2, True),
    ("numeric", NUMERIC, "325", 1, False),  # the best of the extra answers that agree
    ("numeric", NUMERIC, "270", 0.5, False),
    ("numeric", NUMERIC, "200", 0, False),
    ("date", DATE, "2 June 2021", 2, True),
    ("date", DATE, "June 2021", 1, False),
    ("date", DATE, "5 June 2021", 1, False),
    ("date", DATE, "July 2021", 0, False),
])
def test_weights_give_partial_credit(question_type, data, response, earned, is_correct):
    result = grade(question_type, data, 2, response)
    assert (result.points_earned, result.is_correct) == (earned, is_correct)


@pytest.mark.parametrize("picks", [["a", "b", "c"], ["c", "b", "a"]])
def test_three_right_picks_of_a_third_each_are_fully_correct(picks):
    data = {"choices": ["a", "b", "c", "d"], "answers": ["a", "b", "c"]}
    assert grade("multiple", data, 1, picks).is_correct


@pytest.mark.parametrize(("question_type", "data", "response", "feedback"), [
    ("single", SINGLE, "Westhaven", ("Only in winter.",)),
    ("single", SINGLE, "Eastport", ("Right.",)),
    ("single", SINGLE, "Southcliff", ()),
    ("multiple", MULTIPLE, ["c", "b", "a"], ("c is wrong.", "a is right.")),
    ("text", TEXT, "Mara", ("Her surname too.",)),
    ("text", TEXT, "Mara Quil", ("Yes.",)),
    ("text", TEXT, "tarsus", ("Tarsus is in Turkey.",)),
    ("text", TEXT, "Eastport", ()),
    ("numeric", NUMERIC, "340", ("Right.",)),
    ("numeric", NUMERIC, "318", ("Close.",)),
    ("numeric", NUMERIC, "lots", ()),
    ("date", DATE, "2021-06", ("Right month.",)),
    ("date", DATE, "2020", ()),
])
def test_feedback_is_what_the_bank_wrote_for_the_response(question_type, data, response,
                                                        feedback):
    assert feedback_for(question_type, data, response) == feedback


@pytest.mark.parametrize(("question_type", "data", "response"), [
    ("true_false", {"answer": True}, "true"),
    ("matching", {"pairs": {"a": "1", "b": "2"}}, {"a": "1"}),
    ("ordering", {"items": ["x", "y"]}, ["x", "y"]),
    ("single", {"choices": ["a", "b"], "answer": "a"}, "b"),
])
def test_questions_without_written_feedback_give_none(question_type, data, response):
    assert feedback_for(question_type, data, response) == ()


def test_a_near_name_listed_at_no_credit_is_not_taken_for_a_slip():
    data = {"answer": "Tartous", "accept": ["Tarsus"], "choice_weights": {"Tarsus": 0}}
    assert not grade("text", data, 1, "Tarsus").points_earned
    assert grade("text", data, 1, "Tartus").is_correct


@pytest.mark.parametrize(("question_type", "data", "response", "feedback"), [
    ("true_false", {"answer": False, "answer_feedback": "Yes.", "wrong_feedback": "No."},
     "false", ("Yes.",)),
    ("true_false", {"answer": False, "answer_feedback": "Yes.", "wrong_feedback": "No."},
     "true", ("No.",)),
    ("true_false", {"answer": False, "wrong_feedback": "No."}, None, ()),
    ("numeric", NUMERIC | {"wrong_feedback": "Far off."}, "10", ("Far off.",)),
    ("numeric", NUMERIC | {"wrong_feedback": "Far off."}, "330", ("Close.",)),
    ("date", DATE | {"wrong_feedback": "Not that year."}, "1999", ("Not that year.",)),
])
def test_right_and_wrong_answers_get_their_own_feedback(question_type, data, response,
                                                       feedback):
    assert feedback_for(question_type, data, response) == feedback
