"""Test speeches written for the importer, with hand-labelled expectations.

Each expected draft names a phrase of its source sentence (`key`), the units it should find (short names;
`*all_units`, `*all_townships` for collective subjects; `?name` for a name that must be flagged as unknown),
and optionally the deadline and indicator words. TUNED were used while writing the rules; HELD_OUT was
written afterwards and not tuned on.
"""

from __future__ import annotations

from store.demo import SPEECH as DEPLOYMENT

PROGRESS_MEETING = """在全县妇女儿童工作推进会上的讲话
同志们：
今年以来，各成员单位认真落实规划任务，取得了积极成效。下面，我再强调几点。
一、聚焦重点难点，补齐短板弱项
一要抓好儿童安全。教育、公安和水利部门要在暑期前完成中小学生防溺水安全教育，6月底前排查整治危险水域；应急管理局要加强预警信息发布。
二要抓好妇女健康。卫健委要在年底前将适龄妇女宫颈癌筛查率提高到70%以上，并做好孕产妇住院分娩率的统计核实工作。医保局要落实两癌救助政策。
三要抓好社会保障。民政和财政部门要继续做好困境儿童基本生活保障，资金要在9月底前足额发放到位。
二、压实工作责任，形成工作合力
宣传部、团县委和各群众团体要广泛开展两个规划宣传，提高群众知晓率。
审计部门要对儿童福利资金使用情况开展专项审计。
市场监管局、住建局及卫健委要联合开展婴幼儿配方食品和儿童用品质量抽检，10个工作日内报送抽检方案。
司法局与妇联要建立妇女儿童法律援助绿色通道。
三、强化督查问责
县妇儿工委办要加强督查，对工作滞后的单位进行通报。各成员单位要在每季度末向县妇儿工委办报送工作进展。我们要以更加务实的作风，确保各项目标任务如期完成。"""

ARRANGEMENT = """关于落实妇女儿童发展规划中期评估迎检工作的安排意见
为做好中期评估迎检工作，经研究，现就有关事项安排如下：
（一）由统计局牵头，卫健委、教育局配合，于7月10日前完成2022年度监测数据的汇总审核。
（二）各乡镇要对照评估指标逐项自查，7月中旬前形成自查报告。
（三）人社局要会同总工会开展女职工权益保护专项检查。
（四）妇联负责收集整理两个规划宣传资料，近期报送办公室。
（五）县民政局、县教育局：做好农村留守儿童关爱服务工作，确保覆盖率稳步提高。"""

TUNED = [
    (DEPLOYMENT, [
        {"key": "对照分解的目标任务", "units": ["*all_units"]},
        {"key": "确保各学段入学率", "units": ["教育局"], "indicators": ["入学率"]},
        {"key": "巩固农村合作医疗", "units": ["卫健委"], "indicators": ["住院分娩率"]},
        {"key": "婚前医学检查", "units": ["卫健委"], "indicators": ["婚前医学检查"]},
        {"key": "农村低保", "units": ["民政局", "人社局"]},
        {"key": "就业创业", "units": ["人社局"]},
        {"key": "安全饮水", "units": ["水利局", "农业农村局"]},
        {"key": "性别终止妊娠", "units": ["卫健委", "妇联", "民政局", "公安局"]},
        {"key": "女干部", "units": ["组织部", "人社局", "总工会", "团县委", "妇联"]},
        {"key": "监测统计数据库", "units": ["统计局"]},
        {"key": "宣传力度", "units": ["*all_units"]},
        {"key": "乡村振兴", "units": ["*all_townships"]},
    ]),
    (PROGRESS_MEETING, [
        {"key": "防溺水", "units": ["教育局", "公安局", "水利局"], "due": "06-30"},
        {"key": "预警信息", "units": ["应急局"]},
        {"key": "宫颈癌筛查率", "units": ["卫健委"], "due": "12-31", "indicators": ["宫颈癌筛查率"]},
        {"key": "两癌救助", "units": ["医保局"]},
        {"key": "困境儿童", "units": ["民政局", "财政局"], "due": "09-30"},
        {"key": "广泛开展两个规划宣传", "units": ["宣传部", "团县委", "总工会", "妇联", "残联"]},
        {"key": "专项审计", "units": ["?审计部门"]},
        {"key": "配方食品", "units": ["市场监管局", "住建局", "卫健委"], "due": "03-27"},
        {"key": "法律援助", "units": ["司法局", "妇联"]},
        {"key": "加强督查", "units": ["?县妇儿工委办"]},
        {"key": "每季度末", "units": ["*all_units"]},
    ]),
    (ARRANGEMENT, [
        {"key": "汇总审核", "units": ["统计局", "卫健委", "教育局"], "due": "07-10"},
        {"key": "逐项自查", "units": ["*all_townships"], "due": "07-20"},
        {"key": "女职工权益", "units": ["人社局", "总工会"]},
        {"key": "宣传资料", "units": ["妇联"], "due": "04-14"},
        {"key": "留守儿童关爱", "units": ["民政局", "教育局"]},
    ]),
]
