"""Date grading: dates as people write them, judged at the precision the question asks."""

import datetime

import pytest

from quizapp.grading import format_answer, grade
from quizapp.grading.dates import PartialDate, Precision, parse_date

SEPT_30 = PartialDate(2015, 9, 30, Precision.DAY)
SEPT = PartialDate(2015, 9, precision=Precision.MONTH)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2015", PartialDate(2015)),
        ("2015-09", SEPT),
        ("2015-9", SEPT),
        ("2015/09", SEPT),
        ("09/2015", SEPT),
        ("September 2015", SEPT),
        ("september 2015", SEPT),
        ("Sept 2015", SEPT),
        ("Sep 2015", SEPT),
        ("sep 2015", SEPT),
        ("Sep. 2015", SEPT),
        ("SEPT. 2015", SEPT),
        ("September, 2015", SEPT),
        ("2015-09-30", SEPT_30),
        ("2015/09/30", SEPT_30),
        ("30 September 2015", SEPT_30),
        ("30 Sept. 2015", SEPT_30),
        ("September 30, 2015", SEPT_30),
        ("Sep 30 2015", SEPT_30),
        ("30th September 2015", SEPT_30),
        ("the 30th of September, 2015", SEPT_30),
        ("September 30th, 2015", SEPT_30),
        ("30/09/2015", SEPT_30),
        ("30.09.2015", SEPT_30),
        ("30-9-2015", SEPT_30),
        ("1 Mar 2016", PartialDate(2016, 3, 1, Precision.DAY)),
        ("May 2016", PartialDate(2016, 5, precision=Precision.MONTH)),
    ],
)
def test_parse_date_reads_common_forms(text, parsed):
    assert parse_date(text) == parsed


@pytest.mark.parametrize(
    "text",
    [
        "",
        "September",
        "30 September",
        "Sep 15",
        "15",
        "2015-13",
        "2015-00",
        "2015-02-30",
        "31 February 2016",
        "0 March 2016",
        "09/30/2015",
        "Se 2015",
        "Septembre 2015",
        "Marchy 2016",
        "March 2016 fish",
        "March 2015 2016",
        "March April 2016",
        "th March 2016",
        "last autumn",
    ],
)
def test_parse_date_refuses_what_it_cannot_read(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("answer", "response", "is_correct"),
    [
        ("2015-09", "September 2015", True),
        ("2015-09", "Sept 2015", True),
        ("2015-09", "2015-09", True),
        ("2015-09", "30 September 2015", True),
        ("2015-09", "1 September 2015", True),
        ("2015-09", "2015", False),
        ("2015-09", "October 2015", False),
        ("2015-09", "September 2016", False),
        ("2015-09", "1 October 2015", False),
        ("2015-09-30", "30 September 2015", True),
        ("2015-09-30", "September 30, 2015", True),
        ("2015-09-30", "30/09/2015", True),
        ("2015-09-30", "September 2015", False),
        ("2015-09-30", "29 September 2015", False),
        ("2015-09-01", "September 2015", False),
        ("2015-01", "2015", False),
        ("2015", "2015", True),
        ("2015", "March 2015", True),
        ("2015", "2016", False),
        (2015, "2015", True),
        (datetime.date(2016, 3, 14), "14 March 2016", True),
        (datetime.date(2016, 3, 14), "March 2016", False),
        ("2015-09", "", False),
        ("2015-09", None, False),
        ("2015-09", ["2015-09"], False),
        ("2015-09", {"month": 9, "year": 2015}, False),
        ("2015-09", 2015, False),
    ],
)
def test_date_more_precise_agreeing_answer_counts(answer, response, is_correct):
    assert grade("date", {"answer": answer}, 1, response).is_correct is is_correct


@pytest.mark.parametrize(
    ("answer", "described"),
    [
        ("2015", "2015"),
        ("2015-09", "September 2015"),
        ("2016-03-14", "14 March 2016"),
        (datetime.date(2016, 3, 1), "1 March 2016"),
    ],
)
def test_format_answer_names_the_month(answer, described):
    assert format_answer("date", {"answer": answer}) == described


def test_unreadable_bank_answer_is_a_clear_error():
    with pytest.raises(ValueError, match="not YYYY, YYYY-MM or YYYY-MM-DD"):
        grade("date", {"answer": "autumn 2015"}, 1, "2015")
