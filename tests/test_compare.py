"""The comparison: a sortable table and a server-drawn SVG bar chart that agree."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import city, province, rule
from yibao_site.lib.charts import Datum, bar_chart, line_chart

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def svg(html: str, chart_id: str) -> ET.Element:
    match = re.search(rf'<svg class="chart" id="{chart_id}".*?</svg>', html, re.S)
    assert match, f"no chart {chart_id}"
    return ET.fromstring(match.group(0))


def table_values(html: str, table_id: str) -> list[tuple[str, str]]:
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    return re.findall(r'<tr data-label="([^"]*)" data-value="([^"]*)"', table)


def chart_values(root: ET.Element) -> list[tuple[str, str]]:
    return [
        (el.get("data-label"), el.get("data-value"))
        for el in root.iter()
        if el.get("data-value") is not None
    ]


def test_chart_has_accessible_title_and_matches_table(client: Client) -> None:
    html = client.get("/compare/?age=75&on=2026-11-01").content.decode()
    root = svg(html, "chart-retirees")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-retirees-title chart-retirees-desc"
    assert root.find(f"{SVG}title").text == "75 周岁退休人员每月划入金额（2026-11-01）"
    assert root.find(f"{SVG}desc").text
    bars = chart_values(root)
    assert bars == table_values(html, "table-retirees")
    assert ("上海市", "157.50") in bars  # 75 is in the upper bracket (inclusive)
    # A region whose rule has sub-groups gets one row per sub-group.
    assert ("深圳市（一档参保且已停缴的退休人员）", "251.00") in bars
    assert ("深圳市（仍按11.5%缴费的退休人员）", "") in bars


def test_default_sort_is_by_amount_descending(client: Client) -> None:
    html = client.get("/compare/").content.decode()
    values = [v for _, v in table_values(html, "table-retirees") if v]
    assert values == sorted(values, key=float, reverse=True)
    assert html.count("<h1") == 1


def test_sort_by_region_code_and_link_back(client: Client) -> None:
    html = client.get("/compare/?age=65&sort=region").content.decode()
    names = [name for name, _ in table_values(html, "table-retirees")]
    assert names.index("北京市") < names.index("上海市") < names.index("武汉市")
    assert 'aria-sort="ascending"' in html
    assert "sort=amount" in html


def test_employee_comparison_uses_chosen_base(client: Client) -> None:
    html = client.get("/compare/?base=5000").content.decode()
    assert ("全国", "100.00") in chart_values(svg(html, "chart-employees"))


def test_extra_region_without_rule_follows_province(client: Client) -> None:
    home = city()
    rule(home.parent, amount=Decimal("70"))
    html = client.get(f"/compare/?regions={home.code}").content.decode()
    assert (home.name, "70.00") in table_values(html, "table-retirees")
    assert f"按{home.parent.name}的标准" in html


def test_a_provincial_units_value_is_marked_and_a_formula_says_why_it_has_no_amount(
    client: Client,
) -> None:
    units, formula = province(), province()
    rule(units, amount=Decimal("120"), pool="provincial_units")
    rule(formula, method="percent_avg_pension", amount=None, rate=Decimal("3"), precision="about")
    html = client.get("/compare/").content.decode()
    values = table_values(html, "table-retirees")
    assert (f"{units.name}（省直单位）", "120.00") in values
    assert (formula.name, "") in values
    table = html.split('id="table-retirees"')[1]
    row = table.split(f'<tr data-label="{formula.name}"')[1].split("</tr>")[0]
    assert "按比例，金额未收录" in row and "不给出金额" in row


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("age=-1", "年龄不能是负数。"),
        ("age=abc", "年龄请填整数周岁"),
        ("base=1e9", "金额不能超过"),
        ("regions=999999", "没有找到地区代码"),
        ("on=2026-02-30", "必须是真实存在的日期"),
        ("sort=<script>", "排序只能按金额或按地区。"),
    ],
)
def test_bad_input_is_explained_beside_the_field(client: Client, query: str, message: str) -> None:
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary"' in html
    assert "sort=<script>" not in html


def test_htmx_request_gets_only_the_results(client: Client) -> None:
    response = client.get("/compare/?age=80", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'id="chart-retirees"' in html
    assert "HX-Request" in response["Vary"]
    bad = client.get("/compare/?age=x", headers={"HX-Request": "true"})
    assert bad.status_code == 200 and "年龄请填整数周岁" in bad.content.decode()


def test_chart_escapes_labels_and_marks_missing_values() -> None:
    root = ET.fromstring(
        str(bar_chart("c", "<t>", "d", [Datum("<b>", None), Datum("x", None)], "元"))
    )
    assert root.find(f"{SVG}title").text == "<t>"
    assert [el.get("data-value") for el in root.iter() if el.get("data-label")] == ["", ""]


def test_line_chart_points_carry_their_values() -> None:
    from decimal import Decimal

    data = [Datum("2026", Decimal("0")), Datum("2027", Decimal("1200.5"))]
    root = ET.fromstring(str(line_chart("p", "t", "d", data, "元")))
    assert [(c.get("data-label"), c.get("data-value")) for c in root.iter(f"{SVG}circle")] == [
        ("2026", "0.00"),
        ("2027", "1200.50"),
    ]
