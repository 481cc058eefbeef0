"""Search in readers' own words (issue 20): everyday questions, the seeds' questions
among them, each with the page that must come first; snippets are sentences.

About the seed content: the expected pages are the seeded guides, FAQ articles,
calculators and region pages.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.html import strip_tags

from search.engine import search

pytestmark = pytest.mark.django_db

QUESTIONS = [
    ("医保卡每个月返多少钱", "/faq/monthly-credit/"),
    ("医保余额怎么查", "/guides/balance/"),
    ("余额为什么显示0", "/faq/balance-zero/"),
    ("医保卡里怎么没钱了", "/faq/balance-zero/"),
    ("医保流水怎么打印", "/guides/statements/"),
    ("缴费记录怎么打印", "/guides/statements/"),
    ("医保个人账户的钱能取出来吗", "/guides/withdrawal/"),
    ("医保卡的钱怎么取出来", "/guides/withdrawal/"),
    ("医保取钱", "/guides/withdrawal/"),
    ("家庭共济怎么绑定", "/faq/family-sharing-bind/"),
    ("家人怎么用我的医保", "/guides/family-sharing/"),
    ("哪些家人能用我的医保", "/faq/family-sharing-who/"),
    ("断缴了有什么影响", "/faq/critical-one-year-unpaid/"),
    ("补缴后多久能报销", "/faq/lapse-back-pay/"),
    ("大病保险什么条件能报", "/faq/critical-illness-conditions/"),
    ("大病保险能报多少", "/calculator/critical-illness/"),
    ("大病医保一年不交有影响吗", "/faq/critical-one-year-unpaid/"),
    ("北京退休为什么只到账97元", "/regions/110000/"),
    ("上海退休人员每年划入多少", "/faq/shanghai-retiree-credit/"),
    ("上海医保卡余额能取出来吗", "/faq/shanghai-withdraw/"),
    ("武汉退休医保每月多少", "/regions/420100/"),
    ("深圳医保个人账户", "/regions/440300/"),
    ("省直是什么意思", "/faq/anhui-shengzhi/"),
    ("鞍山108元是什么钱", "/faq/anshan-108/"),
    ("微信怎么查医保余额", "/faq/check-balance-wechat/"),
    ("支付宝查医保余额", "/faq/check-balance-alipay/"),
    ("手机上怎么查医保余额", "/faq/check-balance-phone/"),
    ("社保卡开户银行怎么查", "/faq/card-bank/"),
    ("住院私自离开医院还能报吗", "/faq/leaving-hospital/"),
    ("换城市工作医保余额怎么办", "/faq/transfer-balance/"),
    ("城乡居民医保有个人账户吗", "/faq/resident-no-account/"),
    ("医保交易明细怎么看", "/faq/transaction-details/"),
    ("各地医保划入比较", "/compare/"),
    ("几年后账户里能攒多少钱", "/calculator/projection/"),
    ("医保卡怎么提现", "/guides/withdrawal/"),
    ("退休后医保卡每月打多少钱", "/calculator/"),
    ("医保服务热线电话", "/guides/balance/"),
    ("医保卡每個月返多少錢", "/faq/monthly-credit/"),
    ("我能不能把医保卡里的钱取出来", "/guides/withdrawal/check/"),
    ("自查能不能取出", "/guides/withdrawal/check/"),
]


def test_there_are_at_least_thirty_questions() -> None:
    assert len(QUESTIONS) >= 30
    assert len({q for q, _ in QUESTIONS}) == len(QUESTIONS)


@pytest.mark.parametrize(("question", "page"), QUESTIONS)
def test_the_answer_comes_first(question: str, page: str) -> None:
    hits = search(question).hits
    assert hits, f"nothing found for {question}"
    assert hits[0].document.url == page, [h.document.url for h in hits[:3]]


# Four or more short Chinese words in a row, separated by spaces: a keyword list.
KEYWORD_LIST = re.compile(r"(?<!\S)(?:[\u4e00-\u9fff]{1,6} ){3,}[\u4e00-\u9fff]{1,6}(?!\S)")


@pytest.mark.parametrize(("question", "page"), QUESTIONS)
def test_snippets_are_sentences_never_keyword_lists(question: str, page: str) -> None:
    for hit in search(question).hits[:5]:
        text = strip_tags(hit.snippet_html).strip()
        assert text, hit.document.url
        assert not KEYWORD_LIST.search(text), (hit.document.url, text)
        assert text[-1] in "。！？；…", (hit.document.url, text)


def test_the_keyword_list_pattern_catches_a_keyword_list() -> None:
    assert KEYWORD_LIST.search("…灵活就业 城乡居民 缴费基数 养老金 年龄 个人账户")
    assert not KEYWORD_LIST.search("装国家医保服务平台 App 或当地医保 App，实名认证后就能查。")


def test_a_calculator_found_by_a_reader_word_shows_its_sentence(client: Client) -> None:
    """缴费基数 is in the monthly calculator's reader words, not in its summary's first half:
    the snippet is still the summary sentence, not the word list."""
    hit = next(h for h in search("养老金").hits if h.document.url == "/calculator/")
    assert strip_tags(hit.snippet_html).startswith("按参保地、身份、年龄和缴费基数")
    html = client.get("/search/", {"q": "养老金"}).content.decode()
    assert "计算 计算器" not in html


def test_a_question_naming_no_region_lists_pages_for_everyone_first() -> None:
    urls = [h.document.url for h in search("医保卡怎么提现").hits]
    assert urls.index("/guides/withdrawal/") < urls.index("/faq/shanghai-withdraw/")
    assert "/guides/withdrawal/check/" in urls[:4]
