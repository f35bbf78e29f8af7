"""`flask bank export --format gift|anki|csv` and `flask bank import FILE.gift`."""

import zipfile

import pytest
from interop_support import FULL, MOODLE_SAMPLE, store_bank_file
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Bank, Question


def stored_keys(slug: str) -> list[str]:
    db.session.remove()
    bank = db.session.scalar(Bank.by_slug(slug))
    return [question.key for question in bank.questions] if bank else []


def test_export_gift_writes_gift_to_stdout_and_skipped_ids_to_stderr(runner, app):
    store_bank_file(FULL)
    result = runner.invoke(args=["bank", "export", "norwick-ferry-strike", "--format", "gift"])
    assert result.exit_code == 0
    assert result.stdout.startswith("// Moodle GIFT export of a quizapp bank.")
    assert "::union-leader-name:: Who leads the ferry workers' union? {" in result.stdout
    assert result.stderr.splitlines() == [
        f"skipped {key}: GIFT has no {kind} questions"
        for key, kind in (("strike-start-day", "date"), ("strike-start-year", "date"),
                          ("strike-start-month", "date"), ("strike-timeline", "ordering"))
    ]


def test_export_csv_writes_a_row_per_question_to_stdout(runner, app):
    store_bank_file(FULL)
    result = runner.invoke(args=["bank", "export", "norwick-ferry-strike", "-f", "csv"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == ("\ufeffid,category,type,prompt,answer,wrong_choices,accepted_answers,"
                        "feedback,explanation,points,fact,paragraph,retired")
    assert len(lines) == 1 + 11


@pytest.mark.parametrize(("file_format", "name", "starts_with"), [
    ("gift", "bank.gift", b"// Moodle GIFT"),
    ("csv", "bank.csv", b"\xef\xbb\xbfid,category"),
    ("yaml", "bank.yaml", b"bank: norwick-ferry-strike"),
    ("anki", "bank.apkg", b"PK"),
])
def test_export_writes_each_format_to_a_file(runner, app, tmp_path, file_format, name,
                                             starts_with):
    store_bank_file(FULL)
    output = tmp_path / name
    result = runner.invoke(
        args=["bank", "export", "norwick-ferry-strike", "-f", file_format, "-o", str(output)]
    )
    assert result.exit_code == 0
    assert result.stdout == f"wrote {output}\n"
    assert output.read_bytes().startswith(starts_with)


def test_export_anki_writes_a_package_with_the_collection(runner, app, tmp_path):
    store_bank_file(FULL)
    output = tmp_path / "deck.apkg"
    runner.invoke(args=["bank", "export", "norwick-ferry-strike", "-f", "anki", "-o", str(output)])
    assert "collection.anki2" in zipfile.ZipFile(output).namelist()


def test_export_anki_refuses_to_write_to_the_terminal(runner, app):
    store_bank_file(FULL)
    result = runner.invoke(args=["bank", "export", "norwick-ferry-strike", "-f", "anki"])
    assert result.exit_code == 2
    assert "Anki deck (.apkg) is a binary file: give -o FILE.apkg" in result.output


def test_export_refuses_an_unknown_format(runner, app):
    result = runner.invoke(args=["bank", "export", "demo", "-f", "xlsx"])
    assert result.exit_code == 2
    assert "'xlsx' is not one of 'yaml', 'gift', 'anki', 'csv'" in result.output


def test_import_gift_validates_notes_and_imports_through_the_same_report(runner, app):
    result = runner.invoke(args=["bank", "import", str(MOODLE_SAMPLE), "--slug", "norwick",
                                 "--title", "Norwick ferries"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"ok {MOODLE_SAMPLE}"
    assert f"{MOODLE_SAMPLE}: bank norwick added" in lines
    assert "  questions: 8 added, 0 updated, 0 retired, 0 restored, 0 unchanged" in lines
    assert stored_keys("norwick")[:2] == ["home-port", "island-towns"]
    assert db.session.scalar(Bank.by_slug("norwick")).title == "Norwick ferries"


def test_reimporting_an_exported_gift_file_changes_nothing_gift_carries(runner, app, tmp_path):
    store_bank_file(FULL)
    gift = tmp_path / "norwick.gift"
    runner.invoke(args=["bank", "export", "norwick-ferry-strike", "-f", "gift", "-o", str(gift)])
    before = {q.key: (q.prompt, q.data, q.explanation, q.category, q.points)
              for q in db.session.scalars(select(Question))}
    result = runner.invoke(args=["bank", "import", str(gift), "--slug", "norwick-copy"])
    assert result.exit_code == 0
    db.session.remove()
    copy = db.session.scalar(Bank.by_slug("norwick-copy"))
    assert {q.key: (q.prompt, q.data, q.explanation, q.category, q.points)
            for q in copy.questions} == {
        key: values for key, values in before.items()
        if key not in {"strike-start-day", "strike-start-year", "strike-start-month",
                       "strike-timeline"}
    }


def test_gift_over_an_existing_bank_will_not_retire_what_gift_cannot_carry(
    runner, app, tmp_path
):
    store_bank_file(FULL)
    gift = tmp_path / "norwick.gift"
    runner.invoke(args=["bank", "export", "norwick-ferry-strike", "-f", "gift", "-o", str(gift)])
    result = runner.invoke(args=["bank", "import", str(gift)])
    assert result.exit_code == 1
    assert "would retire 4 question(s)" in result.stderr
    assert "nothing imported" in result.stderr
    db.session.remove()
    assert not any(q.is_retired for q in db.session.scalars(select(Question)))


def test_retire_missing_lets_a_gift_file_retire_them(runner, app, tmp_path):
    store_bank_file(FULL)
    gift = tmp_path / "norwick.gift"
    runner.invoke(args=["bank", "export", "norwick-ferry-strike", "-f", "gift", "-o", str(gift)])
    result = runner.invoke(args=["bank", "import", str(gift), "--retire-missing"])
    assert result.exit_code == 0
    db.session.remove()
    retired = {q.key for q in db.session.scalars(select(Question)) if q.is_retired}
    assert retired == {"strike-start-day", "strike-start-year", "strike-start-month",
                       "strike-timeline"}


def test_malformed_gift_imports_nothing(runner, app, tmp_path):
    broken = tmp_path / "broken.gift"
    broken.write_text(MOODLE_SAMPLE.read_text() + "\n::bad:: Unclosed {=a ~b\n")
    result = runner.invoke(args=["bank", "import", str(broken)])
    assert result.exit_code == 1
    assert result.stdout == f"{broken}:61:18: {{ opens answers that no }} closes\n"
    assert "nothing imported" in result.stderr
    assert db.session.scalars(select(Bank)).all() == []


def test_check_accepts_a_gift_file(runner, app):
    result = runner.invoke(args=["bank", "check", str(MOODLE_SAMPLE)])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"ok {MOODLE_SAMPLE}\n")
    assert db.session.scalars(select(Bank)).all() == []


@pytest.mark.parametrize("names", [["bank.yaml"], ["one.gift", "two.gift"]])
def test_slug_and_title_options_need_a_single_gift_file(runner, app, tmp_path, names):
    for name in names:
        source = MOODLE_SAMPLE if name.endswith(".gift") else FULL
        (tmp_path / name).write_bytes(source.read_bytes())
    paths = [str(tmp_path / name) for name in names]
    result = runner.invoke(args=["bank", "import", *paths, "--slug", "one"])
    assert result.exit_code == 2
    assert "--slug, --title and --source-* name the bank of a single .gift file" in result.output


def test_import_of_a_gift_file_from_moodle_takes_its_source_from_options(runner, app):
    moodle_docs = MOODLE_SAMPLE.parent / "moodle-docs.gift"
    result = runner.invoke(args=[
        "bank", "import", str(moodle_docs), "--title", "Grant's tomb",
        "--source-publisher", "Moodle", "--source-title", "GIFT format",
        "--source-published", "2024-05-01", "--source-url", "https://docs.moodle.org/en/GIFT",
    ])
    assert result.exit_code == 0, result.output
    assert "does not name its source" not in result.output
    assert "  questions: 27 added, 0 updated, 0 retired, 0 restored, 0 unchanged" in result.output
    db.session.remove()
    bank = db.session.scalar(Bank.by_slug("moodle-docs"))
    assert (bank.title, bank.source_publisher, bank.source_title, str(bank.source_published),
            bank.source_url) == ("Grant's tomb", "Moodle", "GIFT format", "2024-05-01",
                                 "https://docs.moodle.org/en/GIFT")


def test_check_of_a_gift_file_without_a_source_notes_it_and_passes(runner, app):
    moodle_docs = MOODLE_SAMPLE.parent / "moodle-docs.gift"
    result = runner.invoke(args=["bank", "check", str(moodle_docs)])
    assert result.exit_code == 0
    assert "the file does not name its source" in result.output
