"""The bank page: the study sheet and the start form."""

import re
from datetime import date

from quizapp.extensions import db


def test_study_sheet_groups_facts_by_category_as_of_publication(client, make_bank):
    bank = make_bank()
    bank.source_published = date(2016, 3, 15)
    db.session.commit()
    page = client.get("/banks/demo").get_data(as_text=True)
    assert "Facts as reported by BBC News on 15 March 2016." in page
    timeline = page[page.index('id="sheet-date"'):page.index('id="sheet-figure"')]
    assert "The campaign began in September 2015." in timeline
    assert "(paragraph 3)" in timeline
    figures = page[page.index('id="sheet-figure"'):]
    assert re.search(r"<td>More than 9,000 sorties were flown.</td>\s*<td>5</td>", figures)


def test_study_sheet_leaves_out_retired_facts(client, make_bank):
    bank = make_bank()
    bank.facts[0].is_retired = True
    db.session.commit()
    assert "The campaign began" not in client.get("/banks/demo").get_data(as_text=True)


def test_start_form_offers_every_category_with_its_count(client, make_bank):
    make_bank()
    page = client.get("/banks/demo").get_data(as_text=True)
    for label in ("Date (2 questions)", "Official (2 questions)", "Place (2 questions)",
                  "Figure (1 question)"):
        assert label in page


def test_study_sheet_links_the_source_article_when_the_bank_has_its_address(client, make_bank):
    bank = make_bank()
    assert "<a href" not in client.get("/banks/demo").get_data(as_text=True).split(
        "Paragraph numbers")[1].split("</p>")[0]
    bank.source_url = "https://example.org/story"
    db.session.commit()
    page = client.get("/banks/demo").get_data(as_text=True)
    assert ('point into the <a href="https://example.org/story" rel="noopener noreferrer">'
            "source article</a>.") in page


def test_start_form_sent_back_keeps_the_entries_and_ties_each_error_to_its_field(
    client, make_bank
):
    make_bank()
    page = client.post("/banks/demo", data={
        "mode": "practice", "categories": ["date", "place"], "question_count": "0",
        "time_limit_minutes": "5", "start_key": "key-1",
    }).get_data(as_text=True)
    form = page[page.index('<details class="more-options" open>'):page.index("</details>")]
    assert '<input id="start_key" name="start_key" type="hidden" value="key-1">' in form
    assert re.search(r'<input checked id="mode-0" name="mode" required type="radio" '
                     r'value="practice">', form)
    ticked = re.findall(r'<input checked id="categories-\d" name="categories" type="checkbox" '
                        r'value="(\w+)">', form)
    assert ticked == ["date", "place"]
    assert ('<input aria-describedby="question_count-errors" aria-invalid="true" '
            'id="question_count" max="500" min="1" name="question_count" required '
            'type="number" value="0">') in form
    assert re.search(r'<ul class="errors" id="question_count-errors">\s*'
                     r"<li>Error: Choose between 1 and 500 questions.</li>", form)
    assert 'id="time_limit_minutes" max="300" min="1" name="time_limit_minutes"' in form
    assert "Error: Time limits apply in test mode only" in form


def test_start_form_follows_the_question_counts_and_forgets_what_was_sent(client, make_bank):
    bank = make_bank()
    client.post("/banks/demo", data={"mode": "test", "categories": ["date"], "question_count": "0"})
    page = client.get("/banks/demo").get_data(as_text=True)
    assert "Date (2 questions)" in page
    assert not re.search(r"<input checked[^>]*(categories|mode-1)", page)
    next(question for question in bank.questions if question.category == "date").is_retired = True
    db.session.commit()
    assert "Date (1 question)" in client.get("/banks/demo").get_data(as_text=True)


def test_bank_page_runs_a_fixed_number_of_queries(
    client, make_bank, make_user, sign_in_as, query_counter
):
    make_bank()
    with query_counter() as statements:
        assert client.get("/banks/demo").status_code == 200
    # The bank with its question counts, its facts.
    assert len(statements) == 2
    sign_in_as(client, make_user())
    client.post("/banks/demo", data={"mode": "practice", "question_count": "2"})
    with query_counter() as statements:
        assert client.get("/banks/demo").status_code == 200
    # The session's user, then the learner's cards in the bank and unfinished quizzes too.
    assert len(statements) == 5
