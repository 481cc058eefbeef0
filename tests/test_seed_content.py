"""The seeded content, in one place: what a fresh site answers for the domain brief's rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from calculator.engines.monthly import Inputs, Status
from calculator.lookup.monthly import calculate_for
from policies.models import Region

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def region(code: str) -> Region:
    return Region.objects.select_related("parent").get(code=code)


@pytest.mark.parametrize(
    ("code", "category", "on", "kwargs", "status", "monthly"),
    [
        ("420100", "retiree", dt.date(2023, 2, 1), {}, Status.OK, "83.00"),
        ("420100", "retiree", dt.date(2023, 1, 31), {}, Status.NO_RULE, None),
        ("420100", "employee", TODAY, {"base": Decimal("5000")}, Status.OK, "100.00"),
        ("420200", "retiree", TODAY, {}, Status.NO_RULE, None),
        ("440300", "retiree", TODAY, {}, Status.OK, "250.00"),
        ("440100", "retiree", TODAY, {}, Status.NO_RULE, None),
        ("620100", "retiree", TODAY, {}, Status.OK, "120.00"),
        ("310000", "retiree", TODAY, {"age": 75}, Status.OK, "157.50"),
        ("110000", "retiree", TODAY, {"age": 69}, Status.OK, "100.00"),
        (
            "110000",
            "employee",
            dt.date(2021, 4, 21),
            {"base": Decimal("5000")},
            Status.NO_RULE,
            None,
        ),
        (
            "110000",
            "employee",
            dt.date(2021, 4, 22),
            {"base": Decimal("5000")},
            Status.OK,
            "100.00",
        ),
        ("110000", "resident", TODAY, {}, Status.NO_ACCOUNT, "0.00"),
        ("110000", "flexible", TODAY, {"base": Decimal("5000")}, Status.NO_RULE, None),
    ],
)
def test_seeded_answers(code, category, on, kwargs, status, monthly) -> None:  # noqa: ANN001
    result = calculate_for(region(code), Inputs(category, on, **kwargs))
    assert result.status == status
    assert (None if result.monthly is None else f"{result.monthly:.2f}") == monthly
