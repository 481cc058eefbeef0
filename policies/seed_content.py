"""The seed content: the sources and figures of the domain brief (../shared/DOMAIN.md).

Plain data; ``policies.seeding`` writes it once. Nothing at run time reads this module:
pages find sources by their stable ``key`` and facts as rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from policies.terms import (
    Category,
    Grade,
    InsuredGroup,
    Method,
    Precision,
    Scheme,
    Situation,
    Topic,
)

# The day this content was written from the domain brief: the date FAQ articles and the
# guides' change log show as "updated". It is not a verification date: no seeded figure
# was checked against its source by an editor, so every seeded row is "待核实".
SEEDED_ON = dt.date(2026, 11, 22)
# The day seeded content was corrected (issue 9); shown in the guides' change logs.
CORRECTED_ON = dt.date(2026, 11, 22)

# Provinces in GB/T 2260 that are not in the mainland insurance system (台湾、香港、澳门).
OUTSIDE_THE_SYSTEM = frozenset({"710000", "810000", "820000"})

SOURCES: dict[str, dict[str, Any]] = {
    "guobanfa-2021-14": {
        "title": "国务院办公厅关于建立健全职工基本医疗保险门诊共济保障机制的指导意见",
        "document_number": "国办发〔2021〕14号",
        "publisher": "国务院办公厅",
        "published_on": dt.date(2021, 4, 22),
        "grade": Grade.OFFICIAL,
    },
    "ybbf-2021-43": {
        "title": "基本医疗保险关系转移接续暂行办法（2021年11月1日起施行）",
        "document_number": "医保办发〔2021〕43号",
        "publisher": "国家医保局办公室、财政部办公厅",
        "grade": Grade.OFFICIAL,
    },
    "reuters-2023-02-15": {
        "title": "路透社报道：武汉退休人员医保个人账户改革（2023-02-15）",
        "publisher": "路透社 Reuters",
        "published_on": dt.date(2023, 2, 15),
        "grade": Grade.MEDIA,
    },
    "nanfang-2023-03-02": {
        "title": "南方周末报道：职工医保门诊共济改革后的个人账户（2023-03-02）",
        "publisher": "南方周末",
        "published_on": dt.date(2023, 3, 2),
        "grade": Grade.MEDIA,
    },
    "seed-000": {
        "title": "社保医保卡每个月返多少钱（健康新闻问答汇编）",
        "publisher": "健康新闻",
        "published_on": dt.date(2025, 4, 19),
        "grade": Grade.WEB,
    },
    "seed-002": {
        "title": "上海医保个人账户每个月能打入多少钱？（2025/04/25）",
        "publisher": "社保网",
        "published_on": dt.date(2025, 4, 25),
        "grade": Grade.WEB,
    },
    # The 50%/60% 大病保险 rules go back to this notice (no 2024-04-30 document could be
    # found); the title describes it rather than guessing the document's exact name.
    "ybf-2019-30": {
        "title": "城乡居民大病保险起付线与报销比例的全国规定",
        "document_number": "医保发〔2019〕30号",
        "publisher": "国家医保局、财政部",
        "grade": Grade.OFFICIAL,
    },
    "guobanfa-2021-42": {
        "title": "特困人员、低保对象和返贫致贫人口的大病保险取消封顶线的规定",
        "document_number": "国办发〔2021〕42号",
        "publisher": "国务院办公厅",
        "grade": Grade.OFFICIAL,
    },
    "guobanfa-2024-38": {
        "title": "国务院办公厅关于健全基本医疗保险参保长效机制的指导意见",
        "document_number": "国办发〔2024〕38号",
        "publisher": "国务院办公厅",
        "grade": Grade.OFFICIAL,
    },
    "xinhua-2024-11-26": {
        "title": "新华社报道：各省实现职工医保个人账户省内共济，23个省份扩大到近亲属（2024-11-26）",
        "publisher": "新华社",
        "published_on": dt.date(2024, 11, 26),
        "grade": Grade.MEDIA,
    },
    "family-sharing-2026-01-09": {
        "title": "关于做好职工基本医疗保险个人账户跨省共济工作的通知",
        "publisher": "国家医保局、财政部",
        "published_on": dt.date(2026, 1, 9),
        "grade": Grade.OFFICIAL,
    },
    # The 2026-01-09 notice as we found it: a Xinhua wire reposted on a spam host
    # (regional-leads.md B7). Named in text for readers, never linked.
    "xinhua-2026-01-09": {
        "title": "新华社电：国家医保局会同财政部发布个人账户跨省共济通知（2026-01-09，参考消息网转载）",
        "publisher": "新华社",
        "published_on": dt.date(2026, 1, 9),
        "url": "https://us.usy7.cc/usy0109MkY01s6.doc",
        "grade": Grade.WEB,
    },
    "wallet-337-2026-01": {
        "title": "媒体报道：337个统筹地区开通医保钱包并实现跨省共济（2026年1月）",
        "publisher": "人民日报",
        "published_on": dt.date(2026, 1, 10),
        "grade": Grade.MEDIA,
    },
}


# (key, region code or None, category, start, start is publication date, method,
#  rate, amount, brackets [(min, max, rate, amount)], precision, source key, note)
RULES: list[dict[str, Any]] = [
    {
        "key": "national-employee-2021",
        "region": None,
        "category": Category.EMPLOYEE,
        "effective_from": dt.date(2021, 4, 22),
        "method": Method.PERCENT_BASE,
        "rate": Decimal("2"),
        "precision": Precision.AT_MOST,
        "source": "guobanfa-2021-14",
        "note": "本人缴纳的职工医保费计入个人账户，原则上控制在本人缴费基数的2%以内；"
        "单位缴纳部分全部进入统筹基金。各地在2021至2024年间陆续落地，具体比例以当地为准。",
    },
    {
        "key": "national-resident-2025",
        "region": None,
        "category": Category.RESIDENT,
        "effective_from": dt.date(2025, 4, 19),
        "start_is_publication_date": True,
        "method": Method.NONE,
        # The source: residents "一般无个人账户", a few regions credit 50-200 元 a year.
        "qualifier": "一般",
        "precision": Precision.ABOUT,
        "source": "seed-000",
        "note": "城乡居民医保一般不设个人账户；少数地区每年定额划入50至200元，以当地规定为准。",
    },
    # 上海 and 甘肃 (seed 002, dated only by the article: "至少自 2025-04-25 起") are not
    # seeded: the research table dates both from 2023 (policies/data), and 甘肃's 120 is the
    # 省直 pool's figure from a 甘肃 article, not from an article about 上海 (issue 19).
    {
        "key": "wuhan-retiree-2023",
        "region": "420100",
        "category": Category.RETIREE,
        "effective_from": dt.date(2023, 2, 1),
        "method": Method.FIXED_MONTHLY,
        "amount": Decimal("83"),
        "precision": Precision.ABOUT,
        "source": "reuters-2023-02-15",
        "note": "2023年2月起按门诊共济改革后的定额划入；这是居民账户上看到的数，不是文件原文，"
        "另有报道称82元或88元。",
    },
]

# When the 门诊共济 reform took effect in a region: before it the old local rules applied.
REFORM_DATES: list[dict[str, Any]] = [
    {
        "key": "wuhan-2023-02",
        "region": "420100",
        "effective_from": dt.date(2023, 2, 1),
        "source": "reuters-2023-02-15",
        "note": "武汉自2023年2月起实施门诊共济改革。",
    },
]


# 安徽 and 河南 have sourced amounts (安徽 70 province-wide, 郑州 95): their note says only
# what the article says; 江西 has none yet.
NO_AGE_STEP = "退休人员60周岁和70周岁划入金额相同，不按年龄分档。"
NO_AGE_STEP_NO_AMOUNT = NO_AGE_STEP[:-1] + "；具体金额我们还没有可靠来源。"
NOTES: list[dict[str, Any]] = [
    {
        "key": f"note-no-age-step-{code}",
        "region": code,
        "topic": Topic.ACCOUNT,
        "category": Category.RETIREE,
        "text": text,
        "source": "seed-002",
    }
    for code, text in (
        ("340000", NO_AGE_STEP),
        ("410000", NO_AGE_STEP),
        ("360000", NO_AGE_STEP_NO_AMOUNT),
    )
]


# National principles shown beside answers (home page, "no local rule", 大病保险): rows
# with their own source, never text in templates.
NATIONAL_NOTES: list[dict[str, Any]] = [
    {
        "key": "national-employee-principle",
        "topic": Topic.ACCOUNT,
        "category": Category.EMPLOYEE,
        "text": "在职职工本人缴纳的医保费进入个人账户，原则上不超过缴费基数的2%，"
        "如基数5000元约每月100元；单位缴的部分进统筹基金，不进个人账户。",
        "source": "guobanfa-2021-14",
    },
    {
        "key": "national-retiree-principle",
        "topic": Topic.ACCOUNT,
        "category": Category.RETIREE,
        "text": "退休人员的个人账户由统筹基金按定额划入，逐步调整到当地实施改革当年"
        "基本养老金平均水平的约2%；各地金额不同，有的按年龄分档。",
        "source": "guobanfa-2021-14",
    },
    {
        "key": "national-retiree-range",
        "topic": Topic.ACCOUNT,
        "category": Category.RETIREE,
        "text": "改革后，退休人员每月大多在50到200元之间。",
        "source": "nanfang-2023-03-02",
    },
    {
        "key": "national-flexible-principle",
        "topic": Topic.ACCOUNT,
        "category": Category.FLEXIBLE,
        "text": "灵活就业人员参加职工医保的，有的地区不设个人账户，费用全部进入统筹基金；"
        "设个人账户的地区，划入比例可能低于在职职工。",
        "source": "seed-000",
    },
    {
        "key": "national-resident-principle",
        "topic": Topic.ACCOUNT,
        "category": Category.RESIDENT,
        "text": "城乡居民医保一般不设个人账户；少数地区每年定额划入50到200元，用于门诊。",
        "source": "seed-000",
    },
    {
        "key": "national-critical-illness-threshold",
        "topic": Topic.CRITICAL_ILLNESS,
        "text": "起付线原则上不超过上一年当地居民人均可支配收入的 50%；报销比例不低于 60%，"
        "低保对象、特困人员和返贫致贫人口再提高 5 个百分点。",
        "source": "ybf-2019-30",
    },
    {
        "key": "national-critical-illness-no-cap",
        "topic": Topic.CRITICAL_ILLNESS,
        "text": "低保对象、特困人员和返贫致贫人口的大病保险取消封顶线。"
        "本站还没有核对这份文件的原文。",
        "source": "guobanfa-2021-42",
    },
    {
        "key": "national-critical-illness-incentives",
        "topic": Topic.CRITICAL_ILLNESS,
        "text": "2025 年起，连续参保满 4 年后，每多参保一年，大病保险最高支付限额至少提高 1000 元；"
        "当年没有报销的，下一年限额至少提高 1000 元；提高的总额不超过原限额的 20%。",
        "source": "guobanfa-2024-38",
    },
]

CRITICAL_ILLNESS: list[dict[str, Any]] = [
    {
        "key": "example-2025-ordinary",
        "group": InsuredGroup.ORDINARY,
        "threshold": Decimal("17121"),
        "rate": Decimal("60"),
        "note": "示例：一篇网络文章称某地普通居民的起付线由 1.2 万元调整为 2025 年的 17121 元，"
        "文章没有写明是哪个地区。全国规定：起付线原则上不超过上年当地居民人均可支配收入的 50%，"
        "报销比例不低于 60%。",
    },
    {
        "key": "example-2025-special",
        "group": InsuredGroup.SPECIAL,
        "threshold": Decimal("8560.5"),
        "rate": Decimal("65"),
        "note": "示例：同一篇网络文章称特困供养人员、孤儿、低保对象、返贫致贫人口等特殊群体的起付线由 6000 元"
        "调整为 2025 年的 8560.5 元，未写明地区。全国规定：特殊群体的报销比例比普通参保人"
        "再高 5 个百分点。",
    },
]

LAPSE: list[dict[str, Any]] = [
    {
        "key": "national-employee-moving",
        "scheme": Scheme.EMPLOYEE,
        "situation": Situation.MOVING,
        "effective_from": dt.date(2021, 11, 1),
        "retro_months": 3,
        "retroactive": True,
        "waiting_months": 6,
        "waiting_is_maximum": True,
        "source": "ybbf-2021-43",
        "note": "跨统筹地区转移、中断不超过 3 个月的，补缴后待遇可追溯；中断更久的，"
        "各地可以设置最长不超过 6 个月的待遇等待期。",
    },
    {
        "key": "web-employee-staying",
        "scheme": Scheme.EMPLOYEE,
        "situation": Situation.STAYING,
        "retro_months": 3,
        "waiting_months": 6,
        "source": "seed-000",
        "note": "网络资料称：断缴超过 1 个月即不能报销门诊和住院费用（个人账户余额仍可用）；"
        "超过 3 个月的，补缴后还要等 6 个月才恢复报销。待核实，以当地规定为准。",
    },
    {
        "key": "national-resident-2025",
        "scheme": Scheme.RESIDENT,
        "situation": Situation.ANY,
        "effective_from": dt.date(2025, 1, 1),
        "retro_months": None,
        "waiting_months": 3,
        "extra_month_per_year": True,
        "backpay_reduces": True,
        "long_gap_years": 4,
        "long_gap_min_months": 6,
        "source": "guobanfa-2024-38",
        "note": "2025 年起：不在集中参保期内参保或未连续参保的，固定等待期 3 个月；连续断保的，"
        "每多断保一年再加 1 个月；每补缴一年可减少 1 个月；新生儿等人群不设等待期；"
        "等待期内发生的费用不予报销。",
    },
]
