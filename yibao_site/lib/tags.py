"""Template tags every page uses, loaded as builtins (settings ``TEMPLATES``).

- ``{% source_line thing %}``: where a figure comes from, its evidence grade and whether
  an editor verified it ("核实于 …" only with a verification date, else "待核实").
  ``thing`` is anything with ``source`` and ``verified_on`` (a row or a plain value).
  ``{% source src %}``: the source and its grade alone. Both in Python, one markup for
  every page (they appear up to a dozen times on a page).
- ``{% breadcrumbs "各地标准" "regions:regions" region.name %}``: home, then label/URL
  pairs (a URL name or a path; a pair with an empty label is skipped), then the current
  page.
- ``{% disclaimer %}``: the one sentence every answer ends with.
- ``{% error_summary form %}``: the list of what to fix above a form, linking to each
  field; nothing when there are no errors.
- ``{% form_field form.age %}``: one form field with its label (or fieldset and legend),
  hint and error, ids matching Django's ``aria-describedby``. Written in Python rather
  than as an included template: a calculator page has up to seven of them (issue 12).
- ``{% memo "name" vary… %}…{% endmemo %}``: markup rendered once per process for each
  value of ``vary`` (the stylesheet and script tags, the header and its menu). Only for
  markup that depends on nothing but settings, URLs, static files and the ``vary`` values,
  never on content or the reader; ``vary`` must take few values. With ``DEBUG`` on, the
  block is rendered every time (template edits show at once).
- ``{{ name|field_label:opts }}``: a model field's verbose name (admin history pages).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import template
from django.forms import BoundField
from django.template.context import Context
from django.template.defaultfilters import date as date_filter
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from yibao_site.lib.wording import DISCLAIMER

register = template.Library()


def _get(thing: Any, name: str) -> Any:
    """``thing.name`` as a template reads it: attribute or key, empty when missing."""
    if isinstance(thing, dict):
        return thing.get(name, "")
    return getattr(thing, name, "")


def source_html(source: Any) -> SafeString:
    """A source with its grade badge. Readers get a link only where an editor marked the
    site safe to link (official sites, named media); a repost is named in text, with its
    publisher and date where the title lacks them."""
    title, url = _get(source, "title"), _get(source, "url")
    if url and _get(source, "link_safe"):
        name = format_html('<a href="{}" rel="nofollow noopener noreferrer">{}</a>', url, title)
    else:
        name = conditional_escape(title)
    number = _get(source, "document_number")
    publisher = _get(source, "publisher")
    host = (urlsplit(url).hostname or "") if url else ""
    government = host == "gov.cn" or host.endswith(".gov.cn")  # not a repost, whatever else
    unlinked = ""
    if url and not _get(source, "link_safe"):
        day = date_filter(_get(source, "published_on"), "Y-m-d")
        said = (
            (f"{publisher} " if publisher and publisher not in title else "")
            + (f"{day} " if day and day not in title else "")
            + ("" if "转载" in title or government else "转载页面，")
        )
        unlinked = format_html('<span class="no-link">（{}不提供链接）</span>', said)
    # A document without a link is named by its 文号 and publisher, never as a repost.
    if not url and publisher and publisher not in title:
        unlinked = format_html('<span class="publisher">{}发布</span>', publisher)
    return format_html(
        '<span class="source">{}{}{} <span class="grade grade-{}">{}</span></span>',
        name,
        format_html("（{}）", number) if number else "",
        unlinked,
        _get(source, "grade"),
        _get(source, "grade_label"),
    )


@register.simple_tag(name="source")
def source_tag(source: Any) -> SafeString:
    return source_html(source)


def source_line_html(
    thing: Any = None,
    *,
    source: Any = None,
    verified_on: Any = None,
    prefix: str = "来源：",
    fold: bool = False,
) -> SafeString:
    """ "来源：<title> <grade>，待核实/核实于 …"; folded (长辈模式) behind one line,
    "依据：<title>", that opens with a tap (``<details>``, no JavaScript)."""
    if thing is not None:
        source = _get(thing, "source")
        verified_on = _get(thing, "verified_on")
    if verified_on:
        verified = format_html("，核实于 {}", date_filter(verified_on, "Y-m-d"))
    else:
        verified = mark_safe('，<span class="unverified">待核实</span>')  # noqa: S308
    line = format_html(
        '<span class="source-line">{}{}{}</span>', prefix, source_html(source), verified
    )
    if not fold:
        return line
    title = str(_get(source, "title"))
    short = title if len(title) <= FOLDED_TITLE else title[: FOLDED_TITLE - 1] + "…"
    return format_html(
        '<details class="source-fold"><summary>依据：{}</summary>{}</details>', short, line
    )


# How much of a source's title the folded line shows in 长辈模式.
FOLDED_TITLE = 14


@register.simple_tag(takes_context=True)
def source_line(
    context: Context,
    thing: Any = None,
    *,
    source: Any = None,
    verified_on: Any = None,
    prefix: str = "来源：",
    fold: bool = True,
) -> SafeString:
    """A source line; in 长辈模式 folded behind "依据：…" (``fold=False`` where it already
    sits behind one, as in /compare/'s rows)."""
    folded = fold and bool(context.get("elder_mode"))
    return source_line_html(
        thing, source=source, verified_on=verified_on, prefix=prefix, fold=folded
    )


def _url(target: str) -> str:
    if target.startswith(("/", "?", "#")):
        return target
    try:
        return reverse(target)
    except NoReverseMatch:
        return target


@register.simple_tag
def breadcrumbs(*trail: Any) -> SafeString:
    *pairs, current = trail
    # A pair with an empty label (e.g. the province of a province) is left out.
    crumbs = [
        (str(pairs[i]), _url(str(pairs[i + 1]))) for i in range(0, len(pairs) - 1, 2) if pairs[i]
    ]
    links = format_html_join(
        "", '<li><a href="{1}">{0}</a></li>', [("首页", reverse("home")), *crumbs]
    )
    return format_html(
        '<nav aria-label="面包屑" class="breadcrumbs">'
        '<ol>{}<li aria-current="page">{}</li></ol></nav>',
        links,
        current,
    )


@register.simple_tag
def disclaimer() -> SafeString:
    return format_html('<p class="disclaimer">{}</p>', DISCLAIMER)


@register.simple_tag
def error_summary(form: Any) -> SafeString:
    """What to fix, each item a link to its field (the first option of a radio group);
    nothing at all when the form has no errors (the common case costs one check)."""
    if not form.errors:
        return mark_safe("")  # noqa: S308 - empty
    items = []
    for field in form:
        radios = getattr(field.field.widget, "input_type", "") == "radio"
        first_option = radios or field.name == "category"
        target = f"{field.auto_id}_0" if first_option else field.auto_id
        items += [
            format_html('<li><a href="#{}">{}：{}</a></li>', target, field.label, error)
            for error in field.errors
        ]
    items += [format_html("<li>{}</li>", error) for error in form.non_field_errors()]
    return format_html(
        '<div class="error-summary" role="alert" tabindex="-1" '
        'aria-labelledby="error-summary-title">\n  <h2 id="error-summary-title">请修改以下内容</h2>'
        "\n  <ul>\n    {}\n  </ul>\n</div>",
        mark_safe("\n    ".join(items)),  # noqa: S308 - every item escaped above
    )


@register.simple_tag
def form_field(field: BoundField) -> SafeString:
    errors, help_text, auto_id = field.errors, field.help_text, field.auto_id
    inner = []
    if help_text:
        inner.append(format_html('<p class="hint" id="{}_helptext">{}</p>', auto_id, help_text))
    if errors:
        text = mark_safe(" ".join(conditional_escape(error) for error in errors))  # noqa: S308
        inner.append(format_html('<p class="error-message" id="{}_error">{}</p>', auto_id, text))
    inner.append(conditional_escape(str(field)))
    body = mark_safe("\n  ".join(inner))  # noqa: S308 - every part escaped above
    css = "field field-error" if errors else "field"
    if not field.use_fieldset:
        return format_html(
            '<div class="{}" id="q-{}">\n  <label for="{}">{}</label>\n  {}\n</div>',
            css,
            field.name,
            auto_id,
            field.label,
            body,
        )
    described = " ".join(
        ([f"{auto_id}_helptext"] if help_text else []) + ([f"{auto_id}_error"] if errors else [])
    )
    return format_html(
        '<fieldset class="{}" id="q-{}"{}>\n  <legend>{}</legend>\n  {}\n</fieldset>',
        css,
        field.name,
        format_html(' aria-describedby="{}"', described) if described else "",
        field.label,
        body,
    )


@register.filter
def as_of(value: Any, on: Any) -> str:
    """ "据 2023 年资料" for a value whose source is more than a year older than ``on``."""
    return value.as_of(on) if value is not None and on else ""


@register.filter
def field_label(name: str, opts: Any) -> str:
    """A model field's Chinese verbose name, for admin screens that only know its name."""
    try:
        return str(opts.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - an unknown name is shown as it is
        return name
