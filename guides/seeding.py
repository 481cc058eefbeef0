"""Seed the four guides: sections, numbered steps and a first change-log entry.

Facts from ../shared/DOMAIN.md and ../shared/seeds/, in our own words. Regions have no
channel data yet, so no region notes are seeded: editors add them in the admin.
"""

from __future__ import annotations

from typing import Any, TextIO

from guides.models import Guide, GuideChange, GuideSection, GuideStep
from policies.seed_content import CORRECTED_ON, SEEDED_ON
from policies.seeding import mark_seeded, seed_once, source, untouched

S = dict[str, Any]


def section(anchor: str, heading: str, body: str, src: str, steps: list[str] | None = None) -> S:
    return {"anchor": anchor, "heading": heading, "body": body, "source": src, "steps": steps or []}


# The guide page's own prose, as rows an editor can change (issue 19).
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

GUIDES: list[dict[str, Any]] = [
    {
        "slug": "balance",
        "revisions": [(2, "更正：本地渠道只列我们收录了的")],
        "title": "医保个人账户余额怎么查",
        "summary": "手机、线下、电话都能查医保余额：每种渠道的操作步骤，以及余额显示0时怎么办。",
        "intro": "下面每种渠道都能查到职工医保个人账户的余额，挑一种方便的就行。"
        "第一次在手机上查，需要实名认证或刷脸激活医保电子凭证。",
        "sections": [
            section(
                "app",
                "国家医保服务平台 App",
                "全国通用的官方 App，能查余额、消费记录和缴费记录。",
                "seed-000",
                [
                    "在手机应用商店搜索“国家医保服务平台”，下载安装。",
                    "注册账号，按提示完成实名认证（刷脸）。",
                    "在首页点“医保余额”或账户查询。",
                    "要看明细，再点“消费记录”或“缴费记录”。",
                ],
            ),
            section(
                "website",
                "国家医保服务平台网站",
                "在电脑上也能查，适合顺便下载打印缴费记录。",
                "seed-000",
                [
                    "用电脑打开国家医保服务平台网站，注册或登录。",
                    "进入“我的医保”。",
                    "查看个人账户余额和缴费记录。",
                ],
            ),
            section(
                "wechat",
                "微信里的医保电子凭证",
                "不用另装 App。",
                "seed-002",
                [
                    "打开微信，在顶部搜索“医保电子凭证”。",
                    "进入官方小程序，按提示完成实名认证。",
                    "点“医保查询”，查看余额。",
                    "也可以从“我”→“服务”→“城市服务”进入社保查询。",
                ],
            ),
            section(
                "alipay",
                "支付宝里的医保电子凭证",
                "不用另装 App。",
                "seed-000",
                [
                    "打开支付宝，在首页搜索“医保电子凭证”，进入官方小程序。",
                    "第一次使用按提示刷脸激活。",
                    "激活后页面显示当前余额，往下可以看近期消费明细。",
                    "也可以点“市民中心”→“医保”，选好参保地再查余额。",
                ],
            ),
            section(
                "local",
                "当地医保 App 和公众号",
                "各地医保部门有自己的 App、小程序或公众号，能查到本地更详细的账户信息。"
                "在本页上方选好参保地：我们收录了当地渠道的，会列在那里；还没收录的，"
                "可以打当地医保服务热线问当地的官方渠道（一般是“当地区号 + 12393”；"
                "这个号码不在所引资料里，以当地公布的为准）。",
                "seed-000",
                [
                    "找到参保地医保部门的官方 App 或公众号（认准官方认证）。",
                    "注册登录并绑定医保信息。",
                    "在个人查询里查看余额和消费明细。",
                ],
            ),
            section(
                "kiosk",
                "定点医院、药店的结算窗口和自助机",
                "看病买药时顺便就能查。",
                "seed-000",
                [
                    "带上社保卡，或打开医保电子凭证。",
                    "在定点医院、药店的自助查询机上刷卡或扫码，或者在结算窗口请工作人员查询。",
                ],
            ),
            section(
                "hall",
                "医保服务大厅",
                "不会用手机的老人可以直接去窗口。",
                "seed-002",
                [
                    "带本人身份证（最好也带社保卡）。",
                    "到参保地的医保经办机构服务大厅窗口，请工作人员查询余额和缴费记录。",
                ],
            ),
            section(
                "hotline",
                "打电话查询：12393 和 12333 的区别",
                "所引的网络资料说可以拨打 **12333** 按语音提示查询；12333 是人力资源和社会保障"
                "服务热线。各地医保部门另有医保服务热线 **12393**（拨打时前面加参保地区号），"
                "这个号码不在所引资料里，请以当地医保部门公布的号码为准。",
                "seed-002",
                [
                    "拨打 12333，或当地医保服务热线“参保地区号 + 12393”。",
                    "按语音提示选择查询个人账户余额。",
                ],
            ),
            section(
                "zero",
                "余额显示0怎么办",
                "余额为0不一定是出错了，按顺序排查：",
                "seed-000",
                [
                    "确认参加的是职工医保：城乡居民医保一般没有个人账户，显示0是正常的。",
                    "刚参保的，账户可能还没开始划入，过一段时间再查。",
                    "检查社保卡和医保账户是否已激活，没激活就到发卡银行或医保窗口激活。",
                    "查缴费记录，看看是否断缴；断缴了尽快补缴。",
                    "查消费记录，看看余额是否已经用完。",
                    "换一个渠道再查一次，排除手机端没有同步的情况。",
                ],
            ),
        ],
    },
    {
        "slug": "statements",
        "revisions": [(2, "更正：删去养老保险网站的例子")],
        "title": "医保流水、缴费记录怎么打印",
        "summary": "在网上下载电子缴费记录和参保证明，或到医院、医保窗口和自助机打印。",
        "intro": "“流水”通常指缴费记录、个人账户消费明细或医保结算单。先想清楚要哪一种，"
        "再选下面的渠道。",
        "sections": [
            section(
                "local-online",
                "当地医保或人社网站、App",
                "各地的名称不同，例如广东的“粤医保”小程序、湖北的“鄂汇办” App。"
                "注意分清医保和养老保险：有的地方人社网站查到的是养老保险个人账户，不是医保。",
                "seed-000",
                [
                    "打开参保地的官方网站、App 或小程序，登录。",
                    "选择所在城市，进入业务办理。",
                    "找“单据查询打印”或“参保证明查询打印”。",
                    "选择年份，生成电子文件，下载后打印。",
                ],
            ),
            section(
                "national",
                "国家医保服务平台",
                "全国通用，可以下载缴费记录。",
                "seed-000",
                [
                    "登录国家医保服务平台网站或 App。",
                    "进入“我的医保”，选择要查的年份。",
                    "下载缴费记录，用电脑打印。",
                ],
            ),
            section(
                "hospital",
                "定点医院结算窗口",
                "要某次看病的医保结算单，在医院打印最方便。",
                "seed-000",
                [
                    "在定点医院完成医保联网结算。",
                    "到结算窗口说明要打印医保结算单。",
                ],
            ),
            section(
                "counter",
                "医保经办窗口和自助机",
                "不方便上网的，可以去现场打印。",
                "seed-000",
                [
                    "带身份证或社保卡，到参保地医保经办机构。",
                    "在窗口请工作人员打印；或者在自助服务机上按提示输入信息后自己打印。",
                ],
            ),
        ],
    },
    {
        "slug": "withdrawal",
        "revisions": [
            (2, "更正：换地参保时余额随医保关系转移，不再因此提取；标明仅部分地区允许的情形"),
            (3, "更正：恢复“提取条件自查”的链接"),
        ],
        "title": "医保个人账户的钱能取出来吗",
        "summary": "什么情况下可以提取个人账户余额、要带什么材料、去哪里办、多久到账；"
        "换地参保时余额随医保关系转移，不用取出。",
        "intro": "国家没有允许个人账户随意取现的规定，只有少数情形可以申请提取，"
        "其中不少只有部分地区允许。不确定自己属于哪种情况，先用[提取条件自查](/guides/withdrawal/check/)。",
        "sections": [
            section(
                "allowed",
                "哪些情况可以申请提取",
                "国家没有统一的提取规定，能不能提取由各地规定。网络资料列出的常见情形有：\n\n"
                "- 出国（境）定居，或外籍人员离开中国；\n"
                "- 参保人去世，余额由继承人继承；\n"
                "- 已办理长期异地居住备案、长期在外地生活（仅部分地区）；\n"
                "- 本人主动放弃职工医保（仅部分地区）；\n"
                "- 重大疾病或急诊自己垫付了费用（仅部分地区）。\n\n"
                "每一种都以参保地的规定为准，办理前先问参保地医保部门当地是否允许；"
                "标着“仅部分地区”的，允许的地方更少。",
                "seed-002",
            ),
            section(
                "not-allowed",
                "哪些情况不能提取",
                "- 没有上面任何一种情况，只是想把钱取出来用；\n"
                "- 单位缴纳的部分：进入统筹基金，任何时候都不能取；\n"
                "- 城乡居民医保：一般没有个人账户。\n\n"
                "换到外地参保也不是提取的理由：余额随医保关系转移，见下文“换地参保”。",
                "seed-002",
            ),
            section(
                "materials",
                "要准备的材料",
                "一般需要本人身份证、社保卡，以及证明具体情形的材料，例如死亡证明和继承关系证明、"
                "定居国外的证明或户籍注销证明、长期异地居住备案证明。以参保地要求为准。",
                "seed-002",
            ),
            section(
                "how",
                "去哪里办、多久到账",
                "网络资料称一般5到10个工作日到账，急诊垫付的费用一般3个工作日内原路退回；"
                "以参保地实际办理为准。",
                "seed-002",
                [
                    "先打参保地医保服务热线（区号 + 12393），确认当地是否允许您这种情况提取。",
                    "准备好材料。",
                    "到参保地医保经办机构窗口申请；部分地区可在医保服务平台 App 线上申请。",
                    "等待审核和到账。",
                ],
            ),
            section(
                "warnings",
                "一定要注意",
                "- 请本人或家属亲自办理。找中介“代提”、用假材料套取医保基金是违法行为，"
                "会被列入信用黑名单，严重的要承担刑事责任。",
                "seed-002",
            ),
            section(
                "transfer",
                "换地参保：余额随医保关系转移",
                "2021年11月1日起，换城市参保时，个人账户余额随医保关系一起转到新参保地，"
                "不用先取出，也不能因此取出。原参保地在10个工作日内办结转出，"
                "新参保地在5个工作日内办结转入。",
                "ybbf-2021-43",
                [
                    "在新参保地参保。",
                    "通过国家医保服务平台 App 或医保经办机构申请医保关系转移接续。",
                    "等待原参保地转出、新参保地转入。",
                ],
            ),
        ],
    },
    {
        "slug": "family-sharing",
        "revisions": [(2, "更正：共济范围和时间、医保钱包额度规则；亲情账户与家庭共济的区别")],
        "title": "医保家庭共济：家人怎么用我的个人账户",
        "summary": "哪些家人能用、能付什么、医保钱包的共济额度怎么设、怎么绑定，"
        "以及“亲情账户”和“家庭共济”不是一回事。",
        "intro": "家庭共济让家人花您职工医保个人账户里的钱看病买药。钱可以共济，卡不能共用："
        "家人看病时用的是他们自己的医保卡或医保电子凭证。",
        "sections": [
            section(
                "who-2021",
                "2021年起：配偶、父母、子女",
                "职工医保个人账户可以用于配偶、父母、子女在定点医院和药店看病买药。",
                "guobanfa-2021-14",
            ),
            section(
                "who-2024",
                "2024年起：扩大到近亲属",
                "国家要求把共济范围扩大到近亲属。",
                "guobanfa-2024-38",
            ),
            section(
                "progress-2024",
                "2024年11月：各省进展",
                "据新华社报道，到2024年11月，各省都已实现省内共济，其中23个省份已经扩大到近亲属。",
                "xinhua-2024-11-26",
            ),
            section(
                "who-2026",
                "2026年起：跨省共济",
                "据新华社2026年1月9日电（网络转载，待核实），国家医保局会同财政部发布"
                "《关于做好职工基本医疗保险个人账户跨省共济工作的通知》，共济范围从省内扩大到全国："
                "个人账户可以跨省给近亲属使用。近亲属指配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、"
                "孙子女、外孙子女。家人本人必须参加了医保（职工医保或城乡居民医保都可以）。",
                "xinhua-2026-01-09",
            ),
            section(
                "wallet-337",
                "哪些地方已经开通",
                "据媒体报道，到2026年1月，已有337个统筹地区开通了“医保钱包”，能跨省共济。",
                "wallet-337-2026-01",
            ),
            section(
                "uses",
                "能用来付什么",
                "- 家人在定点医院、定点药店看病买药时个人负担的费用；\n"
                "- 家人的城乡居民医保个人缴费；\n"
                "- 家人的长期护理保险个人缴费。",
                "family-sharing-2026-01-09",
            ),
            section(
                "wallet",
                "医保钱包和共济额度",
                "跨省共济通过“医保钱包”进行：由您给家人设定一个共济额度。额度设定之后，"
                "这部分钱只能由家人使用，您自己在额度存续期间不能再花这部分；"
                "一位参保人可以同时给几位家人设额度。您的医保关系转到外地时，共济关系自动解除。",
                "family-sharing-2026-01-09",
            ),
            section(
                "online",
                "线上绑定",
                "国家医保服务平台 App 和网站、微信和支付宝里的医保小程序、当地医保 App 都能办。"
                "找的是“家庭共济”，不是“亲情账户”。",
                "family-sharing-2026-01-09",
                [
                    "打开国家医保服务平台 App，登录并完成实名认证。",
                    "在首页或办事页面找到“家庭共济”（不是“亲情账户”）。",
                    "添加家人信息，按提示确认。",
                    "绑定成功后，给家人设置共济额度。",
                ],
            ),
            section(
                "offline",
                "线下办理",
                "不方便用手机的老人等，可以到医保服务大厅办理。",
                "seed-002",
                [
                    "先打“区号 + 12393”问清要带哪些材料，再带上身份证件。",
                    "到参保地医保服务大厅，说明要办理职工医保个人账户家庭共济。",
                    "按工作人员指引填写、确认。",
                ],
            ),
            section(
                "difference",
                "“亲情账户”和“家庭共济”不是一回事",
                "**亲情账户**：在您的手机上显示和使用家人自己的医保电子凭证，方便替老人、孩子出示，"
                "花的是家人自己的钱，不共享您的余额。\n\n"
                "**家庭共济**：让家人花您个人账户里的钱。想让家人用您的余额，要办的是家庭共济。",
                "family-sharing-2026-01-09",
            ),
        ],
    },
]


def _create_guide(spec: dict[str, Any]) -> None:
    if Guide.objects.filter(slug=spec["slug"]).exists():
        return
    callout, callout_url = CALLOUTS.get(spec["slug"], ("", ""))
    guide = Guide.objects.create(
        slug=spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        intro=spec["intro"],
        national_box=NATIONAL_BOX,
        missing_local=MISSING_LOCAL,
        callout=callout,
        callout_url=callout_url,
    )
    _write_sections(guide, spec)
    GuideChange.objects.create(guide=guide, changed_on=SEEDED_ON, summary="首次发布")
    guide.save()  # re-index with its sections and steps


def _revise_guide(spec: dict[str, Any], summary: str) -> None:
    """Bring a guide seeded earlier up to date, unless an editor has changed any of it."""
    guide = Guide.objects.filter(slug=spec["slug"]).first()
    if guide is None:
        return
    sections = list(guide.sections.all())
    steps = list(GuideStep.objects.filter(section__guide=guide))
    if not untouched(guide, *sections, *steps):
        return
    guide.sections.all().delete()
    guide.title, guide.summary, guide.intro = spec["title"], spec["summary"], spec["intro"]
    _write_sections(guide, spec)
    GuideChange.objects.create(guide=guide, changed_on=CORRECTED_ON, summary=summary)
    guide.save()


def _write_sections(guide: Guide, spec: dict[str, Any]) -> None:
    for order, sec in enumerate(spec["sections"], start=1):
        row = GuideSection.objects.create(
            guide=guide,
            order=order,
            anchor=sec["anchor"],
            heading=sec["heading"],
            body=sec["body"],
            source=source(sec["source"]),
        )
        GuideStep.objects.bulk_create(
            GuideStep(section=row, order=n, text=text) for n, text in enumerate(sec["steps"], 1)
        )


def run(stdout: TextIO) -> None:
    created = revised = 0
    for spec in GUIDES:
        new = seed_once(f"guide:{spec['slug']}", lambda s=spec: _create_guide(s))
        created += new
        for number, summary in spec.get("revisions", []):
            key = f"guide:{spec['slug']}@{number}"
            if new:  # written with the current content already
                mark_seeded(key)
            else:
                revised += seed_once(key, lambda s=spec, t=summary: _revise_guide(s, t))
    stdout.write(f"指南：新增 {created} 篇，更正 {revised} 篇\n")
