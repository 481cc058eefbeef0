"""Cells that a spreadsheet would run as formulas, made inert (CSV and XLSX the site writes).

A cell that starts with ``= + - @`` (or a tab or carriage return, which Excel skips before
looking) is a formula to Excel and LibreOffice: a crafted value in a shared file could run
commands or leak data. Such a cell gets a leading apostrophe, which spreadsheets show as
text and hide. ``restore`` undoes it, so a file the site exported imports back unchanged.
"""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MARK = "'"


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return MARK + value
    return value


def restore(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(MARK) and value[1:].startswith(TRIGGERS):
        return value[1:]
    return value
