"""Template tags every page uses, loaded as builtins (settings ``TEMPLATES``).

- ``{% source_line thing %}``: where a figure comes from, its evidence grade and whether
  an editor verified it ("核实于 …" only with a verification date, else "待核实").
  ``thing`` is anything with ``source`` and ``verified_on`` (a row or a plain value).
- ``{% breadcrumbs "各地标准" "policies:regions" region.name %}``: home, then label/URL
  pairs (a URL name or a path; a pair with an empty label is skipped), then the current
  page.
- ``{% disclaimer %}``: the one sentence every answer ends with.
- ``{{ name|field_label:opts }}``: a model field's verbose name (admin history pages).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from yibao_site.lib.wording import DISCLAIMER

register = template.Library()


@register.inclusion_tag("includes/source_line.html")
def source_line(
    thing: Any = None, *, source: Any = None, verified_on: Any = None, prefix: str = "来源："
) -> dict[str, Any]:
    if thing is not None:
        source = thing.source
        verified_on = thing.verified_on
    return {"source": source, "verified_on": verified_on, "prefix": prefix}


def _url(target: str) -> str:
    if target.startswith(("/", "?", "#")):
        return target
    try:
        return reverse(target)
    except NoReverseMatch:
        return target


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*trail: Any) -> dict[str, Any]:
    *pairs, current = trail
    # A pair with an empty label (e.g. the province of a province) is left out.
    crumbs = [
        (str(pairs[i]), _url(str(pairs[i + 1]))) for i in range(0, len(pairs) - 1, 2) if pairs[i]
    ]
    return {"crumbs": [("首页", reverse("home")), *crumbs], "current": current}


@register.inclusion_tag("includes/disclaimer_line.html")
def disclaimer() -> dict[str, Any]:
    return {"text": DISCLAIMER}


@register.filter
def field_label(name: str, opts: Any) -> str:
    """A model field's Chinese verbose name, for admin screens that only know its name."""
    try:
        return str(opts.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - an unknown name is shown as it is
        return name
