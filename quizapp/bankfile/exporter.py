"""Write a stored bank back as YAML in the bank file format, ready to edit and re-import."""

import re
from typing import Any

import yaml

from quizapp.bankfile.question_specs import QUESTION_CLASSES
from quizapp.models import Bank, Fact, Question

LONG_TEXT = 72
# Line breaks before each fact or question (but not right after its list's key), and
# before the facts and questions lists, where a blank line will make a long bank scannable.
ENTRY_BREAK = re.compile(r"(?<!facts:)(?<!questions:)\n(?=  - id: |facts:|questions:)")


class BankDumper(yaml.SafeDumper):
    """Dump block style with list items indented under their key, and long text as blocks."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Write multi-line text literally and long text folded, the way authors write them."""
    if "\n" in text:
        style = "|"
    elif len(text) > LONG_TEXT:
        style = ">"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


BankDumper.add_representer(str, represent_text)


def export_bank(bank: Bank) -> str:
    """Return the bank's active facts and questions as the YAML text of a bank file."""
    document = {
        "bank": bank.slug,
        "title": bank.title,
        "description": bank.description,
        "source": without_none({
            "publisher": bank.source_publisher,
            "title": bank.source_title,
            "published": bank.source_published,
            "url": bank.source_url,
        }),
        "facts": [fact_entry(fact) for fact in bank.facts if not fact.is_retired],
        "questions": [question_entry(q) for q in bank.questions if not q.is_retired],
    }
    if not document["facts"]:
        del document["facts"]
    text = yaml.dump(
        document, Dumper=BankDumper, sort_keys=False, allow_unicode=True, width=88
    )
    return ENTRY_BREAK.sub("\n\n", text)


def fact_entry(fact: Fact) -> dict[str, Any]:
    return without_none({
        "id": fact.key,
        "category": fact.category,
        "statement": fact.statement,
        "paragraph": fact.paragraph,
    })


def question_entry(question: Question) -> dict[str, Any]:
    """Lay a question out in the format's key order, leaving out keys that hold defaults."""
    fact = question.fact
    implied_category = fact is not None and fact.category == question.category
    return without_none({
        "id": question.key,
        "fact": fact.key if fact else None,
        "category": None if implied_category else question.category,
        "type": question.type,
        "prompt": question.prompt,
        **QUESTION_CLASSES[question.type].type_entries(question.data),
        "explanation": question.explanation or None,
        "points": None if question.points == 1 else question.points,
        "paragraph": question.paragraph,
    })


def without_none(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if value is not None}
