"""What every editor-facing admin page shares: edits are never lost, history covers inlines.

``EditorAdmin`` (a ``SimpleHistoryAdmin``) adds two things to any model admin:

- **Optimistic concurrency.** A change form carries a fingerprint of the row *and its
  inline rows* as they were when the editor opened it. Saving locks the row and compares
  it with the database inside the save's transaction: if anyone saved in between (even a
  moment before, at the same time), the save is refused with "这条记录已被他人修改"
  and a link to the newer version; what the editor typed stays in the form.
- **History and revert cover inlines.** Inline rows (age brackets, 大病 bands, guide
  steps) keep their own simple-history records. The history page lists their changes
  under the parent's save, and reverting the parent to a version puts its inline rows
  back as they were after that save (the admin saves inline rows right after their parent,
  so "after that save" means "before the parent's next save").

Nothing here knows a project app; it reads models through ``_meta`` only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.forms.models import _get_foreign_key
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

TOKEN = "edit_token"
STALE_MESSAGE = "这条记录已被他人修改：您打开这个页面之后，有人保存了新的版本。"


def row_state(row: models.Model) -> list[Any]:
    return [[f.attname, getattr(row, f.attname)] for f in row._meta.concrete_fields]


@dataclass
class Child:
    """An inline relation of a parent model: which model, through which foreign key."""

    model: type[models.Model]
    fk: models.ForeignKey
    label: str

    def rows(self, parent_pk: Any) -> models.QuerySet:
        return self.model._default_manager.filter(**{self.fk.attname: parent_pk}).order_by("pk")

    @property
    def history(self) -> Any:
        return getattr(self.model, "history", None)


def children_of(model_admin: admin.ModelAdmin) -> list[Child]:
    found = []
    for inline in model_admin.inlines:
        fk = _get_foreign_key(model_admin.model, inline.model, fk_name=inline.fk_name)
        label = str(inline.verbose_name or inline.model._meta.verbose_name)
        found.append(Child(inline.model, fk, label.split("(")[0]))
    return found


def fingerprint(model_admin: admin.ModelAdmin, pk: Any) -> str:
    """A short hash of the saved row and its inline rows; "" when the row is gone."""
    row = model_admin.model._default_manager.filter(pk=pk).first()
    if row is None:
        return ""
    state = [row_state(row)]
    for child in children_of(model_admin):
        state += [row_state(r) for r in child.rows(pk)]
    raw = json.dumps(state, default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def children_as_of(child: Child, parent_pk: Any, before: dt.datetime | None) -> dict[Any, Any]:
    """Each inline row's last historical record before ``before`` (deleted rows left out)."""
    records = child.history.filter(**{child.fk.attname: parent_pk})
    if before is not None:
        records = records.filter(history_date__lt=before)
    latest: dict[Any, Any] = {}
    for record in records.order_by("history_date", "history_id"):
        latest[record.instance.pk] = record
    return {pk: r for pk, r in latest.items() if r.history_type != "-"}


def shown(value: Any) -> str:
    return "（空）" if value is None or value == "" else str(value)


def describe_child(record: Any, previous: Any | None) -> str:
    what = {"+": "新增", "~": "修改", "-": "删除"}.get(record.history_type, "修改")
    text = f"{what}“{record.instance}”"
    if record.history_type == "+":
        values = [
            f"{f.verbose_name} {getattr(record, f.attname)}"
            for f in record.instance._meta.concrete_fields
            if not (f.primary_key or f.is_relation) and getattr(record, f.attname) not in (None, "")
        ]
        if values:
            text += "（" + "，".join(values) + "）"
    if record.history_type == "~" and previous is not None:
        delta = record.diff_against(previous)
        meta = record.instance._meta
        changes = [
            f"{meta.get_field(c.field).verbose_name} {shown(c.old)} → {shown(c.new)}"
            for c in delta.changes
            if c.field != "id"
        ]
        if changes:
            text += "（" + "，".join(changes) + "）"
    return text


class EditorAdmin(SimpleHistoryAdmin):
    """The base of every editor's model admin (see the module docstring)."""

    # -- optimistic concurrency ------------------------------------------------------

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> models.Model | None:
        """On a save, the row is locked first (``SELECT … FOR UPDATE``, inside the admin's
        transaction), so the edit token is compared with the row as the last save left it:
        of two simultaneous saves of one form, the second waits for the first to commit,
        then finds its token stale and is refused. (SQLite has no row locks; it writes one
        transaction at a time anyway.)"""
        if request.method == "POST" and transaction.get_connection().in_atomic_block:
            field = (
                self.model._meta.pk
                if from_field is None
                else self.model._meta.get_field(from_field)
            )
            try:
                key = field.to_python(object_id)
            except (ValueError, forms.ValidationError):
                key = None
            if key is not None:
                rows = self.model._default_manager.filter(**{field.name: key})
                # No ordering: a default ordering across a relation would add an outer join.
                list(rows.order_by().select_for_update().values_list("pk", flat=True))
        return super().get_object(request, object_id, from_field)

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None) -> list:
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.pk is not None:
            fieldsets.append((None, {"fields": [TOKEN], "classes": ["hidden"]}))
        return fieldsets

    def get_form(
        self, request: HttpRequest, obj: models.Model | None = None, change: bool = False, **kwargs
    ) -> type[forms.ModelForm]:
        if obj is None or obj.pk is None:
            return super().get_form(request, obj, change=change, **kwargs)
        current = fingerprint(self, obj.pk)
        newer = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        history = reverse(
            f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk]
        )
        base = kwargs.pop("form", self.form)

        class GuardedForm(base):  # type: ignore[valid-type, misc]
            edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

            def clean(self) -> dict[str, Any]:
                data = super().clean()
                if (self.data.get(TOKEN) or "") != current:
                    raise forms.ValidationError(
                        format_html(
                            '{}您填写的内容还在下面，没有保存。请<a href="{}" target="_blank">'
                            '在新标签页打开最新版本</a>（或看<a href="{}" target="_blank">'
                            "修改记录</a>)，把您的修改合进去后再保存。",
                            STALE_MESSAGE,
                            newer,
                            history,
                        ),
                        code="stale",
                    )
                return data

        GuardedForm.__name__ = f"Guarded{base.__name__}"
        form_class = super().get_form(request, obj, change=change, form=GuardedForm, **kwargs)
        form_class.base_fields[TOKEN].initial = current
        return form_class

    # -- history and revert with inlines ----------------------------------------------

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            # simple-history lets anyone who may *view* the history post a revert; a
            # revert is a change, so it needs the right to change the row as it is now.
            current = self.get_object(request, object_id)
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        request._revert_to = version_id  # type: ignore[attr-defined]
        context = dict(extra_context or {})
        context["restored_children"] = self.children_at_version(object_id, version_id)
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, context)

    def version_cutoff(self, object_id: Any, version_id: Any) -> dt.datetime | None:
        """When the version's inline rows stopped being current: the parent's next save."""
        history = self.model.history
        version = history.get(history_id=version_id)
        later = (
            history.filter(**{self.model._meta.pk.attname: object_id})
            .filter(history_date__gt=version.history_date)
            .order_by("history_date")
            .first()
        )
        return later.history_date if later else None

    def children_at_version(self, object_id: Any, version_id: Any) -> list[tuple[str, list]]:
        cutoff = self.version_cutoff(object_id, version_id)
        shown = []
        for child in children_of(self):
            if child.history is None:
                continue
            rows = children_as_of(child, object_id, cutoff)
            shown.append((child.label, [r.instance for r in rows.values()]))
        return shown

    def restore_children(self, obj: models.Model, version_id: Any) -> None:
        cutoff = self.version_cutoff(obj.pk, version_id)
        for child in children_of(self):
            if child.history is None:
                continue
            wanted = children_as_of(child, obj.pk, cutoff)
            child.rows(obj.pk).exclude(pk__in=list(wanted)).delete()
            for record in wanted.values():
                row = record.instance
                setattr(row, child.fk.attname, obj.pk)
                row.save()

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: forms.Form, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        version = getattr(request, "_revert_to", None)
        if version is not None:
            self.restore_children(obj, version)

    def render_history_view(
        self, request: HttpRequest, template: str, context: dict, **kwargs: Any
    ) -> HttpResponse:
        page = context.get("page_obj")
        if page is not None:
            self.add_child_changes(page.object_list, context.get("object"))
        return super().render_history_view(request, template, context, **kwargs)

    def add_child_changes(self, records: list, obj: models.Model | None) -> None:
        """Each parent record gets ``child_changes``: inline edits saved with it."""
        if obj is None:
            return
        records = list(records)
        own = self.model.history.filter(**{self.model._meta.pk.attname: obj.pk})
        dates = sorted({r.history_date for r in own})
        for record in records:
            record.child_changes = []
        for child in children_of(self):
            if child.history is None:
                continue
            history = list(
                child.history.filter(**{child.fk.attname: obj.pk}).order_by(
                    "history_date", "history_id"
                )
            )
            previous: dict[Any, Any] = {}
            key = child.model._meta.pk.attname
            for entry in history:
                owner = max((d for d in dates if d <= entry.history_date), default=None)
                text = describe_child(entry, previous.get(getattr(entry, key)))
                for record in records:
                    if record.history_date == owner:
                        record.child_changes.append(f"{child.label}：{text}")
                previous[getattr(entry, key)] = entry


def yes_no_icon(value: bool | None, *, yes: str, no: str, unknown: str = "") -> str:
    """Words with a neutral mark, never a red cross for "no": ⚠ for attention, ✓ for fine."""
    if value is None:
        return f"○ {unknown}" if unknown else "—"
    return f"⚠ {yes}" if value else f"✓ {no}"
