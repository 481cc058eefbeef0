"""Regions and the dated rules that decide how much reaches a personal account.

A rule is a history of dated values in the spirit of OpenFisca parameters: each
``AccountRule`` row is one value for a region (or the national default) and a
category, in force from ``effective_from`` until the next value's start. There are
no end dates. Every value carries its source, evidence grade and verification date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

MAX_AMOUNT = Decimal("1000000")


class Grade(models.TextChoices):
    OFFICIAL = "official", "官方文件"
    MEDIA = "media", "媒体报道"
    WEB = "web", "网络资料(待核实)"


class Category(models.TextChoices):
    EMPLOYEE = "employee", "在职职工"
    RETIREE = "retiree", "退休人员"
    FLEXIBLE = "flexible", "灵活就业人员"
    RESIDENT = "resident", "城乡居民"


class Method(models.TextChoices):
    PERCENT_BASE = "percent_base", "按本人缴费基数的比例"
    PERCENT_AVG_PENSION = "percent_avg_pension", "按当地平均养老金的比例"
    PERCENT_OWN_PENSION = "percent_own_pension", "按本人养老金的比例"
    FIXED_MONTHLY = "fixed_monthly", "每月定额"
    FIXED_YEARLY = "fixed_yearly", "每年定额"
    NONE = "none", "不设个人账户(不划入)"


PERCENT_METHODS = frozenset(
    {Method.PERCENT_BASE, Method.PERCENT_AVG_PENSION, Method.PERCENT_OWN_PENSION}
)
FIXED_METHODS = frozenset({Method.FIXED_MONTHLY, Method.FIXED_YEARLY})

rate_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
amount_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)]


def unique_per_region_or_national(
    fields: list[str], *, name: str, message: str, national_name: str, national_message: str
) -> list[models.UniqueConstraint]:
    """One row per region and ``fields``, and one national-default row (region left empty).

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
        help_text="GB/T 2260 六位代码,如 310000(上海市)、420100(武汉市)。",
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
    app_name = models.CharField(
        "本地医保 App / 小程序",
        max_length=100,
        blank=True,
        help_text="读者在指南里看到的本地官方 App、小程序或公众号名称,如“随申办”。",
    )
    hotline = models.CharField(
        "医保服务热线",
        max_length=50,
        blank=True,
        help_text="本地医保咨询电话,如“区号 + 12393”。",
    )
    website = models.URLField("医保局网站", blank=True)
    channels_verified_on = models.DateField("服务渠道核实日期", null=True, blank=True)

    objects = RegionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("policies:region", args=[self.code])

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

    title = models.CharField(
        "来源标题",
        max_length=200,
        help_text="文件名或文章标题,如“国务院办公厅关于建立健全职工基本医疗保险门诊共济保障机制的指导意见”。",
    )
    document_number = models.CharField(
        "文号", max_length=100, blank=True, help_text="官方文件的文号,如“国办发〔2021〕14号”。"
    )
    publisher = models.CharField("发布方", max_length=100, blank=True)
    url = models.URLField("链接", max_length=500, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    grade = models.CharField(
        "证据等级",
        max_length=10,
        choices=Grade.choices,
        help_text="官方文件:政府文件或官方媒体对文件的报道;媒体报道:有名称的报刊或门户;"
        "网络资料:普通网页或问答,网站上标注“待核实”。",
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


class AccountRuleQuerySet(models.QuerySet["AccountRule"]):
    def for_display(self) -> AccountRuleQuerySet:
        return self.select_related("region", "source").prefetch_related("brackets")

    def stale(self, today: dt.date | None = None) -> AccountRuleQuerySet:
        today = today or timezone.localdate()
        cutoff = today - dt.timedelta(days=settings.STALE_AFTER_DAYS)
        return self.filter(verified_on__lt=cutoff)

    def resolve(self, region: Region | None, category: str, on: dt.date) -> Resolution:
        """The value in force for ``region`` and ``category`` on a date.

        Looks at the region, then its province, then the national default. The first
        of them that has any value for the category decides: before its first value
        there is no answer (we do not guess what applied earlier).
        """
        chain: list[Region | None] = [*(region.lookup_chain() if region else []), None]
        region_ids = [r.pk for r in chain if r is not None]
        rows = list(
            self.filter(category=category)
            .filter(Q(region_id__in=region_ids) | Q(region__isnull=True))
            .select_related("region", "source")
            .prefetch_related("brackets")
            .order_by("effective_from")
        )
        by_level: dict[int | None, list[AccountRule]] = {}
        for row in rows:
            by_level.setdefault(row.region_id, []).append(row)
        return resolve_in(chain, lambda level: by_level.get(level.pk if level else None, []), on)


def resolve_in(
    chain: list[Region | None],
    values_of: Callable[[Region | None], list[AccountRule]],
    on: dt.date,
) -> Resolution:
    """Pick the deciding level of ``chain`` and the value in force on a date.

    ``values_of(level)`` gives a level's values in start order. The first level with
    any value decides; before its first value there is no current value.
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
        return Resolution(level=level, current=current, later=later, first=values[0])
    return Resolution(level=None, current=None, later=[], first=None)


@dataclass
class Resolution:
    """The outcome of a rule lookup: which level decided and what is in force."""

    level: Region | None
    current: AccountRule | None
    later: list[AccountRule] = field(default_factory=list)
    first: AccountRule | None = None

    @property
    def found_any(self) -> bool:
        return self.first is not None


class AccountRule(models.Model):
    """One dated value of the personal-account credit for a region and category."""

    region = models.ForeignKey(
        Region,
        verbose_name="地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account_rules",
        help_text="留空表示全国默认标准。地级市没有自己的标准时,沿用所在省的标准,再沿用全国默认。",
    )
    category = models.CharField("参保类别", max_length=10, choices=Category.choices)
    effective_from = models.DateField(
        "生效日期",
        help_text="本标准开始执行的日期。下一条标准的生效日期就是本条的结束,无需填写结束日期。",
    )
    start_is_publication_date = models.BooleanField(
        "生效日期为来源发布日期",
        default=False,
        help_text="来源没有写明生效日期时,填来源的发布日期并勾选此项;网站会说明“至少自该日起”。",
    )
    method = models.CharField(
        "划入方式",
        max_length=20,
        choices=Method.choices,
        help_text="按比例的方式填“比例”;定额方式填“金额”;分年龄段的在下方“年龄段”里逐段填写。",
    )
    rate = models.DecimalField(
        "比例(%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=rate_validators,
        help_text="0 到 100 之间,如 2 表示 2%。",
    )
    amount = models.DecimalField(
        "金额(元)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=amount_validators,
        help_text="每月定额填每月金额,每年定额填全年金额。",
    )
    reference_base = models.DecimalField(
        "当地平均养老金(元/月)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=amount_validators,
        help_text="仅“按当地平均养老金的比例”需要:计算所依据的当地月人均基本养老金。",
    )
    approximate = models.BooleanField(
        "来源给出的是约数", default=False, help_text="如来源写“约250元”,勾选后网站会提示读者。"
    )
    source = models.ForeignKey(
        Source, verbose_name="来源", on_delete=models.PROTECT, related_name="account_rules"
    )
    verified_on = models.DateField("最后核实日期", help_text="编辑最后一次对照来源核实本条的日期。")
    note = models.TextField("给读者的说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AccountRuleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "个人账户划入标准"
        verbose_name_plural = "个人账户划入标准"
        ordering = ["region__code", "category", "effective_from"]
        constraints = unique_per_region_or_national(
            ["category", "effective_from"],
            name="unique_rule_per_region_category_date",
            message="该地区、该类别在这个生效日期已经有一条标准。",
            national_name="unique_national_rule_per_category_date",
            national_message="全国默认标准在这个类别和生效日期已经有一条。",
        )

    def __str__(self) -> str:
        start = f"{self.effective_from:%Y-%m-%d}"
        return f"{self.region_label} · {self.get_category_display()} · {start} 起"

    def get_absolute_url(self) -> str:
        params = f"category={self.category}&on={self.effective_from:%Y-%m-%d}"
        if self.region_id and self.region:
            params = f"region={self.region.code}&{params}"
        return reverse("calculator:monthly") + "?" + params

    @property
    def region_label(self) -> str:
        return self.region.name if self.region_id and self.region else "全国默认"

    def is_stale(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (today - self.verified_on).days > settings.STALE_AFTER_DAYS

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.method == Method.PERCENT_AVG_PENSION and self.reference_base is None:
            errors["reference_base"] = "按当地平均养老金的比例划入时,请填写当地平均养老金。"
        if self.method == Method.NONE and (self.rate is not None or self.amount is not None):
            errors["method"] = "“不设个人账户”不需要比例或金额,请清空它们或改选划入方式。"
        if self.method in FIXED_METHODS and self.rate is not None:
            errors["rate"] = "定额方式不填比例,请把金额填在“金额”里。"
        if self.method in PERCENT_METHODS and self.amount is not None:
            errors["amount"] = "按比例的方式不填金额,请把比例填在“比例(%)”里。"
        if self.verified_on and self.verified_on > timezone.localdate():
            errors["verified_on"] = "核实日期不能晚于今天。"
        if errors:
            raise ValidationError(errors)


class AgeBracket(models.Model):
    """Part of a rule value that applies to an age range (周岁, both ends included)."""

    rule = models.ForeignKey(
        AccountRule, verbose_name="标准", on_delete=models.CASCADE, related_name="brackets"
    )
    min_age = models.PositiveSmallIntegerField(
        "起始年龄(含)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(150)],
        help_text="年满多少周岁起适用,含本数(“以上”“届满”含本数)。留空表示不设下限。",
    )
    max_age = models.PositiveSmallIntegerField(
        "截止年龄(含)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(150)],
        help_text="到多少周岁为止,含本数(“以下”“以内”含本数;“不满70周岁”应填69)。留空表示不设上限。",
    )
    rate = models.DecimalField(
        "比例(%)", max_digits=5, decimal_places=2, null=True, blank=True, validators=rate_validators
    )
    amount = models.DecimalField(
        "金额(元)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=amount_validators,
        help_text="每月定额填每月金额,每年定额填全年金额。",
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


def age_range_label(min_age: int | None, max_age: int | None) -> str:
    """Words for an inclusive age range, following Civil Code art. 1259."""
    if min_age is None and max_age is None:
        return "不分年龄"
    if min_age is None:
        return f"{max_age}周岁及以下"
    if max_age is None:
        return f"{min_age}周岁及以上"
    if min_age == max_age:
        return f"{min_age}周岁"
    return f"{min_age}至{max_age}周岁"


class ContributionBaseLimit(models.Model):
    """The floor and ceiling a region sets on the contribution base for one year."""

    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.PROTECT, related_name="base_limits"
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    floor = models.DecimalField(
        "缴费基数下限(元/月)", max_digits=10, decimal_places=2, validators=amount_validators
    )
    ceiling = models.DecimalField(
        "缴费基数上限(元/月)", max_digits=10, decimal_places=2, validators=amount_validators
    )
    source = models.ForeignKey(
        Source, verbose_name="来源", on_delete=models.PROTECT, related_name="base_limits"
    )
    verified_on = models.DateField("最后核实日期")

    history = HistoricalRecords()

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

    def clean(self) -> None:
        if self.floor is not None and self.ceiling is not None and self.floor > self.ceiling:
            raise ValidationError({"ceiling": "上限不能低于下限。"})

    @classmethod
    def for_region(cls, region: Region | None, year: int) -> ContributionBaseLimit | None:
        """The limits of the region, else of its province, for a year."""
        if region is None:
            return None
        chain = region.lookup_chain()
        rows = {
            row.region_id: row
            for row in cls.objects.filter(region__in=chain, year=year).select_related("source")
        }
        for level in chain:
            if level.pk in rows:
                return rows[level.pk]
        return None


class RegionNote(models.Model):
    """A sourced fact about a region that is not a figure the calculator can use."""

    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.CASCADE, related_name="notes"
    )
    category = models.CharField(
        "参保类别",
        max_length=10,
        choices=Category.choices,
        blank=True,
        help_text="留空表示不限类别。",
    )
    text = models.TextField("说明")
    source = models.ForeignKey(
        Source, verbose_name="来源", on_delete=models.PROTECT, related_name="region_notes"
    )
    verified_on = models.DateField("最后核实日期")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "地区说明"
        verbose_name_plural = "地区说明"
        ordering = ["region__code", "pk"]

    def __str__(self) -> str:
        return f"{self.region.name}:{self.text[:30]}"


REGION_CHOICES_CACHE_KEY = "policies:region-choices:v1"


def region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Regions grouped by province for a ``<select>``, cached until a region changes."""
    from django.core.cache import cache

    cached = cache.get(REGION_CHOICES_CACHE_KEY)
    if cached is not None:
        return cached
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    for region in Region.objects.order_by("code").only("id", "code", "name", "level", "parent_id"):
        if region.level == Region.Level.PROVINCE:
            groups[region.pk] = (region.name, [(region.code, f"{region.name}(全省/全市)")])
        elif region.parent_id in groups:
            groups[region.parent_id][1].append((region.code, region.name))
    choices = list(groups.values())
    # Saves clear it at once in a shared cache; per-process caches catch up within 5 minutes.
    cache.set(REGION_CHOICES_CACHE_KEY, choices, 300)
    return choices


def forget_region_choices(**kwargs: object) -> None:
    from django.core.cache import cache

    cache.delete(REGION_CHOICES_CACHE_KEY)


models.signals.post_save.connect(forget_region_choices, sender=Region)
models.signals.post_delete.connect(forget_region_choices, sender=Region)


class SeedMark(models.Model):
    """A seed row that was created once; ``seed`` never creates or overwrites it again."""

    key = models.CharField("种子键", max_length=200, unique=True)
    created_at = models.DateTimeField("写入时间", auto_now_add=True)

    class Meta:
        verbose_name = "种子记录"
        verbose_name_plural = "种子记录"

    def __str__(self) -> str:
        return self.key


# --- Issue 4: 大病保险, lapse rules, open-data cache -----------------------------------


class InsuredGroup(models.TextChoices):
    ORDINARY = "ordinary", "普通参保人"
    SPECIAL = "special", "特殊群体(低保、特困、返贫致贫人口等)"


class CriticalIllnessRuleQuerySet(models.QuerySet["CriticalIllnessRule"]):
    def resolve(self, region: Region | None, year: int, group: str) -> CriticalIllnessRule | None:
        """The rule for a year and group: the region, then its province, then national."""
        chain: list[Region | None] = [*(region.lookup_chain() if region else []), None]
        ids = [r.pk for r in chain if r is not None]
        rows = {
            row.region_id: row
            for row in self.filter(year=year, group=group)
            .filter(Q(region_id__in=ids) | Q(region__isnull=True))
            .select_related("region", "source")
            .prefetch_related("bands__source")
        }
        for level in chain:
            key = level.pk if level is not None else None
            if key in rows:
                return rows[key]
        return None


class CriticalIllnessRule(models.Model):
    """大病保险 for one region (or national level), year and group: deductible and bands."""

    region = models.ForeignKey(
        Region,
        verbose_name="地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="critical_illness_rules",
        help_text="留空表示全国层面的数字。城市没有自己的数字时沿用所在省,再沿用全国层面。",
    )
    is_example = models.BooleanField(
        "示例数字(来源未注明地区)",
        default=False,
        help_text="来源只给了数字、没说是哪个地区时勾选;网站会明确告诉读者这只是示例。",
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    group = models.CharField("人群", max_length=10, choices=InsuredGroup.choices)
    threshold = models.DecimalField(
        "起付线(元/年)",
        max_digits=10,
        decimal_places=2,
        validators=amount_validators,
        help_text="一年内个人负担的合规医疗费用超过这个数,超出部分才按下方分段比例报销。",
    )
    cap = models.DecimalField(
        "年度最高支付限额(元)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=amount_validators,
        help_text="没有可靠来源时留空,网站会提示读者限额未知。",
    )
    source = models.ForeignKey(
        Source,
        verbose_name="起付线来源",
        on_delete=models.PROTECT,
        related_name="critical_illness_rules",
    )
    verified_on = models.DateField("最后核实日期")
    note = models.TextField("给读者的说明", blank=True)

    objects = CriticalIllnessRuleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "大病保险起付线"
        verbose_name_plural = "大病保险起付线"
        ordering = ["region__code", "-year", "group"]
        constraints = unique_per_region_or_national(
            ["year", "group"],
            name="unique_ci_rule_per_region_year_group",
            message="该地区这一年度、这类人群已经有一条起付线。",
            national_name="unique_national_ci_rule_per_year_group",
            national_message="全国层面这一年度、这类人群已经有一条起付线。",
        )

    def __str__(self) -> str:
        where = self.region.name if self.region_id and self.region else "全国层面"
        if self.is_example:
            where += "(示例)"
        return f"{where} · {self.year} 年 · {self.get_group_display()}"

    @property
    def region_label(self) -> str:
        label = self.region.name if self.region_id and self.region else "全国层面"
        return f"{label}示例数字(来源未注明地区)" if self.is_example else label


class CriticalIllnessBand(models.Model):
    """One band of 大病保险 reimbursement, on the amount above the deductible."""

    rule = models.ForeignKey(
        CriticalIllnessRule, verbose_name="起付线", on_delete=models.CASCADE, related_name="bands"
    )
    lower = models.DecimalField(
        "超出起付线部分:从(元,含)",
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=amount_validators,
    )
    upper = models.DecimalField(
        "到(元,含;留空表示以上全部)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=amount_validators,
    )
    rate = models.DecimalField(
        "报销比例(%)", max_digits=5, decimal_places=2, validators=rate_validators
    )
    source = models.ForeignKey(
        Source,
        verbose_name="比例来源",
        on_delete=models.PROTECT,
        related_name="critical_illness_bands",
    )
    verified_on = models.DateField("最后核实日期")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "报销分段"
        verbose_name_plural = "报销分段"
        ordering = ["rule", "lower"]

    def __str__(self) -> str:
        upper = f"{self.upper}" if self.upper is not None else "以上"
        return f"{self.lower}–{upper} 元:{self.rate}%"

    def clean(self) -> None:
        if self.upper is not None and self.lower is not None and self.upper <= self.lower:
            raise ValidationError({"upper": "分段的上端必须大于下端。"})


class Scheme(models.TextChoices):
    EMPLOYEE = "employee", "职工医保"
    RESIDENT = "resident", "城乡居民医保"


class LapseRuleQuerySet(models.QuerySet["LapseRule"]):
    def resolve(
        self, region: Region | None, scheme: str, moving: bool, on: dt.date
    ) -> LapseRule | None:
        """The rule in force on a date: region, province, then national; movers first."""
        chain: list[Region | None] = [*(region.lookup_chain() if region else []), None]
        ids = [r.pk for r in chain if r is not None]
        situations = [LapseRule.Situation.ANY]
        situations.insert(0, LapseRule.Situation.MOVING if moving else LapseRule.Situation.STAYING)
        rows = list(
            self.filter(scheme=scheme, situation__in=situations)
            .filter(Q(effective_from__lte=on) | Q(effective_from__isnull=True))
            .filter(Q(region_id__in=ids) | Q(region__isnull=True))
            .select_related("region", "source")
            .order_by(models.F("effective_from").desc(nulls_last=True))
        )
        for level in chain:
            key = level.pk if level is not None else None
            for situation in situations:
                for row in rows:
                    if row.region_id == key and row.situation == situation:
                        return row
        return None


class LapseRule(models.Model):
    """What a gap in contributions costs: back-payment window and waiting period."""

    class Situation(models.TextChoices):
        MOVING = "moving", "跨统筹地区转移接续时"
        STAYING = "staying", "未跨地区(本地断缴)"
        ANY = "any", "不区分"

    region = models.ForeignKey(
        Region,
        verbose_name="地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lapse_rules",
        help_text="留空表示全国规定。填了地区的规定优先于全国规定。",
    )
    scheme = models.CharField("险种", max_length=10, choices=Scheme.choices)
    situation = models.CharField(
        "适用情形", max_length=10, choices=Situation.choices, default=Situation.ANY
    )
    effective_from = models.DateField(
        "生效日期",
        null=True,
        blank=True,
        help_text="来源没有写明具体日期时留空,并在说明里写清楚(如“2025 年起”)。",
    )
    retro_months = models.PositiveSmallIntegerField(
        "可补缴追溯的断缴月数(含)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text="职工医保:断缴不超过这个月数、补缴后待遇可以追溯。城乡居民留空。",
    )
    waiting_months = models.PositiveSmallIntegerField(
        "等待期(月)",
        validators=[MaxValueValidator(60)],
        help_text="职工医保:断缴超过上面月数、补缴后的等待期;城乡居民:固定等待期。",
    )
    waiting_is_maximum = models.BooleanField(
        "等待期是上限",
        default=False,
        help_text="全国文件只规定“最长不超过”时勾选,网站会说明各地可能更短。",
    )
    extra_month_per_year = models.BooleanField(
        "每多断保一年加一个月",
        default=False,
        help_text="城乡居民:连续断保的,第一年之外每多断保一年,等待期加一个月。",
    )
    backpay_reduces = models.BooleanField(
        "每补缴一年减一个月",
        default=False,
        help_text="城乡居民:每补缴一年,可减少一个因断保增加的等待月数。",
    )
    source = models.ForeignKey(
        Source, verbose_name="来源", on_delete=models.PROTECT, related_name="lapse_rules"
    )
    verified_on = models.DateField("最后核实日期")
    note = models.TextField("给读者的说明", blank=True)

    objects = LapseRuleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "断缴与等待期规定"
        verbose_name_plural = "断缴与等待期规定"
        ordering = ["region__code", "scheme", "situation", "effective_from"]

    def __str__(self) -> str:
        where = self.region.name if self.region_id and self.region else "全国"
        return (
            f"{where} · {self.get_scheme_display()} · {self.get_situation_display()} · "
            f"{self.effective_from or '日期未注明'}"
        )

    @property
    def region_label(self) -> str:
        return self.region.name if self.region_id and self.region else "全国"


OPEN_DATA_CACHE_KEY = "policies:open-data:v1"


def forget_open_data(**kwargs: object) -> None:
    from django.core.cache import cache

    cache.delete(OPEN_DATA_CACHE_KEY)


for _model in (AccountRule, AgeBracket, Source, Region):
    models.signals.post_save.connect(forget_open_data, sender=_model)
    models.signals.post_delete.connect(forget_open_data, sender=_model)
