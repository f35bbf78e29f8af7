"""A question that shows another's typed answer gives it away; nothing else does."""

import pytest

from quizapp.study.giveaways import ShownQuestion, giveaways

WHO = ShownQuestion(1, "text", "Which president announced the pull-out?", {
    "answer": "Vladimir Putin", "accept": ["V. V. Putin"],
})
HOW_MANY = ShownQuestion(2, "numeric", "How many sorties were flown?", {"answer": 9000})


def given_away_by(other: ShownQuestion) -> frozenset[int]:
    return giveaways([WHO, HOW_MANY, other])[other.question_id]


@pytest.mark.parametrize(
    "other",
    [
        ShownQuestion(3, "date", "On what date did Putin announce it?", {"answer": "2016-03-14"}),
        ShownQuestion(3, "true_false", "Vladimir Putin met his ministers.", {"answer": True}),
        ShownQuestion(3, "ordering", "Order these.", {"items": ["Putin speaks", "Jets leave"]}),
        ShownQuestion(3, "matching", "Match them.", {"pairs": {"Putin": "President", "X": "Y"}}),
        ShownQuestion(3, "single", "What did PUTIN say?", {"choices": ["A", "B"], "answer": "A"}),
    ],
)
def test_a_name_in_what_a_question_shows_gives_the_name_away(other):
    assert given_away_by(other) == {1}


@pytest.mark.parametrize(
    "other",
    [
        ShownQuestion(3, "single", "Who?", {"choices": ["Putin", "Shoigu"], "answer": "Shoigu"}),
        ShownQuestion(3, "single", "Which city?", {"choices": ["Putingrad", "X"], "answer": "X"}),
        ShownQuestion(3, "numeric", "How many sorties in 90,000 flights?", {"answer": 1}),
        ShownQuestion(3, "single", "Which missile?", {"choices": ["S-9000", "X"], "answer": "X"}),
    ],
)
def test_a_name_among_choices_or_a_longer_number_gives_nothing_away(other):
    assert given_away_by(other) == frozenset()


@pytest.mark.parametrize("shown", ["More than 9,000 sorties", "9000 of them", "About 9000."])
def test_a_number_anywhere_gives_the_number_away(shown):
    other = ShownQuestion(3, "multiple", "Which?", {"choices": [shown, "B"], "answers": ["B"]})
    assert given_away_by(other) == {2}
