"""Item statistics on small hand-made answer sets, with the arithmetic worked out."""

import math

import pytest

from quizapp.study.item_stats import (
    SORTABLE_COLUMNS,
    Flag,
    ItemStatistics,
    Response,
    WrongAnswer,
    compute_item_statistics,
    flags_for,
    sort_statistics,
)


def attempt(attempt_id, fractions):
    """Build one attempt's responses from {question_key: fraction}."""
    return [
        Response(
            attempt_id=attempt_id,
            question_key=key,
            fraction=fraction,
            seconds_taken=None,
            answer_text=None,
            is_correct=fraction == 1,
        )
        for key, fraction in fractions.items()
    ]


def answer(attempt_id, text, is_correct=False, seconds_taken=None, fraction=None):
    """Build one response to question "q" with the given answer text."""
    return Response(
        attempt_id=attempt_id,
        question_key="q",
        fraction=(1.0 if is_correct else 0.0) if fraction is None else fraction,
        seconds_taken=seconds_taken,
        answer_text=text,
        is_correct=is_correct,
    )


def stats_by_key(responses):
    return {row.question_key: row for row in compute_item_statistics(responses)}


def test_facility_is_mean_fraction():
    # q: (1 + 0.5 + 0 + 1) / 4 = 2.5 / 4 = 0.625
    responses = [
        *attempt(1, {"q": 1.0}),
        *attempt(2, {"q": 0.5}),
        *attempt(3, {"q": 0.0}),
        *attempt(4, {"q": 1.0}),
    ]
    row = stats_by_key(responses)["q"]
    assert row.times_answered == 4
    assert row.facility == pytest.approx(0.625)


def test_perfectly_discriminating_item():
    # sharp scores x = 0, 0, 1, 1; the rest of each attempt (mean of a, b) is
    # y = 0.5, 0.5, 1, 1.  x mean 0.5, y mean 0.75;
    # deviations dx = -.5, -.5, .5, .5 and dy = -.25, -.25, .25, .25;
    # Sxy = 4 * 0.125 = 0.5, Sxx = 1, Syy = 4 * 0.0625 = 0.25;
    # r = 0.5 / sqrt(1 * 0.25) = 1.0
    responses = [
        *attempt(1, {"sharp": 0.0, "a": 0.0, "b": 1.0}),
        *attempt(2, {"sharp": 0.0, "a": 1.0, "b": 0.0}),
        *attempt(3, {"sharp": 1.0, "a": 1.0, "b": 1.0}),
        *attempt(4, {"sharp": 1.0, "a": 1.0, "b": 1.0}),
    ]
    assert stats_by_key(responses)["sharp"].discrimination == pytest.approx(1.0)


def test_negatively_discriminating_item():
    # miskeyed x = 1, 1, 0, 0; rest y = 0, 0.5, 1, 1.  x mean 0.5, y mean 0.625;
    # dx = .5, .5, -.5, -.5 and dy = -.625, -.125, .375, .375;
    # Sxy = -.3125 - .0625 - .1875 - .1875 = -0.75, Sxx = 1,
    # Syy = .390625 + .015625 + .140625 + .140625 = 0.6875 = 11/16;
    # r = -0.75 / sqrt(11/16) = -3 / sqrt(11) = -0.9045...
    responses = [
        *attempt(1, {"miskeyed": 1.0, "a": 0.0, "b": 0.0}),
        *attempt(2, {"miskeyed": 1.0, "a": 0.0, "b": 1.0}),
        *attempt(3, {"miskeyed": 0.0, "a": 1.0, "b": 1.0}),
        *attempt(4, {"miskeyed": 0.0, "a": 1.0, "b": 1.0}),
    ]
    assert stats_by_key(responses)["miskeyed"].discrimination == pytest.approx(-3 / math.sqrt(11))


def test_rest_of_test_is_a_share_so_attempt_length_does_not_count():
    # Attempt 2 is twice as long as attempt 1 but its rest scores the same
    # share (0.5), so the rest is y = 0.5, 0.5, 1 against x = 0, 0, 1: r = 1.
    responses = [
        *attempt(1, {"q": 0.0, "a": 1.0, "b": 0.0}),
        *attempt(2, {"q": 0.0, "a": 1.0, "b": 0.0, "c": 1.0, "d": 0.0}),
        *attempt(3, {"q": 1.0, "a": 1.0, "b": 1.0}),
    ]
    assert stats_by_key(responses)["q"].discrimination == pytest.approx(1.0)


@pytest.mark.parametrize(
    "responses",
    [
        pytest.param(
            attempt(1, {"q": 1.0, "a": 0.0})
            + attempt(2, {"q": 1.0, "a": 1.0})
            + attempt(3, {"q": 1.0, "a": 0.5}),
            id="everyone-right-on-item",
        ),
        pytest.param(
            attempt(1, {"q": 0.0, "a": 1.0})
            + attempt(2, {"q": 1.0, "a": 1.0})
            + attempt(3, {"q": 0.5, "a": 1.0}),
            id="rest-of-test-constant",
        ),
        pytest.param(
            attempt(1, {"q": 0.1, "a": 0.1, "b": 0.1})
            + attempt(2, {"q": 0.1, "a": 0.1, "b": 0.1})
            + attempt(3, {"q": 0.1, "a": 0.1, "b": 0.1}),
            id="equal-scores-with-rounding-noise",
        ),
        pytest.param(attempt(1, {"q": 0.0, "a": 1.0}), id="one-attempt"),
        pytest.param(
            attempt(1, {"q": 0.0}) + attempt(2, {"q": 1.0}),
            id="no-other-questions",
        ),
    ],
)
def test_discrimination_is_none_without_variation(responses):
    assert stats_by_key(responses)["q"].discrimination is None


def test_miskeyed_item_is_flagged_once_answered_often_enough():
    # x = 1, 1, 1, 0, 0 against rest y = 0, 0, .5, 1, 1: clearly negative.
    responses = [
        *attempt(1, {"miskeyed": 1.0, "a": 0.0, "b": 0.0}),
        *attempt(2, {"miskeyed": 1.0, "a": 0.0, "b": 0.0}),
        *attempt(3, {"miskeyed": 1.0, "a": 1.0, "b": 0.0}),
        *attempt(4, {"miskeyed": 0.0, "a": 1.0, "b": 1.0}),
        *attempt(5, {"miskeyed": 0.0, "a": 1.0, "b": 1.0}),
    ]
    row = stats_by_key(responses)["miskeyed"]
    assert row.discrimination < 0
    assert row.flags == (Flag.NEGATIVE_DISCRIMINATION,)


@pytest.mark.parametrize(
    ("times_answered", "facility", "discrimination", "expected"),
    [
        (4, 1.0, -0.5, ()),
        (5, 0.95, None, (Flag.TOO_EASY,)),
        (5, 0.9, 0.5, ()),
        (5, 0.1, 0.5, (Flag.TOO_HARD,)),
        (5, 0.2, 0.5, ()),
        (5, 0.5, -0.01, (Flag.NEGATIVE_DISCRIMINATION,)),
        (5, 0.5, 0.0, (Flag.WEAK_DISCRIMINATION,)),
        (5, 0.5, 0.19, (Flag.WEAK_DISCRIMINATION,)),
        (5, 0.5, 0.2, ()),
        (5, 0.5, None, ()),
        (20, 0.05, -0.3, (Flag.TOO_HARD, Flag.NEGATIVE_DISCRIMINATION)),
    ],
)
def test_flags_for(times_answered, facility, discrimination, expected):
    assert flags_for(times_answered, facility, discrimination) == expected


def test_flags_are_plain_strings_for_templates():
    assert Flag.TOO_EASY == "too easy"


def test_common_wrong_answers_ranked_with_ties_alphabetical():
    # Wrong: "Paris" x2 + "paris " (same up to case and spacing) = 3,
    # "Nice" 2, "Lyon" 2, "Lille" 1.  Ties Lyon/Nice go alphabetically and
    # only three are kept.  Correct answers, None and blanks are not counted.
    texts = ["Nice", "Paris", "Lille", "Nice", "paris ", "Lyon", "Paris", "Lyon", None, "  "]
    responses = [answer(i, text) for i, text in enumerate(texts)]
    responses += [answer(100 + i, "Rome", is_correct=True) for i in range(5)]
    row = stats_by_key(responses)["q"]
    assert row.common_wrong_answers == (
        WrongAnswer("Paris", 3),
        WrongAnswer("Lyon", 2),
        WrongAnswer("Nice", 2),
    )


def test_partly_right_answers_count_as_wrong_answers():
    responses = [answer(1, "Paris and Lyon", fraction=0.5), answer(2, "Rome", is_correct=True)]
    assert stats_by_key(responses)["q"].common_wrong_answers == (WrongAnswer("Paris and Lyon", 1),)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [([10, 20, None, 30], 20.0), ([None, None], None), ([7.5], 7.5)],
)
def test_average_seconds_ignores_missing_times(seconds, expected):
    responses = [answer(i, "x", seconds_taken=s) for i, s in enumerate(seconds)]
    assert stats_by_key(responses)["q"].average_seconds == expected


def test_results_are_ordered_by_question_key():
    responses = attempt(1, {"c": 1.0, "a": 0.0, "b": 0.5})
    assert [row.question_key for row in compute_item_statistics(responses)] == ["a", "b", "c"]


def test_no_responses_give_no_rows():
    assert compute_item_statistics([]) == []


def test_question_answered_twice_in_one_attempt_is_refused():
    with pytest.raises(ValueError, match="twice"):
        compute_item_statistics([answer(1, "x"), answer(1, "y")])


def row(key, facility, discrimination, flags=()):
    return ItemStatistics(
        question_key=key,
        times_answered=5,
        facility=facility,
        discrimination=discrimination,
        average_seconds=None,
        common_wrong_answers=(),
        flags=flags,
    )


ROWS = [
    row("b", 0.5, None),
    row("d", 0.9, 0.4, (Flag.TOO_EASY,)),
    row("a", 0.5, -0.2, (Flag.NEGATIVE_DISCRIMINATION,)),
    row("c", 0.1, 0.3, (Flag.TOO_HARD, Flag.WEAK_DISCRIMINATION)),
]


@pytest.mark.parametrize(
    ("column", "descending", "expected"),
    [
        ("question_key", False, ["a", "b", "c", "d"]),
        ("question_key", True, ["d", "c", "b", "a"]),
        ("facility", False, ["c", "a", "b", "d"]),
        ("facility", True, ["d", "a", "b", "c"]),
        ("discrimination", False, ["a", "c", "d", "b"]),
        ("discrimination", True, ["d", "c", "a", "b"]),
        ("average_seconds", True, ["a", "b", "c", "d"]),
        ("flags", True, ["c", "a", "d", "b"]),
    ],
)
def test_sort_statistics(column, descending, expected):
    ordered = sort_statistics(ROWS, column, descending=descending)
    assert [r.question_key for r in ordered] == expected


def test_sort_by_unknown_column_is_refused():
    with pytest.raises(ValueError, match="cannot sort"):
        sort_statistics(ROWS, "prompt")
    assert "prompt" not in SORTABLE_COLUMNS
