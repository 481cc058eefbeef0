"""JSON-LD blocks for search engines (HowTo, FAQPage)."""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe


def ld_json(data: dict[str, Any]) -> SafeString:
    """A JSON-LD block; <, > and & are escaped so the text can never close the script."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
