"""The region question: clear names, every place of insurance reachable, pinyin search keys."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from policies.forms import KEYS_URL
from policies.models import Region
from policies.regions import pinyin_keys, region_choices, region_search_keys
from tests.factories import city

pytestmark = pytest.mark.django_db


def option_labels() -> dict[str, str]:
    return {code: label for _group, options in region_choices() for code, label in options}


def test_provinces_are_offered_by_their_plain_name() -> None:
    labels = option_labels()
    assert labels["310000"] == "上海市"
    assert labels["440000"] == "广东省"
    assert not any("(" in label or "(" in label for label in labels.values())


def test_county_level_cities_run_by_a_province_are_reachable_and_groupings_are_not() -> None:
    labels = option_labels()
    assert labels["429004"] == "仙桃市"
    assert labels["419001"] == "济源市"
    assert Region.objects.get(code="429004").parent.code == "420000"
    assert not any("行政区划" in label for label in labels.values())
    assert "429000" not in labels


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("广州市", "guangzhoushi gzs"),
        ("重庆市", "chongqingshi cqs"),
        ("长沙市", "changshashi css"),
        ("厦门市", "xiamenshi xms"),
        ("仙桃市", "xiantaoshi xts"),
    ],
)
def test_pinyin_keys_come_from_pypinyin_with_place_name_readings(name: str, keys: str) -> None:
    assert pinyin_keys(name) == keys


def test_the_search_keys_are_fetched_once_not_carried_by_every_page(client: Client) -> None:
    html = client.get("/calculator/").content.decode()
    assert '<option value="440100">广州市</option>' in html and "data-py" not in html
    assert 'data-combobox="region"' in html and f'data-keys="{KEYS_URL}"' in html
    assert reverse("regions:region_keys") == KEYS_URL
    response = client.get(KEYS_URL)
    keys = response.json()
    assert keys["440100"] == "guangzhoushi gzs" and keys["429004"] == "xiantaoshi xts"
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    assert "710000" not in keys  # 台湾 is no place of insurance here
    assert region_search_keys() == keys


def test_a_region_saved_in_the_admin_gets_new_search_keys() -> None:
    region = city(name="测试市")
    assert region.pinyin == "ceshishi css"
    region.name = "新名市"
    region.save()
    region.refresh_from_db()
    assert region.pinyin == "xinmingshi xms"
    assert region_search_keys()[region.code] == "xinmingshi xms"
