"""Seed content for the 大病保险 and lapse calculators (issue 4).

Only figures from the domain brief, each with its source. The 大病保险 thresholds come
from a web article that does not name its region, so they are stored at national level
and flagged as an example; they are never attached to a real region.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TextIO

from policies.models import (
    CriticalIllnessBand,
    CriticalIllnessRule,
    InsuredGroup,
    LapseRule,
    Scheme,
)
from policies.seeding import VERIFIED_ON, seed_once, source

CRITICAL_ILLNESS: list[dict[str, Any]] = [
    {
        "key": "example-2025-ordinary",
        "group": InsuredGroup.ORDINARY,
        "threshold": Decimal("17121"),
        "rate": Decimal("60"),
        "note": "示例:一篇网络文章称某地普通居民的起付线由 1.2 万元调整为 2025 年的 17121 元,"
        "文章没有写明是哪个地区。全国规定:起付线原则上不超过上年当地居民人均可支配收入的 50%,"
        "报销比例不低于 60%。",
    },
    {
        "key": "example-2025-special",
        "group": InsuredGroup.SPECIAL,
        "threshold": Decimal("8560.5"),
        "rate": Decimal("65"),
        "note": "示例:同一篇网络文章称特困、低保、返贫致贫人口等特殊群体的起付线由 6000 元"
        "调整为 2025 年的 8560.5 元,未写明地区。全国规定:特殊群体的报销比例比普通参保人"
        "再高 5 个百分点。",
    },
]

LAPSE: list[dict[str, Any]] = [
    {
        "key": "national-employee-moving",
        "scheme": Scheme.EMPLOYEE,
        "situation": LapseRule.Situation.MOVING,
        "retro_months": 3,
        "waiting_months": 6,
        "waiting_is_maximum": True,
        "source": "ybbf-2021-43",
        "note": "跨统筹地区转移、中断不超过 3 个月的,补缴后待遇可追溯;中断更久的,"
        "各地可以设置最长不超过 6 个月的待遇等待期。",
    },
    {
        "key": "web-employee-staying",
        "scheme": Scheme.EMPLOYEE,
        "situation": LapseRule.Situation.STAYING,
        "retro_months": 3,
        "waiting_months": 6,
        "source": "seed-000",
        "note": "网络资料称:断缴超过 1 个月即不能报销门诊和住院费用(个人账户余额仍可用);"
        "超过 3 个月的,补缴后还要等 6 个月才恢复报销。待核实,以当地规定为准。",
    },
    {
        "key": "national-resident-2025",
        "scheme": Scheme.RESIDENT,
        "situation": LapseRule.Situation.ANY,
        "retro_months": None,
        "waiting_months": 3,
        "extra_month_per_year": True,
        "backpay_reduces": True,
        "source": "resident-rules-2025",
        "note": "2025 年起:不在集中参保期内参保或未连续参保的,固定等待期 3 个月;连续断保的,"
        "每多断保一年再加 1 个月;每补缴一年可减少 1 个月;新生儿等人群不设等待期;"
        "等待期内发生的费用不予报销。",
    },
]


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
        verified_on=VERIFIED_ON,
        note=spec["note"],
    )
    CriticalIllnessBand.objects.create(
        rule=rule,
        lower=Decimal("0"),
        upper=None,
        rate=spec["rate"],
        source=source("critical-illness-2024-04-30"),
        verified_on=VERIFIED_ON,
    )


def _create_lapse(spec: dict[str, Any]) -> None:
    LapseRule.objects.create(
        region=None,
        scheme=spec["scheme"],
        situation=spec["situation"],
        effective_from=None,
        retro_months=spec["retro_months"],
        waiting_months=spec["waiting_months"],
        waiting_is_maximum=spec.get("waiting_is_maximum", False),
        extra_month_per_year=spec.get("extra_month_per_year", False),
        backpay_reduces=spec.get("backpay_reduces", False),
        source=source(spec["source"]),
        verified_on=VERIFIED_ON,
        note=spec["note"],
    )


def run(stdout: TextIO) -> None:
    created = sum(
        seed_once(f"critical-illness:{s['key']}", lambda s=s: _create_critical_illness(s))
        for s in CRITICAL_ILLNESS
    )
    created += sum(seed_once(f"lapse:{s['key']}", lambda s=s: _create_lapse(s)) for s in LAPSE)
    stdout.write(f"大病保险与断缴规定:新增 {created} 条\n")
