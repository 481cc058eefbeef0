"""Readers' "what arrived" reports, grouped for editors: pure (no Django), table-tested.

A group is region × category × age range × year. Each reader (a distinct address hash)
counts once, with their latest report in the group, so one reader sending the same
amount five times is still one reader. The editors' queue shows the median, the spread
and outliers (Tukey's fences: more than 1.5 interquartile ranges, and at least a tenth of
the median, outside the quartiles),
and flags a group whose median no published rule gives as a possible rule change.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

# A group is publishable once this many distinct readers agree on something.
MIN_READERS = 5
CENT = Decimal("0.01")
# A figure its source gives as "约": a median within this share of it agrees with it.
ABOUT_TOLERANCE = Decimal("0.10")


@dataclass(frozen=True)
class Entry:
    reader: str
    amount: Decimal
    month: dt.date
    created: dt.datetime


@dataclass(frozen=True)
class Key:
    region_id: int
    category: str
    age_min: int | None
    age_max: int | None
    year: int


@dataclass
class Group:
    key: Key
    entries: list[Entry] = field(default_factory=list)

    @property
    def per_reader(self) -> list[Entry]:
        """Each reader's latest report in the group."""
        latest: dict[str, Entry] = {}
        for entry in sorted(self.entries, key=lambda e: e.created):
            latest[entry.reader] = entry
        return list(latest.values())

    @property
    def readers(self) -> int:
        return len({e.reader for e in self.entries})

    @property
    def amounts(self) -> list[Decimal]:
        return sorted(e.amount for e in self.per_reader)

    @property
    def median(self) -> Decimal:
        return Decimal(statistics.median(self.amounts)).quantize(CENT)

    @property
    def low(self) -> Decimal:
        return self.amounts[0]

    @property
    def high(self) -> Decimal:
        return self.amounts[-1]

    @property
    def outliers(self) -> list[Decimal]:
        return outliers(self.amounts)

    @property
    def first_month(self) -> dt.date:
        return min(e.month for e in self.entries)

    @property
    def last_month(self) -> dt.date:
        return max(e.month for e in self.entries)

    @property
    def publishable(self) -> bool:
        return self.readers >= MIN_READERS


def outliers(values: Sequence[Decimal]) -> list[Decimal]:
    """Values outside Tukey's fences (none with fewer than four values). Readers of one
    group mostly report the same amount, so the fences are never closer to the quartiles
    than a tenth of the median: 115 among 116s is not an outlier."""
    if len(values) < 4:
        return []
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    spread = max((q3 - q1) * Decimal("1.5"), abs(median) * ABOUT_TOLERANCE)
    return [v for v in values if v < q1 - spread or v > q3 + spread]


def group(rows: Iterable[tuple[Key, Entry]]) -> list[Group]:
    """Reports grouped by key, the groups with most readers first."""
    groups: dict[Key, Group] = defaultdict(lambda: Group(Key(0, "", None, None, 0)))
    for key, entry in rows:
        if key not in groups:
            groups[key] = Group(key)
        groups[key].entries.append(entry)
    return sorted(groups.values(), key=lambda g: (-g.readers, g.key.region_id, g.key.category))


def agrees(median: Decimal, expected: Iterable[Decimal], approximate: bool) -> bool:
    """Whether a rule's amount (any way it may arrive) is the readers' median."""
    for amount in expected:
        if median.quantize(CENT) == amount.quantize(CENT):
            return True
        if approximate and amount > 0 and abs(median - amount) <= amount * ABOUT_TOLERANCE:
            return True
    return False
