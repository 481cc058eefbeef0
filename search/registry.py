"""What the site search covers: each app registers its pages in ``<app>/search_index.py``.

An app calls ``register(kind, model, document_of, ...)``: ``document_of(obj)`` gives the
``SearchDocument`` for one object (or None when it should not be found, e.g. an
unpublished article). Saving or deleting an object of ``model`` updates its one row;
``related`` maps other models to the objects whose rows they change (a guide's steps
change the guide's row). The search app knows no content app (an import-linter contract
holds it); ``SearchConfig.ready`` imports every app's ``search_index`` module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from ops import generation
from search.models import SearchDocument

DocumentOf = Callable[[Any], SearchDocument | None]


@dataclass(frozen=True)
class Entry:
    kind: str
    model: type[models.Model]
    document_of: DocumentOf
    queryset: Callable[[], Iterable[Any]]
    related: dict[type[models.Model], Callable[[Any], Iterable[Any]]] = field(default_factory=dict)

    def index(self, obj: Any) -> None:
        doc = self.document_of(obj)
        if doc is None:
            unindex(self.kind, obj.pk)
            return
        values = {f: getattr(doc, f) for f in ("title", "url", "summary", "text")}
        SearchDocument.objects.update_or_create(kind=self.kind, object_id=obj.pk, defaults=values)


_entries: dict[str, Entry] = {}
# Pages that are not rows (the calculators, the withdrawal check): functions giving their
# documents, by (kind, registering module).
_pages: dict[tuple[str, str], Callable[[], list[SearchDocument]]] = {}


def unindex(kind: str, object_id: int) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


def register(
    kind: str,
    model: type[models.Model],
    document_of: DocumentOf,
    *,
    queryset: Callable[[], Iterable[Any]] | None = None,
    related: dict[type[models.Model], Callable[[Any], Iterable[Any]]] | None = None,
) -> None:
    entry = Entry(kind, model, document_of, queryset or model._default_manager.all, related or {})
    _entries[kind] = entry

    def saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw:
            entry.index(instance)

    def deleted(sender: type, instance: Any, **kwargs: Any) -> None:
        unindex(kind, instance.pk)

    uid = f"search:{kind}"
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=uid)
    for other, owners in entry.related.items():

        def changed(
            sender: type, instance: Any, raw: bool = False, owners: Any = owners, **kw: Any
        ) -> None:
            if raw:
                return
            for owner in owners(instance):
                entry.index(owner)

        other_uid = f"{uid}:{other._meta.label}"
        post_save.connect(changed, sender=other, weak=False, dispatch_uid=other_uid)
        post_delete.connect(changed, sender=other, weak=False, dispatch_uid=other_uid)


def register_pages(kind: str, documents: Callable[[], list[SearchDocument]]) -> None:
    """Pages that are not model rows (e.g. the calculators), indexed on every rebuild.

    ``documents()`` gives one ``SearchDocument`` per page, each with a stable
    ``object_id`` of its own within ``kind`` (apps registering the same kind keep their
    ids apart).
    """
    _pages[(kind, documents.__module__)] = documents


def rebuild() -> int:
    """Rebuild the whole index. Returns the number of documents."""
    docs: list[SearchDocument] = []
    for make in _pages.values():
        docs.extend(make())
    for entry in _entries.values():
        docs.extend(d for d in map(entry.document_of, entry.queryset()) if d is not None)
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchDocument.objects.bulk_create(docs)
        # bulk_create sends no signals: move the content generation so every process
        # forgets what it derived from the old index (e.g. the region names).
        generation.bump()
    return len(docs)
