"""The published terms and a pattern that finds them in text (built once per content
generation in each process, like the other small tables every page reads)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from glossary.models import Term
from ops import generation


@dataclass(frozen=True)
class Glossary:
    meanings: dict[str, str]
    pattern: re.Pattern[str] | None


def glossary() -> Glossary:
    return generation.memo("glossary:terms", _load)


def _load() -> Glossary:
    meanings = dict(Term.objects.filter(published=True).values_list("term", "meaning"))
    if not meanings:
        return Glossary({}, None)
    # Longest first: "城乡居民医保" before "城乡居民".
    words = sorted(meanings, key=len, reverse=True)
    return Glossary(meanings, re.compile("|".join(re.escape(w) for w in words)))
