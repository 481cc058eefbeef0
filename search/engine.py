"""Site search: substring matching over ``SearchDocument``, title matches ranked first.

Why substring: Chinese has no spaces, and two-character words such as “共济” or “断缴”
are exactly what readers type. ``icontains`` finds them anywhere in a title or text on
SQLite and PostgreSQL alike, with no segmenter to keep in step with the content. A longer
phrase with no direct hit (“医保余额怎么查”) is split with jieba's search mode into words
of two or more characters, and documents matching more of them rank higher.

Readers' words: traditional characters are folded to simplified (OpenCC, ``t2s``), and
everyday words find the site's words (``SYNONYMS``: 取钱/提现/取出 → 提取, 返钱/打钱 →
划入): a term matches a document that contains it or any of its variants. A query that
names a region and a topic ("上海退休") lists the region's page first, then what matches
the topic, pages about that region before the others.

Cost: one query per search, whatever the number of documents (the ranking is a SQL
``CASE`` sum; at most ``LIMIT`` rows come back), two for a region + topic query, and one
more after a content change, to list the region names again (kept per process). At a few
thousand rows a LIKE scan is cheap; past that, a PostgreSQL trigram index on title and
text keeps the same query fast.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ops import generation
from search.models import Kind, SearchDocument

MAX_QUERY_LENGTH = 40
# A sentence of a page's text: words ending in Chinese sentence punctuation.
SENTENCE = re.compile(r"[^。！？；\n]*[\u4e00-\u9fff][^。！？；\n]*[。！？；]")
MAX_TERMS = 6
LIMIT = 50
# Characters that can start a meaningful word: CJK, Latin letters, digits.
WORD_CHAR = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
SPLIT = re.compile(r"[\s,,。、;;::!!??“”\"'‘’()()《》<>【】\[\]{}|/\\+*&%$#@^~`=]+")
STOP_WORDS = frozenset({"怎么", "什么", "如何", "为什么", "多少", "可以", "能不能", "吗", "的"})
STOP_CHARS = frozenset("".join(STOP_WORDS) + "了我是在有")
# A region named with at least this many characters more is a question, not browsing.
QUESTION_LENGTH = 5
# Words readers use → the word the site uses. A term also matches its variants.
SYNONYMS = {
    "取钱": "提取",
    "提现": "提取",
    "取出": "提取",
    "返钱": "划入",
    "打钱": "划入",
    "打多少": "划入",
    "没钱": "显示0",
    "电话": "热线",
}
# Words nearly every page has: in a phrase split into words, they rank nothing when the
# phrase has other words ("医保卡的钱怎么取出来": 取出 decides, not 医保卡).
GENERIC_WORDS = frozenset({"医保", "医保卡", "社保", "社保卡", "个人", "账户", "个人账户", "出来"})
# Endings dropped to get the name readers type: 上海市 → 上海, 广西壮族自治区 → 广西.
REGION_SUFFIXES = re.compile(
    r"(壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区|自治州|地区|林区|盟|省|市|县)$"
)


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


_converter = None


def simplified(text: str) -> str:
    """Traditional characters folded to simplified (OpenCC's t2s table, offline)."""
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter.convert(text)


def variants(term: str) -> tuple[str, ...]:
    """The term and the site's words for it: "医保取钱" → ("医保取钱", "医保提取")."""
    found = [term]
    for word, site_word in SYNONYMS.items():
        if word in term:
            found.append(term.replace(word, site_word))
    return tuple(dict.fromkeys(found))


def parse(raw: str | None) -> Query:
    """Clean a reader's query; ``problem`` explains (in Chinese) why it cannot be searched."""
    text = simplified((raw or "").strip()) if raw and len(raw) <= 200 else (raw or "").strip()
    if not text:
        return Query(raw="", terms=(), problem="empty")
    if len(text) > MAX_QUERY_LENGTH:
        return Query(raw=text[:MAX_QUERY_LENGTH], terms=(), problem="too_long")
    parts = [p for p in SPLIT.split(text) if p and WORD_CHAR.search(p)]
    if not parts:
        return Query(raw=text, terms=(), problem="junk")
    return Query(raw=text, terms=tuple(dict.fromkeys(parts))[:MAX_TERMS])


# Among equally good matches: calculators, guides (the fullest answers), articles, regions.
KIND_RANK = Case(
    When(kind=Kind.TOOL, then=Value(0)),
    When(kind=Kind.GUIDE, then=Value(1)),
    When(kind=Kind.ARTICLE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def _in(field: str, term: str) -> Q:
    condition = Q()
    for variant in variants(term):
        condition |= Q(**{f"{field}__icontains": variant})
    return condition


def _matches(term: str) -> Q:
    return _in("title", term) | _in("text", term)


def _score(
    terms: Iterable[str], bonus: Iterable[str] = (), weights: dict[str, int] | None = None
) -> Coalesce | Value:
    score: Value | Case | Coalesce = Value(0)
    for term in terms:
        weight = (weights or {}).get(term, 1)
        score = score + Case(  # type: ignore[operator]
            When(_in("title", term), then=Value(10 * weight)),
            When(_in("text", term), then=Value(weight)),
            default=Value(0),
            output_field=IntegerField(),
        )
    for word in bonus:
        score = score + Case(  # type: ignore[operator]
            When(_matches(word), then=Value(5)), default=Value(0), output_field=IntegerField()
        )
    return score


def _ranked(
    qs: QuerySet[SearchDocument],
    terms: tuple[str, ...],
    every: bool,
    bonus: tuple[str, ...] = (),
    weights: dict[str, int] | None = None,
) -> QuerySet:
    condition = Q()
    for term in terms:
        condition = (condition & _matches(term)) if every else (condition | _matches(term))
    return (
        qs.filter(condition)
        .annotate(score=_score(terms, bonus, weights), kind_rank=KIND_RANK)
        .order_by("-score", "kind_rank", "title")
    )


def _corpus() -> list[str]:
    """Every page's title and text but the regions' (lower case), for word weights."""
    rows = SearchDocument.objects.exclude(kind=Kind.REGION).values_list("title", "text")
    return [f"{title} {text}".lower() for title, text in rows]


def word_weights(words: Iterable[str]) -> dict[str, int]:
    """A word few pages use says more about what the reader wants than one most pages use
    ("断缴" over "影响"): weight 1 to 4 by how rare it is among the site's pages."""
    corpus = generation.memo("search:corpus", _corpus)
    total = len(corpus) or 1
    weights = {}
    for word in words:
        forms = [v.lower() for v in variants(word)]
        found = sum(1 for doc in corpus if any(f in doc for f in forms))
        weights[word] = max(1, min(4, round(1 + math.log((total + 1) / (found + 1)))))
    return weights


def phrase_words(phrase_terms: Iterable[str], limit: int) -> tuple[str, ...]:
    """A phrase split into words, the generic ones dropped when others remain."""
    # Each term and its site words: "医保取钱" → 医保, 提取.
    forms = [v for t in phrase_terms for v in variants(t)]
    words = tuple(dict.fromkeys(w for f in forms for w in _segment(f)))
    specific = tuple(w for w in words if w not in GENERIC_WORDS)
    return (specific or words)[:limit]


def _closest_first(docs: list[SearchDocument], phrase: str) -> list[SearchDocument]:
    """A phrase split into words, re-ranked: each of the reader's characters a title shares
    adds to its score ("医保余额怎么查" → the guide 医保个人账户余额怎么查, not the projection),
    and, the query naming no region (else ``_region_and_topic`` answers it), pages about one
    region (上海's withdrawal answer) come after the pages for everyone."""
    names = region_names()
    chars = {c for c in phrase if "\u4e00" <= c <= "\u9fff" and c not in STOP_CHARS}

    def regional(doc: SearchDocument) -> bool:
        return doc.kind != Kind.REGION and any(
            len(name) >= 2 and name in doc.title for name in names
        )

    def key(doc: SearchDocument) -> tuple[bool, int]:
        shared = sum(1 for c in chars if c in doc.title)
        return (regional(doc), -(getattr(doc, "score", 0) + 2 * shared))

    return sorted(docs, key=key)


def short_region_name(name: str) -> str:
    short = REGION_SUFFIXES.sub("", name)
    return short if len(short) >= 2 else name


def region_names() -> dict[str, str]:
    """Short name readers type → the title of that region's document ("上海" → "上海市")."""
    return generation.memo("search:region-names", _load_region_names)


def _load_region_names() -> dict[str, str]:
    names: dict[str, str] = {}
    titles = SearchDocument.objects.filter(kind=Kind.REGION).values_list("title", flat=True)
    for title in titles:
        last = title.split()[-1]
        for name in {last, short_region_name(last)}:
            names.setdefault(name, title)
    return names


def mentioned_region(text: str) -> tuple[str, str] | None:
    """(name as typed, region document title) for the longest region name in ``text``."""
    names = region_names()
    for size in range(min(len(text), 12), 1, -1):
        for start in range(len(text) - size + 1):
            piece = text[start : start + size]
            if piece in names:
                return piece, names[piece]
    return None


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
    found = _region_and_topic(base, query, limit) if kinds is None else None
    if found:
        docs, terms = found
    else:
        docs = list(_ranked(base, terms, every=True)[:limit])
    if not docs:
        words = phrase_words(terms, MAX_TERMS * 2)
        if words and words != terms:
            terms = words
            ranked = _ranked(base, terms, every=False, weights=word_weights(words))
            docs = _closest_first(list(ranked[:limit]), query.raw)
    hits = [Hit(d, highlight(d.title, terms), highlight(snippet(d, terms), terms)) for d in docs]
    return Results(query=query, hits=hits, terms=terms)


def _region_and_topic(
    base: QuerySet[SearchDocument], query: Query, limit: int
) -> tuple[list[SearchDocument], tuple[str, ...]] | None:
    """ "上海退休": the region's page first, then the topic's pages (that region's first)."""
    text = "".join(query.terms)
    if len(text) < 4:
        return None  # a region name and a topic take at least two characters each
    mention = mentioned_region(text)
    if mention is None:
        return None
    typed, title = mention
    rest = parse(text.replace(typed, " ", 1))
    if not rest.ok:
        return None  # the region alone: an ordinary search finds its page
    region_docs = list(base.filter(kind=Kind.REGION, title=title)[:1])
    topic: list[SearchDocument] = []
    topic_terms: tuple[str, ...] = ()
    answers: list[SearchDocument] = []
    if rest.ok:
        topic_terms = rest.terms
        topic = list(_ranked(base, topic_terms, every=True, bonus=(typed,))[:limit])
        if not topic:
            words = phrase_words(topic_terms, MAX_TERMS)
            if words:
                topic_terms = words
                weights = word_weights(words)
                topic = list(
                    _ranked(base, words, every=False, bonus=(typed,), weights=weights)[:limit]
                )
        # A question about this region answered by a page of its own ("鞍山108元是什么钱",
        # "上海医保卡余额能取出来吗"): that page before the region's page. A short topic
        # ("上海退休") is browsing: the region's page first.
        if len("".join(rest.terms)) >= QUESTION_LENGTH:
            answers = [d for d in topic if _answers(d, typed, topic_terms)]
    first = answers + region_docs
    docs = first + [d for d in topic if d.pk not in {f.pk for f in first}]
    return (docs[:limit], (typed, *topic_terms)) if docs else None


def _answers(doc: SearchDocument, region: str, words: tuple[str, ...]) -> bool:
    """A page about ``region`` whose title has at least half the question's words."""
    if doc.kind == Kind.REGION or region not in doc.title:
        return False
    hits = sum(1 for w in words if any(v in doc.title for v in variants(w)))
    return hits >= max(1, math.ceil(len(words) / 2))


def snippet(doc: SearchDocument, terms: Iterable[str], width: int = 40) -> str:
    """The summary, or the part of the text around the first match when the summary misses."""
    terms = [v for t in terms for v in variants(t)]
    if not terms or any(t.lower() in doc.summary.lower() for t in terms):
        return doc.summary
    # Only whole sentences (ending in 。！？；): never a list of keywords.
    for sentence in SENTENCE.findall(doc.text):
        lowered = sentence.lower()
        positions = [lowered.find(t.lower()) for t in terms if t.lower() in lowered]
        if not positions:
            continue
        sentence = sentence.strip()
        if len(sentence) <= width * 2:
            return sentence
        start = max(min(positions) - width, 0)
        return ("…" if start else "") + sentence[start : start + width * 2] + "…"
    return doc.summary


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """Escape ``text`` and wrap each occurrence of a term in <mark>."""
    terms = sorted({v for t in terms if t for v in variants(t)}, key=len, reverse=True)
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
