"""Rows as plain values (``policies.values``): what engines compute with and APIs serialise."""

from __future__ import annotations

from policies.models import AccountRule, ContributionBaseLimit, Source
from policies.values import BaseLimits, Bracket, RuleValue, SourceRef


def source_ref(source: Source) -> SourceRef:
    return SourceRef(
        title=source.title,
        grade=source.grade,
        grade_label=source.get_grade_display(),
        url=source.url,
        document_number=source.document_number,
        publisher=source.publisher,
    )


def rule_value(row: AccountRule) -> RuleValue:
    return RuleValue(
        method=row.method,
        effective_from=row.effective_from,
        source=source_ref(row.source),
        verified_on=row.verified_on,
        region_name=row.region_label,
        region_code=row.region.code if row.region_id and row.region else "",
        category=row.category,
        rate=row.rate,
        amount=row.amount,
        reference_base=row.reference_base,
        brackets=tuple(Bracket(b.min_age, b.max_age, b.rate, b.amount) for b in row.brackets.all()),
        precision=row.precision,
        start_is_publication_date=row.start_is_publication_date,
        note=row.note,
        pk=row.pk,
    )


def base_limits(row: ContributionBaseLimit | None) -> BaseLimits | None:
    if row is None:
        return None
    return BaseLimits(row.year, row.floor, row.ceiling, source_ref(row.source), row.verified_on)
