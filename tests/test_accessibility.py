"""Every page: headings in order, a label for every input, groups of choices in fieldsets."""

from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt


class PageStructure(HTMLParser):
    """Collect the headings, form controls, labels and fieldsets of a page."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.controls: list[dict] = []
        self.label_targets: set[str] = set()
        self.open_labels = 0
        self.fieldset_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        elif tag == "label":
            self.open_labels += 1
            if "for" in attributes:
                self.label_targets.add(attributes["for"])
        elif tag == "fieldset":
            self.fieldset_depth += 1
        elif tag in ("input", "select", "textarea"):
            attributes["in_label"] = self.open_labels > 0
            attributes["in_fieldset"] = self.fieldset_depth > 0
            attributes["tag"] = tag
            self.controls.append(attributes)

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1
        elif tag == "fieldset":
            self.fieldset_depth -= 1


def check_page(html: str) -> list[str]:
    """Return what is wrong with a page's structure, in words."""
    page = PageStructure()
    page.feed(html)
    problems = []
    if not page.headings or page.headings[0] != 1 or page.headings.count(1) != 1:
        problems.append(f"expected exactly one h1, first: {page.headings}")
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading jumps from h{before} to h{after}")
    group_sizes: dict[str, int] = {}
    for control in page.controls:
        group_sizes[control.get("name")] = group_sizes.get(control.get("name"), 0) + 1
    for control in page.controls:
        kind = control.get("type", "text")
        if kind in ("hidden", "submit", "button"):
            continue
        named = (control.get("id") in page.label_targets or control["in_label"]
                 or "aria-label" in control or "aria-labelledby" in control)
        if not named:
            problems.append(f"{control['tag']} {control.get('name')!r} has no label")
        is_group = kind == "radio" or (kind == "checkbox" and group_sizes[control.get("name")] > 1)
        if is_group and not control["in_fieldset"]:
            problems.append(f"{kind} {control.get('name')!r} is not in a fieldset")
    return problems


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<h1>A</h1><h3>B</h3>", "heading jumps from h1 to h3"),
        ("<h2>A</h2>", "expected exactly one h1"),
        ("<h1>A</h1><input name=q>", "input 'q' has no label"),
        ("<h1>A</h1><label for=x>X</label><input type=radio id=x name=r>",
         "radio 'r' is not in a fieldset"),
        ("<h1>A</h1><label>X<input type=checkbox name=c></label>"
         "<label>Y<input type=checkbox name=c></label>", "checkbox 'c' is not in a fieldset"),
    ],
)
def test_the_checker_finds_each_problem(html, problem):
    assert any(problem in found for found in check_page(html))


def test_the_checker_passes_good_markup():
    html = ("<h1>A</h1><h2>B</h2><fieldset><legend>L</legend>"
            "<input type=radio id=a name=r><label for=a>A</label></fieldset><h2>C</h2><h3>D</h3>"
            "<label>Remember me <input type=checkbox name=remember></label>")
    assert check_page(html) == []


@pytest.fixture
def admin_with_history(client, make_user, make_bank, sign_in_as):
    """An admin who has started a practice quiz on every question and finished a test."""
    make_bank()
    sign_in_as(client, make_user(is_admin=True))
    client.post("/banks/demo", data={"mode": "test", "question_count": 2})
    db.session.remove()
    finished = db.session.scalars(select(Attempt)).one()
    client.post(f"/quiz/{finished.id}/finish")
    client.post("/banks/demo", data={"mode": "practice", "question_count": 8})
    db.session.remove()
    return db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()


def test_every_page_is_well_structured(client, admin_with_history):
    attempt = admin_with_history
    paths = ["/", "/banks/demo", "/history/", "/progress/demo", "/admin/",
             "/admin/banks/demo", f"/quiz/{attempt.id - 1}/result", "/account/"]
    paths += [f"/quiz/{attempt.id}/{item.position}" for item in attempt.items]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert check_page(response.get_data(as_text=True)) == [], path


@pytest.mark.parametrize("path", ["/auth/login", "/auth/register", "/", "/banks/demo"])
def test_pages_for_visitors_are_well_structured(client, make_bank, path):
    make_bank()
    assert check_page(client.get(path).get_data(as_text=True)) == []
