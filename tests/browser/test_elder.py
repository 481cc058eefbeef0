"""Issue 20 on a 360 × 780 phone in real Chromium: 长辈模式, 朗读, and pages that reflow at
200 % text size (the root font doubled, as Android's font scaling does) and at 200 % zoom
(a 180 px wide viewport)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
ZOOMED = {"width": 180, "height": 390}  # 360 × 780 at 200 % zoom
ANSWER = "/calculator/?region=110000&category=retiree&age=65"
PAGES = ["/", ANSWER, "/guides/balance/", "/regions/110000/", "/compare/", "/faq/"]

VISIBLE = """el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
    && !el.closest('.visually-hidden, .skip-link, [hidden]'); }"""

# Elements whose right edge is past the screen (outside a container that scrolls on purpose).
OVERFLOWING = f"""() => {{ const visible = {VISIBLE};
  return [...document.querySelectorAll('body *')].filter(el => visible(el)
      && el.getBoundingClientRect().right > innerWidth + 1
      && !el.parentElement.closest('.table-scroll'))
    .map(el => el.tagName + '.' + el.className); }}"""

# The font size of every visible piece of text, with its element.
TEXT_SIZES = f"""scope => {{ const visible = {VISIBLE}; const out = [];
  const walker = document.createTreeWalker(document.querySelector(scope), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {{ const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !visible(el) || el.closest('svg')) continue;
    out.push([el.tagName + '.' + el.className, parseFloat(getComputedStyle(el).fontSize),
              parseFloat(getComputedStyle(el).lineHeight) / parseFloat(getComputedStyle(el).fontSize)]); }}
  return out; }}"""  # noqa: E501

# Every control a reader taps: its size (a radio's or checkbox's label counts as its target).
CONTROLS = f"""() => {{ const visible = {VISIBLE};
  return [...document.querySelectorAll('button, input:not([type=hidden]), select, textarea, summary, a.button, .nav a, .tool-link, .breadcrumbs a, .summary-row a, .next-step a, .report-link a, .sort-links a, .link-list a')]
    .filter(visible).map(el => {{
      const target = (el.type === 'radio' || el.type === 'checkbox') && el.closest('label') ? el.closest('label') : el;
      const r = target.getBoundingClientRect();
      return [el.tagName + '.' + el.className + ' ' + (el.textContent || el.name || '').trim().slice(0, 12), r.width, r.height]; }}); }}"""  # noqa: E501


def context(browser, viewport: dict[str, int], **kwargs: object) -> object:  # noqa: ANN001
    return browser.new_context(viewport=viewport, locale="zh-CN", has_touch=True, **kwargs)


@pytest.fixture
def phone(browser) -> Iterator[object]:  # noqa: ANN001
    ctx = context(browser, PHONE)
    tab = ctx.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    ctx.close()
    assert not errors, errors


def bar_share(page) -> float:  # noqa: ANN001
    box = page.locator(".answer-bar").bounding_box()
    return box["height"] / page.viewport_size["height"]


# --- 长辈模式 ------------------------------------------------------------------------------


def test_a_tap_on_elder_mode_makes_the_answer_large_and_it_stays_on(
    seeded_live_server, phone
) -> None:  # noqa: ANN001, E501
    phone.goto(seeded_live_server.url + "/")
    phone.get_by_role("link", name="长辈模式（大字）").click()
    phone.wait_for_url(seeded_live_server.url + "/")
    assert phone.evaluate("document.documentElement.className") == "elder"

    phone.goto(seeded_live_server.url + ANSWER)  # the next page load
    assert phone.evaluate("document.documentElement.className") == "elder"
    sizes = phone.evaluate(TEXT_SIZES, "#calc-result")
    assert sizes and all(size >= 24 for _, size, _ in sizes), [s for s in sizes if s[1] < 24]
    amount = phone.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.amount strong')).fontSize)"
    )
    assert amount >= 48  # the amount larger still
    controls = phone.evaluate(CONTROLS)
    assert len(controls) >= 10
    small = [c for c in controls if min(c[1:]) < 60]
    assert not small, small
    assert bar_share(phone) < 0.25
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    phone.get_by_role("link", name="退出长辈模式").click()
    phone.wait_for_url("**" + ANSWER)
    assert phone.evaluate("document.documentElement.className") == ""


def test_elder_mode_works_without_javascript(seeded_live_server, browser) -> None:  # noqa: ANN001
    ctx = context(browser, PHONE, java_script_enabled=False)
    page = ctx.new_page()
    page.goto(seeded_live_server.url + "/faq/")
    page.get_by_role("link", name="长辈模式（大字）").click()
    page.wait_for_url("**/faq/")
    body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    ctx.close()
    assert body >= 24


FAKE_SPEECH = """(() => {
  const voices = %s;
  window.__spoken = [];
  // A real utterance accepts only the browser's own voice objects.
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
    speaking: false, getVoices: () => voices, addEventListener() {}, cancel() { this.speaking = false; },
    speak(u) { window.__spoken.push([u.text, u.lang, u.voice && u.voice.lang]); this.speaking = true; } } });
})();"""  # noqa: E501


def elder_context(browser, server, viewport: dict[str, int] = PHONE) -> object:  # noqa: ANN001
    ctx = context(browser, viewport)
    ctx.add_cookies([{"name": "elder", "value": "1", "url": server.url + "/"}])
    return ctx


def test_read_aloud_reads_the_answer_in_chinese(seeded_live_server, browser) -> None:  # noqa: ANN001
    ctx = elder_context(browser, seeded_live_server)
    ctx.add_init_script(FAKE_SPEECH % "[{name: 'Mandarin', lang: 'zh-CN'}]")
    page = ctx.new_page()
    page.goto(seeded_live_server.url + ANSWER)
    button = page.get_by_role("button", name="朗读")
    button.click()
    spoken = page.evaluate("window.__spoken")
    pressed = page.locator("[data-speak]").get_attribute("aria-pressed")
    label = page.locator("[data-speak]").inner_text()
    ctx.close()
    assert len(spoken) == 1
    text, lang, voice = spoken[0]
    assert "北京市退休人员" in text and "100.00" in text and "97.00" in text
    assert lang == "zh-CN" and voice == "zh-CN"
    assert pressed == "true" and label == "停止朗读"


@pytest.mark.parametrize("voices", ["[]", "[{name: 'Samantha', lang: 'en-US'}]"])
def test_read_aloud_is_hidden_without_a_chinese_voice(seeded_live_server, browser, voices) -> None:  # noqa: ANN001, E501
    ctx = elder_context(browser, seeded_live_server)
    ctx.add_init_script(FAKE_SPEECH % voices)
    page = ctx.new_page()
    page.goto(seeded_live_server.url + ANSWER)
    hidden = page.locator("[data-speak]").is_hidden()
    ctx.close()
    assert hidden


def test_the_elder_link_follows_a_live_answer(seeded_live_server, phone) -> None:  # noqa: ANN001
    phone.goto(seeded_live_server.url + "/calculator/?region=310000&category=retiree")
    phone.locator("#id_age").fill("80")
    phone.wait_for_selector('#calc-result[data-monthly="157.50"]')
    phone.get_by_role("link", name="长辈模式（大字）").click()
    phone.wait_for_url("**age=80")
    assert phone.locator('#calc-result[data-monthly="157.50"]').count() == 1
    assert phone.evaluate("document.documentElement.className") == "elder"


# --- Reflow at 200 % ----------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["text-200", "zoom-200", "elder"])
def test_no_page_scrolls_sideways_or_clips(seeded_live_server, browser, mode) -> None:  # noqa: ANN001
    viewport = ZOOMED if mode == "zoom-200" else PHONE
    if mode == "elder":
        ctx = elder_context(browser, seeded_live_server)
    else:
        ctx = context(browser, viewport)
    page = ctx.new_page()
    problems = {}
    for url in PAGES:
        page.goto(seeded_live_server.url + url)
        if mode == "text-200":
            page.evaluate("document.documentElement.style.fontSize = '200%'")
        width = page.viewport_size["width"]
        scroll = page.evaluate("document.documentElement.scrollWidth")
        over = page.evaluate(OVERFLOWING)
        if scroll > width or over:
            problems[url] = (scroll, over[:5])
        if page.locator(".answer-bar").count() and bar_share(page) >= 0.25:
            problems[url] = f"answer bar {bar_share(page):.0%} of the screen"
        if mode == "text-200":  # the menu wrapped instead of running off the screen
            last = page.locator(".nav a").last.bounding_box()
            assert last["x"] + last["width"] <= width
    ctx.close()
    assert not problems, problems


def test_normal_mode_text_and_targets(seeded_live_server, phone) -> None:  # noqa: ANN001
    problems = {}
    for url in PAGES:
        phone.goto(seeded_live_server.url + url)
        sizes = phone.evaluate(TEXT_SIZES, "body")
        tiny = {name for name, size, _ in sizes if size < 14}
        # Only the small evidence badges may be under 16 px (14 px).
        small = {name for name, size, _ in sizes if size < 16 and not name.startswith("SPAN.grade")}
        tight = {name for name, _, ratio in sizes if ratio < 1.3}
        targets = [c for c in phone.evaluate(CONTROLS) if c[1] < 44 or c[2] < 44]
        if tiny or small or tight or targets:
            problems[url] = (tiny, small, tight, targets)
    assert not problems, problems


# --- /compare/ on a phone -------------------------------------------------------------------


def test_compare_reads_as_a_list_with_the_readers_regions_first(seeded_live_server, phone) -> None:  # noqa: ANN001, E501
    phone.goto(seeded_live_server.url + "/compare/?age=65&base=5000&regions=440100&regions=110000")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first = phone.locator("#table-retirees tbody tr").first
    assert first.get_attribute("class") == "mine"
    assert "您选的" in first.inner_text() and "北京市" in first.inner_text()
    # One block per region, as wide as the screen: nothing to scroll sideways inside it.
    box = first.bounding_box()
    assert box["width"] <= PHONE["width"] and box["x"] >= 0
    assert phone.evaluate("document.documentElement.scrollHeight") < 40_000


@pytest.mark.parametrize("elder", [False, True])
def test_change_links_keep_the_field_below_the_answer_bar(
    seeded_live_server, browser, elder
) -> None:  # noqa: ANN001, E501
    ctx = elder_context(browser, seeded_live_server) if elder else context(browser, PHONE)
    page = ctx.new_page()
    page.goto(seeded_live_server.url + ANSWER)
    page.locator(".summary-row a[href$='#id_age']").click()
    page.wait_for_function("location.hash === '#id_age'")
    page.wait_for_timeout(300)
    bar = page.locator(".answer-bar").bounding_box()
    field = page.locator("#id_age").bounding_box()
    ctx.close()
    assert field["y"] >= bar["y"] + bar["height"], (field, bar)
    assert field["y"] + field["height"] <= PHONE["height"]
