"""The reader's region on guide pages: ``?region=`` chooses it, a cookie remembers it.

``?region=310000`` picks Shanghai and remembers it; ``?region=`` (empty) goes back to the
national channels and forgets; an unknown code gets a message beside the field. Without
``?region`` the remembered region decides (the one cookie every calculator, guide and
/compare/ share: ``policies/remembered.py``); such a response varies on Cookie, and when
the reader has the cookie it is marked ``private`` (shared caches must not keep it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.http import HttpRequest, HttpResponse

from policies.channels import channels_for
from policies.forms import RegionField
from policies.models import LocalChannel, Region
from policies.remembered import depends_on_cookie, remember, remembered_region


class RegionForm(forms.Form):
    region = RegionField(
        label="您的参保地",
        required=False,
        empty_label="不选地区（看全国通用渠道）",
        help_text="选好后，我们收录了的当地医保 App、热线、网站和特别说明会列在这里。",
        error_messages={"invalid_choice": "没有找到这个地区，请从列表里选择参保地。"},
    )


@dataclass
class RegionChoice:
    form: RegionForm
    region: Region | None = None
    from_query: bool = False
    remember: str | None = None  # code to store; "" to forget; None to leave the cookie alone
    channels: list[LocalChannel] = field(default_factory=list)

    @property
    def chain(self) -> list[Region]:
        return self.region.lookup_chain() if self.region else []


def local_channels(region: Region | None) -> list[LocalChannel]:
    """The region's own channels of each kind; a kind it lacks comes from its province."""
    return channels_for(region)


def choose_region(request: HttpRequest) -> RegionChoice:
    if "region" in request.GET:
        form = RegionForm(request.GET)
        if not form.is_valid():
            return RegionChoice(form=form, from_query=True)
        region = form.cleaned_data["region"]
        return RegionChoice(
            form=form,
            region=region,
            from_query=True,
            remember=region.code if region else "",
            channels=local_channels(region),
        )
    region = remembered_region(request)
    form = RegionForm(initial={"region": region.code if region else ""})
    return RegionChoice(form=form, region=region, channels=local_channels(region))


def remember_region(request: HttpRequest, response: HttpResponse, choice: RegionChoice) -> None:
    if choice.remember is not None:
        remember(request, response, choice.remember)
    if not choice.from_query:
        depends_on_cookie(request, response)
