"""The withdrawal check in real Chromium: steps swap in place, the back button goes back."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_walk_to_an_outcome_then_back(seeded_live_server, page) -> None:  # noqa: ANN001
    page.goto(f"{seeded_live_server.url}/guides/withdrawal/check/")
    page.wait_for_selector('[data-step="question-region"]')
    page.evaluate("window.__sameDocument = true")

    page.get_by_role("combobox", name="您在哪里参加医保？").fill("武汉")
    page.get_by_role("option", name="武汉市").click()
    page.get_by_role("button", name="继续").click()
    page.wait_for_selector('[data-step="question-scheme"]', timeout=5000)
    assert "region=420100" in page.url

    page.get_by_label("职工医保（在职或退休）").check()
    page.get_by_role("button", name="继续").click()
    page.wait_for_selector('[data-step="question-reason"]', timeout=5000)
    assert "scheme=employee" in page.url

    page.get_by_label("参保人去世，家属想取出").check()
    page.get_by_role("button", name="继续").click()
    outcome = page.wait_for_selector('[data-outcome="death"]', timeout=5000)
    assert "死亡证明" in outcome.inner_text()
    assert "reason=death" in page.url
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded"
    assert page.title().startswith("各地通常允许继承人申请提取：参保人去世")

    page.go_back()
    page.wait_for_selector('[data-step="question-reason"]', timeout=5000)
    assert "reason=" not in page.url
    assert page.title().startswith("您想取出个人账户余额")
    assert page.locator("[data-outcome]").count() == 0
    assert page.locator("h1").count() == 1
