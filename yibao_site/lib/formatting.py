"""Money and numbers as readers and the bureaus write them (pure: no Django)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """Round to the fen, half up, as the bureaus' statements do."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def num(value: Decimal | int) -> str:
    """A figure as people write it: 5000, 2.5, 157.5 (no trailing zeros)."""
    return format(Decimal(value).normalize(), "f")


def yuan(value: Decimal) -> str:
    """A money figure with two decimals: 140.00."""
    return f"{money(value):.2f}"


def amount(value: Any) -> str | None:
    """A money figure for JSON and CSV: two decimals as a string; None stays None."""
    return None if value is None else f"{value:.2f}"
