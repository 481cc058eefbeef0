"""The domain's vocabulary: who, how, how sure. Plain enums with Chinese labels.

No Django here: the pure engines use these names, and the models use them as field
choices (``Category.choices``), so both sides always agree on the values.
"""

from __future__ import annotations

import enum


class _ChoicesType(enum.EnumType):
    @property
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]  # type: ignore[attr-defined]

    @property
    def values(cls) -> list[str]:
        return [member.value for member in cls]  # type: ignore[attr-defined]


class Choice(enum.StrEnum, metaclass=_ChoicesType):
    """A string value with a Chinese label: ``Category.RETIREE.label == "退休人员"``."""

    label: str
    # Django's templates call callables; an enum class must not be called there.
    do_not_call_in_templates = enum.nonmember(True)

    def __new__(cls, value: str, label: str) -> Choice:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


# One word for the level above every province.
NATIONAL = "全国"


class Grade(Choice):
    OFFICIAL = "official", "官方文件"
    MEDIA = "media", "媒体报道"
    WEB = "web", "网络资料（待核实）"


# A fourth grade, below 网络资料: what readers saw arrive in their own accounts, grouped
# and published by an editor (``reports.ReaderFigure``). Never a source of a rule, so it
# is not one of ``Grade``'s choices: a reader figure is shown apart from every rule.
READER_GRADE = "reader"
READER_GRADE_LABEL = "读者反馈"


class Precision(Choice):
    """How exact a figure is, as its source states it; every surface shows it the same way."""

    EXACT = "exact", "准确数"
    AT_MOST = "at_most", "上限（最多）"
    ABOUT = "about", "约数"

    @property
    def word(self) -> str:
        """The word put before the figure: "最多 160.00 元", "约 250 元"; none when exact."""
        return {"exact": "", "at_most": "最多", "about": "约"}[self.value]


class Qualifier(Choice):
    """The word a source puts on its figure: "一般是…2%", "约…", "2.5%左右".

    Shown as the source wrote it; a value with a qualifier is never an exact figure.
    """

    GENERALLY = "一般", "一般"
    ABOUT = "约", "约"
    AROUND = "左右", "左右"

    def around(self, figure: str) -> str:
        """ "一般为缴费基数的 2%", "约为…", "…的 2.5%左右"."""
        if self is Qualifier.AROUND:
            return f"{figure}左右"
        return f"{self.value}为{figure}"


class StartPrecision(Choice):
    """How exact a start date is, as the source states it: "2023-02-01", "2023-02", "2023年"."""

    DAY = "day", "具体到日"
    MONTH = "month", "只写明年月"
    YEAR = "year", "只写明年份"


class Pool(Choice):
    """Whom a province-level value covers."""

    REGION_WIDE = "region_wide", "全省（市）统一：下辖城市没有自己的标准时沿用"
    PROVINCIAL_UNITS = "provincial_units", "仅省直/省本级单位参保人员：下辖城市不沿用"


class Category(Choice):
    EMPLOYEE = "employee", "在职职工"
    RETIREE = "retiree", "退休人员"
    FLEXIBLE = "flexible", "灵活就业人员"
    RESIDENT = "resident", "城乡居民"


class Method(Choice):
    PERCENT_BASE = "percent_base", "按本人缴费基数的比例"
    PERCENT_AVG_PENSION = "percent_avg_pension", "按当地平均养老金的比例"
    PERCENT_OWN_PENSION = "percent_own_pension", "按本人养老金的比例"
    FIXED_MONTHLY = "fixed_monthly", "每月定额"
    FIXED_YEARLY = "fixed_yearly", "每年定额"
    NONE = "none", "不设个人账户（不划入）"


class InsuredGroup(Choice):
    ORDINARY = "ordinary", "普通参保人"
    SPECIAL = "special", "特殊群体（低保对象、特困人员、返贫致贫人口等）"


class Scheme(Choice):
    EMPLOYEE = "employee", "职工医保"
    RESIDENT = "resident", "城乡居民医保"


class Situation(Choice):
    MOVING = "moving", "跨统筹地区转移接续时"
    STAYING = "staying", "未跨地区（本地断缴）"
    ANY = "any", "不区分"


class Status(Choice):
    """Whether readers see a rule value: drafts are for editors and previews only."""

    DRAFT = "draft", "草稿（读者看不到）"
    PUBLISHED = "published", "已发布"


class ChannelKind(Choice):
    """A local service channel shown in the guides' local box."""

    APP = "app", "本地医保 App / 小程序"
    HOTLINE = "hotline", "医保服务热线"
    WEBSITE = "website", "医保局网站"
    HALL = "hall", "医保服务大厅"


class Topic(Choice):
    ACCOUNT = "account", "个人账户划入"
    CRITICAL_ILLNESS = "critical_illness", "大病保险"


def age_range_label(min_age: int | None, max_age: int | None) -> str:
    """Words for an inclusive age range, following Civil Code art. 1259."""
    if min_age is None and max_age is None:
        return "不分年龄"
    if min_age is None:
        return f"{max_age}周岁及以下"
    if max_age is None:
        return f"{min_age}周岁及以上"
    if min_age == max_age:
        return f"{min_age}周岁"
    return f"{min_age}至{max_age}周岁"
