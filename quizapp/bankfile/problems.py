"""Problems found in a bank file, located by line and column for the author."""

from dataclasses import dataclass

# Past this many, more problems only bury the first ones and cost time to explain.
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    field_path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        if self.field_path:
            return f"{where}: {self.field_path}: {self.message}"
        return f"{where}: {self.message}"


class BankFileError(Exception):
    """Carry the first problems that keep a bank file from loading, and count the rest."""

    def __init__(self, problems: list[Problem], omitted: int = 0):
        self.problems = problems[:MAX_PROBLEMS]
        self.omitted = omitted + max(0, len(problems) - MAX_PROBLEMS)
        lines = [str(problem) for problem in self.problems]
        if self.more_problems:
            lines.append(self.more_problems)
        super().__init__("\n".join(lines))

    @property
    def more_problems(self) -> str | None:
        """Say how many problems are left out, if any: '... and 2,345 more problems'."""
        if not self.omitted:
            return None
        return f"... and {self.omitted:,} more problem{'s' if self.omitted != 1 else ''}"
