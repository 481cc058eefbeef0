"""The region list as ``<select>`` choices, grouped by province, built once per content
generation in each process (``ops.generation.memo``), and the rendered options with it.

The region combobox (``static/js/combobox.js``) matches pinyin against search keys: the
full pinyin and the initials of each name (``guangzhoushi gzs``), made by pypinyin when a
region is imported or saved (``Region.pinyin``), never typed by hand and never computed
while answering a reader. They are not in the page (370 of them cost every page with a
region question 3 KB compressed); the combobox fetches them once, when the reader first
types (``/regions/keys.json``, ``regions.views.regions.region_keys``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ops import generation
from policies.models import Region
from yibao_site.lib.widgets import render_grouped_options

# Rows of the dataset that group county-level cities directly under a province
# ("湖北省-自治区直辖县级行政区划"); they are not places of insurance.
GROUPING_MARK = "行政区划"


@dataclass(frozen=True)
class RegionOptions:
    """The grouped choices and, per code, the option's search keys."""

    choices: list[tuple[str, list[tuple[str, str]]]]
    keys: dict[str, str]


def is_grouping(name: str) -> bool:
    return GROUPING_MARK in name


def pinyin_keys(name: str) -> str:
    """Full pinyin and initials of ``name``: "广州市" → "guangzhoushi gzs".

    pypinyin (with its phrase dictionary, so 重庆 is chongqing and 长沙 changsha) is
    imported only here: at import, seed or admin-save time, never per request.
    """
    from pypinyin import Style, lazy_pinyin

    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s.isalpha()]
    if not syllables:
        return ""
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables).lower()
    return f"{full} {initials}"


def fill_pinyin(sender: type, instance: Region, raw: bool = False, **kwargs: object) -> None:
    """Signal receiver (pre_save): keep ``pinyin`` in step with the name."""
    if raw:
        return
    instance.pinyin = pinyin_keys(instance.name)[:200]


def _build() -> RegionOptions:
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    keys: dict[str, str] = {}
    fields = ("id", "code", "name", "level", "parent_id", "pinyin")
    # 香港、澳门、台湾 are in the code list but not places of insurance here.
    rows = Region.objects.filter(in_system=True).order_by("code").only(*fields)
    for region in rows:
        if is_grouping(region.name):
            continue
        keys[region.code] = region.pinyin
        if region.level == Region.Level.PROVINCE:
            groups[region.pk] = (region.name, [(region.code, region.name)])
        elif region.parent_id in groups:
            groups[region.parent_id][1].append((region.code, region.name))
    return RegionOptions(list(groups.values()), keys)


def region_options() -> RegionOptions:
    return generation.memo("policies:region-options", _build)


def region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """(province, [(code, name), …]) groups; the province itself comes first in its group."""
    return region_options().choices


def region_search_keys() -> dict[str, str]:
    """Code → pinyin search keys (``/regions/keys.json``)."""
    return region_options().keys


def region_options_html() -> str:
    """Every region ``<optgroup>``/``<option>``, rendered once per content generation (the
    widget marks the chosen one per request)."""
    return generation.memo(
        "policies:region-options-html", lambda: render_grouped_options(region_choices())
    )


def regions_by_code() -> dict[str, Region]:
    """Every region (with its parent) by code, loaded once per content generation.

    The region question is on every calculator and guide; looking it up here instead of
    one query per answer. Shared, read-only instances: views must not modify them.
    Includes 香港、澳门、台湾, so the form can say why they have no answer.
    """
    return generation.memo(
        "policies:regions-by-code",
        lambda: {region.code: region for region in Region.objects.select_related("parent")},
    )


def region_by_code(code: str) -> Region | None:
    """The region for a 6-digit code (None for anything else), without a query."""
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return None
    return regions_by_code().get(code)


def forget_region_choices(**kwargs: object) -> None:
    """Regions were added without signals (``bulk_create`` in seeding): new generation."""
    generation.bump()
