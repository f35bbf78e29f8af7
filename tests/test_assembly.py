"""Choosing and shuffling the questions of a quiz."""

import random

import pytest

from quizapp.study.assembly import Candidate, choose_questions, present, spread_out

CANDIDATES = [Candidate(i, cat) for i, cat in enumerate(["date", "date", "place", "figure"] * 5)]


def test_choose_questions_keeps_to_the_chosen_categories():
    picked = choose_questions(CANDIDATES, ["date"], 100, random.Random(1))
    allowed = {c.question_id for c in CANDIDATES if c.category == "date"}
    assert set(picked) == allowed


def test_choose_questions_without_categories_uses_all():
    picked = choose_questions(CANDIDATES, [], 100, random.Random(1))
    assert sorted(picked) == [c.question_id for c in CANDIDATES]


@pytest.mark.parametrize("count", [1, 3, 7])
def test_choose_questions_returns_the_count_asked_without_repeats(count):
    picked = choose_questions(CANDIDATES, ["date", "place"], count, random.Random(2))
    assert len(picked) == count
    assert len(set(picked)) == count


def test_choose_questions_is_reproducible_from_the_seed():
    first = choose_questions(CANDIDATES, [], 10, random.Random(42))
    again = choose_questions(CANDIDATES, [], 10, random.Random(42))
    assert first == again
    assert first != sorted(first)


def test_present_shuffles_choices_without_losing_any():
    data = {"choices": list("abcdefgh"), "answer": "a"}
    shown = present("single", data, random.Random(3))
    assert sorted(shown["choices"]) == list("abcdefgh")
    assert shown["choices"] != list("abcdefgh")
    assert "answer" not in shown


def test_present_matching_shows_both_sides_but_not_the_pairing():
    data = {"pairs": {"Putin": "President", "Lavrov": "Foreign Minister", "Shoigu": "Defence"}}
    shown = present("matching", data, random.Random(4))
    assert sorted(shown["left"]) == sorted(data["pairs"])
    assert sorted(shown["right"]) == sorted(data["pairs"].values())


@pytest.mark.parametrize("seed", range(20))
def test_present_ordering_never_shows_the_solved_order(seed):
    data = {"items": ["first", "second", "third"]}
    shown = present("ordering", data, random.Random(seed))
    assert sorted(shown["items"]) == sorted(data["items"])
    assert shown["items"] != data["items"]


@pytest.mark.parametrize("question_type", ["true_false", "numeric", "date", "text"])
def test_present_has_nothing_to_shuffle_for_free_answers(question_type):
    assert present(question_type, {"answer": "x"}, random.Random(0)) == {}


@pytest.mark.parametrize("seed", range(10))
def test_choose_questions_never_picks_a_question_with_its_giveaway(seed):
    candidates = [
        Candidate(1, "official", frozenset()),
        Candidate(2, "date", frozenset({1})),
        Candidate(3, "date", frozenset()),
        Candidate(4, "place", frozenset({3})),
    ]
    picked = choose_questions(candidates, [], 4, random.Random(seed))
    assert not {1, 2} <= set(picked)
    assert not {3, 4} <= set(picked)
    assert len(picked) == 2


def test_spread_out_keeps_the_order_and_skips_what_an_earlier_question_gives_away():
    ordered = [
        Candidate(5, "date", frozenset({7})),
        Candidate(7, "official", frozenset()),
        Candidate(6, "place", frozenset()),
        Candidate(8, "figure", frozenset()),
    ]
    assert spread_out(ordered, 2) == [5, 6]
    assert spread_out(ordered, 10) == [5, 6, 8]
