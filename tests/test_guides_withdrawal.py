"""The withdrawal smart answer: every path to every outcome, as pages and as htmx fragments."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.test import Client

from guides.withdrawal_flow import OUTCOMES, QUESTIONS, REGION_KEY, all_paths, walk
from policies.models import Region
from tests.factories import city, province

pytestmark = pytest.mark.django_db

URL = "/guides/withdrawal/check/"
HTMX = {"HX-Request": "true", "HX-Target": "flow"}

# The tables below answer the region question with HOME; the page tests put the code of
# their own city (the ``home`` fixture) in its place. The pure flow takes any code.
HOME = "<home>"
AT_HOME = {"region": HOME}
REGIONS = {HOME: "测试市"}

# Every complete path, written out by hand: the answers and the outcome they must reach.
PATHS = [
    ({**AT_HOME, "scheme": "resident"}, "no_account"),
    ({**AT_HOME, "scheme": "employee", "reason": "cash"}, "not_allowed"),
    ({**AT_HOME, "scheme": "employee", "reason": "moving"}, "transfer"),
    ({**AT_HOME, "scheme": "employee", "reason": "abroad"}, "abroad"),
    ({**AT_HOME, "scheme": "employee", "reason": "long_term"}, "long_term"),
    ({**AT_HOME, "scheme": "employee", "reason": "give_up"}, "give_up"),
    ({**AT_HOME, "scheme": "employee", "reason": "death"}, "death"),
    (
        {**AT_HOME, "scheme": "employee", "reason": "illness", "illness": "serious"},
        "serious_illness",
    ),
    ({**AT_HOME, "scheme": "employee", "reason": "illness", "illness": "emergency"}, "emergency"),
]
# Every route to a withdrawal is regional (DOMAIN: no national cash-out rule).
REGIONAL = {"abroad", "death", "long_term", "give_up", "serious_illness", "emergency"}


@pytest.fixture
def home() -> Region:
    return city()


def at(home: Region, answers: dict[str, str]) -> dict[str, str]:
    """The answers with the region question answered by the test's own city."""
    return {k: home.code if v == HOME else v for k, v in answers.items()}


def label(home: Region, key: str, value: str) -> str:
    return home.name if key == REGION_KEY else QUESTIONS[key].label_for(value)


def test_the_table_covers_every_path_and_every_outcome() -> None:
    assert sorted(map(repr, all_paths(HOME))) == sorted(map(repr, PATHS))
    assert {outcome for _, outcome in PATHS} == set(OUTCOMES)


@pytest.mark.parametrize(("answers", "outcome"), PATHS, ids=[o for _, o in PATHS])
def test_flow_reaches_the_outcome(answers: dict[str, str], outcome: str) -> None:
    step = walk(answers, REGIONS)
    assert step.outcome is not None and step.outcome.key == outcome
    assert step.answers_dict() == answers


def test_moving_is_never_a_withdrawal_route_since_the_2021_transfer_rules() -> None:
    """医保办发〔2021〕43号: from 2021-11-01 the balance moves with the enrolment."""
    transfer = OUTCOMES["transfer"]
    assert not transfer.allowed and transfer.source_key == "ybbf-2021-43"
    assert "2021年11月1日" in transfer.why_not
    assert all(o.key != "moving" for o in OUTCOMES.values())


@pytest.mark.parametrize("outcome", sorted(REGIONAL))
def test_outcomes_only_some_regions_allow_say_so_and_what_to_ask(
    client: Client, home: Region, outcome: str
) -> None:
    answers = next(a for a, o in PATHS if o == outcome)
    assert OUTCOMES[outcome].regional
    html = client.get(URL, at(home, answers)).content.decode()
    assert "国家没有统一的提取规定" in html
    assert f"{home.name}是否允许这种提取" in html and "12393" in html


@pytest.mark.parametrize(("answers", "outcome"), PATHS, ids=[o for _, o in PATHS])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_each_outcome_names_case_materials_channel_timing_or_why_not(
    client: Client, home: Region, answers: dict[str, str], outcome: str, htmx: bool
) -> None:
    answers = at(home, answers)
    response = client.get(URL, answers, headers=HTMX if htmx else {})
    html = response.content.decode()
    result = OUTCOMES[outcome]
    assert response.status_code == 200
    assert f'data-outcome="{outcome}"' in html
    assert result.title in html
    assert result.case in html
    if result.allowed:
        assert "要准备的材料" in html and "去哪里办" in html and "多久办好" in html
        assert "身份证" in html
    else:
        assert "为什么" in html and result.why_not in html
    assert "来源" in html and ("网络资料（待核实）" in html or "官方文件" in html)
    for key, value in answers.items():  # the summary lists every answer with a change link
        assert label(home, key, value) in html
    assert html.count(">修改<") == len(answers)
    if htmx:
        assert "<html" not in html and "<h1" not in html
    else:
        assert html.count("<h1") == 1
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("answers", "question"),
    [
        (AT_HOME, "scheme"),
        ({**AT_HOME, "scheme": "employee"}, "reason"),
        ({**AT_HOME, "scheme": "employee", "reason": "illness"}, "illness"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_one_question_per_step_with_earlier_answers_kept(
    client: Client, home: Region, answers: dict[str, str], question: str, htmx: bool
) -> None:
    answers = at(home, answers)
    html = client.get(URL, answers, headers=HTMX if htmx else {}).content.decode()
    assert f'data-step="question-{question}"' in html
    assert html.count('type="radio"') == len(QUESTIONS[question].choices)
    assert QUESTIONS[question].text in html
    for key, value in answers.items():
        assert f'<input type="hidden" name="{key}" value="{value}">' in html
    assert 'action="/guides/withdrawal/check/"' in html


def test_the_region_is_asked_first_as_one_select(client: Client, home: Region) -> None:
    html = client.get(URL).content.decode()
    assert 'data-step="question-region"' in html
    assert re.search(r'<select [^>]*name="region"', html) and f'value="{home.code}"' in html
    assert 'type="radio"' not in html


def test_change_link_goes_back_to_that_question_with_earlier_answers_only(
    client: Client, home: Region
) -> None:
    answers = at(home, {**AT_HOME, "scheme": "employee", "reason": "illness", "illness": "serious"})
    html = client.get(URL, answers).content.decode()
    assert 'href="?"' in html  # change the first answer: start from question one
    assert f'href="?{urlencode(at(home, AT_HOME))}"' in html
    two = urlencode(at(home, {**AT_HOME, "scheme": "employee"})).replace("&", "&amp;")
    assert f'href="?{two}"' in html


@pytest.mark.parametrize(
    "query",
    [
        {"region": ""},
        {"region": "999999"},
        {"region": "<outside the system>"},
        {**AT_HOME, "scheme": ""},
        {**AT_HOME, "scheme": "gold"},
        {**AT_HOME, "scheme": "employee", "reason": "<script>alert(1)</script>"},
        {**AT_HOME, "scheme": "employee", "reason": "illness", "illness": "maybe" * 50},
    ],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_bad_answers_get_a_message_beside_the_question(
    client: Client, home: Region, query: dict[str, str], htmx: bool
) -> None:
    query = at(home, query)
    if query["region"] == "<outside the system>":  # like 香港: a region, but not in the system
        query["region"] = province(in_system=False).code
    response = client.get(URL, query, headers=HTMX if htmx else {})
    html = response.content.decode()
    assert response.status_code == 200
    assert any(m in html for m in ("请选择", "这个选项不在列表里", "没有找到", "不在内地"))
    assert "error-summary" in html
    assert "<script>alert(1)</script>" not in html


def test_answers_to_questions_not_asked_are_ignored(client: Client, home: Region) -> None:
    query = at(home, {**AT_HOME, "scheme": "resident", "reason": "death"})
    html = client.get(URL, query).content.decode()
    assert 'data-outcome="no_account"' in html
    assert "参保人去世" not in html


def test_next_question_takes_focus_only_when_htmx_swaps_it_in(client: Client, home: Region) -> None:
    first = client.get(URL, at(home, AT_HOME)).content.decode()
    employee = at(home, {**AT_HOME, "scheme": "employee"})
    swapped = client.get(URL, employee, headers=HTMX).content.decode()
    assert "autofocus" not in first
    assert re.search(r'<input type="radio"[^>]*autofocus', swapped)
