"""Age brackets as one readable cell, and the checks every way of entering them shares (pure).

The cell is the open-data form: ``-69:100;70-:110`` (69 and under 100, 70 and over 110),
``60-69:2.5%`` for rates. Ages are inclusive at both ends (Civil Code art. 1259); an empty
end means "no limit". The admin's inline formset and the importer use the same checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from policies.methods import METHODS
from policies.terms import age_range_label

Row = tuple[int | None, int | None, Decimal | None, Decimal | None]  # min, max, rate, amount


class BracketError(ValueError):
    """A cell that cannot be read; the message is for editors (Chinese)."""


def _age(text: str, part: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > 150:
        raise BracketError(f"年龄段“{part}”里的年龄“{text}”不是 0 到 150 之间的整数。")
    return int(text)


def _figure(text: str, part: str) -> tuple[Decimal | None, Decimal | None]:
    text = text.strip()
    is_rate = text.endswith(("%", "%"))
    number = text.removesuffix("%").removesuffix("%").strip()
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise BracketError(f"年龄段“{part}”的金额或比例“{text}”不是数字。") from None
    if not value.is_finite() or value < 0:
        raise BracketError(f"年龄段“{part}”的金额或比例“{text}”不是数字。")
    return (value, None) if is_rate else (None, value)


def parse(cell: str) -> list[Row]:
    """``"-69:100;70-:110"`` → rows; an empty cell → no brackets."""
    rows: list[Row] = []
    for raw in (cell or "").replace(";", ";").split(";"):
        part = raw.strip()
        if not part:
            continue
        ages, sep, figure = part.partition(":")
        if not sep:
            ages, sep, figure = part.partition(":")
        if not sep or "-" not in ages:
            raise BracketError(f"年龄段“{part}”应写成“起始-截止：金额”，如“-69:100”或“70-:110”。")
        low, _, high = ages.partition("-")
        rate, amount = _figure(figure, part)
        rows.append((_age(low, part), _age(high, part), rate, amount))
    return rows


def _number(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_rows(rows: Sequence[Row]) -> str:
    """Rows → the cell ``parse`` reads back."""
    parts = []
    for low, high, rate, amount in rows:
        ages = f"{'' if low is None else low}-{'' if high is None else high}"
        figure = f"{_number(rate)}%" if rate is not None else _number(amount or Decimal(0))
        parts.append(f"{ages}:{figure}")
    return ";".join(parts)


def check_ranges(ranges: list[tuple[int | None, int | None]]) -> list[str]:
    """Problems with a set of inclusive age ranges, in the order a reader would fix them."""
    errors: list[str] = []
    for low, high in ranges:
        if low is not None and high is not None and low > high:
            errors.append(f"年龄段“{low}-{high}”：截止年龄不能小于起始年龄。")
    ordered = sorted(ranges, key=lambda r: -1 if r[0] is None else r[0])
    if ordered != ranges:
        errors.append("年龄段请按年龄从小到大排列。")
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        low_label = age_range_label(*lower)
        up_label = age_range_label(*upper)
        if lower[1] is None or (upper[0] is not None and upper[0] <= lower[1]) or upper[0] is None:
            errors.append(f"年龄段“{low_label}”和“{up_label}”重叠了。")
        elif upper[0] != lower[1] + 1:
            errors.append(
                f"年龄段“{low_label}”和“{up_label}”之间有空档"
                f"（{lower[1] + 1}至{upper[0] - 1}周岁）。"
            )
    return errors


def problems(
    method: str, rate: Decimal | None, amount: Decimal | None, rows: Sequence[Row]
) -> list[str]:
    """Whether a rule's own figure and its brackets fit its method."""
    if method not in METHODS:
        return []  # the method's own field says it is not a choice
    kind = METHODS[method]
    if not rows:
        missing = kind.missing_figure(rate, amount)
        if not missing:
            return []
        what = "比例（%）" if missing == "rate" else "金额（元）"
        return [f"请填写“{what}”，或在下方按年龄段逐段填写{what[:2]}。"]
    if kind.credits_nothing:
        return ["“不设个人账户”不需要年龄段，请删除下方的年龄段。"]
    if rate is not None or amount is not None:
        return ["分了年龄段时，比例或金额请填在各年龄段里，上方的比例和金额留空。"]
    errors = []
    for low, high, row_rate, row_amount in rows:
        label = age_range_label(low, high)
        missing = kind.missing_figure(row_rate, row_amount)
        if missing:
            errors.append(f"年龄段“{label}”缺少{'比例' if missing == 'rate' else '金额'}。")
        wrong = kind.figure_problems(row_rate, row_amount)
        if "amount" in wrong:
            errors.append(f"年龄段“{label}”：按比例的方式不填金额。")
        if "rate" in wrong:
            errors.append(f"年龄段“{label}”：定额方式不填比例。")
    if errors:
        return errors
    return check_ranges([(low, high) for low, high, _, _ in rows])
