"""Readers' figures on answers and region pages, apart from every sourced rule.

Template tags, so the calculator and the region page show them without importing this
app (answers and content apps are independent layers; see ``pyproject.toml``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from reports.arrived import figures_for, figures_in_force, shared_categories

register = template.Library()


@register.inclusion_tag("reports/includes/reader_figure.html")
def reader_figure(region: Any, category: str, age: int | None, on: dt.date) -> dict[str, Any]:
    """The published 读者反馈 figures for the reader's region, category, age and year."""
    year = on.year if isinstance(on, dt.date) else dt.date.today().year
    return {"figures": figures_in_force(region, category, age, year), "region": region}


@register.inclusion_tag("reports/includes/reader_figures.html")
def region_reader_figures(region: Any) -> dict[str, Any]:
    return {"figures": figures_for(region), "region": region}


@register.inclusion_tag("reports/includes/arrived_link.html")
def arrived_link(region: Any, category: str) -> dict[str, Any]:
    """Where a reader with no figure (or only a formula) may share what arrived."""
    return {"region": region, "category": category, "shared": category in shared_categories()}


@register.filter
def shares_arrived(category: str) -> bool:
    return category in shared_categories()
