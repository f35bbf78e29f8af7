"""Generate large, valid bank files in the format of questions/README.md.

The import benchmark needs a bank far larger than any shipped one, with every
question type in the mix, so the importer does its real work on each.
"""

CATEGORIES = ("date", "official", "figure", "place", "other")
QUESTIONS_PER_FACT = 10


def header(slug: str) -> str:
    return (
        f"bank: {slug}\n"
        f"title: Generated bank {slug}\n"
        "description: |\n"
        "  A generated bank that measures how fast large banks import.\n"
        "source:\n"
        "  publisher: The Benchmark Gazette\n"
        "  title: Numbers made up for measuring\n"
        "  published: 2024-01-15\n"
        "  url: https://example.org/benchmark\n"
    )


def fact(n: int) -> str:
    return (
        f"  - id: fact-{n}\n"
        f"    category: {CATEGORIES[n % len(CATEGORIES)]}\n"
        f"    statement: Generated fact number {n} states something worth knowing.\n"
        f"    paragraph: {n % 40 + 1}\n"
    )


def question(n: int) -> str:
    """Return one question block; the type cycles so every grader's data is imported."""
    head = (
        f"  - id: question-{n}\n"
        f"    fact: fact-{n // QUESTIONS_PER_FACT}\n"
        f"    prompt: Generated question number {n} asks about the story?\n"
        f"    explanation: Generated explanation {n}, citing the paragraph that says so.\n"
    )
    kind = n % 8
    if kind == 0:
        body = ("    type: single\n"
                f"    choices: [Answer {n}, Other {n}, Third {n}, Fourth {n}]\n"
                f"    answer: Answer {n}\n")
    elif kind == 1:
        body = ("    type: multiple\n"
                f"    choices: [Right {n}, Also right {n}, Wrong {n}]\n"
                f"    answers: [Right {n}, Also right {n}]\n")
    elif kind == 2:
        body = f"    type: true_false\n    answer: {'true' if n % 3 else 'false'}\n"
    elif kind == 3:
        body = f"    type: numeric\n    answer: {n * 7}\n    tolerance_pct: 5\n    unit: people\n"
    elif kind == 4:
        body = f"    type: date\n    answer: {1900 + n % 120}-{n % 12 + 1:02d}-{n % 28 + 1:02d}\n"
    elif kind == 5:
        body = f"    type: text\n    answer: Person {n}\n    accept: [P. {n}, Mr {n}]\n"
    elif kind == 6:
        body = ("    type: matching\n    pairs:\n"
                f"      Left {n} a: Right {n} a\n      Left {n} b: Right {n} b\n"
                f"      Left {n} c: Right {n} c\n")
    else:
        body = ("    type: ordering\n"
                f"    items: [First {n}, Second {n}, Third {n}, Fourth {n}]\n")
    return head + body


def bank_text(slug: str, questions: int) -> str:
    """Return a bank with `questions` questions and a fact for every ten of them."""
    facts = (questions + QUESTIONS_PER_FACT - 1) // QUESTIONS_PER_FACT
    return "".join([
        header(slug),
        "facts:\n", *map(fact, range(facts)),
        "questions:\n", *map(question, range(questions)),
    ])


def bank_under(slug: str, max_bytes: int) -> str:
    """Return the largest generated bank whose UTF-8 encoding stays within `max_bytes`."""
    sample = len(bank_text(slug, 100).encode())
    count = max(1, max_bytes * 100 // sample)
    while count > 1 and len(bank_text(slug, count).encode()) > max_bytes:
        count -= max(1, count // 200)
    return bank_text(slug, count)
