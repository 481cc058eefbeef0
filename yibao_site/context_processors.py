from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from policies.seeding import VERIFIED_ON


def site(request: HttpRequest) -> dict[str, object]:
    """Values every template may use.

    ``FACTS_VERIFIED_ON``: when the national facts written into templates (home page,
    national principles) were last checked against their sources.
    """
    return {"SITE_NAME": settings.SITE_NAME, "FACTS_VERIFIED_ON": VERIFIED_ON}
