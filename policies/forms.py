"""The region question every calculator and guide asks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.choices import CallableChoiceIterator

from policies.models import Region
from policies.regions import region_by_code, region_choices, region_options_html
from yibao_site.lib.widgets import GroupedSelect, GroupedSelectMultiple

UNKNOWN_REGION = "没有找到这个地区代码，请从列表中选择参保地。"


# Where the combobox fetches the regions' pinyin search keys when the reader first types.
KEYS_URL = "/regions/keys.json"


def region_widget(kind: type[GroupedSelect]) -> GroupedSelect:
    return kind(attrs={"data-combobox": "region", "data-keys": KEYS_URL})


class RegionField(forms.ModelChoiceField):
    """A region chosen by its 6-digit code; ``cleaned_data[name]`` is the ``Region``.

    The options come from the cached, grouped region list (one pass, no query per page);
    the submitted code is looked up among the regions loaded once per content generation.
    ``data-combobox`` lets ``static/js/combobox.js`` turn the select into a type-to-find
    field (汉字, pinyin or initials); without JavaScript the select works as it is.
    """

    def __init__(self, *, empty_label: str = "请选择省或城市", **kwargs: Any) -> None:
        kwargs.setdefault("label", "参保地")
        kwargs.setdefault("widget", region_widget(GroupedSelect))
        messages = {"required": "请选择参保地。", "invalid_choice": UNKNOWN_REGION}
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(
            queryset=Region.objects.select_related("parent"),
            to_field_name="code",
            empty_label=empty_label,
            error_messages=messages,
            **kwargs,
        )
        # The options are rendered once per content generation (policies.regions).
        self.widget.options_source = region_options_html
        self.widget.leading = (("", self.empty_label),) if self.empty_label is not None else ()

    def _get_choices(self) -> CallableChoiceIterator:
        # Lazy: read from the cache when the widget renders, never at import time.
        head = [("", self.empty_label)] if self.empty_label is not None else []
        return CallableChoiceIterator(lambda: [*head, *region_choices()])

    def __deepcopy__(self, memo: dict[int, Any]) -> RegionField:
        return shared_queryset_copy(self, memo)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)  # type: ignore[assignment]

    def to_python(self, value: Any) -> Region | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Region):
            return value
        region = region_by_code(value) if isinstance(value, str) else None
        if region is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return region

    def validate(self, value: Region | None) -> None:
        super().validate(value)
        if value is not None and not value.in_system:
            raise forms.ValidationError(outside_the_system(value), code="outside_the_system")


def shared_queryset_copy(field: forms.ModelChoiceField, memo: dict[int, Any]) -> Any:
    """The field's copy for one form, sharing the queryset instead of cloning it.

    Django clones it for every form so that choices a form evaluated are not reused by the
    next (#11183). These fields never evaluate it: their choices and look-ups come from the
    region list kept per content generation. Sharing saves ~15 µs per form.
    """
    return forms.Field.__deepcopy__(field, memo)


def outside_the_system(region: Region) -> str:
    """Why a region in the code list has no answer here (香港、澳门、台湾)."""
    return (
        f"{region.name}不在内地的基本医疗保险体系内，没有职工医保个人账户的划入标准。"
        "在内地工作、参保的，请选择参保所在的省或城市。"
    )


class RegionsField(forms.ModelMultipleChoiceField):
    """Several regions chosen by code; ``cleaned_data[name]`` is a list of ``Region``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", region_widget(GroupedSelectMultiple))
        messages = {"invalid_choice": "没有找到地区代码“%(value)s”，请从列表中选择。"}
        super().__init__(
            queryset=Region.objects.select_related("parent"),
            to_field_name="code",
            error_messages=messages,
            **kwargs,
        )
        self.widget.options_source = region_options_html

    def _get_choices(self) -> CallableChoiceIterator:
        return CallableChoiceIterator(region_choices)

    def __deepcopy__(self, memo: dict[int, Any]) -> RegionsField:
        return shared_queryset_copy(self, memo)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)  # type: ignore[assignment]
