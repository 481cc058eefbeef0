"""The calculator in real Chromium: the answer changes in place, without a page load."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_changing_age_updates_answer_in_place(seeded_live_server, page) -> None:  # noqa: ANN001
    page.goto(f"{seeded_live_server.url}/calculator/?region=310000&category=retiree&age=74")
    result = page.locator("#calc-result")
    assert result.get_attribute("data-monthly") == "140.00"
    page.evaluate("window.__sameDocument = true")

    age = page.locator("#id_age")
    age.fill("75")
    page.wait_for_selector('#calc-result[data-monthly="157.50"]', timeout=5000)

    assert page.evaluate("window.__sameDocument") is True, "the page reloaded"
    assert "age=75" in page.url, "the answer's URL was not pushed"
    assert page.locator("#calc-result").get_attribute("data-yearly") == "1890.00"
    assert page.locator("#id_age").evaluate("el => el === document.activeElement")


def test_changing_region_asks_the_new_questions(seeded_live_server, page) -> None:  # noqa: ANN001
    page.goto(f"{seeded_live_server.url}/calculator/?region=620000&category=retiree")
    assert page.locator("#calc-result").get_attribute("data-monthly") == "120.00"
    assert page.locator("#id_age").count() == 0
    page.evaluate("window.__sameDocument = true")

    page.locator("#id_region").fill("上海")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_age", timeout=5000)
    assert page.locator("#calc-result").get_attribute("data-status") == "needs_input"
    page.locator("#id_age").fill("80")
    page.wait_for_selector('#calc-result[data-monthly="157.50"]', timeout=5000)
    assert page.evaluate("window.__sameDocument") is True
