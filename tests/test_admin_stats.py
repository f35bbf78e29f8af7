"""Item statistics on the admin bank page, from hand-made answers with known results."""

import re

import pytest

from quizapp.admin.statistics import (
    COLUMN_LABELS,
    SortHeader,
    TableOrder,
    sort_headers,
)
from quizapp.extensions import db
from quizapp.study.item_stats import SORTABLE_COLUMNS

pytestmark = pytest.mark.both_engines  # SQL aggregates, constraints and migrations differ by engine

# Six learners answer four questions. Everyone gets q-single right and q-tf wrong.
# q-text is right for the first three and q-numeric for the last three, so on each
# of the two, whoever did better on the rest of the quiz did worse on it.
LEARNERS = 6


def marks(learner: int) -> dict[str, int]:
    first_half = learner < LEARNERS // 2
    return {"q-single": 1, "q-tf": 0, "q-text": int(first_half), "q-numeric": int(not first_half)}


WRONG_TEXT_ANSWERS = {3: "Lavrov", 4: "  lavrov ", 5: "Putin"}


def row_text(page: str, key: str) -> str:
    """The words in the statistics row of one question, tags and spacing removed."""
    table = page.split('class="item-statistics"', 1)[1]
    row = re.search(rf"<tr>\s*<th scope=\"row\">\s*<code>{key}</code>.*?</tr>", table, re.DOTALL)
    assert row, f"no statistics row for {key}"
    return " ".join(re.sub(r"<[^>]+>", "", row.group()).split())


def row_order(page: str) -> list[str]:
    table = page.split('class="item-statistics"', 1)[1]
    return re.findall(r'<th scope="row">\s*<code>([^<]+)</code>', table)


@pytest.fixture
def admin_client(client, make_user, sign_in_as):
    sign_in_as(client, make_user("root", is_admin=True))
    return client


@pytest.fixture
def answered_bank(make_bank, make_user, make_attempt):
    """The demo bank with the six hand-made attempts described at the top of this file."""
    bank = make_bank()
    questions = {question.key: question for question in bank.questions}
    for learner in range(LEARNERS):
        user = make_user(f"learner{learner}")
        answers = [
            (questions[key], earned, WRONG_TEXT_ANSWERS[learner])
            if key == "q-text" and learner in WRONG_TEXT_ANSWERS else (questions[key], earned)
            for key, earned in marks(learner).items()
        ]
        make_attempt(user, bank, answers=answers)
    return bank


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("q-single", ["6", "100%", "not enough data", "10 s",
                      "Too easy: Nearly everyone gets it right"]),
        ("q-tf", ["6", "0%", "not enough data", "Too hard: Nearly everyone gets it wrong"]),
        ("q-text", ["6", "50%", "-1.00", "Lavrov (2 times)", "Putin (1 time)",
                    "Negative discrimination: Strong learners get it wrong more often"]),
        ("q-numeric", ["6", "50%", "-1.00", "Negative discrimination"]),
    ],
)
def test_statistics_row_shows_facility_discrimination_and_flags(admin_client, answered_bank,
                                                                 key, expected):
    text = row_text(admin_client.get("/admin/banks/demo").get_data(as_text=True), key)
    for fragment in expected:
        assert fragment in text


def test_unanswered_questions_have_no_statistics_row(admin_client, answered_bank):
    page = admin_client.get("/admin/banks/demo").get_data(as_text=True)
    assert sorted(row_order(page)) == ["q-numeric", "q-single", "q-text", "q-tf"]


def test_only_finished_attempts_count(admin_client, answered_bank, make_user, make_attempt):
    make_attempt(make_user("late"), answered_bank, answers=[(answered_bank.questions[0], 0)],
                 is_finished=False)
    text = row_text(admin_client.get("/admin/banks/demo").get_data(as_text=True), "q-single")
    assert text.startswith("q-single Which base? 6 100%")


def test_retired_question_keeps_its_row_marked_retired(admin_client, answered_bank):
    answered_bank.questions[0].is_retired = True
    db.session.commit()
    text = row_text(admin_client.get("/admin/banks/demo").get_data(as_text=True), "q-single")
    assert text.startswith("q-single (retired)")


@pytest.mark.parametrize(
    ("query", "order"),
    [
        ("", ["q-numeric", "q-single", "q-text", "q-tf"]),
        ("?sort=facility&order=desc", ["q-single", "q-numeric", "q-text", "q-tf"]),
        ("?sort=facility&order=asc", ["q-tf", "q-numeric", "q-text", "q-single"]),
        ("?sort=discrimination", ["q-numeric", "q-text", "q-single", "q-tf"]),
        ("?sort=flags&order=desc", ["q-numeric", "q-single", "q-text", "q-tf"]),
        ("?sort=no-such-column&order=desc", ["q-numeric", "q-single", "q-text", "q-tf"]),
    ],
)
def test_statistics_sort_by_the_chosen_column(admin_client, answered_bank, query, order):
    page = admin_client.get(f"/admin/banks/demo{query}").get_data(as_text=True)
    assert row_order(page) == order


def test_sorted_column_header_carries_aria_sort_and_links_the_reverse(admin_client,
                                                                      answered_bank):
    page = admin_client.get("/admin/banks/demo?sort=facility&order=desc").get_data(as_text=True)
    sorted_headers = re.findall(r'<th scope="col" aria-sort="(\w+)">\s*<a href="([^"]+)"', page)
    assert sorted_headers == [
        ("descending", "/admin/banks/demo?sort=facility&amp;order=asc#statistics-heading")
    ]
    assert "sorted by facility, descending" in page


def test_page_without_answers_says_so(admin_client, make_bank):
    make_bank()
    page = admin_client.get("/admin/banks/demo").get_data(as_text=True)
    assert "No learner has answered" in page
    assert "item-statistics" not in page


@pytest.mark.parametrize("attempts", [3, 60])
def test_bank_page_query_count_does_not_grow_with_attempts(
    admin_client, make_bank, make_user, make_attempt, query_counter, attempts
):
    bank = make_bank()
    learner = make_user("learner")
    for number in range(attempts):
        make_attempt(learner, bank, answers=[(q, number % 2) for q in bank.questions])
    with query_counter() as statements:
        assert admin_client.get("/admin/banks/demo").status_code == 200
    # user, bank, questions, wrong answers, sums per question
    assert len(statements) == 5


# The plain pieces behind the table


def test_every_sortable_column_has_a_label():
    assert tuple(COLUMN_LABELS) == SORTABLE_COLUMNS


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        (None, None, TableOrder("question_key", False)),
        ("facility", None, TableOrder("facility", False)),
        ("facility", "desc", TableOrder("facility", True)),
        ("facility", "sideways", TableOrder("facility", False)),
        ("__class__", "desc", TableOrder("question_key", False)),
    ],
)
def test_table_order_reads_the_query(sort, order, expected):
    assert TableOrder.from_query(sort, order) == expected


@pytest.mark.parametrize(
    ("current", "column", "expected"),
    [
        (TableOrder("facility", False), "facility",
         SortHeader("facility", "Facility", "ascending", "desc")),
        (TableOrder("facility", True), "facility",
         SortHeader("facility", "Facility", "descending", "asc")),
        (TableOrder("facility", True), "flags", SortHeader("flags", "Flags", None, "asc")),
    ],
)
def test_sort_headers_mark_the_sorted_column(current, column, expected):
    assert sort_headers(current)[column] == expected

