"""Every page in real Chromium at phone width: axe-core, keyboard only, CSP kept.

One browser session walks every public page (found by ``tests.pages``) and every form's
error state: zero serious or critical axe violations, a working skip link, visible focus
that never gets stuck, an error summary whose links reach their fields, and no Content
Security Policy violation while htmx swaps the calculator's answer.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from tests import pages

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
TAB_STOPS = 30


def pages_to_check() -> list[str]:
    urls = list(pages.public_pages())
    client = Client()
    urls = [u for u in urls if pages.is_html(client.get(u))]
    for form in pages.site_forms(client, urls):
        if form.method == "get":
            # Every question left blank: the page shows its errors and error summary.
            urls.append(f"{form.action}?{urlencode(dict.fromkeys(form.names, ''))}")
    return urls


def watch_csp(page) -> list[str]:  # noqa: ANN001
    messages: list[str] = []
    page.on(
        "console",
        lambda m: (
            messages.append(f"{page.url}: {m.text[:120]}")
            if "Content Security Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: messages.append(str(e)))
    return messages


def axe_problems(page, url: str) -> list[str]:  # noqa: ANN001
    results = Axe().run(page)
    return [
        f"{url}: {v['impact']} {v['id']} ({v['help']}) at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def keyboard_problems(page, url: str) -> list[str]:  # noqa: ANN001
    problems = []
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.classList.contains('skip-link')") is not True:
        problems.append(f"{url}: the first Tab does not reach the skip link")
        return problems
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.id") != "main":
        problems.append(f"{url}: the skip link does not move focus to the main content")
    previous, repeats = None, 0
    for _ in range(TAB_STOPS):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const box = el.getBoundingClientRect();
                const style = getComputedStyle(el);
                return {
                    tag: el.tagName, id: el.id, name: el.getAttribute('name') || '',
                    text: (el.innerText || el.value || '').slice(0, 20),
                    visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden',
                    // Focus inside a control's own UI (a date input's picker button) is
                    // drawn by the browser; the element itself is then not :focus.
                    outline: !el.matches(':focus') || style.outlineStyle !== 'none'
                        || style.boxShadow !== 'none',
                };
            }"""
        )
        if state is None:
            break  # focus left the page: nothing traps it
        label = f"{state['tag']}#{state['id']}[{state['name']}] {state['text']!r}"
        if not state["visible"]:
            problems.append(f"{url}: focus on an invisible element {label}")
        if not state["outline"]:
            problems.append(f"{url}: no visible focus indicator on {label}")
        # A date input takes several Tabs (year, month, day); more than that is a trap.
        repeats = repeats + 1 if state == previous else 0
        if repeats > 3:
            problems.append(f"{url}: focus stuck on {label}")
            break
        previous = state
    return problems


def error_summary_problems(page, url: str) -> list[str]:  # noqa: ANN001
    links = page.locator(".error-summary a[href^='#']")
    problems = []
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")[1:]
        if page.locator(f"[id='{target}']").count() != 1:
            problems.append(f"{url}: error summary links to #{target}, which is not on the page")
    return problems


def test_every_page_is_accessible_and_keyboard_usable(seeded_live_server, page) -> None:  # noqa: ANN001
    csp = watch_csp(page)
    urls = pages_to_check()
    assert any("?" in u for u in urls), "no form error states found"
    problems: list[str] = []
    for url in urls:
        response = page.goto(seeded_live_server.url + url)
        assert response is not None and response.status < 500, url
        assert page.get_attribute("html", "lang") == "zh-CN", url
        problems += axe_problems(page, url)
        problems += error_summary_problems(page, url)
        problems += keyboard_problems(page, url)
    problems += [f"CSP: {m}" for m in csp]
    assert not problems, "\n".join(problems)


def test_htmx_swaps_work_under_the_content_security_policy(seeded_live_server, page) -> None:  # noqa: ANN001
    csp = watch_csp(page)
    response = page.goto(
        f"{seeded_live_server.url}/calculator/?region=310000&category=retiree&age=74"
    )
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate("window.__sameDocument = true")
    page.locator("#id_age").fill("75")
    page.wait_for_selector('#calc-result[data-monthly="157.50"]', timeout=5000)
    assert page.evaluate("window.__sameDocument") is True, "htmx did not swap in place"
    assert not csp, csp


def test_admin_works_under_the_content_security_policy(seeded_live_server, page) -> None:  # noqa: ANN001
    """Editors' pages: login, a list with filters, a change form with inlines and widgets."""
    from django.contrib.auth.models import User

    from policies.models import AccountRule

    User.objects.create_superuser("csp-editor", "e@example.com", "correct-horse-battery")
    rule = AccountRule.objects.filter(brackets__isnull=False).first() or AccountRule.objects.first()
    csp = watch_csp(page)
    page.goto(f"{seeded_live_server.url}/admin/login/")
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"{seeded_live_server.url}/admin/")
    for path in (
        "/admin/policies/accountrule/",
        f"/admin/policies/accountrule/{rule.pk}/change/",
        "/admin/policies/accountrule/add/",
        f"/admin/policies/accountrule/{rule.pk}/history/",
    ):
        response = page.goto(seeded_live_server.url + path)
        assert response.status == 200, path
    add_row = page.locator(".add-row a").first
    if add_row.count():
        before = page.locator(".inline-related:not(.empty-form)").count()
        add_row.click()
        assert page.locator(".inline-related:not(.empty-form)").count() == before + 1
    assert not csp, csp
