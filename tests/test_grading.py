"""Grading of every question type through the public API, as the quiz views call it."""

import pytest

from quizapp.grading import (
    GRADERS,
    NO_ANSWER,
    Grade,
    Placement,
    format_answer,
    format_response,
    grade,
    placements,
)
from quizapp.vocabulary import QuestionType

SINGLE = {"choices": ["Latakia", "Aleppo", "Deraa"], "answer": "Latakia"}
MULTIPLE = {
    "choices": ["Su-24", "Su-25", "Su-34", "MiG-29", "Tu-160"],
    "answers": ["Su-24", "Su-25", "Su-34"],
}
NUMERIC = {"answer": 9000, "unit": "sorties"}
MATCHING = {
    "pairs": {
        "Vladimir Putin": "President",
        "Sergei Shoigu": "Defence Minister",
        "Sergey Ivanov": "Kremlin chief of staff",
        "Viktor Ozerov": "Defence committee head",
    }
}
ORDERING = {"items": ["Air campaign starts", "Withdrawal announced", "First jets leave"]}
FIRST, SECOND, THIRD = ORDERING["items"]


def test_every_question_type_has_a_grader():
    assert set(GRADERS) == set(QuestionType)


@pytest.mark.parametrize("question_type", ["essay", "", "SINGLE"])
def test_unknown_question_type_is_refused_by_name(question_type):
    with pytest.raises(ValueError, match="no grader for question type"):
        grade(question_type, {}, 1, "x")


def test_grader_is_found_by_question_type_enum():
    assert grade(QuestionType.SINGLE, SINGLE, 1, "Latakia").is_correct


@pytest.mark.parametrize(
    ("grade_", "fraction"),
    [
        (Grade(2.0, 4.0, False), 0.5),
        (Grade(4.0, 4.0, True), 1.0),
        (Grade(0.0, 4.0, False), 0.0),
        (Grade(0.0, 0.0, True), 1.0),
        (Grade(0.0, 0.0, False), 0.0),
    ],
)
def test_grade_fraction(grade_, fraction):
    assert grade_.fraction == fraction


@pytest.mark.parametrize(
    ("response", "earned", "is_correct"),
    [
        ("Latakia", 2.0, True),
        ("  Latakia ", 2.0, True),
        ("Aleppo", 0.0, False),
        ("Palmyra", 0.0, False),
        ("latakia", 0.0, False),
        ("", 0.0, False),
        (None, 0.0, False),
        (["Latakia"], 0.0, False),
        ({"Latakia": True}, 0.0, False),
        (1, 0.0, False),
    ],
)
def test_single_choice_is_all_or_nothing(response, earned, is_correct):
    assert grade("single", SINGLE, 2, response) == Grade(earned, 2.0, is_correct)


@pytest.mark.parametrize(
    ("response", "earned", "is_correct"),
    [
        (True, 1.0, True),
        ("true", 1.0, True),
        (" True ", 1.0, True),
        (False, 0.0, False),
        ("false", 0.0, False),
        ("yes", 0.0, False),
        (1, 0.0, False),
        ("", 0.0, False),
        (None, 0.0, False),
        ([True], 0.0, False),
    ],
)
def test_true_false_is_all_or_nothing(response, earned, is_correct):
    assert grade("true_false", {"answer": True}, 1, response) == Grade(earned, 1.0, is_correct)


def test_true_false_answer_false_rewards_false():
    assert grade("true_false", {"answer": False}, 1, "false").is_correct


@pytest.mark.parametrize(
    ("response", "earned", "is_correct"),
    [
        (["Su-24", "Su-25", "Su-34"], 3.0, True),
        (["Su-34", "Su-24", "Su-25"], 3.0, True),
        (("Su-24", "Su-25", "Su-34"), 3.0, True),
        (["Su-24", "Su-25"], 2.0, False),
        (["Su-24"], 1.0, False),
        (["Su-24", "Su-25", "Su-34", "MiG-29"], 2.0, False),
        (["Su-24", "MiG-29"], 0.0, False),
        (["Su-24", "MiG-29", "Tu-160"], 0.0, False),
        (["MiG-29", "Tu-160"], 0.0, False),
        (["Su-24", "Su-24", "Su-24"], 1.0, False),
        (["Su-24", "Su-24", "Su-25", "Su-25", "Su-34"], 3.0, True),
        (["Su-24", "Su-25", "B-52"], 1.0, False),
        (["Su-24", "", "Su-25"], 2.0, False),
        ([], 0.0, False),
        (None, 0.0, False),
        ("Su-24", 0.0, False),
        ({"Su-24": "on", "Su-25": "on", "Su-34": "on"}, 0.0, False),
        (["Su-24", None], 0.0, False),
    ],
)
def test_multiple_choice_subtracts_wrong_picks(response, earned, is_correct):
    assert grade("multiple", MULTIPLE, 3, response) == Grade(earned, 3.0, is_correct)


def test_multiple_choice_rounds_points_to_cents():
    assert grade("multiple", MULTIPLE, 1, ["Su-24"]).points_earned == 0.33


@pytest.mark.parametrize(
    "response",
    [
        "9000",
        "9,000",
        "9 000",
        "9\u00a0000",
        "9\u202f000",
        "9\u2009000",
        "9000.0",
        "+9000",
        " 9000 ",
        "9000 sorties",
        "9,000 Sorties",
        9000,
        9000.0,
    ],
)
def test_numeric_reads_numbers_as_typed(response):
    assert grade("numeric", NUMERIC, 1, response) == Grade(1.0, 1.0, True)


@pytest.mark.parametrize(
    "response",
    [
        "9001",
        "900",
        "90,00",
        "9,0000",
        "9, 000",
        "9,000 000",
        "9.000,0",
        "9000.",
        "nine thousand",
        "about 9000",
        "9000 sq km",
        "NaN",
        "inf",
        "",
        None,
        True,
        ["9000"],
        {"value": "9000"},
        float("nan"),
    ],
)
def test_numeric_rejects_other_numbers_and_garbage(response):
    assert grade("numeric", NUMERIC, 1, response) == Grade(0.0, 1.0, False)


@pytest.mark.parametrize(
    ("data", "response", "is_correct"),
    [
        ({"answer": 800, "tolerance": 50}, "850", True),
        ({"answer": 800, "tolerance": 50}, "750", True),
        ({"answer": 800, "tolerance": 50}, "851", False),
        ({"answer": 800, "tolerance": 0}, "800.0", True),
        ({"answer": 9000, "tolerance_pct": 5}, "9450", True),
        ({"answer": 9000, "tolerance_pct": 5}, "8,550", True),
        ({"answer": 9000, "tolerance_pct": 5}, "9450.01", False),
        ({"answer": 0.1, "tolerance": 0.2}, "0.3", True),
        ({"answer": -40, "tolerance_pct": 10}, "-44", True),
        ({"answer": -40, "tolerance_pct": 10}, "-45", False),
        ({"answer": 1000, "tolerance": 10, "tolerance_pct": 5}, "1050", True),
        ({"answer": 2.5}, ".25", False),
        ({"answer": 0.5}, ".5", True),
    ],
)
def test_numeric_tolerance_is_absolute_or_percent(data, response, is_correct):
    assert grade("numeric", data, 1, response).is_correct is is_correct


@pytest.mark.parametrize(
    ("response", "earned", "is_correct"),
    [
        (
            {
                "Vladimir Putin": "President",
                "Sergei Shoigu": "Defence Minister",
                "Sergey Ivanov": "Kremlin chief of staff",
                "Viktor Ozerov": "Defence committee head",
            },
            4.0,
            True,
        ),
        (
            {
                "Vladimir Putin": "President",
                "Sergei Shoigu": "Defence Minister",
                "Sergey Ivanov": "Defence committee head",
                "Viktor Ozerov": "Kremlin chief of staff",
            },
            2.0,
            False,
        ),
        ({"Vladimir Putin": "President"}, 1.0, False),
        ({"Vladimir Putin": "President", "Nikolay Pankov": "Deputy Defence Minister"}, 1.0, False),
        ({"Vladimir Putin": ["President"]}, 0.0, False),
        ({}, 0.0, False),
        (None, 0.0, False),
        (["President", "Defence Minister"], 0.0, False),
        ("President", 0.0, False),
    ],
)
def test_matching_credits_each_right_pair(response, earned, is_correct):
    assert grade("matching", MATCHING, 4, response) == Grade(earned, 4.0, is_correct)


@pytest.mark.parametrize(
    ("response", "earned", "is_correct"),
    [
        ([FIRST, SECOND, THIRD], 3.0, True),
        ([FIRST, THIRD, SECOND], 2.0, False),
        ([THIRD, FIRST, SECOND], 1.0, False),
        ([THIRD, SECOND, FIRST], 0.0, False),
        ([SECOND, SECOND, THIRD], 0.0, False),
        ([FIRST, SECOND], 1.0, False),
        ([FIRST, SECOND, THIRD, FIRST], 1.0, False),
        ([], 0.0, False),
        (None, 0.0, False),
        ({FIRST: 1, SECOND: 2, THIRD: 3}, 0.0, False),
        (f"{FIRST},{SECOND},{THIRD}", 0.0, False),
        ([FIRST, 2, THIRD], 0.0, False),
    ],
)
def test_ordering_credits_each_pair_in_order(response, earned, is_correct):
    assert grade("ordering", ORDERING, 3, response) == Grade(earned, 3.0, is_correct)


@pytest.mark.parametrize(
    ("response", "earned"),
    [
        (["B", "C", "D", "E", "A"], 0.6),
        (["A", "B", "C", "E", "D"], 0.9),
        (["E", "D", "C", "B", "A"], 0.0),
    ],
)
def test_ordering_moving_one_event_costs_only_its_pairs(response, earned):
    five = {"items": ["A", "B", "C", "D", "E"]}
    assert grade("ordering", five, 1, response) == Grade(earned, 1.0, False)


@pytest.mark.parametrize(
    ("question_type", "data", "answer"),
    [
        ("single", SINGLE, "Latakia"),
        ("multiple", MULTIPLE, "Su-24; Su-25; Su-34"),
        ("true_false", {"answer": True}, "True"),
        ("true_false", {"answer": False}, "False"),
        ("numeric", NUMERIC, "9,000 sorties"),
        ("numeric", {"answer": 800}, "800"),
        ("numeric", {"answer": 9000, "tolerance_pct": 5, "unit": "sorties"}, "9,000 sorties (±5%)"),
        ("numeric", {"answer": 800, "tolerance": 50}, "800 (±50)"),
        ("date", {"answer": "2015-09"}, "September 2015"),
        ("text", {"answer": "Sergei Shoigu", "accept": ["Shoigu"]}, "Sergei Shoigu"),
        (
            "matching",
            {"pairs": {"Vladimir Putin": "President", "Sergei Shoigu": "Defence Minister"}},
            "Vladimir Putin → President; Sergei Shoigu → Defence Minister",
        ),
        ("ordering", {"items": ["A", "B", "C"]}, "1. A, 2. B, 3. C"),
    ],
)
def test_format_answer_reads_naturally(question_type, data, answer):
    assert format_answer(question_type, data) == answer


@pytest.mark.parametrize(
    ("question_type", "data", "response", "described"),
    [
        ("single", SINGLE, " Aleppo ", "Aleppo"),
        ("multiple", MULTIPLE, ["Su-25", "Su-25", "MiG-29"], "Su-25; MiG-29"),
        ("true_false", {"answer": True}, "false", "False"),
        ("numeric", NUMERIC, "9 000", "9,000 sorties"),
        ("numeric", NUMERIC, "lots", "lots"),
        ("date", {"answer": "2015-09"}, "sept 30 2015", "30 September 2015"),
        ("date", {"answer": "2015-09"}, "autumn", "autumn"),
        ("text", {"answer": "Sergei Shoigu"}, "  Shoygu ", "Shoygu"),
        (
            "matching",
            {"pairs": {"Vladimir Putin": "President", "Sergei Shoigu": "Defence Minister"}},
            {"Vladimir Putin": "Defence Minister"},
            "Vladimir Putin → Defence Minister; Sergei Shoigu → —",
        ),
        ("ordering", ORDERING, [THIRD, FIRST], f"1. {THIRD}, 2. {FIRST}"),
    ],
)
def test_format_response_reads_naturally(question_type, data, response, described):
    assert format_response(question_type, data, response) == described


@pytest.mark.parametrize(
    ("question_type", "data"),
    [
        ("single", SINGLE),
        ("multiple", MULTIPLE),
        ("true_false", {"answer": True}),
        ("numeric", NUMERIC),
        ("date", {"answer": "2015-09"}),
        ("text", {"answer": "Sergei Shoigu"}),
        ("matching", MATCHING),
        ("ordering", ORDERING),
    ],
)
@pytest.mark.parametrize("response", [None, "", "   ", [], {}])
def test_format_response_says_when_there_is_no_answer(question_type, data, response):
    assert format_response(question_type, data, response) == NO_ANSWER


def test_matching_placements_mark_each_pair():
    chosen = {"Vladimir Putin": "President", "Sergei Shoigu": "President"}
    rows = placements("matching", MATCHING, chosen)
    assert [(row.place, row.given, row.is_right) for row in rows][:2] == [
        ("Vladimir Putin", "President", True), ("Sergei Shoigu", "President", False)
    ]
    assert all(not row.is_right for row in rows[2:])


def test_ordering_placements_set_each_given_item_beside_the_right_one():
    given = ["Withdrawal announced", "Air campaign starts"]
    assert placements("ordering", ORDERING, given) == [
        Placement("1", "Withdrawal announced", "Air campaign starts"),
        Placement("2", "Air campaign starts", "Withdrawal announced"),
        Placement("3", "", "First jets leave"),
    ]


def test_types_that_arrange_nothing_have_no_placements():
    assert placements("single", SINGLE, "Hmeimim") == []
@pytest.mark.parametrize("response", ["10.000", "10 000", "10,000", "10000", "10.000 sq km"])
def test_numeric_reads_dots_as_thousands_when_the_answer_is_in_thousands(response):
    data = {"answer": 10000, "unit": "sq km"}
    assert grade("numeric", data, 1, response).is_correct
    assert format_response("numeric", data, response) == "10,000 sq km"


def test_numeric_says_how_a_dotted_number_was_read():
    data = {"answer": 10000, "unit": "sq km"}
    assert grade("numeric", data, 1, "10.000").note == "Read 10.000 as 10,000 sq km."
    assert grade("numeric", data, 1, "10,000").note is None


@pytest.mark.parametrize(
    ("data", "response", "is_correct"),
    [
        ({"answer": 10.5}, "10.000", False),
        ({"answer": 10}, "10.000", True),
        ({"answer": 400}, "400.000", True),
        ({"answer": 1492, "tolerance": 50}, "1.500", True),
        ({"answer": 1492}, "1.492,5", False),
    ],
)
def test_numeric_reads_dots_as_decimals_unless_the_answer_is_thousands(data, response, is_correct):
    assert grade("numeric", data, 1, response).is_correct is is_correct


@pytest.mark.parametrize("response", ["18000000", "18,000,000", "18 000 000 million", "18"])
def test_numeric_understands_a_number_typed_with_its_units_magnitude(response):
    data = {"answer": 18, "unit": "million"}
    result = grade("numeric", data, 1, response)
    assert result.is_correct
    assert format_response("numeric", data, response) == "18 million"


def test_numeric_says_how_a_number_in_full_was_scaled():
    data = {"answer": 18, "unit": "million"}
    assert grade("numeric", data, 1, "18000000").note == "Read 18,000,000 as 18 million."
    assert grade("numeric", data, 1, "18").note is None
    assert format_response("numeric", data, "25000000") == "25 million"
    assert not grade("numeric", data, 1, "25000000").is_correct
