"""The admin editors use to keep regions and rules current.

Every model admin here is an ``EditorAdmin`` (``yibao_site.lib.admin``): a stale form is
refused instead of overwriting someone else's save, and history and revert cover inline
rows. On top of that, for rules: a sanity check that needs an explicit "确认保存", drafts
with a preview, "new version from this rule", import/export (``policies.resources``) and
the coverage dashboard (``/admin/policies/coverage/``, ``policies.coverage``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections import Counter
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.dispatch import Signal
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from import_export.signals import post_import

from policies import brackets, sanity
from policies.coverage import FILTER_STATES, coverage
from policies.describe import describe
from policies.importing import KIND_WORDS, row_problems
from policies.lookup import plain_value
from policies.models import (
    AccountRule,
    AgeBracket,
    AveragePension,
    ContributionBaseLimit,
    CriticalIllnessBand,
    CriticalIllnessRule,
    Deduction,
    LapseRule,
    LocalChannel,
    ReformDate,
    Region,
    RegionNote,
    Source,
)
from policies.resources import (
    PUBLISH_PERMISSION,
    BaseLimitResource,
    ChannelResource,
    RuleResource,
    SourceResource,
    columns,
    figures_of,
)
from policies.terms import NATIONAL, Category, Status
from yibao_site.lib.admin import EditorAdmin, yes_no_icon
from yibao_site.lib.spreadsheet import (
    CSV,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    UPLOAD_TTL_SECONDS,
    XLSX,
    ExpiringUploads,
    FileUnreadable,
)

# Imports that write more rows than this leave no admin log line per row (see
# ``ImportExportAdmin.generate_log_entries``).
LOGGED_ROWS = 500
# Regions per page of the coverage dashboard.
COVERAGE_PAGE = 100

# Sent after an editor adds a rule in the admin (``request`` and ``rule``): apps above
# policies react without policies knowing them (reports links the report it came from).
rule_added = Signal()


def has_model_perm(user: Any, model: Any, action: str) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")


def can_publish(user: Any) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


class UploadForm(ImportForm):
    """The import's first step; a file over the size limit is refused before it is read."""

    def clean_import_file(self) -> Any:
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"文件有 {upload.size / 1024 / 1024:.1f} MB，超过了 "
                f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB 的上限；请分成几个文件分别导入。"
            )
        return upload


class ConfirmForm(ConfirmImportForm):
    confirm_warnings = forms.BooleanField(
        required=False, label="我已对照来源核对上面列出的行，数字无误，确认导入"
    )


def preview_path(storage: ExpiringUploads) -> str:
    return storage.path() + ".preview.json"


class ImportExportAdmin(ImportExportMixin, EditorAdmin):
    """CSV and XLSX, dry run first (django-import-export's confirm step), with:

    - permissions: import needs add and change on the model, export needs view; what a
      file may do beyond that (publish, add sources) is decided per row by the resource;
    - the preview lists every row to be written with all its columns, and the rows whose
      figures are unusual; those are applied only when the editor ticks a box naming them;
    - "确认导入" refuses, naming the rows, when any of them changed after the preview;
    - uploads over ``MAX_UPLOAD_BYTES`` are refused, unconfirmed ones expire, and no
      error ever shows a traceback.
    """

    formats = [CSV, XLSX]
    import_form_class = UploadForm
    confirm_form_class = ConfirmForm
    export_form_class = ExportForm  # every column, so an export imports back unchanged
    tmp_storage_class = ExpiringUploads
    import_template_name = "admin/policies/import.html"

    def get_urls(self) -> list:
        name = f"{self.opts.app_label}_{self.opts.model_name}_import_help"
        view = self.admin_site.admin_view(self.import_help_view)
        return [path("import/help/", view, name=name), *super().get_urls()]

    def import_help_view(self, request: HttpRequest) -> HttpResponse:
        """Every column of the file (from the resource and the models), and an example
        file: the first rows of the real export."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        resource_class = self.get_import_resource_classes(request)[0]
        if request.GET.get("example") == "csv":
            resource = resource_class()
            dataset = resource.export(resource.get_queryset()[:3])
            response = HttpResponse(CSV().export_data(dataset), content_type="text/csv")
            name = f"{self.opts.model_name}-example.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": f"导入说明：{self.opts.verbose_name}",
            "opts": self.opts,
            "columns": columns(resource_class),
            "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
            "max_rows": MAX_ROWS,
            "ttl_hours": UPLOAD_TTL_SECONDS // 3600,
            "has_import_permission": self.has_import_permission(request),
        }
        return TemplateResponse(request, "admin/policies/import_help.html", context)

    def generate_log_entries(self, result: Any, request: HttpRequest) -> None:
        """The admin's "最近动作" gets a line per written row for ordinary files; a big
        file's rows are in each row's history (who, when, what) without them."""
        if result.totals["new"] + result.totals["update"] <= LOGGED_ROWS:
            super().generate_log_entries(result, request)

    def has_import_permission(self, request: HttpRequest) -> bool:
        return all(has_model_perm(request.user, self.model, a) for a in ("add", "change"))

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def add_data_read_fail_error_to_form(self, form: forms.Form, e: Exception) -> None:
        if isinstance(e, FileUnreadable):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                "读不出这个文件：请确认它是 CSV 或 Excel 工作簿（.xlsx），格式选对了。",
            )

    def resource(self, request: HttpRequest) -> Any:
        return self.get_import_resource_classes(request)[0]()

    def preview_context(self, request: HttpRequest, result: Any) -> dict[str, Any]:
        """Rows for the template: the problems, the warned rows, and each row to be
        written with every column (changed cells marked)."""
        rows = []
        for row in result.rows:
            cells = getattr(row, "cells", None)
            if cells is None:
                continue
            before = getattr(row, "cells_before", None) or [None] * len(cells)
            marked = [
                (value, old is not None and str(old) != str(value), old)
                for value, old in zip(cells, before, strict=False)
            ]
            rows.append(
                {
                    "line": row.line,
                    "kind": KIND_WORDS.get(row.import_type, row.import_type),
                    "cells": marked,
                    "warnings": row.warnings,
                }
            )
        counts = Counter(KIND_WORDS.get(r.import_type, r.import_type) for r in result.rows)
        written = sum(1 for r in result.rows if r.import_type in ("new", "update"))
        return {
            "problems": row_problems(self.resource(request), result),
            "warned": sorted(getattr(result, "warned", {}).items()),
            "preview_rows": rows,
            "preview_more": max(0, written - len(rows)),
            "preview_headers": getattr(result, "headers", []),
            "counts": [(w, counts[w]) for w in ("新增", "修改", "不变", "错误")],
            "publisher": can_publish(request.user),
        }

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is None or context.get("result") is None:
            return response
        result = context["result"]
        context.update(self.preview_context(request, result))
        confirm = context.get("confirm_form")
        if confirm is not None:
            warned = sorted(getattr(result, "warned", {}))
            if warned:
                lines = "、".join(str(n) for n in warned)
                confirm.fields[
                    "confirm_warnings"
                ].label = f"我已对照来源核对第 {lines} 行的数字，确认按文件导入"
            else:
                confirm.fields["confirm_warnings"].widget = forms.HiddenInput()
            storage = ExpiringUploads(name=confirm.initial["import_file_name"])
            with open(preview_path(storage), "w", encoding="utf-8") as file:
                json.dump({"states": result.preview_states, "warned": warned}, file)
        return response

    def refuse(
        self, request: HttpRequest, message: str, extra: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The import page again with what went wrong, for a fresh upload."""
        form = self.get_import_form_class(request)(
            self.get_import_formats(), self.get_import_resource_classes(request)
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "导入",
            "opts": self.model._meta,
            "form": form,
            "refused": message,
            "fields_list": [],
            **(extra or {}),
        }
        return TemplateResponse(request, [self.import_template_name], context)

    @method_decorator(require_POST)
    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm = self.create_confirm_form(request)
        if not confirm.is_valid():
            return self.refuse(request, "确认信息不完整，请重新上传文件并预览。")
        storage = ExpiringUploads(name=confirm.cleaned_data["import_file_name"])
        try:
            with open(preview_path(storage), encoding="utf-8") as file:
                preview = json.load(file)
            data = storage.read()
        except (FileNotFoundError, FileUnreadable, ValueError):
            return self.refuse(request, "上传的文件已过期或已经导入过；请重新上传并预览。")
        warned = [int(n) for n in preview.get("warned", [])]
        if warned and not confirm.cleaned_data.get("confirm_warnings"):
            lines = "、".join(str(n) for n in warned)
            return self.refuse(
                request,
                f"第 {lines} 行的数字超出常见范围：请重新上传预览，核对后勾选确认再导入。",
            )
        try:
            input_format = self.get_import_formats()[int(confirm.cleaned_data["format"])]()
            dataset = input_format.create_dataset(data)
        except (FileUnreadable, ValueError, IndexError) as error:
            message = str(error) if isinstance(error, FileUnreadable) else "读不出这个文件。"
            return self.refuse(request, message)
        resource = self.resource(request)
        with transaction.atomic():
            result = resource.import_data(
                dataset,
                dry_run=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
                raise_errors=False,
                user=request.user,
                preview_states=preview.get("states", {}),
                confirmed_lines=set(warned),
                lock_rows=True,
                retain_instance_in_row_result=True,
                file_name=confirm.cleaned_data.get("original_file_name"),
            )
        storage.remove()
        with contextlib.suppress(FileNotFoundError):
            os.remove(preview_path(storage))
        if result.has_errors() or result.has_validation_errors():
            problems = row_problems(resource, result)
            return self.refuse(
                request, "没有导入任何一行：下面这些行有问题。", {"problems": problems}
            )
        self.generate_log_entries(result, request)
        totals = result.totals
        self.message_user(
            request,
            f"导入完成：新增 {totals['new']} 行，修改 {totals['update']} 行，"
            f"不变 {totals['skip']} 行。",
            messages.SUCCESS,
        )
        post_import.send(sender=None, model=self.model)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        )


class StaleFilter(admin.SimpleListFilter):
    title = "核实状态"
    parameter_name = "stale"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [
            ("yes", f"超过 {settings.STALE_AFTER_DAYS} 天未核实"),
            ("no", "近期核实过"),
            ("unverified", "从未核实（待核实）"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        cutoff = timezone.localdate() - dt.timedelta(days=settings.STALE_AFTER_DAYS)
        if self.value() == "yes":
            return queryset.filter(verified_on__lt=cutoff)
        if self.value() == "no":
            return queryset.filter(verified_on__gte=cutoff)
        if self.value() == "unverified":
            return queryset.filter(verified_on__isnull=True)
        return queryset


class NationalOrRegionFilter(admin.SimpleListFilter):
    """Regions that have rows, plus "全国"; every other region is one search away (and
    on the coverage dashboard, which lists the regions without rules)."""

    title = "地区"
    parameter_name = "scope"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        used = model_admin.model._default_manager.filter(region__isnull=False).values("region")
        regions = Region.objects.filter(pk__in=used).order_by("code")
        return [("national", NATIONAL)] + [(r.code, r.name) for r in regions]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == "national":
            return queryset.filter(region__isnull=True)
        if value:
            return queryset.filter(region__code=value)
        return queryset


def staleness(obj: Any) -> str:
    if obj.verified_on is None:
        return yes_no_icon(None, yes="", no="", unknown="待核实（从未核实）")
    return yes_no_icon(obj.is_stale(), yes="需要重新核实", no="近期核实过")


# --- Rules ---------------------------------------------------------------------------


class AgeBracketFormSet(BaseInlineFormSet):
    """Brackets must be ordered, must not overlap or leave gaps, and must match the method."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        rows = [
            (
                form.cleaned_data.get("min_age"),
                form.cleaned_data.get("max_age"),
                form.cleaned_data.get("rate"),
                form.cleaned_data.get("amount"),
            )
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problems = brackets.problems(
            self.instance.method, self.instance.rate, self.instance.amount, rows
        )
        if problems:
            raise ValidationError(problems)


class DeductionInline(admin.TabularInline):
    model = Deduction
    extra = 0
    fields = ["label", "amount", "source", "verified_on"]
    autocomplete_fields = ["source"]
    verbose_name = "每月扣除"
    verbose_name_plural = "每月扣除（可选：如北京每月扣3元大病互助；读者会看到划入、扣除和到账）"


class AgeBracketInline(admin.TabularInline):
    model = AgeBracket
    formset = AgeBracketFormSet
    extra = 0
    fields = ["min_age", "max_age", "rate", "amount"]
    verbose_name = "年龄段"
    verbose_name_plural = "年龄段（可选：不同年龄划入不同金额或比例时逐段填写，两端均含本数）"

    def get_extra(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        return len(copied_brackets(request)) if obj is None else 0


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def posted_brackets(data: Any) -> tuple[tuple[Decimal | None, Decimal | None], ...]:
    """(rate, amount) of each bracket row in a submitted rule form (invalid cells skipped:
    the inline formset reports those)."""
    try:
        total = min(int(data.get("brackets-TOTAL_FORMS", 0)), 200)
    except (TypeError, ValueError):
        return ()
    found = []
    for i in range(total):
        if data.get(f"brackets-{i}-DELETE"):
            continue
        rate = _decimal(data.get(f"brackets-{i}-rate", ""))
        amount = _decimal(data.get(f"brackets-{i}-amount", ""))
        if rate is not None or amount is not None:
            found.append((rate, amount))
    return tuple(found)


class AccountRuleForm(forms.ModelForm):
    confirm_save = forms.BooleanField(
        label="确认保存",
        required=False,
        help_text="金额或比例超出常见范围、生效日期太早或太晚、比上一条变化超过 50%、"
        "说明里的数字和上面对不上时，保存会先提醒；对照来源核实无误后勾选这里，再保存。",
    )

    class Meta:
        model = AccountRule
        fields = [
            "status",
            "region",
            "category",
            "effective_from",
            "start_is_publication_date",
            "method",
            "rate",
            "amount",
            "reference_base",
            "precision",
            "source",
            "verified_on",
            "note",
        ]

    def sanity_previous(self, data: dict[str, Any]) -> AccountRule | None:
        if not data.get("category") or not data.get("effective_from"):
            return None
        earlier = AccountRule.all_objects.filter(
            region=data.get("region"),
            category=data["category"],
            effective_from__lt=data["effective_from"],
        )
        if self.instance.pk:
            earlier = earlier.exclude(pk=self.instance.pk)
        return earlier.prefetch_related("brackets").order_by("-effective_from").first()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors or not data.get("method"):
            return data
        figures = sanity.Figures(
            category=data.get("category") or "",
            method=data["method"],
            effective_from=data.get("effective_from"),
            rate=data.get("rate"),
            amount=data.get("amount"),
            reference_base=data.get("reference_base"),
            brackets=posted_brackets(self.data),
            note=data.get("note") or "",
        )
        previous = self.sanity_previous(data)
        before = None
        if previous is not None:
            before = figures_of(previous, f"{previous.effective_from:%Y-%m-%d} 起")
        self.sanity_warnings = sanity.check(figures, before, timezone.localdate()).warnings
        if self.sanity_warnings and not data.get("confirm_save"):
            raise ValidationError(
                [f"请核对：{w}" for w in self.sanity_warnings]
                + ["数字无误的话，勾选下方“确认保存”后再保存。"],
                code="sanity",
            )
        return data


def copied_brackets(request: HttpRequest) -> list[dict[str, Any]]:
    """The age brackets of the rule a new version is made from (``?from=<pk>``)."""
    source = copied_rule(request)
    if source is None:
        return []
    return [
        {"min_age": b.min_age, "max_age": b.max_age, "rate": b.rate, "amount": b.amount}
        for b in source.brackets.all()
    ]


def copied_rule(request: HttpRequest) -> AccountRule | None:
    pk = request.GET.get("from", "")
    if not pk.isdigit():
        return None
    return AccountRule.all_objects.filter(pk=int(pk)).prefetch_related("brackets").first()


@admin.register(AccountRule)
class AccountRuleAdmin(ImportExportAdmin):
    form = AccountRuleForm
    resource_classes = [RuleResource]
    change_form_template = "admin/policies/accountrule/change_form.html"
    list_display = [
        "__str__",
        "status_display",
        "method",
        "figure",
        "grade",
        "verified_on",
        "staleness_display",
    ]
    list_filter = [
        "status",
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
    inlines = [AgeBracketInline, DeductionInline]
    readonly_fields = ["generated_text", "created_at", "updated_at"]
    actions = ["new_version_action", "publish_action"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "status",
                    "region",
                    "pool",
                    "category",
                    "subgroup",
                    "effective_from",
                    "start_precision",
                    "start_is_publication_date",
                ]
            },
        ),
        (
            "划入方式与金额",
            {
                "fields": [
                    "method",
                    "rate",
                    "amount",
                    "reference_base",
                    "reference_year",
                    "precision",
                ]
            },
        ),
        (
            "来源与核实",
            {"fields": ["source", "verified_on", "generated_text", "note", "conflict_note"]},
        ),
        ("保存前检查", {"fields": ["confirm_save"]}),
        ("记录", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("brackets")

    # -- who may do what: a published value is changed only by those who may publish --

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and not obj.is_draft:
            return can_publish(request.user)
        return allowed

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None and not obj.is_draft:
            return can_publish(request.user)
        return allowed

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields.append("status")
        return fields

    @admin.display(description="比例/金额")
    def figure(self, obj: AccountRule) -> str:
        return describe(plain_value(obj))

    @admin.display(description="证据等级", ordering="source__grade")
    def grade(self, obj: AccountRule) -> str:
        return obj.source.get_grade_display()

    @admin.display(description="状态", ordering="status")
    def status_display(self, obj: AccountRule) -> str:
        return "草稿" if obj.is_draft else "已发布"

    @admin.display(description="是否需要重新核实")
    def staleness_display(self, obj: AccountRule) -> str:
        return staleness(obj)

    @admin.display(description="自动生成的说明（读者看到的数字）")
    def generated_text(self, obj: AccountRule) -> str:
        if not obj.pk:
            return "保存后按上面的方式和数字生成。"
        return describe(plain_value(obj))

    # -- new version, drafts, preview --------------------------------------------------

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("status", Status.DRAFT.value)
        source = copied_rule(request)
        if source is not None:
            for name in ("region", "category", "method", "rate", "amount", "reference_base"):
                value = getattr(source, f"{name}_id" if name == "region" else name)
                if value is not None:
                    initial[name] = value
            initial["precision"] = source.precision
            initial["source"] = source.source_id
            initial["start_is_publication_date"] = False
        return initial

    def get_formset_kwargs(
        self, request: HttpRequest, obj: Any, inline: admin.options.InlineModelAdmin, prefix: str
    ) -> dict[str, Any]:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, AgeBracketInline) and obj.pk is None and request.method == "GET":
            kwargs["initial"] = copied_brackets(request)
        return kwargs

    @admin.action(description="以选中的一条为基础新建下一版", permissions=["add"])
    def new_version_action(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "请只选一条标准来新建下一版。", messages.WARNING)
            return None
        return HttpResponseRedirect(new_version_url(queryset.get()))

    @admin.action(description="发布选中的草稿（读者可见）", permissions=["publish"])
    def publish_action(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for rule in queryset.filter(status=Status.DRAFT):
            rule.status = Status.PUBLISHED
            rule._history_user = request.user
            rule.save()
            count += 1
        self.message_user(request, f"已发布 {count} 条。", messages.SUCCESS)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: AccountRule | None = None,
    ) -> HttpResponse:
        if obj is not None and obj.pk:
            context["new_version_url"] = new_version_url(obj)
            context["preview_links"] = preview_links(obj)
        source = copied_rule(request) if add else None
        if source is not None:
            context["copied_from"] = source
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(
        self, request: HttpRequest, obj: AccountRule, form: forms.Form, change: bool
    ) -> None:
        if not can_publish(request.user):
            obj.status = Status.DRAFT  # also a revert to a published version stays a draft
        super().save_model(request, obj, form, change)
        if not change:
            rule_added.send(sender=AccountRule, request=request, rule=obj)


def new_version_url(rule: AccountRule) -> str:
    return reverse("admin:policies_accountrule_add") + "?" + urlencode({"from": rule.pk})


def preview_links(rule: AccountRule) -> list[tuple[str, str]]:
    """The public calculator and region page as of the rule's start, drafts included."""
    on = f"{rule.effective_from:%Y-%m-%d}"
    links = [(rule.get_absolute_url() + "&preview=1", f"预览计算器（{on}）")]
    if rule.region_id and rule.region:
        page = rule.region.get_absolute_url() + "?" + urlencode({"on": on, "preview": "1"})
        links.append((page, f"预览{rule.region.name}地区页（{on}）"))
    return links


# --- Regions, sources, the rest ------------------------------------------------------


class LocalChannelInline(admin.TabularInline):
    model = LocalChannel
    extra = 0
    fields = ["kind", "value", "note", "order", "source", "verified_on"]
    autocomplete_fields = ["source"]
    verbose_name = "本地服务渠道"
    verbose_name_plural = (
        "本地服务渠道（显示在指南的“本地渠道”和地区页；市里没有的，读者看到省里的）"
    )


class HasRulesFilter(admin.SimpleListFilter):
    title = "本地标准"
    parameter_name = "rules"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "有本地标准"), ("no", "没有本地标准")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        own = Exists(AccountRule.all_objects.filter(region=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(own)
        if self.value() == "no":
            return queryset.exclude(own)
        return queryset


class HasChannelsFilter(admin.SimpleListFilter):
    title = "服务渠道"
    parameter_name = "channels"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "已录入"), ("no", "未录入")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        own = Exists(LocalChannel.objects.filter(region=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(own)
        if self.value() == "no":
            return queryset.exclude(own)
        return queryset


@admin.register(Region)
class RegionAdmin(EditorAdmin):
    list_display = ["name", "code", "level", "parent", "rule_count", "channel_count", "in_system"]
    list_filter = ["level", HasRulesFilter, HasChannelsFilter, "in_system"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [LocalChannelInline]
    fieldsets = [(None, {"fields": ["code", "name", "level", "parent", "in_system"]})]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_rules=Count("accountrule", distinct=True),
                n_channels=Count("channels", distinct=True),
            )
        )

    @admin.display(description="本地标准（条）", ordering="n_rules")
    def rule_count(self, obj: Region) -> int:
        return getattr(obj, "n_rules", 0)

    @admin.display(description="服务渠道（个）", ordering="n_channels")
    def channel_count(self, obj: Region) -> int:
        return getattr(obj, "n_channels", 0)


class SourceAddForm(forms.ModelForm):
    """A new source: linked for readers by default when it is an official document on a
    government site (``Source.links_by_default``); the editor can still say yes or no."""

    link_safe = forms.ChoiceField(
        label="可以给读者链接",
        choices=[
            ("auto", "自动：官方文件且链接是政府网站（.gov.cn）时给读者链接，否则不给"),
            ("1", "给读者链接（官方网站或有名称的媒体自己的网站）"),
            ("0", "不给链接（转载、镜像、问答等：读者只看到发布方和日期）"),
        ],
        initial="auto",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Source
        fields = [
            "key",
            "title",
            "document_number",
            "publisher",
            "url",
            "published_on",
            "grade",
            "link_safe",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        choice = data.get("link_safe")
        if choice == "auto":
            data["link_safe"] = Source.links_by_default(data.get("grade", ""), data.get("url", ""))
        else:
            data["link_safe"] = choice == "1"
        return data


@admin.register(Source)
class SourceAdmin(ImportExportAdmin):
    resource_classes = [SourceResource]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        if obj is None:
            kwargs["form"] = SourceAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    list_display = ["title", "document_number", "publisher", "published_on", "grade", "key"]
    list_filter = ["grade"]
    search_fields = ["title", "document_number", "publisher", "url", "key"]


@admin.register(ContributionBaseLimit)
class ContributionBaseLimitAdmin(ImportExportAdmin):
    resource_classes = [BaseLimitResource]
    list_display = ["region", "year", "floor", "ceiling", "verified_on", "staleness_display"]
    list_filter = ["year", StaleFilter]
    search_fields = ["region__name", "region__code"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "source"]

    @admin.display(description="是否需要重新核实")
    def staleness_display(self, obj: ContributionBaseLimit) -> str:
        return staleness(obj)


@admin.register(LocalChannel)
class LocalChannelAdmin(ImportExportAdmin):
    resource_classes = [ChannelResource]
    list_display = ["region", "kind", "value", "verified_on", "staleness_display"]
    list_filter = ["kind", StaleFilter]
    search_fields = ["region__name", "region__code", "value"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "source"]

    @admin.display(description="是否需要重新核实")
    def staleness_display(self, obj: LocalChannel) -> str:
        return staleness(obj)


@admin.register(RegionNote)
class RegionNoteAdmin(EditorAdmin):
    list_display = ["__str__", "topic", "category", "verified_on", "staleness_display"]
    list_filter = [NationalOrRegionFilter, "topic", "category", StaleFilter]
    search_fields = ["region__name", "text"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "source"]

    @admin.display(description="是否需要重新核实")
    def staleness_display(self, obj: RegionNote) -> str:
        return staleness(obj)


@admin.register(ReformDate)
class ReformDateAdmin(EditorAdmin):
    list_display = ["region", "effective_from", "verified_on"]
    search_fields = ["region__name", "region__code"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "source"]


@admin.register(AveragePension)
class AveragePensionAdmin(EditorAdmin):
    list_display = ["region", "year", "amount", "verified_on"]
    list_filter = ["year"]
    search_fields = ["region__name", "region__code"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "source"]


# --- 大病保险 and lapse rules ----------------------------------------------------------


class CriticalIllnessBandInline(admin.TabularInline):
    model = CriticalIllnessBand
    extra = 0
    fields = ["lower", "upper", "rate", "source", "verified_on"]
    autocomplete_fields = ["source"]
    verbose_name = "报销分段"
    verbose_name_plural = "报销分段（按超出起付线的金额分段，每段一个比例）"


@admin.register(CriticalIllnessRule)
class CriticalIllnessRuleAdmin(EditorAdmin):
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
class LapseRuleAdmin(EditorAdmin):
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


# --- The coverage dashboard ------------------------------------------------------------


def add_rule_url(region: Region, category: str) -> str:
    query = {"region": region.pk, "category": category}
    return reverse("admin:policies_accountrule_add") + "?" + urlencode(query)


def coverage_view(request: HttpRequest) -> HttpResponse:
    """``/admin/policies/coverage/``: which regions have which rules (staff only)."""
    if not request.user.has_perm("policies.view_accountrule"):
        return HttpResponse("没有查看划入标准的权限。", status=403)
    province = request.GET.get("province", "")
    category = request.GET.get("category", "")
    state = request.GET.get("state", "")
    if not (province.isdigit() and len(province) == 6):
        province = ""
    if category not in Category.values:
        category = ""
    if state not in FILTER_STATES:
        state = ""
    today = timezone.localdate()
    result = coverage(today, province=province, category=category, state=state)
    # A page of regions at a time keeps the page near 150 KB (all 368 regions were
    # 657 KB); the totals above the table still count every region.
    page = Paginator(result.rows, COVERAGE_PAGE).get_page(request.GET.get("page"))
    for row in page.object_list:
        for cell in row.cells:
            cell.add_url = add_rule_url(row.region, cell.category)
            if cell.rule is not None:
                cell.rule_url = reverse("admin:policies_accountrule_change", args=[cell.rule.pk])
    context = {
        **admin.site.each_context(request),
        "title": "覆盖情况：各地区、各身份有没有标准",
        "coverage": result,
        "page": page,
        "totals": [result.total_line(c) for c in result.categories],
        "category_labels": [Category(c).label for c in result.categories],
        "provinces": Region.objects.provinces().filter(in_system=True).order_by("code"),
        "categories": Category.choices,
        "states": list(FILTER_STATES.items()),
        "chosen": {"province": province, "category": category, "state": state},
        "stale_days": settings.STALE_AFTER_DAYS,
        "today": today,
    }
    return TemplateResponse(request, "admin/policies/coverage.html", context)
