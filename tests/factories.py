"""Rows a test needs, stated by the test: factory-boy factories for the content models.

Regions made here use codes outside the GB/T 2260 dataset (``9xxxxx``), so a test's
own region, its rules and its notes never meet the seeded content. ``province()`` and
``city()`` make the two levels; everything else takes a region (or None for national).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from guides.models import Guide, GuideChange, GuideRegionNote, GuideSection, GuideStep
from policies.models import (
    AccountRule,
    AgeBracket,
    ContributionBaseLimit,
    CriticalIllnessBand,
    CriticalIllnessRule,
    LapseRule,
    LocalChannel,
    ReformDate,
    Region,
    RegionNote,
    Source,
)
from policies.terms import (
    Category,
    ChannelKind,
    Grade,
    InsuredGroup,
    Method,
    Scheme,
    Situation,
    Topic,
)

VERIFIED = dt.date(2026, 11, 1)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"测试来源{n}号文件")
    document_number = factory.Sequence(lambda n: f"测发〔2026〕{n}号")
    publisher = "测试市医疗保障局"
    grade = Grade.OFFICIAL


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    # 9abc00: outside the dataset (no province code starts with 9); cities add 01–99.
    code = factory.Sequence(lambda n: f"9{n % 1000:03d}00")
    name = factory.Sequence(lambda n: f"测试{n}省")
    level = Region.Level.PROVINCE


class SourcedFactory(factory.django.DjangoModelFactory):
    """A value with its source, checked by an editor (what most tests need)."""

    class Meta:
        abstract = True

    source = factory.SubFactory(SourceFactory)
    verified_on = VERIFIED


class RegionalFactory(SourcedFactory):
    """A sourced value about a region (a new province unless the test gives one), like the
    models' abstract ``RegionalValue``."""

    class Meta:
        abstract = True

    region = factory.SubFactory(ProvinceFactory)


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    parent = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code[:4]}{n % 99 + 1:02d}")
    name = factory.Sequence(lambda n: f"测试{n}市")
    level = Region.Level.CITY


def province(**kwargs: Any) -> Region:
    return ProvinceFactory(**kwargs)


def city(parent: Region | None = None, **kwargs: Any) -> Region:
    """A city (with its province, unless given), fetched back with its parent."""
    made = CityFactory(parent=parent or province(), **kwargs)
    return Region.objects.select_related("parent").get(pk=made.pk)


class AccountRuleFactory(RegionalFactory):
    class Meta:
        model = AccountRule

    category = Category.RETIREE
    effective_from = dt.date(2024, 1, 1)
    method = Method.FIXED_MONTHLY
    amount = Decimal("100")


def rule(region: Region | None, brackets: list[tuple] | None = None, **kwargs: Any) -> AccountRule:
    """A rule value for ``region`` (None: national), with optional (min, max, rate, amount)
    age brackets; the rule's own rate and amount are cleared when brackets are given."""
    if brackets:
        kwargs.setdefault("amount", None)
        kwargs.setdefault("rate", None)
    made = AccountRuleFactory(region=region, **kwargs)
    for min_age, max_age, rate, amount in brackets or []:
        AgeBracket.objects.create(
            rule=made, min_age=min_age, max_age=max_age, rate=rate, amount=amount
        )
    return made


def yearly_steps_rule(region: Region, **kwargs: Any) -> AccountRule:
    """Retirees get 1620 元 a year up to 74 and 1830 元 from 75 (135.00 / 152.50 a month):
    the shape of 上海's rule, for tests of age steps and yearly amounts."""
    kwargs.setdefault("method", Method.FIXED_YEARLY)
    return rule(
        region,
        brackets=[(None, 74, None, Decimal("1620")), (75, None, None, Decimal("1830"))],
        **kwargs,
    )


def unchecked_yearly_steps_city(title: str, published: dt.date) -> Region:
    """A city whose retirees get 1620 元 a year up to 74 and 1830 元 from 75, from a web page
    (``title``) that gave no start date but its own publication date, and that no editor
    has checked: the answer must say 约/待核实 and date the rule from the page."""
    home = city()
    web = SourceFactory(title=title, grade=Grade.WEB, published_on=published)
    yearly_steps_rule(
        home,
        effective_from=published,
        start_is_publication_date=True,
        source=web,
        verified_on=None,
    )
    return home


class BaseLimitFactory(RegionalFactory):
    class Meta:
        model = ContributionBaseLimit

    year = 2026
    floor = Decimal("4000")
    ceiling = Decimal("20000")


class NoteFactory(RegionalFactory):
    class Meta:
        model = RegionNote

    topic = Topic.ACCOUNT
    category = ""
    text = factory.Sequence(lambda n: f"测试说明第{n}条。")


class LocalChannelFactory(RegionalFactory):
    class Meta:
        model = LocalChannel

    kind = ChannelKind.HOTLINE
    value = factory.Sequence(lambda n: f"0999-{n % 100000:05d}")


class CriticalIllnessRuleFactory(RegionalFactory):
    class Meta:
        model = CriticalIllnessRule

    year = 2026
    group = InsuredGroup.ORDINARY
    threshold = Decimal("15000")


class CriticalIllnessBandFactory(SourcedFactory):
    class Meta:
        model = CriticalIllnessBand

    rule = factory.SubFactory(CriticalIllnessRuleFactory)
    lower = Decimal("0")
    upper = None
    rate = Decimal("60")


class LapseRuleFactory(RegionalFactory):
    class Meta:
        model = LapseRule

    scheme = Scheme.EMPLOYEE
    situation = Situation.ANY
    retro_months = 3
    retroactive = True
    waiting_months = 6


class GuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guide
        django_get_or_create = ("slug",)

    slug = "balance"
    title = "测试指南"
    summary = "测试指南的简介。"


class GuideSectionFactory(SourcedFactory):
    class Meta:
        model = GuideSection

    guide = factory.SubFactory(GuideFactory)
    order = factory.Sequence(int)
    anchor = factory.Sequence(lambda n: f"section-{n}")
    heading = factory.Sequence(lambda n: f"第{n}节")
    body = "说明。"


class GuideStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuideStep

    section = factory.SubFactory(GuideSectionFactory)
    order = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"第{n}步。")


class GuideRegionNoteFactory(RegionalFactory):
    class Meta:
        model = GuideRegionNote

    guide = factory.SubFactory(GuideFactory)
    text = factory.Sequence(lambda n: f"测试指南地区说明第{n}条。")


class GuideChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuideChange

    guide = factory.SubFactory(GuideFactory)
    changed_on = dt.date(2026, 11, 30)
    summary = factory.Sequence(lambda n: f"测试更新第{n}条")


class ReformDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReformDate

    region = factory.SubFactory(ProvinceFactory)
    effective_from = dt.date(2023, 1, 1)
    source = factory.SubFactory(SourceFactory)
