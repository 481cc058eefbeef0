"""Imports from code: the same resources and checks the admin's import uses.

``import_rules(text)`` reads a rules CSV (or XLSX bytes with ``fmt="xlsx"``), always
checks every row first, and writes only when ``dry_run=False`` and no row has an error:
all rows or none. ``Outcome`` says per row what would happen (new / changed / unchanged /
error), with Chinese messages naming the row, e.g. for ``manage.py seed`` (issue 13).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from import_export.results import Result, RowResult

from policies.resources import (
    BaseLimitResource,
    ChannelResource,
    RuleResource,
    SourceResource,
    column_label,
)
from yibao_site.lib.spreadsheet import CSV, XLSX

RESOURCES = {
    "rules": RuleResource,
    "base_limits": BaseLimitResource,
    "channels": ChannelResource,
    "sources": SourceResource,
}
KIND_WORDS = {
    RowResult.IMPORT_TYPE_NEW: "新增",
    RowResult.IMPORT_TYPE_UPDATE: "修改",
    RowResult.IMPORT_TYPE_SKIP: "不变",
    RowResult.IMPORT_TYPE_DELETE: "删除",
    RowResult.IMPORT_TYPE_ERROR: "错误",
    RowResult.IMPORT_TYPE_INVALID: "错误",
}


class ImportRefused(Exception):
    """The file has errors; nothing was written. ``outcome`` lists them."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__("\n".join(outcome.errors))
        self.outcome = outcome


@dataclass
class Outcome:
    rows: list[tuple[int, str]] = field(default_factory=list)  # (line, 新增/修改/不变/错误)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # figures outside the usual band
    applied: bool = False

    @property
    def counts(self) -> Counter:
        return Counter(kind for _, kind in self.rows)

    def summary(self) -> str:
        counts = self.counts
        words = ["新增", "修改", "不变", "错误"]
        return " · ".join(f"{w} {counts[w]} 行" for w in words)


def allowed_values(model: Any, name: str) -> str:
    """“可填：code（中文）、…” for a choice column, "" otherwise."""
    attname = {"region_code": "region", "source": ""}.get(name, name)
    try:
        field = model._meta.get_field(attname) if attname else None
    except FieldDoesNotExist:
        field = None
    if not getattr(field, "choices", None):
        return ""
    return "可填：" + "、".join(f"{value}（{label}）" for value, label in field.choices)


def field_message(resource: Any, name: str, messages: list[Any], row: Any = None) -> str:
    """One column's problem in words an editor can act on: the column's Chinese header
    (and its English name), the value in the cell, what the cell may hold."""
    column = {"region": "region_code"}.get(name, name)
    if name == "__all__":
        return "；".join(str(m) for m in messages)
    model = resource._meta.model
    text = "；".join(str(m) for m in messages)
    label = column_label(model, column)
    where = f"“{label}”列" + (f"（{column}）" if label != column else "")
    value = None if row is None else row.get(column)
    if value not in (None, "") and f"“{value}”" not in text:
        where += f"的“{value}”"
    allowed = allowed_values(model, column)
    if allowed and allowed not in text:
        text = text.rstrip("。") + "。" + allowed + "。"
    return f"{where}：{text}"


def row_problems(resource: Any, result: Result) -> list[tuple[int, str]]:
    """(spreadsheet line, message) for every error, lines counted as a spreadsheet does
    (the header is line 1). Never a traceback: an unexpected error is named, not shown."""
    found: list[tuple[int, str]] = []
    for error in result.base_errors:
        found.append((0, f"文件：{plain_error(error.error)}"))
    for number, errors in result.row_errors():
        for error in errors:
            found.append((number + 1, plain_error(error.error)))
    for invalid in result.invalid_rows:
        row = dict(zip(result.diff_headers, invalid.values, strict=False))
        messages = invalid.error_dict
        text = "；".join(field_message(resource, k, v, row) for k, v in messages.items())
        found.append((invalid.number + 1, text))
    return sorted(found, key=lambda item: item[0])


def plain_error(error: Exception) -> str:
    """An error's message if it is meant for editors, else a plain Chinese sentence."""
    if isinstance(error, ValueError | ValidationError) and any(
        "\u4e00" <= ch <= "\u9fff" for ch in str(error)
    ):
        return str(error)
    return "这一行无法导入（数据格式不对或与已有数据冲突），请核对后重试。"


def outcome_of(result: Result, resource: Any = None) -> Outcome:
    """Line numbers count the header as line 1, as a spreadsheet shows them."""
    resource = resource or RuleResource()
    outcome = Outcome()
    invalid = {row.number for row in result.invalid_rows}
    for number, row in enumerate(result.rows, start=1):
        line = number + 1
        kind = "错误" if number in invalid else KIND_WORDS.get(row.import_type, row.import_type)
        outcome.rows.append((line, kind))
        for warning in getattr(row, "warnings", []):
            outcome.warnings.append(f"第 {line} 行：{warning}")
    for line, text in row_problems(resource, result):
        outcome.errors.append(f"第 {line} 行：{text}" if line else text)
    return outcome


def read(data: str | bytes, fmt: str) -> tablib.Dataset:
    if fmt == "csv":
        return CSV().create_dataset(data)
    return XLSX().create_dataset(data)


def import_file(
    kind: str,
    data: str | bytes,
    *,
    fmt: str = "csv",
    dry_run: bool = True,
    user: Any = None,
    confirmed: Iterable[int] | None = None,
) -> Outcome:
    """Check (and with ``dry_run=False`` apply) a file of ``kind`` (see ``RESOURCES``).

    Applying is one pass in one transaction: any row with an error rolls every row back
    and raises ``ImportRefused`` with the per-row messages. ``user`` limits what the file
    may do as the admin does (drafts only without the publish permission, no new sources
    without ``add_source``); ``confirmed`` names the lines whose sanity warnings were
    confirmed (``None``, for trusted files under version control: all of them).
    """
    resource = RESOURCES[kind]()
    dataset = read(data, fmt)
    lines = None if confirmed is None else set(confirmed)
    options = {"user": user, "confirmed_lines": lines}
    if dry_run:
        with transaction.atomic():
            return outcome_of(resource.import_data(dataset, dry_run=True, **options), resource)
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            lock_rows=True,
            **options,
        )
        outcome = outcome_of(result, resource)
        if outcome.errors:
            raise ImportRefused(outcome)  # leaving the block rolls back every row
    outcome.applied = True
    return outcome


def import_rules(
    data: str | bytes,
    *,
    fmt: str = "csv",
    dry_run: bool = True,
    user: Any = None,
    confirmed: Iterable[int] | None = None,
) -> Outcome:
    return import_file("rules", data, fmt=fmt, dry_run=dry_run, user=user, confirmed=confirmed)


def export_file(kind: str, *, fmt: str = "csv") -> str | bytes:
    """What the admin's export gives: CSV with a BOM (Excel reads it as UTF-8), Chinese
    headers; XLSX bytes."""
    dataset = RESOURCES[kind]().export()
    if fmt == "csv":
        return CSV().export_data(dataset)
    return XLSX().export_data(dataset)
