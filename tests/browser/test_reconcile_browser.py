"""The 对账 in real Chromium: one question a step, swapped in place; the answer is accessible
and its share button stores one anonymous report."""

from __future__ import annotations

import pytest

from reports.models import ArrivedReport
from tests.browser.test_accessibility import axe_problems

pytestmark = pytest.mark.browser


def test_walk_to_the_deduction_then_share(seeded_live_server, page) -> None:  # noqa: ANN001
    page.goto(f"{seeded_live_server.url}/calculator/reconcile/?region=110000&category=retiree")
    page.wait_for_selector('[data-step="age"]')
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("年龄（周岁）").fill("69")
    page.get_by_role("button", name="继续").click()
    page.wait_for_selector('[data-step="month"]', timeout=5000)
    page.get_by_label("到账月份").fill("2026-11")
    page.get_by_role("button", name="继续").click()
    page.wait_for_selector('[data-step="arrived"]', timeout=5000)
    page.get_by_label("这个月实际到账多少元").fill("97")
    page.get_by_role("button", name="继续").click()

    result = page.wait_for_selector('[data-outcome="matches"]', timeout=5000)
    assert "大病互助 3.00 元" in result.inner_text()
    assert "arrived=97" in page.url and "month=2026-11" in page.url
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded"
    assert page.locator("h1").count() == 1
    assert axe_problems(page, page.url) == []

    page.get_by_role("button", name="匿名分享到账 97 元").click()
    page.wait_for_selector("text=已收到，谢谢", timeout=5000)
    report = ArrivedReport.objects.get()
    assert (report.region.code, report.age, str(report.amount)) == ("110000", 69, "97.00")
