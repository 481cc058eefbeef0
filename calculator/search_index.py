"""The calculators in the site search: readers type 计算器, 划入, 退休 or 返钱 and find them.

Each calculator is one document; its text lists, in our own words, the questions it
answers and the words readers use for them.
"""

from __future__ import annotations

from django.urls import reverse

from search.models import Kind, SearchDocument
from search.registry import register_pages

# (stable id, URL name, title, summary, words readers use)
TOOLS = [
    (
        1,
        "calculator:monthly",
        "医保个人账户每月划入计算器",
        "按参保地、身份、年龄和缴费基数，算出医保卡每个月划入（返）多少钱、全年多少。",
        "计算 计算器 每月划入 每个月返多少钱 医保卡返钱 打钱 到账 在职职工 退休人员 退休 "
        "灵活就业 城乡居民 缴费基数 养老金 年龄 个人账户",
    ),
    (
        2,
        "calculator:projection",
        "余额累计计算器：几年后账户里能攒多少",
        "从现在的余额出发，逐月累计划入金额，看几年后医保个人账户大约有多少钱。",
        "计算 计算器 余额 累计 攒钱 几年后 账户余额 划入 退休 在职",
    ),
    (
        3,
        "calculator:critical_illness",
        "大病保险计算器：能报多少",
        "填一年内的合规自付医疗费用，看是否超过大病保险起付线、大约能报销多少。",
        "计算 计算器 大病 大病保险 起付线 报销 报销比例 城乡居民 医疗费用",
    ),
    (
        4,
        "calculator:lapse",
        "断缴补缴计算器：多久能报销",
        "断缴几个月、断保几年，补缴后能不能追溯，要等多久才能恢复报销。",
        "计算 计算器 断缴 断保 补缴 等待期 恢复报销 职工医保 城乡居民医保 停保",
    ),
    (
        5,
        "calculator:compare",
        "各地每月划入比较",
        "把各地退休人员和在职职工每月划入个人账户的金额放在一起比较。",
        "比较 对比 各地 地区 划入 退休 在职 排名 哪里多",
    ),
    (
        6,
        "calculator:reconcile",
        "到账的不是这个数？个人账户对账",
        "填实际到账的金额和月份，看看是扣了费用、按年划入、跨了年龄段、参保情况不同，还是标准调整了。",
        "对账 到账 实际到账 少了 不一样 为什么 97 扣费 大病互助 划入明细 按年划入 0元 没到账 "
        "年龄段 标准调整 退休",
    ),
]


def documents() -> list[SearchDocument]:
    return [
        SearchDocument(
            kind=Kind.TOOL,
            object_id=pk,
            title=title,
            url=reverse(name),
            summary=summary,
            text=f"{summary} {words}",
        )
        for pk, name, title, summary, words in TOOLS
    ]


register_pages(Kind.TOOL, documents)
