"""The study sheet: a bank's facts grouped by category, the timeline in date order.

Takes the facts and the learner's mastery of them and returns what the page
shows; it reads nothing itself.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from quizapp.study.fact_dates import timeline_order
from quizapp.study.mastery import FactMasteries
from quizapp.vocabulary import Category, Mastery


class SheetFact(NamedTuple):
    """A fact as the sheet shows it: a plain tuple, which templates read fastest."""

    id: int
    category: str
    statement: str
    paragraph: int | None


@dataclass(frozen=True)
class SheetSection:
    """One category's facts under its heading."""

    category: str
    title: str
    facts: tuple[SheetFact, ...]


SECTION_TITLES = {
    Category.DATE: "Timeline",
    Category.OFFICIAL: "Who's who",
    Category.FIGURE: "Figures",
    Category.PLACE: "Places",
    Category.OTHER: "Other facts",
}


def study_sheet(
    facts: Iterable[SheetFact], mastery: FactMasteries | None, only_unknown: bool = False
) -> list[SheetSection]:
    """Group facts (given in sheet order) into sections; the timeline goes by stated date.

    With `only_unknown`, facts the learner already knows are left out.
    """
    grouped: dict[str, list[SheetFact]] = {category.value: [] for category in SECTION_TITLES}
    for fact in facts:
        if only_unknown and mastery is not None and mastery.of(fact.id) == Mastery.KNOWN:
            continue
        grouped.setdefault(fact.category, []).append(fact)
    timeline = grouped[Category.DATE.value]
    grouped[Category.DATE.value] = [
        timeline[index] for index in timeline_order([fact.statement for fact in timeline])
    ]
    return [
        SheetSection(category, SECTION_TITLES.get(category, category.capitalize()), tuple(facts))
        for category, facts in grouped.items()
        if facts
    ]
