"""The site-wide tags written in Python (issue 12): the same markup a reader and a screen
reader relied on when they were included templates, and hostile text stays text."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django import forms
from django.template import engines
from django.test import override_settings

from policies.values import SourceRef
from yibao_site.lib import tags

HOSTILE = '<script>alert("x")</script>&'


def render(text: str, **context: object) -> str:
    return engines["django"].from_string(text).render(context)


class AskForm(forms.Form):
    age = forms.IntegerField(label="年龄 <岁>", help_text="按周岁填写")
    kind = forms.ChoiceField(
        label="参保身份", choices=[("a", "职工"), ("b", "居民")], widget=forms.RadioSelect
    )
    plain = forms.CharField(label="备注", required=False)


def test_a_field_with_an_error_names_its_hint_and_error_for_screen_readers() -> None:
    form = AskForm(data={"age": "x", "kind": "a"})
    form.is_valid()
    form.add_error("age", HOSTILE)
    html = render("{% form_field form.age %}", form=form)
    assert '<div class="field field-error" id="q-age">' in html
    assert '<label for="id_age">年龄 &lt;岁&gt;</label>' in html
    assert '<p class="hint" id="id_age_helptext">按周岁填写</p>' in html
    assert '<p class="error-message" id="id_age_error">' in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in html
    assert "<script>" not in html
    # Django's own widget carries the ids the hint and the error have.
    assert 'aria-describedby="id_age_helptext' in html and 'aria-invalid="true"' in html


def test_a_choice_of_radios_is_a_fieldset_with_a_legend() -> None:
    form = AskForm(data={"age": "70"})
    form.is_valid()
    html = render("{% form_field form.kind %}", form=form)
    assert html.startswith('<fieldset class="field field-error" id="q-kind"')
    assert 'aria-describedby="id_kind_error"' in html
    assert "<legend>参保身份</legend>" in html
    assert 'type="radio"' in html and "</fieldset>" in html


def test_a_field_without_hint_or_error_has_only_label_and_input() -> None:
    html = render("{% form_field form.plain %}", form=AskForm())
    assert html.startswith('<div class="field" id="q-plain">')
    assert "hint" not in html and "error" not in html and "aria-describedby" not in html


def source(**fields: object) -> SourceRef:
    values = {"title": "某市医保局通知", "grade": "official", "grade_label": "官方文件"}
    return SourceRef(**{**values, **fields})  # type: ignore[arg-type]


def test_source_line_links_only_sites_marked_safe_and_escapes_titles() -> None:
    safe = source(url="https://example.gov.cn/a?b=1&c=2", link_safe=True, title=HOSTILE)
    html = tags.source_line_html(source=safe)
    assert 'href="https://example.gov.cn/a?b=1&amp;c=2" rel="nofollow noopener noreferrer"' in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    repost = source(
        url="https://repost.example/1", publisher="某报", published_on=dt.date(2024, 5, 6)
    )
    html = tags.source_line_html(source=repost)
    assert "<a " not in html
    assert "（某报 2024-05-06 转载页面，不提供链接）" in html


def test_source_line_says_verified_only_with_a_date() -> None:
    row = {"source": source(document_number="某医保发〔2024〕1号"), "verified_on": None}
    assert '，<span class="unverified">待核实</span>' in tags.source_line_html(row)
    assert "核实于" not in tags.source_line_html(row)
    row["verified_on"] = dt.date(2025, 1, 2)
    html = render("{% source_line row %}", row=row)
    assert "（某医保发〔2024〕1号）" in html
    assert "，核实于 2025-01-02" in html and "待核实" not in html
    assert '<span class="grade grade-official">官方文件</span>' in html


def test_breadcrumbs_lead_home_and_mark_the_current_page() -> None:
    html = render('{% breadcrumbs "各地标准" "/regions/" "" "/skip/" name %}', name=HOSTILE)
    assert html.count("<li>") == 2 and "/skip/" not in html
    assert '<a href="/regions/">各地标准</a>' in html
    assert '<li aria-current="page">&lt;script&gt;' in html


FURNITURE = (
    '{% load cache %}{% cache None test-block v using="site_furniture" %}{{ n }}{% endcache %}'
)


def test_site_furniture_renders_once_per_vary_value() -> None:
    counter = itertools.count()
    first = render(FURNITURE, v="a", n=lambda: next(counter))
    assert render(FURNITURE, v="a", n=lambda: next(counter)) == first == "0"
    assert render(FURNITURE, v="b", n=lambda: next(counter)) == "1"


@override_settings(DEBUG=True)
def test_site_furniture_renders_as_in_production_while_developing() -> None:
    """Nothing renders differently in development: furniture is kept there too."""
    from django.core.cache import caches

    assert [render(FURNITURE, v="x", n=i) for i in range(3)] == ["0", "0", "0"]
    caches["site_furniture"].clear()  # what a template edit under runserver does
    assert render(FURNITURE, v="x", n=5) == "5"


@pytest.mark.django_db
def test_site_furniture_needs_no_database(django_assert_num_queries) -> None:  # noqa: ANN001
    """Error pages render the header and footer while the database is down."""
    from django.test import RequestFactory

    from ops import errors

    with django_assert_num_queries(0):
        for _ in range(2):
            page = errors.error_response(RequestFactory().get("/x/"), 503).content.decode()
    assert 'class="site-header"' in page and 'class="site-footer"' in page


def test_the_error_summary_links_each_error_to_its_field_and_keeps_text_as_text() -> None:
    assert render("{% error_summary form %}", form=AskForm(data={"age": "30", "kind": "a"})) == ""
    form = AskForm(data={"age": "x"})
    form.is_valid()
    form.add_error(None, HOSTILE)
    html = render("{% error_summary form %}", form=form)
    assert html.startswith('<div class="error-summary" role="alert" tabindex="-1"')
    assert '<a href="#id_age">年龄 &lt;岁&gt;：' in html
    assert '<a href="#id_kind_0">参保身份：' in html  # a radio group: its first option
    assert "<li>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;</li>" in html
    assert "<script>" not in html


def test_a_document_without_a_link_is_named_by_its_number_and_publisher() -> None:
    paper = source(document_number="某医保发〔2024〕1号", publisher="某市医疗保障局")
    html = tags.source_line_html(source=paper)
    assert "（某医保发〔2024〕1号）某市医疗保障局发布" in re.sub(r"<[^>]+>", "", html)
    assert "转载" not in html and "<a " not in html


def test_an_unlinked_government_page_is_not_called_a_repost() -> None:
    page = source(url="https://ybj.example.gov.cn/1", publisher="某市医疗保障局")
    html = tags.source_line_html(source=page)
    assert "转载页面" not in html and "不提供链接" in html
