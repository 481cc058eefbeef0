"""Plain words: the terms readers meet in answers and guides, each with its meaning.

Editors keep them in the admin; wherever a term appears in an answer's working, a rule's
note or a guide step, the reader can tap it and read the meaning in place
(``glossary.templatetags.glossary``).
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from policies.models import Source


class Term(models.Model):
    term = models.CharField(
        "词语",
        max_length=20,
        unique=True,
        help_text="页面上出现的原词，如“统筹基金”。出现在答案、标准说明和指南步骤里时，读者点一下就能看到解释。",
    )
    meaning = models.TextField(
        "解释",
        max_length=300,
        help_text="一两句大白话，写给退休老人看；不写没有来源的数字。",
    )
    source = models.ForeignKey(
        Source,
        verbose_name="来源",
        on_delete=models.PROTECT,
        related_name="terms",
        null=True,
        blank=True,
        help_text="解释里有政策内容时，选它依据的文件或资料。",
    )
    published = models.BooleanField("在页面上解释", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "词语解释"
        verbose_name_plural = "词语解释"
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term
