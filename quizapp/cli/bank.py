"""`flask bank ...`: check, import, export and list banks; re-grade lives in cli.regrade."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from quizapp.bankfile.import_report import Change, ImportReport, KeyChanges
from quizapp.bankfile.importer import import_bank, plan_import
from quizapp.bankfile.loader import load_bank_file
from quizapp.bankfile.problems import BankFileError, Problem
from quizapp.bankfile.schema import BankSpec
from quizapp.cli.recount import recount_command
from quizapp.cli.regrade import regrade_command
from quizapp.extensions import db
from quizapp.interop.formats import EXPORT_FORMATS
from quizapp.interop.gift_import import load_gift_file
from quizapp.interop.loading import select_bank_for_export
from quizapp.models import Bank, Question
from quizapp.vocabulary import Category

bank_cli = AppGroup("bank", help="Check, import, export, list and re-grade question banks.")
bank_cli.add_command(regrade_command)
bank_cli.add_command(recount_command)
BANK_SUFFIXES = (".yaml", ".yml")
GIFT_SUFFIX = ".gift"
PATHS = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
GIFT_SLUG = click.option("--slug", help="Slug of the bank a .gift file fills (default: "
                         "its `// bank:` comment, else its file name).")
GIFT_TITLE = click.option("--title", help="Title of the bank a .gift file fills (default: "
                          "its `// bank-title:` comment, else its file name).")
SOURCE_FIELDS = ("publisher", "title", "published", "url")


def gift_source_options(command):
    """Add --source-publisher, --source-title, --source-published and --source-url."""
    for field in reversed(SOURCE_FIELDS):
        command = click.option(
            f"--source-{field}", f"source_{field}",
            help=f"The source's {field} for the bank a .gift file fills (default: its "
            f"`// source-{field}:` comment; GIFT straight from Moodle names none)."
            + (" Write it YYYY-MM-DD." if field == "published" else ""),
        )(command)
    return command


def gift_source(options: dict[str, str | None]) -> dict[str, str]:
    """Collect the --source-* options given, by source field."""
    return {field: options[f"source_{field}"] for field in SOURCE_FIELDS
            if options.get(f"source_{field}")}


def bank_files(paths: tuple[Path, ...]) -> list[Path]:
    """Expand folders into their bank files, sorted by name; keep files as given, once each."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in BANK_SUFFIXES)
            if not found:
                raise click.ClickException(f"{path} holds no .yaml or .yml files")
            files += found
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def validate(files: list[Path], slug: str | None = None, title: str | None = None,
             *, source: dict[str, str] | None = None,
             strict: bool = False) -> dict[Path, BankSpec]:
    """Load every file, printing `ok FILE` or its problems; return the specs that loaded."""
    check_gift_options(files, slug, title, source or {})
    max_bytes = current_app.config["QUIZAPP_MAX_BANK_BYTES"]
    specs = {}
    for file in files:
        try:
            specs[file], notes = load_any(file, max_bytes, slug, title, source, strict)
        except BankFileError as error:
            click.echo(str(error))
        else:
            click.echo(f"ok {file}")
            for note in notes:
                click.echo(f"  note: {note}")
    return specs


def load_any(file: Path, max_bytes: int, slug: str | None, title: str | None,
             source: dict[str, str] | None = None,
             strict: bool = False) -> tuple[BankSpec, tuple[Problem, ...]]:
    """Load a YAML bank file, or a GIFT file by its .gift suffix with notes on what it dropped."""
    if file.suffix != GIFT_SUFFIX:
        return load_bank_file(file, max_bytes, strict=strict), ()
    loaded = load_gift_file(file, max_bytes, slug=slug, title=title, source=source)
    return loaded.spec, loaded.notes


def check_gift_options(files: list[Path], slug: str | None, title: str | None,
                       source: dict[str, str]) -> None:
    """Refuse --slug, --title or --source-* unless exactly one .gift file is given."""
    if slug is None and title is None and not source:
        return
    if sum(file.suffix == GIFT_SUFFIX for file in files) != 1:
        raise click.UsageError("--slug, --title and --source-* name the bank of a single "
                               ".gift file")


@bank_cli.command("check")
@PATHS
@GIFT_SLUG
@GIFT_TITLE
@gift_source_options
@click.option("--strict", is_flag=True,
              help="Also require what a published YAML bank needs: an explanation for "
              "every question.")
def check_command(paths: tuple[Path, ...], slug: str | None, title: str | None,
                  strict: bool, **source: str | None) -> None:
    """Validate bank files (YAML, or Moodle GIFT named *.gift) or folders of YAML files."""
    files = bank_files(paths)
    if len(validate(files, slug, title, source=gift_source(source), strict=strict)) < len(files):
        raise SystemExit(1)


@bank_cli.command("import")
@PATHS
@GIFT_SLUG
@GIFT_TITLE
@gift_source_options
@click.option("--retire-missing", is_flag=True,
              help="Let a .gift file retire the questions and facts of an existing bank "
              "that GIFT cannot carry (date and ordering questions, every fact).")
@click.option("--restore-retired", is_flag=True,
              help="Bring back questions an admin retired by hand; without it they stay "
              "retired and are reported as kept retired by an admin.")
def import_command(paths: tuple[Path, ...], slug: str | None, title: str | None,
                   retire_missing: bool, restore_retired: bool, **source: str | None) -> None:
    """Validate the files, then import each bank in one transaction.

    Files are YAML bank files, or Moodle GIFT files named *.gift (see
    questions/README.md for what GIFT carries). If any file has a problem,
    nothing is imported. Questions missing from a file are retired, never
    deleted; re-importing an unchanged file changes nothing.
    """
    files = bank_files(paths)
    specs = validate(files, slug, title, source=gift_source(source))
    if len(specs) < len(files):
        click.echo("nothing imported: fix the problems above first", err=True)
        raise SystemExit(1)
    reject_shared_slugs(specs)
    if not retire_missing:
        refuse_gift_retirements(specs)
    for file, spec in specs.items():
        try:
            report = import_bank(spec, db.session, restore_retired)
            db.session.commit()
        except SQLAlchemyError as error:
            db.session.rollback()
            reason = getattr(error, "orig", None) or error
            raise click.ClickException(
                f"{file}: import failed and nothing from it was saved: {reason}"
            ) from error
        click.echo(f"{file}: {describe_report(report)}")


def refuse_gift_retirements(specs: dict[Path, BankSpec]) -> None:
    """Refuse a GIFT file that would retire what an existing bank has and GIFT cannot carry.

    A YAML file is the whole bank, so what it leaves out is meant to go; a GIFT
    file cannot hold facts or date and ordering questions, so their absence says
    nothing about the author's intent.
    """
    for file, spec in specs.items():
        if file.suffix != GIFT_SUFFIX:
            continue
        plan = plan_import(spec, db.session)
        retired = [*plan.questions.retired, *plan.facts.retired]
        if retired:
            raise click.ClickException(
                f"{file}: importing over bank {spec.bank!r} would retire "
                f"{len(plan.questions.retired)} question(s) and {len(plan.facts.retired)} "
                f"fact(s) that GIFT cannot carry ({', '.join(retired[:5])}"
                f"{', ...' if len(retired) > 5 else ''}); nothing imported. Import it as a "
                "new bank with --slug, or pass --retire-missing to retire them."
            )


def reject_shared_slugs(specs: dict[Path, BankSpec]) -> None:
    """Refuse two files that claim the same bank, since one would overwrite the other."""
    first_file: dict[str, Path] = {}
    for file, spec in specs.items():
        if spec.bank in first_file:
            raise click.ClickException(
                f"{file}: bank {spec.bank!r} is also defined in {first_file[spec.bank]}; "
                "nothing imported"
            )
        first_file[spec.bank] = file


def describe_report(report: ImportReport) -> str:
    """Summarise an import: counts for facts and questions, then the ids that changed."""
    kept = changed_keys(report.questions, only=Change.KEPT_RETIRED)
    if report.is_unchanged:
        return "\n".join([f"bank {report.bank} unchanged", *kept])
    lines = [f"bank {report.bank} {report.change}"]
    for label, changes in (("questions", report.questions), ("facts", report.facts)):
        lines.append(f"  {label}: " + ", ".join(
            f"{len(getattr(changes, change))} {change.label}"
            for change in Change
            if change != Change.KEPT_RETIRED or getattr(changes, change)
        ))
        lines += changed_keys(changes)
    return "\n".join(lines)


def changed_keys(changes: KeyChanges, only: Change | None = None) -> list[str]:
    """List the ids of each change but "unchanged", one line per change."""
    return [
        f"    {change.label}: {', '.join(getattr(changes, change))}"
        for change in Change
        if change != Change.UNCHANGED and getattr(changes, change) and only in (None, change)
    ]


@bank_cli.command("export")
@click.argument("slug")
@click.option("-f", "--format", "file_format", type=click.Choice(list(EXPORT_FORMATS)),
              default="yaml", show_default=True,
              help="yaml: the bank file format; gift: Moodle GIFT (date and ordering "
              "questions are skipped and listed); anki: an Anki .apkg deck (needs -o); "
              "csv: one row per question, retired ones included.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def export_command(slug: str, file_format: str, output: Path | None) -> None:
    """Write the bank SLUG as YAML, Moodle GIFT, an Anki deck or CSV."""
    export = EXPORT_FORMATS[file_format]
    if export.is_binary and output is None:
        raise click.UsageError(f"{export.label} is a binary file: give -o FILE.{export.extension}")
    bank = db.session.scalar(select_bank_for_export(slug))
    if bank is None:
        raise click.ClickException(f"no bank has the slug {slug!r}; `flask bank list` shows them")
    exported = export.render(bank)
    for skipped in exported.skipped:
        click.echo(f"skipped {skipped.id}: {skipped.reason}", err=True)
    if output is None:
        click.echo(exported.content.decode("utf-8"), nl=False)
        return
    output.write_bytes(exported.content)
    click.echo(f"wrote {output}")


@bank_cli.command("list")
def list_command() -> None:
    """List the banks with their active question counts per category."""
    banks = db.session.scalars(select(Bank).order_by(Bank.slug)).all()
    if not banks:
        click.echo("no banks yet; add one with `flask bank import PATH`")
        return
    counts = Question.counts_by_bank_and_category()
    for bank in banks:
        per_category = counts.get(bank.id, {})
        breakdown = ", ".join(
            f"{name} {per_category[name]}" for name in Category if name in per_category
        )
        total = sum(per_category.values())
        noun = "question" if total == 1 else "questions"
        click.echo(f"{bank.slug}  {bank.title}  ({total} {noun}: {breakdown or 'none'})")
