"""Which value applies: the region, then each region above it, then the national level.

One chain for every kind of regional value. ``RegionalQuerySet.along(region)`` fetches
the rows of the chain in one query; ``levels`` and ``first_level`` pick the first level
that has any. ``RuleBook`` holds rule values already in memory, for pages that resolve
many regions at once (compare, region pages); single lookups use it too, so both paths
are the same code.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from django.db.models import Q, QuerySet

from ops import generation
from policies.methods import METHODS
from policies.models import (
    AccountRule,
    AveragePension,
    ContributionBaseLimit,
    CriticalIllnessRule,
    LapseRule,
    ReformDate,
    Region,
    RegionNote,
)
from policies.plain import base_limits as plain_limits
from policies.plain import rule_value
from policies.terms import NATIONAL, Category, Pool, Situation
from policies.values import BaseLimits, History, Resolved, RuleValue


class HasRegion(Protocol):
    region_id: int | None


Row = TypeVar("Row", bound=HasRegion)


def levels(region: Region | None) -> list[Region | None]:
    """The chain a lookup walks: the region, each region above it, then national (None)."""
    return [*(region.lookup_chain() if region else []), None]


def index_by_level(rows: Iterable[Row]) -> dict[int | None, list[Row]]:
    """Rows grouped by their region id (None for national), in the order given."""
    index: dict[int | None, list[Row]] = defaultdict(list)
    for row in rows:
        index[row.region_id].append(row)
    return index


def first_level(
    region: Region | None, index: dict[int | None, list[Row]]
) -> tuple[Region | None, list[Row]]:
    """The first level of the chain that has rows, and its rows ((None, []) if none)."""
    for level in levels(region):
        rows = index.get(level.pk if level else None)
        if rows:
            return level, rows
    return None, []


@dataclass
class Resolution:
    """The outcome of a rule lookup: which level decided and what is in force."""

    level: Region | None
    current: AccountRule | None
    later: list[AccountRule] = field(default_factory=list)
    first: AccountRule | None = None
    # The sub-groups the deciding level distinguishes (asked only where there are some).
    subgroups: list[str] = field(default_factory=list)
    # Every value of the deciding level that applies (pool and sub-group chosen), and
    # the sub-group they are for.
    rows: list[AccountRule] = field(default_factory=list)
    chosen: str = ""

    @property
    def found_any(self) -> bool:
        return self.first is not None


def resolve_in(
    chain: Sequence[Region | None],
    values_of: Callable[[Region | None], list[AccountRule]],
    on: dt.date,
) -> Resolution:
    """Pick the deciding level of ``chain`` and the value in force on a date.

    ``values_of(level)`` gives a level's values in start order. The first level with
    any value decides; before its first value there is no current value (we do not
    guess what applied earlier).
    """
    for level in chain:
        values = values_of(level)
        if not values:
            continue
        current = None
        later: list[AccountRule] = []
        for value in values:
            if value.effective_from <= on:
                current = value
            else:
                later.append(value)
        return Resolution(
            level=level, current=current, later=later, first=values[0], rows=list(values)
        )
    return Resolution(level=None, current=None, later=[], first=None)


def rule_rows(*, drafts: bool = False) -> QuerySet[AccountRule]:
    """Readers' rule values (published only); with ``drafts`` also editors' drafts (preview)."""
    return (AccountRule.all_objects if drafts else AccountRule.objects).all()


class RuleBook:
    """Every value of some categories, indexed by (region id or None, category)."""

    def __init__(self, rows: Iterable[AccountRule]) -> None:
        self.by_level: dict[tuple[int | None, str], list[AccountRule]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: r.effective_from):
            self.by_level[(row.region_id, row.category)].append(row)
        # Plain values and resolutions, made once per book (the readers' book lives for a
        # content generation, so each is worked out once per edit in each process).
        self._plain: dict[int, RuleValue] = {}
        self._resolved: dict[tuple[str, str, str], Resolved] = {}

    def plain(self, row: AccountRule) -> RuleValue:
        """The row as a plain value, with the recorded average pension it names (if any)."""
        found = self._plain.get(row.pk)
        if found is None:
            found = self._plain[row.pk] = plain_value(row)
        return found

    def resolved(self, region: Region | None, category: str, subgroup: str = "") -> Resolved:
        """What applies to ``region`` and ``category`` (see ``policies.lookup.resolve``).

        Kept per region, category and *known* sub-group (an unknown one is answered as
        the first, and asked again), so hostile input cannot grow the memo."""
        code = region.code if region else ""
        whole = self._resolved.get((code, category, ""))
        if whole is None:
            whole = self._resolved[(code, category, "")] = self._resolve_plain(region, category)
        if not whole.subgroups or subgroup not in whole.subgroups:
            return whole
        key = (code, category, subgroup)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._resolve_plain(region, category, subgroup)
        return found

    def _resolve_plain(self, region: Region | None, category: str, subgroup: str = "") -> Resolved:
        found = self.resolve(region, category, dt.date.max, subgroup)
        level = found.level
        history = History(tuple(self.plain(row) for row in found.rows))
        pool_rows = self._pool_rows(region, category)
        return Resolved(
            category=category,
            region_code=region.code if region else "",
            region_name=region.name if region else NATIONAL,
            level_code=level.code if level else "",
            level_name=level.name if level else NATIONAL,
            history=history if found.found_any else History(),
            subgroups=tuple(found.subgroups),
            subgroup=found.chosen,
            provincial_pool=History(tuple(self.plain(row) for row in pool_rows)),
            provincial_pool_of=region.parent.name if pool_rows and region and region.parent else "",
            reform_from=reform_from(region),
            limits=limits_along(region) if _needs_limits(history) else (),
        )

    @classmethod
    def load(cls, categories: Iterable[str], *, drafts: bool = False) -> RuleBook:
        """Every value of the categories, for every region and the national level."""
        return cls(
            rule_rows(drafts=drafts)
            .filter(category__in=list(categories))
            .select_related("region", "region__parent", "source")
            .prefetch_related("brackets", "deductions__source")
        )

    @classmethod
    def along(
        cls, region: Region | None, categories: Iterable[str], *, drafts: bool = False
    ) -> RuleBook:
        """The values a lookup for ``region`` can reach, in one query."""
        rows = rule_rows(drafts=drafts).filter(category__in=list(categories))
        return cls(rows.along(region).for_display())

    def values(self, level: Region | None, category: str) -> list[AccountRule]:
        return self.by_level.get((level.pk if level else None, category), [])

    def regions_with_values(self, category: str) -> list[Region]:
        found = {
            rows[0].region.pk: rows[0].region
            for (region_id, cat), rows in self.by_level.items()
            if cat == category and region_id is not None and rows
        }
        return sorted(found.values(), key=lambda r: r.code)

    def resolve(
        self, region: Region | None, category: str, on: dt.date, subgroup: str = ""
    ) -> Resolution:
        """The value in force; a province's 省直/省本级 values apply to the province only,
        and where the deciding level has sub-groups, to the one the reader chose."""

        def values_of(level: Region | None) -> list[AccountRule]:
            rows = self.values(level, category)
            if level is not None and (region is None or level.pk != region.pk):
                rows = [r for r in rows if r.pool != Pool.PROVINCIAL_UNITS]
            return rows

        chain = levels(region)
        with_values = [level for level in chain if values_of(level)]
        deciding = with_values[0] if with_values else None
        rows = values_of(deciding) if with_values else []
        labels = sorted({r.subgroup for r in rows if r.subgroup})
        if labels:
            chosen = subgroup if subgroup in labels else labels[0]
            rows = [r for r in rows if r.subgroup in ("", chosen)]
            found = resolve_in([deciding], lambda level: rows, on)
            found.subgroups, found.chosen = labels, chosen
        else:
            found = resolve_in(chain, values_of, on)
        return found

    def _pool_rows(self, region: Region | None, category: str) -> list[AccountRule]:
        """For a city: its province's 省直/省本级 values, oldest first."""
        if region is None or region.parent_id is None:
            return []
        return [r for r in self.values(region.parent, category) if r.pool == Pool.PROVINCIAL_UNITS]


def rule_book() -> RuleBook:
    """Every published account rule, loaded once per content generation in each process.

    The calculators ask for one region's rule on every answer; the rules are a few
    hundred rows that change only when an editor saves one (which moves the generation).
    """
    return generation.memo("policies:rule-book", lambda: RuleBook.load(Category.values))


def resolve(
    region: Region | None,
    category: str,
    subgroup: str = "",
    *,
    drafts: bool = False,
) -> Resolved:
    """The one resolver: which values apply to a region and category (and sub-group), as
    plain values with their dated history, the reform date and base limits.

    Readers' answers come from the rule book memoised per content generation; ``drafts``
    (an editor's preview) reads the chain's rows fresh, drafts included.
    """
    book = RuleBook.along(region, [category], drafts=True) if drafts else rule_book()
    return book.resolved(region, category, subgroup)


def plain_value(row: AccountRule) -> RuleValue:
    """A rule row as the plain value every page shows: with the recorded regional average
    pension a share-of-average rule names, so all pages show the same amount."""
    return rule_value(row, average_pension(row))


def _needs_limits(history: History) -> bool:
    return any(value.spec.needs_base_limits for value in history.values)


def limits_along(region: Region | None) -> tuple[tuple[BaseLimits, ...], ...]:
    """The dated contribution-base limits of each level of the region's chain (the region
    first), oldest first; ``Resolved.limits_on(day)`` picks the one in force."""
    if region is None:
        return ()
    index = generation.memo("policies:base-limits", _all_base_limits)
    return tuple(
        tuple(plain_limits(row) for row in index.get(level.pk, []))
        for level in region.lookup_chain()
    )


def _all_averages() -> dict[tuple[int, int], AveragePension]:
    return {
        (row.region_id, row.year): row
        for row in AveragePension.objects.select_related("source").order_by("pk")
    }


def average_pension(rule: AccountRule) -> AveragePension | None:
    """The recorded average pension a percentage-of-average rule with no base of its own
    names (its region, its reference year); None when the rule needs none or none is known."""
    if (
        not METHODS[rule.method].needs_average
        or rule.reference_base is not None
        or rule.region_id is None
        or rule.reference_year is None
    ):
        return None
    averages = generation.memo("policies:average-pensions", _all_averages)
    return averages.get((rule.region_id, rule.reference_year))


def _all_base_limits() -> dict[int | None, list[ContributionBaseLimit]]:
    rows = list(ContributionBaseLimit.objects.select_related("source").order_by("pk"))
    return index_by_level(sorted(rows, key=lambda row: row.starts_on))


def critical_illness_rule(
    region: Region | None, year: int, group: str
) -> CriticalIllnessRule | None:
    """The 大病保险 rule for a year and group: the region, then above it, then national."""
    rows = (
        CriticalIllnessRule.objects.filter(year=year, group=group)
        .along(region)
        .select_related("region", "source")
        .prefetch_related("bands__source")
    )
    _, found = first_level(region, index_by_level(rows))
    return found[0] if found else None


def lapse_rule(region: Region | None, scheme: str, moving: bool, on: dt.date) -> LapseRule | None:
    """The lapse rule in force on a date; at each level, the mover's or stayer's rule first."""
    situations = [Situation.MOVING if moving else Situation.STAYING, Situation.ANY]
    rows = (
        LapseRule.objects.filter(scheme=scheme, situation__in=situations)
        .filter(Q(effective_from__lte=on) | Q(effective_from__isnull=True))
        .along(region)
        .select_related("region", "source")
    )
    # Newest first; a rule without a date counts as the oldest.
    ordered = sorted(rows, key=lambda r: r.effective_from or dt.date.min, reverse=True)
    index = index_by_level(ordered)
    for level in levels(region):
        at_level = index.get(level.pk if level else None, [])
        for situation in situations:
            for row in at_level:
                if row.situation == situation:
                    return row
    return None


def _all_notes() -> list[RegionNote]:
    rows = RegionNote.objects.select_related("source", "region").order_by("region__code", "pk")
    return list(rows)


def notes_for(
    region: Region | None, category: str, topic: str
) -> tuple[list[RegionNote], list[RegionNote]]:
    """(notes about the region and those above it, national principles).

    From every note, loaded once per content generation in each process.
    """
    chain = {level.pk for level in region.lookup_chain()} if region else set()
    local: list[RegionNote] = []
    national: list[RegionNote] = []
    for row in generation.memo("policies:region-notes", _all_notes):
        if row.topic != topic or row.category not in ("", category):
            continue
        if row.region_id is None:
            national.append(row)
        elif row.region_id in chain:
            local.append(row)
    return local, national


def regional_notes(region: Region) -> list[RegionNote]:
    """Every note about the region and the regions above it (no national principles)."""
    chain = {level.pk for level in region.lookup_chain()}
    rows = generation.memo("policies:region-notes", _all_notes)
    return [row for row in rows if row.region_id in chain]


def national_notes(topic: str) -> list[RegionNote]:
    """The national principles on a topic, as rows."""
    rows = RegionNote.objects.filter(region__isnull=True, topic=topic)
    return list(rows.select_related("source").order_by("pk"))


def reform_dates() -> dict[int, dt.date]:
    """Region id → the date its 门诊共济 reform took effect (a small table, kept per
    content generation in this process)."""
    return generation.memo(
        "policies:reform-dates",
        lambda: dict(ReformDate.objects.values_list("region_id", "effective_from")),
    )


def reform_from(region: Region | None) -> dt.date | None:
    """When the reform took effect for ``region`` (its own date, else its province's)."""
    table = reform_dates()
    for level in region.lookup_chain() if region else []:
        if level.pk in table:
            return table[level.pk]
    return None
