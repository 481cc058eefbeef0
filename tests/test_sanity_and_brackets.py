"""The pure checks behind the rule form and the importer: sanity warnings, bracket cells."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from policies import brackets, sanity

TODAY = dt.date(2026, 11, 22)


def figures(**kwargs: object) -> sanity.Figures:
    base = {"category": "retiree", "method": "fixed_monthly", "effective_from": dt.date(2026, 1, 1)}
    return sanity.Figures(**(base | kwargs))


@pytest.mark.parametrize(
    ("new", "previous", "expected"),
    [
        (figures(amount=D("1000")), None, []),
        (figures(amount=D("1000.01")), None, ["远高于常见范围"]),
        (figures(method="fixed_yearly", amount=D("1890")), None, []),
        (figures(method="fixed_yearly", amount=D("12001")), None, ["远高于常见范围"]),
        (figures(category="resident", method="fixed_yearly", amount=D("200")), None, []),
        (figures(category="resident", method="fixed_monthly", amount=D("60")), None, ["远高于"]),
        (figures(method="percent_base", rate=D("12")), None, []),
        (figures(method="percent_base", rate=D("12.5")), None, ["超过常见范围"]),
        (figures(brackets=((None, D("100")), (None, D("99999")))), None, ["99999 元/月"]),
        (figures(amount=D("100"), effective_from=dt.date(1998, 1, 1)), None, []),
        (figures(amount=D("100"), effective_from=dt.date(1997, 12, 31)), None, ["早于 1998"]),
        (figures(amount=D("100"), effective_from=dt.date(2028, 11, 21)), None, []),
        (figures(amount=D("100"), effective_from=dt.date(2028, 11, 23)), None, ["两年以后"]),
        (figures(amount=D("150")), figures(amount=D("100"), label="x"), []),
        (figures(amount=D("150.01")), figures(amount=D("100"), label="x"), ["高出 50%"]),
        (figures(amount=D("50")), figures(amount=D("100"), label="x"), []),
        (figures(amount=D("49")), figures(amount=D("100"), label="x"), ["低了 51%"]),
        # a different kind of figure (percent then fixed) is not compared
        (figures(amount=D("500")), figures(method="percent_base", rate=D("2")), []),
        (figures(amount=D("83"), note="约 83 元/月"), None, []),
        (figures(method="fixed_yearly", amount=D("1680"), note="月均 140 元"), None, []),
        (figures(amount=D("83"), note="也有报道说 88 元"), None, ["数字 88"]),
        (figures(amount=D("83"), note="2023年2月起"), None, []),  # no 元 or %: not a figure
    ],
)
def test_sanity_warnings(
    new: sanity.Figures, previous: sanity.Figures | None, expected: list[str]
) -> None:
    warnings = sanity.check(new, previous, TODAY).warnings
    assert len(warnings) == len(expected), warnings
    for text, fragment in zip(warnings, expected, strict=True):
        assert fragment in text


@pytest.mark.parametrize(
    ("cell", "rows"),
    [
        ("", []),
        ("-69:100;70-:110", [(None, 69, None, D("100")), (70, None, None, D("110"))]),
        ("-74:1680.00;75-:1890.00", [(None, 74, None, D("1680")), (75, None, None, D("1890"))]),
        ("60-69:2.5%;70-:3%", [(60, 69, D("2.5"), None), (70, None, D("3"), None)]),
        (" -69 : 100 ; 70- : 110 ", [(None, 69, None, D("100")), (70, None, None, D("110"))]),
        ("-69:100;70-:110", [(None, 69, None, D("100")), (70, None, None, D("110"))]),
    ],
)
def test_bracket_cells_read_and_write_back(cell: str, rows: list) -> None:
    assert brackets.parse(cell) == rows
    assert brackets.parse(brackets.format_rows(rows)) == rows


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("69:100", "应写成"),
        ("-69", "应写成"),
        ("-69:abc", "不是数字"),
        ("-69:-5", "不是数字"),
        ("-69:NaN", "不是数字"),
        ("x-69:100", "不是 0 到 150"),
        ("-200:100", "不是 0 到 150"),
    ],
)
def test_unreadable_bracket_cells_say_why(cell: str, message: str) -> None:
    with pytest.raises(brackets.BracketError, match=message):
        brackets.parse(cell)


@pytest.mark.parametrize(
    ("method", "rate", "amount", "rows", "message"),
    [
        ("fixed_monthly", None, None, [], "请填写“金额（元）”"),
        ("percent_base", None, None, [], "请填写“比例（%）”"),
        ("none", None, None, [(None, 69, None, D("1"))], "不需要年龄段"),
        ("fixed_monthly", None, D("1"), [(None, 69, None, D("1"))], "上方的比例和金额留空"),
        ("fixed_monthly", None, None, [(None, 69, D("2"), None)], "缺少金额"),
        ("percent_base", None, None, [(None, 69, None, D("2"))], "缺少比例"),
        ("fixed_monthly", None, None, [(None, 70, None, D("1")), (70, None, None, D("2"))], "重叠"),
        ("fixed_monthly", None, None, [(None, 69, None, D("1")), (75, None, None, D("2"))], "空档"),
        ("fixed_monthly", None, None, [(70, None, None, D("1")), (None, 69, None, D("2"))], "排列"),
    ],
)
def test_bracket_problems(method: str, rate, amount, rows: list, message: str) -> None:  # noqa: ANN001
    assert any(message in p for p in brackets.problems(method, rate, amount, rows))


def test_a_complete_set_of_brackets_has_no_problems() -> None:
    rows = [(None, 69, None, D("100")), (70, None, None, D("110"))]
    assert brackets.problems("fixed_monthly", None, None, rows) == []
