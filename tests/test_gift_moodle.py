"""GIFT as Moodle documents and writes it: every construct imports, and our export comes back."""

from datetime import date
from pathlib import Path

import pytest
from interop_support import LIMIT

from quizapp.bankfile.importer import import_bank
from quizapp.bankfile.loader import load_bank_file
from quizapp.extensions import db
from quizapp.grading import feedback_for, grade
from quizapp.interop.gift_export import export_gift
from quizapp.interop.gift_import import load_gift_file, load_gift_text
from quizapp.interop.loading import select_bank_for_export

DATA = Path(__file__).parent / "data"
MOODLE_DOCS = DATA / "moodle-docs.gift"
FEEDBACK = DATA / "feedback.yaml"
TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def docs():
    loaded = load_gift_file(MOODLE_DOCS, LIMIT, today=TODAY)
    return loaded, {question.id: question for question in loaded.spec.questions}


def fields(question) -> dict:
    return question.model_dump(mode="json", exclude_unset=True, exclude={"id", "category"})


def test_every_documented_question_imports_with_a_unique_id(docs):
    loaded, _ = docs
    ids = [question.id for question in loaded.spec.questions]
    assert len(ids) == len(set(ids)) == 27
    assert ids[:7] == ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]
    # Moodle's examples repeat two questions word for word.
    assert "who-s-buried-in-grant-s-0994a4-2" in ids
    assert "what-is-the-value-of-pi-26770a-2" in ids


@pytest.mark.parametrize(("question_id", "expected"), [
    ("q2", {"type": "single", "prompt": "What's between orange and green in the spectrum?",
            "answer": "yellow", "choices": [
                {"text": "yellow", "feedback": "right; good!"},
                {"text": "red", "feedback": "wrong, it's yellow"},
                {"text": "blue", "feedback": "wrong, it's yellow"}]}),
    ("q3", {"type": "text", "prompt": "Two plus _____ equals four.", "answer": "two",
            "accept": ["2"]}),
    ("q6", {"type": "numeric", "prompt": "What is a number from 1 to 5?", "answer": 3,
            "tolerance": 2}),
    ("q7", {"type": "numeric", "prompt": "When was Ulysses S. Grant born?", "answer": 1822,
            "tolerance": 0, "answer_feedback": "Correct! Full credit.", "extra_answers": [
                {"answer": 1822, "tolerance": 2, "weight": 50,
                 "feedback": "He was born in 1822. Half credit for being close."}]}),
    ("what-is-the-value-of-pi-26770a", {
        "type": "numeric", "prompt": "What is the value of pi (to 3 decimal places)? _____.",
        "answer": 3.1415, "tolerance": 0.0005}),
    ("what-two-people-are-entombed-in-1fb454", {
        "type": "multiple", "prompt": "What two people are entombed in Grant's tomb?",
        "answers": ["Grant", "Grant's wife"], "choices": [
            {"text": "No one", "weight": -100}, {"text": "Grant", "weight": 50},
            {"text": "Grant's wife", "weight": 50}, {"text": "Grant's father", "weight": -100}]}),
    ("difficult-question-3bb6c3", {
        "type": "single", "prompt": "Difficult question.", "answer": "full credit answer",
        "choices": ["wrong answer", {"text": "half credit answer", "weight": 50},
                    "full credit answer"]}),
    ("jesus-hometown", {
        "type": "text", "prompt": "Jesus Christ was from",
        "answer": {"text": "Nazareth", "feedback": "Yes! That's right!"}, "accept": [
            {"text": "Nazereth", "feedback": "Right, but misspelled.", "weight": 75},
            {"text": "Bethlehem", "feedback": "He was born here, but not raised here.",
             "weight": 25}]}),
    ("can-a-circle-be-square-2926b6", {
        "type": "true_false", "prompt": "Can a circle be square?", "answer": False,
        "wrong_feedback": "No, a circle has no corners.",
        "answer_feedback": "Right, it cannot."}),
    ("kanji-origins", {
        "type": "single", "prompt": "Japanese characters originally came from what country?",
        "answer": "China", "explanation": "Japanese kanji come from Chinese characters.",
        "choices": [{"text": "India", "feedback": "Incorrect."},
                    {"text": "China", "feedback": "Correct!"},
                    {"text": "Korea", "feedback": "Incorrect."},
                    {"text": "Egypt", "feedback": "Incorrect."}]}),
    ("which-is-bold-39df6d", {"type": "single", "prompt": "Which is **bold**?",
                              "format": "markdown", "choices": ["this", "that"],
                              "answer": "this"}),
    ("which-colour-is-the-sky-b6712c", {
        "type": "single", "prompt": "<p>Which colour is <em>the sky</em>?</p>",
        "format": "html", "explanation": "<p>It is <b>blue</b>.</p>",
        "choices": ["blue", "green"], "answer": "blue"}),
    ("which-answer-equals-5-bf8a7d", {
        "type": "single", "prompt": "Which answer equals 5?",
        "choices": ["= 2 + 2", "= 2 + 3", "= 2 + 4"], "answer": "= 2 + 3"}),
    ("control-characters", {
        "type": "single", "prompt": "Which of these is NOT a GIFT control character?",
        "answer": "\\", "choices": [
            *({"text": char, "feedback": f"{char} is one."} for char in "~=#{}:"),
            {"text": "\\", "feedback": "Right: a backslash only escapes the others."}]}),
    ("what-is-2-2-58bf02", {
        "type": "numeric", "prompt": "What is 2 + 2?", "answer": 4,
        "extra_answers": [{"answer": 3, "tolerance": 0, "weight": 50}],
        "wrong_feedback": "Count again."}),
])
def test_documented_constructs_keep_what_they_say(docs, question_id, expected):
    assert fields(docs[1][question_id]) == expected


def test_categories_file_questions_and_essays_and_descriptions_are_skipped(docs):
    loaded, by_id = docs
    assert by_id["q1"].category == "other"  # tom/dick/harry is none of ours
    assert by_id["what-is-2-2-58bf02"].category == "figure"
    notes = [note.message for note in loaded.notes]
    assert "GIFT essay questions have no counterpart here; skipped" in notes
    assert "text without {answers} is a description, not a question; skipped" in notes
    assert "q8" not in by_id


@pytest.mark.parametrize(("question_id", "response", "fraction", "feedback"), [
    ("jesus-hometown", "Nazareth", 1, ("Yes! That's right!",)),
    ("jesus-hometown", "Nazereth", 0.75, ("Right, but misspelled.",)),
    ("jesus-hometown", "Bethlehem", 0.25, ("He was born here, but not raised here.",)),
    ("q7", "1822", 1, ("Correct! Full credit.",)),
    ("q7", "1823", 0.5, ("He was born in 1822. Half credit for being close.",)),
    ("what-two-people-are-entombed-in-1fb454", ["Grant", "Grant's wife"], 1, ()),
    ("what-two-people-are-entombed-in-1fb454", ["Grant", "No one"], 0, ()),
    ("difficult-question-3bb6c3", "half credit answer", 0.5, ()),
    ("q2", "red", 0, ("wrong, it's yellow",)),
    ("what-is-2-2-58bf02", "7", 0, ("Count again.",)),
])
def test_imported_questions_grade_as_moodle_would(docs, question_id, response, fraction,
                                                  feedback):
    question = docs[1][question_id]
    data = question.type_data()
    assert grade(question.type, data, 4, response).points_earned == 4 * fraction
    assert feedback_for(question.type, data, response) == feedback


def test_a_file_without_a_source_cites_itself_with_a_note(docs):
    loaded, _ = docs
    source = loaded.spec.source
    assert (source.publisher, source.title, source.published) == (
        "Unknown publisher", "Moodle docs", TODAY)
    assert str(loaded.notes[0]) == (
        f"{MOODLE_DOCS}:1:1: source: the file does not name its source (publisher, title, "
        "published), so the bank cites Unknown publisher, “Moodle docs”, 2026-12-01; give "
        "--source-publisher, --source-title and --source-published, or comment lines "
        "`// source-publisher: ...`, to cite the real one"
    )


def test_given_source_fields_win_and_leave_no_note():
    text = "// source-publisher: In the file\n\n::q:: Pick {=a ~b}"
    loaded = load_gift_text(text, "quiz.gift", LIMIT, title="Quiz", source={
        "publisher": "Example Press", "title": "A story", "published": "2021-06-14",
        "url": "https://example.org/story"})
    assert loaded.spec.source.model_dump(mode="json") == {
        "publisher": "Example Press", "title": "A story", "published": "2021-06-14",
        "url": "https://example.org/story"}
    assert loaded.notes == ()


def test_a_partly_named_source_is_completed_from_the_title():
    loaded = load_gift_text("// source-publisher: Example Press\n\n::q:: Pick {=a ~b}",
                            "quiz.gift", LIMIT, title="Ferry quiz", today=TODAY)
    assert (loaded.spec.source.publisher, loaded.spec.source.title) == (
        "Example Press", "Ferry quiz")
    assert "(title, published)" in loaded.notes[0].message


def test_feedback_and_weights_come_back_from_a_gift_round_trip(app):
    spec = load_bank_file(FEEDBACK, LIMIT)
    import_bank(spec, db.session)
    db.session.commit()
    db.session.remove()
    exported = export_gift(db.session.scalar(select_bank_for_export(spec.bank)))
    assert [skipped.id for skipped in exported.skipped] == ["strike-start"]
    back = load_gift_text(exported.text, "feedback.gift", LIMIT).spec
    kept = [question for question in spec.questions if question.type != "date"]
    assert [(q.id, q.type, q.prompt, q.type_data(), q.explanation) for q in back.questions] == [
        (q.id, q.type, q.prompt, q.type_data(), q.explanation) for q in kept]
    assert back.source == spec.source
