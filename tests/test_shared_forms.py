"""Fields shared by several forms: a required select that HTML lets stay valid."""

from quizapp.progress.forms import TimeZoneForm
from quizapp.quiz.forms import answer_form_for

ORDERING = {"items": ["First", "Second", "Third"]}


def test_ordering_selects_carry_no_required_attribute_but_still_require_a_value(app):
    with app.test_request_context(method="POST", data={"row_0": "1", "row_1": "2"}):
        form = answer_form_for("ordering", ORDERING, ORDERING)
        assert "required" not in str(form.row_0)
        assert not form.validate()
        assert form.row_2.errors


def test_time_zone_select_requires_a_zone_without_the_html_attribute(app):
    with app.test_request_context(method="POST", data={}):
        form = TimeZoneForm()
        assert "required" not in str(form.time_zone)
        assert not form.validate()
        assert form.time_zone.errors == ["Choose a time zone."]
