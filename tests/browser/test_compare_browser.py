"""The comparison chart on a 360 px phone: fits the screen, and sorting works without JS."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_compare_chart_fits_a_phone_and_sorts(seeded_live_server, page) -> None:  # noqa: ANN001
    page.goto(f"{seeded_live_server.url}/compare/?age=75")
    chart = page.locator("#chart-retirees")
    box = chart.bounding_box()
    assert box is not None and 0 < box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert chart.locator("title").text_content().startswith("75 周岁退休人员每月划入金额")
    page.get_by_role("link", name="按地区代码").first.click()
    page.wait_for_url("**sort=region**")
    first = page.locator("#table-retirees tbody th").first.text_content()
    assert first == "北京市"
