"""Import and export (django-import-export): rules with age brackets, base limits, local
channels and sources, as CSV or XLSX.

The rules file has one row per rule value, keyed by region code, category and start date;
its columns carry everything an editor enters (see ``RULE_COLUMNS``), brackets in one
readable cell (``-69:100;70-:110``) and the source by key, URL or title, found or created.
Every cell the site writes is neutralised against spreadsheet formulas and restored on
import, so an exported file imports back unchanged. ``policies.importing`` runs the same
resources from code (``manage.py seed`` can load a CSV under version control).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections
from django.db.models import Model
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader

from policies import brackets, sanity
from policies.models import (
    AccountRule,
    AgeBracket,
    ContributionBaseLimit,
    LocalChannel,
    Region,
    Source,
)
from policies.terms import NATIONAL, Grade, Status
from yibao_site.lib.spreadsheet import neutralise, restore

PUBLISH_PERMISSION = "policies.publish_accountrule"
# The preview lists this many new or changed rows in full (and every row with a warning).
PREVIEW_ROWS = 300
ADD_SOURCE_PERMISSION = "policies.add_source"

DATE = "%Y-%m-%d"
SOURCE_COLUMNS = [
    "source_key",
    "source_title",
    "source_document_number",
    "source_url",
    "source_publisher",
    "source_published_on",
    "source_grade",
    "source_link_safe",
]


def figures_of(
    rule: AccountRule,
    label: str = "",
    brackets: tuple[tuple[Decimal | None, Decimal | None], ...] | None = None,
) -> sanity.Figures:
    """A rule's figures for the sanity checks (``policies.sanity``): its saved brackets, or
    ``brackets`` as (rate, amount) pairs for a row not saved yet."""
    if brackets is None:
        brackets = tuple((b.rate, b.amount) for b in rule.brackets.all())
    return sanity.Figures(
        category=rule.category or "",
        method=rule.method,
        effective_from=rule.effective_from,
        rate=rule.rate,
        amount=rule.amount,
        reference_base=rule.reference_base,
        brackets=brackets,
        note=rule.note or "",
        label=label,
    )


class RegionWidget(widgets.ForeignKeyWidget):
    """A region by its six-digit code; empty means the national level."""

    def __init__(self) -> None:
        super().__init__(Region, field="code")
        self.by_code: dict[str, Region] | None = None  # filled once per import

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Region | None:
        code = str(value or "").strip()
        if not code:
            return None
        if self.by_code is None:
            self.by_code = {r.code: r for r in Region.objects.all()}
        found = self.by_code.get(code)
        if found is None:
            raise ValueError(f"没有地区代码“{code}”（请用 GB/T 2260 六位代码，全国留空）。")
        return found


class DateWidget(widgets.DateWidget):
    """A date as 2026-01-31 (also 2026/1/31 and a date cell from Excel), Chinese errors."""

    def __init__(self) -> None:
        super().__init__(DATE)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                return dt.date.fromisoformat(text)  # the usual cell, without strptime
            except ValueError:
                pass
        for fmt in (DATE, "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"“{text}”不是有效日期，应写成 年-月-日，如 2026-01-31。")


class FlagWidget(widgets.BooleanWidget):
    """1/0 (also true/false, 是/否); an empty cell is "no"."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        text = str(value or "").strip().lower()
        if text in ("", "0", "false", "no", "否"):
            return False
        if text in ("1", "true", "yes", "是"):
            return True
        raise ValueError(f"“{value}”应为 1（是）或 0（否）。")


# Columns that are not a model field of their own: their Chinese header.
EXTRA_LABELS = {
    "id": "编号（ID）",
    "region_code": "地区代码",
    "region_name": "地区名称",
    "brackets": "年龄段",
}


def column_label(model: Any, name: str) -> str:
    """The Chinese header of a column: the model field's verbose name (the source's for
    ``source_*`` columns), else ``EXTRA_LABELS``."""
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    target, field_name = model, name
    if name.startswith("source_") and model is not Source:
        target, field_name = Source, name.removeprefix("source_")
    try:
        label = str(target._meta.get_field(field_name).verbose_name)
    except FieldDoesNotExist:
        return name
    if target is Source and model is not Source and not label.startswith("来源"):
        label = "来源" + label
    return label


def cell_text(value: Any) -> Any:
    """A cell as text, the way a CSV gives it: Excel's numbers (110000.0) and empty cells
    (None) read like the exported text; dates stay dates."""
    value = restore(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int | Decimal):
        return str(value)
    return value


class PreloadedLoader(BaseInstanceLoader):
    """Every saved row of the resource read once, by its import key (no query per row)."""

    def __init__(self, resource: Any, dataset: Any = None) -> None:
        super().__init__(resource, dataset)
        self.rows = {resource.key_of(r): r for r in resource.get_queryset()}
        resource.loaded(list(self.rows.values()))

    def get_instance(self, row: Any) -> Any:
        values = []
        for name in self.resource.get_import_id_fields():
            value = self.resource.fields[name].clean(row)
            values.append(value.pk if isinstance(value, Model) else value)
        return self.rows.get(tuple(values))


class SafeResource(resources.ModelResource):
    """Neutralised cells out, restored cells in; Chinese headers out, Chinese or English
    headers in; choice cells by code or by their Chinese label; Chinese messages.

    ``user`` (passed by the admin; ``None`` from code) decides what an import may do:
    create sources only with ``policies.add_source``.
    """

    user: Any = None

    @classmethod
    def labels(cls) -> dict[str, str]:
        model = cls._meta.model
        return {name: column_label(model, name) for name in cls._meta.export_order}

    def get_export_headers(self, selected_fields: Any = None) -> list[str]:
        labels = self.labels()
        return [labels.get(h, h) for h in super().get_export_headers(selected_fields)]

    def get_diff_headers(self) -> list[str]:
        """Column names of every column (an invalid row's cells are listed in this order)."""
        return [str(f.column_name) for f in self.get_export_fields()]

    def export_resource(self, instance: Any, selected_fields: Any = None, **kwargs: Any) -> list:
        values = super().export_resource(instance, selected_fields, **kwargs)
        return [neutralise(v) for v in values]

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        self.user = kwargs.get("user")
        # On "确认导入": the preview's fingerprint of each row (by line) and the lines
        # whose warnings the editor confirmed. ``confirmed=None`` (imports from code,
        # e.g. ``manage.py seed``) takes every warning as confirmed.
        self.preview = kwargs.get("preview_states")
        self.confirmed = kwargs.get("confirmed_lines")
        self.applying = not kwargs.get("dry_run", False)
        self.states: dict[str, str] = {}
        self.warned: dict[int, list[str]] = {}
        self.seen: dict[tuple, int] = {}  # import key → the line that has it
        self.pending: list[tuple[Any, bool]] = []
        self.shown = 0
        for field in self.fields.values():
            if isinstance(field.widget, RegionWidget):
                field.widget.by_code = None
        model = self._meta.model
        if kwargs.get("lock_rows") and connections[model.objects.db].features.has_select_for_update:
            # Applying: every row of the table is locked until the import commits, so no
            # save slips in between the check against the preview and the write.
            rows = model._default_manager.order_by().select_for_update()
            list(rows.values_list("pk", flat=True))
        names = {label: name for name, label in self.labels().items()}
        headers = [str(cell_text(h)) for h in dataset.headers or []]
        dataset.headers = [names.get(h, h) for h in headers]
        self.choice_codes = {
            f.name: {str(label): value for value, label in f.choices}
            for f in self._meta.model._meta.concrete_fields
            if f.choices
        }
        super().before_import(dataset, **kwargs)

    def get_or_init_instance(self, instance_loader: Any, row: Any) -> Any:
        """A key cell that cannot be read (a bad date, an unknown region) is a problem of
        its column, like any other cell's."""
        try:
            return super().get_or_init_instance(instance_loader, row)
        except ValueError as error:
            errors: dict[str, list[str]] = {}
            for name in self.get_import_id_fields():
                field = self.fields[name]
                try:
                    field.clean(row)
                except ValueError as e:
                    errors[field.attribute or name] = [str(e)]
            raise ValidationError(errors or {"__all__": [str(error)]}) from error

    def may(self, permission: str) -> bool:
        return self.user is None or self.user.has_perm(permission)

    # -- one pass, few queries: rows read once, the preview writes nothing ------------

    bulk = False  # apply with bulk inserts and updates (history kept) at the end

    def get_import_fields(self) -> list:
        """The same list for every row: worked out once per resource."""
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def loaded(self, rows: list[Any]) -> None:
        """The saved rows, as read before the import touches them (for subclasses)."""

    def key_of(self, instance: Any) -> tuple:
        """A saved row's import key, as ``PreloadedLoader`` builds it from a file row."""
        values = []
        for name in self.get_import_id_fields():
            attribute = self.fields[name].attribute
            field = instance._meta.get_field(attribute)
            values.append(getattr(instance, field.attname))
        return tuple(values)

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        if kwargs.get("dry_run"):
            return  # the preview checks every row and writes none
        if self.bulk:
            self.pending.append((instance, is_create))
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def flush(self) -> None:
        """Write what ``bulk`` collected (subclasses that set ``bulk``)."""

    # -- what the preview saw, checked again on "确认导入" ------------------------------

    def state_of(self, instance: Any) -> str:
        """A short fingerprint of a saved row as loaded (children included by subclasses)."""
        state = [[f.attname, getattr(instance, f.attname)] for f in instance._meta.concrete_fields]
        raw = json.dumps(state, default=str, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
        super().after_init_instance(instance, new, row, **kwargs)
        instance._original = None if new else copy.copy(instance)
        instance._state_before = "" if new else self.state_of(instance)
        instance._warnings = []

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        line = kwargs.get("row_number", 0) + 1
        instance._line = line
        if not errors:
            key = self.key_of(instance)
            if key in self.seen:
                errors.setdefault("__all__", []).append(
                    f"和第 {self.seen[key]} 行是同一条（用来找到已有行的几列都相同），"
                    "请删去一行或改正。"
                )
            else:
                self.seen[key] = line
        before = getattr(instance, "_state_before", "")
        self.states[str(line)] = before
        preview = getattr(self, "preview", None)
        if preview is not None and preview.get(str(line)) != before:
            what = "新增了" if preview.get(str(line)) == "" else "修改了"
            errors.setdefault("__all__", []).append(
                f"预览之后，别人{what}这一行对应的记录；为免覆盖别人的修改，整个文件都没有导入。"
                "请重新导出或核对后再上传预览。"
            )
        if errors:
            raise ValidationError(errors)

    def skip_row(
        self, instance: Any, original: Any, row: Any, import_validation_errors: Any = None
    ) -> bool:
        """Unchanged (every concrete field equal to the saved row): reported as 不变."""
        original = original or getattr(instance, "_original", None)
        if import_validation_errors or original is None or original.pk is None:
            return False
        return all(
            getattr(instance, f.attname) == getattr(original, f.attname)
            for f in instance._meta.concrete_fields
        )

    def validate_instance(
        self, instance: Any, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        """Only rows that would be written get here (unchanged rows are skipped)."""
        errors = dict(import_validation_errors or {})
        warnings = getattr(instance, "_warnings", [])
        confirmed = getattr(self, "confirmed", None)
        unconfirmed = confirmed is not None and instance._line not in confirmed
        if warnings and self.applying and unconfirmed:
            errors.setdefault("__all__", []).append(
                "这一行的数字超出常见范围，需要在预览页勾选确认后才能导入：" + "；".join(warnings)
            )
        super().validate_instance(instance, errors, validate_unique)

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        self.applying = not kwargs.get("dry_run", False)
        for key in list(row.keys()):
            value = cell_text(row[key])
            codes = getattr(self, "choice_codes", {}).get(key)
            if codes and value in codes:
                value = codes[value]
            row[key] = value
        super().before_import_row(row, **kwargs)

    def after_import_row(self, row: Any, row_result: Any, **kwargs: Any) -> None:
        """What the preview shows of the row: every column after the import, the columns
        before it (for a changed row) and the sanity warnings of a row to be written."""
        super().after_import_row(row, row_result, **kwargs)
        row_result.line = kwargs.get("row_number", 0) + 1
        row_result.warnings = []
        instance = getattr(row_result, "instance", None)
        if instance is None or row_result.import_type not in ("new", "update"):
            row_result.instance = None  # keeps 10,000 unchanged rows out of memory
            return
        row_result.warnings = list(getattr(instance, "_warnings", []))
        if row_result.warnings:
            self.warned[row_result.line] = row_result.warnings
        if not self.applying and (self.shown < PREVIEW_ROWS or row_result.warnings):
            self.shown += 1  # the preview lists the first rows in full, and every warned row
            row_result.cells = self.export_resource(instance)
            original = getattr(instance, "_original", None)
            row_result.cells_before = self.export_resource(original) if original else None
        instance._original = None
        if not self.applying:
            row_result.instance = None  # the admin's log needs the written rows only

    def after_import(self, dataset: Any, result: Any, **kwargs: Any) -> None:
        if self.pending and not (result.has_errors() or result.has_validation_errors()):
            self.flush()
        super().after_import(dataset, result, **kwargs)
        result.preview_states = dict(self.states)
        result.warned = dict(self.warned)
        result.headers = self.get_export_headers()
        result.column_names = list(dataset.headers or [])


class SourceIndex:
    """Every source by key, URL and title + document number, read once per import."""

    def __init__(self) -> None:
        self.keys: dict[Any, Source] = {}
        for source in Source.objects.order_by("-pk"):  # the oldest wins, as before
            self.add(source)

    def add(self, source: Source) -> None:
        if source.key:
            self.keys[("key", source.key)] = source
        if source.url:
            self.keys[("url", source.url)] = source
        self.keys[("title", source.title, source.document_number)] = source

    def find(self, key: str, url: str, title: str, number: str) -> Source | None:
        for probe in (("key", key), ("url", url), ("title", title, number)):
            if probe[1] and probe in self.keys:
                return self.keys[probe]
        return None


def source_from_row(
    row: Any, *, may_create: bool = True, index: SourceIndex | None = None
) -> Source:
    """The row's source: by key, else by URL, else by title and document number; created
    from the row's columns when none matches (an existing source is never rewritten), and
    only when ``may_create`` (the importing user may add sources)."""
    key = (row.get("source_key") or "").strip()
    url = (row.get("source_url") or "").strip()
    title = (row.get("source_title") or "").strip()
    number = (row.get("source_document_number") or "").strip()
    index = index or SourceIndex()
    found = index.find(key, url, title, number)
    if found is not None:
        return found
    if not title:
        raise ValidationError({"source": "来源不存在：请填写 source_key（已有来源）或来源标题。"})
    if not may_create:
        raise ValidationError(
            {
                "source": f"来源“{title}”还不存在，您没有新增来源的权限：请填写已有来源的"
                "固定标识（source_key）或链接，或请有权限的编辑先新增这条来源。"
            }
        )
    grade = (row.get("source_grade") or "").strip()
    if grade not in Grade.values:
        raise ValidationError({"source": f"证据等级“{grade}”应为 official、media 或 web。"})
    published = (row.get("source_published_on") or "").strip()
    source = Source(
        key=key or None,
        title=title,
        document_number=number,
        url=url,
        publisher=(row.get("source_publisher") or "").strip(),
        published_on=DateWidget().clean(published) if published else None,
        grade=grade,
        link_safe=(
            FlagWidget().clean(row.get("source_link_safe"))
            if str(row.get("source_link_safe") or "").strip()
            else Source.links_by_default(grade, url)
        ),
    )
    source.full_clean()
    source.save()
    index.add(source)
    return source


def source_cells(source: Source | None) -> dict[str, str]:
    if source is None:
        return dict.fromkeys(SOURCE_COLUMNS, "")
    return {
        "source_key": source.key or "",
        "source_title": source.title,
        "source_document_number": source.document_number,
        "source_url": source.url,
        "source_publisher": source.publisher,
        "source_published_on": f"{source.published_on:{DATE}}" if source.published_on else "",
        "source_grade": source.grade,
        "source_link_safe": "1" if source.link_safe else "0",
    }


class SourcedResource(SafeResource):
    """Rows with a ``source`` column group (``SOURCE_COLUMNS``)."""

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self.sources = SourceIndex()

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        try:
            instance.source = source_from_row(
                row, may_create=self.may(ADD_SOURCE_PERMISSION), index=self.sources
            )
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


def _source_field(column: str) -> fields.Field:
    """An export-only column of the row's source (``source_cells``)."""
    field = fields.Field(column_name=column, readonly=True)
    field.dehydrate_method = lambda row: source_cells(getattr(row, "source", None))[column]
    return field


class RegionalResource(SourcedResource):
    """A regional value (``RegionalValue``): its region by code and name, its source
    columns and its verification date; an unchanged row is skipped on import."""

    region_code = fields.Field(attribute="region", column_name="region_code", widget=RegionWidget())
    region_name = fields.Field(column_name="region_name", readonly=True)
    verified_on = fields.Field(
        attribute="verified_on", column_name="verified_on", widget=DateWidget()
    )
    source_key = _source_field("source_key")
    source_title = _source_field("source_title")
    source_document_number = _source_field("source_document_number")
    source_url = _source_field("source_url")
    source_publisher = _source_field("source_publisher")
    source_published_on = _source_field("source_published_on")
    source_grade = _source_field("source_grade")
    source_link_safe = _source_field("source_link_safe")
    # The model fields an imported row is compared on; equal on all of them = unchanged.
    compared: tuple[str, ...] = ()

    def validate_instance(
        self, instance: Any, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        """The model's own checks, without a query per row: the region and source were
        just found among existing rows, and the unique constraint is the import key
        (an existing row with the key is the row being changed; a key twice in one file
        is refused in ``import_instance``)."""
        errors = dict(import_validation_errors or {})
        warnings = getattr(instance, "_warnings", [])
        confirmed = getattr(self, "confirmed", None)
        unconfirmed = confirmed is not None and instance._line not in confirmed
        if warnings and self.applying and unconfirmed:
            errors.setdefault("__all__", []).append(
                "这一行的数字超出常见范围，需要在预览页勾选确认后才能导入：" + "；".join(warnings)
            )
        try:
            instance.full_clean(
                exclude={*errors, "region", "source"},
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def dehydrate_region_name(self, row: Any) -> str:
        return row.region.name if row.region_id and row.region else NATIONAL

    def skip_row(
        self, instance: Any, original: Any, row: Any, import_validation_errors: Any = None
    ) -> bool:
        original = original or getattr(instance, "_original", None)
        if import_validation_errors or original is None or original.pk is None:
            return False
        return bool(self.compared) and all(
            getattr(instance, n) == getattr(original, n) for n in self.compared
        )


RULE_COLUMNS = [
    "region_code",
    "region_name",
    "category",
    "subgroup",
    "pool",
    "effective_from",
    "start_precision",
    "start_is_publication_date",
    "method",
    "rate",
    "amount",
    "reference_base",
    "reference_year",
    "precision",
    "base_words",
    "qualifier",
    "brackets",
    *SOURCE_COLUMNS,
    "note",
    "conflict_note",
    "verified_on",
    "status",
]


def name_mismatch(instance: Any, row: Any) -> str:
    """A message when the row's ``region_name`` is not the name its code has in the
    regions dataset (a typo in one of the two); an empty name cell is not checked."""
    name = str(row.get("region_name") or "").strip()
    if not name or not instance.region_id:
        return ""
    actual = instance.region.name
    if name == actual:
        return ""
    return f"地区代码 {instance.region.code} 在地区表中是“{actual}”，与本行的“{name}”不一致。"


class RuleResource(RegionalResource):
    """``AccountRule`` rows with their age brackets; drafts included (editors' tool)."""

    effective_from = fields.Field(
        attribute="effective_from", column_name="effective_from", widget=DateWidget()
    )
    start_is_publication_date = fields.Field(
        attribute="start_is_publication_date",
        column_name="start_is_publication_date",
        widget=FlagWidget(),
    )
    brackets = fields.Field(column_name="brackets", readonly=True)

    class Meta:
        model = AccountRule
        fields = RULE_COLUMNS
        export_order = RULE_COLUMNS
        import_id_fields = ["region_code", "category", "subgroup", "effective_from"]
        # No savepoint per row: the preview writes nothing and the apply writes in bulk.
        use_bulk = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_diff = True  # the preview shows cells (``after_import_row``), not HTML diffs
        store_instance = True
        instance_loader_class = PreloadedLoader

    def get_queryset(self) -> Any:
        return (
            AccountRule.all_objects.select_related("region", "source")
            .prefetch_related("brackets")
            .order_by("region__code", "category", "effective_from")
        )

    def dehydrate_brackets(self, rule: AccountRule) -> str:
        rows = getattr(rule, "_imported_brackets", None)
        if rows is None:
            rows = getattr(rule, "_saved_brackets", None)
        if rows is None:
            rows = [(b.min_age, b.max_age, b.rate, b.amount) for b in rule.brackets.all()]
        return brackets.format_rows(rows)

    def state_of(self, instance: AccountRule) -> str:
        rows = sorted(
            instance.brackets.all(),  # prefetched with the rows (``get_queryset``)
            key=lambda b: (-1 if b.min_age is None else b.min_age, b.pk),
        )
        saved = [(b.min_age, b.max_age, b.rate, b.amount) for b in rows]
        instance._saved_brackets = saved
        raw = super().state_of(instance) + json.dumps(saved, default=str)
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self.publisher = self.may(PUBLISH_PERMISSION)

    def loaded(self, rows: list[AccountRule]) -> None:
        """Every saved value's figures by (region, category), as saved, for the "more than
        50 % against the previous value" check (read with the rows: no query per row)."""
        self.earlier: dict[tuple[Any, str], list[tuple[dt.date, int, sanity.Figures]]] = {}
        for rule in sorted(rows, key=lambda r: r.effective_from):
            figures = figures_of(rule, f"{rule.effective_from:%Y-%m-%d} 起")
            entry = (rule.effective_from, rule.pk, figures)
            self.earlier.setdefault((rule.region_id, rule.category), []).append(entry)

    def previous_figures(self, instance: AccountRule) -> sanity.Figures | None:
        if instance.effective_from is None:
            return None
        found = [
            figures
            for start, pk, figures in self.earlier.get((instance.region_id, instance.category), [])
            if start < instance.effective_from and pk != instance.pk
        ]
        return found[-1] if found else None

    def import_instance(self, instance: AccountRule, row: Any, **kwargs: Any) -> None:
        loaded_status = instance.status if instance.pk else None
        instance._loaded_status = loaded_status
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if not self.publisher and loaded_status != Status.PUBLISHED:
            instance.status = Status.DRAFT  # no publish rights: new rows land as drafts
        try:
            rows = brackets.parse(row.get("brackets") or "")
        except brackets.BracketError as e:
            errors.setdefault("brackets", []).append(str(e))
            rows = []
        problems = brackets.problems(instance.method, instance.rate, instance.amount, rows)
        if problems and "brackets" not in errors:
            errors["brackets"] = problems
        mismatch = name_mismatch(instance, row)
        if mismatch:
            errors.setdefault("region_name", []).append(mismatch)
        instance._imported_brackets = rows
        if not errors and instance.method:
            figures = figures_of(instance, brackets=tuple((r[2], r[3]) for r in rows))
            check = sanity.check(figures, self.previous_figures(instance), timezone.localdate())
            instance._warnings = check.warnings
        if errors:
            raise ValidationError(errors)

    def validate_instance(
        self,
        instance: AccountRule,
        import_validation_errors: Any = None,
        validate_unique: bool = True,
    ) -> None:
        errors = dict(import_validation_errors or {})
        if not self.publisher and instance._loaded_status == Status.PUBLISHED:
            errors.setdefault("status", []).append(
                "这条标准已发布，读者正在看；您没有发布权限，不能通过导入修改它。"
                "请在后台用“以此为基础新建下一版”录入草稿，或请有发布权限的编辑导入。"
            )
        super().validate_instance(instance, errors, validate_unique)

    def skip_row(
        self, instance: AccountRule, original: Any, row: Any, import_validation_errors: Any = None
    ) -> bool:
        original = original or getattr(instance, "_original", None)
        if import_validation_errors or original is None or original.pk is None:
            return False
        names = [
            "region_id",
            "category",
            "subgroup",
            "pool",
            "effective_from",
            "start_precision",
            "start_is_publication_date",
            "method",
            "rate",
            "amount",
            "reference_base",
            "reference_year",
            "precision",
            "note",
            "conflict_note",
            "verified_on",
            "status",
            "source_id",
        ]
        if any(getattr(instance, n) != getattr(original, n) for n in names):
            return False
        saved = getattr(instance, "_saved_brackets", None)
        if saved is None:
            saved = [
                (b.min_age, b.max_age, b.rate, b.amount)
                for b in AgeBracket.objects.filter(rule_id=original.pk).order_by("min_age")
            ]
        return _same_rows(saved, instance._imported_brackets)

    bulk = True

    def flush(self) -> None:
        """Every new and changed rule in a few bulk statements, each with its history
        record (``simple_history.utils``), then their age brackets; one new content
        generation at the end (bulk writes send no save signal)."""
        from ops.generation import bump

        now = timezone.now()
        creates = [rule for rule, new in self.pending if new]
        updates = [rule for rule, new in self.pending if not new]
        for rule in updates:
            rule.updated_at = now
        user = self.user if getattr(self.user, "pk", None) else None
        if creates:
            AccountRule.all_objects.bulk_create(creates, batch_size=500)
            if any(rule.pk is None for rule in creates):  # a database that returns no ids
                raise RuntimeError("bulk insert returned no primary keys")
            write_history(AccountRule, creates, "+", user, now)
        if updates:
            # One UPDATE per row: Django's bulk_update builds a CASE per column and row,
            # which took two minutes for 10,000 rows.
            columns = [
                f
                for f in AccountRule._meta.concrete_fields
                if not f.primary_key and f.name != "created_at"
            ]
            connection = connections[AccountRule.objects.db]
            quote = connection.ops.quote_name
            sql = "UPDATE {} SET {} WHERE {} = %s".format(
                quote(AccountRule._meta.db_table),
                ", ".join(f"{quote(f.column)} = %s" for f in columns),
                quote(AccountRule._meta.pk.column),
            )
            params = [
                [f.get_db_prep_save(getattr(rule, f.attname), connection) for f in columns]
                + [rule.pk]
                for rule in updates
            ]
            with connection.cursor() as cursor:
                cursor.executemany(sql, params)
            write_history(AccountRule, updates, "~", user, now)
        changed = [
            rule
            for rule in creates + updates
            if not _same_rows(getattr(rule, "_saved_brackets", None) or [], rule._imported_brackets)
        ]
        gone = [rule.pk for rule in changed if getattr(rule, "_saved_brackets", None)]
        if gone:
            for bracket in AgeBracket.objects.filter(rule_id__in=gone):
                bracket.delete()  # one by one: each deletion is kept in the history
        fresh = [
            AgeBracket(rule=rule, min_age=low, max_age=high, rate=rate, amount=amount)
            for rule in changed
            for low, high, rate, amount in rule._imported_brackets
        ]
        if fresh:
            AgeBracket.objects.bulk_create(fresh, batch_size=500)
            write_history(AgeBracket, fresh, "+", user, now)
        self.pending = []
        bump()

    def after_save_instance(self, instance: AccountRule, row: Any, **kwargs: Any) -> None:
        if self.bulk:
            return  # ``flush`` writes the brackets
        wanted = instance._imported_brackets
        saved = getattr(instance, "_saved_brackets", None)
        if saved is None:
            saved = [(b.min_age, b.max_age, b.rate, b.amount) for b in instance.brackets.all()]
        if _same_rows(saved, wanted):
            return
        instance.brackets.all().delete()
        for low, high, rate, amount in wanted:
            AgeBracket.objects.create(
                rule=instance, min_age=low, max_age=high, rate=rate, amount=amount
            )


def write_history(model: Any, rows: list[Any], history_type: str, user: Any, when: Any) -> None:
    """One simple-history record per row ("+" added, "~" changed), as the per-row save
    signal would write it, in one ``executemany`` (Django's bulk insert spent most of a
    10,000-row import preparing values)."""
    history = model.history.model
    connection = connections[history.objects.db]
    fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    special = {
        "history_date": when,
        "history_change_reason": None,
        "history_type": history_type,
        "history_user_id": getattr(user, "pk", None),
    }
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(history._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = [
        [
            f.get_db_prep_save(
                special[f.attname] if f.attname in special else getattr(row, f.attname),
                connection,
            )
            for f in fields
        ]
        for row in rows
    ]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _same_rows(a: list, b: list) -> bool:
    def key(rows: list) -> list:
        return sorted(
            (
                -1 if r[0] is None else r[0],
                -1 if r[1] is None else r[1],
                None if r[2] is None else Decimal(r[2]),
                None if r[3] is None else Decimal(r[3]),
            )
            for r in rows
        )

    try:
        return key(a) == key(b)
    except TypeError:
        return False


BASE_LIMIT_COLUMNS = [
    "region_code",
    "region_name",
    "year",
    "effective_from",
    "floor",
    "ceiling",
    *SOURCE_COLUMNS,
    "verified_on",
]


class BaseLimitResource(RegionalResource):
    compared = (
        "region_id",
        "year",
        "effective_from",
        "floor",
        "ceiling",
        "verified_on",
        "source_id",
    )
    effective_from = fields.Field(
        attribute="effective_from", column_name="effective_from", widget=widgets.DateWidget(DATE)
    )

    class Meta:
        model = ContributionBaseLimit
        fields = BASE_LIMIT_COLUMNS
        export_order = BASE_LIMIT_COLUMNS
        import_id_fields = ["region_code", "year"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_diff = True  # the preview shows cells (``after_import_row``), not HTML diffs
        store_instance = True
        instance_loader_class = PreloadedLoader

    def get_queryset(self) -> Any:
        return ContributionBaseLimit.objects.select_related("region", "source").order_by(
            "region__code", "year"
        )


CHANNEL_COLUMNS = [
    "region_code",
    "region_name",
    "kind",
    "value",
    "note",
    "order",
    *SOURCE_COLUMNS,
    "verified_on",
]


class ChannelResource(RegionalResource):
    compared = ("region_id", "kind", "value", "note", "order", "verified_on", "source_id")

    class Meta:
        model = LocalChannel
        fields = CHANNEL_COLUMNS
        export_order = CHANNEL_COLUMNS
        import_id_fields = ["region_code", "kind", "value"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_diff = True  # the preview shows cells (``after_import_row``), not HTML diffs
        store_instance = True
        instance_loader_class = PreloadedLoader

    def get_queryset(self) -> Any:
        return LocalChannel.objects.select_related("region", "source").order_by(
            "region__code", "kind", "order", "pk"
        )


SOURCE_FILE_COLUMNS = [
    "key",
    "title",
    "document_number",
    "publisher",
    "url",
    "published_on",
    "grade",
]


class SourceResource(SafeResource):
    published_on = fields.Field(
        attribute="published_on", column_name="published_on", widget=DateWidget()
    )

    class Meta:
        model = Source
        fields = ["id", *SOURCE_FILE_COLUMNS]
        export_order = ["id", *SOURCE_FILE_COLUMNS]
        import_id_fields = ["id"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_diff = True  # the preview shows cells (``after_import_row``), not HTML diffs
        store_instance = True
        instance_loader_class = PreloadedLoader

    def import_instance(self, instance: Source, row: Any, **kwargs: Any) -> None:
        super().import_instance(instance, row, **kwargs)
        instance.key = instance.key or None  # empty keys are NULL: many sources have none
        if instance.pk is None:
            instance.link_safe = Source.links_by_default(instance.grade, instance.url)


# --- The import help page (generated from the resources and the models) ----------------

EXTRA_HELP = {
    "id": "已有来源的编号（导出文件里有）；新增来源留空。",
    "region_code": "GB/T 2260 六位地区代码，如 130200（唐山）；全国标准留空。",
    "region_name": "可以不填；填了会和地区代码核对，对不上时这一行报错。",
    "brackets": "分年龄段时填写，如 -69:100;70-:110（69岁及以下100元，70岁及以上110元），"
    "比例写 60-69:2.5%；两端均含本数；不分年龄段留空。",
    "source_key": "已有来源的固定标识；填了就用这条来源，其余来源列不必填。",
    "source_link_safe": "1 或 0；留空时：官方文件且链接是政府网站（.gov.cn）的给链接，其余不给。",
    "status": "draft（草稿，读者看不到）或 published（已发布）；"
    "没有发布权限的编辑导入的新行一律是草稿。",
}


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    help: str
    allowed: tuple[tuple[str, str], ...]
    key: bool  # one of the columns a row is matched on


def columns(resource_class: Any) -> list[Column]:
    """Every column of a file, in order: headers, what to write, allowed values."""
    model = resource_class._meta.model
    keys = set(resource_class._meta.import_id_fields)
    found = []
    for name in resource_class._meta.export_order:
        target, field_name = model, {"region_code": "region"}.get(name, name)
        if name.startswith("source_") and model is not Source:
            target, field_name = Source, name.removeprefix("source_")
        try:
            field = target._meta.get_field(field_name)
        except FieldDoesNotExist:
            field = None
        help_text = EXTRA_HELP.get(name) or str(getattr(field, "help_text", "") or "")
        if field is not None and field.get_internal_type() == "DateField":
            help_text = (help_text + " 日期写成 2026-01-31。").strip()
        allowed = tuple(
            (str(v), str(label)) for v, label in (getattr(field, "choices", None) or ())
        )
        if name == "source_grade":
            allowed = tuple((str(v), str(label)) for v, label in Grade.choices)
        found.append(Column(name, column_label(model, name), help_text, allowed, name in keys))
    return found
