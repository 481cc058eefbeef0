"""Readers' reports of their local figure, waiting for an editor to check them.

A report is never shown to readers as it is: an editor checks its source and, when it
holds, opens a draft rule from it (``accept``). Report text is only ever shown escaped.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from policies.methods import for_report_unit
from policies.models import MAX_AMOUNT, AccountRule, Region
from policies.terms import (
    READER_GRADE,
    READER_GRADE_LABEL,
    Category,
    Grade,
    age_range_label,
)
from yibao_site.lib.formatting import num


class Status(models.TextChoices):
    NEW = "new", "待处理"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "不采纳"
    DUPLICATE = "duplicate", "重复"


class Unit(models.TextChoices):
    MONTHLY = "yuan_month", "元/月"
    YEARLY = "yuan_year", "元/年"
    PERCENT = "percent", "%（比例）"


def hash_address(address: str) -> str:
    """Who sent it, as far as rate limits need: a keyed hash, never the address itself."""
    key = settings.SECRET_KEY.encode()
    return hashlib.blake2b(address.encode(), key=key[:64], digest_size=16).hexdigest()


class ReportQuerySet(models.QuerySet["Report"]):
    def from_address(self, address_hash: str, since: dt.datetime) -> ReportQuerySet:
        return self.filter(address_hash=address_hash, created_at__gte=since)

    def recent_count(self, address_hash: str, now: dt.datetime | None = None) -> int:
        """Reports from one address within the last hour."""
        now = now or timezone.now()
        return self.from_address(address_hash, now - dt.timedelta(hours=1)).count()


class Moderated(models.Model):
    """What an editor decides about something readers never see until then (a report, a
    lead): its state in the queue and a note. (Each keeps its own ``rule`` link: the
    reverse names differ.)"""

    status = models.CharField("处理状态", max_length=10, choices=Status.choices, default=Status.NEW)
    moderator_note = models.TextField("编辑备注", blank=True)

    class Meta:
        abstract = True


class Report(Moderated):
    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.PROTECT, related_name="reports"
    )
    category = models.CharField("参保身份", max_length=10, choices=Category.choices)
    amount = models.DecimalField(
        "金额或比例",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    unit = models.CharField("单位", max_length=12, choices=Unit.choices)
    effective_from = models.DateField("生效日期", null=True, blank=True)
    source_url = models.URLField("来源链接", max_length=500, blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    note = models.TextField("读者补充", max_length=1000, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    rule = models.ForeignKey(
        AccountRule,
        verbose_name="据此录入的标准",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    created_at = models.DateTimeField("收到时间", default=timezone.now, db_index=True)
    address_hash = models.CharField(
        "来源地址（散列）", max_length=32, db_index=True, editable=False
    )

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["address_hash"])

    class Meta:
        verbose_name = "读者报告"
        verbose_name_plural = "读者报告"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.region.name} · {self.get_category_display()} · {self.figure}"

    @property
    def figure(self) -> str:
        return f"{self.amount} {self.get_unit_display()}"

    @property
    def method(self) -> str:
        return for_report_unit(self.unit) or ""


class Lead(Moderated):
    """A sourced figure from the research table that is not published: a single or doubtful
    source, or a conflict with a published value. Editors check it; readers never see it.

    Loaded by ``manage.py seed`` from ``reports/data/regional_leads.csv`` (once per row).
    """

    lead_no = models.CharField(
        "线索编号",
        max_length=40,
        unique=True,
        help_text="研究表中的编号：数字为 A 部分行号；C1、C2 为 C 部分；“E:地区”为冲突说明；"
        "“H:地区”为 A 部分表头提到的冲突线索。",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    region_name = models.CharField("地区（原表写法）", max_length=120, blank=True)
    category = models.CharField("参保身份", max_length=10, choices=Category.choices, blank=True)
    figure = models.TextField("线索内容", help_text="原表的标准写法（英文，未改写）。")
    effective = models.CharField("生效时间（原表）", max_length=200, blank=True)
    quote = models.TextField("原文摘录", blank=True)
    url = models.CharField("来源链接", max_length=500, blank=True)
    grade = models.CharField("证据等级", max_length=10, choices=Grade.choices, blank=True)
    reason = models.TextField("未发布的原因", blank=True)
    conflicts_with = models.CharField("与之冲突", max_length=200, blank=True)
    rule = models.ForeignKey(
        AccountRule,
        verbose_name="据此录入的标准",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    created_at = models.DateTimeField("收录时间", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "待核实线索"
        verbose_name_plural = "待核实线索"
        ordering = ["status", "region__code", "lead_no"]

    def __str__(self) -> str:
        where = self.region.name if self.region else self.region_name or "（未定地区）"
        return f"线索 {self.lead_no} · {where}"


def age_band(
    age: int | None, brackets: list[tuple[int | None, int | None]]
) -> tuple[int | None, int | None]:
    """The age range a reader's report is grouped in: the rule's own bracket covering the
    age where the rule has brackets, else five-year bands (70–74 …); no age, no range."""
    if age is None:
        return None, None
    for low, high in brackets:
        if (low is None or age >= low) and (high is None or age <= high):
            return low, high
    low = age - age % 5
    return low, low + 4


class ChangesNoPage(models.Model):
    """A model whose rows no public page shows (ops.pagecache keeps its cache on a save)."""

    changes_no_page = True

    class Meta:
        abstract = True


class ArrivedReport(ChangesNoPage):
    """What one reader saw arrive in their personal account in one month (划入明细).

    Anonymous: no document, no name, no contact; the sender's address is kept only as a
    keyed hash, for the rate limit and to count distinct readers. Readers never see a
    report; an editor may publish a group of them as a ``ReaderFigure``.
    """

    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.PROTECT, related_name="arrived_reports"
    )
    category = models.CharField("参保身份", max_length=10, choices=Category.choices)
    age = models.PositiveSmallIntegerField("年龄（周岁）", null=True, blank=True)
    age_min = models.PositiveSmallIntegerField("年龄段起", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("年龄段止", null=True, blank=True)
    month = models.DateField("到账月份", help_text="当月 1 日。")
    amount = models.DecimalField(
        "到账金额（元）",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    created_at = models.DateTimeField("收到时间", default=timezone.now, db_index=True)
    address_hash = models.CharField(
        "来源地址（散列）", max_length=32, db_index=True, editable=False
    )

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["address_hash"], bases=[ChangesNoPage])

    class Meta:
        verbose_name = "读者到账反馈"
        verbose_name_plural = "读者到账反馈"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["region", "category", "month"])]

    def __str__(self) -> str:
        category = self.get_category_display()
        return f"{self.region.name} · {category} · {self.month:%Y-%m} · {self.amount} 元"

    @property
    def age_range(self) -> str:
        return age_range_label(self.age_min, self.age_max)


class ReaderFigure(models.Model):
    """What a group of readers saw arrive, published by an editor and graded 读者反馈.

    Never a rule: the calculator never computes with it, the rules' open data never
    contains it; pages show it apart from any sourced figure, with its count and dates.
    """

    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.PROTECT, related_name="reader_figures"
    )
    category = models.CharField("参保身份", max_length=10, choices=Category.choices)
    age_min = models.PositiveSmallIntegerField("年龄段起", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("年龄段止", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份")
    amount = models.DecimalField(
        "每月到账（读者反馈的中位数，元）",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    low = models.DecimalField("最低（元）", max_digits=10, decimal_places=2)
    high = models.DecimalField("最高（元）", max_digits=10, decimal_places=2)
    readers = models.PositiveIntegerField("读者人数（不同来源）")
    first_month = models.DateField("最早到账月份")
    last_month = models.DateField("最晚到账月份")
    published_at = models.DateTimeField("发布时间", default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布编辑",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("给读者的说明", blank=True)

    history = HistoricalRecords()

    grade = READER_GRADE
    grade_label = READER_GRADE_LABEL

    class Meta:
        verbose_name = "读者反馈数字"
        verbose_name_plural = "读者反馈数字（已发布）"
        ordering = ["region__code", "category", "-year", "age_min"]

    def __str__(self) -> str:
        category = self.get_category_display()
        return f"{self.region.name} · {category} · {self.year} 年 · {self.age_range}"

    @property
    def age_range(self) -> str:
        return age_range_label(self.age_min, self.age_max)

    def covers(self, age: int | None) -> bool:
        if self.age_min is None and self.age_max is None:
            return True
        if age is None:
            return False
        return (self.age_min is None or age >= self.age_min) and (
            self.age_max is None or age <= self.age_max
        )

    @property
    def sentence(self) -> str:
        """ "12 位读者反馈 2026 年每月到账约 116 元"."""
        return f"{self.readers} 位读者反馈 {self.year} 年每月到账约 {num(self.amount)} 元"
