"""Regions and the dated, sourced values that decide what reaches a personal account.

A rule is a history of dated values in the spirit of OpenFisca parameters: each
``AccountRule`` row is one value for a region (or the national level) and a category,
in force from ``effective_from`` until the next value's start. There are no end dates.
Every regional value shares one shape (``RegionalValue``): a region or the national
level, a source with its evidence grade, a verification date and an edit history.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from policies.methods import METHODS
from policies.terms import (
    NATIONAL,
    Category,
    ChannelKind,
    Grade,
    InsuredGroup,
    Method,
    Pool,
    Precision,
    Qualifier,
    Scheme,
    Situation,
    StartPrecision,
    Status,
    Topic,
    age_range_label,
)

VERIFIED_HELP = "编辑对照来源原文核实本条的日期。没有核实过就留空：网站会显示“待核实”，不显示日期。"

MAX_AMOUNT = Decimal("1000000")

rate_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
amount_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)]


def unique_per_region_or_national(
    fields: list[str], *, name: str, message: str, national_name: str, national_message: str
) -> list[models.UniqueConstraint]:
    """One row per region and ``fields``, and one national row (region left empty).

    A plain unique constraint would let any number of national rows through, because
    NULLs never collide; so the two cases are two conditional constraints.
    """
    return [
        models.UniqueConstraint(
            fields=["region", *fields],
            condition=Q(region__isnull=False),
            name=name,
            violation_error_message=message,
        ),
        models.UniqueConstraint(
            fields=fields,
            condition=Q(region__isnull=True),
            name=national_name,
            violation_error_message=national_message,
        ),
    ]


class RegionQuerySet(models.QuerySet["Region"]):
    def provinces(self) -> RegionQuerySet:
        return self.filter(level=Region.Level.PROVINCE)

    def cities(self) -> RegionQuerySet:
        return self.filter(level=Region.Level.CITY)


class Region(models.Model):
    """A provincial-level division or prefecture-level city, by its GB/T 2260 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "地级"

    code = models.CharField(
        "行政区划代码",
        max_length=6,
        unique=True,
        help_text="GB/T 2260 六位代码，如 310000（上海市）、420100（武汉市）。",
    )
    name = models.CharField("名称", max_length=50)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    in_system = models.BooleanField(
        "属于内地基本医保体系",
        default=True,
        help_text="香港、澳门、台湾在行政区划代码表里，但不参加内地的基本医保：取消勾选后，"
        "网站不把它们列为参保地，并向读者说明原因。",
    )

    pinyin = models.CharField(
        "拼音检索词",
        max_length=200,
        blank=True,
        editable=False,
        help_text="由名称自动生成（全拼和首字母，如 guangzhoushi gzs），供地区输入框按拼音查找。",
    )

    objects = RegionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"

    @property
    def full_name(self) -> str:
        """The name with its province, e.g. "湖北省 武汉市"."""
        if self.parent_id and self.parent is not None:
            return f"{self.parent.name} {self.name}"
        return self.name

    def lookup_chain(self) -> list[Region]:
        """This region, then each parent up to the province."""
        chain: list[Region] = []
        node: Region | None = self
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain


class Source(models.Model):
    """Where a figure comes from: a document, a report or a web page."""

    key = models.SlugField(
        "固定标识",
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text="网站代码引用这条来源时用的英文标识（如 guobanfa-2021-14），"
        "改标题不影响引用。编辑新增的来源可以留空。",
    )
    title = models.CharField(
        "来源标题",
        max_length=200,
        help_text="文件名或文章标题，如“国务院办公厅关于建立健全职工基本医疗保险门诊共济保障机制的指导意见”。",
    )
    document_number = models.CharField(
        "文号", max_length=100, blank=True, help_text="官方文件的文号，如“国办发〔2021〕14号”。"
    )
    publisher = models.CharField("发布方", max_length=100, blank=True)
    url = models.URLField("链接", max_length=500, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    link_safe = models.BooleanField(
        "可以给读者链接",
        default=False,
        help_text="只有官方网站或有名称的媒体自己的网站才勾选。内容农场、转载镜像、"
        "问答和 AI 生成的页面不勾选：读者只看到“发布方 + 日期 + 转载页面”的文字，没有链接；"
        "编辑始终能在这里看到链接。",
    )
    grade = models.CharField(
        "证据等级",
        max_length=10,
        choices=Grade.choices,
        help_text="官方文件：政府文件或官方媒体对文件的报道；媒体报道：有名称的报刊或门户；"
        "网络资料：普通网页或问答，网站上标注“待核实”。",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "来源"
        verbose_name_plural = "来源"
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        label = self.title
        if self.document_number:
            label = f"{label}({self.document_number})"
        return f"{label} [{self.get_grade_display()}]"

    @property
    def grade_label(self) -> str:
        return self.get_grade_display()

    @staticmethod
    def links_by_default(grade: str, url: str) -> bool:
        """A new source is linked for readers when it is an official document on a
        government site (``*.gov.cn``); anything else waits for an editor to tick it."""
        host = (urlsplit(url or "").hostname or "").lower()
        return grade == Grade.OFFICIAL and (host == "gov.cn" or host.endswith(".gov.cn"))


def along_chain(region: Region | None, *, national: bool = True) -> Q:
    """Rows of ``region`` and of each region above it, and (by default) national rows."""
    ids = [level.pk for level in region.lookup_chain()] if region else []
    condition = Q(region_id__in=ids)
    if national:
        condition |= Q(region__isnull=True)
    return condition


class RegionalQuerySet(models.QuerySet):
    def along(self, region: Region | None, *, national: bool = True) -> RegionalQuerySet:
        """The rows a lookup for ``region`` can reach (see ``policies.lookup``)."""
        return self.filter(along_chain(region, national=national))


class RegionalValue(models.Model):
    """A value for one region or for the national level, with its source and verification.

    A city without its own value uses its province's, then the national one
    (``policies.lookup``). Each concrete model keeps an edit history.
    """

    region = models.ForeignKey(
        Region,
        verbose_name="地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="留空表示全国。地级市没有自己的数值时，沿用所在省的，再沿用全国的。",
    )
    source = models.ForeignKey(Source, verbose_name="来源", on_delete=models.PROTECT)
    verified_on = models.DateField("最后核实日期", null=True, blank=True, help_text=VERIFIED_HELP)

    objects = RegionalQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    @property
    def region_label(self) -> str:
        return self.region.name if self.region_id and self.region else NATIONAL

    def is_stale(self, today: dt.date | None = None) -> bool:
        """Verified, but longer ago than ``STALE_AFTER_DAYS`` (unverified is its own state)."""
        if self.verified_on is None:
            return False
        today = today or timezone.localdate()
        return (today - self.verified_on).days > settings.STALE_AFTER_DAYS

    def validation_errors(self) -> dict[str, str]:
        """Field → message for every problem; subclasses add their own."""
        errors: dict[str, str] = {}
        if self.verified_on and self.verified_on > timezone.localdate():
            errors["verified_on"] = "核实日期不能晚于今天。"
        return errors

    def clean(self) -> None:
        errors = self.validation_errors()
        if errors:
            raise ValidationError(errors)


class AccountRuleQuerySet(RegionalQuerySet):
    def for_display(self) -> AccountRuleQuerySet:
        return self.select_related("region", "source").prefetch_related(
            "brackets", "deductions__source"
        )

    def drafts(self) -> AccountRuleQuerySet:
        return self.filter(status=Status.DRAFT)


class ReadersRuleManager(models.Manager.from_queryset(AccountRuleQuerySet)):  # type: ignore[misc]
    """``AccountRule.objects``: what readers may see, i.e. published values only.

    The one place that keeps drafts away from readers: every page, answer, feed and
    export goes through ``objects``. Editors' tools (admin, import, coverage) and the
    preview use ``all_objects`` (also the default manager, so the admin sees drafts).
    """

    def get_queryset(self) -> AccountRuleQuerySet:
        return super().get_queryset().filter(status=Status.PUBLISHED)


class AccountRule(RegionalValue):
    """One dated value of the personal-account credit for a region and category."""

    category = models.CharField("参保类别", max_length=10, choices=Category.choices)
    effective_from = models.DateField(
        "生效日期",
        help_text="本标准开始执行的日期。下一条标准的生效日期就是本条的结束，无需填写结束日期。",
    )
    start_is_publication_date = models.BooleanField(
        "生效日期为来源发布日期",
        default=False,
        help_text="来源没有写明生效日期时，填来源的发布日期并勾选此项；网站会说明“至少自该日起”。",
    )
    start_precision = models.CharField(
        "生效日期写到哪一级",
        max_length=10,
        choices=StartPrecision.choices,
        default=StartPrecision.DAY.value,
        help_text="来源只写了年月（如“2023年2月起”）或只写了年份时选对应一项，"
        "日期填当月或当年的1日；网站只显示到来源写明的那一级。",
    )
    pool = models.CharField(
        "适用范围",
        max_length=20,
        choices=Pool.choices,
        default=Pool.REGION_WIDE.value,
        help_text="省级标准才需要选：全省统一的，下辖城市没有自己的标准时沿用；"
        "只适用于省直、省本级单位参保人员的，下辖城市不沿用。",
    )
    subgroup = models.CharField(
        "适用人群（细分）",
        max_length=60,
        blank=True,
        help_text="同一地区、同一身份按缴费方式等再分几类时填写，如“一直按统账结合方式缴费”；"
        "读者会被问到属于哪一类。不分的留空。",
    )
    method = models.CharField(
        "划入方式",
        max_length=20,
        choices=Method.choices,
        help_text="按比例的方式填“比例”；定额方式填“金额”；分年龄段的在下方“年龄段”里逐段填写。",
    )
    rate = models.DecimalField(
        "比例（%）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=rate_validators,
        help_text="0 到 100 之间，如 2 表示 2%。",
    )
    amount = models.DecimalField(
        "金额（元）",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=amount_validators,
        help_text="每月定额填每月金额，每年定额填全年金额。",
    )
    reference_base = models.DecimalField(
        "当地平均养老金（元/月）",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=amount_validators,
        help_text="仅“按当地平均养老金的比例”需要：计算所依据的当地月人均基本养老金。",
    )
    reference_year = models.PositiveSmallIntegerField(
        "平均养老金所属年度",
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="按当地平均养老金的比例时，来源写明以哪一年的平均养老金为基数，就填哪一年。"
        "不知道平均养老金的金额时留空“当地平均养老金”：网站只说明比例，不算金额；"
        "录入了该年的“当地平均养老金”后，网站会据此计算。",
    )
    base_words = models.CharField(
        "来源对基数的原话",
        max_length=120,
        blank=True,
        help_text="按比例划入时照抄来源怎么说基数，如“2021年全市企业单位退休人员平均个人账户计入基数”"
        "“贵州省2022年退休人员月均养老金”；网站显示这句话，而不是笼统的“当地平均养老金”。",
    )
    qualifier = models.CharField(
        "来源的限定词",
        max_length=10,
        blank=True,
        choices=Qualifier.choices,
        help_text="来源在数字前后写了“一般”“约”“左右”时选对应一项，网站照样显示；"
        "选了限定词，精确程度就不能选“准确数”。",
    )
    conflict_note = models.TextField(
        "来源说法不一",
        blank=True,
        help_text="有其他来源给出不同数字时，简要写明；读者会看到“各方说法不一，以当地医保部门为准”。",
    )
    precision = models.CharField(
        "精确程度",
        max_length=10,
        choices=Precision.choices,
        default=Precision.EXACT.value,
        help_text="来源怎么说就怎么选：写明确数字选“准确数”；写“原则上不超过”“以内”选“上限”，"
        "网站显示“最多”；写“约”“左右”或作者自己估算的选“约数”，网站显示“约”。",
    )
    note = models.TextField(
        "给读者的说明",
        blank=True,
        help_text="可以留空：网站按上面的方式和数字自动生成说明（见“自动生成的说明”）。"
        "只在需要补充数字以外的内容时填写，不要重复金额，免得和数字对不上。",
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED.value,
        help_text="草稿只有编辑能看到（可用“预览”查看读者将看到的页面）；改为“已发布”后读者才能看到。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ReadersRuleManager()
    all_objects = AccountRuleQuerySet.as_manager()

    class Meta:
        verbose_name = "个人账户划入标准"
        verbose_name_plural = "个人账户划入标准"
        ordering = ["region__code", "category", "effective_from"]
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        # Who may make a value readers see: publishing a draft, saving or importing a
        # published value. Editors without it work on drafts only (policies/admin.py).
        permissions = [("publish_accountrule", "可以发布划入标准（读者可见）")]
        constraints = unique_per_region_or_national(
            ["category", "subgroup", "effective_from"],
            name="unique_rule_per_region_category_subgroup_date",
            message="该地区、该类别在这个生效日期已经有一条标准。",
            national_name="unique_national_rule_per_category_subgroup_date",
            national_message="全国标准在这个类别和生效日期已经有一条。",
        )

    def __str__(self) -> str:
        start = f"{self.effective_from:%Y-%m-%d}"
        return f"{self.region_label} · {self.get_category_display()} · {start} 起"

    # ``get_absolute_url`` (the calculator as of the rule's start) and the region's (its
    # page) are the answers layer's routes: set in ``settings.ABSOLUTE_URL_OVERRIDES``,
    # so this data layer never names them.

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    def previous(self) -> AccountRule | None:
        """The value this one follows: same region and category, the latest earlier start."""
        if self.effective_from is None:
            return None
        earlier = AccountRule.all_objects.filter(
            region_id=self.region_id,
            category=self.category,
            effective_from__lt=self.effective_from,
        ).exclude(pk=self.pk)
        return earlier.prefetch_related("brackets").order_by("-effective_from").first()

    def validation_errors(self) -> dict[str, str]:
        errors = super().validation_errors()
        if self.pool == Pool.PROVINCIAL_UNITS and (
            self.region is None or self.region.level != Region.Level.PROVINCE
        ):
            errors["pool"] = "“仅省直/省本级单位”只适用于省级地区的标准。"
        if self.qualifier and self.precision == Precision.EXACT:
            errors["precision"] = (
                f"来源写的是“{self.qualifier}”，不是准确数：请把精确程度改为“约数”或“上限”。"
            )
        if self.method in METHODS:
            errors.update(METHODS[self.method].figure_problems(self.rate, self.amount))
        return errors


class Deduction(models.Model):
    """A named monthly premium taken from the credited amount (北京 3 元 大病互助 …).

    Readers ask "为什么只到账97?": the answer shows what is credited, each deduction with
    its own source, and what arrives.
    """

    rule = models.ForeignKey(
        AccountRule, verbose_name="标准", on_delete=models.CASCADE, related_name="deductions"
    )
    label = models.CharField(
        "扣除项目", max_length=40, help_text="如“大病互助”“大病保险”“长护险”。"
    )
    amount = models.DecimalField(
        "每月扣除（元）", max_digits=8, decimal_places=2, validators=amount_validators
    )
    source = models.ForeignKey(
        Source, verbose_name="来源", on_delete=models.PROTECT, related_name="deductions"
    )
    verified_on = models.DateField("最后核实日期", null=True, blank=True, help_text=VERIFIED_HELP)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "每月扣除"
        verbose_name_plural = "每月扣除"
        ordering = ["rule", "pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.amount} 元/月"


class AgeBracket(models.Model):
    """Part of a rule value that applies to an age range (周岁, both ends included)."""

    rule = models.ForeignKey(
        AccountRule, verbose_name="标准", on_delete=models.CASCADE, related_name="brackets"
    )
    min_age = models.PositiveSmallIntegerField(
        "起始年龄（含）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(150)],
        help_text="年满多少周岁起适用，含本数（“以上”“届满”含本数）。留空表示不设下限。",
    )
    max_age = models.PositiveSmallIntegerField(
        "截止年龄（含）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(150)],
        help_text="到多少周岁为止，含本数（“以下”“以内”含本数；“不满70周岁”应填69）。留空表示不设上限。",
    )
    rate = models.DecimalField(
        "比例（%）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=rate_validators,
    )
    amount = models.DecimalField(
        "金额（元）",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=amount_validators,
        help_text="每月定额填每月金额，每年定额填全年金额。",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "年龄段"
        verbose_name_plural = "年龄段"
        ordering = ["rule", models.F("min_age").asc(nulls_first=True)]

    def __str__(self) -> str:
        return age_range_label(self.min_age, self.max_age)

    def clean(self) -> None:
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValidationError({"max_age": "截止年龄不能小于起始年龄。"})


class ContributionBaseLimit(RegionalValue):
    """The floor and ceiling a region sets on the contribution base for one year."""

    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    effective_from = models.DateField(
        "执行起始日期",
        null=True,
        blank=True,
        help_text="来源写明的起始日期，如福建每年7月1日起、成都2025年度从10月属期起。"
        "留空表示该年度1月1日起。上下限用到下一年度开始的前一天，最长12个月，不会顺延到更晚。",
    )
    floor = models.DecimalField(
        "缴费基数下限（元/月）", max_digits=10, decimal_places=2, validators=amount_validators
    )
    ceiling = models.DecimalField(
        "缴费基数上限（元/月）", max_digits=10, decimal_places=2, validators=amount_validators
    )

    class Meta:
        verbose_name = "缴费基数上下限"
        verbose_name_plural = "缴费基数上下限"
        ordering = ["region__code", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                name="unique_base_limit_per_region_year",
                violation_error_message="该地区这一年度的上下限已经录入过。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {self.year} 年缴费基数 {self.floor}–{self.ceiling} 元"

    @property
    def starts_on(self) -> dt.date:
        return self.effective_from or dt.date(self.year, 1, 1)

    def validation_errors(self) -> dict[str, str]:
        errors = super().validation_errors()
        if self.floor is not None and self.ceiling is not None and self.floor > self.ceiling:
            errors["ceiling"] = "上限不能低于下限。"
        return errors


class LocalChannel(RegionalValue):
    """A local way to reach the 医保 service: app, hotline, website or service hall.

    Shown in the guides' local box (and on the region page) with its source and
    verification; a city without a channel of some kind uses its province's.
    """

    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.CASCADE, related_name="channels"
    )
    kind = models.CharField("渠道", max_length=10, choices=ChannelKind.choices)
    value = models.CharField(
        "名称、号码或网址",
        max_length=300,
        help_text="App 或小程序的名称（如“随申办”）；热线带区号（如“021-12393”）；"
        "网站填完整网址（https://…);服务大厅写地址或办事说明。",
    )
    note = models.CharField("补充说明", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "本地服务渠道"
        verbose_name_plural = "本地服务渠道"
        ordering = ["region__code", "kind", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.region_label} · {self.get_kind_display()}:{self.value}"

    @property
    def is_url(self) -> bool:
        return self.kind == ChannelKind.WEBSITE

    def validation_errors(self) -> dict[str, str]:
        errors = super().validation_errors()
        if self.kind == ChannelKind.WEBSITE:
            try:
                URLValidator(schemes=["http", "https"])(self.value)
            except ValidationError:
                errors["value"] = "网站请填写以 http:// 或 https:// 开头的完整网址。"
        return errors


class RegionNote(RegionalValue):
    """A sourced fact about a region, or a national fact, that is not a figure to compute.

    National notes (region left empty) are the national principles pages show beside
    an answer: one row each, with its own source, instead of text in templates.
    """

    topic = models.CharField("主题", max_length=20, choices=Topic.choices, default=Topic.ACCOUNT)
    category = models.CharField(
        "参保类别",
        max_length=10,
        choices=Category.choices,
        blank=True,
        help_text="留空表示不限类别。",
    )
    text = models.TextField("说明")

    class Meta:
        verbose_name = "说明（地区或全国）"
        verbose_name_plural = "说明（地区或全国）"
        ordering = ["region__code", "pk"]

    def __str__(self) -> str:
        return f"{self.region_label}:{self.text[:30]}"


class AveragePension(RegionalValue):
    """A region's average monthly basic pension for a year: the base of percentage rules.

    With it, a rule like "2021年当地退休人员月均养老金的2.8%" becomes an amount; without it,
    the answer states the rule and gives no number.
    """

    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        "月平均基本养老金（元/月）", max_digits=10, decimal_places=2, validators=amount_validators
    )

    class Meta:
        verbose_name = "当地平均养老金"
        verbose_name_plural = "当地平均养老金"
        ordering = ["region__code", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                name="unique_average_pension_per_region_year",
                violation_error_message="该地区这一年度的平均养老金已经录入过。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {self.year} 年月平均基本养老金 {self.amount} 元"


class ReformDate(RegionalValue):
    """When the 门诊共济 reform (国办发〔2021〕14号) took effect in a region.

    Before it, the region's old rules applied, so the national ceiling is not an answer
    for earlier dates; where no date is recorded, answers warn that regions adopted the
    reform between 2021 and 2024.
    """

    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT)
    effective_from = models.DateField("实施日期")
    note = models.TextField("给读者的说明", blank=True)

    class Meta:
        verbose_name = "门诊共济改革实施日期"
        verbose_name_plural = "门诊共济改革实施日期"
        ordering = ["region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                name="unique_reform_date_per_region",
                violation_error_message="这个地区已经录入过改革实施日期。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {self.effective_from:%Y-%m-%d} 起实施门诊共济改革"


class SeedMark(models.Model):
    """A seed row that was created once; ``seed`` never creates or overwrites it again."""

    key = models.CharField("种子键", max_length=200, unique=True)
    created_at = models.DateTimeField("写入时间", auto_now_add=True)

    class Meta:
        verbose_name = "种子记录"
        verbose_name_plural = "种子记录"

    def __str__(self) -> str:
        return self.key


class CriticalIllnessRule(RegionalValue):
    """大病保险 for one region (or the national level), year and group: deductible and bands."""

    is_example = models.BooleanField(
        "示例数字（来源未注明地区）",
        default=False,
        help_text="来源只给了数字、没说是哪个地区时勾选；网站会明确告诉读者这只是示例。",
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    group = models.CharField("人群", max_length=10, choices=InsuredGroup.choices)
    threshold = models.DecimalField(
        "起付线（元/年）",
        max_digits=10,
        decimal_places=2,
        validators=amount_validators,
        help_text="一年内个人负担的合规医疗费用超过这个数，超出部分才按下方分段比例报销。",
    )
    cap = models.DecimalField(
        "年度最高支付限额（元）",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=amount_validators,
        help_text="没有可靠来源时留空，网站会提示读者限额未知。",
    )
    note = models.TextField("给读者的说明", blank=True)

    class Meta:
        verbose_name = "大病保险起付线"
        verbose_name_plural = "大病保险起付线"
        ordering = ["region__code", "-year", "group"]
        constraints = unique_per_region_or_national(
            ["year", "group"],
            name="unique_ci_rule_per_region_year_group",
            message="该地区这一年度、这类人群已经有一条起付线。",
            national_name="unique_national_ci_rule_per_year_group",
            national_message="全国这一年度、这类人群已经有一条起付线。",
        )

    def __str__(self) -> str:
        where = self.region_label
        if self.is_example:
            where += "（示例）"
        return f"{where} · {self.year} 年 · {self.get_group_display()}"

    @property
    def applies_to(self) -> str:
        """Where the figures apply, saying plainly when they are someone else's example."""
        label = self.region_label
        return f"{label}示例数字（来源未注明地区）" if self.is_example else label


class CriticalIllnessBand(models.Model):
    """One band of 大病保险 reimbursement, on the amount above the deductible."""

    rule = models.ForeignKey(
        CriticalIllnessRule, verbose_name="起付线", on_delete=models.CASCADE, related_name="bands"
    )
    lower = models.DecimalField(
        "超出起付线部分：从（元，含）",
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=amount_validators,
    )
    upper = models.DecimalField(
        "到（元，含；留空表示以上全部）",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=amount_validators,
    )
    rate = models.DecimalField(
        "报销比例（%）", max_digits=5, decimal_places=2, validators=rate_validators
    )
    source = models.ForeignKey(
        Source,
        verbose_name="比例来源",
        on_delete=models.PROTECT,
        related_name="critical_illness_bands",
    )
    verified_on = models.DateField("最后核实日期", null=True, blank=True, help_text=VERIFIED_HELP)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "报销分段"
        verbose_name_plural = "报销分段"
        ordering = ["rule", "lower"]

    def __str__(self) -> str:
        upper = f"{self.upper}" if self.upper is not None else "以上"
        return f"{self.lower}–{upper} 元：{self.rate}%"

    def clean(self) -> None:
        if self.upper is not None and self.lower is not None and self.upper <= self.lower:
            raise ValidationError({"upper": "分段的上端必须大于下端。"})


class LapseRule(RegionalValue):
    """What a gap in contributions costs: back-payment window and waiting period."""

    Situation = Situation

    scheme = models.CharField("险种", max_length=10, choices=Scheme.choices)
    situation = models.CharField(
        "适用情形", max_length=10, choices=Situation.choices, default=Situation.ANY
    )
    effective_from = models.DateField(
        "生效日期",
        null=True,
        blank=True,
        help_text="来源写明的起始日期（只写了年份的填当年1月1日，如 2025 年起填 2025-01-01）。"
        "网站不会把这条规定用于更早的日期。来源完全没有写日期时才留空。",
    )
    retro_months = models.PositiveSmallIntegerField(
        "断缴月数界限（含）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text="职工医保：断缴超过这个月数的，补缴后有下面的等待期；不超过的，"
        "来源写明补缴后可以追溯时勾选下一项。城乡居民留空。",
    )
    retroactive = models.BooleanField(
        "来源写明补缴后可追溯",
        default=False,
        help_text="来源明确写了“断缴不超过上面月数、补缴后待遇可以追溯”才勾选。"
        "不勾选时，网站只说来源没有写明能否追溯，请读者向参保地医保部门确认。",
    )
    waiting_months = models.PositiveSmallIntegerField(
        "等待期（月）",
        validators=[MaxValueValidator(60)],
        help_text="职工医保：断缴超过上面月数、补缴后的等待期；城乡居民：固定等待期。",
    )
    waiting_is_maximum = models.BooleanField(
        "等待期是上限",
        default=False,
        help_text="全国文件只规定“最长不超过”时勾选，网站会说明各地可能更短。",
    )
    extra_month_per_year = models.BooleanField(
        "每多断保一年加一个月",
        default=False,
        help_text="城乡居民：连续断保的，第一年之外每多断保一年，等待期加一个月。",
    )
    backpay_reduces = models.BooleanField(
        "每补缴一年减一个月",
        default=False,
        help_text="城乡居民：每补缴一年，可减少一个因断保增加的等待月数。",
    )
    long_gap_years = models.PositiveSmallIntegerField(
        "长期断保：连续断保年数（含）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(50)],
        help_text="城乡居民：连续断保达到这个年数的，补缴后等待期合计不少于下面的月数。没有这条规定留空。",
    )
    long_gap_min_months = models.PositiveSmallIntegerField(
        "长期断保：等待期至少（月）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
    )
    note = models.TextField("给读者的说明", blank=True)

    class Meta:
        verbose_name = "断缴与等待期规定"
        verbose_name_plural = "断缴与等待期规定"
        ordering = ["region__code", "scheme", "situation", "effective_from"]

    def __str__(self) -> str:
        return (
            f"{self.region_label} · {self.get_scheme_display()} · {self.get_situation_display()} · "
            f"{self.effective_from or '日期未注明'}"
        )
