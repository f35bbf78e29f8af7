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
