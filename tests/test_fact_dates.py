"""Dates stated in fact text: found with the precision given, ordered on the calendar."""

import pytest

from quizapp.study.fact_dates import StatedDate, stated_date, timeline_order


@pytest.mark.parametrize(
    ("text", "expected", "written"),
    [
        ("The announcement came on Monday, 14 March 2016.", (2016, 3, 14), "Monday, 14 March 2016"),
        ("Aircraft left on the morning of Tuesday 15 March 2016.", (2016, 3, 15),
         "Tuesday 15 March 2016"),
        ("Islamic State seized Palmyra in May 2015.", (2015, 5, 0), "May 2015"),
        ("It was published in December (December 2015; only the month).", (2015, 12, 0),
         "December 2015"),
        ("Signed on March 4, 2016 in Geneva.", (2016, 3, 4), "March 4, 2016"),
        ("Recorded as 2016-03-14 in the log.", (2016, 3, 14), "2016-03-14"),
        ("No such day as 31 February 2016.", (2016, 2, 0), "February 2016"),
    ],
)
def test_stated_date_keeps_the_precision_the_text_gives(text, expected, written):
    date = stated_date(text)
    assert (date.year, date.month, date.day) == expected
    assert text[slice(*date.span)] == written


@pytest.mark.parametrize("text", ["The war lasted five years.", "In 2016 troops left.", ""])
def test_text_without_a_month_and_year_states_no_date(text):
    assert stated_date(text) is None


def test_a_month_alone_sorts_before_its_days():
    assert StatedDate(2016, 3) < StatedDate(2016, 3, 1) < StatedDate(2016, 4)


def test_timeline_order_is_by_date_with_undated_facts_last_as_given():
    statements = [
        "Pull-out began on 15 March 2016.",
        "No date here.",
        "The campaign began in September 2015.",
        "Another undated fact.",
        "Putin announced it on 14 March 2016.",
    ]
    assert timeline_order(statements) == [2, 4, 0, 1, 3]
