"""Posting admin change forms as an editor's browser does: with the form's edit token.

Every change form carries ``edit_token``, a fingerprint of the row (and its inline rows)
when the form was opened; a save without the current one is refused as stale
(``yibao_site.lib.admin``). Tests that post change forms read it from the page first.
"""

from __future__ import annotations

import re

from django.test import Client


def edit_token(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    found = re.search(r'name="edit_token" value="([0-9a-f]*)"', html)
    assert found, f"no edit token on {url}"
    return found.group(1)
