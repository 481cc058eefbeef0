"""From the rule tables to the monthly engine: resolve, then work out the answer."""

from __future__ import annotations

from calculator.engines.monthly import Inputs, Result, answer
from policies.lookup import resolve
from policies.models import Region


def calculate_for(region: Region | None, inputs: Inputs, *, drafts: bool = False) -> Result:
    """The monthly answer for a region (drafts: an editor's preview)."""
    resolved = resolve(region, inputs.category, inputs.subgroup, drafts=drafts)
    return answer(resolved, inputs)
