"""The bank format's models: each question type checks its own fields."""

from datetime import date, datetime

import pytest
from pydantic import ValidationError

from quizapp.bankfile.fields import CHOICE_TAGS, SpecProblems
from quizapp.bankfile.question_specs import QUESTION_CLASSES
from quizapp.bankfile.schema import BankSpec
from quizapp.vocabulary import QuestionType

COMMON = {"prompt": "A prompt?", "explanation": "Why.", "category": "other"}
SOURCE = {"publisher": "Example Press", "title": "An article", "published": date(2020, 1, 31)}


def bank(*questions, facts=()) -> dict:
    """Wrap questions (and facts) in the smallest valid bank around them."""
    return {"bank": "demo", "title": "Demo", "description": "A demo bank.", "source": SOURCE,
            "facts": list(facts), "questions": list(questions)}


def question(**fields) -> dict:
    return {"id": "q", **COMMON, **fields}


VALID_QUESTIONS = [
    ({"type": "single", "choices": ["a", "b"], "answer": "a"},
     {"choices": ["a", "b"], "answer": "a"}),
    ({"type": "multiple", "choices": ["a", "b", "c"], "answers": ["a", "c"]},
     {"choices": ["a", "b", "c"], "answers": ["a", "c"]}),
    ({"type": "true_false", "answer": False}, {"answer": False}),
    ({"type": "numeric", "answer": 9000, "tolerance": 0}, {"answer": 9000, "tolerance": 0}),
    ({"type": "numeric", "answer": 2.5, "tolerance_pct": 10, "unit": "km"},
     {"answer": 2.5, "tolerance_pct": 10, "unit": "km"}),
    ({"type": "date", "answer": date(2016, 3, 14)}, {"answer": "2016-03-14"}),
    ({"type": "date", "answer": "2015-09"}, {"answer": "2015-09"}),
    ({"type": "date", "answer": 2015}, {"answer": "2015"}),
    ({"type": "text", "answer": "Shoigu"}, {"answer": "Shoigu"}),
    ({"type": "text", "answer": "Sergei Shoigu", "accept": ["Shoigu"]},
     {"answer": "Sergei Shoigu", "accept": ["Shoigu"]}),
    ({"type": "text", "answer": "Tartous", "accept_surname": False, "refuse": ["Tarsus"]},
     {"answer": "Tartous", "accept_surname": False, "refuse": ["Tarsus"]}),
    ({"type": "text", "answer": "Sergei Shoigu", "accept_surname": True},
     {"answer": "Sergei Shoigu", "accept_surname": True}),
    ({"type": "matching", "pairs": {"a": "1", "b": "2"}}, {"pairs": {"a": "1", "b": "2"}}),
    ({"type": "ordering", "items": ["first", "second"]}, {"items": ["first", "second"]}),
]


@pytest.mark.parametrize(("fields", "data"), VALID_QUESTIONS)
def test_valid_question_keeps_its_type_fields_as_written(fields, data):
    spec = BankSpec.model_validate(bank(question(**fields)))
    assert spec.questions[0].type_data() == data


def test_every_question_type_has_a_class():
    assert set(QUESTION_CLASSES) == set(QuestionType)


INVALID_QUESTIONS = [
    ({"type": "single", "choices": ["a"], "answer": "a"}, ("choices",), "at least 2"),
    ({"type": "single", "choices": ["a", "b"], "answer": "c"}, ("answer",),
     "'c' is not one of the choices"),
    ({"type": "single", "choices": ["a", "a"], "answer": "a"}, ("choices", 1), "listed twice"),
    ({"type": "multiple", "choices": ["a", "b"], "answers": []}, ("answers",), "at least 1"),
    ({"type": "multiple", "choices": ["a", "b"], "answers": ["a", "x"]}, ("answers", 1),
     "'x' is not one of the choices"),
    ({"type": "true_false", "answer": "yes"}, ("answer",), "valid boolean"),
    ({"type": "numeric", "answer": "9,000"}, ("answer",), "must be a number"),
    ({"type": "numeric", "answer": True}, ("answer",), "must be a number"),
    ({"type": "numeric", "answer": float("nan")}, ("answer",), "finite"),
    ({"type": "numeric", "answer": 5, "tolerance": -1}, ("tolerance",), "greater than or equal"),
    ({"type": "numeric", "answer": 5, "tolerance": 1, "tolerance_pct": 1}, ("tolerance_pct",),
     "not both"),
    ({"type": "date", "answer": "14 March 2016"}, ("answer",), "YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"type": "date", "answer": "2016-02-30"}, ("answer",), "not a real date"),
    ({"type": "date", "answer": datetime(2016, 3, 14, 9)}, ("answer",), "without a time"),
    ({"type": "text", "answer": "  "}, ("answer",), "at least 1 character"),
    ({"type": "text", "answer": "a", "accept": ["b", "a"]}, ("accept", 1), "already accepted"),
    ({"type": "text", "answer": "Tartous", "accept": ["Tartus"], "refuse": ["Tartus"]},
     ("refuse", 0), "also accepted"),
    ({"type": "text", "answer": "a", "refuse": ["b", "b"]}, ("refuse", 1), "listed twice"),
    ({"type": "text", "answer": "a", "accept_surname": "yes"}, ("accept_surname",), "boolean"),
    ({"type": "matching", "pairs": {"a": "1"}}, ("pairs",), "at least 2"),
    ({"type": "matching", "pairs": {"a": "1", "b": "1"}}, ("pairs", "b"), "already matched"),
    ({"type": "ordering", "items": ["x", "y", "x"]}, ("items", 2), "listed twice"),
    ({"type": "single", "choices": ["a", "b"], "answer": "a", "points": 0}, ("points",),
     "greater than or equal to 1"),
    ({"type": "true_false", "answer": True, "explanation": ""}, ("explanation",),
     "at least 1 character"),
    ({"type": "single", "choices": [{"text": "a", "weight": 50}, "b"], "answer": "a"},
     ("choices", 0, "weight"), "the answer is worth 100"),
    ({"type": "single", "choices": ["a", {"text": "b", "weight": 101}], "answer": "a"},
     ("choices", 1, "weight"), "less than or equal to 100"),
    ({"type": "single", "choices": ["a", {"text": "b", "colour": "red"}],
      "answer": "a"}, ("choices", 1, "colour"), "Extra inputs"),
    ({"type": "single", "choices": ["a", 5], "answer": "a"}, ("choices", 1), "valid string"),
    ({"type": "multiple", "choices": [{"text": "a", "weight": 50}, "b", "c"],
      "answers": ["a", "b", "c"]}, ("answers",), "add up to 116.667"),
    ({"type": "multiple", "choices": ["a", {"text": "b", "weight": 20}], "answers": ["a"]},
     ("choices", 1, "weight"), "0 or below"),
    ({"type": "text", "answer": {"text": "a", "weight": 50}}, ("answer", "weight"),
     "worth 100"),
    ({"type": "text", "answer": "a", "accept": [{"text": "b", "weight": -5}]},
     ("accept", 0, "weight"), "worth 0 to 100"),
    ({"type": "text", "answer": "a", "accept": [{"text": "a", "weight": 50}]}, ("accept", 0),
     "already accepted"),
    ({"type": "numeric", "answer": 5, "extra_answers": [{"answer": 6}]},
     ("extra_answers", 0, "weight"), "Field required"),
    ({"type": "date", "answer": "2016", "extra_answers": [{"answer": "2016-13", "weight": 5}]},
     ("extra_answers", 0, "answer"), "not a real date"),
    ({"type": "true_false", "answer": True, "id": "Bad_Id"}, ("id",), "pattern"),
    ({"type": "true_false", "answer": True, "choices": ["a"]}, ("choices",), "Extra inputs"),
]


def error_paths(error: ValidationError) -> list[tuple[tuple, str]]:
    """List (path below the question, message) for each error, expanding grouped problems."""
    found = []
    for details in error.errors():
        below = tuple(part for part in details["loc"][3:] if part not in CHOICE_TAGS)
        cause = details.get("ctx", {}).get("error")
        if isinstance(cause, SpecProblems):
            found += [((*below, *loc), message) for loc, message in cause.problems]
        else:
            found.append((below, details["msg"]))
    return found


@pytest.mark.parametrize(("fields", "path", "message"), INVALID_QUESTIONS)
def test_invalid_question_is_refused_at_its_field(fields, path, message):
    with pytest.raises(ValidationError) as caught:
        BankSpec.model_validate(bank(question(**fields)))
    [(found_path, found_message)] = error_paths(caught.value)
    assert found_path == path
    assert message in found_message


def test_category_defaults_to_the_facts():
    fact = {"id": "start", "category": "date", "statement": "It began in 2015."}
    fields = {k: v for k, v in COMMON.items() if k != "category"}
    spec = BankSpec.model_validate(
        bank({"id": "q", "fact": "start", "type": "date", "answer": "2015", **fields},
             facts=[fact])
    )
    assert spec.questions[0].category == "date"


def test_explicit_category_wins_over_the_facts():
    fact = {"id": "start", "category": "date", "statement": "It began in 2015."}
    spec = BankSpec.model_validate(
        bank(question(fact="start", type="date", answer="2015"), facts=[fact])
    )
    assert spec.questions[0].category == "other"


def test_points_default_to_one():
    spec = BankSpec.model_validate(bank(question(type="true_false", answer=True)))
    assert spec.questions[0].points == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"bank": "Demo Bank"}, "pattern"),
        ({"questions": []}, "at least 1"),
        ({"source": {**SOURCE, "published": "2020-01-31"}}, "valid date"),
        ({"source": {**SOURCE, "url": "example.org"}}, "pattern"),
        ({"questons": []}, "Extra inputs"),
    ],
)
def test_invalid_bank_fields_are_refused(change, message):
    data = {**bank(question(type="true_false", answer=True)), **change}
    with pytest.raises(ValidationError, match=message):
        BankSpec.model_validate(data)
