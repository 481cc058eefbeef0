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
ROW_WRAPPED = 40
LABEL_W = 110
LABEL_MAX_W = 132  # a label wider than this wraps onto two lines
VALUE_W = 76
FONT = 13


@dataclass(frozen=True)
class Datum:
    label: str
    value: Decimal | None
    # The value as readers see it, with its precision word ("最多 160.00", "约 250").
    text: str = ""


def _fmt(value: Decimal) -> str:
    return f"{value:.2f}"


def text_width(text: str, font: int = FONT) -> float:
    """Rough width in chart units: a Chinese character is one em, Latin and digits ~0.6 em.

    Enough to lay out labels so they neither overlap nor run off the chart on a phone.
    """
    return sum(font if ord(ch) > 0x2E7F else font * 0.6 for ch in text)


def _wrap(text: str, width: float) -> list[str]:
    """One line, or two lines split near the middle, when ``text`` is wider than ``width``."""
    if text_width(text) <= width:
        return [text]
    cut = max(1, len(text) // 2)
    return [text[:cut], text[cut:]]


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
    # The label column fits the longest label (up to LABEL_MAX_W); longer ones wrap.
    widest = max((text_width(d.label) for d in data), default=0)
    label_w = int(min(max(widest, 40), LABEL_MAX_W)) + 8
    lines = [_wrap(d.label, label_w - 8) for d in data]
    row = ROW_WRAPPED if any(len(parts) > 1 for parts in lines) else ROW
    # The value column fits the longest value as shown ("最多 100.00 元", "约 250 元").
    value_w = max(
        [VALUE_W]
        + [text_width(f"{d.text or _fmt(d.value)} {unit}") + 6 for d in data if d.value is not None]
    )
    span = WIDTH - label_w - value_w
    rows = []
    for i, datum in enumerate(data):
        y = 10 + i * row
        parts = lines[i]
        label = format_html(
            '<text x="{x}" y="{y}" text-anchor="end" dominant-baseline="middle">{t}</text>',
            x=label_w - 6,
            y=y + 10,
            t=datum.label,
        )
        if len(parts) > 1:
            label = format_html(
                '<text x="{x}" y="{y}" text-anchor="end" aria-label="{full}">'
                '<tspan x="{x}" dy="0">{a}</tspan><tspan x="{x}" dy="{dy}">{b}</tspan></text>',
                x=label_w - 6,
                y=y + 4,
                full=datum.label,
                a=parts[0],
                b=parts[1],
                dy=FONT + 2,
            )
        if datum.value is None:
            bar = format_html(
                '<text class="chart-missing" x="{x}" y="{y}" dominant-baseline="middle" '
                'data-label="{label}" data-value="">{text}</text>',
                x=label_w,
                y=y + 10,
                label=datum.label,
                text=datum.text or "暂无数据",
            )
        else:
            length = 0 if top == 0 else float(datum.value / top) * span
            bar = format_html(
                '<rect class="chart-bar" x="{x}" y="{y}" width="{w}" height="20" '
                'data-label="{label}" data-value="{v}"></rect>'
                '<text x="{tx}" y="{ty}" dominant-baseline="middle">{shown} {unit}</text>',
                x=label_w,
                y=y,
                w=f"{max(length, 1.0):.1f}",
                label=datum.label,
                v=_fmt(datum.value),
                shown=datum.text or _fmt(datum.value),
                tx=f"{label_w + max(length, 1.0) + 4:.1f}",
                ty=y + 10,
                unit=unit,
            )
        rows.append(label + bar)
    height = 20 + len(data) * row
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
    # Axis labels: the year of each point ("2026"), spaced so they never touch.
    tick_labels = [d.label[:4] if d.label[:4].isdigit() else d.label for d in data]
    widest = max(text_width(t) for t in tick_labels)
    stride = max(1, math.ceil((widest + 10) / step_x))
    ticks = format_html_join(
        "",
        '<text class="chart-tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (f"{left + i * step_x:.1f}", top_pad + plot_h + 18, tick_labels[i])
            for i in range(len(data))
            if i % stride == 0
        ),
    )
    return _frame(chart_id, title, desc, height, axis + line + dots + ticks)
