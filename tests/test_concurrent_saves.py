"""Two editors press 保存 on the same rule at the same moment (PostgreSQL only).

The admin locks the row before it compares the edit token, inside the save's transaction,
so exactly one save wins; the other is told the record changed and keeps its input. Run
against a throwaway cluster:

    scripts/with-postgres.sh .venv/bin/python -m pytest tests/test_concurrent_saves.py -n 0
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client

from policies.models import AccountRule
from tests.admin_forms import edit_token
from tests.factories import province, rule
from tests.test_editor_tools import change_url, rule_post

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (with-postgres.sh)"
    ),
]
ROUNDS = 6


def save_together(clients: list[Client], url: str, posts: list[dict[str, Any]]) -> list[Any]:
    """Each client posts its form on its own thread (and connection), released at once."""
    start = threading.Barrier(len(clients))
    answers: list[Any] = [None] * len(clients)

    def run(i: int) -> None:
        try:
            start.wait()
            answers[i] = clients[i].post(url, posts[i])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_of_two_simultaneous_saves_exactly_one_wins_and_the_other_keeps_its_input() -> None:
    first, second = Client(), Client()
    first.force_login(User.objects.create_superuser("one", "one@example.com", "x"))
    second.force_login(User.objects.create_superuser("two", "two@example.com", "x"))
    value = rule(province(), amount=Decimal("100"))
    url = change_url(value)
    for round_no in range(ROUNDS):
        value.refresh_from_db()
        token = edit_token(first, url)
        assert edit_token(second, url) == token
        notes = [f"第{round_no}轮甲的说明", f"第{round_no}轮乙的说明"]
        posts = [rule_post(value, note=n, edit_token=token) for n in notes]
        answers = save_together([first, second], url, posts)
        codes = sorted(a.status_code for a in answers)
        assert codes == [200, 302], (round_no, codes)
        winner = next(i for i, a in enumerate(answers) if a.status_code == 302)
        loser = answers[1 - winner].content.decode()
        assert "这条记录已被他人修改" in loser
        assert notes[1 - winner] in loser  # the refused editor's text is still in the form
        value.refresh_from_db()
        assert value.note == notes[winner]
        assert AccountRule.all_objects.filter(pk=value.pk).count() == 1
