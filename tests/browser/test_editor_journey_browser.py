"""The editor's yearly-update journey in real Chromium, through the real admin.

Coverage dashboard → the empty 南京 · 退休人员 cell → "+ 新增" (pre-filled) → a figure
the sanity check questions → "确认保存" → preview as of its start date (drafts included)
→ publish → the readers' calculator answers with it. Readers never see the draft.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"


def log_in(page, base: str) -> None:  # noqa: ANN001
    from django.contrib.auth.models import User

    User.objects.create_superuser("journey-editor", "j@example.com", PASSWORD)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "journey-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def choose_autocomplete(page, field: str, text: str) -> None:  # noqa: ANN001
    """Pick an option in the admin's select2 autocomplete, as an editor does."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_fills_an_empty_cell_confirms_previews_and_publishes(
    seeded_live_server,
    browser,
    page,  # noqa: ANN001
) -> None:
    base = seeded_live_server.url
    reader = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    answer = f"{base}/calculator/?region=320100&category=retiree&on=2026-01-01"

    log_in(page, base)
    page.goto(f"{base}/admin/policies/coverage/?province=320000&category=retiree")
    assert re.search(r"退休人员：\d+ 本地", page.locator(".coverage-totals").inner_text())
    cell = page.locator('td[data-region="320100"][data-category="retiree"]')
    assert cell.get_attribute("data-state") == "none"
    cell.locator("a.add-rule").click()

    page.wait_for_url(re.compile(r"/admin/policies/accountrule/add/"))
    assert "南京市" in page.locator("#id_region + .select2").inner_text()
    assert page.locator("#id_category").input_value() == "retiree"
    assert page.locator("#id_status").input_value() == "draft"
    page.fill("#id_effective_from", "2026-01-01")
    page.select_option("#id_method", "fixed_monthly")
    page.fill("#id_amount", "1500")
    choose_autocomplete(page, "source", "国务院办公厅")
    page.click("input[name=_continue]")

    # The figure is far above the usual band: a warning, nothing saved yet.
    errors = page.locator(".errornote, .errorlist.nonfield")
    assert "远高于常见范围" in errors.last.inner_text()
    assert page.locator("#id_amount").input_value() == "1500"
    page.check("#id_confirm_save")
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/admin/policies/accountrule/\d+/change/"))

    # A draft: the reader's answer does not change.
    reader.goto(answer)
    assert reader.locator("#calc-result").get_attribute("data-status") != "ok"

    # Preview as of its start date, drafts included, never cached.
    preview = page.locator("a.preview-link", has_text="预览计算器（2026-01-01）")
    href = preview.get_attribute("href")
    assert "preview=1" in href and "on=2026-01-01" in href
    response = page.goto(base + href)
    assert "no-store" in response.headers["cache-control"]
    assert page.locator(".preview-banner").is_visible()
    assert page.locator("#calc-result").get_attribute("data-monthly") == "1500.00"
    page.go_back()

    # Publish (the sanity question comes again: the figure is still unusual).
    page.select_option("#id_status", "published")
    page.check("#id_confirm_save")
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/admin/policies/accountrule/\d+/change/"))
    assert page.locator("#id_status").input_value() == "published"

    reader.goto(answer)
    result = reader.locator("#calc-result")
    assert result.get_attribute("data-monthly") == "1500.00"
    assert reader.locator(".preview-banner").count() == 0
    page.goto(f"{base}/admin/policies/coverage/?province=320000&category=retiree")
    assert (
        page.locator('td[data-region="320100"][data-category="retiree"]').get_attribute(
            "data-state"
        )
        == "own"
    )
    reader.context.close()
