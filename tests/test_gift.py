"""Moodle GIFT: export, import of hand-written files, round trips, and line-numbered problems."""

from datetime import date

import pytest
from interop_support import FULL, LIMIT, MOODLE_SAMPLE, SHIPPED_BANK, store_bank_file

from quizapp.bankfile.loader import load_bank_file
from quizapp.bankfile.problems import BankFileError
from quizapp.extensions import db
from quizapp.grading import format_answer, grade
from quizapp.interop.gift_export import export_gift
from quizapp.interop.gift_import import load_gift_file, load_gift_text
from quizapp.interop.loading import select_bank_for_export

GIFT_TYPES = {"single", "multiple", "true_false", "text", "numeric", "matching"}
SOURCE = (
    "// source-publisher: Example Press\n"
    "// source-title: A story\n"
    "// source-published: 2021-06-14\n"
    "\n"
)  # questions written after it start on line 5


def load(text: str, **options):
    return load_gift_text(SOURCE + text, "test.gift", LIMIT, **options)


def only_question(text: str) -> dict:
    (question,) = load(text).spec.questions
    return question.model_dump(mode="json", exclude_unset=True)


def problems_of(text: str, filename: str = "test.gift") -> list[str]:
    with pytest.raises(BankFileError) as raised:
        load_gift_text(text, filename, LIMIT)
    return [str(problem).removeprefix(f"{filename}:") for problem in raised.value.problems]


def carried(question) -> tuple:
    """What a GIFT round trip must keep of a question."""
    return (question.id, question.type, question.category, question.prompt,
            question.type_data(), question.explanation, question.points)


# --- export ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [FULL, SHIPPED_BANK], ids=["full", "shipped"])
def test_round_trip_gives_back_the_questions_gift_can_express(app, path):
    original = load_bank_file(path, LIMIT)
    exported = export_gift(store_bank_file(path))
    reread = load_gift_text(exported.text, "exported.gift", LIMIT)
    expressible = [question for question in original.questions if question.type in GIFT_TYPES]
    assert len(expressible) >= 6
    assert [carried(q) for q in reread.spec.questions] == [carried(q) for q in expressible]


@pytest.mark.parametrize("path", [FULL, SHIPPED_BANK], ids=["full", "shipped"])
def test_export_lists_the_questions_it_skips_by_id(app, path):
    original = load_bank_file(path, LIMIT)
    exported = export_gift(store_bank_file(path))
    assert [skipped.id for skipped in exported.skipped] == [
        question.id for question in original.questions if question.type not in GIFT_TYPES
    ]
    assert {skipped.reason for skipped in exported.skipped} == {
        "GIFT has no date questions", "GIFT has no ordering questions",
    }


def test_round_trip_keeps_the_bank_its_source_and_each_source_paragraph(app):
    original = load_bank_file(FULL, LIMIT)
    bank = store_bank_file(FULL)
    reread = load_gift_text(export_gift(bank).text, "exported.gift", LIMIT).spec
    assert (reread.bank, reread.title, reread.description, reread.source) == (
        original.bank, original.title, original.description, original.source,
    )
    assert [q.paragraph for q in reread.questions] == [
        q.source_paragraph for q in bank.questions if q.type in GIFT_TYPES
    ]


@pytest.mark.parametrize(("key", "block"), [
    ("q-single", "::q-single:: Which base? {\n\t=Hmeimim\n\t~Tartus\n\t~Latakia\n"
                 "\t####Because the source says so.\n}"),
    ("q-multiple", "::q-multiple:: Which are cities? {\n\t~%50%Palmyra\n\t~%50%Aleppo\n"
                   "\t~%-50%Hmeimim\n\t####Because the source says so.\n}"),
    ("q-tf", "::q-tf:: Talks were in Geneva. {\n\tTRUE\n\t####Because the source says so.\n}"),
    ("q-numeric", "// paragraph: 5\n// unit: sorties\n::q-numeric:: How many sorties? {#\n"
                  "\t=9000:0\n\t####Because the source says so.\n}"),
    ("q-text", "::q-text:: Defence minister? {\n\t=Sergei Shoigu\n\t=Shoigu\n"
               "\t####Because the source says so.\n}"),
    ("q-matching", "::q-matching:: Match posts. {\n\t=Putin -> President\n"
                   "\t=Lavrov -> Foreign Minister\n\t####Because the source says so.\n}"),
])
def test_export_writes_each_type_in_moodle_syntax(app, make_bank, key, block):
    text = export_gift(make_bank()).text
    assert f"\n\n{block}\n" in text


def test_export_files_questions_under_a_category_per_run(app, make_bank):
    text = export_gift(make_bank()).text
    categories = [line for line in text.splitlines() if line.startswith("$CATEGORY:")]
    assert categories == [
        "$CATEGORY: demo/place", "$CATEGORY: demo/other", "$CATEGORY: demo/figure",
        "$CATEGORY: demo/official",
    ]


def test_export_writes_the_bank_in_comments(app, make_bank):
    lines = export_gift(make_bank()).text.splitlines()
    assert lines[2:6] == [
        "// bank: demo",
        "// bank-title: Demo bank",
        "// bank-description: A bank for tests.",
        "// source-publisher: BBC News",
    ]


@pytest.mark.parametrize("text", [
    "Ratio 3:1 {roughly} ~ = # and a back\\slash",
    "First line\nsecond line",
    "::looks like a title::",
    "// looks like a comment",
    "Two  spaces and a trailing colon:",
    "\\n is not a line break here",
])
def test_export_escapes_text_so_it_reads_back_the_same(app, make_bank, text):
    question = {"key": "tricky", "category": "other", "type": "single", "prompt": text,
                "explanation": text, "data": {"choices": [text, "plain"], "answer": text}}
    bank = make_bank(questions=[question])
    bank.source_published = date(2021, 6, 14)  # GIFT import needs a source date
    db.session.commit()
    (reread,) = load_gift_text(export_gift(bank).text, "x.gift", LIMIT).spec.questions
    assert (reread.prompt, reread.choices, reread.answer, reread.explanation) == (
        text, [text, "plain"], text, text,
    )


@pytest.mark.parametrize(("question", "reason"), [
    ({"type": "text", "data": {"answer": "A -> B"}},
     "an answer contains '->', which GIFT reads as a matching pair"),
    ({"type": "matching", "data": {"pairs": {"x -> y": "1", "z": "2"}}},
     "a left-hand item contains '->', which GIFT reads as the pair's arrow"),
    ({"type": "ordering", "data": {"items": ["a", "b"]}}, "GIFT has no ordering questions"),
])
def test_export_skips_what_gift_would_misread(app, make_bank, question, reason):
    bank = make_bank(questions=[{"key": "odd", "category": "other", "prompt": "?", **question}])
    exported = export_gift(bank)
    assert [(skipped.id, skipped.reason) for skipped in exported.skipped] == [("odd", reason)]
    assert "::odd::" not in exported.text


def test_export_leaves_out_retired_questions(app, make_bank):
    bank = make_bank()
    bank.questions[0].is_retired = True
    db.session.commit()
    db.session.remove()
    exported = export_gift(db.session.scalar(select_bank_for_export("demo")))
    assert "::q-single::" not in exported.text
    assert "q-single" not in [skipped.id for skipped in exported.skipped]


# --- import ----------------------------------------------------------------------------


def test_hand_written_moodle_file_imports_every_supported_type():
    spec = load_gift_file(MOODLE_SAMPLE, LIMIT).spec
    assert [q.model_dump(mode="json", exclude_unset=True) for q in spec.questions] == [
        {"id": "home-port", "category": "place", "type": "single",
         "prompt": "Which port do the Norwick ferries sail from?",
         "choices": [{"text": "Eastport", "feedback": "Right."},
                     {"text": "Westhaven", "feedback": "No, that is a town on the west coast."},
                     "Southcliff"],
         "answer": "Eastport", "explanation": "The ferries sail from Eastport."},
        {"id": "island-towns", "category": "place", "type": "multiple",
         "prompt": "Which of these are towns on Norwick: pick every one",
         "choices": [{"text": "Eastport", "weight": 50}, {"text": "Westhaven", "weight": 50},
                     {"text": "Southcliff {the mainland}", "weight": -100}],
         "answers": ["Eastport", "Westhaven"],
         "explanation": "Eastport and Westhaven are on Norwick; Southcliff is on the mainland."},
        {"id": "sail-from-eastport", "category": "other", "type": "true_false",
         "prompt": "The ferries sail from Eastport.", "answer": True,
         "wrong_feedback": "Look again at the port.", "answer_feedback": "Yes.",
         "explanation": "Eastport is the home port."},
        {"id": "union-leader", "category": "official", "type": "text",
         "prompt": "Who leads the ferry workers' union on Norwick?",
         "answer": "Mara Quill", "accept": ["Quill", "M. Quill"],
         "explanation": "Mara Quill leads the union."},
        {"id": "crossings-cancelled", "category": "figure", "type": "numeric", "points": 2,
         "prompt": "About how many crossings were cancelled in the first week?",
         "answer": 340, "tolerance": 20, "explanation": "About 340 crossings were cancelled."},
        {"id": "strike-days", "category": "figure", "type": "numeric",
         "prompt": "For how many days did the strike last?", "answer": 10, "tolerance": 2,
         "explanation": "The strike lasted about ten days."},
        {"id": "people-and-roles", "category": "official", "type": "matching",
         "prompt": "Match each person with their role.",
         "pairs": {"Mara Quill": "Union leader", "Ivo Brant": "Harbour master",
                   "Lena Osk": "Mayor of Eastport"},
         "explanation": "The story names all three and their roles."},
        {"id": "what-is-2-2-44196a", "category": "official", "type": "text",
         "prompt": "What is 2 + 2 = ?", "answer": "four", "accept": ["4"],
         "explanation": "Two and two make four."},
    ]


def test_hand_written_moodle_file_gets_its_bank_from_comments_and_file_name():
    spec = load_gift_file(MOODLE_SAMPLE, LIMIT).spec
    assert (spec.bank, spec.title, spec.description) == (
        "moodle-sample", "Moodle sample", "Questions imported from moodle-sample.gift.",
    )
    assert (spec.source.publisher, spec.source.published.isoformat()) == (
        "Example Press", "2021-06-14",
    )


def test_hand_written_moodle_file_keeps_everything_it_says():
    assert load_gift_file(MOODLE_SAMPLE, LIMIT).notes == ()


@pytest.mark.parametrize(("answers", "fields"), [
    ("{=a ~b ~c}", {"type": "single", "choices": ["a", "b", "c"], "answer": "a"}),
    ("{~%50%a ~%50%b ~c}", {"type": "multiple", "answers": ["a", "b"], "choices": [
        {"text": "a", "weight": 50}, {"text": "b", "weight": 50}, {"text": "c", "weight": 0}]}),
    ("{~%50%a ~%50%b ~%-50%c}", {"type": "multiple", "choices": ["a", "b", "c"],
                                 "answers": ["a", "b"]}),
    ("{~%100%a ~%-100%b}", {"type": "multiple", "choices": ["a", "b"], "answers": ["a"]}),
    ("{T}", {"type": "true_false", "answer": True}),
    ("{TRUE}", {"type": "true_false", "answer": True}),
    ("{F}", {"type": "true_false", "answer": False}),
    ("{FALSE#wrong#right}", {"type": "true_false", "answer": False,
                             "wrong_feedback": "wrong", "answer_feedback": "right"}),
    ("{=Quill}", {"type": "text", "answer": "Quill"}),
    ("{Quill}", {"type": "text", "answer": "Quill"}),
    ("{=%100%Quill# =%50%Q.#}", {"type": "text", "answer": "Quill",
                                 "accept": [{"text": "Q.", "weight": 50}]}),
    ("{#9000}", {"type": "numeric", "answer": 9000}),
    ("{#9000:0}", {"type": "numeric", "answer": 9000, "tolerance": 0}),
    ("{#-2.5:0.5}", {"type": "numeric", "answer": -2.5, "tolerance": 0.5}),
    ("{#1.5..2.5}", {"type": "numeric", "answer": 2, "tolerance": 0.5}),
    ("{#=%100%340:20# =%50%340:60#}", {"type": "numeric", "answer": 340, "tolerance": 20,
                                       "extra_answers": [{"answer": 340, "weight": 50,
                                                          "tolerance": 60}]}),
    ("{=a -> 1 =b -> 2}", {"type": "matching", "pairs": {"a": "1", "b": "2"}}),
    ("{=a -> 1 =b -> 2 = -> 3}", {"type": "matching", "pairs": {"a": "1", "b": "2"}}),
])
def test_answers_map_to_our_question_types(answers, fields):
    question = only_question(f"::q:: Prompt {answers}")
    assert {key: question[key] for key in fields} == fields
    assert set(question) - set(fields) == {"id", "category", "prompt"}


@pytest.mark.parametrize(("answers", "note"), [
    ("{=a -> 1 =b -> 2 = -> 3}", "the extra right-hand answer '3' is not kept"),
])
def test_import_notes_what_our_format_cannot_keep(answers, note):
    explained = answers.removesuffix("}") + " ####Why.}"
    notes = [str(note) for note in load(f"::q:: Prompt {explained}").notes]
    assert notes == [f"test.gift:5:1: question q: {note}"]


def test_a_question_without_general_feedback_has_no_explanation_and_no_note():
    loaded = load("::q:: Prompt {=a ~b}")
    assert loaded.spec.questions[0].explanation is None
    assert loaded.notes == ()


def test_answers_amid_the_text_leave_a_blank_in_the_prompt():
    assert only_question("Grant is {~buried =entombed} in the tomb.")["prompt"] == (
        "Grant is _____ in the tomb."
    )


def test_html_questions_keep_their_markup_and_format_but_answers_are_plain():
    question = only_question("::q:: [html]<p>Which <b>port</b> &amp; town?</p>"
                             "{=<b>Eastport</b> ~b ####<p>Because.</p>}")
    assert question["prompt"] == "<p>Which <b>port</b> &amp; town?</p>"
    assert (question["format"], question["answer"]) == ("html", "Eastport")
    assert question["explanation"] == "<p>Because.</p>"


def test_ids_without_a_title_stay_the_same_while_the_prompt_does():
    first, again, other = (
        only_question(text)["id"]
        for text in ("Which port is home?{=a ~b}", "Which port is home?{=c ~d}",
                     "Which port is away?{=a ~b}")
    )
    assert first == again != other
    assert first.startswith("which-port-is-home-")


def test_question_comments_set_category_points_paragraph_unit_and_percentage_tolerance():
    question = only_question(
        "$CATEGORY: figure\n\n"
        "// category: place\n// points: 3\n// paragraph: 7\n// unit: km\n// tolerance-pct: 10\n"
        "::q:: How far? {#120:12}"
    )
    assert {key: question.get(key) for key in
            ("category", "points", "paragraph", "unit", "tolerance_pct", "tolerance")} == {
        "category": "place", "points": 3, "paragraph": 7, "unit": "km", "tolerance_pct": 10,
        "tolerance": None,
    }


def test_question_comments_set_surnames_and_refused_names_of_a_short_answer():
    question = only_question(
        "// accept-surname: true\n// refuse: Tarsus; Tarsis\n"
        "::port:: Which port? {=Tartous =Tartus}"
    )
    assert {key: question.get(key) for key in ("accept_surname", "refuse", "accept")} == {
        "accept_surname": True, "refuse": ["Tarsus", "Tarsis"], "accept": ["Tartus"],
    }


@pytest.mark.parametrize(("options", "expected"), [
    ({}, ("test", "Test")),
    ({"slug": "ferries", "title": "Ferries"}, ("ferries", "Ferries")),
])
def test_bank_slug_and_title_come_from_options_else_the_file_name(options, expected):
    spec = load("::q:: Prompt {=a ~b}", **options).spec
    assert (spec.bank, spec.title) == expected


def test_options_win_over_the_bank_comments():
    text = "// bank: from-comment\n// bank-title: From comment\n::q:: Prompt {=a ~b}"
    assert (load(text).spec.bank, load(text).spec.title) == ("from-comment", "From comment")
    assert load(text, slug="from-option").spec.bank == "from-option"


def test_unknown_category_files_questions_under_other_with_a_note():
    loaded = load("$CATEGORY: $course$/top/Geography\n\n::q:: Prompt {=a ~b ####Why.}")
    assert loaded.spec.questions[0].category == "other"
    assert [str(note) for note in loaded.notes] == [
        "test.gift:5:12: category '$course$/top/Geography' is none of date, official, "
        "figure, place, other; the questions below it are filed under 'other'"
    ]


def test_essays_and_descriptions_are_skipped_with_a_note():
    loaded = load("Just some text.\n\n::e:: Tell us more. {}\n\n::q:: Prompt {=a ~b ####Why.}")
    assert [question.id for question in loaded.spec.questions] == ["q"]
    assert [str(note) for note in loaded.notes] == [
        "test.gift:5:1: text without {answers} is a description, not a question; skipped",
        "test.gift:7:1: GIFT essay questions have no counterpart here; skipped",
    ]


@pytest.mark.parametrize(("text", "problems"), [
    (SOURCE + "::q:: Open {=a ~b", ["5:12: { opens answers that no } closes"]),
    (SOURCE + "::q:: Close =a ~b}", ["5:18: } closes answers that no { opened"]),
    (SOURCE + "::q Open {=a ~b}", ["5:1: the title opened with :: is not closed with ::"]),
    (SOURCE + "::q:: Nest {=a {b} ~c}", ["5:16: { inside answers; write \\{ for a literal brace"]),
    (SOURCE + "::q:: Two {=a ~b} or {=c ~d}",
     ["5:22: a question has one {answers} block; write \\{ or \\} for a literal brace"]),
    (SOURCE + "::q:: Pick {=a =%50%b ~c}",
     ["5:21: = marks an answer worth full marks; weight other answers with ~%50%"]),
    (SOURCE + "::q:: Pick {~%half%a ~b}",
     ["5:14: a weight is a percentage from -100 to 100 between % signs, such as %50%"]),
    (SOURCE + "::q:: Pick {b ~c}", ["5:13: each choice starts with = (the right one) or ~ "
                                    "(a wrong one)"]),
    (SOURCE + "::q:: How many? {#lots}", ["5:19: 'lots' is not a number"]),
    (SOURCE + "::q:: How many? {#9..1}", ["5:19: a range is written low..high, the low end first"]),
    (SOURCE + "::q:: Match {=a -> 1 =b}", ["5:23: a pair is written =left -> right"]),
    (SOURCE + "$CATEGORY: place\n::q:: Pick {=a ~b}",
     ["6:1: leave a blank line between $CATEGORY: and the next question"]),
    (SOURCE + "// unit: km\n::q:: Pick {=a ~b}",
     ["5:1: `// unit:` applies only to numeric questions"]),
    (SOURCE + "// refuse: b\n::q:: Pick {=a ~b}",
     ["5:1: `// refuse:` applies only to short answers"]),
    (SOURCE + "// bank: one\n// bank: two\n::q:: Pick {=a ~b}", ["6:1: `// bank:` is given twice"]),
    (SOURCE + "::q:: Open {=a ~b\n\n::r:: Close =a ~b}",
     ["5:12: { opens answers that no } closes", "7:18: } closes answers that no { opened"]),
    (SOURCE + "// category: geography\n::q:: Pick {=a ~b}",
     ["5:1: questions[0].category: input should be 'date', 'official', 'figure', "
      "'place' or 'other'"]),
    (SOURCE + "::q:: Pick {=a ~a}", ["5:13: questions[0].choices[1]: 'a' is listed twice"]),
    (SOURCE.replace("2021-06-14", "14 June 2021") + "::q:: Pick {=a ~b}",
     ["3:1: source-published: must be a date written YYYY-MM-DD"]),
    (SOURCE + "// only comments here", ["1:1: no questions found: a question is its text "
                                        "followed by {answers}"]),
])
def test_malformed_gift_is_refused_with_line_numbered_problems(text, problems):
    assert problems_of(text) == problems


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(BankFileError) as raised:
        load_gift_text(SOURCE + "::q:: Pick {=a ~b}", "big.gift", 20)
    assert str(raised.value) == "big.gift:1:1: the file is over the size limit of 20 bytes"


def test_several_choices_marked_right_all_earn_full_marks_as_in_moodle():
    imported = load_gift_text(SOURCE + "::q:: Pick {=a =b ~c}", "test.gift", 10_000)
    question = imported.spec.questions[0]
    assert question.answer == "a"
    data = question.type_data()
    assert grade("single", data, 1, "b").is_correct
    assert not grade("single", data, 1, "c").is_correct
    assert format_answer("single", data) == "a or b"
