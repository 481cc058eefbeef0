"""FAQ articles: short answers to the questions readers ask, written in Markdown."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from simple_history.models import HistoricalRecords

from policies.models import Region, Source
from yibao_site.lib.markdown import plain_text, render_markdown


class Category(models.Model):
    name = models.CharField("分类名称", max_length=50, unique=True)
    slug = models.SlugField("网址标识", max_length=50, unique=True, help_text="英文小写和连字符。")
    order = models.PositiveSmallIntegerField("排序", default=0, help_text="数字小的排在前面。")
    description = models.CharField("简介", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "文章分类"
        verbose_name_plural = "文章分类"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RelatedPage(models.TextChoices):
    NONE = "", "无"
    CALCULATOR = "calculator", "每月划入计算器"
    BALANCE = "balance", "指南：余额查询"
    STATEMENTS = "statements", "指南：流水与缴费记录打印"
    WITHDRAWAL = "withdrawal", "指南：个人账户提取"
    FAMILY = "family-sharing", "指南：家庭共济"


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        return self.filter(published=True)


class Article(models.Model):
    title = models.CharField(
        "标题", max_length=120, help_text="读者的问题，如“医保余额为什么是0？”"
    )
    slug = models.SlugField(
        "网址标识",
        max_length=80,
        unique=True,
        help_text="文章网址 /faq/<标识>/，英文小写和连字符。",
    )
    category = models.ForeignKey(
        Category, verbose_name="分类", on_delete=models.PROTECT, related_name="articles"
    )
    summary = models.CharField(
        "一句话回答", max_length=300, help_text="列表和搜索结果里显示，也用作页面描述。"
    )
    body = models.TextField(
        "正文（Markdown）",
        help_text="用 Markdown 书写：空行分段，“- ”开头为列表，“1. ”开头为步骤，"
        "“## ”开头为小标题。不允许脚本，链接只保留 http、https、mailto、tel。",
    )
    regions = models.ManyToManyField(
        Region, verbose_name="相关地区", blank=True, related_name="faq_articles"
    )
    sources = models.ManyToManyField(
        Source,
        verbose_name="来源",
        related_name="faq_articles",
        help_text="文章里的事实和数字依据的来源；页面上显示来源和证据等级。",
    )
    related_page = models.CharField(
        "相关页面",
        max_length=20,
        choices=RelatedPage.choices,
        blank=True,
        help_text="文章末尾引导读者去的计算器或指南。",
    )
    published = models.BooleanField("已发布", default=True, help_text="不勾选则读者看不到。")
    updated_on = models.DateField("更新日期", default=timezone.localdate)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "常见问题文章"
        verbose_name_plural = "常见问题文章"
        ordering = ["category__order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("faq:article", args=[self.slug])

    @cached_property
    def body_html(self) -> SafeString:
        return render_markdown(self.body)

    @cached_property
    def body_text(self) -> str:
        return plain_text(self.body)

    def related_page_link(self) -> tuple[str, str] | None:
        """(url, label) of the calculator or guide the article concerns."""
        if not self.related_page:
            return None
        if self.related_page == RelatedPage.CALCULATOR:
            return reverse("calculator:monthly"), RelatedPage.CALCULATOR.label
        label = RelatedPage(self.related_page).label.removeprefix("指南：")
        return reverse("guides:guide", args=[self.related_page]), f"{label}指南"

    def related_articles(self, limit: int = 4) -> models.QuerySet[Article]:
        return (
            Article.objects.published()
            .filter(category_id=self.category_id)
            .exclude(pk=self.pk)
            .order_by("title")[:limit]
        )
