"""Corrected facts (../shared/DOMAIN.md), each on its page with its source.

Withdrawal, family sharing, 断缴, 大病保险 and statements were each wrong somewhere; these
assertions hold the corrected wording in place. Seed corrections also reach rows seeded
earlier, unless an editor has changed them.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from faq.models import Article
from guides.models import Guide, GuideSection

pytestmark = pytest.mark.django_db


def text_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_family_sharing_guide_states_the_corrected_facts_with_sources(client: Client) -> None:
    html = text_of(client, "/guides/family-sharing/")
    assert "钱可以共济，卡不能共用" in html
    assert "可以同时给几位家人设额度" in html  # one holder, several relatives
    assert "您自己在额度存续期间不能再花这部分" in html  # the holder cannot spend the quota
    assert "共济关系自动解除" in html  # the link ends when the holder's insurance moves
    assert "到2024年11月，各省都已实现省内共济，其中23个省份已经扩大到近亲属" in html
    assert "2026年1月9日" in html and "关于做好职工基本医疗保险个人账户跨省共济工作的通知" in html
    assert "国办发〔2024〕38号" in html and "337个统筹地区" in html
    # 亲情账户 is never offered as an alternative way to share money
    assert "“亲情账户”或“家庭共济”" not in html
    assert "不共享您的余额" in html
    assert "钱并不转走" not in html


def test_family_sharing_faq_no_longer_offers_either_account(client: Client) -> None:
    html = text_of(client, "/faq/family-sharing-bind/")
    assert "“亲情账户”或“家庭共济”" not in html and "别选错" in html
    who = text_of(client, "/faq/family-sharing-who/")
    assert "23个省份" in who and "新华社" in who


def test_withdrawal_guide_drops_the_obsolete_route(client: Client) -> None:
    html = text_of(client, "/guides/withdrawal/")
    assert "新参保地不接收" not in html
    assert "2021年11月1日起" in html and "医保办发〔2021〕43号" in html
    assert "长期在外地生活（仅部分地区）" in html
    for url in ("/faq/can-i-withdraw/", "/faq/transfer-balance/"):
        assert "不接收" not in text_of(client, url), url


def test_lapse_faq_and_calculator_keep_the_long_gap_floor(client: Client) -> None:
    for url in ("/faq/lapse-back-pay/", "/faq/critical-one-year-unpaid/"):
        html = text_of(client, url)
        assert "连续断保4年及以上" in html and "不少于6个月" in html, url
        assert "国办发〔2024〕38号" in html, url
    data = client.get(
        "/api/v1/lapse", {"scheme": "resident", "years": "5", "backpaid_years": "4"}
    ).json()
    assert data["waiting_months"] == 6


def test_critical_illness_faq_is_about_residents_and_cites_2019(client: Client) -> None:
    html = text_of(client, "/faq/critical-illness-conditions/")
    assert "参加了城镇职工医保或城乡居民医保" not in html
    assert "大病保险是城乡居民医保的一部分" in html
    assert "医保发〔2019〕30号" in html and "2024-04-30" not in html
    assert "取消封顶线" in html and "国办发〔2021〕42号" in html and "还没有核对原文" in html


def test_statements_no_longer_cite_a_pension_account_example(client: Client) -> None:
    for url in ("/guides/statements/", "/faq/print-statement/"):
        html = text_of(client, url)
        assert "12333网站" not in html and "上海的12333" not in html, url
        assert "养老保险" in html, url


def test_home_page_promises_only_what_the_data_holds(client: Client) -> None:
    html = text_of(client, "/")
    assert "我们按当地标准算给您看" not in html
    assert "还没收录的，按全国规定说明" in html


def test_seed_corrections_reach_untouched_rows_and_spare_edited_ones() -> None:
    guide = Guide.objects.get(slug="family-sharing")
    article = Article.objects.get(slug="family-sharing-bind")
    # Put the old wording back, as a database seeded before the correction has it.
    section = guide.sections.get(anchor="online")
    GuideSection.objects.filter(pk=section.pk).update(body="选“亲情账户”或“家庭共济”")
    Article.objects.filter(pk=article.pk).update(body="选“亲情账户”或“家庭共济”")
    from policies.models import SeedMark

    SeedMark.objects.filter(
        key__in=["guide:family-sharing@2", "faq-article:family-sharing-bind@2"]
    ).delete()
    # An editor has since changed the article (history records the user): it is left alone.
    from django.contrib.auth.models import User

    editor = User.objects.create_user("editor-x")
    article.refresh_from_db()
    article._history_user = editor
    article.summary = "编辑改过的摘要"
    article.save()

    call_command("seed", stdout=io.StringIO())

    assert "亲情账户”或“家庭共济" not in GuideSection.objects.get(guide=guide, anchor="online").body
    assert guide.changes.filter(summary__startswith="更正").exists()
    article.refresh_from_db()
    assert article.body == "选“亲情账户”或“家庭共济”" and article.summary == "编辑改过的摘要"
