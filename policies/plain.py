"""Rows as plain values (``policies.values``): what engines compute with and APIs serialise."""

from __future__ import annotations

from policies.models import AccountRule, AveragePension, ContributionBaseLimit, Source
from policies.values import BaseLimits, Bracket, Deduction, RuleValue, SourceRef


def source_ref(source: Source) -> SourceRef:
    return SourceRef(
        title=source.title,
        grade=source.grade,
        grade_label=source.get_grade_display(),
        url=source.url,
        document_number=source.document_number,
        publisher=source.publisher,
        published_on=source.published_on,
        link_safe=source.link_safe,
    )


def rule_value(row: AccountRule, average: AveragePension | None = None) -> RuleValue:
    """The rule value as plain data; ``average`` (a recorded regional average pension)
    supplies the base of a percentage-of-average rule that has none of its own."""
    reference_base, reference_source = row.reference_base, None
    if reference_base is None and average is not None:
        reference_base, reference_source = average.amount, source_ref(average.source)
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
        reference_base=reference_base,
        reference_source=reference_source,
        reference_year=row.reference_year,
        brackets=tuple(Bracket(b.min_age, b.max_age, b.rate, b.amount) for b in row.brackets.all()),
        precision=row.precision,
        start_is_publication_date=row.start_is_publication_date,
        start_precision=row.start_precision,
        pool=row.pool,
        subgroup=row.subgroup,
        deductions=tuple(
            Deduction(d.label, d.amount, source_ref(d.source), d.verified_on)
            for d in row.deductions.all()
        ),
        conflict_note=row.conflict_note,
        base_words=row.base_words,
        qualifier=row.qualifier,
        note=row.note,
        pk=row.pk,
    )


def base_limits(row: ContributionBaseLimit | None) -> BaseLimits | None:
    if row is None:
        return None
    return BaseLimits(
        row.year, row.floor, row.ceiling, source_ref(row.source), row.verified_on, row.starts_on
    )
