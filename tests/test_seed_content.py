"""The seeded content, in one place: what a fresh site answers for the domain brief's rows."""

from __future__ import annotations

import datetime as dt
import re
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
        # From the research table (policies/data/regional_rules.csv):
        ("420200", "retiree", TODAY, {}, Status.OK, "72.00"),
        ("440300", "retiree", TODAY, {}, Status.NEEDS_INPUT, None),
        (
            "440300",
            "retiree",
            TODAY,
            {"subgroup": "一档参保且已停缴的退休人员"},
            Status.OK,
            "251.00",
        ),
        ("440100", "retiree", TODAY, {}, Status.FORMULA, None),
        ("620100", "retiree", TODAY, {}, Status.OK, "90.00"),
        ("310000", "retiree", TODAY, {"age": 75}, Status.OK, "157.50"),
        ("110000", "retiree", TODAY, {"age": 69}, Status.OK, "100.00"),
        # 北京's own employee value starts 2022-09-01: before it we do not guess.
        (
            "110000",
            "employee",
            dt.date(2022, 8, 31),
            {"base": Decimal("5000")},
            Status.NO_RULE,
            None,
        ),
        (
            "110000",
            "employee",
            dt.date(2022, 9, 1),
            {"base": Decimal("5000")},
            Status.OK,
            "100.00",
        ),
        ("110000", "resident", TODAY, {}, Status.NO_ACCOUNT, None),  # 一般不设: no 0.00
        ("110000", "flexible", TODAY, {"base": Decimal("5000")}, Status.NO_RULE, None),
    ],
)
def test_seeded_answers(code, category, on, kwargs, status, monthly) -> None:  # noqa: ANN001
    result = calculate_for(region(code), Inputs(category, on, **kwargs))
    assert result.status == status
    assert (None if result.monthly is None else f"{result.monthly:.2f}") == monthly


@pytest.mark.django_db
def test_every_link_written_in_seeded_markdown_is_a_link_on_the_page(client) -> None:  # noqa: ANN001
    """ "[提取条件自查](/guides/withdrawal/check/)" in an article or guide becomes a link;
    no Markdown syntax is left on the page for a reader to see."""
    from faq.models import Article
    from guides.models import Guide

    pages = [article.get_absolute_url() for article in Article.objects.all()]
    pages += [guide.get_absolute_url() for guide in Guide.objects.all()]
    linked = 0
    for url in pages:
        html = client.get(url).content.decode()
        assert "](" not in html and "]（" not in html, url
        linked += len(
            re.findall(r'<a href="/guides/withdrawal/check/"[^>]*>提取条件自查</a>', html)
        )
    assert linked >= 2  # the withdrawal guide's intro and the FAQ answer on withdrawals
