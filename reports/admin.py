"""The moderation queue: readers' reports, newest first, counted per region.

Report text is only ever shown as plain, escaped text (no links, no HTML). "采纳并录入"
marks a report accepted and opens a new draft rule pre-filled with its region, category,
figure and a source made from its link or 文号 (grade 网络资料 until an editor checks it).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from policies.admin import rule_added
from policies.models import AccountRule, Source
from policies.terms import Grade, Status
from reports.models import Lead, Report, Unit
from reports.models import Status as ReportStatus
from yibao_site.lib.admin import EditorAdmin


def source_for(report: Report, *, may_create: bool = True) -> Source | None:
    """A source for the report's link or 文号: an existing one, else a new 网络资料 row
    (``None`` when there is none and ``may_create`` is false)."""
    if report.source_url:
        found = Source.objects.filter(url=report.source_url).order_by("pk").first()
        if found:
            return found
    if report.document_number:
        found = Source.objects.filter(document_number=report.document_number).order_by("pk").first()
        if found:
            return found
    if not may_create:
        return None
    title = report.document_number or report.source_url
    return Source.objects.create(
        title=f"读者提供：{title}"[:200],
        document_number=report.document_number,
        url=report.source_url,
        grade=Grade.WEB,
    )


def draft_rule_url(report: Report, source: Source) -> str:
    query: dict[str, Any] = {
        "region": report.region_id,
        "category": report.category,
        "method": report.method,
        "source": source.pk,
        "status": Status.DRAFT.value,
        "report": report.pk,
    }
    if report.unit == Unit.PERCENT:
        query["rate"] = report.amount
    else:
        query["amount"] = report.amount
    if report.effective_from:
        query["effective_from"] = f"{report.effective_from:%Y-%m-%d}"
    return reverse("admin:policies_accountrule_add") + "?" + urlencode(query)


@receiver(rule_added)
def link_report(sender: type, request: HttpRequest, rule: AccountRule, **kwargs: Any) -> None:
    """A rule added from "采纳并录入" remembers the report it came from."""
    pk = request.GET.get("report", "")
    if pk.isdigit():
        Report.objects.filter(pk=int(pk)).update(rule=rule, status=ReportStatus.ACCEPTED)


class RegionCountFilter(admin.SimpleListFilter):
    title = "地区"
    parameter_name = "region_code"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        rows = (
            Report.objects.values("region__code", "region__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "region__code")
        )
        return [(r["region__code"], f"{r['region__name']}({r['n']})") for r in rows]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(region__code=self.value()) if self.value() else queryset


class ModerationQueue(EditorAdmin):
    """A queue of things readers never see until an editor acts: "不采纳" and "重复" as list
    actions (each save in the history under the editor's name), and a POST-only
    ``<pk>/accept/`` view behind "采纳并录入" that opens the draft rule ``accept`` returns."""

    actions = ["mark_rejected", "mark_duplicate"]
    change_form_template = "admin/reports/accept_change_form.html"

    @admin.action(description="标为“不采纳”", permissions=["change"])
    def mark_rejected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._mark(request, queryset, ReportStatus.REJECTED)

    @admin.action(description="标为“重复”", permissions=["change"])
    def mark_duplicate(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._mark(request, queryset, ReportStatus.DUPLICATE)

    def _mark(self, request: HttpRequest, queryset: QuerySet, status: str) -> None:
        for item in queryset:
            item.status = status
            item._history_user = request.user
            item.save()
        noun = self.model._meta.verbose_name
        self.message_user(request, f"已更新 {queryset.count()} 条{noun}。", messages.SUCCESS)

    def accept(self, request: HttpRequest, item: Any) -> str | None:
        """What "采纳并录入" does to ``item``; returns the pre-filled "add rule" URL, or
        ``None`` when it needs a new source and the editor may not add sources."""
        return reverse("admin:policies_accountrule_add")

    def has_accept_permission(self, request: HttpRequest) -> bool:
        """Accepting changes the item and opens a new rule: both rights are needed."""
        return self.has_change_permission(request) and request.user.has_perm(
            "policies.add_accountrule"
        )

    def may_add_source(self, request: HttpRequest) -> bool:
        return request.user.has_perm("policies.add_source")

    def accept_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            noun = self.model._meta.verbose_name
            return HttpResponse(f"请用{noun}页上的“采纳并录入”按钮。", status=405)
        if not self.has_accept_permission(request):
            raise PermissionDenied
        item = get_object_or_404(self.model, pk=pk)
        with transaction.atomic():
            url = self.accept(request, item)
        if url is None:
            self.message_user(
                request,
                "这条线索的来源还没有录入，您没有新增来源的权限：请有权限的编辑先新增来源。",
                messages.ERROR,
            )
            name = f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_change"
            return HttpResponseRedirect(reverse(name, args=[item.pk]))
        return HttpResponseRedirect(url)

    def get_urls(self) -> list:
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}_accept"
        return [
            path("<int:pk>/accept/", self.admin_site.admin_view(self.accept_view), name=name),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        name = f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_accept"
        context = {
            **(extra_context or {}),
            "accept_url_name": name,
            "can_accept": self.has_accept_permission(request),
        }
        return super().change_view(request, object_id, form_url, context)


@admin.register(Report)
class ReportAdmin(ModerationQueue):
    list_display = [
        "created_at",
        "region",
        "category",
        "figure_display",
        "source_display",
        "status",
        "region_open",
    ]
    list_filter = ["status", RegionCountFilter, "category"]
    list_select_related = ["region", "rule"]
    search_fields = ["region__name", "region__code", "document_number", "source_url", "note"]
    readonly_fields = [
        "region",
        "category",
        "amount",
        "unit",
        "effective_from",
        "source_url_text",
        "document_number",
        "note",
        "contact",
        "created_at",
        "rule",
    ]
    fields = [*readonly_fields, "status", "moderator_note"]
    change_list_template = "admin/reports/report/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        open_in_region = (
            Report.objects.filter(region=OuterRef("region"), status=ReportStatus.NEW)
            .values("region")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super().get_queryset(request).annotate(open_here=Coalesce(Subquery(open_in_region), 0))
        )

    @admin.display(description="来源链接（未打开过，请复制到浏览器核对）")
    def source_url_text(self, obj: Report) -> str:
        return obj.source_url or "—"  # plain text: a reader's link is never made clickable

    @admin.display(description="报告的数字")
    def figure_display(self, obj: Report) -> str:
        return obj.figure

    @admin.display(description="来源")
    def source_display(self, obj: Report) -> str:
        return obj.document_number or obj.source_url[:80]

    @admin.display(description="本地区待处理", ordering="open_here")
    def region_open(self, obj: Report) -> int:
        return obj.open_here

    def accept(self, request: HttpRequest, item: Report) -> str | None:
        """Mark the report accepted, find or make its source, open a pre-filled draft."""
        source = source_for(item, may_create=self.may_add_source(request))
        if source is None:
            return None
        item.status = ReportStatus.ACCEPTED
        item._history_user = request.user
        item.save()
        return draft_rule_url(item, source)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        counts = (
            Report.objects.values("region__name", "region__code")
            .annotate(
                total=Count("pk"),
                open=Count("pk", filter=Q(status=ReportStatus.NEW)),
            )
            .order_by("-open", "-total", "region__code")[:30]
        )
        context = {**(extra_context or {}), "region_counts": counts}
        return super().changelist_view(request, context)


def lead_source(lead: Lead, *, may_create: bool = True) -> Source | None:
    """The lead's page as a source: an existing one with its URL, else a new row graded as
    the research table graded it (the page is never linked for readers until an editor
    marks it safe)."""
    if lead.url:
        found = Source.objects.filter(url=lead.url).order_by("pk").first()
        if found:
            return found
    if not may_create:
        return None
    where = lead.region.name if lead.region else lead.region_name
    return Source.objects.create(
        title=f"研究线索 {lead.lead_no}：{where}（待核实）"[:200],
        url=lead.url,
        grade=lead.grade or Grade.WEB,
    )


@receiver(rule_added)
def link_lead(sender: type, request: HttpRequest, rule: AccountRule, **kwargs: Any) -> None:
    """A rule added from a lead's "采纳并录入" remembers the lead it came from."""
    pk = request.GET.get("lead", "")
    if pk.isdigit():
        Lead.objects.filter(pk=int(pk)).update(rule=rule, status=ReportStatus.ACCEPTED)


class ConflictFilter(admin.SimpleListFilter):
    title = "与已发布标准冲突"
    parameter_name = "conflict"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "有冲突"), ("no", "无冲突")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.exclude(conflicts_with="")
        if self.value() == "no":
            return queryset.filter(conflicts_with="")
        return queryset


@admin.register(Lead)
class LeadAdmin(ModerationQueue):
    """The research table's unpublished figures: editors check each source, then reject,
    mark as duplicate, or open a pre-filled draft rule. Never shown to readers."""

    list_display = ["lead_no", "region_display", "category", "figure_short", "grade", "status"]
    list_filter = ["status", ConflictFilter, "grade", "category"]
    list_select_related = ["region", "rule"]
    search_fields = ["lead_no", "region__name", "region_name", "figure", "quote", "url", "reason"]
    readonly_fields = [
        "lead_no",
        "region",
        "region_name",
        "category",
        "figure",
        "effective",
        "quote",
        "url_text",
        "grade",
        "reason",
        "conflicts_with",
        "rule",
        "created_at",
    ]
    fields = [*readonly_fields, "status", "moderator_note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="地区", ordering="region__code")
    def region_display(self, obj: Lead) -> str:
        return obj.region.name if obj.region else obj.region_name or "—"

    @admin.display(description="线索内容")
    def figure_short(self, obj: Lead) -> str:
        return obj.figure if len(obj.figure) <= 60 else obj.figure[:59] + "…"

    @admin.display(description="来源链接（请复制到浏览器核对，多为转载页面）")
    def url_text(self, obj: Lead) -> str:
        return obj.url or "—"

    def accept(self, request: HttpRequest, item: Lead) -> str | None:
        """Find or make the source and open a draft rule with the lead's region and category
        (the figure is the editor's to enter after checking the page)."""
        source = lead_source(item, may_create=self.may_add_source(request))
        if source is None:
            return None
        query: dict[str, Any] = {
            "source": source.pk,
            "status": Status.DRAFT.value,
            "lead": item.pk,
        }
        if item.region_id:
            query["region"] = item.region_id
        if item.category:
            query["category"] = item.category
        return reverse("admin:policies_accountrule_add") + "?" + urlencode(query)


# The readers' "what arrived" queue and the figures published from it (issue 23).
from reports import arrived_admin  # noqa: E402, F401
