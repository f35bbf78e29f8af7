"""Loading bank files: every kind of bad input is refused with its line, column and path."""

from pathlib import Path

import pytest
import yaml

from quizapp.bankfile.loader import load_bank_file, load_bank_text
from quizapp.bankfile.problems import BankFileError, Problem
from quizapp.bankfile.schema import KNOWN_KEYS

DATA = Path(__file__).parent / "data"
INVALID = DATA / "invalid"
EXAMPLE_BANK = Path(__file__).parent.parent / "docs" / "example-bank.yaml"
LIMIT = 2 * 1024 * 1024
QUESTION_TYPES = "single, multiple, true_false, numeric, date, text, matching, ordering"
NOT_PLAIN = "bank files hold plain text, numbers, lists and mappings only"


def problems_in(path: Path, max_bytes: int = LIMIT) -> list[str]:
    """Load a file that must fail and return its problems without the file name."""
    with pytest.raises(BankFileError) as caught:
        load_bank_file(path, max_bytes)
    assert all(problem.file == str(path) for problem in caught.value.problems)
    return [str(problem).removeprefix(f"{path}:") for problem in caught.value.problems]


INVALID_CASES = [
    ("syntax-error.yaml", ["13:14: invalid YAML: the list in square brackets on this line "
                           "is not closed; add the closing `]`, or write one item per line "
                           "(line 13 reads: '    choices: [Eastport, Westhaven')"]),
    ("over-indented.yaml", ["3:3: invalid YAML: this line is indented more than the key above "
                            "it; a list item needs `- `, a nested key needs two more spaces "
                            "than its parent (line 3 reads: '  description: One question "
                            "and nothing optional.')"]),
    ("tab-indent.yaml", ["5:1: invalid YAML: this line has a tab character; YAML indents with "
                         "spaces only: replace the tab with spaces "
                         "(line 5 reads: '\\tpublisher: Example Press')"]),
    ("wrong-type.yaml", ["16:13: questions[0].points: must be a whole number, got 'two'"]),
    ("unknown-key.yaml", [
        "1:1: questions: required key is missing",
        "8:1: questons: unknown key 'questons'; did you mean 'questions'?",
    ]),
    ("unknown-question-key.yaml", [
        "15:5: questions[0].explenation: unknown key 'explenation'; "
        "did you mean 'explanation'?",
    ]),
    ("duplicate-question-id.yaml",
     ["16:9: questions[1].id: question id 'capital' is used twice"]),
    ("duplicate-fact-id.yaml", ["12:9: facts[1].id: fact id 'capital-town' is used twice"]),
    ("duplicate-key.yaml",
     ["15:5: questions[0].answer: duplicate key 'answer' (first at line 14)"]),
    ("answer-not-a-choice.yaml",
     ["14:13: questions[0].answer: 'Northby' is not one of the choices"]),
    ("answers-not-choices.yaml",
     ["21:25: questions[1].answers[1]: 'Southcliff' is not one of the choices"]),
    ("unknown-fact.yaml", ["10:11: questions[0].fact: no fact has the id 'capital-town'"]),
    ("missing-category.yaml",
     ["9:5: questions[0].category: required when the question has no fact"]),
    ("impossible-date.yaml", ["7:14: source.published: '2020-02-30' is not a real date: "
                              "day is out of range for month"]),
    ("impossible-date-among-others.yaml", [
        "7:14: source.published: '2020-02-30' is not a real date: day is out of range for month",
        "13:13: questions[0].answer: '1820-13-01' is not a real date: month must be in 1..12",
        "14:5: questions[0].explenation: unknown key 'explenation'; did you mean 'explanation'?",
    ]),
    ("malformed-date-answer.yaml", ["20:13: questions[1].answer: must be a date written "
                                    "YYYY, YYYY-MM or YYYY-MM-DD, got 'spring 1820'"]),
    ("both-tolerances.yaml",
     ["22:20: questions[1].tolerance_pct: give tolerance or tolerance_pct, not both"]),
    ("bad-slug.yaml", ["9:9: questions[0].id: must be lowercase letters and digits joined "
                       "by single hyphens, like 'air-campaign-2015'"]),
    ("unknown-type.yaml",
     [f"11:11: questions[0].type: unknown question type 'essay'; use one of: "
      f"{QUESTION_TYPES}"]),
    ("missing-type.yaml",
     [f"9:5: questions[0].type: required key is missing; use one of: {QUESTION_TYPES}"]),
    ("too-few-pairs.yaml", ["21:7: questions[1].pairs: needs at least 2 entries"]),
    ("repeated-items.yaml", ["20:34: questions[1].items[2]: 'Westhaven' is listed twice"]),
    ("empty.yaml", ["1:1: the file is empty"]),
    ("comments-only.yaml", ["1:1: the file is empty"]),
    ("not-utf8.yaml", ["2:13: the file is not UTF-8: byte 0xe9 at offset 26"]),
    ("python-tag.yaml",
     [f"2:8: title: the tag !!python/object/apply:os.system is not allowed; {NOT_PLAIN}"]),
    ("custom-tag.yaml", [f"2:8: title: the tag !secret is not allowed; {NOT_PLAIN}"]),
    ("alias-bomb.yaml",
     ["2:10: invalid YAML: aliases (*name) are not allowed in bank files "
      "(line 2 reads: 'l1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]')"]),
    ("too-deep.yaml", ["3:33: invalid YAML: nesting deeper than 20 levels (line 3 reads: "
                       f"'description: {'[' * 30}{']' * 30}')"]),
    ("top-level-list.yaml", ["1:1: the top level must be a mapping of keys such as bank, "
                             "title and questions"]),
]


@pytest.mark.parametrize(("name", "expected"), INVALID_CASES)
def test_invalid_file_is_refused_with_its_position(name, expected):
    assert problems_in(INVALID / name) == expected


def test_every_invalid_fixture_has_a_case():
    assert sorted(name for name, _ in INVALID_CASES) == sorted(p.name for p in INVALID.iterdir())


def test_file_over_the_size_limit_is_refused_before_parsing():
    size = (DATA / "minimal.yaml").stat().st_size
    assert problems_in(DATA / "minimal.yaml", max_bytes=size - 1) == [
        f"1:1: the file is over the size limit of {size - 1:,} bytes"
    ]


def test_file_at_the_size_limit_loads():
    size = (DATA / "minimal.yaml").stat().st_size
    assert load_bank_file(DATA / "minimal.yaml", max_bytes=size).bank == "minimal"


@pytest.mark.parametrize("path", [DATA / "minimal.yaml", DATA / "full.yaml", EXAMPLE_BANK])
def test_valid_files_load(path):
    spec = load_bank_file(path, LIMIT)
    assert spec.questions


def test_text_and_bytes_load_alike():
    text = (DATA / "full.yaml").read_text(encoding="utf-8")
    from_text = load_bank_text(text, "upload.yaml", LIMIT)
    assert from_text == load_bank_text(text.encode("utf-8"), "upload.yaml", LIMIT)
    assert from_text == load_bank_file(DATA / "full.yaml", LIMIT)


def test_problems_name_the_given_filename():
    with pytest.raises(BankFileError) as caught:
        load_bank_text(b"bank: [", "upload.yaml", LIMIT)
    assert str(caught.value).startswith("upload.yaml:1:")


def test_text_limit_counts_utf8_bytes_not_characters():
    text = "title: " + "é" * 10
    with pytest.raises(BankFileError, match="over the size limit of 20 bytes"):
        load_bank_text(text, "upload.yaml", max_bytes=20)


def test_unquoted_time_is_explained_as_needing_quotes(tmp_path):
    text = (DATA / "minimal.yaml").read_text().replace("answer: Eastport", "answer: 17:30")
    path = tmp_path / "time.yaml"
    path.write_text(text)
    assert problems_in(path) == [
        "14:13: questions[0].answer: must be text, got '17:30' "
        "(put it in quotes to keep it as text)"
    ]


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem("a.yaml", 3, 5, "questions[0].answer", "wrong"),
         "a.yaml:3:5: questions[0].answer: wrong"),
        (Problem("a.yaml", 1, 1, "", "the file is empty"), "a.yaml:1:1: the file is empty"),
    ],
)
def test_problem_reads_file_line_column_path_message(problem, text):
    assert str(problem) == text


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("published: 2020-01-31", 'published: "2020-01-31"',
         "7:14: source.published: must be a date written YYYY-MM-DD, got '2020-01-31' "
         "(leave out the quotes)"),
        ("type: single\n    prompt: Which town is the capital of the made-up island of "
         "Norwick?\n    choices: [Eastport, Westhaven]\n    answer: Eastport\n",
         "type: matching\n    prompt: Match each year to a town.\n"
         "    pairs: {1820: Eastport, Westhaven: x}\n",
         "13:13: questions[0].pairs[1820]: must be text, got '1820' "
         "(put it in quotes to keep it as text)"),
    ],
)
def test_scalar_problems_show_what_was_written(tmp_path, old, new, expected):
    text = (DATA / "minimal.yaml").read_text()
    path = tmp_path / "bank.yaml"
    path.write_text(text.replace(old, new))
    assert problems_in(path) == [expected]


def test_a_question_without_explanation_loads_but_strict_refuses_it():
    path = DATA / "unexplained.yaml"
    assert load_bank_file(path, LIMIT).questions[0].explanation is None
    with pytest.raises(BankFileError) as caught:
        load_bank_file(path, LIMIT, strict=True)
    assert [str(problem).removeprefix(f"{path}:") for problem in caught.value.problems] == [
        "9:5: questions[0].explanation: required key is missing "
        "(--strict wants every question explained)"
    ]


def test_a_bad_choice_weight_is_refused_at_its_line():
    text = (
        "bank: b\ntitle: T\ndescription: D\n"
        "source: {publisher: P, title: T, published: 2020-01-01}\n"
        "questions:\n"
        "  - id: q\n    category: other\n    type: single\n    prompt: P?\n"
        "    choices:\n      - A\n      - text: B\n        weight: 150\n"
        "    answer: A\n"
    )
    with pytest.raises(BankFileError) as caught:
        load_bank_text(text, "bank.yaml", LIMIT)
    assert [str(problem) for problem in caught.value.problems] == [
        "bank.yaml:13:17: questions[0].choices[1].weight: "
        "input should be less than or equal to 100, got '150'"
    ]


def mapping_keys(value) -> set[str]:
    """Collect every mapping key in a loaded YAML document, at any depth."""
    if isinstance(value, dict):
        return set(value).union(*(mapping_keys(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(mapping_keys(item) for item in value))
    return set()


def test_the_example_bank_and_the_readme_show_every_key():
    used = mapping_keys(yaml.safe_load(EXAMPLE_BANK.read_text(encoding="utf-8")))
    readme = (EXAMPLE_BANK.parent.parent / "questions" / "README.md").read_text()
    assert sorted(KNOWN_KEYS - used) == []
    assert sorted(key for key in KNOWN_KEYS if f"`{key}`" not in readme) == []


# Hostile input: control characters, numbers beyond any column, floods of problems


MINIMAL_TEXT = (DATA / "minimal.yaml").read_text(encoding="utf-8")
PROMPT_LINE = "prompt: Which town is the capital of the made-up island of Norwick?"


def text_problems(text: str) -> list[str]:
    with pytest.raises(BankFileError) as caught:
        load_bank_text(text, "bank.yaml", LIMIT)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(("replacement", "expected"), [
    ("prompt: Which\x00 town?", "bank.yaml:12:18: character U+0000 is not allowed in YAML"),
    ("prompt: Which\x07 town?", "bank.yaml:12:18: character U+0007 is not allowed in YAML"),
    ("prompt: Which\x1b town?", "bank.yaml:12:18: character U+001B is not allowed in YAML"),
    ('prompt: "Which\\0 town?"', "bank.yaml:12:13: questions[0].prompt: "
                                 "control character U+0000 is not allowed in text"),
    ('prompt: "Which\\e town?"', "bank.yaml:12:13: questions[0].prompt: "
                                 "control character U+001B is not allowed in text"),
    ('prompt: "Which\\x7f town?"', "bank.yaml:12:13: questions[0].prompt: "
                                   "control character U+007F is not allowed in text"),
])
def test_control_characters_are_problems_with_a_position(replacement, expected):
    assert text_problems(MINIMAL_TEXT.replace(PROMPT_LINE, replacement)) == [expected]


def test_tabs_and_line_breaks_inside_text_are_fine():
    spec = load_bank_text(
        MINIMAL_TEXT.replace(PROMPT_LINE, 'prompt: "Which\\ttown,\\nreally?"'), "bank.yaml", LIMIT
    )
    assert spec.questions[0].prompt == "Which\ttown,\nreally?"


@pytest.mark.parametrize(("line", "expected"), [
    ("    points: 99999999999999999999",
     "bank.yaml:16:13: questions[0].points: input should be less than or equal to 1000, "
     "got '99999999999999999999'"),
    ("    paragraph: 3000000000",
     "bank.yaml:16:16: questions[0].paragraph: input should be less than or equal to 10000, "
     "got '3000000000'"),
])
def test_numbers_beyond_their_range_are_refused_with_a_position(line, expected):
    assert text_problems(MINIMAL_TEXT + line + "\n") == [expected]


def test_a_flood_of_problems_stops_at_the_first_hundred():
    flood = "bank: flood\n" + "".join(f"unknown{number}: 1\n" for number in range(2_500))
    with pytest.raises(BankFileError) as caught:
        load_bank_text(flood, "bank.yaml", LIMIT)
    error = caught.value
    assert len(error.problems) == 100
    assert str(error.problems[0]).startswith("bank.yaml:1:1: ")
    # The shown problems are the first ones in the file; the rest are counted.
    lines = [problem.line for problem in error.problems]
    assert lines == sorted(lines) and lines[-1] < 110
    total = 2_500 + 4  # every unknown key; title, description, source, questions missing
    assert error.omitted == total - 100
    assert str(error).endswith(f"... and {total - 100:,} more problems")


def test_a_flood_of_yaml_problems_stops_at_the_first_hundred():
    flood = "".join(f"k{number}: !!python/name:os.system x\n" for number in range(500))
    with pytest.raises(BankFileError) as caught:
        load_bank_text(flood, "bank.yaml", LIMIT)
    error = caught.value
    assert len(error.problems) == 100
    # 400 more tags at least; the count may include the schema's echo of an unreadable value.
    assert error.omitted >= 400
    assert str(error).endswith(f"... and {error.omitted:,} more problems")


def test_a_plain_file_is_composed_by_libyaml_and_gives_the_same_data():
    from quizapp.bankfile.safe_yaml import compose_strictly, compose_with_libyaml

    text = (DATA / "full.yaml").read_text(encoding="utf-8")
    fast = compose_with_libyaml(text)
    assert fast is not None, "the C parser should take an ordinary bank file"
    slow = compose_strictly(text, "full.yaml")
    assert yaml.safe_load(yaml.serialize(fast)) == yaml.safe_load(yaml.serialize(slow))


@pytest.mark.parametrize("text", [
    "a: &x [1]\nb: *x\n",
    "a: " + "[" * 30 + "]" * 30 + "\n",
    "a: [1\n",
])
def test_aliases_deep_nesting_and_broken_files_leave_the_libyaml_path(text):
    from quizapp.bankfile.safe_yaml import compose_with_libyaml

    assert compose_with_libyaml(text) is None


STREAMED_ALIKE = [
    "plain: text\nquoted: 'yes'\nflag: yes\noff: off\nnothing:\ntilde: ~\n",
    "n: 12\nhex: 0x1f\noctal: 017\nbig: 1_000\nneg: -3\nf: 2.5\ninf: .inf\nnan: .nan\n",
    "day: 2015-09-30\nstamp: 2015-09-30 10:20:30\ntext: !!str 2015-09-30\nnum: !!int '7'\n",
    "block: |\n  two\n  lines\nfolded: >\n  one\n  line\nflow: {a: [1, 2], b: c}\n",
    "anchored: &name [1, 2]\n1: number key\n'1': text key\nlist:\n- - nested\n  - [x]\n",
    "tab: \"a\\tb\"\nbreak: \"a\\nb\"\nempty: ''\nunicode: \"\\u00e9t\\u00e9\"\n",
]


@pytest.mark.parametrize("text", [
    *STREAMED_ALIKE,
    *(path.read_text(encoding="utf-8") for path in sorted(DATA.glob("*.yaml"))),
    EXAMPLE_BANK.read_text(encoding="utf-8"),
])
def test_streamed_reading_gives_the_careful_readers_data(text):
    from quizapp.bankfile.safe_yaml import parse_yaml
    from quizapp.bankfile.streamed_yaml import streamed_data

    streamed = streamed_data(text)
    assert streamed is not None, "a plainly valid file should not need the careful reader"
    document = parse_yaml(text, "same.yaml")
    assert document.problems == ()
    assert repr(streamed) == repr(document.data)  # repr, so .nan equals itself


@pytest.mark.parametrize("text", [
    "a: &x [1]\nb: *x\n",
    "a: " + "[" * 30 + "]" * 30 + "\n",
    "a: [1\n",
    "a: 1\na: 2\n",
    "a: 1\n'a': 2\n",
    "a: !!python/name:os.system x\n",
    "a: !custom x\n",
    "a: !!binary aGk=\n",
    "a: !!set {x}\n",
    "a: !!map x\n",
    "<<: {a: 1}\n",
    "? [a]\n: b\n",
    "a: \"\\0\"\n",
    "day: 2015-02-30\n",
    "",
    "a: 1\n---\nb: 2\n",
])
def test_anything_the_careful_reader_explains_leaves_the_streamed_path(text):
    from quizapp.bankfile.streamed_yaml import streamed_data

    assert streamed_data(text) is None



@pytest.mark.parametrize("path", [*sorted(DATA.glob("*.yaml")), EXAMPLE_BANK])
def test_the_quick_and_careful_checks_build_the_same_bank(path):
    from quizapp.bankfile.loader import carefully_validated, quickly_validated

    text = path.read_text(encoding="utf-8")
    quick = quickly_validated(text, strict=False)
    careful = carefully_validated(text, str(path), strict=False)
    assert quick is not None
    assert quick.model_dump() == careful.model_dump()
    assert [q.type_data() for q in quick.questions] == [q.type_data() for q in careful.questions]
