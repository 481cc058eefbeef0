"""Seed the glossary (``manage.py seed``): each term once, never over an editor's change."""

from __future__ import annotations

from typing import TextIO

from glossary.models import Term
from glossary.seed_terms import TERMS
from policies.models import Source
from policies.seeding import seed_once, source


def run(stdout: TextIO) -> None:
    added = 0
    for word, meaning, key in TERMS:

        def create(word: str = word, meaning: str = meaning, key: str | None = key) -> None:
            if Term.objects.filter(term=word).exists():  # the data migration made it
                return
            cited: Source | None = source(key) if key else None
            Term.objects.create(term=word, meaning=meaning, source=cited)

        added += seed_once(f"glossary:{word}", create)
    stdout.write(f"词语解释：{Term.objects.count()} 条（本次新增 {added}）\n")
