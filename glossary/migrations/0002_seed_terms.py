"""The glossary's first terms (glossary/seed_terms.py), each citing its seeded source when
that source is already in the database. ``manage.py seed`` adds any still missing."""

from django.db import migrations


def add_terms(apps, schema_editor):  # noqa: ANN001
    from glossary.seed_terms import TERMS

    term_model = apps.get_model("glossary", "Term")
    source_model = apps.get_model("policies", "Source")
    for word, meaning, key in TERMS:
        cited = source_model.objects.filter(key=key).first() if key else None
        term_model.objects.get_or_create(term=word, defaults={"meaning": meaning, "source": cited})


def remove_terms(apps, schema_editor):  # noqa: ANN001
    from glossary.seed_terms import TERMS

    term_model = apps.get_model("glossary", "Term")
    term_model.objects.filter(term__in=[word for word, _, _ in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("glossary", "0001_initial")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
