"""Correct seeded sources (issue 9): the right documents, numbers and dates.

- "国家层面大病保险政策(2024-04-30)" cited a document that could not be found: the
  50%/60% 大病保险 rules go back to 医保发〔2019〕30号.
- The residents' waiting periods and the 2024 extension of family sharing both come from
  国办发〔2024〕38号: one source row, the second merged into the first.
- 医保办发〔2021〕43号 took effect on 2021-11-01; the 2026-01-09 notice gets its title.

Rows are found by their stable key; a row an editor already changed keeps its text.
"""

from django.db import migrations

RENAMES = {
    "critical-illness-2024-04-30": (
        "ybf-2019-30",
        {
            "title": "城乡居民大病保险起付线与报销比例的全国规定",
            "document_number": "医保发〔2019〕30号",
            "publisher": "国家医保局、财政部",
            "published_on": None,
        },
    ),
    "resident-rules-2025": (
        "guobanfa-2024-38",
        {
            "title": "国务院办公厅关于健全基本医疗保险参保长效机制的指导意见",
            "document_number": "国办发〔2024〕38号",
            "publisher": "国务院办公厅",
        },
    ),
    "ybbf-2021-43": (
        "ybbf-2021-43",
        {"title": "基本医疗保险关系转移接续暂行办法(2021年11月1日起施行)"},
    ),
    "family-sharing-2026-01-09": (
        "family-sharing-2026-01-09",
        {"title": "关于做好职工基本医疗保险个人账户跨省共济工作的通知"},
    ),
}
MERGES = {"family-sharing-2024": "guobanfa-2024-38"}

# Every foreign key to Source in the project (app, model, field).
SOURCE_FIELDS = [
    ("policies", "AccountRule", "source"),
    ("policies", "ContributionBaseLimit", "source"),
    ("policies", "RegionNote", "source"),
    ("policies", "CriticalIllnessRule", "source"),
    ("policies", "CriticalIllnessBand", "source"),
    ("policies", "LapseRule", "source"),
    ("guides", "GuideSection", "source"),
    ("guides", "GuideRegionNote", "source"),
]


def edited_by_an_editor(apps, source) -> bool:
    history = apps.get_model("policies", "HistoricalSource")
    return history.objects.filter(id=source.pk, history_user__isnull=False).exists()


def correct(apps, schema_editor):
    Source = apps.get_model("policies", "Source")
    for old_key, (new_key, fields) in RENAMES.items():
        row = Source.objects.filter(key=old_key).first()
        if row is None or edited_by_an_editor(apps, row):
            continue
        if new_key != old_key and Source.objects.filter(key=new_key).exists():
            continue
        row.key = new_key
        for name, value in fields.items():
            setattr(row, name, value)
        row.save()
    for old_key, new_key in MERGES.items():
        old = Source.objects.filter(key=old_key).first()
        new = Source.objects.filter(key=new_key).first()
        if old is None or new is None or edited_by_an_editor(apps, old):
            continue
        for app, model, field in SOURCE_FIELDS:
            apps.get_model(app, model).objects.filter(**{field: old}).update(**{field: new})
        Article = apps.get_model("faq", "Article")
        for article in Article.objects.filter(sources=old):
            article.sources.remove(old)
            article.sources.add(new)
        old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0004_precision_unverified_seed_reform_dates"),
        ("guides", "0002_verification_is_optional"),
        ("faq", "0001_initial"),
    ]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
