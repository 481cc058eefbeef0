"""The admin editors use to keep regions and rules current."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from policies.models import (
    AccountRule,
    AgeBracket,
    ContributionBaseLimit,
    CriticalIllnessBand,
    CriticalIllnessRule,
    LapseRule,
    Region,
    RegionNote,
    Source,
)
from policies.terms import FIXED_METHODS, NATIONAL, PERCENT_METHODS, Method, age_range_label


class StaleFilter(admin.SimpleListFilter):
    title = "核实状态"
    parameter_name = "stale"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [
            ("yes", f"超过 {settings.STALE_AFTER_DAYS} 天未核实"),
            ("no", "近期核实过"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        cutoff = timezone.localdate() - dt.timedelta(days=settings.STALE_AFTER_DAYS)
        if self.value() == "yes":
            return queryset.filter(verified_on__lt=cutoff)
        if self.value() == "no":
            return queryset.filter(verified_on__gte=cutoff)
        return queryset


class NationalOrRegionFilter(admin.SimpleListFilter):
    title = "地区"
    parameter_name = "scope"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        used = model_admin.model.objects.filter(region__isnull=False).values("region")
        regions = Region.objects.filter(pk__in=used).order_by("code")
        return [("national", NATIONAL)] + [(r.code, r.name) for r in regions]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == "national":
            return queryset.filter(region__isnull=True)
        if value:
            return queryset.filter(region__code=value)
        return queryset


class AgeBracketFormSet(BaseInlineFormSet):
    """Brackets must be ordered, must not overlap or leave gaps, and must match the method."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        rows = []
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            rows.append(form.cleaned_data)
        method = self.instance.method
        if not rows:
            if method in PERCENT_METHODS and self.instance.rate is None:
                raise ValidationError("请填写“比例(%)”,或在下方按年龄段逐段填写比例。")
            if method in FIXED_METHODS and self.instance.amount is None:
                raise ValidationError("请填写“金额(元)”,或在下方按年龄段逐段填写金额。")
            return
        if method == Method.NONE:
            raise ValidationError("“不设个人账户”不需要年龄段,请删除下方的年龄段。")
        if self.instance.rate is not None or self.instance.amount is not None:
            raise ValidationError("分了年龄段时,比例或金额请填在各年龄段里,上方的比例和金额留空。")
        for row in rows:
            label = age_range_label(row.get("min_age"), row.get("max_age"))
            if method in PERCENT_METHODS and row.get("rate") is None:
                raise ValidationError(f"年龄段“{label}”缺少比例。")
            if method in PERCENT_METHODS and row.get("amount") is not None:
                raise ValidationError(f"年龄段“{label}”:按比例的方式不填金额。")
            if method in FIXED_METHODS and row.get("amount") is None:
                raise ValidationError(f"年龄段“{label}”缺少金额。")
            if method in FIXED_METHODS and row.get("rate") is not None:
                raise ValidationError(f"年龄段“{label}”:定额方式不填比例。")
        bracket_errors = check_brackets([(r.get("min_age"), r.get("max_age")) for r in rows])
        if bracket_errors:
            raise ValidationError(bracket_errors)


def check_brackets(ranges: list[tuple[int | None, int | None]]) -> list[str]:
    """Problems with a set of inclusive age ranges, in the order a reader would fix them."""
    errors: list[str] = []
    ordered = sorted(ranges, key=lambda r: -1 if r[0] is None else r[0])
    if ordered != ranges:
        errors.append("年龄段请按年龄从小到大排列。")
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        low_label = age_range_label(*lower)
        up_label = age_range_label(*upper)
        if lower[1] is None or (upper[0] is not None and upper[0] <= lower[1]) or upper[0] is None:
            errors.append(f"年龄段“{low_label}”和“{up_label}”重叠了。")
        elif upper[0] != lower[1] + 1:
            errors.append(
                f"年龄段“{low_label}”和“{up_label}”之间有空档({lower[1] + 1}至{upper[0] - 1}周岁)。"
            )
    return errors


class AgeBracketInline(admin.TabularInline):
    model = AgeBracket
    formset = AgeBracketFormSet
    extra = 0
    fields = ["min_age", "max_age", "rate", "amount"]
    verbose_name = "年龄段"
    verbose_name_plural = "年龄段(可选:不同年龄划入不同金额或比例时逐段填写,两端均含本数)"


@admin.register(AccountRule)
class AccountRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "method",
        "figure",
        "grade",
        "verified_on",
        "is_stale_display",
    ]
    list_filter = [
        NationalOrRegionFilter,
        "category",
        "method",
        ("source__grade", admin.ChoicesFieldListFilter),
        StaleFilter,
    ]
    search_fields = [
        "region__name",
        "region__code",
        "source__title",
        "source__document_number",
        "note",
    ]
    list_select_related = ["region", "source"]
    autocomplete_fields = ["region", "source"]
    date_hierarchy = "effective_from"
    inlines = [AgeBracketInline]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["region", "category", "effective_from", "start_is_publication_date"]}),
        (
            "划入方式与金额",
            {"fields": ["method", "rate", "amount", "reference_base", "precision"]},
        ),
        ("来源与核实", {"fields": ["source", "verified_on", "note"]}),
        ("记录", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("brackets")

    @admin.display(description="比例/金额")
    def figure(self, obj: AccountRule) -> str:
        if obj.brackets.all():
            parts = [
                f"{b}:{b.rate}%" if b.rate is not None else f"{b}:{b.amount} 元"
                for b in obj.brackets.all()
            ]
            return ";".join(parts)
        if obj.rate is not None:
            return f"{obj.rate}%"
        if obj.amount is not None:
            return f"{obj.amount} 元"
        return "—"

    @admin.display(description="证据等级", ordering="source__grade")
    def grade(self, obj: AccountRule) -> str:
        return obj.source.get_grade_display()

    @admin.display(description="需要重新核实", boolean=True)
    def is_stale_display(self, obj: AccountRule) -> bool:
        return obj.is_stale()


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "document_number", "publisher", "published_on", "grade", "key"]
    list_filter = ["grade"]
    search_fields = ["title", "document_number", "publisher", "url", "key"]


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["code", "name", "level", "parent"]}),
    ]


@admin.register(ContributionBaseLimit)
class ContributionBaseLimitAdmin(SimpleHistoryAdmin):
    list_display = ["region", "year", "floor", "ceiling", "verified_on"]
    list_filter = ["year", StaleFilter]
    search_fields = ["region__name", "region__code"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "source"]


@admin.register(RegionNote)
class RegionNoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "topic", "category", "verified_on"]
    list_filter = [NationalOrRegionFilter, "topic", "category", StaleFilter]
    search_fields = ["region__name", "text"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "source"]


# --- Issue 4: 大病保险 and lapse rules -------------------------------------------------


class CriticalIllnessBandInline(admin.TabularInline):
    model = CriticalIllnessBand
    extra = 0
    fields = ["lower", "upper", "rate", "source", "verified_on"]
    autocomplete_fields = ["source"]
    verbose_name = "报销分段"
    verbose_name_plural = "报销分段(按超出起付线的金额分段,每段一个比例)"


@admin.register(CriticalIllnessRule)
class CriticalIllnessRuleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "threshold", "cap", "is_example", "grade", "verified_on"]
    list_filter = ["year", "group", "is_example", ("source__grade", admin.ChoicesFieldListFilter)]
    search_fields = ["region__name", "region__code", "note", "source__title"]
    list_select_related = ["region", "source"]
    autocomplete_fields = ["region", "source"]
    inlines = [CriticalIllnessBandInline]

    @admin.display(description="证据等级", ordering="source__grade")
    def grade(self, obj: CriticalIllnessRule) -> str:
        return obj.source.get_grade_display()


@admin.register(LapseRule)
class LapseRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "retro_months",
        "waiting_months",
        "waiting_is_maximum",
        "grade",
        "verified_on",
    ]
    list_filter = ["scheme", "situation", ("source__grade", admin.ChoicesFieldListFilter)]
    search_fields = ["region__name", "region__code", "note", "source__title"]
    list_select_related = ["region", "source"]
    autocomplete_fields = ["region", "source"]

    @admin.display(description="证据等级", ordering="source__grade")
    def grade(self, obj: LapseRule) -> str:
        return obj.source.get_grade_display()
