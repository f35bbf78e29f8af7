"""Random input for the bank loader and every grader: a clear refusal or a grade, never a crash.

Hypothesis generates the input; examples stay few enough to keep the suite fast.
"""

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.bankfile.loader import load_bank_file, load_bank_text
from quizapp.bankfile.problems import BankFileError
from quizapp.bankfile.safe_yaml import parse_yaml
from quizapp.bankfile.schema import BankSpec
from quizapp.bankfile.streamed_yaml import streamed_data
from quizapp.grading import GRADERS, Grade, format_answer, format_response, grade

DATA = Path(__file__).parent / "data"
SHIPPED_BANK = Path(__file__).resolve().parent.parent / "questions" / "russia-syria-2016.yaml"
MAX_BYTES = 10**6
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Every question of the full example bank and the shipped bank: each type, many shapes.
QUESTIONS = [
    (question.type, question.type_data(), question.points)
    for path in (DATA / "full.yaml", SHIPPED_BANK)
    for question in load_bank_file(path, MAX_BYTES).questions
]
VALID_TEXT = (DATA / "full.yaml").read_text(encoding="utf-8")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=20,
)


def loads_or_refuses(text: str | bytes) -> None:
    """The loader returns a bank or raises BankFileError; anything else fails the test."""
    try:
        assert isinstance(load_bank_text(text, "fuzz.yaml", MAX_BYTES), BankSpec)
    except BankFileError as error:
        assert error.problems


def test_every_question_type_is_fuzzed():
    assert {question_type for question_type, _, _ in QUESTIONS} == set(GRADERS)


@FUZZ
@given(st.text())
def test_loader_takes_any_text(text):
    loads_or_refuses(text)


@FUZZ
@given(st.binary())
def test_loader_takes_any_bytes(raw):
    loads_or_refuses(raw)


@FUZZ
@given(st.integers(0, len(VALID_TEXT)), st.integers(0, 40), st.text(max_size=20))
def test_loader_takes_a_valid_bank_with_a_stretch_replaced(start, length, replacement):
    loads_or_refuses(VALID_TEXT[:start] + replacement + VALID_TEXT[start + length:])


@FUZZ
@given(st.dictionaries(st.sampled_from(["bank", "title", "description", "source", "facts",
                                        "questions", "extra"]), json_values))
def test_loader_takes_any_yaml_structure(document):
    loads_or_refuses(yaml.safe_dump(document, allow_unicode=True))


def streams_alike(text: str) -> None:
    """Whatever the streamed reader accepts, the careful reader reads alike and finds fine."""
    streamed = streamed_data(text)
    if streamed is not None:
        document = parse_yaml(text, "fuzz.yaml")
        assert document.problems == ()
        assert repr(streamed) == repr(document.data)  # repr, so .nan equals itself


@FUZZ
@given(st.integers(0, len(VALID_TEXT)), st.integers(0, 40), st.text(max_size=20))
def test_streamed_reading_agrees_on_a_bank_with_a_stretch_replaced(start, length, replacement):
    streams_alike(VALID_TEXT[:start] + replacement + VALID_TEXT[start + length:])


@FUZZ
@given(json_values)
def test_streamed_reading_agrees_on_any_yaml_structure(document):
    streams_alike(yaml.safe_dump(document, allow_unicode=True))


@FUZZ
@given(st.sampled_from(QUESTIONS), json_values)
def test_every_grader_grades_any_response(question, response):
    question_type, data, points = question
    result = grade(question_type, data, points, response)
    assert isinstance(result, Grade)
    assert 0 <= result.points_earned <= result.points_possible == points
    assert isinstance(format_response(question_type, data, response), str)
    assert isinstance(format_answer(question_type, data), str)
