"""Atom feeds of rule changes: site-wide (``/changes/feed/``) and per region.

An entry is one published rule value. A value an editor entered or changed is an update,
dated when the editor last saved it; a value the seed recorded from the research table and
no editor has touched since is "首次收录", dated by its source (the day the seed ran is
nobody's news). Drafts never appear (``AccountRule.objects``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from policies.describe import describe
from policies.lookup import plain_value, rule_book
from policies.models import AccountRule, Region

LATEST = 50


@dataclass(frozen=True)
class Change:
    """One entry: a rule value, whether it is an editor's update, and its date."""

    rule: AccountRule
    edited: bool
    on: dt.date

    @property
    def label(self) -> str:
        return "更新" if self.edited else "首次收录"


def source_date(rule: AccountRule) -> dt.date:
    """When a seeded value became known: its source's date, else the value's own start."""
    return rule.source.published_on or rule.effective_from


def edited_ids(rows: list[AccountRule]) -> set[int]:
    """The values an editor has saved (their history names a user): one query."""
    history = AccountRule.history.model
    found = history.objects.filter(id__in=[r.pk for r in rows], history_user__isnull=False)
    return set(found.values_list("id", flat=True))


def latest_changes(region: Region | None = None) -> list[Change]:
    """The newest published rule values, newest first (for ``region``: its own, its
    province's and the national ones), from the cached rule book."""
    rows = [row for values in rule_book().by_level.values() for row in values]
    if region is not None:
        chain = {level.pk for level in region.lookup_chain()} | {None}
        rows = [row for row in rows if row.region_id in chain]
    edited = edited_ids(rows)
    changes = [
        Change(row, True, timezone.localdate(row.updated_at))
        if row.pk in edited
        else Change(row, False, source_date(row))
        for row in rows
    ]
    changes.sort(key=lambda c: (c.on, c.edited, c.rule.pk), reverse=True)
    return changes[:LATEST]


def change_title(rule: AccountRule) -> str:
    value = plain_value(rule)
    return f"{rule.region_label} · {value.category_label} · {value.start_month}：{describe(value)}"


def change_link(rule: AccountRule) -> str:
    if rule.region_id and rule.region:
        return f"{rule.region.get_absolute_url()}#category-{rule.category}"
    return rule.get_absolute_url()


class RuleChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "医保个人账户划入标准：最近更新"
    subtitle = "各地职工医保个人账户划入标准的新增和修改，每条注明来源和证据等级。"

    def link(self) -> str:
        return reverse("regions:changes")

    def items(self) -> list[Change]:
        return latest_changes()

    def item_title(self, item: Change) -> str:
        title = change_title(item.rule)
        return title if item.edited else f"首次收录 · {title}"

    def item_description(self, change: Change) -> str:  # type: ignore[override]
        item = change.rule
        source = item.source
        parts = [describe(plain_value(item)), f"来源：{source.title}"]
        if source.document_number:
            parts.append(source.document_number)
        parts.append(f"证据等级：{source.get_grade_display()}")
        parts.append(f"核实于 {item.verified_on:%Y-%m-%d}" if item.verified_on else "待核实")
        if item.note:
            parts.append(item.note)
        if not change.edited:
            parts.append(f"首次收录，日期为来源的日期 {change.on:%Y-%m-%d}，不是编辑更新")
        return "；".join(parts)

    def item_link(self, item: Change) -> str:
        return change_link(item.rule)

    def item_guid(self, item: Change) -> str:
        stamp = f"rule/{item.rule.pk}/" + (
            item.rule.updated_at.isoformat() if item.edited else "first"
        )
        return uuid.uuid5(uuid.NAMESPACE_URL, stamp).urn

    item_guid_is_permalink = False

    def item_pubdate(self, item: Change) -> dt.datetime:
        return self.item_updateddate(item) if not item.edited else item.rule.created_at

    def item_updateddate(self, item: Change) -> dt.datetime:
        if item.edited:
            return item.rule.updated_at
        return timezone.make_aware(dt.datetime.combine(item.on, dt.time()))


class RegionChangesFeed(RuleChangesFeed):
    """Changes a reader in one region cares about: the region, its province, the nation."""

    def get_object(self, request: HttpRequest, code: str) -> Region:  # type: ignore[override]
        return get_object_or_404(Region.objects.select_related("parent"), code=code)

    def title(self, obj: Region) -> str:  # type: ignore[override]
        return f"{obj.full_name}医保个人账户划入标准：最近更新"

    def link(self, obj: Region) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def items(self, obj: Region) -> list[Change]:  # type: ignore[override]
        return latest_changes(obj)
