"""`flask bank ...`: check, import, export and list question banks."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from quizapp.bank.exporter import export_bank
from quizapp.bank.importer import Change, ImportReport, KeyChanges, import_bank
from quizapp.bank.loader import load_bank_file
from quizapp.bank.problems import BankFileError
from quizapp.bank.schema import BankSpec
from quizapp.extensions import db
from quizapp.models import Bank, Category, Question

bank_cli = AppGroup("bank", help="Check, import, export and list question banks.")
BANK_SUFFIXES = (".yaml", ".yml")
PATHS = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)


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


def validate(files: list[Path]) -> dict[Path, BankSpec]:
    """Load every file, printing `ok FILE` or its problems; return the specs that loaded."""
    max_bytes = current_app.config["QUIZAPP_MAX_BANK_BYTES"]
    specs = {}
    for file in files:
        try:
            specs[file] = load_bank_file(file, max_bytes)
        except BankFileError as error:
            for problem in error.problems:
                click.echo(str(problem))
        else:
            click.echo(f"ok {file}")
    return specs


@bank_cli.command("check")
@PATHS
def check_command(paths: tuple[Path, ...]) -> None:
    """Validate bank files or folders of them without changing anything."""
    files = bank_files(paths)
    if len(validate(files)) < len(files):
        raise SystemExit(1)


@bank_cli.command("import")
@PATHS
def import_command(paths: tuple[Path, ...]) -> None:
    """Validate the files, then import each bank in one transaction.

    If any file has a problem, nothing is imported. Questions missing from a
    file are retired, never deleted; re-importing an unchanged file changes nothing.
    """
    files = bank_files(paths)
    specs = validate(files)
    if len(specs) < len(files):
        click.echo("nothing imported: fix the problems above first", err=True)
        raise SystemExit(1)
    reject_shared_slugs(specs)
    for file, spec in specs.items():
        try:
            report = import_bank(spec, db.session)
            db.session.commit()
        except SQLAlchemyError as error:
            db.session.rollback()
            reason = getattr(error, "orig", None) or error
            raise click.ClickException(
                f"{file}: import failed and nothing from it was saved: {reason}"
            ) from error
        click.echo(f"{file}: {describe_report(report)}")


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
    if report.is_unchanged:
        return f"bank {report.bank} unchanged"
    lines = [f"bank {report.bank} {report.bank_change}"]
    for label, changes in (("questions", report.questions), ("facts", report.facts)):
        lines.append(f"  {label}: " + ", ".join(
            f"{len(getattr(changes, change))} {change}" for change in Change
        ))
        lines += changed_keys(changes)
    return "\n".join(lines)


def changed_keys(changes: KeyChanges) -> list[str]:
    return [
        f"    {change}: {', '.join(getattr(changes, change))}"
        for change in Change
        if change != Change.UNCHANGED and getattr(changes, change)
    ]


@bank_cli.command("export")
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def export_command(slug: str, output: Path | None) -> None:
    """Write the bank SLUG back as YAML in the bank file format."""
    bank = db.session.scalar(Bank.by_slug(slug))
    if bank is None:
        raise click.ClickException(f"no bank has the slug {slug!r}; `flask bank list` shows them")
    text = export_bank(bank)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}")


@bank_cli.command("list")
def list_command() -> None:
    """List the banks with their active question counts per category."""
    banks = db.session.scalars(select(Bank).order_by(Bank.slug)).all()
    if not banks:
        click.echo("no banks yet; add one with `flask bank import PATH`")
        return
    counts: dict[int, dict[str, int]] = {}
    for bank_id, category, count in db.session.execute(Question.counts_by_bank_and_category()):
        counts.setdefault(bank_id, {})[category] = count
    for bank in banks:
        per_category = counts.get(bank.id, {})
        breakdown = ", ".join(
            f"{name} {per_category[name]}" for name in Category if name in per_category
        )
        total = sum(per_category.values())
        noun = "question" if total == 1 else "questions"
        click.echo(f"{bank.slug}  {bank.title}  ({total} {noun}: {breakdown or 'none'})")
