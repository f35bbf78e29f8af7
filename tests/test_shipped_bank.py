"""The bank shipped in questions/ validates, covers the article widely, and is in our own words."""

import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from quizapp.bankfile.loader import load_bank_file
from quizapp.config import DEFAULT_MAX_BANK_BYTES
from quizapp.extensions import db
from quizapp.grading import GradingContext, grade
from quizapp.grading.text import names_in
from quizapp.models.bank import Bank
from quizapp.study.assembly import Candidate, choose_questions
from quizapp.study.giveaways import ShownQuestion, giveaways
from quizapp.vocabulary import Category, QuestionType

REPO_ROOT = Path(__file__).resolve().parents[1]
SHIPPED_BANK = REPO_ROOT / "questions" / "russia-syria-2016.yaml"
COPYCHECK = REPO_ROOT.parent / "shared" / "tools" / "copycheck.py"
ARTICLE_PARAGRAPHS = 37  # as counted by the rule in the bank's header comment


@pytest.fixture(scope="module")
def bank():
    """Load the shipped bank once; the loader raises if the file does not validate."""
    return load_bank_file(SHIPPED_BANK, DEFAULT_MAX_BANK_BYTES)


@pytest.mark.parametrize(("part", "minimum"), [("facts", 60), ("questions", 90)])
def test_bank_has_enough_facts_and_questions(bank, part, minimum):
    assert len(getattr(bank, part)) >= minimum


@pytest.mark.parametrize(
    "category", [Category.DATE, Category.OFFICIAL, Category.FIGURE, Category.PLACE]
)
def test_each_core_category_has_at_least_twelve_questions(bank, category):
    counts = Counter(question.category for question in bank.questions)
    assert counts[category] >= 12


@pytest.mark.parametrize("question_type", list(QuestionType))
def test_each_question_type_is_used_at_least_three_times(bank, question_type):
    counts = Counter(question.type for question in bank.questions)
    assert counts[question_type] >= 3


def test_every_question_explains_and_points_to_the_source(bank):
    unexplained = [question.id for question in bank.questions if not question.explanation]
    uncited = [
        question.id
        for question in bank.questions
        if question.fact is None and question.paragraph is None
    ]
    assert (unexplained, uncited) == ([], [])


def test_every_fact_is_tested_by_a_question(bank):
    tested = {question.fact for question in bank.questions}
    assert [fact.id for fact in bank.facts if fact.id not in tested] == []


def test_paragraph_numbers_fall_within_the_article(bank):
    cited = [item.paragraph for item in (*bank.facts, *bank.questions) if item.paragraph]
    assert cited
    assert all(1 <= paragraph <= ARTICLE_PARAGRAPHS for paragraph in cited)


def test_bank_check_passes_the_shipped_bank(runner):
    result = runner.invoke(args=["bank", "check", "--strict", str(SHIPPED_BANK)])
    assert (result.exit_code, result.output) == (0, f"ok {SHIPPED_BANK}\n")


def test_shipped_bank_imports_with_every_question(runner, bank):
    result = runner.invoke(args=["bank", "import", str(SHIPPED_BANK)])
    assert result.exit_code == 0, result.output
    db.session.remove()
    stored = db.session.scalar(Bank.by_slug(bank.bank))
    expected = Counter(str(question.category) for question in bank.questions)
    assert stored.category_counts() == dict(expected)


def test_repo_shares_no_eight_word_run_with_the_article():
    if not COPYCHECK.is_file():
        pytest.skip(f"copycheck not found at {COPYCHECK}; it lives outside the repo")
    result = subprocess.run(
        [sys.executable, str(COPYCHECK), str(REPO_ROOT)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


# --- fairness: what a learner sees and types is graded as a careful reader would ---

APPROXIMATE = re.compile(r"\b(about|roughly|approximately|around|some|circa)\b", re.IGNORECASE)
MORE_THAN = re.compile(r"^More than (.+)$")
BETWEEN = re.compile(r"^Between ([\d,]+) and ([\d,]+)$")
AMOUNTS = {"a quarter of a million": 250_000, "half a million": 500_000, "a million": 1_000_000}


def amount(text: str) -> int | None:
    """Read "9,000" or "a quarter of a million" as a number, or None."""
    return AMOUNTS.get(text) or (int(text.replace(",", "")) if text[0].isdigit() else None)


def wrong_choices_also_true(answer: str, wrong: list[str]) -> list[str]:
    """Wrong choices that a true "More than X" or "Between A and B" answer makes true too."""
    bound = MORE_THAN.match(answer)
    if bound and amount(bound[1]) is not None:
        return [
            choice for choice in wrong
            if (other := MORE_THAN.match(choice)) and (amount(other[1]) or 0) <= amount(bound[1])
        ]
    span = BETWEEN.match(answer)
    if span:
        low, high = (amount(part) for part in span.groups())
        return [
            choice for choice in wrong
            if (other := BETWEEN.match(choice))
            and amount(other[1]) <= high and amount(other[2]) >= low
        ]
    return []


def test_no_wrong_choice_is_also_true(bank):
    clashes = {
        question.id: found
        for question in bank.questions
        if question.type == "single"
        and (found := wrong_choices_also_true(
            question.answer, [choice for choice in question.choices if choice != question.answer]
        ))
    }
    assert clashes == {}


@pytest.mark.parametrize(
    ("answer", "wrong", "also_true"),
    [
        ("More than a quarter of a million", ["More than 100,000", "About 50,000"],
         ["More than 100,000"]),
        ("Between 3,000 and 6,000", ["Between 6,000 and 9,000", "Between 7,000 and 9,000"],
         ["Between 6,000 and 9,000"]),
    ],
)
def test_the_also_true_check_finds_overlapping_choices(answer, wrong, also_true):
    assert wrong_choices_also_true(answer, wrong) == also_true


def test_every_approximate_number_has_a_tolerance(bank):
    exact = [
        question.id
        for question in bank.questions
        if question.type == "numeric" and APPROXIMATE.search(question.prompt)
        and not (question.tolerance or question.tolerance_pct)
    ]
    assert exact == []


def test_about_1492_rebels_accepts_a_rounded_answer(bank):
    question = next(q for q in bank.questions if q.id == "rebels-nusra-killed")
    assert grade("numeric", question.type_data(), 1, "1,500").is_correct


NATURAL_FORMS = {
    "president-who-announced": ["Putin", "President Putin", "V. Putin", "President Vladimir Putin"],
    "deputy-defence-minister-name": ["Mr Pankov", "Deputy Defence Minister Nikolay Pankov"],
    "defence-minister-name": ["Defence Minister Sergei Shoigu", "Shoigu", "S. Shoigu"],
    "chief-of-staff-name": ["Ivanov", "Kremlin chief of staff Sergey Ivanov"],
    "envoy-name": ["de Mistura", "Mistura", "Mr de Mistura", "UN Special Envoy Staffan de Mistura"],
    "committee-head-name": ["Ozerov", "Mr Ozerov"],
    "commission-chairman-name": ["Pinheiro", "Paulo Sergio Pinheiro"],
    "syrian-president-name": ["Assad", "President Assad", "al-Assad", "President Bashar al-Assad"],
    "talks-city": ["Geneva, Switzerland"],
    "arrival-city": ["Voronezh, Russia"],
    "naval-port": ["Tartus", "Tartous, Syria"],
}
REFUSED = {"naval-port": ["Tarsus"], "defence-minister-name": ["Ivanov", "Sergey Ivanov"]}


def typed_question(bank, question_id):
    question = next(q for q in bank.questions if q.id == question_id)
    return question.type, question.type_data()


def bank_context(bank, question_id) -> GradingContext:
    """The names of every other question of the bank, as grading inside a quiz sees them."""
    return GradingContext(bank_names=frozenset(
        name
        for question in bank.questions if question.id != question_id
        for name in names_in(question.type, question.type_data())
    ))


@pytest.mark.parametrize(
    ("question_id", "response"),
    [(key, form) for key, forms in NATURAL_FORMS.items() for form in forms],
)
def test_typed_names_accept_natural_forms(bank, question_id, response):
    context = bank_context(bank, question_id)
    assert grade(*typed_question(bank, question_id), 1, response, context).is_correct


SLIPS = {
    "defence-minister-name": "Sergei Shoigou", "arrival-city": "Voronesh",
    "departure-base": "Hmeimin", "heritage-city": "Palmira", "committee-head-name": "Ozerof",
}


@pytest.mark.parametrize(("question_id", "response"), SLIPS.items())
def test_typed_names_forgive_slips_among_the_banks_other_names(bank, question_id, response):
    context = bank_context(bank, question_id)
    result = grade(*typed_question(bank, question_id), 1, response, context)
    assert result.is_correct
    assert result.note.startswith("Accepted: the spelling is ")


@pytest.mark.parametrize(
    ("question_id", "response"),
    [(key, form) for key, forms in REFUSED.items() for form in forms],
)
def test_typed_names_refuse_other_names(bank, question_id, response):
    assert not grade(*typed_question(bank, question_id), 1, response).is_correct


def shown_questions(bank):
    return [
        ShownQuestion(index, question.type, question.prompt, question.type_data())
        for index, question in enumerate(bank.questions)
    ]


def test_no_question_shows_a_number_another_asks_for(bank):
    revealed = giveaways(shown_questions(bank))
    numbers = {
        index for index, question in enumerate(bank.questions) if question.type == "numeric"
    }
    shown = {
        bank.questions[index].id: sorted(bank.questions[other].id for other in ids & numbers)
        for index, ids in revealed.items()
        if ids & numbers
    }
    assert shown == {}


def test_no_question_shows_the_typed_answer_of_another_on_the_same_fact(bank):
    revealed = giveaways(shown_questions(bank))
    facts = [question.fact for question in bank.questions]
    shown = [
        (bank.questions[index].id, bank.questions[other].id)
        for index, ids in revealed.items()
        for other in ids
        if facts[index] is not None and facts[index] == facts[other]
    ]
    assert shown == []


@pytest.mark.parametrize("seed", range(5))
def test_a_quiz_of_the_whole_bank_never_asks_a_question_and_its_giveaway(bank, seed):
    revealed = giveaways(shown_questions(bank))
    candidates = [
        Candidate(index, str(question.category), revealed[index])
        for index, question in enumerate(bank.questions)
    ]
    chosen = set(choose_questions(candidates, [], len(candidates), random.Random(seed)))
    assert len(chosen) >= len(candidates) * 4 // 5
    assert [(index, revealed[index] & chosen) for index in chosen if revealed[index] & chosen] == []


MONTHS = "January February March April May June July August September October November December"
STATED_DATE = re.compile(rf"(?:(\d{{1,2}}) )?({'|'.join(MONTHS.split())}) (\d{{4}})")


def test_date_facts_state_their_date_and_run_in_date_order(bank):
    stated = []
    for fact in bank.facts:
        if fact.category == Category.DATE:
            match = STATED_DATE.search(" ".join(fact.statement.split()))
            assert match, f"{fact.id} states no month and year"
            day, month, year = match.groups()
            stated.append((int(year), MONTHS.split().index(month), int(day or 0)))
    assert stated == sorted(stated)
