"""Text grading: forgiving of case, accents, punctuation and slips, never of another name."""

from itertools import permutations

import pytest

from quizapp.grading import GradingContext, grade
from quizapp.grading.text import names_match, normalize

# Officials and places named in the source article.
OFFICIALS = [
    "Vladimir Putin",
    "Sergei Shoigu",
    "Nikolay Pankov",
    "Viktor Ozerov",
    "Sergey Ivanov",
    "Staffan de Mistura",
    "Bashar al-Assad",
    "Paulo Pinheiro",
]
SURNAMES = ["Putin", "Shoigu", "Pankov", "Ozerov", "Ivanov", "Mistura", "Assad", "Pinheiro"]
PLACES = ["Palmyra", "Hmeimim", "Tartous", "Latakia", "Voronezh", "Aleppo", "Deraa", "Geneva"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Sergei Shoigu", ["sergei", "shoigu"]),
        ("  SERGEI   SHOIGU ", ["sergei", "shoigu"]),
        ("Bashar al-Assad", ["bashar", "al", "assad"]),
        ("Shoïgu", ["shoigu"]),
        ("Ózerov!", ["ozerov"]),
        ("S-400", ["s", "400"]),
        ("", []),
    ],
)
def test_normalize_drops_case_accents_and_punctuation(text, words):
    assert normalize(text) == words


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Sergei Shoigu", "Sergei Shoigu"),
        ("sergei shoigu", "Sergei Shoigu"),
        ("Sergei Shoïgu", "Sergei Shoigu"),
        ("Shoygu", "Shoigu"),
        ("Shiogu", "Shoigu"),
        ("Sergey Shoigu", "Sergei Shoigu"),
        ("Sergey Shoygu", "Sergei Shoigu"),
        ("Nikolai Pankov", "Nikolay Pankov"),
        ("Victor Ozerov", "Viktor Ozerov"),
        ("Sergei Ivanov", "Sergey Ivanov"),
        ("Vladimir Putn", "Vladimir Putin"),
        ("Asad", "Assad"),
        ("Bashar al Assad", "Bashar al-Assad"),
        ("Bashar alAssad", "Bashar al-Assad"),
        ("Bashar al-Asad", "Bashar al-Assad"),
        ("staffan de mistura", "Staffan de Mistura"),
        ("Paulo Pinhero", "Paulo Pinheiro"),
        ("Pineyro", "Pinheiro"),
        ("Voronesch", "Voronezh"),
        ("Tartus", "Tartous"),
        ("Latakiya", "Latakia"),
        ("Daraa", "Deraa"),
        ("Alepo", "Aleppo"),
        ("S400", "S-400"),
    ],
)
def test_names_match_forgives_small_slips(given, expected):
    assert names_match(given, expected)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Ivanov", "Ozerov"),
        ("Ozerov", "Ivanov"),
        ("Lavrov", "Pankov"),
        ("Pankov", "Putin"),
        ("Sergey Ivanov", "Sergei Shoigu"),
        ("Sergei Ivanov", "Sergei Shoigu"),
        ("Viktor Ivanov", "Viktor Ozerov"),
        ("Ivashov", "Ivanov"),
        ("Pavlov", "Pankov"),
        ("Staffan di Mistura", "Staffan de Mistura"),
        ("Bashar el-Assad", "Bashar al-Assad"),
        ("Mistura", "Staffan de Mistura"),
        ("Shoigu", "Sergei Shoigu"),
        ("Vladimir Putin Shoigu", "Vladimir Putin"),
        ("S-300", "S-400"),
        ("2016", "2015"),
        ("10001", "10000"),
        ("Resolution 2245", "Resolution 2254"),
        ("Homs", "Hama"),
        ("Hams", "Homs"),
        ("Perry", "Kerry"),
        ("Palma", "Palmyra"),
        ("Putin", ""),
    ],
)
def test_names_match_never_turns_one_name_into_another(given, expected):
    assert not names_match(given, expected)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        *permutations(OFFICIALS, 2),
        *permutations(SURNAMES, 2),
        *permutations(PLACES, 2),
    ],
)
def test_no_name_in_the_article_matches_another(given, expected):
    assert not names_match(given, expected)


@pytest.mark.parametrize(
    ("response", "is_correct"),
    [
        ("Sergei Shoigu", True),
        ("Shoigu", True),
        ("shoygu", True),
        ("Defence Minister Shoigu", True),
        ("Sergey Shoygu", True),
        ("Ivanov", False),
        ("Sergey Ivanov", False),
        ("", False),
        ("   ", False),
        (None, False),
        (["Shoigu"], False),
        ({"name": "Shoigu"}, False),
        (42, False),
    ],
)
def test_text_accepts_the_answer_or_an_alias(response, is_correct):
    data = {"answer": "Sergei Shoigu", "accept": ["Shoigu", "Defence Minister Shoigu"]}
    assert grade("text", data, 2, response).is_correct is is_correct


@pytest.mark.parametrize(
    "data", [{"answer": "Sergei Shoigu"}, {"answer": "Sergei Shoigu", "accept": None}]
)
def test_text_without_aliases_needs_the_answer(data):
    assert not grade("text", data, 1, "Shoigu").is_correct
    assert grade("text", data, 1, "Sergei Shoigu").is_correct


@pytest.mark.parametrize(
    ("response", "note"),
    [
        ("Shoygu", "Accepted: the spelling is Shoigu"),
        ("Sergey Shoygu", "Accepted: the spelling is Sergei Shoigu"),
        ("shoigu", None),
        ("SERGEI SHOIGU!", None),
        ("Ivanov", None),
    ],
)
def test_text_names_the_spelling_when_it_forgives_a_slip(response, note):
    data = {"answer": "Sergei Shoigu", "accept": ["Shoigu"]}
    assert grade("text", data, 1, response).note == note


@pytest.mark.parametrize(
    ("data", "response"),
    [
        ({"answer": "Vladimir Putin", "accept_surname": True}, "President Putin"),
        ({"answer": "Vladimir Putin", "accept_surname": True}, "President Vladimir Putin"),
        ({"answer": "Nikolay Pankov", "accept_surname": True}, "Mr Pankov"),
        ({"answer": "Sergei Shoigu"}, "Defence Minister Sergei Shoigu"),
        ({"answer": "Sergey Ivanov"}, "Kremlin chief of staff Sergey Ivanov"),
        ({"answer": "Vladimir Putin"}, "V. Putin"),
        ({"answer": "Vladimir Putin"}, "v putin"),
        ({"answer": "Staffan de Mistura", "accept_surname": True}, "de Mistura"),
        ({"answer": "Staffan de Mistura", "accept_surname": True}, "Mistura"),
        ({"answer": "Bashar al-Assad", "accept_surname": True}, "Assad"),
        ({"answer": "Bashar al-Assad", "accept_surname": True}, "President al-Assad"),
        ({"answer": "Geneva"}, "Geneva, Switzerland"),
        ({"answer": "Voronezh"}, "Voronezh, Russia"),
    ],
)
def test_text_reads_names_as_people_write_them(data, response):
    assert grade("text", data, 1, response).is_correct


@pytest.mark.parametrize(
    ("data", "response"),
    [
        ({"answer": "Vladimir Putin"}, "President Putin"),
        ({"answer": "Vladimir Putin", "accept_surname": True}, "V."),
        ({"answer": "Vladimir Putin"}, "S. Putin"),
        ({"answer": "Vladimir Putin"}, "Vladimir P."),
        ({"answer": "Deputy Defence Minister"}, "Defence Minister"),
        ({"answer": "Geneva"}, "Switzerland, Geneva"),
        ({"answer": "Tartous", "accept": ["Tartus"], "refuse": ["Tarsus"]}, "Tarsus"),
        ({"answer": "Tartous", "accept": ["Tartus"], "refuse": ["Tarsus"]}, "tarsus, Turkey"),
    ],
)
def test_text_refuses_what_names_someone_or_somewhere_else(data, response):
    assert not grade("text", data, 1, response).is_correct


def test_text_refuses_a_slip_closer_to_another_name_in_the_bank():
    data = {"answer": "Homs"}
    context = GradingContext(bank_names=frozenset({"Hama", "Hom", "Palmyra"}))
    assert grade("text", data, 1, "Homs", context).is_correct
    assert grade("text", data, 1, "Homss").is_correct
    assert not grade("text", data, 1, "Hom", context).is_correct


def test_text_names_the_right_spelling_of_an_accepted_slip():
    data = {"answer": "Sergei Shoigu", "accept_surname": True}
    assert grade("text", data, 1, "Shoigu").note is None
    assert grade("text", data, 1, "Shoiguu").note == "Accepted: the spelling is Shoigu"
    assert grade("text", data, 1, "Sergey Shoigu").note == (
        "Accepted: the spelling is Sergei Shoigu"
    )
    assert grade("text", data, 1, "Defence Minister Shoigu").note is None
