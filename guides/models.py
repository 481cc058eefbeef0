"""Step-by-step guides (balance, statements, withdrawal, family sharing) as structured content.

A guide is ordered sections; a section may have numbered steps. Region notes add what
differs in one region. Change-log entries are what readers see under "最后更新".
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from simple_history.models import HistoricalRecords

from policies.models import Region, Source
from yibao_site.lib.markdown import plain_text, render_markdown


class GuideSlug(models.TextChoices):
    BALANCE = "balance", "余额查询"
    STATEMENTS = "statements", "流水与缴费记录打印"
    WITHDRAWAL = "withdrawal", "个人账户提取"
    FAMILY = "family-sharing", "家庭共济"


class Guide(models.Model):
    slug = models.CharField(
        "指南", max_length=20, choices=GuideSlug.choices, unique=True, help_text="决定网址。"
    )
    title = models.CharField("标题", max_length=100)
    summary = models.CharField("一句话简介", max_length=300, help_text="也用作页面描述。")
    intro = models.TextField("开头说明（Markdown）", blank=True)
    # The page's own prose, editable like any other text (issue 19).
    national_box = models.TextField(
        "没选地区时：全国通用渠道（Markdown）",
        blank=True,
        help_text="读者还没有选参保地时，本地渠道的位置显示这段话。留空则不显示。",
    )
    missing_local = models.TextField(
        "没有收录本地渠道时的说明（Markdown）",
        blank=True,
        help_text="读者选的地区还没有收录本地渠道时显示；“{地区}”会换成地区名。留空则不显示。",
    )
    callout = models.CharField(
        "页尾按钮文字", max_length=100, blank=True, help_text="如“开始自查：我能不能取出？”。"
    )
    callout_url = models.CharField(
        "页尾按钮链接",
        max_length=200,
        blank=True,
        validators=[
            RegexValidator(r"^/[^/]", "请填写以 / 开头的站内地址，如 /guides/withdrawal/check/。")
        ],
        help_text="站内地址，如 /guides/withdrawal/check/；和按钮文字都填了才显示按钮。",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "指南"
        verbose_name_plural = "指南"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guides:guide", args=[self.slug])

    # Rendered once per instance: the guide pages read guides from the per-generation memo
    # (guides.views.pages.load_guides), so each text is rendered once per content edit.
    @cached_property
    def intro_html(self) -> SafeString:
        return render_markdown(self.intro)

    @cached_property
    def national_box_html(self) -> SafeString:
        return render_markdown(self.national_box)

    @cached_property
    def _missing_local_html(self) -> SafeString:
        return render_markdown(self.missing_local)

    def missing_local_html(self, region_name: str) -> SafeString:
        """The note for a region without local channels, "{地区}" replaced by its name."""
        html = self._missing_local_html.replace("{地区}", conditional_escape(region_name))
        return mark_safe(html)  # noqa: S308 - sanitised Markdown and an escaped name

    def last_updated(self) -> dt.date | None:
        changes = getattr(self, "_prefetched_objects_cache", {}).get("changes")
        if changes is not None:
            return max((c.changed_on for c in changes), default=None)
        return self.changes.aggregate(last=models.Max("changed_on"))["last"]

    def search_text(self) -> str:
        parts = [self.summary, plain_text(self.intro)]
        for section in self.sections.prefetch_related("steps"):
            parts += [section.heading, plain_text(section.body)]
            parts += [step.text for step in section.steps.all()]
        return " ".join(p for p in parts if p)


class GuideSection(models.Model):
    guide = models.ForeignKey(
        Guide, verbose_name="指南", on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0, help_text="数字小的排在前面。")
    anchor = models.SlugField(
        "页内锚点", max_length=40, help_text="英文小写和连字符，用于目录链接，如 app。"
    )
    heading = models.CharField("小标题", max_length=100)
    body = models.TextField("说明（Markdown）", blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name="来源",
        on_delete=models.PROTECT,
        related_name="guide_sections",
        help_text="本节事实的来源；页面上显示来源和证据等级。",
    )
    verified_on = models.DateField(
        "最后核实日期",
        null=True,
        blank=True,
        help_text="编辑对照来源核实本节的日期；没核实过留空，网站显示“待核实”。",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "指南小节"
        verbose_name_plural = "指南小节"
        ordering = ["guide", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "anchor"],
                name="unique_section_anchor_per_guide",
                violation_error_message="同一篇指南里锚点不能重复。",
            )
        ]

    def __str__(self) -> str:
        return self.heading

    @cached_property
    def body_html(self) -> SafeString:
        return render_markdown(self.body)

    @cached_property
    def body_text(self) -> str:
        return plain_text(self.body)


class GuideStep(models.Model):
    section = models.ForeignKey(
        GuideSection, verbose_name="小节", on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    text = models.CharField("这一步做什么", max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "步骤"
        verbose_name_plural = "步骤"
        ordering = ["section", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class GuideRegionNote(models.Model):
    guide = models.ForeignKey(
        Guide, verbose_name="指南", on_delete=models.CASCADE, related_name="region_notes"
    )
    region = models.ForeignKey(
        Region,
        verbose_name="地区",
        on_delete=models.CASCADE,
        related_name="guide_notes",
        help_text="选省份时，省内各市的读者也会看到。",
    )
    text = models.TextField("说明")
    source = models.ForeignKey(
        Source, verbose_name="来源", on_delete=models.PROTECT, related_name="guide_notes"
    )
    verified_on = models.DateField(
        "最后核实日期",
        null=True,
        blank=True,
        help_text="编辑对照来源核实本条的日期；没核实过留空，网站显示“待核实”。",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "指南地区说明"
        verbose_name_plural = "指南地区说明"
        ordering = ["guide", "region__code", "pk"]

    def __str__(self) -> str:
        return f"{self.region.name}:{self.text[:30]}"


class GuideChange(models.Model):
    guide = models.ForeignKey(
        Guide, verbose_name="指南", on_delete=models.CASCADE, related_name="changes"
    )
    changed_on = models.DateField("日期", default=timezone.localdate)
    summary = models.CharField(
        "改了什么", max_length=200, help_text="读者能看到，如“补充跨省共济”。"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "更新记录"
        verbose_name_plural = "更新记录"
        ordering = ["-changed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.changed_on:%Y-%m-%d} {self.summary}"
