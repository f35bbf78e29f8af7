"""Question banks, their facts and their questions."""

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from typing import Any, NamedTuple

from sqlalchemy import (
    JSON,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    and_,
    bindparam,
    false,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db, read_rows
from quizapp.models.types import UTCDateTime, utcnow


@dataclass(frozen=True)
class BankListing:
    """A bank as the home page lists it: where it lives and its active questions per category."""

    id: int
    slug: str
    title: str
    description: str
    counts: dict[str, int]


def cite(
    publisher: str | None, title: str | None, published: date | None, paragraph: int | None = None
) -> str:
    """Cite a bank's source from its columns, for pages that read them without a `Bank`."""
    parts = [publisher or "the source"]
    if title:
        parts.append(f"“{title}”")
    if published:
        parts.append(f"{published.day} {published:%B %Y}")
    if paragraph:
        parts.append(f"paragraph {paragraph}")
    return ", ".join(parts)


class Bank(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    source_publisher: Mapped[str | None] = mapped_column(String(200))
    source_title: Mapped[str | None] = mapped_column(String(300))
    source_published: Mapped[date | None]
    source_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    facts: Mapped[list["Fact"]] = relationship(
        back_populates="bank", order_by="Fact.position", cascade="all, delete-orphan"
    )
    questions: Mapped[list["Question"]] = relationship(
        back_populates="bank", order_by="Question.position", cascade="all, delete-orphan"
    )

    @classmethod
    def by_slug(cls, slug: str):
        """Select the bank with this slug."""
        return select(cls).where(cls.slug == slug)

    @classmethod
    def listings(cls) -> list[BankListing]:
        """List every bank by title with its question counts, in one query."""
        rows_per_bank = groupby(read_rows(BANK_LISTINGS), key=lambda row: row.id)
        listings = []
        for _, rows in rows_per_bank:
            rows = list(rows)
            counts = {row.category: row.questions for row in rows if row.category is not None}
            first = rows[0]
            listings.append(
                BankListing(first.id, first.slug, first.title, first.description, counts)
            )
        return listings

    def citation(self, paragraph: int | None = None) -> str:
        """Cite the source as every page and export does: publisher, title, date, paragraph."""
        return cite(self.source_publisher, self.source_title, self.source_published, paragraph)

    def category_counts(self) -> dict[str, int]:
        """Count this bank's active questions per category, in one query."""
        rows = db.session.execute(ACTIVE_COUNT_PER_CATEGORY, {"bank_id": self.id})
        return {category: count for category, count in rows}

    @classmethod
    def with_category_counts(cls, slug: str) -> tuple["BankDetails | None", dict[str, int]]:
        """Read the bank with this slug and count its active questions per category, at once.

        Columns rather than a `Bank`: loading the entity cost more than the query.
        """
        rows = read_rows(BANK_WITH_CATEGORY_COUNTS, {"slug": slug}).all()
        if not rows:
            return None, {}
        columns = len(BankDetails._fields)
        details = BankDetails(*rows[0][:columns])
        return details, {row.category: row.questions for row in rows if row.category}


class BankDetails(NamedTuple):
    """A bank as its own page shows it, read as plain columns (a tuple, so it can key a cache)."""

    id: int
    slug: str
    title: str
    description: str
    source_publisher: str | None
    source_published: date | None
    source_url: str | None


class Fact(db.Model):
    __table_args__ = (UniqueConstraint("bank_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(20))
    statement: Mapped[str] = mapped_column(Text)
    paragraph: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)
    is_retired: Mapped[bool] = mapped_column(default=False)

    bank: Mapped[Bank] = relationship(back_populates="facts")
    questions: Mapped[list["Question"]] = relationship(back_populates="fact")


class Question(db.Model):
    __table_args__ = (UniqueConstraint("bank_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    fact_id: Mapped[int | None] = mapped_column(
        ForeignKey("fact.id", ondelete="SET NULL"), index=True
    )
    key: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(20), index=True)
    type: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    points: Mapped[int] = mapped_column(default=1)
    paragraph: Mapped[int | None]
    # Type-specific fields as written in the YAML: choices, answer(s), tolerance, pairs...
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    is_retired: Mapped[bool] = mapped_column(default=False, index=True)
    # Retired by hand on the admin page: an import of its file keeps it retired.
    is_retired_by_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Number of the current QuestionVersion; an edit to a versioned field adds one.
    version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    bank: Mapped[Bank] = relationship(back_populates="questions")
    fact: Mapped[Fact | None] = relationship(back_populates="questions")

    @classmethod
    def counts_by_bank_and_category(cls) -> dict[int, dict[str, int]]:
        """Count active questions per bank and category in one query, to list many banks."""
        rows = db.session.execute(ACTIVE_COUNT_PER_BANK_AND_CATEGORY)
        counts: dict[int, dict[str, int]] = {}
        for bank_id, category, count in rows:
            counts.setdefault(bank_id, {})[category] = count
        return counts

    @property
    def text_format(self) -> str:
        """How prompt, explanation and feedback are written: plain, markdown or html."""
        return self.data.get("format", "plain")

    @property
    def source_paragraph(self) -> int | None:
        """Where the source states this question's answer."""
        if self.paragraph is not None:
            return self.paragraph
        return self.fact.paragraph if self.fact else None


# The home and bank pages count questions on every visit: their statements are built
# once, so each visit only binds its values (building one costs more than running it).
ACTIVE_COUNT_PER_CATEGORY = (
    select(Question.category, func.count())
    .where(Question.bank_id == bindparam("bank_id"), Question.is_retired.is_(False))
    .group_by(Question.category)
)
ACTIVE_COUNT_PER_BANK_AND_CATEGORY = (
    select(Question.bank_id, Question.category, func.count())
    .where(Question.is_retired.is_(False))
    .group_by(Question.bank_id, Question.category)
)
# The bank page's bank with a row per category of its active questions, and the study
# sheet's columns of its active facts in sheet order.
BANK_WITH_CATEGORY_COUNTS = (
    select(
        *(getattr(Bank, name) for name in BankDetails._fields),
        Question.category, func.count(Question.id).label("questions"),
    )
    .outerjoin(Question, and_(Question.bank_id == Bank.id, Question.is_retired.is_(False)))
    .where(Bank.slug == bindparam("slug"))
    .group_by(Bank.id, Question.category)
)
SHEET_FACTS = (
    select(Fact.id, Fact.category, Fact.statement, Fact.paragraph)
    .where(Fact.bank_id == bindparam("bank_id"), Fact.is_retired.is_(False))
    .order_by(Fact.position)
)
# Each bank with one row per category of its active questions (one empty row when none).
BANK_LISTINGS = (
    select(Bank.id, Bank.slug, Bank.title, Bank.description, Question.category,
           func.count(Question.id).label("questions"))
    .outerjoin(Question, and_(Question.bank_id == Bank.id, Question.is_retired.is_(False)))
    .group_by(Bank.id, Bank.slug, Bank.title, Bank.description, Question.category)
    .order_by(Bank.title, Bank.id, Question.category)
)
