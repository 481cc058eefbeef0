"""The region list as ``<select>`` choices, grouped by province, cached until a region changes.

Each option carries search keys for the region combobox (``static/js/combobox.js``): the
full pinyin and the initials of the name (``guangzhoushi gzs``), made by pypinyin when a
region is imported or saved (``Region.pinyin``), never typed by hand and never computed
while answering a reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from policies.models import Region

CHOICES_CACHE_KEY = "policies:region-choices:v2"
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
    cached = cache.get(CHOICES_CACHE_KEY)
    if cached is not None:
        return cached
    options = _build()
    # Saves clear it at once in a shared cache; per-process caches catch up within 5 minutes.
    cache.set(CHOICES_CACHE_KEY, options, 300)
    return options


def region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """(province, [(code, name), …]) groups; the province itself comes first in its group."""
    return region_options().choices


def region_search_keys() -> dict[str, str]:
    """Code → pinyin search keys, for the options' ``data-py`` attributes."""
    return region_options().keys


REGION_VERSION_KEY = "policies:region-version"
_MISSING = "missing"


def region_by_code(code: str) -> Region | None:
    """The region (with its parent) for a 6-digit code, from the cache when it can.

    Every answer and every remembered region needs this one row; the cache keeps it out
    of the query budget. A save or delete of any region moves the version in the key.
    """
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return None
    version = cache.get(REGION_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(REGION_VERSION_KEY, version, None)
    key = f"policies:region:{version}:{code}"
    found = cache.get(key)
    if found is None:
        found = Region.objects.select_related("parent").filter(code=code).first() or _MISSING
        cache.set(key, found, 300)
    return None if found == _MISSING else found


def forget_region_choices(**kwargs: object) -> None:
    """Signal receiver: a region was saved or deleted (``PoliciesConfig.ready``)."""
    cache.delete(CHOICES_CACHE_KEY)
    try:
        cache.incr(REGION_VERSION_KEY)
    except ValueError:
        cache.set(REGION_VERSION_KEY, 2, None)
