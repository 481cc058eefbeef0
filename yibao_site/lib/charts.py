"""Charts drawn on the server as accessible SVG: no charting JavaScript.

Each chart has a ``<title>`` and ``<desc>`` referenced by ``aria-labelledby``, and
``role="img"``; the page shows the same numbers as a table, which is the text
alternative. Every bar or point carries ``data-label`` and ``data-value`` so tests
(and curious readers) can check it against the table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
ROW = 30
LABEL_W = 110
VALUE_W = 70


@dataclass(frozen=True)
class Datum:
    label: str
    value: Decimal | None
    # The value as readers see it, with its precision word ("最多 160.00", "约 250").
    text: str = ""


def _fmt(value: Decimal) -> str:
    return f"{value:.2f}"


def _frame(chart_id: str, title: str, desc: str, height: int, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg" font-size="13">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=WIDTH,
        h=height,
        title=title,
        desc=desc,
        body=body,
    )


def bar_chart(chart_id: str, title: str, desc: str, data: Sequence[Datum], unit: str) -> SafeString:
    """Horizontal bars, one row per datum; missing values say so instead of a bar."""
    top = max((d.value for d in data if d.value is not None), default=Decimal("0"))
    span = WIDTH - LABEL_W - VALUE_W
    rows = []
    for i, datum in enumerate(data):
        y = 10 + i * ROW
        label = format_html(
            '<text x="{x}" y="{y}" text-anchor="end" dominant-baseline="middle">{t}</text>',
            x=LABEL_W - 6,
            y=y + 10,
            t=datum.label,
        )
        if datum.value is None:
            bar = format_html(
                '<text class="chart-missing" x="{x}" y="{y}" dominant-baseline="middle" '
                'data-label="{label}" data-value="">暂无数据</text>',
                x=LABEL_W,
                y=y + 10,
                label=datum.label,
            )
        else:
            length = 0 if top == 0 else float(datum.value / top) * span
            bar = format_html(
                '<rect class="chart-bar" x="{x}" y="{y}" width="{w}" height="20" '
                'data-label="{label}" data-value="{v}"></rect>'
                '<text x="{tx}" y="{ty}" dominant-baseline="middle">{shown} {unit}</text>',
                x=LABEL_W,
                y=y,
                w=f"{max(length, 1.0):.1f}",
                label=datum.label,
                v=_fmt(datum.value),
                shown=datum.text or _fmt(datum.value),
                tx=f"{LABEL_W + max(length, 1.0) + 4:.1f}",
                ty=y + 10,
                unit=unit,
            )
        rows.append(label + bar)
    height = 20 + len(data) * ROW
    return _frame(chart_id, title, desc, height, mark_safe("".join(rows)))  # noqa: S308


def line_chart(
    chart_id: str, title: str, desc: str, data: Sequence[Datum], unit: str
) -> SafeString:
    """A step line through the points (values hold until the next point), with dots."""
    height = 220
    left, right, top_pad, bottom = 44, 28, 28, 40
    values = [d.value for d in data if d.value is not None]
    if not values:
        return _frame(chart_id, title, desc, height, mark_safe(""))  # noqa: S308
    high = max(values)
    low = min(Decimal("0"), min(values))
    span_y = (high - low) or Decimal("1")
    plot_w = WIDTH - left - right
    plot_h = height - top_pad - bottom
    step_x = plot_w / max(len(data) - 1, 1)

    def y_of(value: Decimal) -> float:
        return top_pad + plot_h - float((value - low) / span_y) * plot_h

    coords = [(left + i * step_x, y_of(d.value)) for i, d in enumerate(data) if d.value is not None]
    path = [f"M{coords[0][0]:.1f},{coords[0][1]:.1f}"]
    for (_x0, y0), (x1, y1) in zip(coords, coords[1:], strict=False):
        path.append(f"L{x1:.1f},{y0:.1f}L{x1:.1f},{y1:.1f}")
    axis = format_html(
        '<line class="chart-axis" x1="{l}" y1="{b}" x2="{r}" y2="{b}"></line>'
        '<text x="{l}" y="{ty}">最高 {high} {unit}</text>'
        '<text x="{tl}" y="{b}" text-anchor="end">{low}</text>',
        l=left,
        r=WIDTH - right,
        b=top_pad + plot_h,
        tl=left - 4,
        ty=top_pad - 12,
        high=_fmt(high),
        low=_fmt(low),
        unit=unit,
    )
    line = format_html('<path class="chart-line" d="{}" fill="none"></path>', "".join(path))
    dots = format_html_join(
        "",
        '<circle class="chart-point" cx="{}" cy="{}" r="3" data-label="{}" '
        'data-value="{}"></circle>',
        (
            (f"{left + i * step_x:.1f}", f"{y_of(d.value):.1f}", d.label, _fmt(d.value))
            for i, d in enumerate(data)
            if d.value is not None
        ),
    )
    stride = max(1, math.ceil(56 / step_x))  # a "2026-11" label is about 50 units wide
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (f"{left + i * step_x:.1f}", top_pad + plot_h + 16, d.label)
            for i, d in enumerate(data)
            if i % stride == 0
        ),
    )
    return _frame(chart_id, title, desc, height, axis + line + dots + ticks)
