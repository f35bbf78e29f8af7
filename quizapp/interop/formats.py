"""The formats a bank can be exported to, shared by `flask bank export` and the admin pages."""

from collections.abc import Callable
from dataclasses import dataclass

from quizapp.bankfile.exporter import export_bank
from quizapp.interop.anki import anki_package
from quizapp.interop.gift_export import SkippedQuestion, export_gift
from quizapp.interop.spreadsheet import export_csv
from quizapp.models import Bank


@dataclass(frozen=True)
class Exported:
    """A rendered export and the questions the format could not carry."""

    content: bytes
    skipped: tuple[SkippedQuestion, ...] = ()


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    media_type: str
    is_binary: bool
    label: str
    render: Callable[[Bank], Exported]

    def filename(self, bank: Bank) -> str:
        return f"{bank.slug}.{self.extension}"


def _text(render: Callable[[Bank], str], encoding: str = "utf-8") -> Callable[[Bank], Exported]:
    return lambda bank: Exported(render(bank).encode(encoding))


def _gift(bank: Bank) -> Exported:
    exported = export_gift(bank)
    return Exported(exported.text.encode("utf-8"), exported.skipped)


EXPORT_FORMATS = {
    export.name: export
    for export in (
        ExportFormat("yaml", "yaml", "application/yaml; charset=utf-8", False,
                     "YAML bank file (the format uploads use)", _text(export_bank)),
        ExportFormat("gift", "gift", "text/plain; charset=utf-8", False,
                     "Moodle GIFT (date and ordering questions are left out)", _gift),
        ExportFormat("anki", "apkg", "application/octet-stream", True,
                     "Anki deck (.apkg)", lambda bank: Exported(anki_package(bank))),
        ExportFormat("csv", "csv", "text/csv; charset=utf-8", False,
                     "CSV spreadsheet, one row per question",
                     # The byte order mark tells spreadsheet programs the file is UTF-8.
                     _text(export_csv, "utf-8-sig")),
    )
}
