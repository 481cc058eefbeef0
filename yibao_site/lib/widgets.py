"""A ``<select>`` with many grouped options, rendered in one pass."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Code → search keys, written on each option as ``data-py`` (the region combobox reads them).
OptionKeys = Callable[[], dict[str, str]]


class GroupedSelect(forms.Select):
    """A ``<select>`` of a few hundred options in groups (e.g. regions by province).

    Django's per-option widget templates take over 100 ms for this many options; the
    markup here is the same (optgroups per province, the chosen options ``selected``),
    plus each option's search keys when ``option_keys`` is given.
    """

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        choices: Iterable[Any] = (),
        option_keys: OptionKeys | None = None,
    ) -> None:
        super().__init__(attrs, choices)
        self.option_keys = option_keys

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
        chosen = {str(v) for v in values if v is not None}
        return render_select(final_attrs, self.choices, chosen, self.option_keys)


class GroupedSelectMultiple(GroupedSelect, forms.SelectMultiple):
    """The same, choosing several (``<select multiple>``)."""


def render_select(
    attrs: dict[str, Any],
    choices: Iterable[Any],
    chosen: set[str],
    option_keys: OptionKeys | None = None,
) -> SafeString:
    """The whole ``<select>``: every option's markup comes from ``_option``."""
    keys = option_keys() if option_keys else {}
    parts = [format_html("<select{}>", flatatt(attrs))]
    for group, options in choices:
        if isinstance(options, list | tuple):
            parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(_option(code, label, chosen, keys) for code, label in options)
            parts.append("</optgroup>")
        else:
            parts.append(_option(group, options, chosen, keys))
    parts.append("</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def _option(code: object, label: object, chosen: set[str], keys: dict[str, str]) -> str:
    code_str = str(code)
    selected = " selected" if code_str in chosen else ""
    search = keys.get(code_str)
    data = f' data-py="{escape(search)}"' if search else ""
    return f'<option value="{escape(code_str)}"{selected}{data}>{escape(str(label))}</option>'
