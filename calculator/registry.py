"""The calculators, written once: every list of them on the site reads this.

URLs (``calculator/urls.py``, ``calculator/api_urls.py``), the site search
(``calculator/search_index.py``), the sitemap (``calculator/sitemaps.py``), the home page's
links and the region pages' links all come from ``TOOLS``. Each entry names its form,
whose ``personal_fields`` make its answers private (``yibao_site.lib.personal``).
Adding a calculator: its engine, form, view and template, one entry here, and tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.urls import reverse

from calculator.forms.compare import CompareForm
from calculator.forms.critical_illness import CriticalIllnessForm
from calculator.forms.lapse import LapseForm
from calculator.forms.monthly import CalculatorForm
from calculator.forms.projection import ProjectionForm
from calculator.forms.reconcile import ReconcileForm
from calculator.views import (
    api,
    compare,
    critical_illness,
    lapse,
    monthly,
    projection,
    reconcile,
)
from yibao_site.lib.personal import private_when_personal


@dataclass(frozen=True)
class Tool:
    name: str  # URL name in the ``calculator`` namespace
    path: str  # the page's path
    view: Callable[..., HttpResponse]
    form: Any
    search_id: int  # stable id of its search document
    title: str  # in search results
    summary: str  # in search results and on the home page
    words: str  # the words readers use for it (search only)
    link: str  # its link text on the home page and region pages
    api_path: str = ""  # under /api/v1/, "" for none
    api_view: Callable[..., HttpResponse] | None = None
    # Region pages link it with ``?region=<code>`` (compare takes ``regions``).
    region_parameter: str = "region"

    @property
    def page_view(self) -> Callable[..., HttpResponse]:
        return private_when_personal(self.form)(self.view)

    @property
    def json_view(self) -> Callable[..., HttpResponse] | None:
        return private_when_personal(self.form)(self.api_view) if self.api_view else None

    @property
    def api_name(self) -> str:
        """Its JSON route's name in the ``api`` namespace: the path with underscores."""
        return self.api_path.replace("-", "_")

    @property
    def url(self) -> str:
        return reverse(f"calculator:{self.name}")


TOOLS: tuple[Tool, ...] = (
    Tool(
        name="monthly",
        path="calculator/",
        view=monthly.monthly,
        form=CalculatorForm,
        search_id=1,
        title="医保个人账户每月划入计算器",
        summary="按参保地、身份、年龄和缴费基数，算出医保卡每个月划入（返）多少钱、全年多少。",
        words="计算 计算器 每月划入 每个月返多少钱 医保卡返钱 打钱 到账 在职职工 退休人员 退休 "
        "灵活就业 城乡居民 缴费基数 养老金 年龄 个人账户",
        link="每月划入计算",
        api_path="calculate",
        api_view=api.monthly,
    ),
    Tool(
        name="projection",
        path="calculator/projection/",
        view=projection.projection,
        form=ProjectionForm,
        search_id=2,
        title="余额累计计算器：几年后账户里能攒多少",
        summary="从现在的余额出发，逐月累计划入金额，看几年后医保个人账户大约有多少钱。",
        words="计算 计算器 余额 累计 攒钱 几年后 账户余额 划入 退休 在职",
        link="几年后账户里能攒多少",
        api_path="projection",
        api_view=api.projection,
    ),
    Tool(
        name="critical_illness",
        path="calculator/critical-illness/",
        view=critical_illness.critical_illness,
        form=CriticalIllnessForm,
        search_id=3,
        title="大病保险计算器：能报多少",
        summary="填一年内的合规自付医疗费用，看是否超过大病保险起付线、大约能报销多少。",
        words="计算 计算器 大病 大病保险 起付线 报销 报销比例 城乡居民 医疗费用",
        link="大病保险能报多少",
        api_path="critical-illness",
        api_view=api.critical_illness,
    ),
    Tool(
        name="lapse",
        path="calculator/lapse/",
        view=lapse.lapse,
        form=LapseForm,
        search_id=4,
        title="断缴补缴计算器：多久能报销",
        summary="断缴几个月、断保几年，补缴后能不能追溯，要等多久才能恢复报销。",
        words="计算 计算器 断缴 断保 补缴 等待期 恢复报销 职工医保 城乡居民医保 停保",
        link="断缴、补缴后多久能报销",
        api_path="lapse",
        api_view=api.lapse,
    ),
    Tool(
        name="reconcile",
        path="calculator/reconcile/",
        view=reconcile.reconcile,
        form=ReconcileForm,
        search_id=6,
        title="到账的不是这个数？个人账户对账",
        summary="填实际到账的金额和月份，看看是扣了费用、按年划入、跨了年龄段、参保情况不同，"
        "还是标准调整了。",
        words="对账 到账 实际到账 少了 不一样 为什么 97 扣费 大病互助 划入明细 按年划入 0元 没到账 "
        "年龄段 标准调整 退休",
        link="到账的不是这个数？对账",
        api_path="reconcile",
        api_view=reconcile.reconcile_api,
    ),
    Tool(
        name="compare",
        path="compare/",
        view=compare.compare,
        form=CompareForm,
        search_id=5,
        title="各地每月划入比较",
        summary="把各地退休人员和在职职工每月划入个人账户的金额放在一起比较。",
        words="比较 对比 各地 地区 划入 退休 在职 排名 哪里多",
        link="和其他地区比较",
        region_parameter="regions",
    ),
)


def by_name(name: str) -> Tool:
    return next(tool for tool in TOOLS if tool.name == name)
