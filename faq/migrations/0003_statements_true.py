"""Corrections to seeded FAQ articles (issue 19) for databases seeded earlier.

An article is corrected only when no editor has changed it (no history entry with a user);
a fresh database gets the same text from the seed.

- 大病医保一年不交: a web claim about 断缴 was stated as fact.
- 大病保险条件: the special groups are named as everywhere else on the site.
- 家庭共济绑定: no longer cites an article that tells readers to pick 亲情账户.
- 能不能取: every route to a withdrawal is regional.
"""

import datetime as dt

from django.db import migrations

CORRECTED_ON = dt.date(2026, 12, 5)

ARTICLE_FIXES = {'critical-one-year-unpaid': {'summary': '有影响。官方规定：职工换地断缴超过3个月的，各地可设最长6个月的等待期；城乡居民2025年起有等待期。网络资料还称断缴超过1个月就不能报销（待核实）。', 'body': '大病保险是基本医保的补充，下面分官方规定和网络说法：\n\n- 网络资料称（待核实）：断缴超过1个月，门诊和住院就不能走医保报销，大病报销也跟着停；\n  个人账户里的余额还能继续用。以参保地规定为准。\n- 职工换地参保时断缴不超过3个月的，可以补缴并追溯享受待遇；超过3个月的，\n  各地可以设不超过6个月的等待期（官方）。\n- 网络资料称：本地断缴超过3个月的，补缴后要再等6个月才能恢复报销（待核实，以当地规定为准）。\n- 城乡居民从2025年起：不在集中参保期参保或不连续参保的，固定等待期3个月，\n  每多断保一年再加1个月，每补缴一年可减1个月；连续断保4年及以上的，补缴后等待期合计仍不少于6个月。\n\n详见[断缴后补缴多久能报销](/faq/lapse-back-pay/)。', 'sources': ['ybbf-2021-43', 'guobanfa-2024-38', 'seed-000']}, 'critical-illness-conditions': {'summary': '大病保险是城乡居民医保的一部分：一年里自付的合规医疗费超过当地起付线才能报。国家规定起付线不超过上年人均可支配收入的50%。', 'body': '## 条件\n1. 参加了城乡居民医保（职工医保另有大额医疗费用补助等保障，不叫大病保险）。\n2. 一年内个人自付的合规医疗费用超过当地的起付线。\n\n## 起付线和报销比例（官方）\n起付线最高为当地上一年居民人均可支配收入的50%；报销比例不低于60%，\n低保对象、特困人员和返贫致贫人口再提高5个百分点。\n\n## 特殊群体\n低保对象、特困人员和返贫致贫人口取消封顶线（国办发〔2021〕42号；本站还没有核对原文）。\n\n## 一个例子（网络资料，未说明地区，待核实）\n某地普通居民的起付线从1.2万元调整到2025年的17121元；特殊群体（文章列举特困供养人员、孤儿、\n低保对象、返贫致贫人口等）从6000元调整到8560.5元。\n这是别处的数字，不能当作您所在地的标准。\n\n## 2025年起\n连续参保满4年后，每多参保一年，大病保险最高支付限额至少提高1000元；当年没有报销的，\n下一年限额至少提高1000元；累计提高不超过原限额的20%。', 'sources': ['ybf-2019-30', 'guobanfa-2021-42', 'guobanfa-2024-38', 'seed-000']}, 'family-sharing-bind': {'summary': '在国家医保服务平台 App 的“家庭共济”里添加家人并设置共济额度；不方便用手机的可以到医保服务大厅办理。“亲情账户”是另一回事。', 'body': '## 线上\n国家医保服务平台 App 和网站、当地医保 App、微信和支付宝的医保小程序都能办。\n以国家医保服务平台 App 为例：找到“家庭共济”，添加家人信息，按提示确认，\n再给家人设置共济额度。\n\n## 线下\n操作手机有困难的老人等，可以到医保服务大厅办理。\n\n## 别选错\n“亲情账户”只是在您的手机上显示家人自己的医保电子凭证，花的是家人自己的钱；\n想让家人用您的余额，要办的是“家庭共济”。家人看病时用的是他们自己的医保卡或电子凭证：\n钱可以共济，卡不能共用。\n\n详细说明见[家庭共济指南](/guides/family-sharing/)。', 'sources': ['family-sharing-2026-01-09']}, 'can-i-withdraw': {'summary': '平时不能。国家没有统一的提取规定，能否提取由各地规定：出国定居、去世后由继承人办理是常见情形；长期异地居住、主动放弃职工医保、重大疾病等只有部分地区允许。单位缴的部分任何时候都不能取。', 'body': '国家没有允许个人账户随意取现的规定，能不能提取由各地规定。网络资料列出的常见情形有：\n\n- 出国（境）定居，或外籍人员离开中国；\n- 参保人去世，由继承人办理；\n- 仅部分地区：已办理长期异地居住备案、长期在外地生活；\n- 仅部分地区：本人主动放弃职工医保；\n- 仅部分地区：重大疾病或急诊自己垫付了费用。\n\n每一种都要先问参保地医保部门当地是否允许、要哪些材料；标着“仅部分地区”的，允许的地方更少。\n\n换到外地参保不是提取的理由：2021年11月1日起，余额随医保关系转到新参保地。\n单位缴纳的部分不能取。找中介“代提”或用假材料属于违法。\n用[提取条件自查](/guides/withdrawal/check/)一步步看看您的情况。', 'sources': ['seed-002', 'ybbf-2021-43']}}


def correct(apps, schema_editor) -> None:
    Article = apps.get_model("faq", "Article")
    History = apps.get_model("faq", "HistoricalArticle")
    Source = apps.get_model("policies", "Source")
    for slug, fields in ARTICLE_FIXES.items():
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            continue
        if History.objects.filter(id=article.pk, history_user__isnull=False).exists():
            continue
        sources = list(Source.objects.filter(key__in=fields["sources"]))
        if len(sources) != len(fields["sources"]):
            continue
        article.summary, article.body = fields["summary"], fields["body"]
        article.updated_on = CORRECTED_ON
        article.save()
        article.sources.set(sources)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0002_fullwidth_labels"),
        ("policies", "0014_statements_true"),
    ]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
