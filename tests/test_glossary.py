"""Plain words (issue 20): editors keep the glossary in the admin; a term in an answer or a
guide step opens its meaning in place."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import Client

from glossary.models import Term
from glossary.seed_terms import TERMS
from tests.factories import GuideStepFactory, NoteFactory, SourceFactory, city, rule

pytestmark = pytest.mark.django_db


def render(text: str) -> str:
    return Template("{% load glossary %}{{ text|explain_terms }}").render(Context({"text": text}))


def test_a_term_opens_its_meaning_in_place_once_per_text() -> None:
    Term.objects.create(term="测试共济", meaning="用自己的钱帮家人付费。")
    html = render("先开通测试共济，再用测试共济付款。")
    assert html == (
        "先开通测试共济，再用测试共济付款。"
        '<details class="term"><summary>测试共济是什么意思？</summary>'
        '<span class="term-meaning">用自己的钱帮家人付费。</span></details>'
    )


def test_the_longer_term_wins_and_text_stays_escaped() -> None:
    Term.objects.create(term="测试居民", meaning="短的。")
    Term.objects.create(term="测试城乡居民", meaning="长的。")
    html = render("<b>测试城乡居民</b>")
    assert html.startswith("&lt;b&gt;测试城乡居民&lt;/b&gt;<details")
    assert "<summary>测试城乡居民是什么意思？</summary>" in html
    assert "<summary>测试居民是什么意思？</summary>" not in html


def test_an_unpublished_term_is_not_explained() -> None:
    Term.objects.create(term="测试词", meaning="解释。", published=False)
    assert "<details" not in render("这里有测试词。")


def test_an_editor_adds_a_term_and_the_guide_explains_it(editor_client: Client) -> None:
    step = GuideStepFactory(text="打开测试钱包，看余额。")
    assert (
        "<summary>测试钱包</summary>" not in editor_client.get("/guides/balance/").content.decode()
    )
    url = "/admin/glossary/term/add/"
    response = editor_client.post(
        url,
        {
            "term": "测试钱包",
            "meaning": "放个人账户的钱的地方。",
            "source": SourceFactory().pk,
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = Client().get(step.section.guide.get_absolute_url()).content.decode()
    assert (
        '<li>打开测试钱包，看余额。<details class="term"><summary>测试钱包是什么意思？</summary>'
        '<span class="term-meaning">放个人账户的钱的地方。</span></details>'
    ) in html
    assert Term.objects.get(term="测试钱包").history.count() == 1


def test_a_calculator_answer_explains_terms_in_its_notes() -> None:
    home = city()
    rule(home, amount=Decimal("90"))
    NoteFactory(region=home, text="本市按测试统筹办法划入。")
    Term.objects.create(term="测试统筹", meaning="大家的钱一起用。")
    html = Client().get(f"/calculator/?region={home.code}&category=retiree").content.decode()
    assert "本市按测试统筹办法划入。" in html
    assert "<summary>测试统筹是什么意思？</summary>" in html and ">大家的钱一起用。<" in html


def test_the_category_question_explains_which_one_a_retiree_is() -> None:
    html = Client().get("/calculator/").content.decode()
    block = re.search(r'<details class="term-help">(.*?)</details>', html, re.S)
    assert block, "no help under 参保身份"
    assert "不知道选哪个参保身份？" in block.group(1)
    assert "已经办了退休的，选“退休人员”" in block.group(1)
    assert "城乡居民" in block.group(1)


def test_admin_pages_render(editor_client: Client) -> None:
    term = Term.objects.first()
    for url in (
        "/admin/glossary/term/",
        f"/admin/glossary/term/{term.pk}/change/",
        f"/admin/glossary/term/{term.pk}/history/",
    ):
        assert editor_client.get(url).status_code == 200, url


def test_seed_content_has_the_issues_terms() -> None:
    """About the seed content itself: the terms readers asked about are there."""
    seeded = set(Term.objects.values_list("term", flat=True))
    wanted = {"划入", "统筹基金", "个人账户", "大病互助", "省直", "缴费基数", "灵活就业"}
    wanted |= {"城乡居民", "门诊共济", "家庭共济", "参保身份", "结转"}
    assert wanted <= seeded
    assert {word for word, _, _ in TERMS} <= seeded
    # No figure without a source: a meaning that names a document cites it.
    for word, meaning, key in TERMS:
        if "〔" in meaning:
            assert key, word
