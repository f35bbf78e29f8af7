"""Every table keyed by question type covers every type, so adding a type is a checklist.

`QuestionType`'s docstring lists what a new type takes; this test fails, naming
the table, until each has its entry.
"""

from pathlib import Path

import pytest

from quizapp.bankfile.question_specs import QUESTION_CLASSES
from quizapp.grading import GRADERS
from quizapp.interop.anki import FRONT_DETAILS
from quizapp.interop.gift_export import ANSWER_WRITERS
from quizapp.quiz.forms import ANSWER_FORMS
from quizapp.study.assembly import PRESENTERS
from quizapp.vocabulary import QuestionType

INPUT_PARTIALS = Path(__file__).resolve().parent.parent / "quizapp/templates/quiz/inputs"
TABLES = {
    "bank schema question classes": QUESTION_CLASSES,
    "graders and answer formatters": GRADERS,
    "answer forms": ANSWER_FORMS,
    "presenters (per-attempt shuffling)": PRESENTERS,
    "GIFT answer writers": ANSWER_WRITERS,
    "Anki card fronts": FRONT_DETAILS,
    "answer input partials (templates/quiz/inputs)": {
        QuestionType(path.stem) for path in INPUT_PARTIALS.glob("*.html")
        if path.stem in set(QuestionType)
    },
}


@pytest.mark.parametrize("question_type", list(QuestionType))
@pytest.mark.parametrize("table_name", list(TABLES))
def test_table_has_an_entry_for_every_question_type(table_name, question_type):
    assert question_type in TABLES[table_name], f"{table_name} lacks {question_type}"


@pytest.mark.parametrize("table_name", list(TABLES))
def test_table_is_keyed_by_question_type_only(table_name):
    assert all(isinstance(key, QuestionType) for key in TABLES[table_name])


def test_every_input_partial_is_named_after_a_question_type():
    assert {path.stem for path in INPUT_PARTIALS.glob("*.html")} <= set(QuestionType)
