"""Atom feeds of rule changes: site-wide (``/changes/feed/``) and per region.

An entry is one published rule value; its date is when an editor last saved it, so a new
yearly value and a correction both show up. Drafts never appear (``AccountRule.objects``).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from policies.describe import describe
from policies.lookup import plain_value, rule_book
from policies.models import AccountRule, Region

LATEST = 50


def latest_changes(region: Region | None = None) -> list[AccountRule]:
    """The most recently saved published rule values, newest first (for ``region``: its
    own, its province's and the national ones), from the cached rule book."""
    rows = [row for values in rule_book().by_level.values() for row in values]
    if region is not None:
        chain = {level.pk for level in region.lookup_chain()} | {None}
        rows = [row for row in rows if row.region_id in chain]
    rows.sort(key=lambda row: (row.updated_at, row.pk), reverse=True)
    return rows[:LATEST]


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

    def items(self) -> list[AccountRule]:
        return latest_changes()

    def item_title(self, item: AccountRule) -> str:
        return change_title(item)

    def item_description(self, item: AccountRule) -> str:
        source = item.source
        parts = [describe(plain_value(item)), f"来源：{source.title}"]
        if source.document_number:
            parts.append(source.document_number)
        parts.append(f"证据等级：{source.get_grade_display()}")
        parts.append(f"核实于 {item.verified_on:%Y-%m-%d}" if item.verified_on else "待核实")
        if item.note:
            parts.append(item.note)
        return "；".join(parts)

    def item_link(self, item: AccountRule) -> str:
        return change_link(item)

    def item_guid(self, item: AccountRule) -> str:
        stamp = f"rule/{item.pk}/{item.updated_at.isoformat()}"
        return uuid.uuid5(uuid.NAMESPACE_URL, stamp).urn

    item_guid_is_permalink = False

    def item_pubdate(self, item: AccountRule) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: AccountRule) -> dt.datetime:
        return item.updated_at


class RegionChangesFeed(RuleChangesFeed):
    """Changes a reader in one region cares about: the region, its province, the nation."""

    def get_object(self, request: HttpRequest, code: str) -> Region:  # type: ignore[override]
        return get_object_or_404(Region.objects.select_related("parent"), code=code)

    def title(self, obj: Region) -> str:  # type: ignore[override]
        return f"{obj.full_name}医保个人账户划入标准：最近更新"

    def link(self, obj: Region) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def items(self, obj: Region) -> list[AccountRule]:  # type: ignore[override]
        return latest_changes(obj)
