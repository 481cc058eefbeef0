"""Corrections to the seeded guides (issue 19) for databases seeded earlier.

Each guide is corrected only when no editor has changed it, its sections or its steps
(no history entry with a user); a fresh database gets the same text from the seed.

- 余额: the hotline section cited an article that names only 12333 for 12393.
- 提取: every route is regional (no national cash-out rule); the "cannot withdraw"
  bullets cited 医保办发〔2021〕43号, which says only that the balance moves with the
  enrolment.
- 家庭共济: the 23-province figure (新华社, media) was credited to 国办发〔2024〕38号; the
  2026-01-09 notice as we found it is a Xinhua wire (web); the binding steps cited an
  article that tells readers to pick 亲情账户.
"""

import datetime as dt

import django.core.validators

from django.db import migrations, models

CORRECTED_ON = dt.date(2026, 12, 5)

SECTION_FIXES = {('balance', 'local'): {'body': '各地医保部门有自己的 App、小程序或公众号，能查到本地更详细的账户信息。在本页上方选好参保地：我们收录了当地渠道的，会列在那里；还没收录的，可以打当地医保服务热线问当地的官方渠道（一般是“当地区号 + 12393”；这个号码不在所引资料里，以当地公布的为准）。', 'source': 'seed-000'}, ('balance', 'hotline'): {'body': '所引的网络资料说可以拨打 **12333** 按语音提示查询；12333 是人力资源和社会保障服务热线。各地医保部门另有医保服务热线 **12393**（拨打时前面加参保地区号），这个号码不在所引资料里，请以当地医保部门公布的号码为准。', 'source': 'seed-002', 'steps': ['拨打 12333，或当地医保服务热线“参保地区号 + 12393”。', '按语音提示选择查询个人账户余额。']}, ('withdrawal', 'allowed'): {'body': '国家没有统一的提取规定，能不能提取由各地规定。网络资料列出的常见情形有：\n\n- 出国（境）定居，或外籍人员离开中国；\n- 参保人去世，余额由继承人继承；\n- 已办理长期异地居住备案、长期在外地生活（仅部分地区）；\n- 本人主动放弃职工医保（仅部分地区）；\n- 重大疾病或急诊自己垫付了费用（仅部分地区）。\n\n每一种都以参保地的规定为准，办理前先问参保地医保部门当地是否允许；标着“仅部分地区”的，允许的地方更少。', 'source': 'seed-002'}, ('withdrawal', 'not-allowed'): {'body': '- 没有上面任何一种情况，只是想把钱取出来用；\n- 单位缴纳的部分：进入统筹基金，任何时候都不能取；\n- 城乡居民医保：一般没有个人账户。\n\n换到外地参保也不是提取的理由：余额随医保关系转移，见下文“换地参保”。', 'source': 'seed-002'}, ('family-sharing', 'who-2024'): {'body': '国家要求把共济范围扩大到近亲属。', 'source': 'guobanfa-2024-38'}, ('family-sharing', 'who-2026'): {'body': '据新华社2026年1月9日电（网络转载，待核实），国家医保局会同财政部发布《关于做好职工基本医疗保险个人账户跨省共济工作的通知》，共济范围从省内扩大到全国：个人账户可以跨省给近亲属使用。近亲属指配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女。家人本人必须参加了医保（职工医保或城乡居民医保都可以）。', 'source': 'xinhua-2026-01-09'}, ('family-sharing', 'online'): {'body': '国家医保服务平台 App 和网站、微信和支付宝里的医保小程序、当地医保 App 都能办。找的是“家庭共济”，不是“亲情账户”。', 'source': 'family-sharing-2026-01-09'}}

NEW_SECTIONS = [('family-sharing', 'who-2024', {'anchor': 'progress-2024', 'heading': '2024年11月：各省进展', 'body': '据新华社报道，到2024年11月，各省都已实现省内共济，其中23个省份已经扩大到近亲属。', 'source': 'xinhua-2024-11-26'})]

CHANGES = {'balance': '更正：12393 不在所引资料里，照实说明', 'withdrawal': '更正：每种提取情形都以参保地规定为准；“不能提取”的来源改为所引网络资料', 'family-sharing': '更正：23个省份的数字引新华社报道；2026年跨省共济引新华社电；绑定步骤不再引用说法相反的文章'}


def edited(apps, model: str, pks: list[int]) -> bool:
    history = apps.get_model("guides", f"Historical{model}")
    return history.objects.filter(id__in=pks, history_user__isnull=False).exists()


def correct(apps, schema_editor) -> None:
    Guide = apps.get_model("guides", "Guide")
    GuideSection = apps.get_model("guides", "GuideSection")
    GuideStep = apps.get_model("guides", "GuideStep")
    GuideChange = apps.get_model("guides", "GuideChange")
    Source = apps.get_model("policies", "Source")
    sources = {s.key: s for s in Source.objects.exclude(key=None)}
    for slug, summary in CHANGES.items():
        guide = Guide.objects.filter(slug=slug).first()
        if guide is None:
            continue
        sections = list(GuideSection.objects.filter(guide=guide))
        steps = list(GuideStep.objects.filter(section__guide=guide))
        if (
            edited(apps, "Guide", [guide.pk])
            or edited(apps, "GuideSection", [s.pk for s in sections])
            or edited(apps, "GuideStep", [s.pk for s in steps])
        ):
            continue
        by_anchor = {s.anchor: s for s in sections}
        changed = False
        for (fix_slug, anchor), fields in SECTION_FIXES.items():
            section = by_anchor.get(anchor)
            if fix_slug != slug or section is None or fields["source"] not in sources:
                continue
            section.body = fields["body"]
            section.source = sources[fields["source"]]
            section.save()
            if "steps" in fields:
                GuideStep.objects.filter(section=section).delete()
                for number, text in enumerate(fields["steps"], 1):
                    GuideStep.objects.create(section=section, order=number, text=text)
            changed = True
        for new_slug, after, fields in NEW_SECTIONS:
            before = by_anchor.get(after)
            if new_slug != slug or before is None or fields["anchor"] in by_anchor:
                continue
            if fields["source"] not in sources:
                continue
            GuideSection.objects.filter(guide=guide, order__gt=before.order).update(
                order=models.F("order") + 1
            )
            GuideSection.objects.create(
                guide=guide,
                order=before.order + 1,
                anchor=fields["anchor"],
                heading=fields["heading"],
                body=fields["body"],
                source=sources[fields["source"]],
            )
            changed = True
        if changed:
            GuideChange.objects.create(guide=guide, changed_on=CORRECTED_ON, summary=summary)


# The page's own prose, moved from the template into rows (issue 19): same words as before.
NATIONAL_BOX = (
    "没有选地区时，下面是全国都能用的渠道：国家医保服务平台 App 和网站，微信、支付宝里的"
    "医保电子凭证；电话请打“参保地区号 + 12393”（医保服务热线），12333 是人社服务热线。"
    "选好参保地，可以看到当地的 App、热线和网站。"
)
MISSING_LOCAL = (
    "{地区}的本地医保 App、热线和网站暂未收录：可以先用全国通用渠道（国家医保服务平台 App "
    "和网站，微信、支付宝里的医保电子凭证），或拨打“当地区号 + 12393”医保服务热线询问。"
)
CALLOUTS = {"withdrawal": ("开始自查：我能不能取出？", "/guides/withdrawal/check/")}


def fill_page_prose(apps, schema_editor) -> None:
    Guide = apps.get_model("guides", "Guide")
    for guide in Guide.objects.all():
        guide.national_box = guide.national_box or NATIONAL_BOX
        guide.missing_local = guide.missing_local or MISSING_LOCAL
        if not guide.callout and guide.slug in CALLOUTS:
            guide.callout, guide.callout_url = CALLOUTS[guide.slug]
        guide.save()


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0003_fullwidth_labels"),
        ("policies", "0014_statements_true"),
    ]

    operations = [
        migrations.AddField(
            model_name='guide',
            name='callout',
            field=models.CharField(blank=True, help_text='如“开始自查：我能不能取出？”。', max_length=100, verbose_name='页尾按钮文字'),
        ),
        migrations.AddField(
            model_name='guide',
            name='callout_url',
            field=models.CharField(blank=True, help_text='站内地址，如 /guides/withdrawal/check/；和按钮文字都填了才显示按钮。', max_length=200, validators=[django.core.validators.RegexValidator('^/[^/]', '请填写以 / 开头的站内地址，如 /guides/withdrawal/check/。')], verbose_name='页尾按钮链接'),
        ),
        migrations.AddField(
            model_name='guide',
            name='missing_local',
            field=models.TextField(blank=True, help_text='读者选的地区还没有收录本地渠道时显示；“{地区}”会换成地区名。留空则不显示。', verbose_name='没有收录本地渠道时的说明（Markdown）'),
        ),
        migrations.AddField(
            model_name='guide',
            name='national_box',
            field=models.TextField(blank=True, help_text='读者还没有选参保地时，本地渠道的位置显示这段话。留空则不显示。', verbose_name='没选地区时：全国通用渠道（Markdown）'),
        ),
        migrations.AddField(
            model_name='historicalguide',
            name='callout',
            field=models.CharField(blank=True, help_text='如“开始自查：我能不能取出？”。', max_length=100, verbose_name='页尾按钮文字'),
        ),
        migrations.AddField(
            model_name='historicalguide',
            name='callout_url',
            field=models.CharField(blank=True, help_text='站内地址，如 /guides/withdrawal/check/；和按钮文字都填了才显示按钮。', max_length=200, validators=[django.core.validators.RegexValidator('^/[^/]', '请填写以 / 开头的站内地址，如 /guides/withdrawal/check/。')], verbose_name='页尾按钮链接'),
        ),
        migrations.AddField(
            model_name='historicalguide',
            name='missing_local',
            field=models.TextField(blank=True, help_text='读者选的地区还没有收录本地渠道时显示；“{地区}”会换成地区名。留空则不显示。', verbose_name='没有收录本地渠道时的说明（Markdown）'),
        ),
        migrations.AddField(
            model_name='historicalguide',
            name='national_box',
            field=models.TextField(blank=True, help_text='读者还没有选参保地时，本地渠道的位置显示这段话。留空则不显示。', verbose_name='没选地区时：全国通用渠道（Markdown）'),
        ),
        migrations.RunPython(fill_page_prose, migrations.RunPython.noop),
        migrations.RunPython(correct, migrations.RunPython.noop),
    ]
