"""From the rule tables to the projection engine: resolve once, sum the monthly answers."""

from __future__ import annotations

from calculator.engines import projection as engine
from policies.lookup import resolve
from policies.models import Region


def projection_from(form_data: dict, region: Region) -> tuple[engine.Projection, str]:
    """The projection for a valid ``ProjectionForm``'s cleaned data, and the name of the
    level whose values it used ("" when there are none)."""
    resolved = resolve(region, form_data["category"], form_data.get("subgroup") or "")
    result = engine.project(
        resolved,
        start=form_data["on"],
        years=form_data["years"],
        balance=form_data["balance"],
        age=form_data.get("age"),
        base=form_data.get("base"),
        pension=form_data.get("pension"),
        subgroup=form_data.get("subgroup") or "",
    )
    return result, resolved.level_name if resolved.found_any else ""
