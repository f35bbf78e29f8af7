"""`flask bank check|import|export|list`: output and exit codes."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from quizapp.bankfile import importer
from quizapp.extensions import db
from quizapp.models import Bank, Question

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"
FULL = DATA / "full.yaml"
BROKEN = DATA / "invalid" / "answer-not-a-choice.yaml"


def bank_slugs() -> list[str]:
    db.session.remove()
    return list(db.session.scalars(select(Bank.slug).order_by(Bank.slug)))


@pytest.fixture
def banks_dir(tmp_path):
    """A folder holding the minimal and full banks plus a file that is not a bank."""
    shutil.copy(FULL, tmp_path / "b-full.yml")
    shutil.copy(MINIMAL, tmp_path / "a-minimal.yaml")
    (tmp_path / "notes.md").write_text("not a bank")
    return tmp_path


def test_check_prints_ok_for_valid_files(runner):
    result = runner.invoke(args=["bank", "check", str(MINIMAL), str(FULL)])
    assert result.exit_code == 0
    assert result.output == f"ok {MINIMAL}\nok {FULL}\n"


def test_check_reads_a_folders_yaml_files_in_name_order(runner, banks_dir):
    result = runner.invoke(args=["bank", "check", str(banks_dir)])
    assert result.exit_code == 0
    assert result.output == (
        f"ok {banks_dir / 'a-minimal.yaml'}\nok {banks_dir / 'b-full.yml'}\n"
    )


def test_import_reads_a_file_given_twice_once(runner):
    result = runner.invoke(args=["bank", "import", str(MINIMAL), str(MINIMAL)])
    assert result.exit_code == 0
    assert result.output.count(f"ok {MINIMAL}\n") == 1
    assert bank_slugs() == ["minimal"]


def test_check_prints_each_problem_and_fails(runner):
    result = runner.invoke(args=["bank", "check", str(MINIMAL), str(BROKEN)])
    assert result.exit_code == 1
    assert result.output == (
        f"ok {MINIMAL}\n"
        f"{BROKEN}:14:13: questions[0].answer: 'Northby' is not one of the choices\n"
    )


@pytest.mark.parametrize(("options", "exit_code"), [([], 0), (["--strict"], 1)])
def test_check_strict_requires_every_question_explained(runner, options, exit_code):
    unexplained = DATA / "unexplained.yaml"
    result = runner.invoke(args=["bank", "check", *options, str(unexplained)])
    assert result.exit_code == exit_code
    assert ("explanation: required key is missing" in result.output) == bool(options)


def test_check_honours_the_configured_size_limit(app, runner):
    app.config["QUIZAPP_MAX_BANK_BYTES"] = 100
    result = runner.invoke(args=["bank", "check", str(MINIMAL)])
    assert result.exit_code == 1
    assert result.output == f"{MINIMAL}:1:1: the file is over the size limit of 100 bytes\n"


def test_check_refuses_a_folder_without_banks(runner, tmp_path):
    result = runner.invoke(args=["bank", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "holds no .yaml or .yml files" in result.output


def test_import_reports_what_it_added(runner):
    result = runner.invoke(args=["bank", "import", str(MINIMAL)])
    assert result.exit_code == 0
    assert result.output == (
        f"ok {MINIMAL}\n"
        f"{MINIMAL}: bank minimal added\n"
        "  questions: 1 added, 0 updated, 0 retired, 0 restored, 0 unchanged\n"
        "    added: capital\n"
        "  facts: 0 added, 0 updated, 0 retired, 0 restored, 0 unchanged\n"
    )
    assert bank_slugs() == ["minimal"]


def test_import_twice_reports_unchanged(runner, banks_dir):
    runner.invoke(args=["bank", "import", str(banks_dir)])
    result = runner.invoke(args=["bank", "import", str(banks_dir)])
    assert result.exit_code == 0
    assert f"{banks_dir / 'a-minimal.yaml'}: bank minimal unchanged\n" in result.output
    assert f"{banks_dir / 'b-full.yml'}: bank norwick-ferry-strike unchanged\n" in result.output


def test_import_reports_retired_questions(runner, tmp_path):
    runner.invoke(args=["bank", "import", str(FULL)])
    text = FULL.read_text(encoding="utf-8")
    trimmed = tmp_path / "full.yaml"
    trimmed.write_text(text[: text.index("  - id: strike-timeline")], encoding="utf-8")
    result = runner.invoke(args=["bank", "import", str(trimmed)])
    assert result.exit_code == 0
    assert "  questions: 0 added, 0 updated, 1 retired, 0 restored, 10 unchanged\n" in (
        result.output
    )
    assert "    retired: strike-timeline\n" in result.output


def test_import_of_several_files_imports_nothing_when_one_fails(runner):
    result = runner.invoke(args=["bank", "import", str(MINIMAL), str(BROKEN), str(FULL)])
    assert result.exit_code == 1
    assert "nothing imported" in result.output
    assert bank_slugs() == []


def test_import_refuses_two_files_for_the_same_bank(runner, tmp_path):
    shutil.copy(MINIMAL, tmp_path / "copy.yaml")
    result = runner.invoke(args=["bank", "import", str(MINIMAL), str(tmp_path / "copy.yaml")])
    assert result.exit_code == 1
    assert "bank 'minimal' is also defined in" in result.output
    assert bank_slugs() == []


def test_import_failing_half_way_leaves_nothing_of_that_file(runner, monkeypatch):
    real_insert_rows = importer.insert_rows
    calls = []

    def insert_then_fail(session, model, rows):
        real_insert_rows(session, model, rows)
        calls.append(model)
        if len(calls) == 2:  # the bank, its facts and its questions are in the database
            raise OperationalError("INSERT ...", {}, Exception("disk full"))

    monkeypatch.setattr(importer, "insert_rows", insert_then_fail)
    result = runner.invoke(args=["bank", "import", str(FULL)])
    assert result.exit_code == 1
    assert "import failed and nothing from it was saved: disk full" in result.output
    assert [model.__name__ for model in calls] == ["Fact", "Question"]
    assert bank_slugs() == []
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0


def test_export_writes_yaml_to_stdout(runner):
    runner.invoke(args=["bank", "import", str(MINIMAL)])
    result = runner.invoke(args=["bank", "export", "minimal"])
    assert result.exit_code == 0
    assert result.output.startswith("bank: minimal\ntitle: A minimal bank\n")


def test_export_writes_to_a_file_that_checks_clean(runner, tmp_path):
    runner.invoke(args=["bank", "import", str(FULL)])
    output = tmp_path / "exported.yaml"
    result = runner.invoke(args=["bank", "export", "norwick-ferry-strike", "-o", str(output)])
    assert result.exit_code == 0
    assert result.output == f"wrote {output}\n"
    assert runner.invoke(args=["bank", "check", str(output)]).exit_code == 0


def test_export_of_an_unknown_slug_fails_clearly(runner):
    result = runner.invoke(args=["bank", "export", "no-such-bank"])
    assert result.exit_code == 1
    assert "no bank has the slug 'no-such-bank'" in result.output


def test_list_shows_counts_per_category(runner):
    runner.invoke(args=["bank", "import", str(MINIMAL), str(FULL)])
    result = runner.invoke(args=["bank", "list"])
    assert result.exit_code == 0
    assert result.output == (
        "minimal  A minimal bank  (1 question: place 1)\n"
        "norwick-ferry-strike  The Norwick ferry strike  "
        "(11 questions: date 4, official 3, figure 2, place 1, other 1)\n"
    )


def test_list_runs_two_queries_however_many_banks(runner, banks_dir, query_counter):
    runner.invoke(args=["bank", "import", str(banks_dir)])
    with query_counter() as statements:
        result = runner.invoke(args=["bank", "list"])
    assert result.exit_code == 0
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2


def test_list_says_when_there_are_no_banks(runner):
    result = runner.invoke(args=["bank", "list"])
    assert result.exit_code == 0
    assert result.output == "no banks yet; add one with `flask bank import PATH`\n"
