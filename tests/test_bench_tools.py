"""The benchmark harness's pure helpers: wrk's report, the round ratios, forms, banks.

Nothing here times anything; the harness itself (`make bench`) does that.
"""

import pytest
import yaml

from bench.bankgen import bank_text, bank_under
from bench.client import parse_forms
from bench.wrk import WrkResult, median_ratio, parse_wrk_output

WRK_REPORT = """\
Running 5s test @ http://127.0.0.1:8000/history/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    85.27ms   12.40ms 220.11ms   78.02%
    Req/Sec    93.50     15.22   130.00     70.00%
  Latency Distribution
     50%   {p50}
     75%   90.10ms
     90%   99.40ms
     99%   {p99}
  936 requests in 5.01s, 9.87MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    186.83
Transfer/sec:      1.97MB
"""


@pytest.mark.parametrize(
    ("p50", "p99", "p50_ms", "p99_ms"),
    [("850.00us", "1.20ms", 0.85, 1.2), ("83.91ms", "1.50s", 83.91, 1500.0),
     ("2.00s", "1.00m", 2000.0, 60_000.0)],
)
def test_parse_wrk_output_reads_rate_percentiles_and_failures(p50, p99, p50_ms, p99_ms):
    result = parse_wrk_output(WRK_REPORT.format(p50=p50, p99=p99))
    assert result == WrkResult(rps=186.83, p50_ms=pytest.approx(p50_ms),
                               p99_ms=pytest.approx(p99_ms), requests=936, failed=7)


def test_parse_wrk_output_refuses_text_that_is_no_report():
    with pytest.raises(ValueError, match="not a wrk report"):
        parse_wrk_output("unable to connect to 127.0.0.1:8000 Connection refused")


def test_median_ratio_pairs_rounds_rather_than_dividing_medians():
    # A slow third round for bare Flask would drag a ratio of medians up to 0.2.
    assert median_ratio([10, 20, 30], [100, 100, 1000]) == pytest.approx(0.1)


def test_median_ratio_needs_as_many_bare_rounds_as_quizapp_rounds():
    with pytest.raises(ValueError):
        median_ratio([10, 20], [100])


ANSWER_PAGE = """
<form method="post" action="/quiz/3/1" class="answer-form">
  <input id="csrf_token" name="csrf_token" type="hidden" value="tok.en">
  <input name="answer" type="radio" value="Moscow"> <input name="answer" type="radio" value="Kyiv">
  <input name="picked" type="checkbox" value="a"><input name="picked" type="checkbox" value="b">
  <select name="row_0"><option value="">Choose a match</option><option value="x">X</option></select>
  <select name="row_1"><option value="1">1</option><option selected value="2">2</option></select>
  <input name="year" type="text" inputmode="numeric" value="">
  <input name="figure" type="text" inputmode="decimal" value="">
  <input name="day" type="date" value="">
  <input name="name" type="text" value="">
  <input name="submit" type="submit" value="Submit answer">
  <input name="skip" type="submit" value="Skip this question">
</form>
<form method="post" action="/quiz/3/finish"><input name="csrf_token" type="hidden"></form>
"""


def test_filled_form_answers_every_field_and_presses_one_button():
    answer, finish = parse_forms(ANSWER_PAGE)
    assert (answer.action, finish.action) == ("/quiz/3/1", "/quiz/3/finish")
    assert sorted(answer.filled("submit", name="Putin", picked=None)) == sorted([
        ("csrf_token", "tok.en"), ("answer", "Moscow"), ("row_0", "x"), ("row_1", "2"),
        ("year", "2016"), ("figure", "1"), ("day", "2016-03-15"), ("name", "Putin"),
        ("submit", "Submit answer"),
    ])


def test_generated_bank_has_every_question_with_unique_ids():
    bank = yaml.safe_load(bank_text("generated-test", 80))
    ids = [question["id"] for question in bank["questions"]]
    assert len(ids) == len(set(ids)) == 80
    assert {question["type"] for question in bank["questions"]} == {
        "single", "multiple", "true_false", "numeric", "date", "text", "matching", "ordering"}
    assert {question["fact"] for question in bank["questions"]} <= {
        fact["id"] for fact in bank["facts"]}


def test_bank_under_stays_within_the_size_but_close_to_it():
    size = len(bank_under("generated-test", 50_000).encode())
    assert 49_000 <= size <= 50_000
