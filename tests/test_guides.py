"""Guide pages: seeded content, region personalisation, change log, admin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from guides.models import Guide, GuideSection
from guides.seeding import GUIDES
from policies.remembered import COOKIE
from tests.factories import (
    VERIFIED,
    GuideChangeFactory,
    GuideRegionNoteFactory,
    GuideSectionFactory,
    LocalChannelFactory,
    city,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spec", GUIDES, ids=[g["slug"] for g in GUIDES])
def test_every_guide_renders_its_sections_steps_and_sources(client: Client, spec: dict) -> None:
    response = client.get(f"/guides/{spec['slug']}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert f"<title>{spec['title']}" in html
    for section in spec["sections"]:
        assert section["heading"] in html
        for step in section["steps"]:
            # A step may end with the glossary's "…是什么意思？" (issue 20).
            assert f"<li>{step}</li>" in html or f'<li>{step}<details class="term">' in html
    assert "最后更新" in html and "2026年11月22日" in html
    assert "首次发布" in html
    assert '"@type":"HowTo"' in html
    assert 'property="og:title"' in html
    assert "官方文件" in html or "网络资料（待核实）" in html


def test_balance_guide_explains_both_hotlines() -> None:
    html = Client().get("/guides/balance/").content.decode()
    assert "12393" in html and "12333" in html
    assert "余额显示0怎么办" in html


def test_guides_index_links_every_guide_and_the_check(client: Client) -> None:
    html = client.get("/guides/").content.decode()
    for spec in GUIDES:
        assert f'href="/guides/{spec["slug"]}/"' in html
    assert 'href="/guides/withdrawal/check/"' in html


def test_unknown_guide_is_404(client: Client) -> None:
    assert client.get("/guides/nothing/").status_code == 404


def test_without_region_the_national_channels_are_shown(client: Client) -> None:
    html = client.get("/guides/balance/").content.decode()
    assert "全国通用渠道" in html
    assert "国家医保服务平台" in html


def test_region_with_no_channels_has_no_local_box_but_says_so(client: Client) -> None:
    home = city()
    html = client.get("/guides/balance/", {"region": home.code}).content.decode()
    assert f"{home.full_name}的本地渠道" not in html  # the box appears only with channels
    assert f'class="local-missing" data-region="{home.code}"' in html
    assert f"{home.name}的本地医保 App、热线和网站暂未收录" in html
    assert f'href="/regions/{home.code}/report/"' in html


def test_the_missing_channels_note_names_each_readers_own_region(client: Client) -> None:
    """The note is rendered once per content generation; the name is put in per request."""
    first, second = city(), city()
    for home in (first, second, first):
        html = client.get("/guides/balance/", {"region": home.code}).content.decode()
        assert f"{home.name}的本地医保 App、热线和网站暂未收录" in html
        other = second if home is first else first
        assert f"{other.name}的本地医保" not in html


def test_region_channels_from_the_admin_appear_on_the_guide(client: Client) -> None:
    home = city()
    LocalChannelFactory(region=home, kind="app", value="测试医保App", verified_on=VERIFIED)
    LocalChannelFactory(region=home, kind="hotline", value="0999-12393", verified_on=None)
    LocalChannelFactory(region=home, kind="website", value="https://ybj.example.gov.cn/")
    html = client.get("/guides/balance/", {"region": home.code}).content.decode()
    assert f"{home.full_name}的本地渠道" in html
    assert "测试医保App" in html
    assert "0999-12393" in html
    assert 'href="https://ybj.example.gov.cn/"' in html
    assert f"核实于 {VERIFIED:%Y-%m-%d}" in html  # the app was verified by an editor
    assert "待核实" in html  # the hotline was not
    assert "暂未收录" not in html


def test_city_without_channels_uses_its_provinces(client: Client) -> None:
    home = city()
    LocalChannelFactory(region=home.parent, kind="hotline", value="0999-12393")
    html = client.get("/guides/balance/", {"region": home.code}).content.decode()
    assert f"{home.full_name}的本地渠道" in html
    assert "0999-12393" in html
    assert f"沿用{home.parent.name}" in html


def test_a_citys_own_channel_of_a_kind_replaces_the_provinces(client: Client) -> None:
    home = city()
    LocalChannelFactory(region=home.parent, kind="hotline", value="0999-00000")
    LocalChannelFactory(region=home, kind="hotline", value="0999-12393")
    LocalChannelFactory(region=home.parent, kind="app", value="测试省医保App")
    html = client.get("/guides/balance/", {"region": home.code}).content.decode()
    assert "0999-12393" in html and "0999-00000" not in html
    assert "测试省医保App" in html and f"沿用{home.parent.name}" in html


def test_region_notes_show_for_the_region_and_its_cities(client: Client) -> None:
    home, elsewhere = city(), city()
    GuideRegionNoteFactory(
        guide=Guide.objects.get(slug="withdrawal"),
        region=home.parent,
        text="测试省说明：提取请到市级经办机构。",
    )
    assert "测试省说明" in client.get(f"/guides/withdrawal/?region={home.code}").content.decode()
    assert (
        "测试省说明"
        in client.get(f"/guides/withdrawal/?region={home.parent.code}").content.decode()
    )
    assert (
        "测试省说明"
        not in client.get(f"/guides/withdrawal/?region={elsewhere.code}").content.decode()
    )
    assert "测试省说明" not in client.get(f"/guides/balance/?region={home.code}").content.decode()


def test_region_choice_is_remembered_in_a_cookie_and_can_be_overridden() -> None:
    first, second = city(), city()
    reader = Client()
    response = reader.get("/guides/balance/", {"region": first.code})
    assert response.cookies[COOKIE].value == first.code
    html = reader.get("/guides/family-sharing/").content.decode()
    assert f'data-region="{first.code}"' in html
    html = reader.get("/guides/family-sharing/", {"region": second.code}).content.decode()
    assert f'data-region="{second.code}"' in html
    assert f'data-region="{second.code}"' in reader.get("/guides/statements/").content.decode()
    response = reader.get("/guides/statements/", {"region": ""})
    assert response.cookies[COOKIE].value == ""  # deleted
    assert "全国通用渠道" in response.content.decode()


def test_page_chosen_by_cookie_is_private_so_shared_caches_do_not_keep_it() -> None:
    home = city()
    reader = Client()
    reader.cookies[COOKIE] = home.code
    response = reader.get("/guides/balance/")
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert f'data-region="{home.code}"' in response.content.decode()
    anonymous = Client().get("/guides/balance/")
    assert f'data-region="{home.code}"' not in anonymous.content.decode()
    # without the cookie the page is the same for everyone, so shared caches may keep it
    assert "private" not in anonymous.get("Cache-Control", "")
    assert "Cookie" in anonymous["Vary"]


FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    "near_miss",
    [
        lambda code: "999999",
        lambda code: "abc",
        lambda code: "<script>alert(1)</script>",
        lambda code: code + "1",  # one digit too many
        lambda code: f"{code[:2]} {code[2:4]} {code[4:]}",  # spaced out
        lambda code: code.translate(FULL_WIDTH_DIGITS),  # full-width digits
    ],
    ids=["unknown", "letters", "script", "seven-digits", "spaced", "full-width"],
)
def test_unknown_region_code_gets_a_chinese_message_not_an_error(
    client: Client, near_miss: Callable[[str], str]
) -> None:
    code = near_miss(city().code)  # written like a real region's code, but not one
    response = client.get("/guides/balance/", {"region": code})
    html = response.content.decode()
    assert response.status_code == 200
    assert "没有找到这个地区" in html
    assert "<script>alert(1)</script>" not in html
    assert "全国通用渠道" in html
    assert COOKIE not in response.cookies


def test_bad_cookie_is_ignored() -> None:
    reader = Client()
    reader.cookies[COOKIE] = "'; DROP TABLE x; --"
    response = reader.get("/guides/balance/")
    assert response.status_code == 200
    assert "全国通用渠道" in response.content.decode()


def test_region_change_answers_a_fragment_for_htmx(client: Client) -> None:
    home = city()
    response = client.get(
        "/guides/balance/",
        {"region": home.code},
        headers={"HX-Request": "true", "HX-Target": "guide-local"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" not in html and "<html" not in html
    assert f'data-region="{home.code}"' in html
    assert "HX-Request" in response["Vary"]
    bad = client.get(
        "/guides/balance/",
        {"region": "1"},
        headers={"HX-Request": "true", "HX-Target": "guide-local"},
    )
    assert bad.status_code == 200
    assert "没有找到这个地区" in bad.content.decode()


def test_change_log_entries_are_shown_newest_first(client: Client) -> None:
    guide = Guide.objects.get(slug="family-sharing")
    GuideChangeFactory(guide=guide, changed_on=dt.date(2030, 1, 5), summary="测试：较早的一次更新")
    GuideChangeFactory(guide=guide, changed_on=dt.date(2030, 1, 30), summary="测试：最近的一次更新")
    html = client.get("/guides/family-sharing/").content.decode()
    assert "2030年1月30日" in html
    assert html.index("测试：最近的一次更新") < html.index("测试：较早的一次更新")


def test_editor_edits_are_kept_in_history() -> None:
    section = GuideSectionFactory(heading="测试小标题")
    section.heading = "电话查询"
    section.save()
    assert [h.heading for h in section.history.all()] == ["电话查询", "测试小标题"]


def test_guide_admin_pages_render(editor_client: Client) -> None:
    section = GuideSectionFactory()
    guide = section.guide
    for url in (
        "/admin/guides/guide/",
        f"/admin/guides/guide/{guide.pk}/change/",
        f"/admin/guides/guide/{guide.pk}/history/",
        "/admin/guides/guidesection/",
        f"/admin/guides/guidesection/{section.pk}/change/",
        "/admin/guides/guideregionnote/",
        "/admin/guides/guideregionnote/add/",
        "/admin/guides/guidechange/",
    ):
        assert editor_client.get(url).status_code == 200, url


def test_reseeding_keeps_an_editors_changes() -> None:
    import io

    from django.core.management import call_command

    section = GuideSection.objects.get(guide__slug="balance", anchor="app")
    section.heading = "编辑改过的小标题"
    section.save()
    GuideSection.objects.filter(guide__slug="balance", anchor="kiosk").delete()
    call_command("seed", stdout=io.StringIO())
    assert (
        GuideSection.objects.get(guide__slug="balance", anchor="app").heading == "编辑改过的小标题"
    )
    assert not GuideSection.objects.filter(guide__slug="balance", anchor="kiosk").exists()


def test_guide_page_query_count_does_not_grow_with_steps(client: Client, settings) -> None:  # noqa: ANN001
    settings.PAGE_CACHE_SECONDS = 0  # measure the view, not the page cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home = city()
    LocalChannelFactory(region=home.parent)
    section = GuideSectionFactory(guide=Guide.objects.get(slug="balance"))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/guides/balance/?region={home.code}").status_code == 200
        return len(ctx.captured_queries)

    count()  # warm the region list cache
    before = count()
    for n in range(10):
        section.steps.create(order=100 + n, text=f"多出来的一步{n}")
    count()  # the new content is loaded once (a new content generation)
    assert count() == before
