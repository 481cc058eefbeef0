"""Site search: substring matching over ``SearchDocument``, title matches ranked first.

Why substring: Chinese has no spaces, and two-character words such as “共济” or “断缴”
are exactly what readers type. ``icontains`` finds them anywhere in a title or text on
SQLite and PostgreSQL alike, with no segmenter to keep in step with the content. A longer
phrase with no direct hit (“医保余额怎么查”) is split with jieba's search mode into words
of two or more characters, and documents matching more of them rank higher.

Cost: one query per search, whatever the number of documents (the ranking is a SQL
``CASE`` sum; at most ``LIMIT`` rows come back). At a few thousand rows a LIKE scan is
cheap; past that, a PostgreSQL trigram index on title and text keeps the same query fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.models import Kind, SearchDocument

MAX_QUERY_LENGTH = 40
MAX_TERMS = 6
LIMIT = 50
# Characters that can start a meaningful word: CJK, Latin letters, digits.
WORD_CHAR = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
SPLIT = re.compile(r"[\s,,。、;;::!!??“”\"'‘’()()《》<>【】\[\]{}|/\\+*&%$#@^~`=]+")
STOP_WORDS = frozenset({"怎么", "什么", "如何", "为什么", "多少", "可以", "能不能", "吗", "的"})


@dataclass(frozen=True)
class Query:
    raw: str
    terms: tuple[str, ...]
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem and bool(self.terms)


def warm_up() -> None:
    """Load jieba's dictionary now (1.5–3 s), not on a reader's first long search.

    gunicorn calls this in the master process before it starts workers
    (``gunicorn.conf.py``), so every worker, and every replacement worker, starts with
    the dictionary already in memory.
    """
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()


def _segment(phrase: str) -> list[str]:
    import jieba

    jieba.setLogLevel(60)
    words = [w for w in jieba.cut_for_search(phrase) if len(w) >= 2 and w not in STOP_WORDS]
    return list(dict.fromkeys(words))


def parse(raw: str | None) -> Query:
    """Clean a reader's query; ``problem`` explains (in Chinese) why it cannot be searched."""
    text = (raw or "").strip()
    if not text:
        return Query(raw="", terms=(), problem="empty")
    if len(text) > MAX_QUERY_LENGTH:
        return Query(raw=text[:MAX_QUERY_LENGTH], terms=(), problem="too_long")
    parts = [p for p in SPLIT.split(text) if p and WORD_CHAR.search(p)]
    if not parts:
        return Query(raw=text, terms=(), problem="junk")
    return Query(raw=text, terms=tuple(dict.fromkeys(parts))[:MAX_TERMS])


# Among equally good matches: guides (the fullest answers), then articles, then regions.
KIND_RANK = Case(
    When(kind=Kind.GUIDE, then=Value(0)),
    When(kind=Kind.ARTICLE, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _matches(term: str) -> Q:
    return Q(title__icontains=term) | Q(text__icontains=term)


def _score(terms: Iterable[str]) -> Coalesce | Value:
    score: Value | Case | Coalesce = Value(0)
    for term in terms:
        score = score + Case(  # type: ignore[operator]
            When(title__icontains=term, then=Value(10)),
            When(text__icontains=term, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return score


def _ranked(qs: QuerySet[SearchDocument], terms: tuple[str, ...], every: bool) -> QuerySet:
    condition = Q()
    for term in terms:
        condition = (condition & _matches(term)) if every else (condition | _matches(term))
    return (
        qs.filter(condition)
        .annotate(score=_score(terms), kind_rank=KIND_RANK)
        .order_by("-score", "kind_rank", "title")
    )


@dataclass
class Hit:
    document: SearchDocument
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class Results:
    query: Query
    hits: list[Hit]
    terms: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.hits)


def search(raw: str | None, kinds: Iterable[str] | None = None, limit: int = LIMIT) -> Results:
    """Documents matching every word of the query; failing that, a segmented phrase."""
    query = parse(raw)
    if not query.ok:
        return Results(query=query, hits=[], terms=())
    base = SearchDocument.objects.all()
    if kinds is not None:
        base = base.filter(kind__in=list(kinds))
    terms = query.terms
    docs = list(_ranked(base, terms, every=True)[:limit])
    if not docs:
        words = tuple(w for t in terms for w in _segment(t))[: MAX_TERMS * 2]
        if words and words != terms:
            terms = words
            docs = list(_ranked(base, terms, every=False)[:limit])
    hits = [Hit(d, highlight(d.title, terms), highlight(snippet(d, terms), terms)) for d in docs]
    return Results(query=query, hits=hits, terms=terms)


def snippet(doc: SearchDocument, terms: Iterable[str], width: int = 40) -> str:
    """The summary, or the part of the text around the first match when the summary misses."""
    terms = list(terms)
    if not terms or any(t.lower() in doc.summary.lower() for t in terms):
        return doc.summary
    text = doc.text
    lowered = text.lower()
    positions = [lowered.find(t.lower()) for t in terms if t.lower() in lowered]
    if not positions:
        return doc.summary
    start = max(min(positions) - width, 0)
    end = min(min(positions) + width, len(text))
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """Escape ``text`` and wrap each occurrence of a term in <mark>."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above
