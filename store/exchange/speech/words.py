"""The office's words: verbs that give work, collective subjects, fillers around a subject, exhortations.

Kept apart from the rules so that a word seen in a new text is added here, not in the grammar. Words are
compared with whole tokens from the segmenter, never searched for inside other words (要 is not in 要求).
"""

from __future__ import annotations

import re

# A unit is told to do something: "X要……", "X负责……", "X务必……". Unknown names are flagged with these.
STRONG_VERBS = frozenset(
    {"要", "负责", "牵头", "务必", "必须", "应当", "应", "需", "须", "需要"}
    | {"分工负责", "共同负责", "牵头负责", "具体负责"}
)
# Weaker signs ("X将……", "X确保……", "X抓紧……"): only when the first name is a known unit or a collective.
WEAK_VERBS = frozenset(
    {"将", "抓紧", "确保", "切实", "认真", "立即", "尽快", "全力", "积极", "加快", "继续", "进一步", "负总责"}
)
# "X会同Y……": X leads, Y are partners.
COOPERATE_VERBS = frozenset({"会同", "联合", "协同", "商", "会商"})
# "……，Y、Z配合": partners of the draft before them.
PARTNER_VERBS = frozenset(
    {"配合", "协助", "参与", "协办", "支持", "密切配合", "积极配合", "支持配合", "做好配合", "搞好配合", "全力配合"}
)
# A unit named with no modal word ("县妇联在12月10日前报送……", "县医保局抓好……") is told to do something when
# the verb gives work like these, or when a deadline follows the name.
DIRECTIVE_VERBS = frozenset({"抓好", "做好", "搞好", "抓实", "抓紧", "落实", "完成", "确保", "报送", "上报"})
# A role said on its own ("县教育局要牵头，会同……"): not the task.
ROLE_ONLY = re.compile(r"^(?:牵头|负责|牵头负责|具体负责|负总责|总负责|主抓)\s*[，,、]\s*")
# How several units share a task ("按职责分工负责……"): not part of their names.
MANNER = re.compile(r"(?:要|应|须)?(?:按照?|根据|依照?|依据)(?:各自)?(?:职责|职能|工作职责|职责分工|分工)(?:分工)?$")
# Markers before a subject: "由X牵头", "请X于……", "责成X……", "希望X……".
SUBJECT_MARKERS = frozenset({"由", "请", "责成", "希望", "要求", "交", "交由", "转", "转交"})
LEAD_VERBS_AFTER_YOU = frozenset(
    {"牵头", "负责", "组织", "统筹", "主办", "承办", "具体负责", "牵头负责", "负总责", "办理", "研处", "处理", "阅处"}
)
# Tokens that start with 要 but are not the verb 要 (要求, 要点); every other token starting with 要 is split.
NOT_YAO = frozenset(
    {
        "要求",
        "要点",
        "要素",
        "要害",
        "要是",
        "要么",
        "要不",
        "要不然",
        "要紧",
        "要命",
        "要好",
        "要员",
        "要职",
        "要地",
        "要闻",
        "要务",
        "要领",
        "要诀",
        "要旨",
        "要义",
        "要件",
        "要案",
        "要犯",
        "要塞",
        "要道",
        "要津",
        "要冲",
        "要略",
        "要目",
        "要言",
        "要端",
        "要事",
        "要情",
    }
)
NARRATIVE_TOKENS = frozenset({"了", "已", "已经", "曾", "过"})
PERSON_TITLES = (
    "县长",
    "书记",
    "主任",
    "局长",
    "同志",
    "委员",
    "部长",
    "主席",
    "镇长",
    "乡长",
    "组长",
    "队长",
    "站长",
    "所长",
    "院长",
    "校长",
    "市长",
    "区长",
    "负责人",
    "领导",
)
# A name that ends like an organisation may be an unknown unit ("县供电公司"); anything else is not a unit.
ORG_SUFFIXES = (
    "局",
    "委",
    "办",
    "院",
    "部",
    "会",
    "联",
    "中心",
    "大队",
    "中队",
    "支队",
    "站",
    "所",
    "室",
    "处",
    "科",
    "公司",
    "集团",
    "银行",
    "社",
    "镇",
    "乡",
    "街道",
    "村",
    "社区",
    "园区",
    "小组",
    "专班",
    "指挥部",
    "部门",
    "单位",
    "机关",
    "学校",
    "医院",
    "协会",
    "团",
    "队",
    "厅",
    "署",
)
# Two-character words that the directory's loose matching would take for a unit (政府 → 县政府办).
GENERIC_NAMES = frozenset(
    {
        "政府",
        "县委",
        "县政府",
        "部门",
        "单位",
        "工作",
        "领导",
        "班子",
        "干部",
        "群众",
        "社会",
        "企业",
        "全县",
        "全市",
        "全区",
        "县里",
        "市里",
        "省里",
        "我县",
        "我市",
        "我们",
        "大家",
        "会议",
        "各级",
        "上下",
        "各地",
        "基层",
    }
)

# Collective subjects, by what they expand to. all_units and all_townships are the repository's own.
COLLECTIVE_WORDS: dict[str, tuple[str, ...]] = {
    "all_units": (
        "各成员单位",
        "全体成员单位",
        "所有成员单位",
        "全部成员单位",
        "成员单位",
        "各单位",
        "各有关单位",
        "各相关单位",
        "有关单位",
        "相关单位",
        "各责任单位",
        "责任单位",
        "各牵头单位",
        "各级各部门",
        "全县各级各部门",
        "各地各部门",
        "各地各有关部门",
        "各乡镇各部门",
        "全县各级各有关部门",
        "各级各有关部门",
    ),
    "departments": (
        "各部门",
        "县直各部门",
        "县直各单位",
        "县直相关部门",
        "县直有关部门",
        "县直各有关单位",
        "县直有关单位",
        "县直相关单位",
        "县直各相关单位",
        "各相关部门",
        "各有关部门",
        "有关部门",
        "相关部门",
        "各职能部门",
        "职能部门",
        "县级有关部门",
        "县级各部门",
        "县级相关部门",
        "政府各部门",
        "县政府各部门",
    ),
    "all_townships": (
        "各乡镇",
        "全体乡镇",
        "所有乡镇",
        "各乡镇人民政府",
        "各乡镇政府",
        "乡镇",
        "各镇",
        "各乡",
        "各镇街",
        "各乡镇街道",
        "各镇街道",
        "各乡镇场",
    ),
    "organisations": ("各群团组织", "各群众团体", "各人民团体", "群团组织", "群众团体"),
}
COLLECTIVE_KIND = {word: kind for kind, words in COLLECTIVE_WORDS.items() for word in words}
COLLECTIVE_LABELS = {
    "all_units": "各成员单位",
    "all_townships": "各乡镇",
    "departments": "县直相关部门",
    "organisations": "各群团组织",
}
# Written variants that mean the same collective: "各乡（镇）", "各镇（街道）".
COLLECTIVE_VARIANTS = (
    (re.compile(r"乡[（(]镇[）)]"), "乡镇"),
    (re.compile(r"镇[（(]街道?[）)]"), "镇街道"),
    (re.compile(r"县[（(]市、?区[）)]"), "县市区"),
)

# Around a subject: ordinals and connectives before it, people and adverbs after it.
LEADING_FILLER = re.compile(
    r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，、,]?|首先|其次|再次|最后|"
    r"（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.、．]|"
    r"同时|另外|此外|其中|并且|并|而且|而|也|还|另|对此|为此|下一步|今后|会后|当前|目前|今年|明年|近期|"
    r"此件|该件|本件|上述问题|以上事项|"
    r"特别是|尤其是|重点是|关键是)\s*"
)
TRAILING_FILLER = re.compile(
    r"(?:全体班子成员|班子成员|领导班子|主要负责同志|主要负责人|主要领导|分管领导|负责同志|负责人|全体干部职工|"
    r"干部职工|工作人员|党组|之间|也|还|都|均|更|一定|务必|必须|要|分别|共同|同时|进一步|今年|近期|会后|"
    r"要在|在|于|将|搞好|做好|积极|密切|全力|主动|大力)$"
)
SUBJECT_CUT = re.compile(r"(?:特别是|尤其是|包括|其中|作为).*$")
# "县水利局是……主管部门，要……", "县教育局作为责任主体，要……", "县商务局表示，将……": a topic, then its task.
TOPIC_VERBS = frozenset({"是", "作为", "表示", "承诺", "表态", "提出"})
NAME_SEPARATORS = frozenset({"、", "，", ",", "和", "及", "与", "以及", "同", "跟"})
JOINING_SEPARATORS = frozenset({"和", "及", "与", "以及", "同", "跟"})
TRAILING_GROUP = re.compile(
    r"(?:等)?(?:[两二三四五六七八九十几]个)?(?:有关|相关)?(?:部门|单位|群团组织|群众团体|组织|机关)$"
)

# Exhortations: a requirement made only of these words (and fillers) has no concrete task (一般要求).
GENERAL_WORDS = frozenset(
    {
        "高度重视",
        "重视",
        "提高",
        "认识",
        "统一",
        "思想",
        "统一思想",
        "提高认识",
        "政治",
        "站位",
        "政治站位",
        "提高站位",
        "增强",
        "强化",
        "责任感",
        "紧迫感",
        "使命感",
        "责任",
        "担当",
        "责任担当",
        "明确",
        "任务",
        "明确任务",
        "压紧",
        "压实",
        "扛起",
        "履职",
        "尽责",
        "履职尽责",
        "各司其职",
        "各负其责",
        "密切配合",
        "积极配合",
        "配合",
        "通力合作",
        "协作",
        "加强协作",
        "形成",
        "合力",
        "工作合力",
        "凝聚",
        "抓好",
        "贯彻落实",
        "贯彻",
        "落实",
        "狠抓",
        "认真学习",
        "学习",
        "领会",
        "认真",
        "措施",
        "加强",
        "领导",
        "组织",
        "组织领导",
        "精心",
        "周密",
        "部署",
        "真抓实干",
        "主动",
        "作为",
        "主动作为",
        "攻坚克难",
        "攻坚",
        "克难",
        "做好",
        "准备",
        "提前",
        "确保",
        "取得",
        "实效",
        "务求实效",
        "落到实处",
        "落地见效",
        "见效",
        "工作",
        "各项",
        "切实",
        "进一步",
        "扎实",
        "全力",
        "积极",
        "坚决",
        "务必",
        "一定",
        "要",
        "把",
        "的",
        "和",
        "与",
        "将",
        "抓",
        "好",
        "起来",
        "行动",
        "迅速",
        "全力以赴",
        "底线",
        "守住",
        "坚决守住",
        "作风",
        "转变",
        "求真务实",
        "以",
        "更加",
        "务实",
        "态度",
        "决心",
        "信心",
        "坚定",
        "自觉",
        "意识",
        "大局",
        "全局",
        "观念",
        "强化责任",
        "压紧责任",
        "压实责任",
        "传导",
        "压力",
        "层层",
        "逐级",
        "到位",
        "到人",
        "有力",
        "有序",
        "推进",
        "开展",
        "形成工作合力",
        "加强组织领导",
        "抓好贯彻落实",
        "认真学习领会",
        "各项工作",
        "工作任务",
        "目标任务",
        "任务落实",
        "主体责任",
        "一岗双责",
        "当前",
        "头等大事",
        "重要",
        "政治任务",
        "大事",
        "举一反三",
        "汲取",
        "教训",
        "警钟长鸣",
        "常抓不懈",
        "结合",
        "实际",
        "本地",
        "本部门",
        "本单位",
        "职责",
        "分工",
        "按照",
        "根据",
        "要求",
        "精神",
        "决策",
        "部署要求",
        "查找",
        "差距",
        "对照",
        "找准",
        "短板",
        "弱项",
        "补齐",
        "绷紧",
        "这根弦",
        "弦",
        "序时",
        "进度",
        "序时进度",
    }
)
