"""Every statement true (issue 19): the schema for a rule's own words, and corrections
that reach databases seeded earlier.

- ``AccountRule.base_words`` / ``qualifier``: the source's words for its base and its
  一般/约/左右, shown instead of a generic "当地平均养老金".
- ``LapseRule.retroactive``: an answer says back-paid cover is retroactive only where the
  source says so; lapse rules get the start their source names, so they never answer for
  an earlier date.

Corrections touch only rows no editor has changed (no history entry with a user); the
seed (``manage.py seed``) writes the corrected content into a fresh database itself.
"""

import datetime as dt

import django.core.validators
from django.db import migrations, models


def edited(apps, model: str, pk: int) -> bool:
    """True when an editor has saved this row in the admin (its history names a user)."""
    history = apps.get_model("policies", f"Historical{model}")
    return history.objects.filter(id=pk, history_user__isnull=False).exists()


# (source key, scheme, situation) → the start its source names, and whether the source
# says a short back-paid gap is covered retroactively.
LAPSE_STARTS = {
    ("ybbf-2021-43", "employee", "moving"): (dt.date(2021, 11, 1), True),
    ("guobanfa-2024-38", "resident", "any"): (dt.date(2025, 1, 1), False),
}


def correct_lapse(apps) -> None:
    LapseRule = apps.get_model("policies", "LapseRule")
    # Rules entered before the flag existed keep answering as they did, except the web
    # article's, which says nothing about retroactive cover.
    LapseRule.objects.filter(retro_months__isnull=False).exclude(source__key="seed-000").update(
        retroactive=True
    )
    for (key, scheme, situation), (start, retroactive) in LAPSE_STARTS.items():
        rows = LapseRule.objects.filter(
            region__isnull=True, source__key=key, scheme=scheme, situation=situation
        )
        for row in rows:
            if edited(apps, "LapseRule", row.pk):
                continue
            row.effective_from = row.effective_from or start
            row.retroactive = retroactive
            row.save()


# (region code, category, sub-group, start, source key) → base words, qualifier, precision:
# the research table's rows as policies/data/regional_rules.csv now has them.
RULE_WORDS = [
    ('130100', 'retiree', '', '2023-04-21', 'lead-dzwindows-2023-04-21', '2021年全市企业单位退休人员平均个人账户计入基数', '', 'exact'),
    ('140100', 'retiree', '', '2023-04-21', 'lead-dzwindows-2023-04-21', '改革当年全省基本养老金平均水平', '', 'exact'),
    ('150000', 'retiree', '', '2023-09-08', 'lead-3news-2023-09-08', '上年度各区平均基本养老金水平', '', 'exact'),
    ('220000', 'retiree', '', '2023-01-01', 'lead-17car-2023-05-13', '2021年当地退休人员月均养老金', '', 'exact'),
    ('220300', 'retiree', '', '2023-01-01', 'lead-17car-2023-05-13', '四平市统筹区2021年月均养老金', '', 'exact'),
    ('220300', 'retiree', '', '2024-01-01', 'lead-17car-2023-05-13', '四平市统筹区2021年月均养老金', '', 'exact'),
    ('220400', 'retiree', '', '2023-01-01', 'lead-17car-2023-05-13', '辽源地区2021年月均养老金', '', 'exact'),
    ('220400', 'retiree', '', '2024-01-01', 'lead-17car-2023-05-13', '辽源地区2021年月均养老金', '', 'exact'),
    ('220500', 'retiree', '', '2023-01-01', 'lead-17car-2023-05-13', '通化市2021年月均养老金', '', 'exact'),
    ('220600', 'retiree', '', '2023-01-01', 'lead-17car-2023-05-13', '白山市统区2021年月均养老金', '', 'exact'),
    ('220800', 'retiree', '', '2023-01-01', 'lead-17car-2023-05-13', '白城市2021年月均养老金', '', 'exact'),
    ('220800', 'retiree', '', '2024-01-01', 'lead-17car-2023-05-13', '白城市2021年月均养老金', '', 'exact'),
    ('222400', 'retiree', '', '2023-01-01', 'lead-17car-2023-05-13', '延边州2021年月均养老金', '', 'exact'),
    ('230000', 'employee', '', '2023-01-01', 'lead-cnzhilian-2023-03-08', '', '一般', 'about'),
    ('321000', 'retiree', '', '2024-01-01', 'lead-readke-2169678', '实施改革当年基本养老金平均水平', '', 'exact'),
    ('320700', 'retiree', '', '2024-01-01', 'lead-shbk-4a41d330', '实施改革当年基本养老金平均水平', '', 'exact'),
    ('330000', 'retiree', '', '2023-01-01', 'lead-ruoyo-20098', '统筹区当年退休人员的月均养老金', '', 'exact'),
    ('350000', 'retiree', '', '2023-01-01', 'lead-ruoyo-20104', '当年基本养老金平均水平', '', 'exact'),
    ('420000', 'retiree', '', '2023-01-01', 'lead-ruoyo-52527', '各市（州）2021年退休人员月均养老金', '左右', 'about'),
    ('440000', 'retiree', '', '2022-01-01', 'lead-shadafang-5550534', '2021年各市基本养老金月平均金额', '', 'exact'),
    ('520100', 'retiree', '', '2023-01-01', 'lead-southmoney-2023-05-11', '贵州省2022年退休人员月均养老金', '', 'exact'),
    ('520200', 'retiree', '', '2023-01-01', 'lead-southmoney-2023-05-11', '六盘水市2022年退休人员月均养老金', '', 'exact'),
    ('520300', 'retiree', '', '2023-01-01', 'lead-southmoney-2023-05-11', '遵义市2021年退休人员月均养老金', '', 'exact'),
    ('520400', 'retiree', '', '2023-01-01', 'lead-southmoney-2023-05-11', '安顺市2023年退休人员月均养老金', '', 'exact'),
    ('520500', 'retiree', '', '2023-01-01', 'lead-southmoney-2023-05-11', '毕节市2022年退休人员月均养老金', '', 'exact'),
    ('520600', 'retiree', '', '2023-01-01', 'lead-southmoney-2023-05-11', '铜仁市2023年退休人员月均养老金', '', 'exact'),
]


def correct_rule_words(apps) -> None:
    AccountRule = apps.get_model("policies", "AccountRule")
    for code, category, subgroup, start, key, words, qualifier, precision in RULE_WORDS:
        for row in AccountRule._default_manager.filter(
            region__code=code,
            category=category,
            subgroup=subgroup,
            effective_from=start,
            source__key=key,
        ):
            if edited(apps, "AccountRule", row.pk):
                continue
            row.base_words, row.qualifier, row.precision = words, qualifier, precision
            row.save()
    # The national residents' rule: the web article says residents *usually* have no account.
    for row in AccountRule._default_manager.filter(
        region__isnull=True, category="resident", method="none", source__key="seed-000"
    ):
        if not edited(apps, "AccountRule", row.pk):
            row.qualifier, row.precision = "一般", "about"
            row.save()


# --- Contradictions and citations ------------------------------------------------------

# 上海 and 甘肃 from seed 002, dated only by the article ("至少自 2025-04-25 起"), hid the
# research table's 2023 starts; 甘肃's row cited an article about 上海.
SUPERSEDED = (("310000", "retiree"), ("620000", "retiree"))
SUPERSEDED_START = dt.date(2025, 4, 25)
NO_AGE_STEP = "退休人员60周岁和70周岁划入金额相同，不按年龄分档。"
YANBIAN_CONFLICT = (
    "吉林省的规定称各地在2023年底前统一以2021年月均养老金的2.8%确定划账金额；"
    "延边2024年起的比例我们没有资料，3.2%可能已不再适用。"
)
TEXT_FIXES = {
    # (model, field): [(old, new)] replaced inside untouched rows' text
    ("CriticalIllnessRule", "note"): [
        ("同一篇网络文章称特困、低保、返贫致贫人口等特殊群体", "同一篇网络文章称特困供养人员、孤儿、低保对象、返贫致贫人口等特殊群体"),
    ],
    ("RegionNote", "text"): [
        ("特困人员、低保对象和返贫致贫人口的大病保险取消封顶线", "低保对象、特困人员和返贫致贫人口的大病保险取消封顶线"),
    ],
}
XINHUA_2026 = {
    "title": "新华社电：国家医保局会同财政部发布个人账户跨省共济通知（2026-01-09，参考消息网转载）",
    "publisher": "新华社",
    "published_on": dt.date(2026, 1, 9),
    "url": "https://us.usy7.cc/usy0109MkY01s6.doc",
    "grade": "web",
    "link_safe": False,
}


def correct_contradictions(apps) -> None:
    AccountRule = apps.get_model("policies", "AccountRule")
    for code, category in SUPERSEDED:
        for row in AccountRule._default_manager.filter(
            region__code=code,
            category=category,
            effective_from=SUPERSEDED_START,
            source__key="seed-002",
        ):
            if not edited(apps, "AccountRule", row.pk):
                row.delete()
    RegionNote = apps.get_model("policies", "RegionNote")
    for note in RegionNote.objects.filter(
        region__code="410000", text__contains="具体金额我们还没有可靠来源"
    ):
        if not edited(apps, "RegionNote", note.pk):
            note.text = NO_AGE_STEP
            note.save()
    for row in AccountRule._default_manager.filter(
        region__code="222400", category="retiree", effective_from=dt.date(2023, 1, 1)
    ):
        if not row.conflict_note and not edited(apps, "AccountRule", row.pk):
            row.conflict_note = YANBIAN_CONFLICT
            row.save()
    for (model, field), pairs in TEXT_FIXES.items():
        Model = apps.get_model("policies", model)
        for old, new in pairs:
            for row in Model.objects.filter(**{f"{field}__contains": old}):
                if not edited(apps, model, row.pk):
                    setattr(row, field, getattr(row, field).replace(old, new))
                    row.save()
    Source = apps.get_model("policies", "Source")
    if not Source.objects.filter(key="xinhua-2026-01-09").exists():
        Source.objects.create(key="xinhua-2026-01-09", **XINHUA_2026)


def correct(apps, schema_editor) -> None:
    correct_lapse(apps)
    correct_rule_words(apps)
    correct_contradictions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0013_publish_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="accountrule",
            name="base_words",
            field=models.CharField(
                blank=True,
                help_text="按比例划入时照抄来源怎么说基数，如“2021年全市企业单位退休人员平均个人账户计入基数”“贵州省2022年退休人员月均养老金”；网站显示这句话，而不是笼统的“当地平均养老金”。",
                max_length=120,
                verbose_name="来源对基数的原话",
            ),
        ),
        migrations.AddField(
            model_name="accountrule",
            name="qualifier",
            field=models.CharField(
                blank=True,
                choices=[("一般", "一般"), ("约", "约"), ("左右", "左右")],
                help_text="来源在数字前后写了“一般”“约”“左右”时选对应一项，网站照样显示；选了限定词，精确程度就不能选“准确数”。",
                max_length=10,
                verbose_name="来源的限定词",
            ),
        ),
        migrations.AddField(
            model_name="historicalaccountrule",
            name="base_words",
            field=models.CharField(
                blank=True,
                help_text="按比例划入时照抄来源怎么说基数，如“2021年全市企业单位退休人员平均个人账户计入基数”“贵州省2022年退休人员月均养老金”；网站显示这句话，而不是笼统的“当地平均养老金”。",
                max_length=120,
                verbose_name="来源对基数的原话",
            ),
        ),
        migrations.AddField(
            model_name="historicalaccountrule",
            name="qualifier",
            field=models.CharField(
                blank=True,
                choices=[("一般", "一般"), ("约", "约"), ("左右", "左右")],
                help_text="来源在数字前后写了“一般”“约”“左右”时选对应一项，网站照样显示；选了限定词，精确程度就不能选“准确数”。",
                max_length=10,
                verbose_name="来源的限定词",
            ),
        ),
        migrations.AddField(
            model_name="historicallapserule",
            name="retroactive",
            field=models.BooleanField(
                default=False,
                help_text="来源明确写了“断缴不超过上面月数、补缴后待遇可以追溯”才勾选。不勾选时，网站只说来源没有写明能否追溯，请读者向参保地医保部门确认。",
                verbose_name="来源写明补缴后可追溯",
            ),
        ),
        migrations.AddField(
            model_name="lapserule",
            name="retroactive",
            field=models.BooleanField(
                default=False,
                help_text="来源明确写了“断缴不超过上面月数、补缴后待遇可以追溯”才勾选。不勾选时，网站只说来源没有写明能否追溯，请读者向参保地医保部门确认。",
                verbose_name="来源写明补缴后可追溯",
            ),
        ),
        migrations.AlterField(
            model_name="historicallapserule",
            name="effective_from",
            field=models.DateField(
                blank=True,
                help_text="来源写明的起始日期（只写了年份的填当年1月1日，如 2025 年起填 2025-01-01）。网站不会把这条规定用于更早的日期。来源完全没有写日期时才留空。",
                null=True,
                verbose_name="生效日期",
            ),
        ),
        migrations.AlterField(
            model_name="historicallapserule",
            name="retro_months",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="职工医保：断缴超过这个月数的，补缴后有下面的等待期；不超过的，来源写明补缴后可以追溯时勾选下一项。城乡居民留空。",
                null=True,
                validators=[django.core.validators.MaxValueValidator(120)],
                verbose_name="断缴月数界限（含）",
            ),
        ),
        migrations.AlterField(
            model_name="lapserule",
            name="effective_from",
            field=models.DateField(
                blank=True,
                help_text="来源写明的起始日期（只写了年份的填当年1月1日，如 2025 年起填 2025-01-01）。网站不会把这条规定用于更早的日期。来源完全没有写日期时才留空。",
                null=True,
                verbose_name="生效日期",
            ),
        ),
        migrations.AlterField(
            model_name="lapserule",
            name="retro_months",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="职工医保：断缴超过这个月数的，补缴后有下面的等待期；不超过的，来源写明补缴后可以追溯时勾选下一项。城乡居民留空。",
                null=True,
                validators=[django.core.validators.MaxValueValidator(120)],
                verbose_name="断缴月数界限（含）",
            ),
        ),
        migrations.AlterField(
            model_name='criticalillnessrule',
            name='group',
            field=models.CharField(choices=[('ordinary', '普通参保人'), ('special', '特殊群体（低保对象、特困人员、返贫致贫人口等）')], max_length=10, verbose_name='人群'),
        ),
        migrations.AlterField(
            model_name='historicalcriticalillnessrule',
            name='group',
            field=models.CharField(choices=[('ordinary', '普通参保人'), ('special', '特殊群体（低保对象、特困人员、返贫致贫人口等）')], max_length=10, verbose_name='人群'),
        ),
        migrations.AddField(
            model_name='contributionbaselimit',
            name='effective_from',
            field=models.DateField(blank=True, help_text='来源写明的起始日期，如福建每年7月1日起、成都2025年度从10月属期起。留空表示该年度1月1日起。上下限用到下一年度开始的前一天，最长12个月，不会顺延到更晚。', null=True, verbose_name='执行起始日期'),
        ),
        migrations.AddField(
            model_name='historicalcontributionbaselimit',
            name='effective_from',
            field=models.DateField(blank=True, help_text='来源写明的起始日期，如福建每年7月1日起、成都2025年度从10月属期起。留空表示该年度1月1日起。上下限用到下一年度开始的前一天，最长12个月，不会顺延到更晚。', null=True, verbose_name='执行起始日期'),
        ),
        migrations.RunPython(correct, migrations.RunPython.noop),
    ]
