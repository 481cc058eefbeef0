"""The editors' queue of readers' "what arrived" reports, and the figures published from it.

``/admin/reports/arrivedreport/groups/`` lists every group (region × category × age range
× year): distinct readers, median, spread, outliers, and whether a published rule gives
the median (if not: a possible rule change). "发布" is a POST, allowed only to editors who
may add reader figures and only for groups with at least ``MIN_READERS`` distinct readers;
it creates (or refreshes) the group's ``ReaderFigure``. Nothing is published by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from policies.models import Region
from policies.terms import Category, age_range_label
from reports import arrived, figures
from reports.models import ArrivedReport, ReaderFigure
from yibao_site.lib.admin import EditorAdmin

PUBLISH_PERMISSION = "reports.add_readerfigure"


@dataclass
class Row:
    """One group as the queue shows it."""

    group: figures.Group
    region: Region
    rule_words: str
    disagrees: bool
    published: ReaderFigure | None

    @property
    def key(self) -> figures.Key:
        return self.group.key

    @property
    def category_label(self) -> str:
        return Category(self.key.category).label

    @property
    def age_range(self) -> str:
        return age_range_label(self.key.age_min, self.key.age_max)

    @property
    def key_text(self) -> str:
        k = self.key
        low = "" if k.age_min is None else k.age_min
        high = "" if k.age_max is None else k.age_max
        return f"{k.region_id}|{k.category}|{low}|{high}|{k.year}"


def parse_key(text: str) -> figures.Key | None:
    try:
        region_id, category, low, high, year = text.split("|")
        return figures.Key(
            int(region_id),
            category,
            int(low) if low else None,
            int(high) if high else None,
            int(year),
        )
    except ValueError:
        return None


def existing(key: figures.Key) -> ReaderFigure | None:
    return ReaderFigure.objects.filter(
        region_id=key.region_id,
        category=key.category,
        age_min=key.age_min,
        age_max=key.age_max,
        year=key.year,
    ).first()


def queue_rows() -> list[Row]:
    groups = arrived.groups()
    regions = Region.objects.in_bulk({g.key.region_id for g in groups})
    rows = []
    for group in groups:
        region = regions[group.key.region_id]
        amounts, approximate, words = arrived.rule_amounts(region, group.key)
        disagrees = bool(amounts) and not figures.agrees(group.median, amounts, approximate)
        rows.append(Row(group, region, words, disagrees, existing(group.key)))
    return rows


def publish(key: figures.Key, user: Any) -> ReaderFigure:
    """Create or refresh the group's reader figure from its reports as they are now."""
    group = next((g for g in arrived.groups() if g.key == key), None)
    if group is None or not group.publishable:
        raise ValueError("not publishable")
    values: dict[str, Any] = {
        "amount": group.median,
        "low": group.low,
        "high": group.high,
        "readers": group.readers,
        "first_month": group.first_month,
        "last_month": group.last_month,
        "published_by": user,
    }
    figure = existing(key)
    if figure is None:
        figure = ReaderFigure(
            region_id=key.region_id,
            category=key.category,
            age_min=key.age_min,
            age_max=key.age_max,
            year=key.year,
        )
    for name, value in values.items():
        setattr(figure, name, value)
    figure.published_at = timezone.now()
    figure.save()
    return figure


@admin.register(ArrivedReport)
class ArrivedReportAdmin(EditorAdmin):
    list_display = ["region", "category", "age", "age_range", "month", "amount", "created_at"]
    list_filter = ["category", ("month", admin.DateFieldListFilter)]
    search_fields = ["region__name", "region__code"]
    list_select_related = ["region"]
    readonly_fields = [
        "region",
        "category",
        "age",
        "age_min",
        "age_max",
        "month",
        "amount",
        "created_at",
    ]
    change_list_template = "admin/reports/arrivedreport/change_list.html"

    @admin.display(description="年龄段")
    def age_range(self, obj: ArrivedReport) -> str:
        return obj.age_range

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # readers send these; editors only read, group and delete them

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list:
        own = [
            path(
                "groups/",
                self.admin_site.admin_view(self.groups_view),
                name="reports_arrivedreport_groups",
            ),
            path(
                "groups/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="reports_arrivedreport_publish",
            ),
        ]
        return own + super().get_urls()

    def groups_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "读者到账反馈：分组汇总",
            "opts": self.model._meta,
            "rows": queue_rows(),
            "min_readers": figures.MIN_READERS,
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
        }
        return TemplateResponse(request, "admin/reports/arrivedreport/groups.html", context)

    def publish_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        back = reverse("admin:reports_arrivedreport_groups")
        key = parse_key(request.POST.get("key", ""))
        if key is None:
            messages.error(request, "没有找到这一组。")
            return HttpResponseRedirect(back)
        try:
            figure = publish(key, request.user)
        except ValueError:
            messages.error(request, f"这一组不到 {figures.MIN_READERS} 位不同的读者，还不能发布。")
            return HttpResponseRedirect(back)
        messages.success(request, f"已发布：{figure.region.name} {figure.sentence}。")
        return HttpResponseRedirect(back)


@admin.register(ReaderFigure)
class ReaderFigureAdmin(EditorAdmin):
    list_display = [
        "region",
        "category",
        "age_range",
        "year",
        "amount",
        "readers",
        "published_at",
        "published_by",
    ]
    list_filter = ["category", "year"]
    search_fields = ["region__name", "region__code"]
    list_select_related = ["region", "published_by"]
    fields = [
        "region",
        "category",
        "age_min",
        "age_max",
        "year",
        "amount",
        "low",
        "high",
        "readers",
        "first_month",
        "last_month",
        "published_at",
        "published_by",
        "note",
    ]
    readonly_fields = [f for f in fields if f != "note"]

    @admin.display(description="年龄段")
    def age_range(self, obj: ReaderFigure) -> str:
        return obj.age_range

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # published from the groups' queue only
