"""``manage.py seed`` for the reports app: the research table's unpublished leads.

Each row of ``reports/data/regional_leads.csv`` becomes one ``Lead`` in the editors'
queue, once (found again by its ``lead_no``); an editor's status and notes are kept.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from django.db import transaction

from policies.models import Region
from policies.seeding import SeedDataError
from policies.terms import Category, Grade
from reports.models import Lead

LEADS_FILE = Path(__file__).resolve().parent / "data" / "regional_leads.csv"


def lead_from_row(line: int, row: dict[str, str]) -> Lead:
    code = (row.get("region_code") or "").strip()
    region = Region.objects.filter(code=code).first() if code else None
    if code and region is None:
        raise SeedDataError(f"regional_leads.csv 第 {line} 行：没有地区代码“{code}”。")
    category = (row.get("category") or "").strip()
    grade = (row.get("grade") or "").strip()
    if category and category not in Category.values:
        raise SeedDataError(f"regional_leads.csv 第 {line} 行：参保身份“{category}”无法识别。")
    if grade and grade not in Grade.values:
        raise SeedDataError(f"regional_leads.csv 第 {line} 行：证据等级“{grade}”无法识别。")
    return Lead(
        lead_no=row["lead_no"].strip(),
        region=region,
        region_name=row.get("region_name", "").strip(),
        category=category,
        figure=row.get("figure", ""),
        effective=row.get("effective", ""),
        quote=row.get("quote", ""),
        url=row.get("url", "").strip(),
        grade=grade,
        reason=row.get("reason", ""),
        conflicts_with=row.get("conflicts_with", ""),
    )


@transaction.atomic
def load_leads(path: Path = LEADS_FILE) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(enumerate(csv.DictReader(handle), start=2))
    known = set(Lead.objects.values_list("lead_no", flat=True))
    created = 0
    for line, row in rows:
        if row["lead_no"].strip() in known:
            continue
        lead = lead_from_row(line, row)
        lead.save()
        known.add(lead.lead_no)
        created += 1
    return created


def run(stdout: TextIO) -> None:
    created = load_leads()
    stdout.write(f"待核实线索：新增 {created} 条\n")
