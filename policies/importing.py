"""Imports from code: the same resources and checks the admin's import uses.

``import_rules(text)`` reads a rules CSV (or XLSX bytes with ``fmt="xlsx"``), always
checks every row first, and writes only when ``dry_run=False`` and no row has an error:
all rows or none. ``Outcome`` says per row what would happen (new / changed / unchanged /
error), with Chinese messages naming the row, e.g. for ``manage.py seed`` (issue 13).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.db import transaction
from import_export.results import Result, RowResult

from policies.resources import (
    BaseLimitResource,
    ChannelResource,
    RuleResource,
    SourceResource,
)

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
    applied: bool = False

    @property
    def counts(self) -> Counter:
        return Counter(kind for _, kind in self.rows)

    def summary(self) -> str:
        counts = self.counts
        words = ["新增", "修改", "不变", "错误"]
        return " · ".join(f"{w} {counts[w]} 行" for w in words)


def field_message(name: str, messages: list[str]) -> str:
    column = {"region": "region_code", "source": "source"}.get(name, name)
    return f"{column}：{'；'.join(str(m) for m in messages)}"


def outcome_of(result: Result) -> Outcome:
    """Line numbers count the header as line 1, as a spreadsheet shows them."""
    outcome = Outcome()
    invalid = {row.number: row for row in result.invalid_rows}
    for number, row in enumerate(result.rows, start=1):
        line = number + 1
        outcome.rows.append((line, KIND_WORDS.get(row.import_type, row.import_type)))
        for error in row.errors:
            outcome.errors.append(f"第 {line} 行：{error.error}")
        if number in invalid:
            messages = invalid[number].error_dict
            text = "；".join(field_message(k, v) for k, v in messages.items())
            outcome.errors.append(f"第 {line} 行：{text}")
    for error in result.base_errors:
        outcome.errors.append(f"文件：{error.error}")
    return outcome


def read(data: str | bytes, fmt: str) -> tablib.Dataset:
    if fmt == "csv":
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
        return tablib.Dataset().load(text, format="csv")
    return tablib.Dataset().load(data, format=fmt)


def import_file(
    kind: str, data: str | bytes, *, fmt: str = "csv", dry_run: bool = True, user: Any = None
) -> Outcome:
    """Check (and with ``dry_run=False`` apply) a file of ``kind`` (see ``RESOURCES``).

    Applying is one pass in one transaction: any row with an error rolls every row back
    and raises ``ImportRefused`` with the per-row messages.
    """
    resource = RESOURCES[kind]()
    dataset = read(data, fmt)
    if dry_run:
        with transaction.atomic():
            return outcome_of(resource.import_data(dataset, dry_run=True, user=user))
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=False, use_transactions=True, user=user)
        outcome = outcome_of(result)
        if outcome.errors:
            raise ImportRefused(outcome)  # leaving the block rolls back every row
    outcome.applied = True
    return outcome


def import_rules(
    data: str | bytes, *, fmt: str = "csv", dry_run: bool = True, user: Any = None
) -> Outcome:
    return import_file("rules", data, fmt=fmt, dry_run=dry_run, user=user)


def export_file(kind: str, *, fmt: str = "csv") -> str | bytes:
    dataset = RESOURCES[kind]().export()
    if fmt == "csv":
        return dataset.export("csv")
    return dataset.export(fmt)
