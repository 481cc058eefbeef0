"""A ``<select>`` with many grouped options, rendered once and reused; quick inputs."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe


def render_option(code: object, label: object) -> str:
    """One ``<option>``: the only place its markup is written (add data attributes here)."""
    return f'<option value="{escape(str(code))}">{escape(str(label))}</option>'


def render_grouped_options(choices: Iterable[tuple[Any, Any]]) -> str:
    """Options of (group, [(value, label), …]) or (value, label) choices, none selected."""
    parts: list[str] = []
    for group, options in choices:
        if isinstance(options, list | tuple):
            parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(render_option(code, label) for code, label in options)
            parts.append("</optgroup>")
        else:
            parts.append(render_option(group, options))
    return "".join(parts)


def mark_selected(options: str, values: Iterable[str]) -> str:
    """The same options with those whose value is in ``values`` selected (string search)."""
    for value in values:
        if not value:
            continue
        needle = f'<option value="{escape(value)}"'
        at = 0
        while True:
            at = options.find(needle, at)
            if at < 0:
                break
            end = at + len(needle)
            if options[end : end + 1] in (">", " "):
                options = f"{options[:end]} selected{options[end:]}"
                break
            at = end
    return options


class GroupedSelect(forms.Select):
    """A ``<select>`` of a few hundred options in groups (e.g. regions by province).

    Django's per-option widget templates take over 100 ms for this many options. Here the
    options are one string: ``options_source`` (set by the field) returns it already
    rendered, cached per content generation; only the chosen options are marked per
    request. ``leading`` choices (an empty "please choose") are rendered each time. Without
    a source, the choices are rendered here.
    """

    options_source: Callable[[], str] | None = None
    leading: tuple[tuple[str, str], ...] = ()

    def use_required_attribute(self, initial: Any) -> bool:
        if self.options_source is None:
            return super().use_required_attribute(initial)
        # Django looks at the first choice, which would build the whole list each time;
        # with cached options the first choice is the leading one.
        return not self.is_hidden and bool(self.leading) and self.leading[0][0] == ""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        values = value if isinstance(value, list | tuple) else [value]
        chosen = [str(v) for v in values if v is not None]
        if self.options_source is not None:
            options = render_grouped_options(self.leading) + self.options_source()
        else:
            options = render_grouped_options(self.choices)
        return mark_safe(  # noqa: S308 - every piece is escaped where it is written
            format_html("<select{}>", flatatt(final_attrs))
            + mark_selected(options, chosen)
            + "</select>"
        )


class GroupedSelectMultiple(GroupedSelect, forms.SelectMultiple):
    """The same, choosing several (``<select multiple>``)."""


def _esc(value: Any) -> str:
    """``conditional_escape`` without Django's lazy-argument wrapper (the calculators render
    a few dozen attributes per answer): safe strings as they are, everything else escaped
    exactly as ``django.utils.html.escape`` does (it is ``html.escape`` underneath)."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's ``attrs.html``: ``True`` as a bare attribute, ``False`` left out, anything
    else as its text (``None`` too, as the template writes it)."""
    parts = []
    for key, value in attrs.items():
        if value is True:
            parts.append(f" {_esc(key)}")
        elif value is not False:
            parts.append(f' {_esc(key)}="{_esc(value)}"')
    return "".join(parts)


class QuickRadioSelect(forms.RadioSelect):
    """Django's ``RadioSelect`` markup, written in Python instead of one template per option.

    The same elements, ids and attributes (``required``, ``aria-invalid``, ``checked``) as
    Django's ``radio.html``; a few times faster for the calculators' category question.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        base_id = final_attrs.get("id")
        chosen = {str(v) for v in self.format_value(value)}
        outer = f' id="{_esc(base_id)}"' if base_id else ""
        if final_attrs.get("class"):
            outer += f' class="{_esc(final_attrs["class"])}"'
        parts = [f"<div{outer}>"]
        for index, (option_value, label) in enumerate(self.choices):
            option_attrs: dict[str, Any] = dict(final_attrs)
            option_id = f"{base_id}_{index}" if base_id else ""
            if option_id:
                option_attrs["id"] = option_id  # where the id was, as Django's create_option
            if str(option_value) in chosen:
                option_attrs["checked"] = True
            shown = "" if option_value is None else str(option_value)
            label_for = f' for="{_esc(option_id)}"' if option_id else ""
            parts.append(
                f'<div>\n    <label{label_for}><input type="radio" name="{_esc(name)}" '
                f'value="{_esc(shown)}"{_attrs(option_attrs)}>\n {_esc(label)}</label>\n\n</div>'
            )
        parts.append("\n</div>")
        return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped by _esc


class QuickInputMixin:
    """Django's ``input.html`` + ``attrs.html`` markup, written in Python (same order)."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        parts = [f'<input type="{_esc(widget["type"])}" name="{_esc(widget["name"])}"']
        if widget["value"] is not None:
            parts.append(f' value="{html.escape(str(widget["value"]))}"')
        for key, item in widget["attrs"].items():
            if item is False:
                continue
            key_text = html.escape(str(key))
            if item is True:
                parts.append(f" {key_text}")
            else:
                parts.append(f' {key_text}="{html.escape(str(item))}"')
        parts.append(">")
        return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


class QuickTextInput(QuickInputMixin, forms.TextInput):
    """``TextInput`` without a template render (the calculators' number fields)."""


class QuickDateInput(QuickInputMixin, forms.DateInput):
    """``DateInput`` without a template render."""
