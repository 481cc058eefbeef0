"""Seed FAQ articles: one for each question the two seed articles answer.

Facts come from ../shared/DOMAIN.md and ../shared/seeds/; the wording is our own. Every
article cites its sources (grade shown on the page). Written once, never overwritten.
"""

from __future__ import annotations

from typing import Any, TextIO

from faq.models import Article, Category
from policies.models import Region
from policies.seed_content import CORRECTED_ON, SEEDED_ON
from policies.seeding import mark_seeded, seed_once, source, untouched

CATEGORIES: list[dict[str, Any]] = [
    {"slug": "monthly", "name": "每月划入", "order": 1, "description": "个人账户每月进多少钱"},
    {"slug": "balance", "name": "余额查询", "order": 2, "description": "怎么查余额、为什么是0"},
    {"slug": "statements", "name": "流水与明细", "order": 3, "description": "缴费记录和消费明细"},
    {"slug": "withdrawal", "name": "取出与转移", "order": 4, "description": "能不能取、怎么转"},
    {"slug": "family", "name": "家庭共济", "order": 5, "description": "家人怎么用我的余额"},
    {"slug": "critical", "name": "大病与断缴", "order": 6, "description": "大病保险、断缴补缴"},
    {"slug": "local", "name": "各地问答", "order": 7, "description": "某个地方特有的问题"},
]

ARTICLES: list[dict[str, Any]] = [
    {
        "slug": "monthly-credit",
        "revision": 3,
        "category": "monthly",
        "title": "医保卡每个月返多少钱？",
        "summary": "在职职工最多是本人缴费基数的2%（基数5000元，每月最多100元）；退休人员由各地"
        "定额划入，金额各地不同，改革后多在每月50到200元之间。",
        "body": """“返钱”指的是职工医保个人账户每月划入的钱，多少取决于您是谁、在哪里参保。

## 在职职工
本人缴纳的医保费计入个人账户，全国规定原则上不超过本人缴费基数的2%，各地可以定得更低。
例如缴费基数是5000元，每月最多划入100元。单位缴纳的部分全部进入统筹基金，不进个人账户。

## 退休人员
由统筹基金按月定额划入，各地逐步向当地平均基本养老金的2%左右靠拢。据媒体报道，改革后多数
地方每月在50到200元之间，有的地方按年龄分档。

## 灵活就业人员和城乡居民
灵活就业人员有的地方不设个人账户，设的地方比例可能更低；城乡居民医保一般没有个人账户。

想按自己的参保地和身份算一算，用[每月划入计算器](/calculator/)。""",
        "sources": ["guobanfa-2021-14", "nanfang-2023-03-02", "seed-000"],
        "related_page": "calculator",
    },
    {
        "slug": "resident-no-account",
        "category": "monthly",
        "title": "城乡居民医保有个人账户吗？",
        "summary": "一般没有。居民医保的保费进入统筹基金用于报销；少数地区每年定额划入50到200元。",
        "body": """城乡居民医保一般**不设**个人账户，所以不会每月“返钱”，查余额时看到0也很正常。

少数地区会每年定额划入一小笔（常见在50到200元之间），用于门诊看病买药，不是每月发放。
具体以参保地医保部门的规定为准。""",
        "sources": ["seed-000"],
        "related_page": "calculator",
    },
    {
        "slug": "shanghai-retiree-credit",
        "category": "monthly",
        "title": "上海退休人员医保个人账户每年划入多少？",
        "summary": "网络资料称：74周岁及以下每年1680元（月均140元），"
        "75周岁及以上每年1890元（月均157.5元）。",
        "body": """据网络资料（待核实），上海退休人员的个人账户按年定额划入，按年龄分两档：

- 74周岁及以下：每年1680元，折合每月140元；
- 75周岁及以上：每年1890元，折合每月157.5元。

“以下”“以上”都包含本数。以上海市医保部门公布的标准为准。""",
        "sources": ["seed-002"],
        "regions": ["310000"],
        "related_page": "calculator",
    },
    {
        "slug": "shanghai-check-credit",
        "category": "balance",
        "title": "在上海怎么查医保卡每月划入了多少？",
        "summary": "用医保服务平台 App 或网站、支付宝或微信里的医保电子凭证、本地政务 App，"
        "或带身份证到医保经办窗口查询。",
        "body": """每月划入的记录和余额可以这样查：

1. 国家医保服务平台 App 或网站：注册登录后查看个人账户信息。
2. 支付宝：搜索“医保电子凭证”，或从“市民中心”进入“医保”，选好参保地后查余额。
3. 微信：搜索“医保电子凭证”，或从“服务”→“城市服务”进入社保查询。
4. 带身份证到医保经办机构窗口，或在定点医院、药店的结算窗口和自助机上查。

查询时只在官方渠道输入个人信息，不要告诉陌生人验证码。""",
        "sources": ["seed-002"],
        "regions": ["310000"],
        "related_page": "balance",
    },
    {
        "slug": "check-balance",
        "revision": 3,
        "category": "balance",
        "title": "医保卡余额怎么查？",
        "summary": "手机上用国家医保服务平台 App 或微信、支付宝里的医保电子凭证最方便；"
        "也可以到定点医院药店的自助机、医保服务大厅查，或打电话问。",
        "body": """查余额的渠道有三类：

- **手机**：国家医保服务平台 App；微信或支付宝里的“医保电子凭证”；当地医保 App 或公众号。
  第一次使用要实名认证、刷脸激活。
- **线下**：定点医院、药店的结算窗口或自助机；带身份证到医保服务大厅。
- **电话**：12393 是医保服务热线（前面加区号）；12333 是人社服务热线。

每个渠道的具体步骤见[余额查询指南](/guides/balance/)。""",
        "sources": ["seed-000", "seed-002"],
        "related_page": "balance",
    },
    {
        "slug": "check-balance-alipay",
        "category": "balance",
        "title": "支付宝里怎么查医保余额？",
        "summary": "在支付宝搜索“医保电子凭证”，激活后即可看到余额；"
        "也可以从“市民中心”进入“医保”查询。",
        "body": """两条路都可以：

1. 打开支付宝，在首页搜索“医保电子凭证”，进入官方小程序；第一次使用按提示刷脸激活，
   之后就能看到个人账户余额和近期的消费记录。
2. 或者点“市民中心”→“医保”，选择参保地，再点余额或交易明细查询。

看到余额不对，可以再用国家医保服务平台 App 核对一次。""",
        "sources": ["seed-000"],
        "related_page": "balance",
    },
    {
        "slug": "check-balance-wechat",
        "category": "balance",
        "title": "微信里怎么查医保余额？",
        "summary": "在微信搜索“医保电子凭证”，激活后进入医保查询；"
        "也可以从“服务”→“城市服务”里的社保查询进入。",
        "body": """1. 打开微信，搜索“医保电子凭证”，进入后按提示完成实名认证。
2. 点“医保查询”，就能看到个人账户余额。
3. 也可以从“我”→“服务”→“城市服务”进入社保查询，查看参保明细、缴费记录和余额。""",
        "sources": ["seed-002", "seed-000"],
        "related_page": "balance",
    },
    {
        "slug": "check-balance-phone",
        "revision": 3,
        "category": "balance",
        "title": "在手机上怎么查医保余额？",
        "summary": "装国家医保服务平台 App 或当地医保 App，或用微信、支付宝里的医保电子凭证，"
        "实名认证后就能查。",
        "body": """手机上有几种办法，任选一种：

- 国家医保服务平台 App：注册登录后点余额或账户查询。
- 当地医保部门的官方 App 或公众号。
- 微信、支付宝里的“医保电子凭证”。

手机上看不到余额时，常见原因是没登录对、系统还没同步、余额已经用完。
可以换一个渠道再查，或者看[余额为什么是0](/faq/balance-zero/)。""",
        "sources": ["seed-000"],
        "related_page": "balance",
    },
    {
        "slug": "balance-zero",
        "category": "balance",
        "title": "医保余额为什么显示0?",
        "summary": "常见原因：账户没激活、医保断缴、余额用完了；城乡居民医保本来就没有个人账户，"
        "新参保的账户也可能还没划入。",
        "body": """余额显示0，按下面逐项排查：

1. **账户没有激活**：到社保卡发卡银行或医保窗口激活。
2. **医保费断缴了**：先查缴费记录，断了就尽快补缴。
3. **余额已经用完**：看看消费记录。
4. **参加的是城乡居民医保**：一般没有个人账户，显示0是正常的。
5. **刚参保**：账户还没开始划入，过一段时间再查。

也可能只是手机渠道没同步，换一个渠道再查一次。""",
        "sources": ["seed-000"],
        "related_page": "balance",
    },
    {
        "slug": "card-bank",
        "category": "balance",
        "title": "手机上怎么查社保卡的开户银行？",
        "summary": "支付宝“市民中心”→“社保”里有社保卡开户行信息；也可以在发卡银行的 App 里查看。",
        "body": """1. 打开支付宝，点“市民中心”，再点“社保”，找到社保卡开户行信息，就能看到银行和支行。
2. 或者登录发卡银行的官方 App，在账户管理里查看。""",
        "sources": ["seed-000"],
        "related_page": "balance",
    },
    {
        "slug": "print-statement",
        "revision": 3,
        "category": "statements",
        "title": "医保流水、缴费记录怎么打印？",
        "summary": "线上：当地医保网站或 App、国家医保服务平台下载后打印；"
        "线下：医院结算窗口、医保经办窗口和自助机。",
        "body": """## 线上下载
- 当地医保部门的网站、App 或小程序（例如广东的“粤医保”、湖北的“鄂汇办”），
  找“单据查询打印”或“参保证明打印”一类的功能。注意分清医保和养老保险：
  人社部门网站上的个人账户有时指的是养老保险。
- 国家医保服务平台：登录后在“我的医保”里选年份，下载缴费记录。

## 线下打印
- 带身份证或社保卡到医保经办窗口，或用那里的自助机打印。
- 在定点医院联网结算后，可以在结算窗口要医保结算单。

详细步骤见[流水打印指南](/guides/statements/)。""",
        "sources": ["seed-000"],
        "related_page": "statements",
    },
    {
        "slug": "transaction-details",
        "category": "statements",
        "title": "怎么查看医保个人账户的交易明细？",
        "summary": "登录当地医保局网站或官方 App 的个人查询，或用国家医保服务平台 App 的消费记录，"
        "微信、支付宝也能查。",
        "body": """- 当地医保局网站或官方 App：找“个人医保查询”，用身份证号等信息登录后查看明细。
- 国家医保服务平台 App：在“消费记录”“缴费记录”里按时间查看。
- 微信、支付宝的医保服务里也有交易明细。

明细里能看到每次在医院、药店用了多少钱，也能看到每月划入的记录。""",
        "sources": ["seed-000"],
        "related_page": "statements",
    },
    {
        "slug": "can-i-withdraw",
        "revision": 3,
        "category": "withdrawal",
        "title": "医保个人账户里的钱能取出来吗？",
        "summary": "平时不能。国家没有统一的提取规定，能否提取由各地规定：出国定居、"
        "去世后由继承人办理是常见情形；长期异地居住、主动放弃职工医保、重大疾病等只有部分地区允许。"
        "单位缴的部分任何时候都不能取。",
        "body": """国家没有允许个人账户随意取现的规定，能不能提取由各地规定。网络资料列出的常见情形有：

- 出国（境）定居，或外籍人员离开中国；
- 参保人去世，由继承人办理；
- 仅部分地区：已办理长期异地居住备案、长期在外地生活；
- 仅部分地区：本人主动放弃职工医保；
- 仅部分地区：重大疾病或急诊自己垫付了费用。

每一种都要先问参保地医保部门当地是否允许、要哪些材料；标着“仅部分地区”的，允许的地方更少。

换到外地参保不是提取的理由：2021年11月1日起，余额随医保关系转到新参保地。
单位缴纳的部分不能取。找中介“代提”或用假材料属于违法。
用[提取条件自查](/guides/withdrawal/check/)一步步看看您的情况。""",
        "sources": ["seed-002", "ybbf-2021-43"],
        "related_page": "withdrawal",
    },
    {
        "slug": "shanghai-withdraw",
        "category": "withdrawal",
        "title": "上海医保卡里的余额能取出来吗？",
        "summary": "一般不能随意取；符合特定情形可以申请，"
        "网上资料称可在医保服务平台 App 或街道服务中心办理，"
        "通常5到10个工作日到账。",
        "body": """据网络资料（待核实），在上海符合可提取情形的，可以通过医保服务平台 App 申请，
也可以到任一街道服务中心办理。需要身份证、社保卡，以及证明具体情形的材料。

- 普通提取：一般5到10个工作日到账；
- 急诊垫付：一般3个工作日内原路退回。

材料作假会被列入信用黑名单，找中介代办涉嫌违法。""",
        "sources": ["seed-002"],
        "regions": ["310000"],
        "related_page": "withdrawal",
    },
    {
        "slug": "transfer-balance",
        "revision": 2,
        "category": "withdrawal",
        "title": "换城市工作，医保个人账户的余额怎么办？",
        "summary": "2021年11月1日起，余额随医保关系一起转到新参保地：原参保地10个工作日内转出，"
        "新参保地5个工作日内办结。",
        "body": """换地参保时，个人账户余额跟着医保关系走，不用、也不能因此先取出来：

1. 在新参保地参保。
2. 通过国家医保服务平台 App 或医保经办机构申请转移接续。
3. 原参保地在10个工作日内办结转出，新参保地在5个工作日内办结转入。

这条规定自2021年11月1日起施行。""",
        "sources": ["ybbf-2021-43"],
        "related_page": "withdrawal",
    },
    {
        "slug": "family-sharing-bind",
        "revision": 3,
        "category": "family",
        "title": "医保家庭共济怎么绑定？",
        "summary": "在国家医保服务平台 App 的“家庭共济”里添加家人并设置共济额度；"
        "不方便用手机的可以到医保服务大厅办理。“亲情账户”是另一回事。",
        "body": """## 线上
国家医保服务平台 App 和网站、当地医保 App、微信和支付宝的医保小程序都能办。
以国家医保服务平台 App 为例：找到“家庭共济”，添加家人信息，按提示确认，
再给家人设置共济额度。

## 线下
操作手机有困难的老人等，可以到医保服务大厅办理。

## 别选错
“亲情账户”只是在您的手机上显示家人自己的医保电子凭证，花的是家人自己的钱；
想让家人用您的余额，要办的是“家庭共济”。家人看病时用的是他们自己的医保卡或电子凭证：
钱可以共济，卡不能共用。

详细说明见[家庭共济指南](/guides/family-sharing/)。""",
        "sources": ["family-sharing-2026-01-09"],
        "related_page": "family-sharing",
    },
    {
        "slug": "family-sharing-who",
        "revision": 2,
        "category": "family",
        "title": "哪些家人能用我的医保个人账户？",
        "summary": "近亲属都可以：配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女；"
        "2026年起可以跨省，家人本人也要参保。",
        "body": """- 2021年起：配偶、父母、子女可以在定点医院和药店使用。
- 2024年起：国家要求扩大到近亲属。到2024年11月，各省都已实现省内共济，
  其中23个省份已扩大到近亲属。
- 2026年1月9日：国家医保局和财政部印发通知，个人账户可以跨省给近亲属使用。
  近亲属指配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女。

家人必须参加了职工医保或城乡居民医保。钱可以用来支付家人在定点医院、药店看病买药时
个人负担的费用，以及家人的居民医保、长期护理保险个人缴费。一位参保人可以同时给几位家人
设共济额度；额度内的钱您自己暂时不能再用，您的医保关系转到外地时共济关系自动解除。""",
        "sources": [
            "guobanfa-2021-14",
            "guobanfa-2024-38",
            "xinhua-2024-11-26",
            "family-sharing-2026-01-09",
        ],
        "related_page": "family-sharing",
    },
    {
        "slug": "critical-one-year-unpaid",
        "revision": 3,
        "category": "critical",
        "title": "大病医保一年不交有影响吗？",
        "summary": "有影响。官方规定：职工换地断缴超过3个月的，各地可设最长6个月的等待期；"
        "城乡居民2025年起有等待期。网络资料还称断缴超过1个月就不能报销（待核实）。",
        "body": """大病保险是基本医保的补充，下面分官方规定和网络说法：

- 网络资料称（待核实）：断缴超过1个月，门诊和住院就不能走医保报销，大病报销也跟着停；
  个人账户里的余额还能继续用。以参保地规定为准。
- 职工换地参保时断缴不超过3个月的，可以补缴并追溯享受待遇；超过3个月的，
  各地可以设不超过6个月的等待期（官方）。
- 网络资料称：本地断缴超过3个月的，补缴后要再等6个月才能恢复报销（待核实，以当地规定为准）。
- 城乡居民从2025年起：不在集中参保期参保或不连续参保的，固定等待期3个月，
  每多断保一年再加1个月，每补缴一年可减1个月；连续断保4年及以上的，补缴后等待期合计仍不少于6个月。

详见[断缴后补缴多久能报销](/faq/lapse-back-pay/)。""",
        "sources": ["ybbf-2021-43", "guobanfa-2024-38", "seed-000"],
    },
    {
        "slug": "critical-illness-conditions",
        "revision": 2,
        "category": "critical",
        "title": "大病保险什么条件能报？自己要先付多少？",
        "summary": "大病保险是城乡居民医保的一部分：一年里自付的合规医疗费超过当地起付线才能报。"
        "国家规定起付线不超过上年人均可支配收入的50%。",
        "body": """## 条件
1. 参加了城乡居民医保（职工医保另有大额医疗费用补助等保障，不叫大病保险）。
2. 一年内个人自付的合规医疗费用超过当地的起付线。

## 起付线和报销比例（官方）
起付线最高为当地上一年居民人均可支配收入的50%；报销比例不低于60%，
低保对象、特困人员和返贫致贫人口再提高5个百分点。

## 特殊群体
低保对象、特困人员和返贫致贫人口取消封顶线（国办发〔2021〕42号；本站还没有核对原文）。

## 一个例子（网络资料，未说明地区，待核实）
某地普通居民的起付线从1.2万元调整到2025年的17121元；特殊群体（文章列举特困供养人员、孤儿、
低保对象、返贫致贫人口等）从6000元调整到8560.5元。
这是别处的数字，不能当作您所在地的标准。

## 2025年起
连续参保满4年后，每多参保一年，大病保险最高支付限额至少提高1000元；当年没有报销的，
下一年限额至少提高1000元；累计提高不超过原限额的20%。""",
        "sources": ["ybf-2019-30", "guobanfa-2021-42", "guobanfa-2024-38", "seed-000"],
    },
    {
        "slug": "lapse-back-pay",
        "revision": 3,
        "category": "critical",
        "title": "医保断缴了怎么办？补缴后多久能报销？",
        "summary": "职工换地断缴不超过3个月可以补缴并追溯待遇；更长的各地可设最多6个月等待期。"
        "城乡居民2025年起等待期固定3个月起，断保4年及以上的补缴后仍不少于6个月。",
        "body": """## 职工医保（官方）
换地参保时中断不超过3个月的，补缴后从中断时起恢复待遇；超过3个月的，
参保地可以设置不超过6个月的待遇等待期。

网络资料还提到：本地断缴超过1个月就不能报销（个人账户余额照常可用），
超过3个月的要补缴后再等6个月（待核实，以当地规定为准）。

## 城乡居民医保（官方，2025年起）
不在集中参保期参保或者断保后再参保的，固定等待期3个月；每多断保一年，再加1个月；
每补缴一年，减少1个月。连续断保4年及以上的，补缴后固定和变动等待期合计仍不少于6个月。
新生儿等部分人群不设等待期。等待期内发生的费用不报销。

想算一算自己的情况，用[断缴与补缴计算](/calculator/lapse/)。""",
        "sources": ["ybbf-2021-43", "guobanfa-2024-38", "seed-000"],
    },
    {
        "slug": "anhui-shengzhi",
        "category": "local",
        "title": "安徽医保说的“省直”是什么意思？",
        "summary": "“省直”医保是省级直属单位的医保，由省里统筹，主要面向省直机关、"
        "事业单位和部分中央驻皖单位。",
        "body": """“省直”是省级直属单位医疗保险的简称，由安徽省一级统筹管理，参保的主要是：

- 省级党群机关、人大政协机关、各民主党派和工商联机关的工作人员和退休人员；
- 参照公务员管理的单位、省属事业单位，以及部分中央驻皖单位。

它和合肥市医保的区别，主要在参保对象、缴费基数、统筹管理和使用范围上。
具体待遇以安徽省医保部门的规定为准。""",
        "sources": ["seed-000"],
        "regions": ["340000"],
    },
    {
        "slug": "anshan-108",
        "category": "local",
        "title": "鞍山退休人员每年交的108元是什么钱？",
        "summary": "这是职工医保的大额医疗补助保险费，每年108元，用来报销超过8.5万元以上的高额医疗费，"
        "最高60万元。",
        "body": """据网络资料（待核实），鞍山职工医保的退休人员、灵活就业人员等每年要交108元
大额医疗补助保险费。它是职工医保的补充：医疗费用超过8.5万元的部分由它来报，
最高可赔付60万元，异地就医也能结算。

单位退休人员由单位和个人各负担一半，灵活就业人员自己全额缴纳。""",
        "sources": ["seed-000"],
        "regions": ["210300"],
    },
    {
        "slug": "leaving-hospital",
        "category": "local",
        "title": "住院期间私自离开医院，医保还能报吗？",
        "summary": "可能不能。擅自离院可能被认定为“挂床住院”，相关费用医保不予报销，"
        "严重的还要承担责任。",
        "body": """住院是为了接受全天候的治疗和监护。住院期间擅自长时间离开医院：

- 可能被医保部门认定为“挂床住院”，核查发现没有实际在院治疗的，相关费用要自己承担；
- 情节严重的，可能被按骗保处理；
- 离院期间出了意外，风险也更大。

确实有事需要离开，请先向主治医生请假。涉及身体健康的问题，请听从医生的安排。""",
        "sources": ["seed-000"],
    },
]


def _create_category(spec: dict[str, Any]) -> None:
    Category.objects.get_or_create(slug=spec["slug"], defaults=spec)


def _create_article(spec: dict[str, Any]) -> None:
    if Article.objects.filter(slug=spec["slug"]).exists():
        return  # an editor made one with this address already
    article = Article.objects.create(
        slug=spec["slug"],
        title=spec["title"],
        category=Category.objects.get(slug=spec["category"]),
        summary=spec["summary"],
        body=spec["body"],
        related_page=spec.get("related_page", ""),
        updated_on=SEEDED_ON,
    )
    article.sources.set([source(key) for key in spec["sources"]])
    article.regions.set(Region.objects.filter(code__in=spec.get("regions", [])))


def _revise_article(spec: dict[str, Any]) -> None:
    """Bring an article seeded earlier up to date, unless an editor has changed it."""
    article = Article.objects.filter(slug=spec["slug"]).first()
    if article is None or not untouched(article):
        return
    article.title, article.summary, article.body = spec["title"], spec["summary"], spec["body"]
    article.related_page = spec.get("related_page", "")
    article.updated_on = CORRECTED_ON
    article.save()
    article.sources.set([source(key) for key in spec["sources"]])


def run(stdout: TextIO) -> None:
    for spec in CATEGORIES:
        seed_once(f"faq-category:{spec['slug']}", lambda s=spec: _create_category(s))
    created = revised = 0
    for spec in ARTICLES:
        new = seed_once(f"faq-article:{spec['slug']}", lambda s=spec: _create_article(s))
        created += new
        if "revision" in spec:
            key = f"faq-article:{spec['slug']}@{spec['revision']}"
            if new:
                mark_seeded(key)
            else:
                revised += seed_once(key, lambda s=spec: _revise_article(s))
    stdout.write(f"常见问题：新增 {created} 篇，更正 {revised} 篇\n")
