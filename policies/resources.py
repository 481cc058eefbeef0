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

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from policies import brackets
from policies.models import (
    AccountRule,
    AgeBracket,
    ContributionBaseLimit,
    LocalChannel,
    Region,
    Source,
)
from policies.terms import NATIONAL, Grade
from yibao_site.lib.spreadsheet import neutralise, restore

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


class RegionWidget(widgets.ForeignKeyWidget):
    """A region by its six-digit code; empty means the national level."""

    def __init__(self) -> None:
        super().__init__(Region, field="code")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Region | None:
        code = str(value or "").strip()
        if not code:
            return None
        found = Region.objects.filter(code=code).first()
        if found is None:
            raise ValueError(f"没有地区代码“{code}”（请用 GB/T 2260 六位代码，全国留空）。")
        return found


class FlagWidget(widgets.BooleanWidget):
    """1/0 (also true/false, 是/否); an empty cell is "no"."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        text = str(value or "").strip().lower()
        if text in ("", "0", "false", "no", "否"):
            return False
        if text in ("1", "true", "yes", "是"):
            return True
        raise ValueError(f"“{value}”应为 1（是）或 0（否）。")


class SafeResource(resources.ModelResource):
    """Neutralised cells out, restored cells in; Chinese messages for unreadable cells."""

    def export_resource(self, instance: Any, selected_fields: Any = None, **kwargs: Any) -> list:
        values = super().export_resource(instance, selected_fields, **kwargs)
        return [neutralise(v) for v in values]

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        for key in list(row.keys()):
            value = restore(row[key])
            # An empty XLSX cell arrives as None: read it as an empty text, like CSV's.
            row[key] = value.strip() if isinstance(value, str) else ("" if value is None else value)
        super().before_import_row(row, **kwargs)


def source_from_row(row: Any) -> Source:
    """The row's source: by key, else by URL, else by title and document number; created
    from the row's columns when none matches (an existing source is never rewritten)."""
    key = (row.get("source_key") or "").strip()
    url = (row.get("source_url") or "").strip()
    title = (row.get("source_title") or "").strip()
    number = (row.get("source_document_number") or "").strip()
    found = None
    if key:
        found = Source.objects.filter(key=key).first()
    if found is None and url:
        found = Source.objects.filter(url=url).order_by("pk").first()
    if found is None and title:
        found = Source.objects.filter(title=title, document_number=number).order_by("pk").first()
    if found is not None:
        return found
    if not title:
        raise ValidationError({"source": "来源不存在：请填写 source_key（已有来源）或来源标题。"})
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
        published_on=widgets.DateWidget(DATE).clean(published) if published else None,
        grade=grade,
        link_safe=FlagWidget().clean(row.get("source_link_safe")),
    )
    source.full_clean()
    source.save()
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

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        try:
            instance.source = source_from_row(row)
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
        attribute="verified_on", column_name="verified_on", widget=widgets.DateWidget(DATE)
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

    def dehydrate_region_name(self, row: Any) -> str:
        return row.region.name if row.region_id and row.region else NATIONAL

    def skip_row(
        self, instance: Any, original: Any, row: Any, import_validation_errors: Any = None
    ) -> bool:
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
        attribute="effective_from", column_name="effective_from", widget=widgets.DateWidget(DATE)
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
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self) -> Any:
        return (
            AccountRule.all_objects.select_related("region", "source")
            .prefetch_related("brackets")
            .order_by("region__code", "category", "effective_from")
        )

    def dehydrate_brackets(self, rule: AccountRule) -> str:
        return brackets.format_rows(
            [(b.min_age, b.max_age, b.rate, b.amount) for b in rule.brackets.all()]
        )

    def import_instance(self, instance: AccountRule, row: Any, **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
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
        if errors:
            raise ValidationError(errors)

    def skip_row(
        self, instance: AccountRule, original: Any, row: Any, import_validation_errors: Any = None
    ) -> bool:
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
        saved = [
            (b.min_age, b.max_age, b.rate, b.amount)
            for b in AgeBracket.objects.filter(rule_id=original.pk).order_by("min_age")
        ]
        return _same_rows(saved, instance._imported_brackets)

    def after_save_instance(self, instance: AccountRule, row: Any, **kwargs: Any) -> None:
        wanted = instance._imported_brackets
        saved = [(b.min_age, b.max_age, b.rate, b.amount) for b in instance.brackets.all()]
        if _same_rows(saved, wanted):
            return
        instance.brackets.all().delete()
        for low, high, rate, amount in wanted:
            AgeBracket.objects.create(
                rule=instance, min_age=low, max_age=high, rate=rate, amount=amount
            )


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
        attribute="published_on", column_name="published_on", widget=widgets.DateWidget(DATE)
    )

    class Meta:
        model = Source
        fields = ["id", *SOURCE_FILE_COLUMNS]
        export_order = ["id", *SOURCE_FILE_COLUMNS]
        import_id_fields = ["id"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def import_instance(self, instance: Source, row: Any, **kwargs: Any) -> None:
        super().import_instance(instance, row, **kwargs)
        instance.key = instance.key or None  # empty keys are NULL: many sources have none
