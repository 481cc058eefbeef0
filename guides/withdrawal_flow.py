"""The withdrawal eligibility check ("能不能把个人账户的钱取出来?") as plain data and logic.

GOV.UK smart-answer style: the flow only chooses the next question from the answers so
far; every outcome is a plain object. Answers live in the query string, so each state is a
URL. No Django here: the view only renders what this module decides.

Facts: ../shared/DOMAIN.md "Withdrawal" (seed 002, grade web; transfers 医保办发〔2021〕43号:
since 2021-11-01 the balance moves with the enrolment, so moving is never a withdrawal route).

The first question is the reader's region. Its choices come from the caller (the regions
the site knows), so this module stays free of the database; outcomes that only some regions
allow are marked ``regional`` and the page names the reader's region in what to ask.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str
    choices: tuple[tuple[str, str], ...]
    summary_label: str

    def label_for(self, value: str) -> str:
        return dict(self.choices).get(value, value)


@dataclass(frozen=True)
class Outcome:
    key: str
    title: str
    allowed: bool
    case: str
    materials: tuple[str, ...] = ()
    channel: str = ""
    timing: str = ""
    why_not: str = ""
    next_steps: tuple[str, ...] = ()
    source_key: str = "seed-002"
    warnings: tuple[str, ...] = field(default=())
    # Only some regions allow it: the page says so and what to ask the reader's bureau.
    regional: bool = False


REGION_KEY = "region"
REGION_TEXT = "您在哪里参加医保？"
REGION_HINT = "选医保关系所在的省或城市。各地允许提取的情形不同。"
REGION_LABEL = "参保地"

SCHEME = Question(
    key="scheme",
    text="您参加的是哪种医保？",
    hint="个人账户只在职工医保里有。看不准可以查参保凭证或问单位。",
    choices=(("employee", "职工医保（在职或退休）"), ("resident", "城乡居民医保")),
    summary_label="参保类型",
)
REASON = Question(
    key="reason",
    text="您想取出个人账户余额，是因为哪种情况？",
    hint="选最接近的一项。",
    choices=(
        ("moving", "换到外地工作、参保"),
        ("abroad", "出国（境）定居，或外籍人员离开中国"),
        ("long_term", "已在外地长期居住，并办了长期异地就医备案"),
        ("give_up", "不想再参加职工医保"),
        ("death", "参保人去世，家属想取出"),
        ("illness", "患重大疾病或急诊自己垫付了费用"),
        ("cash", "没有以上情况，只是想把钱取出来用"),
    ),
    summary_label="取出原因",
)
ILLNESS = Question(
    key="illness",
    text="是哪种情况？",
    hint="只有部分地区允许这两种提取，办理前请先问参保地医保部门。",
    choices=(
        ("serious", "患恶性肿瘤等重大疾病"),
        ("emergency", "急诊时自己垫付了医疗费"),
    ),
    summary_label="具体情况",
)
QUESTIONS: dict[str, Question] = {q.key: q for q in (SCHEME, REASON, ILLNESS)}

FRAUD_WARNING = (
    "请本人或家属亲自办理。找中介“代提”、用假材料套取医保基金属于违法，"
    "会被列入信用黑名单，严重的要承担刑事责任。"
)
EMPLOYER_WARNING = "单位缴纳的部分进入统筹基金，任何情况下都不能取出。"
WARNINGS = (EMPLOYER_WARNING, FRAUD_WARNING)
ID_MATERIALS = ("本人身份证", "社会保障卡（医保卡）")
CHANNEL = "到参保地医保经办机构（服务大厅）窗口申请；部分地区也可以在医保服务平台 App 上线上申请。"
TIMING = "一般 5 至 10 个工作日到账。"
LOCAL_CHECK = (
    "这种提取只有部分地区允许。申请前先打参保地医保服务热线（区号 + 12393），"
    "问清三件事：当地是否允许这种情况提取、要哪些材料、在哪里办。"
)
# Every withdrawal route is regional (no national cash-out rule): even the common cases.
COMMON_CHECK = (
    "国家没有统一的提取规定，这种情形能不能提取、要哪些材料，由参保地规定。"
    "申请前先打参保地医保服务热线（区号 + 12393）问清楚。"
)

OUTCOMES: dict[str, Outcome] = {
    o.key: o
    for o in (
        Outcome(
            key="no_account",
            title="城乡居民医保一般没有个人账户，没有可以取出的余额",
            allowed=False,
            case="城乡居民医保",
            why_not="城乡居民医保的保费进入统筹基金用于报销，一般不设个人账户；"
            "少数地区每年定额划入一小笔，也只能用于看病买药，不能取现。",
            next_steps=("想知道自己有没有账户余额，可以按余额查询指南查一下。",),
            source_key="seed-000",
            warnings=(FRAUD_WARNING,),
        ),
        Outcome(
            key="not_allowed",
            title="没有特殊情况时，个人账户的钱不能取出",
            allowed=False,
            case="无可提取的情形",
            why_not="国家没有允许个人账户随意取现的规定；余额归您所有，会一直结转，可以继承，"
            "也可以通过家庭共济给家人看病买药用。",
            next_steps=(
                "看看家庭共济指南：绑定后家人可以用您的余额。",
                "如果以后出国（境）定居，再回来重新检查；换地参保时余额随医保关系转移，不能提取。",
            ),
            warnings=WARNINGS,
        ),
        Outcome(
            key="transfer",
            title="换地参保不能提取：余额随医保关系转到新参保地",
            allowed=False,
            case="跨地区转移接续",
            why_not="2021年11月1日起，个人账户余额随医保关系一起转移，新参保地接收；"
            "所以换地参保不是提取的理由，办理转移接续就行。",
            materials=ID_MATERIALS,
            channel="在新参保地参保后，"
            "通过国家医保服务平台 App 或任一方的医保经办机构申请转移接续。",
            timing="原参保地在 10 个工作日内办结转出，新参保地在 5 个工作日内办结转入。",
            source_key="ybbf-2021-43",
            warnings=(EMPLOYER_WARNING,),
        ),
        Outcome(
            key="abroad",
            title="各地通常允许申请提取：出国（境）定居或外籍人员离境",
            allowed=True,
            case="出国（境）定居，或外籍人员离开中国（以参保地规定为准）",
            materials=(
                *ID_MATERIALS,
                "定居国外的证明，如永久居留证、户籍注销证明（外籍人员按参保地要求提供离境材料）",
            ),
            channel="先办理医保减员和停保手续，再" + CHANNEL,
            timing=TIMING,
            next_steps=(COMMON_CHECK,),
            warnings=WARNINGS,
            regional=True,
        ),
        Outcome(
            key="long_term",
            title="部分地区可以申请提取：已办理长期异地居住备案",
            allowed=True,
            case="长期在外地居住并已办理长期异地就医备案（仅部分地区）",
            materials=(*ID_MATERIALS, "长期异地就医备案证明（以参保地要求为准）"),
            channel=CHANNEL,
            timing=TIMING,
            next_steps=(LOCAL_CHECK,),
            warnings=WARNINGS,
            regional=True,
        ),
        Outcome(
            key="give_up",
            title="部分地区可以申请提取：主动放弃职工医保",
            allowed=True,
            case="参保人主动放弃参加职工医保（仅部分地区）",
            materials=ID_MATERIALS,
            channel=CHANNEL,
            timing=TIMING,
            next_steps=(LOCAL_CHECK, "放弃职工医保后就不再享受职工医保待遇，请想清楚再办。"),
            warnings=WARNINGS,
            regional=True,
        ),
        Outcome(
            key="death",
            title="各地通常允许继承人申请提取：参保人去世",
            allowed=True,
            case="参保人去世，继承人办理（以参保地规定为准）",
            materials=("继承人本人身份证", "参保人的社会保障卡", "死亡证明", "继承关系证明"),
            channel=CHANNEL,
            timing=TIMING,
            next_steps=(COMMON_CHECK,),
            warnings=WARNINGS,
            regional=True,
        ),
        Outcome(
            key="serious_illness",
            title="部分地区可以申请提取：重大疾病",
            allowed=True,
            case="患恶性肿瘤等重大疾病（仅部分地区）",
            materials=(*ID_MATERIALS, "与病情相关的证明材料（以参保地要求为准）"),
            channel=CHANNEL,
            timing=TIMING,
            next_steps=(LOCAL_CHECK,),
            warnings=WARNINGS,
            regional=True,
        ),
        Outcome(
            key="emergency",
            title="部分地区可以申请提取：急诊自己垫付的费用",
            allowed=True,
            case="急诊时自己垫付了医疗费（仅部分地区）",
            materials=(*ID_MATERIALS, "急诊垫付费用的相关证明材料（以参保地要求为准）"),
            channel=CHANNEL,
            timing="一般 3 个工作日内原路退回。",
            next_steps=(LOCAL_CHECK,),
            warnings=WARNINGS,
            regional=True,
        ),
    )
}

REASON_OUTCOMES = {
    "moving": "transfer",
    "abroad": "abroad",
    "long_term": "long_term",
    "give_up": "give_up",
    "death": "death",
    "cash": "not_allowed",
}


@dataclass(frozen=True)
class Step:
    """Where the reader is: the answers accepted so far and either a question or an outcome."""

    answers: tuple[tuple[str, str], ...]
    question: Question | None = None
    outcome: Outcome | None = None
    error: str = ""

    def answers_dict(self) -> dict[str, str]:
        return dict(self.answers)


def region_question(regions: Mapping[str, str]) -> Question:
    """The first question; ``regions`` maps each region code the site knows to its name."""
    return Question(REGION_KEY, REGION_TEXT, REGION_HINT, tuple(regions.items()), REGION_LABEL)


def _next(answers: dict[str, str], regions: Mapping[str, str]) -> Question | Outcome:
    """The next question to ask, or the outcome, for answers that are all valid so far."""
    if REGION_KEY not in answers:
        return region_question(regions)
    if "scheme" not in answers:
        return SCHEME
    if answers["scheme"] == "resident":
        return OUTCOMES["no_account"]
    if "reason" not in answers:
        return REASON
    reason = answers["reason"]
    if reason == "illness":
        if "illness" not in answers:
            return ILLNESS
        return OUTCOMES["serious_illness" if answers["illness"] == "serious" else "emergency"]
    return OUTCOMES[REASON_OUTCOMES[reason]]


def walk(query: Mapping[str, str], regions: Mapping[str, str]) -> Step:
    """Follow the answers in ``query`` as far as they are valid.

    Answers to questions the flow did not ask are ignored; the first invalid answer stops
    the walk at that question with an error message.
    """
    accepted: dict[str, str] = {}
    while True:
        node = _next(accepted, regions)
        if isinstance(node, Outcome):
            return Step(answers=tuple(accepted.items()), outcome=node)
        if node.key not in query:
            return Step(answers=tuple(accepted.items()), question=node)
        value = query[node.key]
        if value not in dict(node.choices):
            message = "请选择一项。" if not value else "这个选项不在列表里，请重新选择一项。"
            return Step(answers=tuple(accepted.items()), question=node, error=message)
        accepted[node.key] = value


def all_paths(region: str = "110000") -> list[tuple[dict[str, str], str]]:
    """Every complete set of answers, for one region, with its outcome (for tests and docs)."""
    paths: list[tuple[dict[str, str], str]] = []
    regions = {region: region}

    def explore(answers: dict[str, str]) -> None:
        node = _next(answers, regions)
        if isinstance(node, Outcome):
            paths.append((dict(answers), node.key))
            return
        for value, _label in node.choices:
            explore({**answers, node.key: value})

    explore({})
    return paths
