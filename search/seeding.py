"""Rebuild the search index after every other app has seeded its content."""

from __future__ import annotations

from typing import TextIO

from search.registry import rebuild


def run(stdout: TextIO) -> None:
    stdout.write(f"搜索索引：{rebuild()} 条\n")
