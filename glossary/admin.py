"""Admin for the glossary: editors write each term's meaning in plain words."""

from __future__ import annotations

from django.contrib import admin

from glossary.models import Term
from yibao_site.lib.admin import EditorAdmin


@admin.register(Term)
class TermAdmin(EditorAdmin):
    list_display = ["term", "meaning", "source", "published"]
    list_filter = ["published", "source__grade"]
    list_select_related = ["source"]
    search_fields = ["term", "meaning"]
    autocomplete_fields = ["source"]
