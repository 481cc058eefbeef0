"""Admin for FAQ articles: editors write Markdown and see a sanitised preview."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import SafeString

from faq.models import Article, Category
from yibao_site.lib.admin import EditorAdmin


@admin.register(Category)
class CategoryAdmin(EditorAdmin):
    list_display = ["name", "slug", "order", "article_count"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="文章数")
    def article_count(self, obj: Category) -> int:
        return obj.articles.count()


@admin.register(Article)
class ArticleAdmin(EditorAdmin):
    list_display = ["title", "category", "published", "updated_on", "related_page"]
    list_filter = ["published", "category", "related_page", "sources__grade", "updated_on"]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "body", "slug"]
    autocomplete_fields = ["regions"]
    filter_horizontal = ["sources"]
    readonly_fields = ["preview"]
    date_hierarchy = "updated_on"
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "published", "updated_on"]}),
        ("正文", {"fields": ["body", "preview"]}),
        ("关联", {"fields": ["sources", "regions", "related_page"]}),
    ]

    @admin.display(description="预览（保存后更新，与读者看到的一致）")
    def preview(self, obj: Article) -> SafeString | str:
        if not obj.pk:
            return "保存后在这里预览。"
        return format_html('<div class="faq-preview">{}</div>', obj.body_html)
