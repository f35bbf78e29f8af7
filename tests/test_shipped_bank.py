"""The bank shipped in questions/ validates, covers the article widely, and is in our own words."""

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from quizapp.bankfile.loader import load_bank_file
from quizapp.config import DEFAULT_MAX_BANK_BYTES
from quizapp.extensions import db
from quizapp.models.bank import Bank
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
