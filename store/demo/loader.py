"""The sample county (示范县): a women-and-children committee after its deployment meeting for the two plans.

Dates are placed relative to today so that every light shows on the boards and the mid-term evaluation
is a few weeks ahead. Names, contacts and phone numbers are fictional (phones start with 0000).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from store.commands.repository import Repository
from store.errors import RuleError

OFFICE = {
    "office_name": "示范县妇女儿童工作委员会办公室",
    "office_short": "县妇儿工委办",
    "doc_prefix": "示妇儿工委办",
    "contact_person": "林晓雯",
    "contact_phone": "0000-6123456",
    "operator": "林晓雯",
}

# name, short, kind, aliases
UNITS: list[tuple[str, str, str, list[str]]] = [
    ("县委组织部", "组织部", "department", ["组织部门"]),
    ("县委宣传部", "宣传部", "department", ["宣传部门"]),
    ("县法院", "法院", "department", []),
    ("县检察院", "检察院", "department", []),
    ("县教育局", "教育局", "department", ["教育部门", "教体局"]),
    ("县公安局", "公安局", "department", ["公安", "公安部门"]),
    ("县民政局", "民政局", "department", ["民政部门"]),
    ("县司法局", "司法局", "department", ["司法部门"]),
    ("县财政局", "财政局", "department", ["财政部门"]),
    ("县人社局", "人社局", "department", ["人社部门", "人社", "人力资源和社会保障局"]),
    ("县住建局", "住建局", "department", ["住建部门"]),
    ("县水利局", "水利局", "department", ["水利部门"]),
    ("县农业农村局", "农业农村局", "department", ["农业部门", "农业农村部门"]),
    ("县卫健委", "卫健委", "department", ["卫生部门", "卫健", "卫生健康部门", "卫生健康委"]),
    ("县应急管理局", "应急局", "department", ["应急部门"]),
    ("县市场监管局", "市场监管局", "department", ["市场监管部门"]),
    ("县医保局", "医保局", "department", ["医保部门"]),
    ("县统计局", "统计局", "department", ["统计部门"]),
    ("县总工会", "总工会", "organisation", ["工会"]),
    ("团县委", "", "organisation", ["共青团"]),
    ("县妇联", "妇联", "organisation", ["妇女联合会"]),
    ("县残联", "残联", "organisation", []),
    ("城关镇", "", "township", []),
    ("东河镇", "", "township", []),
    ("西山乡", "", "township", []),
    ("南坪乡", "", "township", []),
]

CONTACTS = ["王建华", "陈丽", "张明远", "刘芳", "赵志强", "孙悦", "周海燕", "吴涛", "郑雪梅", "冯凯"]

SPEECH = """同志们：
今天召开县妇女儿童工作委员会全体（扩大）会议，部署新一轮妇女儿童发展规划的实施工作。下面，我讲三点意见。
一、提高认识，把两个规划的目标任务落到实处
各成员单位要对照分解的目标任务制定年度工作要点，按时向统计局和县妇儿工委办报送监测数据和评估报告，确保数据真实准确。
二、突出重点，攻坚重点难点指标
一要抓好教育领域。教育部门要确保各学段入学率达到规划目标，加强寄宿制学校管理，办好乡镇幼儿园，做好农村困难家庭学生资助，关注留守儿童身心健康。
二要抓好健康领域。卫生部门要巩固农村合作医疗成果，健全妇幼保健网络，做好贫困孕产妇救助和流动人口中妇女儿童的保健工作，提高农村住院分娩率；要抓好婚前医学检查和妇女常见病筛查。
三要抓好保障领域。民政和人社部门要继续做好农村低保和农村妇女养老保险工作。人社部门要落实妇女就业创业扶持政策，开展技能培训，加强女职工特殊劳动保护执法检查。
四要抓好环境领域。水利局、农业农村局等部门要推进农村安全饮水和改厕工作，减少传染性疾病和妇科疾病的发生。
五要抓好权益保障。卫健、妇联、民政和公安等部门要密切配合，严厉打击非法鉴定胎儿性别和选择性别终止妊娠行为，综合治理出生人口性别比问题，预防和制止家庭暴力，维护离婚妇女和单亲家庭子女的合法权益。组织部、人社部门和总工会、团县委、妇联等群团组织要加大女干部培养选拔力度，推动妇女参与公共事务管理。
三、加强保障，确保中期评估顺利通过
统计局要明确专人负责规划监测统计数据库建设，做好监测数据的收集、汇总和分析。各成员单位特别是各乡镇要加大宣传力度，提高群众对两个规划的知晓率。各乡镇要把规划实施与乡村振兴工作结合起来。
今年7月中旬，市里将对我县两个规划实施情况进行中期评估。县妇儿工委近期将组织一次全面检查，请各成员单位提前做好准备。"""

# The indicators (code, plan, domain, name, measure, direction, final target, mid-term target for 2025,
# baseline 2020, lead, partners, key, the 2024 and 2025 values; earlier years are filled in between).
INDICATORS: list[dict[str, Any]] = [
    dict(
        code="FN-JK-01",
        plan="妇女",
        domain="健康",
        name="孕产妇死亡率",
        measure="/10万",
        direction="<=",
        target=12,
        baseline=16.9,
        lead="卫健委",
        key=True,
        values={2024: 14.2, 2025: 11.8},
        source="妇幼卫生监测",
        definition="每10万名活产中孕产妇死亡人数",
        period_start_month=10,
        reported_up=True,
    ),
    dict(
        code="FN-JK-02",
        plan="妇女",
        domain="健康",
        name="适龄妇女宫颈癌筛查率",
        measure="%",
        direction=">=",
        target=70,
        midterm_target=65,
        baseline=52.0,
        lead="卫健委",
        partners=["妇联"],
        key=True,
        values={2024: 61.5, 2025: 66.0},
        source="两癌筛查项目统计",
        definition="35—64岁妇女中接受筛查的比例",
    ),
    dict(
        code="FN-JK-03",
        plan="妇女",
        domain="健康",
        name="孕产妇系统管理率",
        measure="%",
        direction=">=",
        target=90,
        baseline=88.6,
        lead="卫健委",
        values={2024: 91.2, 2025: 92.4},
        source="妇幼卫生年报",
    ),
    dict(
        code="FN-JK-04",
        plan="妇女",
        domain="健康",
        name="婚前医学检查率",
        measure="%",
        direction=">=",
        target=70,
        midterm_target=70,
        baseline=58.0,
        lead="卫健委",
        partners=["民政局"],
        values={2024: 63.0, 2025: 68.1},
        source="妇幼卫生年报",
    ),
    dict(
        code="FN-JK-05",
        plan="妇女",
        domain="健康",
        name="孕产妇住院分娩率",
        measure="%",
        direction=">=",
        target=98,
        baseline=97.1,
        lead="卫健委",
        values={2024: 98.6, 2025: 99.1},
        source="妇幼卫生年报",
    ),
    dict(
        code="FN-JJ-01",
        plan="妇女",
        domain="经济",
        name="就业人员中女性比例",
        measure="%",
        direction=">=",
        target=45,
        baseline=42.3,
        lead="人社局",
        values={2024: 43.9, 2025: 44.2},
        source="人社统计",
    ),
    dict(
        code="FN-JC-01",
        plan="妇女",
        domain="参与决策和管理",
        name="村委会成员中女性比例",
        measure="%",
        direction=">=",
        target=30,
        baseline=24.2,
        lead="民政局",
        partners=["组织部", "妇联"],
        key=True,
        values={2024: 26.0, 2025: 27.5},
        source="村委会换届统计",
    ),
    dict(
        code="FN-HJ-01",
        plan="妇女",
        domain="环境",
        name="农村自来水普及率",
        measure="%",
        direction=">=",
        target=90,
        baseline=84.0,
        lead="水利局",
        values={2024: 89.0, 2025: 91.5},
        source="水利统计",
    ),
    dict(
        code="FN-HJ-02",
        plan="妇女",
        domain="环境",
        name="农村卫生厕所普及率",
        measure="%",
        direction="rising",
        target_text="逐步提高",
        baseline=68.0,
        lead="农业农村局",
        values={2024: 74.0, 2025: 79.0},
        source="农村人居环境统计",
    ),
    dict(
        code="ET-JK-01",
        plan="儿童",
        domain="健康",
        name="婴儿死亡率",
        measure="‰",
        direction="<=",
        target=5.0,
        baseline=5.4,
        lead="卫健委",
        key=True,
        values={2024: 5.2, 2025: 4.8},
        source="妇幼卫生监测",
        period_start_month=10,
        reported_up=True,
    ),
    dict(
        code="ET-JK-02",
        plan="儿童",
        domain="健康",
        name="5岁以下儿童死亡率",
        measure="‰",
        direction="<=",
        target=6.0,
        baseline=7.5,
        lead="卫健委",
        values={2024: 6.6, 2025: 6.3},
        source="妇幼卫生监测",
        period_start_month=10,
    ),
    dict(
        code="ET-JK-03",
        plan="儿童",
        domain="健康",
        name="3岁以下儿童系统管理率",
        measure="%",
        direction=">=",
        target=90,
        baseline=86.0,
        lead="卫健委",
        values={2024: 89.5, 2025: 90.8},
        source="妇幼卫生年报",
    ),
    dict(
        code="ET-JY-01",
        plan="儿童",
        domain="教育",
        name="学前教育毛入园率",
        measure="%",
        direction=">=",
        target=90,
        baseline=85.2,
        lead="教育局",
        key=True,
        values={2024: 87.6, 2025: 88.9},
        source="教育事业统计",
    ),
    dict(
        code="ET-JY-02",
        plan="儿童",
        domain="教育",
        name="九年义务教育巩固率",
        measure="%",
        direction=">=",
        target=96,
        baseline=95.2,
        lead="教育局",
        values={2024: 96.1, 2025: 96.4},
        source="教育事业统计",
    ),
    dict(
        code="ET-JY-03",
        plan="儿童",
        domain="教育",
        name="高中阶段毛入学率",
        measure="%",
        direction=">=",
        target=92,
        baseline=91.2,
        lead="教育局",
        values={2024: 91.0, 2025: 91.4},
        source="教育事业统计",
    ),
    dict(
        code="ET-AQ-01",
        plan="儿童",
        domain="安全",
        name="儿童溺水死亡率",
        measure="/10万",
        direction="falling",
        target_text="持续下降",
        baseline=2.1,
        lead="教育局",
        partners=["公安局", "水利局"],
        key=True,
        values={2024: None, 2025: None},
        no_data="上级未反馈",
        source="死因监测",
    ),
    dict(
        code="ET-FL-01",
        plan="儿童",
        domain="福利",
        name="农村留守儿童关爱服务覆盖率",
        measure="%",
        direction="rising",
        target_text="逐步提高",
        baseline=70.0,
        lead="民政局",
        values={2024: 78.0, 2025: 83.0},
        source="民政统计",
    ),
    dict(
        code="ET-HJ-01",
        plan="儿童",
        domain="环境",
        name="出生人口性别比",
        measure="女=100",
        direction="qualitative",
        target_text="趋于正常",
        baseline=112.0,
        lead="卫健委",
        partners=["公安局"],
        key=True,
        values={2024: 109.3, 2025: None},
        no_data="待核实",
        override={2024: ("未达标", "仍高于107的正常上限")},
        source="出生登记",
    ),
]

# Units that had not reported their 2025 data by the request's due date.
LATE_UNITS = ("民政局", "人社局")

EVIDENCE: list[tuple[str, str, str, int, str, str]] = [
    # category, title, owner, due in days from today (negative: past), status, file reference
    ("组织领导", "县妇儿工委组成人员调整文件", "", -40, "已完成", "档案室 2026-妇儿-01"),
    ("组织领导", "成员单位联络员名单", "", -20, "已完成", "共享盘/迎检/联络员.xlsx"),
    ("制度建设", "成员单位工作职责和议事规则", "", -10, "已完成", "共享盘/迎检/制度"),
    ("会议", "全体（扩大）会议纪要和领导讲话", "", -30, "已完成", "共享盘/迎检/会议"),
    ("会议", "联络员会议记录（两次）", "", 5, "收集中", ""),
    ("规划与分解", "两个规划目标任务分解方案", "", -15, "已完成", "示妇儿工委〔2026〕2号"),
    ("规划与分解", "各成员单位年度工作要点", "", -3, "收集中", "已收22份"),
    ("监测统计", "监测统计数据库和填报说明", "统计局", 7, "收集中", ""),
    ("监测统计", "2025年度监测数据审核记录", "统计局", 12, "未开始", ""),
    ("经费保障", "两个规划实施经费预算批复", "财政局", -2, "未开始", ""),
    ("宣传", "宣传活动图片和报道汇编", "妇联", 8, "收集中", ""),
    ("宣传", "规划知晓率调查报告", "统计局", 15, "未开始", ""),
]


def load_demo(repo: Repository) -> dict[str, int]:
    """Fill an empty database with the sample county; one undo step. Refuses a database with data."""
    if not repo.is_empty():
        raise RuleError("数据库中已有数据，示例数据只能载入空数据库（可用 --db 指定一个新文件）")
    today = repo.today
    cal = repo.calendar()
    meeting_day = today - timedelta(days=50)
    while not cal.is_workday(meeting_day):
        meeting_day -= timedelta(days=1)

    def iso(day: date) -> str:
        return day.isoformat()

    def ago(days: int) -> str:
        return iso(today - timedelta(days=days))

    with repo.transaction("载入示例数据（示范县）", "demo"):
        repo.update_settings(**OFFICE)
        for index, (name, short, kind, aliases) in enumerate(UNITS):
            contact = CONTACTS[index % len(CONTACTS)]
            repo.add_unit(
                name,
                short=short,
                kind=kind,
                aliases=aliases,
                contact=contact,
                phone=f"0000-61{index:02d}{index * 53 % 100:02d}{index % 10}",
                order=(index + 1) * 10,
            )
        meeting = repo.add_meeting(
            "示范县妇女儿童工作委员会全体（扩大）会议暨两规划实施部署会",
            iso(meeting_day),
            kind="部署会",
            source_text=SPEECH,
        )
        ind_ids = _load_indicators(repo)
        m = meeting["id"]
        start = iso(meeting_day)
        soon = iso(cal.add_workdays(today, 2))
        n: dict[str, str] = {}

        def add(tag: str, title: str, lead: str, due: str, **kw: object) -> str:
            item = repo.add_item(title, lead, due, meeting=m, assigned_on=start, **kw)  # type: ignore[arg-type]
            n[tag] = item["number"]
            return item["number"]

        add(
            "edu",
            "落实各学段入学率目标，办好乡镇幼儿园",
            "教育局",
            iso(today + timedelta(days=24)),
            key=True,
            indicators=[ind_ids["学前教育毛入园率"], ind_ids["九年义务教育巩固率"], ind_ids["高中阶段毛入学率"]],
            requirement="确保各学段入学率达到规划目标；加强寄宿制学校管理；办好乡镇幼儿园；做好农村困难家庭学生资助；"
            "关注留守儿童身心健康。",
        )
        add(
            "security",
            "做好农村低保和农村妇女养老保险工作",
            "民政局",
            ago(5),
            partners=["人社局"],
            requirement="继续做好农村最低生活保障和农村妇女养老保险参保工作，应保尽保。",
        )
        add(
            "health",
            "健全妇幼保健网络，提高农村住院分娩率",
            "卫健委",
            soon,
            key=True,
            indicators=[ind_ids["孕产妇住院分娩率"], ind_ids["孕产妇死亡率"], ind_ids["孕产妇系统管理率"]],
            requirement="巩固农村合作医疗成果；健全妇幼保健网络；做好贫困孕产妇救助和流动人口中妇女儿童保健；提高农村住院分娩率。",
        )
        add(
            "water",
            "推进农村安全饮水和改厕工作",
            "水利局",
            ago(8),
            partners=["农业农村局"],
            indicators=[ind_ids["农村自来水普及率"], ind_ids["农村卫生厕所普及率"]],
            requirement="推进农村安全饮水工程和卫生厕所改造，减少传染性疾病和妇科疾病的发生。",
        )
        add(
            "jobs",
            "落实妇女就业创业扶持政策，开展女职工劳动保护检查",
            "人社局",
            ago(20),
            indicators=[ind_ids["就业人员中女性比例"]],
            requirement="落实妇女就业创业扶持政策；开展妇女技能培训；开展女职工特殊劳动保护执法检查。",
        )
        add(
            "screening",
            "开展婚前医学检查和妇女常见病筛查",
            "卫健委",
            iso(today + timedelta(days=40)),
            indicators=[ind_ids["婚前医学检查率"], ind_ids["适龄妇女宫颈癌筛查率"]],
            requirement="提高婚前医学检查率，做好适龄妇女宫颈癌、乳腺癌等常见病筛查。",
        )
        add(
            "ratio",
            "综合治理出生人口性别比，预防和制止家庭暴力",
            "卫健委",
            ago(12),
            key=True,
            partners=["妇联", "民政局", "公安局"],
            indicators=[ind_ids["出生人口性别比"]],
            requirement="严厉打击非法鉴定胎儿性别和选择性别终止妊娠行为；预防和制止家庭暴力；维护离婚妇女和单亲家庭子女合法权益。",
        )
        add(
            "cadres",
            "加大女干部培养选拔力度",
            "组织部",
            iso(cal.add_workdays(today, 3)),
            partners=["人社局", "总工会", "团县委", "妇联"],
            indicators=[ind_ids["村委会成员中女性比例"]],
            requirement="加大女干部培养选拔力度，推动妇女参与公共事务管理。",
        )
        add(
            "plans",
            "对照分解目标制定年度工作要点，按时报送监测数据",
            "各成员单位",
            ago(3),
            requirement="各成员单位对照分解的目标任务制定年度工作要点，按时向统计局和县妇儿工委办报送监测数据和评估报告，确保真实准确。",
        )
        add(
            "publicity",
            "加大两个规划宣传力度，提高群众知晓率",
            "各成员单位",
            iso(today + timedelta(days=30)),
            requirement="各成员单位特别是各乡镇要加大宣传力度，提高群众对两个规划的知晓率。",
        )
        add(
            "stats",
            "建设规划监测统计数据库",
            "统计局",
            ago(2),
            requirement="明确专人负责规划监测统计数据库建设，做好监测数据的收集、汇总和分析。",
        )
        add(
            "towns",
            "把规划实施与乡村振兴工作结合起来",
            "各乡镇",
            iso(today + timedelta(days=26)),
            requirement="各乡镇把两个规划的实施与乡村振兴工作结合起来，统筹推进。",
        )

        # What happened since the meeting, recorded on the units' behalf.
        for tag in n:
            repo.acknowledge(n[tag], on=ago(46))
        repo.record_progress(
            n["edu"],
            "教育局",
            "已制定学前教育三年行动计划，新建乡镇公办幼儿园2所。",
            on=ago(30),
            next_step="推进寄宿制学校标准化建设。",
            source="电话",
            recorded_by="王建华",
        )
        repo.record_progress(
            n["security"],
            "民政局",
            "完成农村低保对象年度复核，新纳入低保对象126人。",
            on=ago(25),
            problems="部分农村妇女养老保险参保意愿不高。",
            source="书面材料",
        )
        repo.remind(n["security"], on=ago(3), method="电话")
        repo.record_progress(
            n["health"],
            "卫健委",
            "妇幼保健网络建设方案已印发，正在开展乡村医生培训。",
            on=ago(14),
            next_step="完成全县孕产妇信息摸底。",
            source="工作简报",
        )
        repo.mark_done(n["water"], on=ago(10), note="安全饮水和改厕工程均已完成年度任务。")
        repo.mark_done(n["jobs"], on=ago(6), note="培训女性劳动者860人次，完成劳动保护执法检查。")
        repo.record_progress(n["ratio"], "卫健委", "联合公安开展打击“两非”专项行动一次。", on=ago(20), source="电话")
        repo.mark_done(n["ratio"], ["公安局"], on=ago(15), note="已完成专项行动。")
        repo.remind(
            n["ratio"],
            ["卫健委", "妇联", "民政局"],
            on=ago(10),
            method="督办通知",
            doc_number=f"示妇儿工委办〔{today.year}〕3号",
        )
        repo.remind(n["ratio"], ["卫健委"], on=ago(4), method="电话")
        repo.request_extension(
            n["stats"],
            "统计局",
            iso(today + timedelta(days=14)),
            "数据库软件招标尚未完成，申请延期两周。",
            approved=True,
            on=ago(4),
        )
        units = repo.units()
        for index, unit in enumerate(units):
            if index % 5 != 3:  # most units sent their work plans on time; a few did not
                repo.mark_done(n["plans"], [unit["name"]], on=ago(5 + index % 4))
        for tag, text in (
            ("publicity", "已制定宣传方案，开展进社区宣传活动。"),
            ("towns", "已将规划任务纳入乡村振兴年度考核。"),
        ):
            for share in repo.item(n[tag])["assignments"][:3]:
                repo.record_progress(n[tag], repo.unit(share["unit_id"])["name"], text, on=ago(7), source="电话")
        repo.add_milestone("全面检查", iso(today + timedelta(days=10)))
        repo.add_milestone("中期评估", iso(today + timedelta(days=35)))
        repo.add_milestone("终期评估", iso(date(meeting_day.year + 2, 12, 31)))
        _load_monitoring(repo, ago)
    return {"units": len(UNITS), "items": len(n), "indicators": len(INDICATORS), "meetings": 1}


def _load_indicators(repo: Repository) -> dict[str, int]:
    """Plans 2021—2030 (mid-term 2025), the indicators, and readings 2021—2025 with their statuses."""
    repo.set_plan("妇女", name="示范县妇女发展规划（2021—2030年）", start_year=2021, end_year=2030, midterm_year=2025)
    repo.set_plan("儿童", name="示范县儿童发展规划（2021—2030年）", start_year=2021, end_year=2030, midterm_year=2025)
    ids: dict[str, int] = {}
    for spec in INDICATORS:
        spec = dict(spec)
        values: dict[int, float | None] = spec.pop("values")
        no_data = spec.pop("no_data", "待核实")
        overrides: dict[int, tuple[str, str]] = spec.pop("override", {})
        lead = spec.pop("lead")
        partners = spec.pop("partners", [])
        ind = repo.add_indicator(
            spec.pop("name"),
            plan=spec.pop("plan"),
            domain=spec.pop("domain"),
            lead=[lead],
            partners=partners,
            baseline_year=2020,
            target_year=2030,
            **spec,
        )
        ids[ind["name"]] = ind["id"]
        first = next((v for v in values.values() if v is not None), None)
        series: dict[int, float | None] = {}
        for data_year in (2021, 2022, 2023):
            if first is None or ind["baseline"] is None:
                series[data_year] = None
            else:  # the road from the baseline to the 2024 figure
                share = (data_year - 2020) / 4
                series[data_year] = round(ind["baseline"] + (first - ind["baseline"]) * share, 1)
        series.update(values)
        late = lead in LATE_UNITS
        for data_year, value in sorted(series.items()):
            if data_year == 2025 and late:
                continue  # not reported yet: the data request chases it
            repo.record_reading(
                ind["id"],
                data_year,
                value,
                no_data_reason="" if value is not None else no_data,
                submitted_by=repo.unit(ind["lead_unit_ids"][0])["contact"],
                submitted_on=f"{data_year + 1}-03-20",
                status="已审核" if data_year < 2025 else "已报",
                confirm=True,
                note="系统导入的历史数据" if data_year < 2024 else "",
            )
            if data_year in overrides:
                verdict, reason = overrides[data_year]
                repo.override_verdict(ind["id"], data_year, verdict, reason)
    return ids


def _load_monitoring(repo: Repository, ago: Any) -> None:
    """The 2025 data request (a few units late and chased), the evidence checklist, publicity and a survey."""
    repo.open_request(2025, ago(12), title="2025年度两个规划监测数据报送", remind_before=3, remind_every=2)
    late = [repo.resolve_unit(name)["id"] for name in LATE_UNITS]
    repo.remind_request(2025, late, on=ago(9), method="电话", note="请尽快报送")
    repo.remind_request(2025, late[:1], on=ago(6), method="催报通知")
    for category, title, owner, due_in, status, ref in EVIDENCE:
        repo.add_evidence(category, title, owner=owner or None, due=ago(-due_in), status=status, file_ref=ref)
    repo.add_publicity("activity", "“两个规划”进社区宣传周", ago(60), unit="妇联", reach=3200)
    repo.add_publicity("activity", "儿童防溺水安全教育进校园", ago(40), unit="教育局", reach=12500)
    repo.add_publicity("activity", "妇女权益保障法律知识讲座", ago(25), unit="司法局", reach=860)
    repo.add_publicity(
        "survey",
        "两个规划群众知晓率抽样调查",
        ago(14),
        unit="统计局",
        sample_size=400,
        awareness=86.5,
        note="城关镇、东河镇各200份",
    )
