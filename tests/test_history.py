"""Score history: the page, its chart and filter, the CSV download, and their cost at scale."""

import csv
import html
import io
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import answers_loaded_in_bulk
from sqlalchemy import insert

from quizapp.extensions import db
from quizapp.history.export import csv_lines
from quizapp.history.records import HistoryRow
from quizapp.models import Attempt, AttemptItem, User

pytestmark = pytest.mark.both_engines  # SQL aggregates, constraints and migrations differ by engine

DAY = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
CSV_HEADER = [
    "finished_at", "bank_slug", "bank_title", "mode", "categories",
    "points_earned", "points_possible", "percent", "seconds_taken",
]


def review_ids(page: str) -> list[int]:
    """Return the attempt ids of the review links, in page order."""
    return [int(found) for found in re.findall(r'href="/quiz/(\d+)/result"', page)]


def rel_link(page: str, rel: str) -> tuple[str, dict[str, list[str]]] | None:
    """Return the path and query of the page's rel=prev/next link, or None."""
    match = re.search(rf'<a rel="{rel}" href="([^"]+)"', page)
    if match is None:
        return None
    url = urlsplit(html.unescape(match.group(1)))
    return url.path, parse_qs(url.query)


def chart_points(page: str) -> int:
    return page.count('class="chart-point"')


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def add_attempts(make_attempt, user, bank, count, start=DAY):
    """Record `count` finished attempts an hour apart, scoring 1 of 2 points each."""
    first, second = bank.questions[:2]
    return [
        make_attempt(user, bank, [(first, 1), (second, 0)], finished_at=start + timedelta(hours=n))
        for n in range(count)
    ]


def insert_history(user, bank, attempts, items_per_attempt, start=DAY):
    """Bulk-insert finished attempts with answered items: one statement per table."""
    questions = bank.questions
    attempt_ids = db.session.scalars(
        insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True),
        [
            {"user_id": user.id, "bank_id": bank.id, "mode": "practice", "categories": [],
             "started_at": start + timedelta(hours=n, minutes=-5),
             "finished_at": start + timedelta(hours=n),
             "points_earned": float(n % (items_per_attempt + 1)),
             "points_possible": float(items_per_attempt)}
            for n in range(attempts)
        ],
    ).all()
    with answers_loaded_in_bulk():
        db.session.execute(insert(AttemptItem), [
            {"attempt_id": attempt_id, "question_id": questions[position % len(questions)].id,
             "position": position + 1, "presentation": {}, "response": "recorded",
             "points_earned": 1.0, "points_possible": 1.0, "is_correct": True,
             "answered_at": start, "seconds_taken": 15.0}
            for attempt_id in attempt_ids
            for position in range(items_per_attempt)
        ])
    db.session.commit()
    return attempt_ids


@pytest.mark.parametrize("path", ["/history/", "/history/history.csv"])
def test_visitor_is_sent_to_sign_in_and_back(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/auth/login?next={path.replace('/', '%2F')}"


def test_learner_without_finished_quizzes_sees_how_history_works(client, make_user, sign_in_as):
    sign_in_as(client, make_user())
    page = client.get("/history/").get_data(as_text=True)
    assert "You have not finished a quiz yet." in page
    assert 'href="/">Choose a bank to study</a>' in page
    assert "<svg" not in page


def test_history_lists_finished_attempts_newest_first(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    user, bank = make_user(), make_bank()
    older, newest, middle = (
        add_attempts(make_attempt, user, bank, 1, start=DAY + timedelta(days=days))[0]
        for days in (0, 2, 1)
    )
    sign_in_as(client, user)
    assert review_ids(client.get("/history/").get_data(as_text=True)) == [
        newest.id, middle.id, older.id
    ]


def test_history_row_shows_date_bank_mode_categories_score_and_time(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    user, bank = make_user(), make_bank(title="Syria 2016")
    first, second = bank.questions[:2]
    attempt = make_attempt(user, bank, [(first, 1), (second, 0.5)], finished_at=DAY,
                           mode="test", minutes=4)
    attempt.categories = ["date", "place"]
    db.session.commit()
    sign_in_as(client, user)
    page = client.get("/history/").get_data(as_text=True)
    row = re.search(r"<tbody>(.*?)</tbody>", page.split("Finished quizzes")[1], re.DOTALL).group(1)
    cells = [re.sub(r"<[^>]+>", "", cell).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
    assert cells == [
        "1 Mar 2026, 09:30", "Syria 2016", "Test", "Date, Place",
        "1.5 of 2 points (75%)", "4 min 0 s", "Review the quiz finished 1 Mar 2026, 09:30",
    ]
    assert f'<a href="/quiz/{attempt.id}/result">Review' in row


def test_unfinished_attempts_stay_out_of_history(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    user, bank = make_user(), make_bank()
    (finished,) = add_attempts(make_attempt, user, bank, 1)
    db.session.add(Attempt(user=user, bank=bank, mode="practice", categories=[], started_at=DAY))
    db.session.commit()
    sign_in_as(client, user)
    assert review_ids(client.get("/history/").get_data(as_text=True)) == [finished.id]
    assert len(csv_rows(client.get("/history/history.csv"))) == 2


def test_guest_sees_their_own_history(client, make_bank, make_attempt, sign_in_as):
    guest = User(is_guest=True)
    db.session.add(guest)
    db.session.commit()
    (attempt,) = add_attempts(make_attempt, guest, make_bank(), 1)
    sign_in_as(client, guest)
    page = client.get("/history/").get_data(as_text=True)
    assert review_ids(page) == [attempt.id]
    assert '<a href="/history/">History</a>' in page


def test_history_pages_hold_twenty_rows_and_link_to_each_other(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    user, bank = make_user(), make_bank()
    attempts = add_attempts(make_attempt, user, bank, 25)
    newest_first = [attempt.id for attempt in reversed(attempts)]
    sign_in_as(client, user)

    first = client.get("/history/").get_data(as_text=True)
    assert review_ids(first) == newest_first[:20]
    assert "Page 1 of 2" in first
    assert rel_link(first, "prev") is None
    assert rel_link(first, "next") == ("/history/", {"page": ["2"]})

    second = client.get("/history/?page=2").get_data(as_text=True)
    assert review_ids(second) == newest_first[20:]
    assert "Page 2 of 2" in second
    assert rel_link(second, "prev") == ("/history/", {})
    assert rel_link(second, "next") is None


def test_one_page_of_history_shows_no_pagination(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    user = make_user()
    add_attempts(make_attempt, user, make_bank(), 3)
    sign_in_as(client, user)
    assert "Page 1 of" not in client.get("/history/").get_data(as_text=True)


def test_page_past_the_end_is_not_found(client, make_user, make_bank, make_attempt, sign_in_as):
    user = make_user()
    add_attempts(make_attempt, user, make_bank(), 3)
    sign_in_as(client, user)
    assert client.get("/history/?page=2").status_code == 404


def test_bank_filter_narrows_rows_chart_and_csv_and_stays_across_pages(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    user = make_user()
    demo, other = make_bank(), make_bank(slug="other", title="Other bank")
    add_attempts(make_attempt, user, demo, 2)
    in_other = add_attempts(make_attempt, user, other, 22, start=DAY + timedelta(days=5))
    sign_in_as(client, user)

    page = client.get("/history/?bank=other").get_data(as_text=True)
    assert review_ids(page) == [attempt.id for attempt in reversed(in_other)][:20]
    assert '<option selected value="other">Other bank</option>' in page
    assert chart_points(page) == 22
    assert rel_link(page, "next") == ("/history/", {"page": ["2"], "bank": ["other"]})
    second = client.get("/history/?bank=other&page=2").get_data(as_text=True)
    assert rel_link(second, "prev") == ("/history/", {"bank": ["other"]})
    assert 'href="/history/history.csv?bank=other"' in page

    rows = csv_rows(client.get("/history/history.csv?bank=other"))
    assert {row[1] for row in rows[1:]} == {"other"}
    assert len(rows) == 1 + 22


def test_filter_offers_all_banks_then_the_learners_banks_by_title(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    user = make_user()
    add_attempts(make_attempt, user, make_bank(slug="zulu", title="Zulu"), 1)
    add_attempts(make_attempt, user, make_bank(slug="alpha", title="Alpha"), 1)
    make_bank(slug="unplayed", title="Unplayed")
    sign_in_as(client, user)
    page = client.get("/history/").get_data(as_text=True)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", page) == ["All banks", "Alpha", "Zulu"]
    assert '<label for="bank">Bank</label>' in page


def test_unknown_bank_filter_is_reported_and_shows_every_bank(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    user = make_user()
    attempts = add_attempts(make_attempt, user, make_bank(), 2)
    sign_in_as(client, user)
    page = client.get("/history/?bank=nowhere").get_data(as_text=True)
    assert "Error: Not a valid choice." in page
    assert review_ids(page) == [attempt.id for attempt in reversed(attempts)]
    assert client.get("/history/history.csv?bank=nowhere").status_code == 404


def test_another_learners_attempts_never_appear(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    ada, bob = make_user(), make_user(username="bob")
    shared, bobs_own = make_bank(), make_bank(slug="bobs", title="Bob's bank")
    (mine,) = add_attempts(make_attempt, ada, shared, 1)
    add_attempts(make_attempt, bob, shared, 2)
    add_attempts(make_attempt, bob, bobs_own, 2)
    sign_in_as(client, ada)

    page = client.get("/history/").get_data(as_text=True)
    assert review_ids(page) == [mine.id]
    assert chart_points(page) == 1
    assert "Bob&#39;s bank" not in page
    assert len(csv_rows(client.get("/history/history.csv"))) == 2
    assert "Error: Not a valid choice." in client.get("/history/?bank=bobs").get_data(as_text=True)
    assert client.get("/history/history.csv?bank=bobs").status_code == 404


@pytest.mark.parametrize("attempts", [30, 75])
def test_every_page_draws_the_same_chart_of_the_latest_scores(
    client, make_user, make_bank, sign_in_as, attempts
):
    """The first page reads the chart's scores with its rows, later pages on their own."""
    user = make_user()
    insert_history(user, make_bank(), attempts=attempts, items_per_attempt=3)
    sign_in_as(client, user)
    charts = [
        client.get(path).get_data(as_text=True).split("<figure")[1].split("</figure>")[0]
        for path in ("/history/", "/history/?page=2")
    ]
    assert charts[0] == charts[1]
    assert chart_points(charts[0]) == min(attempts, 50)
    # The newest score is last: attempt n scores n % 4 of 3 points.
    newest = (attempts - 1) % 4 / 3 * 100
    assert f"latest {round(newest)}%" in charts[0]


def test_chart_draws_the_latest_fifty_scores_with_a_text_alternative(
    client, make_user, make_bank, sign_in_as
):
    user = make_user()
    insert_history(user, make_bank(), attempts=52, items_per_attempt=1)
    sign_in_as(client, user)
    page = client.get("/history/").get_data(as_text=True)
    assert chart_points(page) == 50
    assert 'role="img" aria-labelledby="chart-title" aria-describedby="chart-desc"' in page
    assert ("Percent scores of your 50 most recent finished quizzes, oldest on the left: "
            "lowest 0%, highest 100%, latest 100%.") in page
    chart_table = page.split("Scores in the chart")[1].split("</table>")[0]
    assert chart_table.count('<th scope="row">') == 50


def test_csv_download_lists_the_whole_history_newest_first(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    user, bank = make_user(), make_bank(title="Syria 2016")
    first, second = bank.questions[:2]
    make_attempt(user, bank, [(first, 1), (second, 0)], finished_at=DAY, minutes=2)
    newer = make_attempt(user, bank, [(first, 1), (second, 0.5)], mode="test",
                         finished_at=DAY + timedelta(days=1), minutes=3)
    newer.categories = ["date", "figure"]
    db.session.commit()
    sign_in_as(client, user)

    response = client.get("/history/history.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == "attachment; filename=quizapp-history.csv"
    assert response.is_streamed
    assert csv_rows(response) == [
        CSV_HEADER,
        ["2026-03-02T09:30:00+00:00", "demo", "Syria 2016", "test", "date figure",
         "1.5", "2", "75.0", "180"],
        ["2026-03-01T09:30:00+00:00", "demo", "Syria 2016", "practice", "all",
         "1", "2", "50.0", "120"],
    ]


def test_csv_quotes_bank_text_a_spreadsheet_would_run(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    user = make_user()
    bank = make_bank(slug="-risky", title='=HYPERLINK("http://example.invalid","x")')
    add_attempts(make_attempt, user, bank, 1)
    sign_in_as(client, user)
    (_, row) = csv_rows(client.get("/history/history.csv"))
    assert row[1:3] == ["'-risky", "'=HYPERLINK(\"http://example.invalid\",\"x\")"]


def test_csv_lines_yields_the_header_then_one_line_per_row():
    row = HistoryRow(
        attempt_id=1, finished_at=DAY, bank_slug="demo", bank_title="Title, with comma",
        mode="practice", categories=(), points_earned=2.0, points_possible=4.0,
        percent=50.0, seconds_taken=61,
    )
    lines = csv_lines(iter([row, row]))
    assert next(lines) == ",".join(CSV_HEADER) + "\r\n"
    expected = ('2026-03-01T09:30:00+00:00,demo,"Title, with comma",practice,all,2,4,50.0,61\r\n')
    assert list(lines) == [expected, expected]


def test_result_page_and_nav_link_to_history(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    user = make_user()
    (attempt,) = add_attempts(make_attempt, user, make_bank(), 1)
    sign_in_as(client, user)
    page = client.get(f"/quiz/{attempt.id}/result").get_data(as_text=True)
    assert '<a href="/history/">See all your results</a>' in page
    assert '<a href="/history/">History</a>' in page


def test_visitor_nav_has_no_history_link(client):
    assert 'href="/history/"' not in client.get("/").get_data(as_text=True)


def count_queries(client, query_counter, path: str) -> int:
    with query_counter() as statements:
        response = client.get(path)
        response.get_data()
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize(
    ("path", "queries"),
    # The learner, the banks for the filter, then the page with the count; the first
    # page's query also reads the chart's scores, later pages read them on their own.
    # The CSV streams its rows in one query.
    [("/history/", 3), ("/history/?page=2", 4), ("/history/history.csv", 3)],
)
def test_query_count_does_not_grow_with_history(
    client, make_user, make_bank, sign_in_as, query_counter, path, queries
):
    few, many = make_user(), make_user(username="bob")
    banks = [make_bank(slug=f"bank-{n}", title=f"Bank {n}") for n in range(3)]
    insert_history(few, banks[0], attempts=23, items_per_attempt=2)
    for bank in banks:
        insert_history(many, bank, attempts=20, items_per_attempt=2)
    sign_in_as(client, few)
    assert count_queries(client, query_counter, path) == queries
    sign_in_as(client, many)
    assert count_queries(client, query_counter, path) == queries


def test_ten_thousand_answers_render_with_the_same_number_of_queries(
    client, make_user, make_bank, make_attempt, sign_in_as, query_counter
):
    bank = make_bank()
    small_user, learner = make_user(username="small"), make_user()
    add_attempts(make_attempt, small_user, bank, 3)
    attempt_ids = insert_history(learner, bank, attempts=500, items_per_attempt=20)
    sign_in_as(client, small_user)
    small_page = count_queries(client, query_counter, "/history/")
    small_csv = count_queries(client, query_counter, "/history/history.csv")

    sign_in_as(client, learner)
    with query_counter() as statements:
        page = client.get("/history/").get_data(as_text=True)
    assert len(statements) == small_page
    assert "Page 1 of 25" in page
    assert review_ids(page) == attempt_ids[::-1][:20]
    assert chart_points(page) == 50
    # The newest attempt is number 499: 499 % 21 = 16 of 20 points.
    assert "16 of 20 points (80%)" in page.split("<tbody>")[2]

    with query_counter() as statements:
        response = client.get("/history/history.csv")
        rows = csv_rows(response)
    assert len(statements) == small_csv
    assert len(rows) == 1 + 500
    assert rows[1][0] == (DAY + timedelta(hours=499)).isoformat()
    assert rows[1][5:] == ["16", "20", "80.0", "300"]
