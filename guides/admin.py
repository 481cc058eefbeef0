"""Admin for guides: a guide with its sections, region notes and change log; a section with
its numbered steps."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from guides.models import Guide, GuideChange, GuideRegionNote, GuideSection, GuideStep
from yibao_site.lib.admin import EditorAdmin


class SectionInline(admin.TabularInline):
    model = GuideSection
    fields = ["order", "heading", "anchor", "source", "verified_on", "edit_link"]
    readonly_fields = ["edit_link"]
    extra = 0
    show_change_link = True

    @admin.display(description="正文与步骤")
    def edit_link(self, obj: GuideSection) -> SafeString | str:
        if not obj.pk:
            return "保存后编辑"
        url = reverse("admin:guides_guidesection_change", args=[obj.pk])
        return format_html('<a href="{}">编辑说明和步骤（{} 步）</a>', url, obj.steps.count())


class RegionNoteInline(admin.StackedInline):
    model = GuideRegionNote
    autocomplete_fields = ["region", "source"]
    extra = 0


class ChangeInline(admin.TabularInline):
    model = GuideChange
    extra = 1


@admin.register(Guide)
class GuideAdmin(EditorAdmin):
    list_display = ["title", "slug", "section_count", "last_change"]
    search_fields = ["title", "summary", "intro"]
    inlines = [SectionInline, RegionNoteInline, ChangeInline]

    @admin.display(description="小节数")
    def section_count(self, obj: Guide) -> int:
        return obj.sections.count()

    @admin.display(description="最后更新")
    def last_change(self, obj: Guide) -> str:
        last = obj.last_updated()
        return f"{last:%Y-%m-%d}" if last else "—"


class StepInline(admin.TabularInline):
    model = GuideStep
    extra = 1


@admin.register(GuideSection)
class GuideSectionAdmin(EditorAdmin):
    list_display = ["heading", "guide", "order", "source", "verified_on"]
    list_filter = ["guide", "source__grade"]
    list_select_related = ["guide", "source"]
    search_fields = ["heading", "body", "steps__text"]
    autocomplete_fields = ["source"]
    inlines = [StepInline]


@admin.register(GuideRegionNote)
class GuideRegionNoteAdmin(EditorAdmin):
    list_display = ["region", "guide", "verified_on"]
    list_filter = ["guide"]
    list_select_related = ["region", "guide"]
    search_fields = ["region__name", "region__code", "text"]
    autocomplete_fields = ["region", "source"]


@admin.register(GuideChange)
class GuideChangeAdmin(EditorAdmin):
    list_display = ["changed_on", "guide", "summary"]
    list_filter = ["guide"]
    list_select_related = ["guide"]
    search_fields = ["summary"]
