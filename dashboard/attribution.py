"""Speaker attribution: article text -> statements with speaker, actor, group, cue and pattern.

Splitting (:func:`split_statements`): a statement is a sentence ending in 。！？；… (or ``!?;``), with
closing quotes and brackets attached; a quotation (“”, 「」, 『』, ﹁﹂, ASCII ``"``) is atomic, so a
quotation spanning several sentences stays one statement. After a quotation ending in sentence-final
punctuation the statement ends, unless a short speaker + reporting verb follows (``“……。”外交部发言人称。``,
``“……。”他说，“……。”``), which stays attached. Concatenating a paragraph's statements gives the
paragraph back, modulo whitespace between statements.

Attribution (:func:`attribute_article`), per statement, on the simplified text (``segment.to_simplified``
is length-preserving, so offsets hold for traditional text) with quotation contents masked:

1. Each reporting verb outside quotes (``REPORTING_VERBS``; 称 inside 声称/堪称/名称…, 说 inside 据说/
   小说…, verbs after 的/被 are rejected) has a subject span: back to the previous clause boundary
   (，；：。 or the end of a speech quotation). The subject span is read as ``[据] SPEAKER [adverbials]``:
   the speaker ends where the first adverbial marker starts (当地时间, 12日, 在, 对, 就, 接受, 发表, 还,
   也 …, never inside a registered alias). ``X发表声明，表示…`` takes its speaker from the previous clause.
2. The speaker phrase must look like one: it starts with an alias, a group prefix, 我, a name or 《,
   and ends with an alias, a title (发言人, 大使, 所长 …), an institution word (外交部, 公报, 智库 …), a
   name or 》. Anaphora (该发言人, 这位大使, 他, 她, a bare 发言人) take the latest matching speaker of the
   article; names introduced with a title (美国驻北约大使约翰·卡特) become per-article aliases (卡特).
3. The first verb with a valid speaker gives the statement's speaker; later ones (外交部发言人指出，北约
   在公报中反复宣称…) do not change it (pattern ``nested``).
4. No construction: within a paragraph, a statement after an attributed one continues that speaker
   (``continuation``) unless it opens with a narration marker (据悉, 据了解, 记者注意到 …); a new
   speaker ends the turn, except one introduced by a distancing verb (宣称, 声称, 鼓吹 …), which is
   reported speech inside the turn (``nested``). Everything else is narration (the outlet).

5. A quotation left open at a paragraph end (Chinese typesetting repeats “ at each paragraph start and
   closes only at the end) is masked to the paragraph end, and its speaker carries into the next
   paragraph when that one opens with a quotation mark.
6. Press-conference transcripts: a paragraph opening with ``问：`` / ``追问：`` / ``XX记者：`` is a question
   (narration); one opening with ``答：`` or ``NAME：`` (a registered person / title) is the spokesperson's
   answer (``press_qa``), which continues over following paragraphs until the next question.
7. Several speakers in one phrase (A和B, A、B及C, 美澳两国外长, 中欧联合…) are ``joint``: their group when
   shared (actor = the first one's), else group 其他. A medium relaying an identifiable speaker
   (援引X的话说, 据…报道，X称) gives X. A bare title (专家表示, 另一位外交官) never falls back to the latest
   speaker; 声明/公报 refer to whoever was last said to issue one.

8. Second held-out round (tests/heldout2): a sentence with a second speaker after a contrast marker
   (``A表示…，B则认为…`` / ``B也表示``) is cut at that comma into two statements (not for the speaker's
   own side, 美方也…, nor inside a medium's report); a paragraph ending in ``表示：`` hands its speaker
   to the next paragraph; a clause holding only adverbials (…时，在回答提问时表示) takes the speaker of
   the clause before; a relative clause before a title is a descriptor (参与会谈的美国官员); 报道称 /
   文章指出 / 该社称 refer to the latest medium (also one that relayed an inner speaker); interview
   answers (``周明远：``) belong to a person the narration introduced with a title, and a line headed
   by a medium's name (``环球时报：``) is a question; ``综合外媒报道`` and ``(记者|OUTLET)注意到`` are the
   outlet (what follows is read on its own, but ``…，却…`` after it stays the outlet's comment, as does
   ``X声称…，却…`` when nobody else holds the turn); sentences after ``宣布`` / ``声称`` do not continue
   the turn unless they are quotations; negated (未提及), nominal (进行了报道, 表态中) and subordinate-clause
   (…反对访问台湾后，) verbs are not reports.

9. Third held-out round (tests/heldout3): names printed in Latin script (北约秘书长Mark Rutte, 研究员John
   Miller) end a speaker phrase (a registered person by English name, else whoever the title names) and
   become short names (Rutte称); a Latin gloss in brackets (（Mark Rutte）, （CNN）) is dropped; an
   unprefixed state office (外交部 / 总统府发言人 / 国防部) in an outlet abroad is its own country's
   (:meth:`Registry.resolve_home`: a Taiwan outlet's 外交部 is Taiwan's, a Singapore outlet's Singapore's);
   bare 双方 / 两国 and a joint text first mentioned as issued by both sides or by two named groups
   (双方发表《…联合声明》, 中国—东盟外长会…发表联合声明) are ``joint`` (其他); a speaker only becomes a
   document's issuer when issuing it (发表/发布… before the word), not when talking about it; ``在X看来，``
   is X's view (cue 看来); ``受访`` ends a speaker phrase; 委员/立委 are titles; ``有记者问，…，X回答说，…``
   is cut before the answer; a speaker introducing a list (声明列出了以下要点：) owns the items that follow
   while they end in ；; the outlet naming itself (观察者网此前报道) is narration; 介绍 reports only before
   punctuation or 说; ``说了什么`` is a question, not a report; an unknown title + name needs a surname.

10. Later rounds (tests/heldout4 … heldout21; each rule has its unit test in tests/test_attribution.py,
   grouped by round) add, among others: a document reproduced in full under its title or ``全文如下：``
   speaks for its issuer (both sides for a joint text) up to its date line, a side's own point
   (越方重申…) staying that side's; TV transcripts (``【同期】TITLE NAME`` heads own the paragraphs below,
   a reporter's live line is read sentence by sentence); posts (``NAME @handle · date`` headers,
   ``— NAME (@handle)`` signatures, ``官方X账号@handle`` tails); a signed column or op-ed is its author's
   voice; reporting chains end at their source (据法新社报道，朝中社援引朝鲜外务省…); views held without a
   reporting verb (X的判断是, 用X的话说, ——这是X…的观点, X称之为“…”); a newly named person acting in the
   outlet's sentence ends a turn and becomes the next 他 / 她 (she skips a man already called 他);
   anonymity notes, the outlet as subject, reactions without words, unnamed voices (岛内也有不少声音…)
   and conclusions (综上) are narration; lists of office holders; bracketed glosses (英文原名, 简称BIS)
   neither cut a sentence nor end a clause, and a Latin short form names its body later.

Resolution goes through :meth:`Registry.resolve` (aliases, longest alias contained, group prefixes);
when only the group can be inferred from the title the actor is the speaker phrase (``title_group``);
when nothing is inferable the group is 未识别 (``unresolved``). Statements are never dropped.

``CONFIDENCE`` gives a fixed, documented score per pattern (a prior from the labelled set, not a
calibrated probability).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from dashboard.registry import ActorRef, Registry, strip_descriptors
from dashboard.schema import NARRATOR_GROUP, UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN
from dashboard.segment import to_simplified

#: Pattern id -> description. Precedence when several apply: reported, quote_first, anaphora,
#: short_name, title_group, unresolved, nested, second_verb, institutional, adverbial, speaker_quote,
#: speaker_verb; press_qa (transcript lines) and joint (several speakers) are decided before these.
PATTERNS: Final[dict[str, str]] = {
    "speaker_verb": "[title] NAME [adverbials] VERB，content (外交部发言人表示，…)",
    "speaker_quote": "speaker, verb, then a quotation (北约秘书长表示：“……”)",
    "quote_first": "quotation first, speaker after (“……。”外交部发言人称。 / ……，”他说。)",
    "adverbial": "a long adverbial (>= 10 characters) between speaker and verb (…当地时间7月12日在…时称)",
    "second_verb": "a second verb for the same speaker in the sentence (…表示，…，并称“…”)",
    "short_name": "short name introduced earlier in the article (约翰·卡特 … 卡特称)",
    "anaphora": "anaphoric speaker (该发言人 / 这位大使 / 他 / 她 / 发言人) -> the latest matching speaker",
    "continuation": "no new speaker: continues the previous speaker of the paragraph",
    "institutional": "an institution or document speaks (北约声称…, 联合公报称…, 法国担心…)",
    "reported": "reported speech of a medium (据日媒《日经亚洲》报道，… / 路透社报道称)",
    "nested": "the speaker reports another actor's words; the statement stays the speaker's",
    "title_group": "speaker not in the registry; group inferred from the title (美智库…所长, 日本首相)",
    "unresolved": "a speaker nobody can place: surface speaker kept, group 未识别",
    "joint": "several speakers or a joint text (A和B表示 / 美澳两国外长 / 中欧联合声明): their shared group, "
    "else 其他",
    "press_qa": "press-conference transcript: an answer (答：… / 郭嘉昆：…) belongs to the spokesperson; "
    "questions (问：… / 法新社记者：…) are narration",
    "narration": "the outlet's own voice",
}

#: Fixed confidence per pattern (documented priors, in [0, 1]).
CONFIDENCE: Final[dict[str, float]] = {
    "speaker_verb": 0.9,
    "speaker_quote": 0.95,
    "quote_first": 0.9,
    "adverbial": 0.85,
    "second_verb": 0.9,
    "short_name": 0.85,
    "anaphora": 0.75,
    "continuation": 0.7,
    "institutional": 0.8,
    "reported": 0.8,
    "nested": 0.85,
    "title_group": 0.7,
    "unresolved": 0.5,
    "joint": 0.7,
    "press_qa": 0.85,
    "narration": 0.6,
}

#: Reporting verbs (simplified; traditional text is converted before matching).
REPORTING_VERBS: Final = (
    "补充说",
    "表示",
    "指出",
    "强调",
    "重申",
    "宣称",
    "声称",
    "透露",
    "正告",
    "认为",
    "呼吁",
    "敦促",
    "警告",
    "回应",
    "坦言",
    "批评",
    "谴责",
    "主张",
    "介绍",
    "提到",
    "坚称",
    "直言",
    "表态",
    "说道",
    "表明",
    "宣布",
    "承认",
    "否认",
    "抨击",
    "反驳",
    "驳斥",
    "质疑",
    "提醒",
    "告诉",
    "写道",
    "担心",
    "担忧",
    "希望",
    "相信",
    "确认",
    "暗示",
    "称赞",
    "赞扬",
    "欢迎",
    "直指",
    "痛批",
    "喊话",
    "提出",
    "坦承",
    "估算",
    "炮轰",
    "回怼",
    "怒批",
    "呛声",
    "怒斥",
    "提及",
    "解释",
    "预计",
    "回答",
    "报道",
    "援引",
    "披露",
    "证实",
    "表达",
    "认定",
    "宣告",
    "要求",
    "反对",
    "妄称",
    "辩称",
    "祝贺",
    "鼓吹",
    "渲染",
    "补充道",
    "补充称",
    "反问",
    "质问",
    "同意",
    "形容",
    "分析",
    "调侃",
    "吐槽",
    "感叹",
    "直呼",
    "配文",
    "显示",
    "坚持",
    "评价",
    "评论",
    "嚷嚷",
    "叫嚣",
    "扬言",
    "鼓噪",
    "放话",
    "指责",
    "回击",
    "阐述",
    "留言",
    "称",
    "说",
    "指",
)
#: Verbs that report a claim at a distance: inside another speaker's turn they do not open a new turn.
DISTANCING_VERBS: Final = frozenset({"宣称", "声称", "妄称", "鼓吹", "渲染", "嚷嚷", "叫嚣", "扬言", "鼓噪", "放话"})
_MEDIA_VERBS: Final = frozenset({"报道", "援引", "披露"})
#: Regional spellings of a reporting verb, read as the mainland one (same length: offsets hold).
_VERB_SYNONYMS: Final = {"报导": "报道", "引述": "援引"}


def _mainland_spelling(simplified: str) -> str:
    """Taiwan's 報導 / 引述 as 报道 / 援引, so every rule that knows the mainland verb reads them too."""
    for regional, mainland in _VERB_SYNONYMS.items():
        simplified = simplified.replace(regional, mainland)
    return simplified

#: Members of the public (货运司机 / 当地居民 / 一名游客): a speaker nobody can place (group 未识别).
PUBLIC_HEADS: Final = (
    "司机",
    "居民",
    "村民",
    "渔民",
    "农民",
    "牧民",
    "游客",
    "旅客",
    "乘客",
    "店主",
    "商户",
    "摊主",
    "商人",
    "学生",
    "留学生",
    "家长",
    "工人",
    "员工",
    "职员",
    "医生",
    "护士",
    "船长",
    "船员",
    "企业主",
    "投资者",
    "受访者",
    "目击者",
    "志愿者",
    "经营者",
    "从业者",
    "消费者",
    "老人",
    "华人",
    "华侨",
    "侨胞",
    "球迷",
    "选民",
    "示威者",
    "抗议者",
    "僧人",
    "信众",
    "信徒",
    "难民",
    "移民",
    "农场主",
    "船东",
    "业主",
    "导游",
    "厨师",
    "教师",
    "律师",
    "退伍军人",
    "士兵",
    "军人",
    "年轻人",
    "妇女",
    "男子",
    "女子",
)
#: Person titles ending a speaker phrase.
TITLE_HEADS: Final = (
    "新闻发言人",
    "发言人",
    "高级代表",
    "代表",
    "大使",
    "部长",
    "大臣",
    "首相",
    "副总统",
    "总统",
    "总理",
    "秘书长",
    "所长",
    "主任",
    "教授",
    "学者",
    "官员",
    "高官",
    "专家",
    "研究员",
    "主席",
    "领导人",
    "司令",
    "局长",
    "负责人",
    "议员",
    "顾问",
    "外长",
    "防长",
    "国务卿",
    "特使",
    "幕僚长",
    "参赞",
    "司长",
    "署长",
    "院长",
    "行长",
    "总裁",
    "分析师",
    "评论员",
    "博士",
    "国王",
    "首脑",
    "元首",
    "议长",
    "次长",
    "长官",
    "报道官",
    "政客",
    "参谋长",
    "指挥官",
    "将军",
    "校长",
    "会长",
    "理事长",
    "总干事",
    "人士",
    "记者",
    "法官",
    "成员",
    "外交官",
    "高管",
    "委员",
    "立委",
    "大校",
    "上校",
    "中校",
    "少校",
    "少将",
    "中将",
    "上将",
    "准将",
    "人员",
    "审议官",
    "参事官",
    "次官",
    "检察官",
    "专员",
    "秘书",
    "讲师",
    "学家",
    "策略师",
    "经理",
    "董事长",
    "首席执行官",
    "创始人",
    "合伙人",
    "主编",
    "总编辑",
    "员",
    *PUBLIC_HEADS,
)
#: Institution / document words ending a speaker phrase.
INSTITUTION_HEADS: Final = (
    "外交部",
    "国防部",
    "商务部",
    "外务省",
    "防卫省",
    "委员会",
    "政府",
    "使团",
    "办公室",
    "中央",
    "首相府",
    "总统府",
    "总理府",
    "秘书处",
    "部门",
    "机构",
    "网络",
    "大使馆",
    "使馆",
    "使领馆",
    "代表团",
    "代表处",
    "办事处",
    "领事馆",
    "总领事馆",
    "领事馆",
    "总领馆",
    "当局",
    "组织",
    "联盟",
    "峰会",
    "公报",
    "声明",
    "报告",
    "文件",
    "社论",
    "文章",
    "媒体",
    "智库",
    "研究所",
    "中心",
    "大学",
    "学院",
    "新闻稿",
    "白宫",
    "五角大楼",
    "国会",
    "议会",
    "部",
    "省",
    "署",
    "局",
    "厅",
    "院",
    "方",
    "媒",
    "报",
    "网",
    "网站",
    "杂志",
    "周刊",
    "社",
    "电视台",
    "电台",
    "军",
    "队",
    "会",
    "宣言",
    "公司",
    "集团",
    "协会",
    "商会",
)
#: Unnamed speakers nobody can place (group 未识别).
GENERIC_SPEAKERS: Final = (
    "分析人士",
    "观察人士",
    "业内人士",
    "知情人士",
    "消息人士",
    "有关人士",
    "专家",
    "学者",
    "批评者",
    "评论人士",
    "外交官",
    "官员",
    "网民",
    "网友",
    "民众",
    "有识之士",
    "业界人士",
    "市民",
    *PUBLIC_HEADS,
)

_OPEN_TO_CLOSE: Final = {"“": "”", "「": "」", "『": "』", "﹁": "﹂", "﹃": "﹄"}
_CLOSE_TO_OPEN: Final = {v: k for k, v in _OPEN_TO_CLOSE.items()}
_OPENER_RE: Final = re.compile("[" + "".join(_OPEN_TO_CLOSE) + "]")
_TERMINATORS: Final = frozenset("。！？；!?;….")
_TRAILERS: Final = frozenset('。！？；!?;…”」』﹂﹄’）)"')
_SPEECH_QUOTE_END: Final = frozenset("。！？；!?;…，,：:")
_CLAUSE_BOUNDARY: Final = frozenset("，,；;：:。！？!?…")
_MASK: Final = "□"
_QUOTE_CHAR_RE: Final = re.compile('["“”「」『』﹁﹂﹃﹄]')
#: Sentence ends; an ASCII period only before whitespace, a closing quote, CJK text or the end (not 3.5).
#: A short heading or speaker label before a quotation or an item (联合国： / ▲英国外交部： / **韩国**：).
_HEADING_LEAD_RE: Final = re.compile(r"[▲▼●■◆★☆►•·\-*\s]*[^，,。：:；;“”「」『』\s]{1,16}\s*[：:]")
_COLON_SPEAKER_RE: Final = re.compile(
    r"\s*(?:[▲▼●■◆★☆►•]\s*)?([^，,。：:；;“”「」『』\s□]{2,20}?)\s*[：:]\s*(?=[“「『\"□])"
)
#: A speech excerpt: its opening line and its closing mark.
_EXCERPT_INTRO_RE: Final = re.compile(
    r"(?:以下为|以下是|下面是|现将)[^：:，。]{0,20}?(?:讲话|演讲|致辞|发言|讲稿|答问)[^：:，。]{0,8}[：:]\s*$"
)
_EXCERPT_END_RE: Final = re.compile(r"\s*[（(](?:摘录|全文|节选|讲话)?完[）)]\s*$")
_GAVE_SPEECH_RE: Final = re.compile(r"(?:发表|作)(?:了)?[^，,。]{0,40}?(?:讲话|演讲|致辞|主旨演讲)|致辞")
#: The author note that closes a signed commentary: （作者是/系/为 AFFILIATION + TITLE）.
_AUTHOR_NOTE_RE: Final = re.compile(r"^\s*[（(]\s*(?:本文)?作者(?:是|系|为|係|為)([^。）)，,]{2,60})")
#: A columnist's byline (【文/观察者网专栏作者 许明哲】 / 文｜特约评论员 王某): the body is the author's voice.
_COLUMN_BYLINE_RE: Final = re.compile(
    r"[【\[]?\s*文\s*[/／|｜]\s*[^】\]\n]{0,12}?(?:专栏作者|特约作者|特约评论员|专栏作家|特约撰稿人)\s*([\u4e00-\u9fff·]{2,8})\s*[】\]]?"
)
#: A Latin short form closing a bracket after a name: （…，简称BIS） / （US-China Business Council，USCBC） / （IAEA）.
_SHORT_FORM_RE: Final = re.compile(r"[（(](?:[^（）()\n]{0,80}?(?:简称|，|,)\s*)?([A-Z][A-Za-z]{1,7})[）)]")
#: A bracketed gloss or aside with no bracket inside (its punctuation cuts no sentence and ends no clause).
_PAREN_SPAN_RE: Final = re.compile(r"[（(][^（）()\n]{1,120}[）)]")
_PAREN_PUNCT_RE: Final = re.compile(r"[，,：:；;]")
_TERM_RE: Final = re.compile('[。！？；!?;…]|\\.(?=\\s|$|["”」』\u4e00-\u9fff])')

_VERB_ALT: Final = "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))
_VERB_RE: Final = re.compile(_VERB_ALT)
_QUOTE_OPENERS: Final = '“「『﹁﹃"'
_TAIL_RE: Final = re.compile(
    r"\s*(?:(?:在|于|当地时间)[^。！？；!?;“”「」『』﹁﹂﹃﹄\"，,：:]{1,20}[，,]"  # ”在茶歇间隙，一位代表说。
    r"|(?:谈到|谈及|说到|提到|谈起|对于|针对|关于)[^。！？；!?;，,：:]{1,40}?时?[，,])?"  # ”谈到…合作时，X这样说。
    r"[^。！？；!?;“”「」『』﹁﹂﹃﹄\"，,：:]{1,80}?(?:" + _VERB_ALT + r")(?:道|[^。，,]{0,6}?记者|媒体)?\s*(?=[。！？；!?;，,：:])"
)
_CONNECTIVE_RE: Final = re.compile(
    r"(?:\s|[▲▼●■◆★☆►•]|#[^#\n]{1,20}#|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|[0-9０-９]{1,2}、|而且|而|但是|但|不过|同时|此外|另外|随后|对此|其中|与此同时|然而|并且|因此|同样|就此|对于此事|另|亦(?=有)|也(?=有)"
    r"|当地时间|[0-9０-９一二三四五六七八九十]+(?:年|月|日|号)|[今昨前明][（(][0-9０-９]{1,2}[）)]日|上午|下午|晚间|晚些时候|早些时候|当天|当日|同日|次日"
    r"|还(?=有)|值得注意的是[，,]?|耐人寻味的是[，,]?|有意思的是[，,]?|值得一提的是[，,]?|需要指出的是[，,]?|就在[^，,。]{1,8}[，,]?"
    r"|[0-9０-９]{1,2}(?:时|點|点)(?:[0-9０-９]{1,2}分)?许?[，,]?|[0-9]{1,2}[:：][0-9]{2}[，,]?)+"
)
_MARKER_RE: Final = re.compile(
    r"当地时间|[0-9０-９]+(?:年|月|日|号)|[今昨前明][（(][0-9０-９]{1,2}[）)]日|[一二三四五六七八九十两]+(?:月|日)|(?<![所存实内])在(?!野)|于|就|(?<![反相绝面核])对|针对|向|通过|借|据"
    r"|接受|受访|出席|参加|会见|访问|答|回答|回应(?=[^，,：:。]{1,12}?时)|谈及|谈到|被问及|会后|会前|会上|当天|当日|同日|次日|翌日|隔日|隔天|这样|如此|这么|作为|今年|去年|前年|年初|年底|上月|本月|彼时|先前|早先|稍早前|刊文|昨(?![天日晚])|随后|此前|日前"
    r"|近日|近来|近期|连日来|连日|今天|昨天|今日|昨日|本周|上周|周[一二三四五六日末]|星期|也|还|则|又|更|亦|均|曾|再次|一再|多次"
    r"|公开|明确|同样|进一步|反复|随即|不断|甚至|积极|充分|都|一贯|一向|始终|历来|仅|只(?!是)|以(?=[^，,。]{1,15}?(?:形容|称呼|定性|描述|为由|名义))|早前|早些时候|已|先后|首次|发表|发布|发文|撰文|致信|致函"
    r"|召开|举行|报道|援引|正式|罕见|专门|特别|不久前|上午|下午|晚间|深夜|稍早|稍后|当晚|分别|共同(?!主席)|纷纷|一致"
    r"|再度|相继|率先|直接|普遍|(?<![继连持手陆延])续|其后|拒绝|婉拒|不愿|转发|转载|发帖|返回|抵[\u4e00-\u9fff]{1,3}?后|抵达|飞抵|结束对|离开|前往|回[复覆](?=[^，,：:。]{1,12}?时)|透过|经由|从|坚决|强烈|严正|郑重|高度|不(?!丹)|同时|并|私下|一方面|首先|最后|随后|分析(?!人士|师|家|员)"
)
_ANAPHOR_RE: Final = re.compile(
    r"(?:该名|这名|这位|这些|那些|这两位|这几位|这份|该份|此份|同一位|同一名|同一个|同一|该|此位|上述|那位)(?=[\u4e00-\u9fff])"
)
_PLURAL_ANAPHORS: Final = frozenset({"这些", "那些", "这两位", "这几位"})
_PRONOUN_RE: Final = re.compile(r"(?:他们|她们|他|她)(?![国人方乡])")
_DOT_NAME_RE: Final = re.compile(r"[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})+")
#: Person titles as one regex alternation, longest first (shared by the title-based patterns below).
_TITLE_ALT: Final = "|".join(sorted(TITLE_HEADS, key=len, reverse=True))
_TITLE_NAME_RE: Final = re.compile(
    "(?:" + _TITLE_ALT + r")([\u4e00-\u9fff]{2,6})$"
)
_TITLE_DOT_NAME_RE: Final = re.compile(
    "(?:" + _TITLE_ALT + r")[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})+$"
)
#: A stance verb whose object is only the stance itself, up to the end of the sentence (…表明严正立场。).
#: After 回应: only the topic answered, up to the sentence end (回应…一事。 / 回应有关报道。).
_TOPIC_ONLY_RE: Final = re.compile(
    r"(?![称说道指表])[^，,。：:；;“”「」！？]{0,40}(?:一事|此事|事件|问题|报道|言论|举动|做法|指责|关切)\s*[。！]"
)
_EMPTY_STANCE_RE: Final = re.compile(r"了?(?:严正|坚定|明确|鲜明|有关|相关|自身|本国|中方|一贯)?的?(?:立场|态度)?\s*[。！；;]")
#: Words that end a title + noun phrase without being a personal name (成员名单 / 人员情况).
_NOT_NAME_TAILS: Final = ("名单", "情况", "问题", "计划", "方案", "内容", "措施", "消息", "文件", "报告", "会议", "组成")
_SURNAMES: Final = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔汤区温于骆邝麦冼岑庄柯翁洪卓施游甘蓝祝章聂乔阎倪殷傅阮凌车包单纪牛邢滕关霍容辛欧司"
)
#: Common two-character Japanese family names (a four-character name 佐藤健太 is a person's).
_JP_SURNAMES: Final = frozenset(
    {"佐藤", "铃木", "高桥", "田中", "渡边", "伊藤", "山本", "中村", "小林", "加藤", "吉田", "山田", "山口", "松本", "井上", "木村", "清水",
     "山崎", "池田", "桥本", "阿部", "石川", "山下", "中岛", "石井", "小川", "前田", "冈田", "藤田", "后藤", "近藤", "村上", "远藤", "青木",
     "坂本", "斋藤", "福田", "太田", "西村", "藤井", "金子", "冈本", "藤原", "中野", "三浦", "原田", "中川", "松田", "竹内", "小野", "田村",
     "中山", "和田", "石田", "森田", "上田", "内田", "柴田", "酒井", "宫崎", "横山", "高木", "安藤", "宫本", "大野", "岛田", "工藤", "高田",
     "谷口", "野口", "菅原", "浅野", "河野", "岸田", "安倍", "石破", "茂木", "林田", "小泉", "岩屋", "大岛", "松下", "丰田", "本田", "吉川",
     "西田"}
)
_NOT_NAMES: Final = frozenset(
    {"高层", "方面", "高官", "金融", "石油", "江湖", "马上", "周边", "任何", "许多", "孙子"}
)
_NARRATION_START_RE: Final = re.compile(
    r"\s*(?:据悉|据了解|据报道|据介绍|据统计|据称|据说|记者注意到|记者了解到|本报记者"
    r"|资料显示|公开资料显示|数据显示|统计显示|另据|与此同时|(?:当地时间)?[0-9０-９]+月[0-9０-９]+日"
    r"|这是[^，,。]{0,30}?(?:首次|首度|第[一二三四五六七八九十两0-9０-９]+(?:次|度|回)))"
)
#: The outlet compiling reports (综合外媒报道，…): not a speaker; the sentence goes on as narration.
_COMPILED_RE: Final = re.compile(r"\s*综合[^，,。：:“”「」]{0,10}?(?:消息|报道|电)\s*[，,：:]?")
#: The outlet's journalists at work (记者还采访了… / 本报记者联系了…): narration, ends a turn.
#: What may open a sentence before 记者 (a hashtag, a connective, a date).
_REPORTER_LEAD: Final = r"\s*(?:#[^#\n]{1,20}#\s*)?(?:此外|另外|同时|与此同时|随后|此前|[0-9０-９]+日)?[，,]?\s*"
_REPORTER_ASKS_RE: Final = re.compile(
    _REPORTER_LEAD + r"[^，,。：:“”「」\s在应答受向对]{0,10}?记者"
    r"[^，,。：:“”「」]{0,10}?(?:采访|专访|联系|询问|走访|致电)"
)
#: The outlet observing (央视记者注意到，… / 记者从外交部获悉，…): what follows is read on its own
#: (记者注意到，X表示… is X's), but a comment on it (…，却…) stays the outlet's.
_REPORTER_SEES_RE: Final = re.compile(
    _REPORTER_LEAD + r"[^，,。：:“”「」\s]{0,10}?记者"
    r"[^，,。：:“”「」]{0,10}?(?:注意到|留意到|了解到|获悉|发现|看到|梳理|查阅)\s*[，,：:]?"
)
#: A contrast clause after a distancing claim (北约声称…，却…): the outlet commenting on the claim.
_CLAIM_REBUTTED_RE: Final = re.compile(r"[，,][^，,。；;]{0,12}?却|一边[^。]{0,60}?一边")
#: Bare media nouns that refer back to the latest medium (报道称 / 文章指出 / 该社称 / 这篇文章说).
_MEDIA_BACKREF_RE: Final = re.compile(
    r"(?:该|这篇|此篇|这家|该家|上述)?(?:报道|文章|通讯社|媒体|网站|杂志|报纸|电视台|报|社|文|刊|台|网)"
)
#: A side stating its stance in a readout or joint text (越方支持… / 中方赞赏… / 双方欢迎…).
_SIDE_STANCE_RE: Final = re.compile(
    r"\s*([\u4e00-\u9fff]{1,3}方)(?:也|还|则|同样|高度|积极|坚定|坚决|充分|一致|均)*"
    r"(支持|赞赏|欢迎|感谢|祝贺|尊重|理解|肯定|赞同|重视|高度评价)"
)
#: A social-media account after its owner (官方X账号@ChnEmbassy_jp / 官方微博 / 推特账号).
_ACCOUNT_TAIL_RE: Final = re.compile(
    r"(?:的)?(?:官方)?(?:X|推特|微博|脸书|Facebook|Twitter|社交媒体|社交平台)?(?:账号|帐号|官微)\s*(?:@[A-Za-z0-9_]+)?$"
    r"|\s*@[A-Za-z0-9_]{2,30}$"
)
#: Posting in narration (使馆随后又连发两帖 / 该账号又发了一条推文): who posted.
_POSTED_RE: Final = re.compile(
    r"\s*([\u4e00-\u9fff]{2,6}?)(?:随后|随即|此后|当天|之后)?(?:又|还|再)?(?:连)?发(?:了|布了)?[一两三四五六七八九十数多几]?(?:条|则)?(?:帖|帖子|帖文|推文|微博)"
)
#: A post's header line (凯特·莫里斯 @KateMorrisDC · 11月20日 1/3 …): the text after it is the poster's.
_POST_HEAD_RE: Final = re.compile(
    r"\s*([\u4e00-\u9fff·]{2,20})\s*@[A-Za-z0-9_]{2,30}\s*[·•]\s*[^\s]{0,16}?\s*(?:[0-9]{1,2}/[0-9]{1,2}\s*)?"
)
#: A post's signature line after its text (— 山下浩二 Koji Yamashita (@yamashita_koji) 2025年11月19日).
_POST_SIGNATURE_RE: Final = re.compile(r"\s*[—–-]+\s*([\u4e00-\u9fff·]{2,20})[^@\n]{0,40}[（(]@[A-Za-z0-9_]{2,30}[）)].{0,30}")
#: A medium (not the outlet) observing: 路透社注意到，… / 彭博社发现，…
_MEDIA_NOTES_RE: Final = re.compile(r"\s*([^，,。：:；;“”「」□]{2,16}?)(注意到|留意到|发现|了解到|获悉)\s*[，,]")
#: An authored piece named in narration (…网站刊发了乔治城大学副教授X的一篇文章): 文章认为 is the author's.
_AUTHORED_RE: Final = re.compile(
    r"(?:刊发|刊登|发表|刊载|登载)了?([^，,。：:；;“”「」□]{2,40}?)(?:撰写)?的(?:一篇)?(?:署名)?(?:评论)?(?:文章|评论)"
)
#: What the outlet does when it speaks of itself (观察者网注意到 / 本报获悉).
_SELF_SEEING: Final = ("注意到", "留意到", "了解到", "获悉", "发现", "梳理", "查阅")
#: A speaker phrase never starts with a conjunction or preposition (并与日本首相 …).
_NOT_SPEAKER_START: Final = (
    "并与",
    "并同",
    "并和",
    "并",
    "与",
    "和",
    "同",
    "跟",
    "而",
    "但",
    "在",
    "对",
    "向",
    "把",
    "被",
    "将",
)
#: Contrast markers introducing a second speaker inside one sentence (A表示…，B则认为…).
_SECOND_SPEAKER_MARKS: Final = ("则", "也", "亦")
#: The outlet telling what became of the words just quoted (该帖文随后被删除 / 这一表态引发热议): narration.
_ABOUT_THE_WORDS_RE: Final = re.compile(
    r"\s*(?:(?:该|这条|此条|这篇|这则|上述|相关|其|这一|此番|这番|该条)"
    r"(?:帖文|帖子|推文|贴文|视频|动态|博文|文章|声明|帖|表态|言论|讲话|发言|说法|表述|言论|话题|微博|评论|留言)"
    r"[^，,。]{0,6}?(?:被|遭|引发|引起|招致|在网上|在社交媒体上|获得|收获|迅速|随即|目前已|登上|冲上|阅读量|转发量)"
    # 这番话道出了… / 这番判断与多数观察人士… / 这一看法在国内学界… / 两种说法之间的落差…: the outlet on the words
    r"|(?:这番|这一|这种|此番|上述|两种|这两种)(?:话|判断|看法|观点|说法|表态|分析|评估|言论)"
    r"(?:之间)?(?:道出|与|在|并非|也|代表|反映|折射|得到|引起|引发|的落差|的差距|颇|很|不无))"
)
#: Somebody declining to speak (该人士拒绝透露细节 / 截至发稿，白宫尚未回应): the outlet reporting it.
_DECLINED_RE: Final = re.compile(
    r"(?:拒绝|不愿|不肯|婉拒|拒不)就[^，,。；;]{1,24}?(?:置评|评论|表态|回应|作出回应|发表评论)"  # 拒绝就美方是否…置评
    r"|(?:拒绝|不愿|不肯|婉拒|拒不|尚未|未有|未曾|未|没有|并未|并没有|从未)(?:就此|对此)?"
    r"(?:直接|正面|公开|具体|立即|立刻|进一步|明确|正式|点名)?"
    r"(?:透露|评论|置评|回应|回复|回覆|答复|回答|证实|说明|作出回应|发表评论|表示|提及|表态|承认)"
)
#: A role in apposition before the speaker (文章作者、X / 报告作者之一、X).
_APPOSITIVE_ROLE_RE: Final = re.compile(
    r"^(?:(?:该文|文章|这篇文章|报告|该报告|论文|新书|该书)?(?:作者|撰稿人|执笔人)(?:之一)?"
    r"|(?:本台|总台)?(?:特约)?(?:评论员|观察员|嘉宾|专家)|访谈嘉宾|连线嘉宾)[、，,]"
)
#: An unprefixed state office or academic institution (经济部 / 国防科技大学国际关系学院 / 中华经济研究院).
_HOME_HEADS: Final = (
    "大学",
    "学院",
    "研究院",
    "研究所",
    "研究中心",
    "科学院",
    "党校",
    "部",
    "署",
    "局",
    "委员会",
    "办公室",
    "协会",
    "商会",
    "理事会",
    "议会",
)
_HOME_INSTITUTION_RE: Final = re.compile(
    r"[\u4e00-\u9fff]{1,14}?(?:" + "|".join((*_HOME_HEADS, "中央")) + ")"
    r"(?:[\u4e00-\u9fff]{1,10}?(?:学院|研究院|研究所|研究中心|系|中心))?"
)
#: Words that place a speaker somewhere other than the outlet's home (项目所在国 / 该国 / 对方).
_ELSEWHERE_RE: Final = re.compile(r"所在国|该国|这个国家|东道国|对方|有关国家|一些国家|某国|外国|他国|别国|各国|多国")
#: The outlet weighing what was said (两相对照，… / 由此可见 / 岛内舆论对此早有质疑): not a continuation.
_OUTLET_COMMENT_RE: Final = re.compile(
    r"\s*(?:两相对照|相比之下|由此可见|不难看出|颇耐人寻味|耐人寻味|[\u4e00-\u9fff]{0,2}舆论|外界普遍|民调显示)"
)
#: The outlet's reporter opening a story: 记者林嘉欣报道： / 本报驻布鲁塞尔记者 王明 报道
_BYLINE_LEAD_RE: Final = re.compile(
    r"\s*(?:本报|本网|本台|本刊)?(?:驻[\u4e00-\u9fff]{1,8})?(?:特约|特派)?记者\s*[\u4e00-\u9fff·]{2,8}"
    r"(?:[、\s][\u4e00-\u9fff·]{2,8}){0,3}\s*报道\s*[：:]\s*"
)
#: A clause that goes on with the same subject (…发布多张图片，并写道 / …，随后又称).
_SAME_SUBJECT_RE: Final = re.compile(
    r"\s*(?:并且|并|还|也|又|随后又|随后|随即|同时还|同时|此后又|之后又|只|仅|就|便|则|却|则只|也只)?\s*"
    r"(?:严厉|强烈|坚决|严正|郑重|公开|明确|再次|再度|一再|进一步|高度)?\s*"
)
#: A clause holding only adverbials before the verb (…，在回答提问时表示): the speaker is earlier.
_ADVERBIAL_CLAUSE_RE: Final = re.compile(
    r"\s*(?:在|于|当地时间|接受|出席|参加|会见|通过|随后|此前|并在|还在|也在|对(?!此)|就(?!此)|针对|向|回答|答复|回应)"
)
#: Cues after which sentences without a speaker do not continue the turn: an announced act
#: (宣布 …, the next sentence describes events) or a claim reported at a distance (…声称…。事实上…).
#: An agency's figures or account (据X统计，… / 据X消息，…): one sentence, the next is the outlet's
#: unless it goes on with ownerless figures (据不完全统计，…).
_FIGURE_CUES: Final = frozenset({"统计", "数据", "测算", "监测", "调查", "结果", "资料", "消息"})
_MORE_FIGURES_RE: Final = re.compile(r"\s*(?:另)?据(?:不完全)?(?:统计|测算|数据)")
_NO_CONTINUATION_CUES: Final = frozenset({"宣布", "宣告", "看来", *DISTANCING_VERBS, *_FIGURE_CUES})
#: A journalist's question (有记者问：…) or the outlet speaking of itself (本报评论员指出…): narration,
#: and it ends a turn.
_QUESTION_RE: Final = re.compile(
    r"\s*(?:(?:有|另有|一名|一位)?(?:记者|媒体)(?:提问|问|问道|追问)"
    r"|(?:本报|本网|本台|本刊|本社|本报社|编辑部)(?:评论员|特约评论员|记者|编辑部|社评|社论|观点)?(?:文章)?(?:认为|指出|表示|注意到|了解到|获悉|，|：|在))"
)
_SECOND_VERB_RE: Final = re.compile(
    r"[，,]\s*(?:并且|并|还|同时|也|更|随后|随即|此外还|另外还)(?:再次|进一步|明确|公开|一再|多次)?(?:"
    + _VERB_ALT
    + ")"
)
_MEDIA_END_RE: Final = re.compile(r"(?:》|媒|通讯社|[^公情]报|[^公结]社|网|网站|电视台|广播公司|[^再出]版)$")

_TITLE_ENDS: Final = tuple(sorted(TITLE_HEADS, key=len, reverse=True))
_BARE_TITLE_RE: Final = re.compile(
    r"(?:首席|高级|资深|副|常务|执行|前|代理|特别|新闻|一位|一名|多名|多位|有关|相关)*(?:"
    + _TITLE_ALT
    + ")"
)
#: Endings of an organisation's own name (气候行动网络 / 某某基金会): an unplaced body that speaks.
_NAMED_BODY_ENDS: Final = ("组织", "机构", "网络", "联盟", "协会", "基金会", "研究中心", "研究所", "委员会", "理事会")
_SPEAKER_HEAD_ENDS: Final = (*_TITLE_ENDS, *_NAMED_BODY_ENDS)
_LOOSE_INST_ENDS: Final = ("会", "方", "队", "军", "院", "网", "报", "社")
_FIRM_INST_ENDS: Final = (
    "委员会",
    "协会",
    "商会",
    "理事会",
    "研究院",
    "学院",
    "科学院",
    "部队",
    "国务院",
    "法院",
)
_INST_ENDS: Final = tuple(sorted(INSTITUTION_HEADS, key=len, reverse=True))
_GENERIC: Final = frozenset(GENERIC_SPEAKERS)
_GENERIC_ENDS: Final = (*GENERIC_SPEAKERS, "人士", "官员", "消息人士", "外交官")
#: Bare document words that refer back to the latest speaker naming them (联合公报称 after 北约峰会联合公报).
_DOCUMENT_WORDS: Final = frozenset(
    {"公报", "联合公报", "声明", "联合声明", "报告", "文件", "白皮书", "宣言", "联合宣言", "成果文件", "博文", "帖文", "推文",
     "消息稿", "新闻稿", "联合新闻稿", "联合新闻公报", "事实清单", "清单", "通报", "决议", "公告", "通告"}
)
_DOCS_BY_LEN: Final = tuple(sorted(_DOCUMENT_WORDS, key=len, reverse=True))

#: Minimum adverbial length (characters) for the ``adverbial`` pattern.
LONG_ADVERBIAL: Final = 10
#: Longest speaker phrase accepted (characters, descriptors excluded).
MAX_SPEAKER_LEN: Final = 30

Kind = Literal["person", "institution"]


@dataclass(frozen=True)
class Statement:
    """One statement of an article; ``start``/``end`` are character offsets in its paragraph."""

    paragraph: int
    index: int
    text: str
    speaker: str
    actor: str
    group: str
    group_en: str
    is_narrator: bool
    cue: str
    pattern: str
    confidence: float
    start: int = 0
    end: int = 0


# -- splitting ---------------------------------------------------------------------------------------


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Top-level quotations as (start, end) offsets, marks included; unbalanced marks are ignored."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for qm in _QUOTE_CHAR_RE.finditer(text):
        i, ch = qm.start(), qm.group(0)
        if ch == '"':
            if stack and stack[-1][0] == '"':
                pairs.append((stack.pop()[1], i + 1))
            else:
                stack.append((ch, i))
        elif ch in _OPEN_TO_CLOSE:
            stack.append((ch, i))
        elif ch in _CLOSE_TO_OPEN:
            want = _CLOSE_TO_OPEN[ch]
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == want:
                    pairs.append((stack[k][1], i + 1))
                    del stack[k:]
                    break
    pairs.sort()
    top: list[tuple[int, int]] = []
    for s, e in pairs:
        if top and s < top[-1][1]:
            continue
        top.append((s, e))
    return top


def open_quote_start(simplified: str, quotes: list[tuple[int, int]]) -> int:
    """Offset of an opening mark (“「『) never closed in the paragraph, or -1.

    Chinese typesetting opens a multi-paragraph quotation at each paragraph start and closes it only at
    the end: the unclosed quotation runs to the end of its paragraph.
    """
    for m in _OPENER_RE.finditer(simplified):
        i = m.start()
        if not any(s <= i < e for s, e in quotes):
            return i
    return -1


def _with_open_tail(simplified: str, quotes: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], int]:
    """Quotations plus an unclosed one running to the paragraph end (its start, or -1), for masking."""
    tail = open_quote_start(simplified, quotes)
    if tail < 0:
        return quotes, -1
    return [*(q for q in quotes if q[1] <= tail), (tail, len(simplified))], tail


def _paren_spans(simplified: str) -> list[tuple[int, int]]:
    """Bracketed glosses and asides (``_PAREN_SPAN_RE``) as (start, end) offsets."""
    return [(pm.start(), pm.end()) for pm in _PAREN_SPAN_RE.finditer(simplified)]


def _raw_spans(
    text: str, simplified: str, quotes: list[tuple[int, int]], parens: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    qend = dict(quotes)
    parens = [(a, b) for a, b in (_paren_spans(simplified) if parens is None else parens) if a > 0]
    inside_pair = {i for s, e in quotes for i in (s, e - 1)}
    cuts: list[int] = []
    n = len(text)
    starts = sorted(qend)
    qi = 0
    i = 0
    while i < n:
        # jump to the next event: a quotation start or a terminator
        while qi < len(starts) and starts[qi] < i:
            qi += 1
        q = starts[qi] if qi < len(starts) else n
        mt = _TERM_RE.search(text, i, q)
        i = mt.start() if mt else q
        if i >= n:
            break
        paren = next((pe for ps, pe in parens if ps < i < pe - 1), 0)
        if paren:
            i = paren  # 15日（Sept. 15） / （"The talks went well."）: a bracketed gloss is not cut
            continue
        if i in qend:
            e = qend[i]
            inner = text[i + 1 : e - 1].rstrip()
            lead = simplified[(cuts[-1] if cuts else 0) : i].strip()
            # a heading item or a colon speaker before the quotation (联合国：“…”X说。) still starts it
            at_start = not lead or (
                _HEADING_LEAD_RE.fullmatch(lead) is not None
                and _VERB_RE.search(lead) is None
                and not re.search("问|记者", lead)  # 另有记者追问：“…？”这位发言人表示… are two statements
            )
            i = e
            if inner and inner[-1] in _TERMINATORS:
                tail = _TAIL_RE.match(simplified, i) if at_start else None
                if tail is None:
                    cuts.append(i)
                else:
                    i = tail.end()
            continue
        if text[i] in _TERMINATORS:
            j = i + 1
            while j < n and (text[j] in _TERMINATORS or (text[j] in _TRAILERS and j not in inside_pair)):
                j += 1
            cuts.append(j)
            i = j
            continue
        i += 1
    for k, c in enumerate(cuts):
        j = c
        while j < n and text[j] in " \u3000":
            j += 1
        gloss = next((pe for ps, pe in parens if ps == j), 0)
        if gloss:
            cuts[k] = gloss  # “……。”（"……"）: the translation in brackets belongs to the quotation before
    spans: list[tuple[int, int]] = []
    start = 0
    for c in [*cuts, n]:
        if c <= start:
            continue
        s, e = start, c
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
        start = c
    return spans


def statement_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each statement of a paragraph, whitespace trimmed (see :func:`split_statements`)."""
    simplified = to_simplified(paragraph)
    return _raw_spans(paragraph, simplified, quote_spans(simplified))


def split_statements(paragraph: str) -> list[str]:
    """Sentences of a paragraph; a quotation spanning several sentences stays one statement."""
    return [paragraph[s:e] for s, e in statement_spans(paragraph)]


# -- attribution -------------------------------------------------------------------------------------


@dataclass
class _Speaker:
    surface: str  # as written (original script)
    core: str  # simplified, descriptors stripped: the actor name when unregistered
    ref: ActorRef
    kind: Kind
    pattern: str
    start: int  # offsets in the paragraph
    end: int
    medium: ActorRef | None = None  # the medium relaying this speaker (据共同社报道，外务省称), if any


@dataclass
class _Context:
    registry: Registry
    outlet: str
    home: str
    names: dict[str, ActorRef] = field(default_factory=dict)
    history: list[tuple[str, ActorRef, Kind, str]] = field(default_factory=list)  # core, ref, kind, surface


@dataclass
class _Para:
    text: str
    simp: str
    masked: str
    speech_quote_ends: frozenset[int]  # offsets right after a speech quotation (clause boundary)
    open_tail: int = -1  # start of a quotation left open at the paragraph end, or -1


def _prepare(paragraph: str) -> tuple[_Para, list[tuple[int, int]]]:
    simp = _mainland_spelling(to_simplified(paragraph))
    closed = quote_spans(simp)
    quotes, tail = _with_open_tail(simp, closed)
    chars = list(simp)
    ends = set()
    for s, e in quotes:
        if s == tail:
            for k in range(s + 1, e):
                chars[k] = _MASK
            continue
        inner = simp[s + 1 : e - 1].rstrip()
        if inner and inner[-1] in _SPEECH_QUOTE_END:
            ends.add(e)
        for k in range(s + 1, e - 1):
            chars[k] = _MASK
    parens = _paren_spans(simp)
    for ps, pe in parens:
        if _PAREN_PUNCT_RE.search(simp, ps, pe):
            # 美中贸易全国委员会（US-China Business Council，USCBC）表示: a gloss's comma ends no clause
            for k in range(ps + 1, pe - 1):
                chars[k] = _MASK
    para = _Para(paragraph, simp, "".join(chars), frozenset(ends), tail)
    # an unclosed quotation is masked (nobody speaks inside it) but its sentences stay separate statements
    return para, _raw_spans(paragraph, simp, closed, parens)


#: A negation right before a verb (未提及 / 并未单独回应 / 没有表态).
#: A clause that issues a text (发表声明 / 发表评论 / 发文), before Hong Kong's ，指…
_ISSUED_TEXT_END_RE: Final = re.compile(r"(?:声明|评论|谈话|文章|公告|帖文|新闻稿|报告|社论|发文|发帖|答记者问|答问)$")
_NEGATED_RE: Final = re.compile(
    r"(?:(?:未|没有|没)(?!来|必)[\u4e00-\u9fff]{0,2}|拒绝|不愿|不肯|未能|无法|不便|婉拒|拒不)$"
)


def _verb_ok(m: str, v0: int, v1: int, verb: str, lo: int) -> bool:
    prev = m[v0 - 1] if v0 > lo else ""
    nxt = m[v1] if v1 < len(m) else ""
    prev2 = m[max(lo, v0 - 2) : v0]
    if m.startswith(("了什么", "什么", "些什么"), v1):
        return False  # 联合声明说了什么 (a heading asking what a text says)
    if prev in "的被" or nxt in "的者时党派":
        return False
    if _NEGATED_RE.search(m, max(lo, v0 - 4), v0):
        return False  # 宣言亦未单独提及 / 没有表态: nobody said anything
    if verb == "称":
        if m.startswith("之为", v1) and m[v1 + 2 : v1 + 3] in "“「\"":
            return True  # 里贝罗称之为“积极不结盟”: naming it in her own words
        return (
            prev not in "堪号名对简俗自统职昵通爱美尊著相匀谓" and nxt not in "为作之号霸王职得心臣赞道颂许"
        )
    if verb == "说":
        return prev not in "据听传小学游虽再话来以是" and nxt not in "明法服辞教三"
    if verb == "估算" and nxt not in "，,：:":
        return False  # 估算一下成本 (an act); 研报中估算，… reports an estimate
    if verb == "提出":
        return nxt in "，,：:"  # 宣言提出，… / 报告提出：… (提出一项倡议 is an act)
    if verb == "指":
        if prev in "，," and _ISSUED_TEXT_END_RE.search(m, max(lo, v0 - 8), v0 - 1):
            return True  # 發表評論，指日韓兩國…: Hong Kong style, the text's content follows 指
        return nxt in "，,：:" and prev not in "所意特直手"  # Hong Kong 指，… / 又指，…
    doc_before = m[max(lo, v0 - 3) : v0 - 1] if prev in "则也还亦" else prev2
    if prev == "》":
        doc_before = m[max(lo, v0 - 3) : v0 - 1]  # 《商业信心调查》显示: the document's own name ends in 调查
    if verb == "显示" and doc_before not in ("报告", "数据", "民调", "调查", "文件", "公报", "统计", "研究", "声明", "汇报", "评估", "结果"):
        return False  # 皮尤研究中心的民调显示，… / 该机构的报告显示，…: a body's findings; 画面显示 is not
    if verb == "形容" and nxt not in "，,：:":
        return False  # 以“系统性挑战”形容中国 (describing, no content follows); X形容，… speaks
    if m[v1 : v1 + 1] == "而" and re.search("(?:因|由于)[^，,。]{0,8}$", m[max(lo, v0 - 10) : v0]):
        return False  # 曾因法国反对而被搁置: a cause, nobody speaking
    if verb == "分析" and nxt not in "，,：:称说指认":
        return False  # 分析人士 / 分析报告: not a cue; …采访时分析，… is
    if verb == "回应" and _TOPIC_ONLY_RE.match(m, v1):
        return False  # 发表谈话，回应美加军舰过航台湾海峡一事。: what was answered, not what was said
    if verb in ("表明", "表态", "回应", "阐明", "重申") and _EMPTY_STANCE_RE.match(m, v1):
        return False  # 中国外交部此前已多次表明立场。: a reaction without its words (no content follows)
    if verb == "预计" and nxt not in "，,：:":
        return False  # 名单预计将于下周公布: expected, nobody speaking
    if verb == "坚持" and nxt not in "，,：:":
        return False  # 坚持走…道路 (an act); 德黑兰方面一贯坚持，… (a stated position)
    if verb == "留言" and nxt not in "：:称说道" and m[v1 : v1 + 2] not in ("，指", "，称", "，说", ",指", ",称"):
        return False  # 网民在帖文下方留言，… (an act); 网民留言：「…」 quotes the message
    if verb == "介绍" and nxt not in "，,：:说称道。":
        return False  # 举行发布会，介绍白皮书的主要内容: presenting a text, not reporting speech
    if verb == "报道" and (
        prev in "了行关" or prev2 in ("进行", "作出", "做出") or (nxt and nxt not in "，,：:称说指援中还也")
    ):
        return False  # 进行了报道 / 有关报道: a noun, nobody reporting
    nounish = verb in ("回应", "表态", "警告", "主张", "批评", "介绍", "反对", "要求", "评价", "评论", "同意")
    if nounish and re.search("(?:遭到|受到|遭|引发|引起|招致|面临)[^，,。：:]{0,6}$", m[lo:v0]):
        return False  # 计划遭到法国反对 / 引起多方批评: the reaction as an object, nobody speaking here
    if nounish and "的" in m[max(lo, v0 - 3) : v0] and re.match("持续|引发|引起|受到|遭到|招致|成为|再度|仍", m[v1 : v1 + 2]):
        return False  # 在国会答辩时的涉台表态持续引发关注: the remark as a noun, nobody speaking
    if nounish and prev2 == "予以":
        return True  # 予以批评 / 予以回应: a speech act
    if m.startswith(("态度", "立场", "意见", "声音", "情绪"), v1) and re.search("[持抱]", m[max(lo, v0 - 4) : v0]):
        return False  # 一直持强烈反对态度: a stance described, nobody speaking (表明立场 still speaks)
    after = m[v1 + 1 : v1 + 2]
    noun_next = nxt == "。" or (nxt in "中里" and after not in "国方央东西欧日美俄印韩朝菲澳英法德意亚非拉共")
    return not (
        nounish and (prev in "作做以出项种应何" or prev2 in ("提出", "这一", "此种", "发表", "给予", "获得") or noun_next)
    )


def _clause_start(para: _Para, lo: int, pos: int) -> int:
    """Start of the clause containing ``pos`` (not before ``lo``)."""
    m = para.masked
    k = pos
    while k > lo:
        if m[k - 1] in _CLAUSE_BOUNDARY or k in para.speech_quote_ends:
            return k
        k -= 1
    return lo


#: Words naming the outlet's own country (a Chinese outlet unless the registry says otherwise).
_SELF_WORDS: Final = ("我国", "我方", "本国", "本地", "我")
#: A country-level office after an unknown name (印度尼西亚外交部, 巴西总统): still a speaker.
_UNKNOWN_STATE_RE: Final = re.compile(
    r"[^的这那该其此一有\W]{2,8}?(?:外交部|国防部|商务部|外务省|政府|议会|国会|总统|总理|首相|外长|防长|外交部长|国防部长)"
)
_QUANTIFIER_RE: Final = re.compile(r"一名|一位|多名|多位|两名|两位|数名|几位|部分")
#: A Latin-script gloss in brackets (马克·吕特（Mark Rutte）/ 美国有线电视新闻网（CNN）): not part of the name.
_PAREN_CJK_RE: Final = re.compile(r"\s*[（(]([\u4e00-\u9fff·]{2,12})[）)]\s*")
_PAREN_LATIN_RE: Final = re.compile(r"\s*[（(][A-Za-z0-9À-ɏ][A-Za-z0-9À-ɏ .&'\-，,/]{0,60}[）)]\s*")
#: A personal name printed in Latin script at the end of a speaker phrase (北约秘书长Mark Rutte).
_LATIN_NAME_END_RE: Final = re.compile(r"\s*([A-Z][A-Za-z'\-]*(?:[ .]+[A-Z][A-Za-z'\-]*){0,3})$")
#: A list introduced by its speaker (声明列出了以下要点： / 报告的主要内容如下：); the items follow.
_LIST_INTRO_RE: Final = re.compile(
    r"\s*([^，,。：:；;□]{1,30}?)(列出|列举|提出|归纳|概括|总结|明确|包括|(?:的)?(?:要点|主要内容|内容)(?=如下))"
    r"了?(?:以下|如下)[^，,。：:]{0,8}[：:]\s*"
)
#: A view opening a statement (在X看来，…): X is the speaker, 看来 the cue.
_IN_VIEW_RE: Final = re.compile(r"\s*(?:而|但|不过|同时|此外)?在([^，,。：:；;□]{1,40}?)(看来)\s*[，,]")
#: A view stated as someone's (石田的判断是，… / 陈柏川的结论相当直白：… / 英国《经济学人》杂志的判断是，…).
_VIEW_HELD_RE: Final = re.compile(
    r"\s*([^，,。：:；;□“”「」]{2,40}?)的(判断|看法|观点|结论|解读|评估|答案|回答)"
    r"(?:是|则是|也是|相当直白|很直白|很明确|很简单|很清楚)?\s*[，,：:]"
)
#: A view named after it is stated (…——这是清华大学…教授韩立群近年来反复阐述的观点。).
_VIEW_OF_RE: Final = re.compile(
    r"[—－]{1,2}\s*这(?:是|正是|也是)([^，,。：:；;□“”「」]{2,40}?)(?:近年来|多年来|一直|此前|曾|在[^，,。]{1,12})?"
    r"[^，,。：:；;□“”「」]{0,10}?的(观点|看法|判断|主张|结论)"
)
#: Someone's words borrowed by the author (用德库尔的话说，… / 借用X的话来说，…).
_IN_WORDS_RE: Final = re.compile(r"\s*(?:用|借用|套用|按照)([^，,。：:；;□“”「」]{2,30}?)的(话)(?:来)?说\s*[，,]")
#: A view cited with approval (正如一位西方学者所言，… / 正像X所指出的那样，…): X is the speaker.
_AS_SAID_RE: Final = re.compile(
    r"\s*(?:正如|正像|如同|就像)([^，,。：:；;□]{1,30}?)(所言|所说|所指出|所强调|所说的|所指出的|所强调的)(?:那样)?\s*[，,]"
)
#: An agency's figures or notice (据海关总署统计，… / 据应急管理部通报，…): the agency's statement.
_AGENCY_FIGURES_RE: Final = re.compile(
    r"\s*(?:另)?根?据([^，,。：:；;□“”「」]{2,24}?)(?:(?:[0-9０-９]{1,2}日)?(?:公布|发布|披露|提供)的[^，,。]{0,4}?)?"
    r"(统计|通报|消息|公告|通告|数据|资料|测算|监测|调查|结果)(?:显示|称)?\s*[，,]"
)
#: "Some people" of a side (美方一些人 / 美国有些人 / 西方少数人): that side speaking, unnamed.
_SOME_PEOPLE_RE: Final = re.compile(r"(?:一些|有些|某些|少数|个别|一小撮)(?:人|政客|人士|议员|政要|官员)$")
#: An outlet tag opening a paragraph (【财新网】 / 【环球网报道 记者 刘洋】): not a speaker, its 报道 no verb.
_LEAD_TAG_RE: Final = re.compile(r"\s*(?:【[^】\n]{1,60}】|[（(][^（）()\n]{0,16}(?:综合报道|综合消息|综合电|报道|讯)[）)])\s*")
#: A video transcript's sound-on-tape line (同期声（中国海警局新闻发言人）：… / 【同期声】研究员 林海：…).
_SOT_RE: Final = re.compile(
    r"\s*(?:【\s*同期声?\s*】\s*(?:[（(]([^）)]{1,40})[）)]|([^：:【】“”「」]{1,40}?))?"
    r"|同期声?\s*(?:[（(]([^）)]{1,40})[）)]|([^：:（(“”「」]{1,40}?))?"
    r"|([^：:【】“”「」（(，,。]{2,40}?)\s*[（(]\s*同期声?\s*[）)])\s*[：:]"  # 豆农 布莱恩·沃克（同期）：
)
#: Verbs by which a speaker issues a document (…发表联合声明称 / 发布报告说).
_ISSUE_RE: Final = re.compile(r"发表|发布|公布|通过|签署|提交|推出|出台|印发")
#: Bare two-party words in a bilateral readout (双方表示 / 双方一致认为): both sides speaking.
_BOTH_SIDES: Final = frozenset(
    {"双方", "两国", "两国政府", "双方代表", "两国领导人", "两国外长", "中外双方", "三国", "四国", "三方", "三国政府"}
)
#: Several parties counted (三国领导人 / 四国外长 / 多国防长): a joint speaker.
_N_PARTIES_RE: Final = re.compile(r"[两三四五六七八九十]国(?:政府|领导人|元首|首脑|外长|外交部长|防长|国防部长|代表|总统|总理|首相)")
#: A joint text of two or more parties (its issuer is both sides, group 其他, unless named otherwise).
_JOINT_DOCS: Final = ("联合声明", "联合公报", "联合新闻稿", "联合宣言", "联合文件", "联合新闻公报")
_NAME_END_RE: Final = re.compile(r"·[\u4e00-\u9fff]{1,8}$")
_QUOTE_CHARS_RE: Final = re.compile(r"[“”「」『』﹁﹂﹃﹄\"]")
#: A dateline left in the body (参考消息网3月10日报道 …): its 报道 is nobody's reporting verb.
_DATELINE_RE: Final = re.compile(
    r"\s*(?!据|另据)[\u4e00-\u9fff]{2,12}?[0-9０-９]{1,2}月[0-9０-９]{1,2}日(?:电|讯|报道|消息|专电)"
    r"(?:[（(][^）)]{0,20}[）)])?(?![，,：:])\s*"
)
#: Press-conference transcripts: a question line (问：/ 追问：/ 法新社记者：) and an answer line (答：).
_QA_QUESTION_RE: Final = re.compile(
    r"\s*(?:问|提问|追问|又问|再问|记者问|记者|主持人|主播|[^，,。：:“”「」\s]{1,12}?记者)\s*[：:]"
)
#: A sound-on-tape head on its own line: 【同期】中国外交部发言人 林剑 / 【同期】（英语）研究员 托马斯·里德.
_SOT_HEAD_RE: Final = re.compile(r"\s*【\s*同期声?\s*】\s*(?:[（(][^）)]{1,6}[）)])?\s*([^：:，,。“”「」【】]{2,40}?)\s*")
#: A TV transcript's own reporter or host line: 记者：… / 主持人：… / 总台记者：… (not a question).
_REPORTER_LINE_RE: Final = re.compile(
    r"\s*(?:[^，,。：:“”「」\s在对向]{0,8}记者(?:\s+[\u4e00-\u9fff·]{2,5})?(?:\s*[（(]出镜[）)])?"
    r"|(?:主持人|主播)(?:\s+[\u4e00-\u9fff·]{2,5})?|解说|旁白)\s*[：:]\s*"
)
#: A line headed by a titled person and a colon (特约评论员、…教授 何振宇：…).
_LABEL_LINE_RE: Final = re.compile(r"\s*([^，,。：:；;“”「」]{4,40}?)\s*[：:]")
_QA_ANSWER_RE: Final = re.compile(r"\s*答\s*[：:]")
#: A studio guest line: 嘉宾 何志远（香港城市大学…教授）：…
_GUEST_RE: Final = re.compile(
    r"\s*(?:嘉宾|特邀嘉宾|受访者|受访嘉宾|连线嘉宾)\s*([^，,。：:（(\s]{2,12})\s*(?:[（(]([^）)]{2,50})[）)])?\s*[：:]"
)
_QA_NAME_RE: Final = re.compile(r"\s*([^，,。：:；;“”「」\s]{2,14})\s*[：:]")
#: Several speakers in one phrase: separators (outside registered aliases) and collective tails.
_JOINT_SEP_RE: Final = re.compile(r"[和与及、]")
_COLLECTIVE_RE: Final = re.compile(
    r"(?:两|三|四|五|多|各)?(?:国|方)?(?:政府|外长|外交部长|防长|国防部长|领导人|元首|首脑|代表|总统|总理|首相)?$"
)
#: Compressed country abbreviations before a collective word (美澳两国外长, 中欧联合新闻稿, 中日韩三国).
_ABBREV_JOINT_RE: Final = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:两国|三国|四国|双方|三方|联合|共同)")
_ABBREV_GROUPS: Final = {"中": "中国", "欧": "欧盟"}
#: An institution issuing a text with its content after the comma (商务部当天还发布公告，决定…).
_ANNOUNCE_RE: Final = re.compile(
    r"\s*([^，,。：:；;“”「」□]{2,30}?)(发布|发表|公布|发出|印发|下发)了?(?:一份|一则|一项|最新)?"
    r"(公告|通告|声明|新闻稿|公报|通知|决定|宣言|联合宣言|(?:新闻官|新闻发言人|发言人)?谈话)\s*[，,：:]"
)
#: A document named by its issuing (峰会发表的联合宣言 / 北约此前发布的报告): the issuer, else the owner.
_ISSUED_DOC_RE: Final = re.compile(
    r"\s*([^，,。：:；;“”「」□]{0,16}?)(?:此前|日前|当天|近日|最新)?(?:发表|发布|通过|公布|签署)的(?:一份|最新)?"
    r"(?:《[^》\n]{0,24}?)?"
    r"(联合宣言|联合声明|联合公报|成果文件|宣言|声明|公报|报告|文件|白皮书|计票结果|统计数据|数据|结果|调查|民调)》?\s*"
)
#: A netizen with a quoted nickname (网友“长风破浪2021”): the generic speaker.
_NICKNAME_RE: Final = re.compile(r"\s*(?:一位|一名|有)?(网友|网民|博主|用户)\s*[“「\"][^”」\"]{1,24}[”」\"]\s*(?=[^，,。]{0,8}$)")
#: A subject followed by a time or place adverbial opening an act (塔里拉随后在X上发布了… / 林剑当天出席…).
_ACTING_SUBJECT_RE: Final = re.compile(
    r"\s*([^，,。：:；;“”「」\s]{2,30}?)(?:随后|随即|当天|当日|此前|之后|也|则|还|亦|已经|已|曾|在|于|[0-9０-９]{1,2}日)"
)
#: A side as the subject of a sentence without speech (俄罗斯方面对此反应强烈。 / 菲方则…).
_SIDE_SUBJECT_RE: Final = re.compile(r"\s*([\u4e00-\u9fff]{1,6}?)方面")
#: A statement with no subject of its own (发文还说，… / 还表示，… / 并强调：…): the turn goes on.
_SUBJECTLESS_RE: Final = re.compile(
    r"\s*(?:(?:发文|撰文|发帖|随后|此外|另外)?(?:还|又|并|也|同时|并且)|发文|撰文|发帖)"
    r"(?:说|称|表示|指出|强调|写道|提到|补充说|补充道|透露|重申)\s*[，,：:]"
)
#: The outlet's own account opening a sentence: concluding (综上，… / 由此可见，…), reading between the lines
#: (言下之意，… / 问题是，…), hedging (据说，… / 据称，…) or describing footage (视频中，…). Narration, whoever it names.
_OWN_ACCOUNT_RE: Final = re.compile(
    r"\s*(?:(?:综上所述|综上|总而言之|总之|由此可见|概括而言|言下之意|换言之|换句话说|问题是|问题在于|据说|据称|据传"
    r"|视频中|画面中|画面显示|照片中|视频显示)[，,：:]|据说|据传)"  # 据说，… / 视频中，…: the outlet's hedged account
)
#: A country's body abroad or an association, referred to bare later (代表团 / 使馆 / 该协会).
_MISSION_ENDS: Final = ("代表团", "代表处", "办事处", "大使馆", "使馆", "领事馆", "使团", "协会", "商会")
#: Acts (not words) of an institution: 转发了… / 提出了交涉 / 提出抗议 / 召见… / 派出….
_INSTITUTION_ACT_RE: Final = re.compile(r"转发了|提出了?(?:严正)?(?:交涉|抗议)|召见了?|派出了?|举行了|关闭了|撤回了")
#: Where a body sits, before its name (设在首尔的 / 总部位于日内瓦的).
_SEAT_RE: Final = re.compile(r"(?:总部)?(?:设在|位于|设于|地处)[^，,。的“”「」]{1,12}的")
#: A chair country before its name (轮值主席国 / 共同主席国 / 东道国).
_CHAIR_RE: Final = re.compile(r"(?:轮值|共同)?主席国|东道国")
#: A forum of China and a region or country group (中非合作论坛 / 中拉论坛 / 中阿合作论坛 / 中国—中亚峰会).
_JOINT_FORUM_RE: Final = re.compile(
    r"(?:中[非拉阿欧日韩]|中国[—－-][\u4e00-\u9fff]{2,6})(?:合作)?(?:论坛|峰会|外长会|部长级会议|领导人会议)"
)
#: A fronted place naming a side (在巴拿马，总统穆利诺表示…): it places an otherwise unplaced speaker.
_FRONTED_PLACE_RE: Final = re.compile(r"\s*(?:而|另外|同时)?在([\u4e00-\u9fff]{2,8})[，,]")
#: An anonymity note (这位官员要求匿名，因为他未获授权… / 这名学者因话题敏感不愿具名): the outlet's.
_ANONYMITY_RE: Final = re.compile(
    r"\s*(?:这|该|此)(?:位|名|个)?[^，,。：:“”「」]{0,8}?(?:因为?|由于)?[^，,。：:“”「」]{0,14}?"
    r"(?:(?:要求|请求|希望|不愿|拒绝|不便|未便)(?:不)?(?:匿名|具名|署名|透露(?:其|自己的|他的|她的)?(?:姓名|身份|名字))"
    r"|未获授权|未经授权)"
)
#: A trade description before a company's name (芯片制造商英伟达 / 电动车巨头比亚迪).
_TRADE_DESC_RE: Final = re.compile(r"(?:[\u4e00-\u9fff]{0,4}?(?:执政党|在野党|反对党|执政联盟)|[\u4e00-\u9fffA-Za-z]{1,10}?(?:制造商|供应商|运营商|开发商|生产商|巨头|龙头|企业|公司|集团|厂商|界别|界))")
#: Unnamed opinion as a subject (不少声音 / 岛内舆论 / 一些民意): the outlet summing up, not a speaker.
_VOICES_RE: Final = re.compile(r"(?:声音|舆论|民意|议论)$")
#: 岛内也有不少声音对此表示担忧 / 欧洲内部也有不同看法: unnamed opinion the outlet sums up.
_VOICES_LEAD_RE: Final = re.compile(
    r"\s*[^，,。：:“”「」]{0,8}?(?:也|还|亦|则)?有(?:不少|很多|许多|一些|部分|多种|不同)?的?(?:声音|观点|看法|舆论|议论)"
)
#: Unattributed opinion the outlet sums up (有分析认为 / 有观点指出 / 舆论认为 / 外界普遍认为): narration.
_OPINION_LEAD_RE: Final = re.compile(
    r"\s*(?:(?:[^，,。]{0,4}[，,])?(?:也|还|亦)?(?:有分析|有观点|有评论|有舆论|有声音|分析|舆论|外界|业界|国际社会)(?:普遍|多)?"
    r"(?:认为|指出|称|表示|担心|质疑|注意到|猜测)|不难想象|可以想见|试想|可以预见)\s*[，,：:]"
)
#: The rest of a speaker phrase after a marker that is a relative clause ending in a title (…访问的北约官员).
_RELATIVE_TAIL_RE: Final = re.compile(
    r"[^，,。：:；;“”「」□的]{1,16}的[^，,。：:；;“”「」□的]{1,12}(?:"
    + _TITLE_ALT
    + r")(?:[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff·]{1,10})?(?:\s*[（(][A-Za-z][^）)]{0,40}[）)])?"
)
#: A medium's piece as the speaker (法新社的报道 / 该报的社论).
_MEDIA_PIECE_RE: Final = re.compile(
    r"\s*([^，,。：:；;“”「」]{2,16}?)(?:今年|去年|近日|日前|此前|最近|[0-9０-９]{1,2}月|[0-9０-９]{1,2}日)*"
    r"的(?:一篇|一则|这篇|最新)?(?:分析|署名|长篇|评论)?"
    r"(?:报道|文章|社论|评论|评论文章|消息)\s*(?:则|也|还|又|亦|更|同样|随后)?\s*"
)
#: 前者 / 后者 as a speaker.
_FORMER_LATTER_RE: Final = re.compile(r"(前者|后者)")
#: Naming who said the quotation just given: 说这番话的，是X。 / 这番话出自X之口。
_WHO_SAID_RE: Final = re.compile(
    r"\s*(?:说这番话的|说这话的|说出这番话的|(?:这番|这段|上述)(?:话|表态|言论)出自)[，,]?\s*(?:是)?"
    r"([^，,。；;“”「」]{2,40}?)(?:之口)?\s*[。！]?\s*$"
)
#: Plural descriptors (多位非洲国家官员) and regions spanning several countries.
_PLURAL_RE: Final = re.compile(r"(?:另有|也有|亦有|有)?(?:多位|多名|一些|不少|许多|部分|多个|数位|几位|数名|众多|诸多)")
_REGION_RE: Final = re.compile(
    r"非洲|拉美|拉丁美洲|东南亚|欧洲(?!议会|理事会|央行|委员会|对外)|中东|阿拉伯|西方|亚洲|太平洋岛国|小岛屿|发展中|新兴|全球南方|海湾|加勒比|中亚|南亚"
)
#: Speakers from many countries at once (多国官员和专家 / 各国代表 / 与会各方): a joint speaker, group 其他.
_MANY_SIDES_RE: Final = re.compile(
    r"(?:多国|各国|多个国家|一些国家|许多国家|不少国家|多方|各方|与会各方|与会国|多名各国|来自多国的)"
)
#: Groups a joint statement of several groups falls into.
JOINT_GROUP: Final = "其他"
JOINT_GROUP_EN: Final = "Other"


def _has_name_end(core: str) -> bool:
    return _NAME_END_RE.search(core) is not None


def _looks_like_name(core: str) -> bool:
    if _DOT_NAME_RE.fullmatch(core):
        return True
    if 3 <= len(core) <= 4 and core[:2] in _JP_SURNAMES:
        return True  # 佐藤健太 / 田中一郎: a Japanese name as Chinese media print it
    return 2 <= len(core) <= 3 and core[0] in _SURNAMES and core not in _NOT_NAMES


def _is_person_surface(core: str, ref: ActorRef | None) -> bool:
    if ref is not None and ref.person:
        return True
    if core.endswith(_TITLE_ENDS) or _TITLE_NAME_RE.search(core) or _has_name_end(core):
        return True
    return _looks_like_name(core)


def _name_part(core: str, registry: Registry) -> str:
    """The personal name at the end of a speaker phrase (美国驻北约大使约翰·卡特 -> 约翰·卡特), or ""."""
    dot = core.find("·")
    if dot < 0:
        m = _TITLE_NAME_RE.search(core)
        return m.group(1) if m else ""
    cut = 0
    for _s, e, alias, _ref in registry.find_aliases(core):
        if e <= dot and not registry.is_person_alias(alias):
            cut = max(cut, e)
    for t in TITLE_HEADS:
        k = core.rfind(t, 0, dot)
        if k >= 0:
            cut = max(cut, k + len(t))
    name = core[cut:]
    return name if _DOT_NAME_RE.fullmatch(name) else ""


def _institution_actor(core: str) -> str:
    """The institution an unnamed, unregistered person speaks for (泰国外交部发言人 -> 泰国外交部, 香港大学一位
    研究中美关系的学者 -> 香港大学, 运输及物流局局长 -> 运输及物流局), or ``core`` when no institution
    precedes the title (美国国会议员; 荷兰外贸大臣 has no institution word) or the person is named
    (美国智库研究员张明 is an actor of their own)."""
    tail = _TITLE_NAME_RE.search(core)
    if (tail is not None and tail.group(1)[0] in _SURNAMES) or _LATIN_NAME_END_RE.search(core):
        return core  # a named person (美国智库研究员张明) is an actor of their own
    person = strip_descriptors(core)
    for i in range(3, len(person)):
        head, rest = person[:i], person[i:]
        if not head.endswith(_INST_ENDS):
            continue
        if head.endswith(_LOOSE_INST_ENDS) and not head.endswith(_FIRM_INST_ENDS):
            continue  # 美国国会议员: 会 alone is too loose to cut at
        if _QUANTIFIER_RE.search(head) or re.search("一家|一所|某", head):
            return core  # 德国一家智库研究员: no particular institution to name
        rest = rest.removeprefix("的")
        if _QUANTIFIER_RE.match(rest):
            rest = strip_descriptors(rest)
        k = rest.rfind("的")
        if k >= 0:
            rest = rest[k + 1 :]
        if rest == "长" or _BARE_TITLE_RE.fullmatch(rest):
            return head
    return core


_GROUP_NAMES: dict[int, tuple[Registry, tuple[str, ...]]] = {}


def _group_names(registry: Registry) -> tuple[str, ...]:
    """The registry's placeable group names, computed once per registry (not once per article)."""
    hit = _GROUP_NAMES.get(id(registry))
    if hit is not None and hit[0] is registry:
        return hit[1]
    skip = {NARRATOR_GROUP, UNRESOLVED_GROUP, JOINT_GROUP}
    names = tuple(g for g in registry.groups["group"].tolist() if g and g not in skip)
    _GROUP_NAMES.clear()  # one registry in use at a time; never grows
    _GROUP_NAMES[id(registry)] = (registry, names)
    return names


class _Attributor:
    def __init__(self, registry: Registry, outlet: str) -> None:
        self.ctx = _Context(registry, outlet, registry.home_group(outlet))
        self.reg = registry
        self.done: list[str] = []  # simplified paragraphs already attributed
        self.sot_pending: _Speaker | None = None  # 【同期】TITLE NAME on its own line: whose words follow
        self.sot_first = False
        self.genders: dict[str, str] = {}  # speaker core -> "m" / "f", as 他 / 她 referred to them
        self._last_claim: tuple[_Para, tuple[int, int], tuple[_Speaker, str, int, int] | None] | None = None
        self.current = ""  # simplified paragraph being attributed
        self.pending: tuple[_Speaker, str] | None = (
            None  # speaker of a quotation left open at a paragraph end
        )
        self.qa_turn: tuple[_Speaker, str] | None = None  # the answering spokesperson of a transcript
        self.answerer: _Speaker | None = None  # last "NAME：" answerer (for bare 答：)
        self.qa_seen = False  # a question line (问：…) has been read
        self.qa_host: tuple[ActorRef, Kind, str] | None = None  # spokesperson named before the first question
        self.doc_owner: dict[str, ActorRef] = {}  # 声明/公报 … -> who last issued one (…发表联合声明称)
        self.colon_pending: tuple[_Speaker, str] | None = None  # speaker of a paragraph ending in "表示："
        self.last_medium: ActorRef | None = None  # latest medium speaking or relaying (for 报道称 / 该社称)
        self.last_speaker: ActorRef | None = None  # latest speaker placed (for 对方)
        self._group_names = _group_names(registry)
        own = registry.outlet_ref(outlet).actor
        plain = to_simplified(outlet.strip())
        variants = {plain + "网", plain.removesuffix("网")} if plain else set()  # 参考消息 / 参考消息网
        self.own_names: tuple[str, ...] = tuple(
            n for n in {plain, own, "本报", "本网", "本台", "本刊", *variants} if len(n) >= 2
        )

    # speaker phrase -------------------------------------------------------------------------------

    def _alias_cover(self, simp: str) -> list[tuple[int, int]]:
        return [(s, e) for s, e, _alias, _ref in self.reg.find_aliases(simp)]

    def _speaker_end(self, para: _Para, start: int, end: int) -> int:
        """Where the speaker phrase in [start, end) ends: at the first adverbial marker."""
        seg = para.simp[start:end]
        cover = self._alias_cover(seg)
        m = para.masked
        pos = start + 1
        while pos < end:
            mk = _MARKER_RE.search(m, pos, end)
            if mk is None:
                return end
            rel = mk.start() - start
            jp = para.simp[max(start, mk.start() - 3) : mk.start() - 1]
            if (
                len(mk.group(0)) == 1
                and jp in _JP_SURNAMES
                and (mk.start() - 3 == start or para.simp[start : mk.start() - 3].endswith(_TITLE_ENDS))
                and (_VERB_RE.match(m, mk.end(), end + 4) or _MARKER_RE.match(m, mk.end(), end))
            ):
                pos = mk.start() + 1
                continue  # 教授小川达也指出: 也 ends a Japanese given name
            if len(mk.group(0)) == 1 and mk.start() > start and para.simp[mk.start() - 1] in _SURNAMES:
                nxt = _MARKER_RE.search(m, mk.end(), end)
                given = para.simp[mk.end() : nxt.start() if nxt else end]
                before = para.simp[start : mk.start() - 1]
                if (
                    1 <= len(given) <= 2
                    and (not before or before.endswith(_TITLE_ENDS))
                    and not re.search("[上中内里会前后时]", given)
                ):
                    pos = mk.start() + 1
                    continue  # 研究员沈亦凡 / 教授崔在勋 / 李在明: a marker character inside a given name
            relative = _RELATIVE_TAIL_RE.match(para.simp, mk.start(), end)  # 一名陪同访问的北约官员
            if relative is not None and relative.end() < end and (
                not _MARKER_RE.match(para.masked, relative.end(), end) or para.simp[relative.end()] in "会馆团"
            ):
                relative = None  # …官员对本报说: the relative clause ends at the title, an adverbial may follow
            if not any(s <= rel < e for s, e in cover) and relative is None:
                return mk.start()
            pos = mk.start() + 1
        return end

    def _refer_back(
        self, noun: str, *, person: bool, fallback: bool = True, gender: str = ""
    ) -> tuple[ActorRef, Kind, str] | None:
        """Latest speaker/mention matching ``noun`` (or the latest person for a pronoun).

        Without a match, ``fallback`` takes the latest entry (该官员 after any speaker); a bare title
        (专家表示, 外交官说) passes ``fallback=False``: it names nobody in particular.
        """
        hist = self.ctx.history
        if not hist:
            return None
        official = noun in ("官员", "高官", "政府官员")
        placed = self.reg.group_of_title(noun) if len(noun) > 2 else None
        if placed is not None:
            # 同一位西班牙官员 / 这名日本外交官: the latest speaker of that side, whatever the wording
            for core, ref, kind, _surface in reversed(hist):
                if ref.group == placed[0] and (not person or kind == "person"):
                    return ref, kind, core
        for core, ref, kind, _surface in reversed(hist):
            if noun and (noun in core or noun in ref.actor):
                return ref, kind, core
            if official and kind == "person" and core.endswith(_TITLE_ENDS) and ref.group != JOINT_GROUP:
                return ref, kind, core  # 这位官员 after …首席秘书说: the latest office holder
            if not noun and person and kind == "person":
                if gender and self.genders.get(core, gender) != gender:
                    continue  # 她 after a man was called 他: the latest person not of the other gender
                return ref, kind, core
        if not fallback:
            return None
        for core, ref, kind, _surface in reversed(hist):
            if person and not noun and ref.type == "media" and (core in self.own_names or ref.actor in self.own_names):
                continue  # 他 never stands for the outlet itself (…对环球时报记者说。他表示…)
            return ref, kind, core
        return None

    def recognize(self, para: _Para, start: int, end: int, *, cue: str) -> _Speaker | None:
        """The speaker at the start of the subject span [start, end), or None."""
        simp = para.simp
        lead = _CONNECTIVE_RE.match(simp, start, end)
        if lead:
            start = lead.end()
        if start < end and simp[start] in "@＠":
            start += 1  # @外交部发言人办公室 发文称: the account is the speaker
        nick = _NICKNAME_RE.match(simp, start, end)
        if nick is not None:
            # 网友“长风破浪2021”评论说: a netizen, the nickname names nobody the registry knows
            ref = ActorRef(nick.group(1), UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN, "")
            return _Speaker(para.text[start : nick.end()], nick.group(1), ref, "person", "unresolved", start, nick.end())
        reported = False
        if start < end and simp[start] == "据":
            reported = True
            start += 1
        if start >= end:
            return None
        back = self._media_backref(para, start, end)
        if back is not None:
            return back
        piece = _MEDIA_PIECE_RE.fullmatch(simp, start, end)
        if piece is not None:
            # 法新社的报道称 / 《华尔街日报》的文章说: the medium
            medium = self.recognize(para, start, piece.end(1), cue="报道")
            if medium is not None and medium.ref.type == "media":
                medium.pattern = "reported"
                return medium
        fl = _FORMER_LATTER_RE.match(simp, start, end)
        if fl is not None:
            # 荷兰和波兰国防部长会谈…。前者说…，后者则称…: the first / second of the last two named
            two = self._last_two(start)
            sp_end = fl.end()
            if two is not None:
                ref = two[0] if fl.group(1) == "前者" else two[1]
                return _Speaker(para.text[start:sp_end], ref.actor, ref, "person", "anaphora", start, sp_end)
        if simp.startswith("对方", start) and self.last_speaker is not None:
            # 中方表示…。对方表示…: the latest other side named
            mine = self.last_speaker.group
            for core, ref, kind, _surface in reversed(self.ctx.history):
                if ref.group not in (mine, NARRATOR_GROUP, UNRESOLVED_GROUP, JOINT_GROUP):
                    return _Speaker(para.text[start : start + 2], core, ref, kind, "anaphora", start, start + 2)
        ana = _ANAPHOR_RE.match(simp, start, end)
        pro = _PRONOUN_RE.match(simp, start, end)
        if ana or pro:
            m = ana or pro
            assert m is not None
            sp_end = self._speaker_end(para, m.end(), end) if ana else m.end()
            if ana and sp_end == m.end():
                return None
            if pro and sp_end < end and _MARKER_RE.match(para.masked, sp_end, end) is None:
                return None  # 他 followed by something that is not an adverbial
            noun = simp[m.end() : sp_end] if ana else ""
            if ana and ana.group(0) in _PLURAL_ANAPHORS and not noun.endswith((*_TITLE_ENDS, *_GENERIC)):
                return None  # 这些表态清楚表明… (things, not people)
            gender = {"他": "m", "她": "f"}.get(pro.group(0), "") if pro else ""
            found = self._refer_back(noun, person=bool(pro), gender=gender)
            if found is not None and gender:
                self.genders.setdefault(found[2], gender)
            surface = para.text[start:sp_end]
            if found is None:
                ref = ActorRef(simp[start:sp_end], UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN, "")
                return _Speaker(surface, simp[start:sp_end], ref, "person", "anaphora", start, sp_end)
            ref, kind, core = found
            return _Speaker(surface, core, ref, kind, "anaphora", start, sp_end)

        issued = _ISSUED_DOC_RE.match(simp, start, end)
        if issued is not None and issued.end() < end and not _MARKER_RE.match(para.masked, issued.end(), end):
            issued = None  # 峰会发表的宣言再次点名中国: a marker may follow the document, nothing else
        if issued is not None:
            # 峰会发表的联合宣言称 / 北约发布的报告指出: the issuer's document speaks
            who = self.recognize(para, start, start + len(issued.group(1)), cue=cue) if issued.group(1) else None
            owner = who.ref if who is not None else self._document_owner(issued.group(2), start)
            if owner is not None:
                stop = issued.end()
                return _Speaker(
                    para.text[start:stop], issued.group(2), owner, "institution", "institutional", start, stop
                )
        seat = _SEAT_RE.match(simp, start, end)
        if seat is not None and seat.end() < end:
            start = seat.end()  # 设在首尔的中日韩合作秘书处 / 总部位于日内瓦的…: where a body sits is no speaker
        other = simp.startswith(("另一", "另外一", "另有", "另名"), start)
        lead_desc = len(simp[start:end]) - len(strip_descriptors(simp[start:end]))
        sp_end = self._speaker_end(para, start + lead_desc, end)  # 一位不愿透露姓名的…: 不 is no marker here
        surface_simp = simp[start:sp_end].rstrip()
        sp_end = start + len(surface_simp)
        short = _PAREN_CJK_RE.search(surface_simp)  # 联合国近东巴勒斯坦难民救济和工程处（近东救济工程处）
        core = _QUOTE_CHARS_RE.sub(
            "", strip_descriptors(_PAREN_CJK_RE.sub("", _PAREN_LATIN_RE.sub("", surface_simp)))
        )
        core = _APPOSITIVE_ROLE_RE.sub("", core)  # 文章作者、美国智库…研究员X: the person after the role
        if core.strip("《》") in _DOCUMENT_WORDS:
            core = core.strip("《》")  # 《报告》认为 / 《联合声明》指出: a bare document word in book marks
        described = len(core) < len(_QUOTE_CHARS_RE.sub("", surface_simp))
        if core.startswith("有") and core not in _GENERIC:
            core = strip_descriptors(core[1:])
        for self_word in _SELF_WORDS:
            if core.startswith(self_word) and not core.startswith("我们"):
                core = self.ctx.home + core[len(self_word) :]  # 我外交部发言人 -> 中国外交部发言人
                break
        if core.startswith(("另一", "另外一")):
            core = strip_descriptors(core.removeprefix("另外一").removeprefix("另一"))
        trade = _TRADE_DESC_RE.match(core)
        if trade is not None and any(a == trade.end() for a, _e, _al, _r in self.reg.find_aliases(core)):
            core = core[trade.end() :]  # 芯片制造商英伟达的一名发言人: the company after its description
        chair_m = _CHAIR_RE.search(core)
        if chair_m is not None and chair_m.start() <= 8 and len(core) > chair_m.end() + 2:
            core = core[chair_m.end() :]  # 东盟轮值主席国马来西亚外交部 / 论坛共同主席国塞内加尔总统: the country
        account = _ACCOUNT_TAIL_RE.search(core)
        if account is not None and account.start() >= 2:
            core = core[: account.start()]  # 中国驻日本大使馆官方X账号@ChnEmbassy_jp: the embassy
            if core.endswith(("英文版", "中文版", "英文网", "中文网")) and self.reg.resolve(core[:-3]) is not None:
                core = core[:-3]  # 《环球时报》英文版官方账号: the paper
        if core.endswith("方面") and len(core) > 2:
            core = core[:-2]  # 北约方面 = 北约
        some = _SOME_PEOPLE_RE.search(core)
        side = re.sub("(?:国内|政界|政坛|朝野|国会)$", "", core[: some.start()]) if some is not None else ""
        if side and self.reg.group_by_word(side) is not None:
            # 美方一些人 / 美国有些政客 / 美国国内一些人: an unnamed part of that side
            pair = self.reg.group_by_word(side)
            assert pair is not None
            ref = ActorRef(pair[0], pair[0], pair[1], "")
            return _Speaker(para.text[start:sp_end], core, ref, "person", "title_group", start, sp_end)
        rel = self._relative_head(core)
        if rel:
            core, described = rel, True  # 参与会谈的美国官员 -> 美国官员
        if (
            core.startswith(_NOT_SPEAKER_START)
            and not core.startswith(("与会", "在场", "在任", "在野"))
            and not any(a == 0 for a, _e, _al, _r in self.reg.find_aliases(core))  # 对外经济贸易大学
            and not _MANY_SIDES_RE.match(core)
        ):
            return None  # 并与日本首相发表联合声明: the subject is earlier
        if not core or len(core) > MAX_SPEAKER_LEN * (2 if "、" in core else 1):
            return None  # a list of office holders (…局长、…局长和…总裁) may be longer than one speaker
        if self._two_sides(core):
            return None  # 菲方船只无视中方多次劝阻警告: a clause about two sides, nobody speaking
        if core in self.own_names:
            return None  # 观察者网此前报道，…: the outlet speaking of itself is narration
        if _VOICES_RE.search(core) and not self._is_alias(core):
            return None  # 岛内也有不少声音对此表示担忧: opinion the outlet sums up, nobody in particular
        surface = para.text[start:sp_end]
        sp = self._classify(
            core, surface, start, sp_end, cue=cue, reported=reported, described=described, other=other
        )
        if sp is not None and short is not None and sp.ref.group != UNRESOLVED_GROUP:
            self.ctx.names.setdefault(short.group(1), sp.ref)  # the short form names the same speaker later
        if sp is not None and sp.ref.group == UNRESOLVED_GROUP and re.match(r"(?:一[位名家个])?(?:国内|本国|本地)", surface_simp):
            pair = self.reg.group_by_word(self.ctx.home) or (self.ctx.home, self.reg.group_en(self.ctx.home) or "")
            sp.ref = ActorRef(sp.ref.actor, pair[0], pair[1], "")  # 一位国内晶圆厂的采购负责人: the outlet's home
            sp.pattern = "title_group"
        return sp

    def _two_sides(self, core: str) -> bool:
        """A phrase naming a side word (中方/菲方) after its start with no list separator before it."""
        for i in range(2, len(core) - 1):
            if core[i + 1] == "方" and self.reg.is_group_word(core[i : i + 2]) and not _JOINT_SEP_RE.search(core, 0, i):
                return True
        return False

    def _remember_parts(self, sp: _Speaker) -> None:
        """A joint speaker (冯德莱恩与特朗普): each part's name stands for that part alone later (特朗普则表示)."""
        for part in _JOINT_SEP_RE.split(sp.core):
            part = part.strip()
            ref, _pair = self._part_group(part) if part else (None, None)
            if ref is not None:
                self._register_name(_name_part(part, self.reg), ref)

    def _last_two(self, start: int) -> tuple[ActorRef, ActorRef] | None:
        """For 前者 / 后者: the first two sides named in the latest sentence naming two (荷兰和波兰国防部长…),
        each as its registered actor or its group."""
        text = "\n".join([*self.done[-2:], self.current[:start]])
        sentences = re.split("[。！？\n]", text)
        if sentences and sentences[-1].strip():
            sentences = sentences[:-1]  # the sentence 前者/后者 itself is in (…，后者则表示…) names no pair
        for sentence in reversed([x for x in sentences if x.strip()]):
            found: list[tuple[int, ActorRef]] = []
            for s0, _e, _alias, ref in self.reg.find_aliases(sentence):
                if ref.type != "media" and ref.group not in (NARRATOR_GROUP, JOINT_GROUP):
                    found.append((s0, ref))
            for g in self._group_names:
                k = sentence.find(g)
                if k >= 0 and not any(s0 <= k < s0 + len(r.actor) + 2 for s0, r in found):
                    pair = self.reg.group_by_word(g)
                    if pair is not None:
                        found.append((k, ActorRef(g, pair[0], pair[1], "")))
            refs: list[ActorRef] = []
            for _k, ref in sorted(found, key=lambda x: x[0]):
                if all(r.group != ref.group for r in refs):
                    refs.append(ref)
            if len(refs) >= 2:
                return refs[0], refs[1]
        return None

    def _is_alias(self, core: str) -> bool:
        return any(s == 0 and e == len(core) for s, e, _a, _r in self.reg.find_aliases(core))

    def _relative_head(self, core: str) -> str:
        """The title after a relative clause (熟悉谈判情况的欧盟外交官 -> 欧盟外交官), or "" to keep the
        phrase (美国国务院的一名发言人 keeps its institution)."""
        k = core.rfind("的")
        if k <= 0:
            return ""
        head, tail = core[:k], strip_descriptors(core[k + 1 :])
        if not tail or not (tail.endswith(_TITLE_ENDS) or tail in _GENERIC or self._is_alias(tail)):
            return ""  # 落选的国民力量党: a registered body after the relative clause is the speaker too
        reg = self.reg
        owner = next((g for g in self._group_names if head.endswith(g)), "")
        if owner and reg.group_by_word(owner) is not None and not tail.startswith(owner):
            return owner + tail  # 马来西亚的外交部: a possessive, the country's own ministry
        if reg.resolve(tail) is not None or reg.group_of_title(tail) is not None:
            return tail
        if not reg.find_aliases(head) and reg.group_of_title(head) is None:
            return tail
        return ""

    def _media_backref(self, para: _Para, start: int, end: int) -> _Speaker | None:
        """报道称 / 文章指出 / 该社称 / 这篇文章说: the latest medium, when there is one."""
        if self.last_medium is None:
            return None
        sp_end = self._speaker_end(para, start, end)
        m = _MEDIA_BACKREF_RE.fullmatch(para.simp, start, sp_end)
        if m is None:
            return None
        ref = self.last_medium
        return _Speaker(para.text[start:sp_end], ref.actor, ref, "institution", "reported", start, sp_end)

    def _classify(
        self,
        core: str,
        surface: str,
        start: int,
        end: int,
        *,
        cue: str,
        reported: bool,
        described: bool,
        other: bool = False,
    ) -> _Speaker | None:
        ctx, reg = self.ctx, self.reg
        media = reported or cue in _MEDIA_VERBS or bool(_MEDIA_END_RE.search(core))

        def make(ref: ActorRef, pattern: str, kind: Kind | None = None) -> _Speaker:
            k: Kind = kind or ("person" if _is_person_surface(core, ref) else "institution")
            if not ref.type and media and _MEDIA_END_RE.search(core):
                # an unregistered news outlet (澳大利亚广播公司网站): later 报道称 refers back to it
                ref = replace(ref, type="media")
            if (media or ref.type == "media") and pattern not in ("short_name", "anaphora"):
                pattern = "reported"
            return _Speaker(surface, core, ref, k, pattern, start, end)

        if core in ctx.names:
            return make(ctx.names[core], "short_name", "person")
        latin = _LATIN_NAME_END_RE.search(core)
        if latin is not None and (latin.start() > 0 or reg.resolve_latin(latin.group(1)) is not None):
            return self._latin_speaker(
                latin.group(1), core[: latin.start()], core, surface, start, end, cue=cue
            )
        if core in _BOTH_SIDES or _N_PARTIES_RE.fullmatch(core):
            return make(ActorRef(core, JOINT_GROUP, reg.group_en(JOINT_GROUP) or JOINT_GROUP_EN, ""), "joint")
        home_ref = reg.resolve_home(core, outlet=ctx.outlet)
        if home_ref is not None and not self._office_seen_plain(core, home_ref):
            return make(home_ref, "speaker_verb")  # a Taiwan outlet's 外交部 / 总统府发言人 is Taiwan's
        if core in TITLE_HEADS and not other and not described:
            found = self._refer_back(core, person=True, fallback=core not in _GENERIC)
            if found is not None:
                return _Speaker(surface, found[2], found[0], found[1], "anaphora", start, end)
        doc = next((w for w in _DOCS_BY_LEN if core.endswith(w) and core != w), "")
        if doc and not reg.find_aliases(core[: -len(doc)]) and reg.group_of_title(core) is None:
            owner = self._document_owner(doc, start)  # 峰会公报称 / 最终宣言说: an unnamed document
            if owner is not None:
                return _Speaker(surface, core, owner, "institution", "institutional", start, end)
        if core in _DOCUMENT_WORDS:
            owner = self._document_owner(core, start)
            if owner is not None:
                return _Speaker(surface, core, owner, "institution", "institutional", start, end)
        if core in _GENERIC:
            return make(ActorRef(core, UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN, ""), "unresolved", "person")
        joint = self._joint(core)
        if joint is not None:
            return make(joint, "joint")
        if _REGION_RE.search(core) and (
            _PLURAL_RE.match(to_simplified(surface).lstrip())
            or (core.endswith(("联盟", "集团", "组织", "论坛", "共同体")) and "国家" in core)
        ):
            # 多位非洲国家官员 / 一些小岛屿国家代表 / 小岛屿国家联盟: several countries of a region at once
            return make(ActorRef(core, JOINT_GROUP, reg.group_en(JOINT_GROUP) or JOINT_GROUP_EN, ""), "joint")
        if _MANY_SIDES_RE.match(core) and (core.endswith(_TITLE_ENDS) or _MANY_SIDES_RE.fullmatch(core)):
            return make(ActorRef(core, JOINT_GROUP, reg.group_en(JOINT_GROUP) or JOINT_GROUP_EN, ""), "joint")

        covers = reg.find_aliases(core)
        pair = reg.group_of_title(core, outlet_group=ctx.home)
        if pair is None and core.startswith("《"):
            pair = reg.group_of_title(core.replace("《", "").replace("》", ""), outlet_group=ctx.home)
        quantified = described or _QUANTIFIER_RE.search(core) is not None
        group_word = reg.group_by_word(core)
        starts_ok = (
            any(s == 0 for s, _e, _a, _r in covers)
            or any(e == len(core) and r.person and s > 0 for s, e, _a, r in covers)  # 国务院副总理何立峰
            or pair is not None
            or core[0] == "《"
            or core.startswith(_TITLE_ENDS)
            or _looks_like_name(core)
            or bool(re.match(r"[\u4e00-\u9fff]{1,6}·", core))
            or (quantified and core.endswith(_TITLE_ENDS))
        )
        ends_ok = (
            any(e == len(core) for _s, e, _a, _r in covers)
            or group_word is not None
            or core.endswith(_TITLE_ENDS)
            or core.endswith(_INST_ENDS)
            or core.endswith(("》", "人士"))
            or (media and _LATIN_NAME_END_RE.fullmatch(core) is not None)  # Politico报道称
            or (media and core.endswith("版"))  # 美国政治新闻网欧洲版报道
            or _has_name_end(core)
            or ((tn_end := _TITLE_NAME_RE.search(core)) is not None and not tn_end.group(1).endswith(_NOT_NAME_TAILS))
            or _looks_like_name(core)
        )
        if (
            2 <= len(core) <= 6
            and not covers
            and pair is None
            and core[0] not in "并与和及同跟而但也又还在对向把被将这那该其此"
        ):
            intro = self._introduced(core)  # 只有新西兰总理拉克森亲自到场。…拉克森对记者说
            if intro is not None and intro.group != UNRESOLVED_GROUP:
                self.ctx.names.setdefault(core, intro)
                return make(intro, "short_name", "person")
        if not ends_ok:
            return None
        if not starts_ok:
            named_inst = self._institution_backref(core, start)
            if named_inst is not None:
                return make(named_inst, "title_group")  # 向中国驻英国大使馆查询，大使馆发言人回应称
            home = self._home_placed(core)
            if home is not None:
                return make(home, "title_group")  # 国防科技大学…教授王宏亮 in a Chinese outlet
            # a short unnamed title (时事评论员, 东南亚外交官) is still somebody speaking
            if (
                len(core) <= (14 if core.endswith(_SPEAKER_HEAD_ENDS) and "的" not in core else 6)
                and core[0] not in "并与和及同跟而但也又还在对向把被将"
                and (core.endswith(_SPEAKER_HEAD_ENDS) or core.endswith(tuple(_GENERIC)))
                and not covers
            ):
                actor = _institution_actor(core)
                return make(
                    ActorRef(actor, UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN, ""), "unresolved", "person"
                )
            if media and len(core) <= 10:
                # an unregistered news organisation (路透社报道称): a source, group unknown
                return make(ActorRef(core, UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN, "media"), "reported")
            if _UNKNOWN_STATE_RE.fullmatch(core):
                # an unregistered country's office (印度尼西亚外交部): a speaker, group unknown
                return make(ActorRef(core, UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN, ""), "unresolved")
            tn = _TITLE_NAME_RE.search(core)
            dotted = _TITLE_DOT_NAME_RE.search(core)  # …研究中心研究员塔博·恩科西
            if (
                len(core) <= (30 if dotted else 24)
                and ((tn and tn.group(1)[0] in _SURNAMES) or dotted)
                and core[0] not in "并与和及同跟而但也又还在对向把被将"
            ):
                # an unregistered title + personal name (某大学教授张明): a person, group unknown
                return make(ActorRef(core, UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN, ""), "unresolved", "person")
            return None
        ref = reg.resolve(core, outlet=ctx.outlet, context_aliases=ctx.names)
        if ref is not None:
            return make(ref, "speaker_verb")
        if group_word is not None:
            return make(
                ActorRef(group_word[0], group_word[0], group_word[1], ""), "speaker_verb", "institution"
            )
        actor = core
        book = re.search(r"《([^》]+)》", core)
        if media and book:
            actor = book.group(1)
        if pair is not None:
            return make(ActorRef(_institution_actor(actor), pair[0], pair[1], ""), "title_group")
        named_inst = self._institution_backref(core, start)
        if named_inst is not None:
            return make(named_inst, "title_group")
        return make(
            ActorRef(_institution_actor(actor), UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN, ""), "unresolved"
        )

    def _home_placed(self, core: str) -> ActorRef | None:
        """An unregistered, unprefixed state office or academic institution (经济部长 in a Taiwan outlet,
        国防科技大学…教授 in a Chinese one): the outlet's home country or region, as 我/我国 would be.
        Nothing when the phrase points elsewhere (项目所在国交通部 / 该国外交部 / 对方)."""
        if (
            _ELSEWHERE_RE.search(core)
            or _UNKNOWN_STATE_RE.fullmatch(core)  # 印度尼西亚外交部: a state the registry does not know
            or core.startswith(_HOME_HEADS)  # (某)大学国际关系学院: no particular institution
            or self.reg.group_of_title(core) is not None
        ):
            return None
        m = _HOME_INSTITUTION_RE.match(core)
        if m is None:
            return None
        named = self._named_before(m.group(0))
        if named is not None:
            return named  # 中国海警局…。海警局在随后发布的通报中指出: the office named before, not the outlet's
        rest = core[m.end() :]
        if rest and not (
            rest == "长" or _BARE_TITLE_RE.fullmatch(rest) or _TITLE_NAME_RE.search(rest) or rest.endswith(_TITLE_ENDS)
        ):
            return None
        pair = self.reg.group_by_word(self.ctx.home) or (self.ctx.home, self.reg.group_en(self.ctx.home) or "")
        actor = core if _TITLE_NAME_RE.search(rest) else m.group(0)
        return ActorRef(actor, pair[0], pair[1], "")

    def _named_before(self, bare: str) -> ActorRef | None:
        """The latest placed speaker or mention whose actor is ``bare`` with a qualifier in front (海警局 after
        中国海警局, 代表团 after 中国常驻联合国代表团), or None."""
        for _c, ref, _k, _s in reversed(self.ctx.history):
            if ref.actor.endswith(bare) and ref.actor != bare and ref.group != UNRESOLVED_GROUP:
                return ref
        return None

    def _institution_backref(self, core: str, start: int) -> ActorRef | None:
        """A bare institution + title (大使馆发言人 / 该协会负责人) naming an institution the article just
        mentioned with its country (向中国驻英国大使馆查询，…): that institution, placed by its prefix."""
        title = next((t for t in _TITLE_ENDS if core.endswith(t) and len(core) > len(t)), "")
        inst = core[: len(core) - len(title)] if title else (core if core.endswith(_MISSION_ENDS) else "")
        if len(inst) < 2:
            return None
        named = self._named_before(inst)
        if named is not None:
            return named  # 中国常驻联合国代表团…。代表团随后发布的发言全文指出: the body named before
        before = "\n".join([*self.done[-2:], self.current[:start]])
        k = before.rfind(inst)
        if k <= 0:
            return None
        lo = k
        while lo > 0 and k - lo < 16 and before[lo - 1] not in "，,。：:；;！？\n“”「」 ":
            lo -= 1
        phrase = before[lo : k + len(inst)]
        for j in range(len(phrase) - len(inst) - 1):
            pair = self.reg.group_of_title(phrase[j:], outlet_group=self.ctx.home)
            if pair is not None:
                placed = self.reg.resolve(phrase[j:], outlet=self.ctx.outlet)
                return placed or ActorRef(phrase[j:], pair[0], pair[1], "")
        return None

    def _office_seen_plain(self, core: str, home_ref: ActorRef) -> bool:
        """True when this article already quoted the plain (Chinese) reading of an unprefixed office
        (中国外交部发言人说… 外交部发言人还说…) and never the outlet's own one: the repeat is that speaker."""
        plain = self.reg.resolve(core)
        if plain is None or plain.actor == home_ref.actor or home_ref.group == "台湾地区":
            return False  # a Taiwan outlet writes 中国外交部 / 大陆外交部 for Beijing's: its bare 外交部 is its own
        actors = {ref.actor for _c, ref, _k, _s in self.ctx.history}
        return plain.actor in actors and home_ref.actor not in actors

    def _latin_speaker(
        self, name: str, title: str, core: str, surface: str, start: int, end: int, *, cue: str
    ) -> _Speaker | None:
        """A speaker whose personal name is printed in Latin script (北约秘书长Mark Rutte, 研究员John
        Miller): the registered person by English name, else whoever the title names; the name and its
        last word become short names for the rest of the article."""
        ref = self.reg.resolve_latin(name)
        pattern = "speaker_verb"
        if ref is None:
            if not title:
                return None  # a bare unknown Latin word is not a speaker
            sp = self._classify(title, surface, start, end, cue=cue, reported=False, described=False)
            if sp is None:
                return None
            ref, pattern = sp.ref, sp.pattern
            if ref.actor in (title, _institution_actor(title)):
                ref = ActorRef(core, ref.group, ref.group_en, ref.type)  # the named person, not the title
        for key in (name, name.split()[-1]):
            if len(key) >= 3:
                self.ctx.names.setdefault(key, ref)
        return _Speaker(surface, core, ref, "person", pattern, start, end)

    def _part_group(self, part: str) -> tuple[ActorRef | None, tuple[str, str] | None]:
        """(registered actor, group) of one member of a speaker list (德国总理默茨 / 菲律宾两国政府)."""
        reg = self.reg
        core = part
        tail = _COLLECTIVE_RE.search(core)
        if tail is not None and tail.start() > 0 and tail.group(0):
            short = core[: tail.start()]
            if reg.group_by_word(short) is not None:
                core = short
        whole = (
            any(e == len(core) for _s, e, _a, _r in reg.find_aliases(core))
            or core in self.ctx.names
            or reg.group_by_word(core) is not None
            or core.endswith(_TITLE_ENDS)
            or core.endswith(_INST_ENDS)
        )
        if not whole:
            return None, None  # 鲁比奥与黄英贤会谈后: not a list of speakers
        ref = reg.resolve(core, outlet=self.ctx.outlet, context_aliases=self.ctx.names)
        if ref is not None and ref.group != UNRESOLVED_GROUP:
            return ref, (ref.group, ref.group_en)
        pair = reg.group_by_word(core) or reg.group_of_title(core, outlet_group=self.ctx.home)
        if pair is None:
            home = self._home_placed(core)  # 财经事务及库务局局长 in a Hong Kong outlet
            if home is not None:
                return None, (home.group, home.group_en)
        return None, pair

    def _joint(self, core: str) -> ActorRef | None:
        """Several speakers in one phrase: the first one's actor when they share a group, else a joint
        actor (the phrase) in group 其他. None when the phrase is one speaker."""
        reg = self.reg
        groups: list[tuple[str, str]] = []
        first: ActorRef | None = None
        ab = _ABBREV_JOINT_RE.match(core)
        if ab is not None and len(ab.group(1)) >= 2:
            for ch in ab.group(1):
                g = _ABBREV_GROUPS.get(ch)
                pair = (g, reg.group_en(g)) if g else reg.group_by_word(ch)
                if pair is None:
                    groups = []
                    break
                groups.append(pair)
        if not groups:
            cover = self._alias_cover(core)
            cuts = [
                m.start()
                for m in _JOINT_SEP_RE.finditer(core)
                if not any(s <= m.start() < e for s, e in cover)
                and not (m.group(0) == "及" and not core[: m.start()].endswith(_SPEAKER_HEAD_ENDS))
            ]  # 商务及经济发展局局长: 及 inside a bureau's name joins no two speakers
            if not cuts:
                return None
            bounds = [0, *cuts, len(core)]
            parts = [core[a + (1 if i else 0) : b] for i, (a, b) in enumerate(itertools.pairwise(bounds))]
            if any(len(p) < 1 for p in parts):
                return None
            lead = next((g for g in self._group_names if parts[0].startswith(g)), "")
            if lead:
                # 美国国务卿及国防部长: a later office without a country of its own is the first one's
                parts = [
                    parts[0],
                    *(
                        lead + p
                        if not any(p.startswith(g) for g in self._group_names)
                        and reg.group_of_title(p) is None
                        and p.endswith(_TITLE_ENDS)
                        else p
                        for p in parts[1:]
                    ),
                ]
            for part in parts:
                ref, pair = self._part_group(part)
                if pair is None:
                    return None
                first = first or ref
                groups.append(pair)
        if len(groups) < 2:
            return None
        if len({g for g, _ in groups}) == 1:
            if first is not None:
                return first
            return ActorRef(core, groups[0][0], groups[0][1], "")
        return ActorRef(core, JOINT_GROUP, reg.group_en(JOINT_GROUP) or JOINT_GROUP_EN, "")

    def _document_owner(self, word: str, start: int) -> ActorRef | None:
        """Whose 公报/声明 a bare document word is: whoever was last said to issue one (…发表联合声明称),
        a speaker who named it, else the registered actor mentioned last before the document's first
        mention in the article (北约峰会…发表的联合公报)."""
        if word in self.doc_owner:
            return self.doc_owner[word]
        joint = self._joint_document(word, start)
        if joint is not None:
            return joint
        for core, ref, _kind, _surface in reversed(self.ctx.history):
            if word in core:
                return ref
        before = "\n".join([*self.done, self.current[:start]])
        first = before.find(word)
        if first < 0:
            first = len(before)
        issuer = self._issuer(before, first)
        if issuer is not None:
            return issuer
        hits = self.reg.find_aliases(before[:first])
        hits = [h for h in hits if not h[3].person and h[3].type != "media"]
        return max(hits, key=lambda h: (h[1], h[1] - h[0]))[3] if hits else None

    def _issuer(self, before: str, first: int) -> ActorRef | None:
        """The subject of the sentence that first issued the document (英国议会下院外交事务委员会近日发布
        一份…报告), placed by the registry or its prefix; None when that sentence issues nothing."""
        s0 = max(before.rfind(c, 0, first) for c in "。！？\n") + 1
        sentence = _LEAD_TAG_RE.sub("", before[s0:first])
        issue = _ISSUE_RE.search(sentence)
        if issue is None:
            return None
        forum = _JOINT_FORUM_RE.search(sentence, 0, issue.start())
        if forum is not None:
            # 中非合作论坛峰会…通过了《北京宣言》 / 中拉论坛部长级会议…: China and a region together
            return ActorRef(forum.group(0), JOINT_GROUP, self.reg.group_en(JOINT_GROUP) or JOINT_GROUP_EN, "")
        subject = sentence[: issue.start()]
        marker = _MARKER_RE.search(subject, 1)
        subject = strip_descriptors(subject[: marker.start()] if marker else subject).strip()
        if not subject or len(subject) > MAX_SPEAKER_LEN:
            return None
        ref = self.reg.resolve(subject, outlet=self.ctx.outlet)
        if ref is not None:
            return ref
        pair = self.reg.group_of_title(subject, outlet_group=self.ctx.home)
        return ActorRef(subject, pair[0], pair[1], "") if pair is not None else None

    def _joint_document(self, word: str, start: int) -> ActorRef | None:
        """A joint text (联合声明 …) first mentioned as issued by both sides (双方发表… / 中国—东盟外长会
        …发表联合声明): the joint actor in group 其他. None when one party or nobody is named."""
        jointly = False
        before = "\n".join([*self.done, self.current[:start]])
        if not any(word.endswith(j) for j in _JOINT_DOCS) and word not in ("声明", "公报"):
            # 五国元首…共同签署了《阿斯塔纳宣言》。宣言指出，…: a text the parties signed together
            found = re.search("(?:共同|联合)(?:签署|发表|通过|发布)了?[^，,。；;\n]{0,20}?" + word, before)
            if word not in _DOCUMENT_WORDS or found is None:
                return None
            jointly = True
        if word in ("声明", "公报"):  # a bare 声明 after 双方发表联合新闻声明 / 联合公报
            found = re.search("联合[^，,。：:；;\n]{0,4}?" + word, before)
            first = found.start() if found else -1
        elif jointly:
            first = found.start() if found else -1
        else:
            first = before.find(word)
        if first < 0:
            return None
        s0 = max(before.rfind(c, 0, first) for c in "。！？\n") + 1
        sentence = before[s0:first]
        groups = {
            ref.group
            for s, _e, _a, ref in self.reg.find_aliases(sentence)
            if ref.type != "media" and not _is_venue(sentence, s)
        }
        groups |= {
            g
            for g in self._group_names
            if any(not _is_venue(sentence, m.start()) for m in re.finditer(re.escape(g), sentence))
        }
        if not any(w in sentence for w in _BOTH_SIDES) and len(groups) < 2:
            return None
        book = (
            re.match(r"《([^》]{0,30})》", before[before.rfind("《", s0, first + 1) :])
            if "《" in before[s0 : first + 1]
            else None
        )
        name = (
            book.group(1) if book and word in book.group(1) else ("联合" + word if len(word) == 2 else word)
        )
        return ActorRef(name, JOINT_GROUP, self.reg.group_en(JOINT_GROUP) or JOINT_GROUP_EN, "")

    def _note_short_forms(self, para: _Para) -> None:
        """A registered body introduced with its short form in brackets (美国商务部工业与安全局（…，简称BIS）,
        美中贸易全国委员会（US-China Business Council，USCBC））: the short form names it later (BIS称…)."""
        for m in _SHORT_FORM_RE.finditer(para.simp):
            hits = [h for h in self.reg.find_aliases(para.simp[max(0, m.start() - 30) : m.start()]) if h[1] == min(30, m.start())]
            if hits:
                ref = max(hits, key=lambda h: h[1] - h[0])[3]
                self.ctx.names.setdefault(m.group(1), ref)

    def _note_mentions(self, para: _Para, lo: int, hi: int) -> None:
        """Registered actors named by the narrator (outside quotes) become anaphora referents."""
        hits = sorted(self.reg.find_aliases(para.simp[lo:hi]), key=lambda h: (h[0], h[0] - h[1]))
        last_end = -1
        for s0, e0, alias, ref in hits:
            if s0 < last_end or para.masked[lo + s0] == _MASK:
                continue
            last_end = e0
            kind: Kind = "person" if ref.person or alias.endswith(_TITLE_ENDS) else "institution"
            self.ctx.history.append((alias, ref, kind, alias))

    def _remember(self, sp: _Speaker) -> None:
        self.ctx.history.append((sp.core, sp.ref, sp.kind, sp.surface))
        if sp.pattern == "joint" or sp.ref.group == JOINT_GROUP:
            self._remember_parts(sp)  # each part's name is that part's, not the joint speaker's
            return
        if sp.pattern in ("anaphora", "short_name"):
            return
        name = _name_part(sp.core, self.reg)
        if not name and "·" in sp.core:
            last = sp.core.rsplit("·", 1)[-1]
            if 2 <= len(last) <= 6 and _DOT_NAME_RE.fullmatch("某·" + last):
                self.ctx.names.setdefault(last, sp.ref)  # …藏学家安娜·韦伯: 韦伯 later is the same person
            return
        self._register_name(name, sp.ref)

    def _register_name(self, name: str, ref: ActorRef) -> None:
        """A personal name (and the last part of a 约翰·卡特 name) stands for ``ref`` later in the article."""
        if not name:
            return
        self.ctx.names.setdefault(name, ref)
        last = name.rsplit("·", 1)[-1]
        if "·" in name and len(last) >= 2:
            self.ctx.names.setdefault(last, ref)

    # statement -------------------------------------------------------------------------------------

    def construction(
        self, para: _Para, lo: int, hi: int, *, in_turn: bool
    ) -> tuple[_Speaker, str, int, int] | None:
        """First (speaker, cue, verb start, verb end) in the statement [lo, hi), or None."""
        m = para.masked
        view = _IN_VIEW_RE.match(m, lo, hi)
        if view is not None:
            # 在复旦大学…副主任沈一鸣看来，… / 在她看来，…: the view is the named speaker's
            viewer = self.recognize(para, view.start(1), view.end(1), cue="看来")
            if viewer is not None:
                return viewer, "看来", view.start(2), view.end(2)
        colon = _COLON_SPEAKER_RE.match(m, lo, hi)
        if (
            colon is not None
            and _VERB_RE.search(m, colon.start(1), colon.end(1)) is None
            and not any(  # 北约：“…”美国驻北约大使说。 — the speaker after the quotation wins
                _verb_ok(m, v.start(), v.end(), v.group(0), lo) for v in _VERB_RE.finditer(m, colon.end(), hi)
            )
        ):
            # ▲英国外交部：“我们与盟友站在一起…” — a speaker label, a colon and the quotation
            labelled = self.recognize(para, colon.start(1), colon.end(1), cue="：")
            if labelled is not None:
                labelled.pattern = "speaker_quote"
                return labelled, "：", colon.end(1), colon.end(1) + 1
        figures = _AGENCY_FIGURES_RE.match(m, lo, hi)
        if figures is not None and re.search("发表(?:了)?(?:谈话|讲话)", m[figures.end() : hi]):
            figures = None  # 据东部战区消息，发言人发表谈话，回应…一事。: what follows says someone spoke
        if figures is not None:
            agency = self.recognize(para, figures.start(1), figures.end(1), cue=figures.group(2))
            if agency is not None and agency.ref.group != UNRESOLVED_GROUP:
                agency.pattern = "reported" if agency.ref.type == "media" else "institutional"
                return agency, figures.group(2), figures.start(2), figures.end(2)
        lead = _CONNECTIVE_RE.match(para.simp, lo, hi)
        stance = _SIDE_STANCE_RE.match(m, lead.end() if lead else lo, hi)
        if stance is not None and self.reg.is_group_word(stance.group(1)):
            side = self.recognize(para, stance.start(1), stance.end(1), cue=stance.group(2))
            if side is not None:
                return side, stance.group(2), stance.start(2), stance.end(2)  # 越方支持中方提出的…倡议
        noted = _MEDIA_NOTES_RE.match(m, lo, hi)
        if noted is not None:
            medium = self.recognize(para, noted.start(1), noted.end(1), cue=noted.group(2))
            if medium is not None and medium.ref.type == "media":
                medium.pattern = "reported"
                inner = self._inner_source(para, medium, "报道", noted.start(1), noted.end(2), hi)
                if inner is not None:
                    return inner  # 路透社注意到，中国外交部此前一再表示，…: the ministry
                return medium, noted.group(2), noted.start(2), noted.end(2)  # 路透社注意到，…
        held = _VIEW_HELD_RE.match(m, lo, hi) or _IN_WORDS_RE.match(m, lo, hi)
        if held is not None:
            holder = self.recognize(para, held.start(1), held.end(1), cue="认为")
            if holder is not None and holder.ref.group != UNRESOLVED_GROUP:
                # X的判断是，… / X的结论相当直白：… / 用X的话说，…: X's view in X's words
                return holder, held.group(2), held.start(2), held.end(2)
        own_view = _VIEW_OF_RE.search(m, lo, hi)
        if own_view is not None:
            holder = self.recognize(para, own_view.start(1), own_view.end(1), cue="认为")
            if holder is not None and holder.ref.group != UNRESOLVED_GROUP:
                return holder, own_view.group(2), own_view.start(2), own_view.end(2)  # …——这是X反复阐述的观点
        said = _AS_SAID_RE.match(m, lo, hi)
        if said is not None:
            sayer = self.recognize(para, said.start(1), said.end(1), cue="所言")
            if sayer is not None:
                return sayer, said.group(2).removesuffix("的"), said.start(2), said.end(2)
        for vm in _VERB_RE.finditer(m, lo, hi):
            v0, v1 = vm.span()
            verb = vm.group(0)
            if not _verb_ok(m, v0, v1, verb, lo):
                continue
            if in_turn and verb in DISTANCING_VERBS:
                continue
            if self._in_temporal_clause(m, v1, hi):
                continue  # 在回答记者提问时指出: 回答 belongs to a 时-clause, the cue is 指出
            if self._in_subordinate_clause(m, v1, hi):
                continue  # 美国会高层人士不顾北京强烈反对访问台湾后，…: a verb inside a 后-clause
            cs = _clause_start(para, lo, v0)
            sp: _Speaker | None = None
            empty = (
                not para.simp[cs:v0].strip()
                or _CONNECTIVE_RE.fullmatch(para.simp, cs, v0) is not None
                or _SAME_SUBJECT_RE.fullmatch(para.simp, cs, v0) is not None  # …发布图片，并写道：
            )
            if not empty:
                sp = self.recognize(para, cs, v0, cue=verb)
                if sp is None:
                    lead = _CONNECTIVE_RE.match(para.simp, cs, v0)
                    # …主持记者会时，在回答提问时表示: only adverbials here, the speaker is earlier
                    empty = _ADVERBIAL_CLAUSE_RE.match(para.simp, lead.end() if lead else cs, v0) is not None
            if empty:
                # X发表声明，表示…: the speaker is at the start of an earlier clause of the sentence
                k = cs
                for _ in range(2):
                    if k <= lo:
                        break
                    prev = _clause_start(para, lo, k - 1)
                    sp = self.recognize(para, prev, k - 1, cue=verb)
                    if sp is not None and sp.end < k - 1:
                        break
                    sp = None
                    k = prev
            if sp is not None and sp.pattern == "anaphora" and _PRONOUN_RE.fullmatch(para.simp, sp.start, sp.end) and cs > lo:
                # 英国外交大臣拉米…被问及…时，他仅表示…: 他 is the sentence's own subject
                k = lo
                while k < cs and para.masked[k] not in "，,":
                    k += 1
                named = self.recognize(para, lo, k, cue=verb) if k > lo else None
                if named is not None and named.pattern != "anaphora" and named.kind == "person":
                    sp = named
            if sp is not None:
                inner = self._inner_source(para, sp, verb, cs, v1, hi)
                if inner is not None:
                    return inner
                return sp, verb, v0, v1
        return self._announcement(para, lo, hi)

    def _announcement(self, para: _Para, lo: int, hi: int) -> tuple[_Speaker, str, int, int] | None:
        """An institution issuing a text whose content follows (商务部当天发布公告，决定…): its statement,
        cue = the text (公告). Only registered or placed issuers; 某报发表文章 stays with the media rules."""
        a = _ANNOUNCE_RE.match(para.masked, lo, hi)
        if a is None or (
            a.group(3).endswith("谈话")
            and para.masked.startswith("回应", a.end())
            and _TOPIC_ONLY_RE.match(para.masked, a.end() + 2)
        ):
            return None  # 发表谈话，回应…一事。: what was answered, not what was said
        sp = self.recognize(para, a.start(1), a.end(1), cue=a.group(3))
        if sp is None or sp.ref.group == UNRESOLVED_GROUP or sp.ref.type == "media":
            return None
        sp.pattern = "institutional" if sp.pattern == "speaker_verb" else sp.pattern
        return sp, a.group(3), a.start(2), a.end(3)

    def _inner_source(
        self, para: _Para, sp: _Speaker, verb: str, cs: int, v1: int, hi: int
    ) -> tuple[_Speaker, str, int, int] | None:
        """The identifiable speaker a medium relays: 援引五角大楼发言人的话说 / 据共同社报道，外务省发表声明称.

        Only a registered (or group-placed), non-media, non-generic speaker replaces the medium.
        """
        if sp.ref.type != "media" and not _MEDIA_END_RE.search(sp.core):
            return None  # 据土耳其外交部介绍，双方…: an office's account is the office's, whoever it mentions
        m = para.masked
        found: tuple[_Speaker, str, int, int] | None = None
        if verb == "援引":
            said = re.compile("的(?:话|消息|说法)").search(m, v1, min(hi, v1 + 30))
            k = said.start() if said else -1
            if k > v1:
                inner = self.recognize(para, v1, k, cue="说")
                if inner is not None:
                    found = (inner, verb, v1, k)
        elif (
            verb == "报道"
            or re.match(r"\s*(?:另)?据", para.simp[cs:v1])
            or re.fullmatch(r"\s*(?:该|这篇)?报道(?:还|也|则|同时)?" + re.escape(verb), para.simp[cs:v1])
        ):
            j = v1
            while j < hi and m[j] not in _CLAUSE_BOUNDARY:
                j += 1
            if j < hi:
                found = self.construction(para, j + 1, hi, in_turn=False)
        if found is None:
            return None
        inner_sp = found[0]
        chained = (
            inner_sp.pattern == "reported"
            and inner_sp.medium is not None
            and inner_sp.ref.type != "media"
            and inner_sp.ref.group != UNRESOLVED_GROUP
        )
        if chained:
            inner_sp.medium = sp.ref  # a later bare 报道称 is the outer medium's (韩联社, not 共同社)
            return found  # 据法新社报道，朝中社援引朝鲜外务省发言人的话说: the source at the end of the chain
        # an unplaced but specific office (项目所在国交通部发言人) is still who spoke; an anonymous source
        # (知情人士 / 一名官员) is not: the medium stays the speaker
        specific = (
            inner_sp.pattern == "unresolved"
            and _institution_actor(inner_sp.core) != inner_sp.core
            and not inner_sp.core.endswith(_GENERIC_ENDS)
        )
        if (
            (inner_sp.ref.group == UNRESOLVED_GROUP and not specific)
            or inner_sp.ref.type == "media"
            or inner_sp.pattern in ("reported", "anaphora")
            or (inner_sp.pattern == "unresolved" and not specific)
            or inner_sp.core in _GENERIC
        ):
            if inner_sp.ref.group == UNRESOLVED_GROUP and inner_sp.pattern != "anaphora":
                # 《中央日报》援引外交消息人士的消息称…。上述人士还透露: the source stays the medium's
                self.ctx.history.append((inner_sp.core, sp.ref, "person", inner_sp.surface))
            return None
        inner_sp.pattern = "reported"
        inner_sp.medium = sp.ref
        return found

    @staticmethod
    def _in_subordinate_clause(m: str, v1: int, hi: int) -> bool:
        """The verb's clause ends in 后/之际/期间 before a comma: a subordinate clause, not a report."""
        k = v1
        while k < hi and m[k] not in _CLAUSE_BOUNDARY:
            k += 1
        return k < hi and m[k] in "，," and m[v1:k].rstrip().endswith(("后", "之后", "以后", "之际", "期间"))

    @staticmethod
    def _in_temporal_clause(m: str, v1: int, hi: int) -> bool:
        k = v1
        while k < hi and k - v1 < 30 and m[k] not in _CLAUSE_BOUNDARY:
            k += 1
        nxt = _VERB_RE.search(m, v1, k)
        return nxt is not None and m[v1 : nxt.start()].rstrip().endswith(("时", "后", "之际", "期间"))

    def _narration(self, p_index: int, idx: int, text: str, base: ActorRef, lo: int, hi: int) -> Statement:
        return Statement(
            p_index,
            idx,
            text.strip(),
            "",
            base.actor,
            base.group,
            base.group_en,
            True,
            "",
            "narration",
            CONFIDENCE["narration"],
            lo,
            hi,
        )

    def _host(self) -> tuple[ActorRef, Kind, str] | None:
        """The spokesperson (else person) named so far, who answers bare 答： lines."""
        return self._refer_back("发言人", person=True, fallback=False) or self._refer_back(
            "", person=True, fallback=False
        )

    def _answerer(self, para: _Para) -> _Speaker | None:
        """The speaker of a transcript answer line (答：… / 郭嘉昆：…), or None."""
        simp = para.simp
        a = _QA_ANSWER_RE.match(simp)
        if a is not None:
            if self.answerer is not None:
                return self.answerer
            found = self.qa_host if self.qa_seen else self._host()
            if found is None:
                return None  # an explainer's 问/答 with nobody answering: the line is read as prose
            ref, kind, core = found
            return _Speaker(para.text[: a.end()], core, ref, kind, "press_qa", 0, a.end())
        guest = _GUEST_RE.match(simp)
        if guest is not None:
            # 嘉宾 何志远（香港城市大学公共政策学系教授）：… — placed by the affiliation in brackets
            name, affiliation = guest.group(1), guest.group(2) or ""
            ref = self._affiliated(name, affiliation)
            self.ctx.names[name] = ref
            sp = _Speaker(para.text[: guest.end()], name, ref, "person", "press_qa", 0, guest.end())
            self.answerer = sp
            return sp
        n = _QA_NAME_RE.match(simp)
        if n is None or _VERB_RE.search(n.group(1)):
            return self._labelled_line(para)
        name = n.group(1)
        named = self.ctx.names.get(name) or self.reg.resolve(name, outlet=self.ctx.outlet)
        if named is None or not (named.person or name in self.ctx.names or name.endswith(_TITLE_ENDS)):
            named = self._introduced(name)  # 周明远：… after 记者专访了中国人民大学…教授周明远
            if named is None:
                return None
            self.ctx.names.setdefault(name, named)
        sp = _Speaker(
            para.text[n.start(1) : n.end(1)], name, named, "person", "press_qa", n.start(1), n.end(1)
        )
        self.answerer = sp
        return sp

    def _labelled_line(self, para: _Para) -> _Speaker | None:
        """A line headed by a titled person (特约评论员、中国人民大学经济学院教授 何振宇：…): theirs, and so
        are the next paragraphs until another head; None for anything else."""
        m = _LABEL_LINE_RE.match(para.simp)
        if m is None or _VERB_RE.search(re.sub(_TITLE_ALT, "", m.group(1))):
            return None  # a verb outside the titles (评论员 is a title): a sentence, not a head
        label = "".join(m.group(1).split())
        if not (_TITLE_NAME_RE.search(label) or _DOT_NAME_RE.search(label)):
            return None
        tmp, _spans = _prepare(label)
        sp = self.recognize(tmp, 0, len(label), cue="说")
        if sp is None or sp.kind != "person" or sp.ref.group == UNRESOLVED_GROUP:
            return None
        out = _Speaker(para.text[: m.end(1)], sp.core, sp.ref, "person", "press_qa", 0, m.end(1))
        self._remember(out)
        self.answerer = out
        return out

    def speech_giver(self, paragraph: str) -> _Speaker | None:
        """Who a paragraph says gave a speech (X在…发表题为《…》的讲话 / X致辞): the first clause of that
        sentence that names a speaker."""
        para, spans = _prepare(paragraph)
        for lo, hi in spans:
            if _GAVE_SPEECH_RE.search(para.simp, lo, hi) is None:
                continue
            k = lo
            while k < hi:
                j = k
                while j < hi and para.masked[j] not in "，,。；;：:":
                    j += 1
                sp = self.recognize(para, k, j, cue="讲话") if j > k else None
                if sp is not None and sp.ref.group != NARRATOR_GROUP:
                    return sp
                k = j + 1
        return None

    def _affiliated(self, name: str, affiliation: str) -> ActorRef:
        """A named guest placed by the affiliation given with the name (registry, prefix, outlet home)."""
        aff = to_simplified(affiliation)
        ref = self.reg.resolve(aff, outlet=self.ctx.outlet) if aff else None
        if ref is not None and not ref.person:
            return ActorRef(name, ref.group, ref.group_en, "")
        pair = self.reg.group_of_title(aff, outlet_group=self.ctx.home) if aff else None
        home = self._home_placed(aff) if aff and pair is None else None
        if pair is None and home is not None:
            pair = (home.group, home.group_en)
        if pair is None:
            return ActorRef(name, UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN, "")
        return ActorRef(name, pair[0], pair[1], "")

    def _introduced(self, name: str) -> ActorRef | None:
        """A person the narration introduced with a title (…研究所研究员陈家豪): the institution or group
        named before the title, else unresolved; None when ``name`` was never introduced so."""
        earlier = "\n".join([*self.done, self.current])
        if (
            not _looks_like_name(name)
            and "·" + name not in earlier
            and not any(earlier[: m.start()].endswith(_TITLE_ENDS) for m in re.finditer(re.escape(name), earlier))
        ):
            return None  # 卡特： is a name when 约翰·卡特 was introduced
        for m in re.finditer(re.escape(name), earlier):
            lo = m.start()
            while lo > 0 and earlier[lo - 1] not in "，,。；;：:、\n" and m.start() - lo < 40:
                lo -= 1  # 肯尼亚总统鲁托、南非总统拉马福萨: each listed person has their own title
            before = earlier[lo : m.start()]
            full = name
            if before.endswith("·"):  # 教授理查德·莫顿 introduced, 莫顿： answers
                cut = next(
                    (
                        k
                        for k in range(len(before) - 2, 0, -1)
                        if before[:k].endswith(_TITLE_ENDS) and re.fullmatch(r"(?:[\u4e00-\u9fff]{1,8}·)+", before[k:])
                    ),
                    -1,
                )
                if cut > 0:
                    full, before = before[cut:] + name, before[:cut]
            if not before.endswith(_TITLE_ENDS):
                continue
            before = _PAREN_LATIN_RE.sub("", before)  # …研究中心（CSIS）研究员: an acronym is no placement
            hits = [h for h in self.reg.find_aliases(before) if not h[3].person and h[3].type != "media"]
            if hits:
                return max(hits, key=lambda h: (h[1], h[1] - h[0]))[3]
            k = max(before.rfind(w) for w in ("采访了", "专访了", "采访", "专访", "对话"))
            title = before[k:].removeprefix("专访了").removeprefix("采访了") if k >= 0 else before
            pair = self.reg.group_of_title(title, outlet_group=self.ctx.home)
            if pair is None:
                # …四国领导人中只有新西兰总理拉克森…: the placed title is a suffix of the clause
                j = next(
                    (j for j in range(1, len(title) - 1) if self.reg.group_of_title(title[j:]) is not None), -1
                )
                if j > 0:
                    title = title[j:]
                    pair = self.reg.group_of_title(title, outlet_group=self.ctx.home)
            if pair is not None:
                return ActorRef(title + full, pair[0], pair[1], "")
            return ActorRef(title + full, UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN, "")
        return None

    def _sound_on_tape(self, para: _Para) -> _Speaker | Literal[False] | None:
        """The person on camera of a video transcript line (同期声（TITLE NAME）：…); False when it is the
        outlet's own reporter (凤凰卫视记者 李晨：…, narration); None for other paragraphs."""
        m = _SOT_RE.match(para.simp)
        if m is None:
            return None
        k = next(i for i in range(1, 6) if m.group(i) is not None) if any(m.groups()) else 0
        if not k:
            return None
        lo, hi = m.span(k)
        phrase = "".join(para.simp[lo:hi].split())
        if phrase.endswith(("记者", "主持人")) or re.search("记者|主持人", phrase):
            return False
        tmp, _spans = _prepare(phrase)
        sp = self.recognize(tmp, 0, len(phrase), cue="说")
        ref = sp.ref if sp is not None else ActorRef(phrase, UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN, "")
        core = sp.core if sp is not None else phrase
        out = _Speaker(para.text[lo:hi], core, ref, "person", "press_qa", lo, hi)
        self._remember(out)
        return out

    def _is_question_line(self, para: _Para) -> bool:
        """问：… / 法新社记者：… / 环球时报：… (the interviewing outlet or another medium asking)."""
        if _QA_QUESTION_RE.match(para.simp):
            return True
        n = _QA_NAME_RE.match(para.simp)
        if n is None:
            return False
        name = n.group(1).strip("《》")
        if name in self.own_names:
            return True
        ref = self.reg.resolve(name, outlet=self.ctx.outlet)
        return ref is not None and ref.type == "media" and self._is_alias(name)

    def _transcript_paragraph(
        self, p_index: int, para: _Para, spans: list[tuple[int, int]], base: ActorRef
    ) -> list[Statement] | None:
        """Question and answer lines of a press-conference transcript, or None for other paragraphs."""
        head = _SOT_HEAD_RE.fullmatch(para.simp)
        if head is not None:
            # 【同期】中国外交部发言人 林剑 on its own line: the paragraphs below are that person's words
            phrase = "".join(head.group(1).split())
            if re.search("记者|主持人", phrase):
                self.sot_pending = None
            else:
                tmp, _spans = _prepare(phrase)
                sp = self.recognize(tmp, 0, len(phrase), cue="说")
                ref = sp.ref if sp is not None else ActorRef(phrase, UNRESOLVED_GROUP, UNRESOLVED_GROUP_EN, "")
                self.sot_pending = _Speaker(phrase, sp.core if sp else phrase, ref, "person", "press_qa", 0, 0)
                self._remember(self.sot_pending)
            self.sot_first = True
            return [self._narration(p_index, i, para.text[lo:hi], base, lo, hi) for i, (lo, hi) in enumerate(spans)]
        if self.sot_pending is not None:
            if para.simp.lstrip()[:1] == "【" or _QA_NAME_RE.match(para.simp):
                self.sot_pending = None  # 【解说】… / 主持人：… ends the sound-on-tape
            else:
                sp, first = self.sot_pending, self.sot_first
                self.sot_first = False
                return [
                    self._stmt(
                        p_index, i, para.text[lo:hi], sp, "同期声", "press_qa" if first and i == 0 else "continuation", lo, hi
                    )
                    for i, (lo, hi) in enumerate(spans)
                ]
        sot = self._sound_on_tape(para)
        if sot is not None:
            if sot is False:
                return [
                    self._narration(p_index, i, para.text[lo:hi], base, lo, hi)
                    for i, (lo, hi) in enumerate(spans)
                ]
            return [
                self._stmt(
                    p_index,
                    i,
                    para.text[lo:hi],
                    sot,
                    "同期声",
                    "press_qa" if i == 0 else "continuation",
                    lo,
                    hi,
                )
                for i, (lo, hi) in enumerate(spans)
            ]
        if _REPORTER_LINE_RE.match(para.simp) and not re.search("[？?]", para.simp):
            return None  # 记者：据加拿大外交部介绍，… — a reporter's live report, read sentence by sentence
        if self._is_question_line(para):
            if not self.qa_seen:  # only a speaker named before the first question hosts the Q&A
                self.qa_seen = True
                self.qa_host = self._host()
            self.qa_turn = None
            self.pending = None
            return [
                self._narration(p_index, i, para.text[lo:hi], base, lo, hi)
                for i, (lo, hi) in enumerate(spans)
            ]
        sp = self._answerer(para)
        if sp is None:
            return None
        self._remember(sp)
        self.qa_turn = (sp, "答")
        return [
            self._stmt(
                p_index, i, para.text[lo:hi], sp, "答", "press_qa" if i == 0 else "continuation", lo, hi
            )
            for i, (lo, hi) in enumerate(spans)
        ]

    def attribute_paragraph(self, p_index: int, paragraph: str, base: ActorRef) -> list[Statement]:
        para, spans = _prepare(paragraph)
        self.current = para.simp
        self._note_short_forms(para)
        qa = self._transcript_paragraph(p_index, para, spans, base)
        if qa is None:
            qa = self._post_paragraph(p_index, para, spans)
        if qa is not None:
            self.done.append(para.simp)
            return qa
        out: list[Statement] = []
        turn: _Speaker | None = None
        turn_cue = ""
        embedded = False
        carried = self.colon_pending or (self.pending if para.simp.lstrip()[:1] in _OPEN_TO_CLOSE else None)
        if carried is None and self.qa_turn is not None:
            carried = self.qa_turn  # an answer continuing over several paragraphs
        self.pending = None
        self.colon_pending = None
        if carried is not None:
            turn, turn_cue = carried
        dl = _DATELINE_RE.match(para.simp)  # 新华社北京7月12日电 (any paragraph: a header line may precede it)
        floor = dl.end() if dl else 0
        tag = _LEAD_TAG_RE.match(para.simp, floor)
        if tag is not None:
            floor = tag.end()  # 【财新网】… / 【环球网报道 记者 刘洋】…: the outlet's tag speaks for nobody
        byline = _BYLINE_LEAD_RE.match(para.simp, floor)
        if byline is not None:
            floor = byline.end()  # 记者林嘉欣报道：… — the outlet's own reporter introduces the story
        reporter = _REPORTER_LINE_RE.match(para.simp, floor)
        if reporter is not None:
            floor = reporter.end()  # 记者：… / 主持人：… in a TV transcript: the outlet's own voice introduces
            turn, turn_cue, self.qa_turn = None, "", None  # the host speaks now, not the guest before
        tail_speaker: tuple[_Speaker, str] | None = None
        spans = list(spans)
        idx = -1
        while idx + 1 < len(spans):
            idx += 1
            lo, hi = spans[idx]
            text = paragraph[lo:hi]
            asked = (
                _QUESTION_RE.match(para.simp, lo, hi) is not None
                or _REPORTER_ASKS_RE.match(para.simp, lo, hi) is not None
            )
            clo = max(lo, floor)
            compiled = _COMPILED_RE.match(para.simp, clo, hi)
            if compiled is not None:
                clo = compiled.end()  # 综合外媒报道，…: the outlet compiling, not a medium speaking
            observed = self._observation_end(para, clo, hi)
            clo = max(clo, observed)
            in_turn = turn is not None and turn_cue not in _NO_CONTINUATION_CUES
            subjectless = turn is not None and _SUBJECTLESS_RE.match(para.simp, clo, hi) is not None
            if _OWN_ACCOUNT_RE.match(para.simp, clo, hi) and not (turn is not None and turn.pattern == "press_qa"):
                asked = True  # 综上，…: the outlet's own conclusion, whoever it names
            if _ANONYMITY_RE.match(para.simp, clo, hi):
                asked = True  # 这位官员要求匿名，因为他未获授权…: the outlet's own note
            if _OPINION_LEAD_RE.match(para.simp, clo, hi) or _VOICES_LEAD_RE.match(para.simp, clo, hi):
                asked = True  # 有分析认为，X… / 舆论认为，…: the outlet summing up opinion, even about X
            found = (
                None if asked or clo >= hi or subjectless else self.construction(para, clo, hi, in_turn=in_turn)
            )
            if (
                found is not None
                and turn is not None
                and turn_cue not in _NO_CONTINUATION_CUES
                and self._same_side(found[0], turn)
            ):
                found = None  # 中方/我方 inside a speaker's turn: the speaker speaking for their side
            if (
                found is not None
                and turn is None
                and (found[1] in DISTANCING_VERBS or observed)
                and _CLAIM_REBUTTED_RE.search(para.masked, found[3], hi)
            ):
                found = None  # 北约声称…，却… / 本报注意到，美方强调…，却…: the outlet comments on it
                asked = bool(observed) or asked
            if found is None and turn is None and not asked and clo < hi:
                found = self._list_intro(para, clo, hi)  # 联合声明列出了以下要点：
            if asked and found is None and _QUESTION_RE.match(para.simp, lo, hi) is not None:
                cut = self._answer_cut(para, lo, hi)
                if cut is not None:
                    spans[idx : idx + 1] = [(lo, cut), (cut, hi)]  # 有记者问，…，发言人回答说，…
                    hi = cut
                    text = paragraph[lo:hi]
            at_tail = lo <= para.open_tail < hi
            if found is not None and found[0].ref.group == UNRESOLVED_GROUP:
                found = self._placed_by_fronted_place(para, clo, hi, found)
            if found is not None:
                sp, cue, v0, v1 = found
                cut = self._second_speaker_cut(para, sp, v1, hi)
                if cut is not None:
                    spans[idx : idx + 1] = [(lo, cut), (cut, hi)]
                    hi = cut
                    text = paragraph[lo:hi]
                pattern = self._pattern(para, sp, cue, lo, hi, v0, v1)
                self._remember(sp)
                self.last_speaker = sp.ref
                if pattern == "joint":
                    self._note_mentions(para, lo, hi)  # 荷兰和波兰防长表示…: each side can be 前者/后者 later
                self._note_documents(para, lo, hi, sp.ref)
                medium = sp.medium or (sp.ref if sp.ref.type == "media" else None)
                if medium is not None:
                    self.last_medium = medium
                turn, turn_cue = sp, cue
                lead = _CONNECTIVE_RE.sub("", para.simp[clo : sp.start])
                # …四国之间也存在温差，印度一向强调…: a side's stance inside the outlet's own sentence; the
                # outlet's next sentence is not the side's
                embedded = (pattern == "institutional" or sp.kind == "institution") and "，" in lead and len(lead) >= 6
                out.append(self._stmt(p_index, idx, text, sp, cue, pattern, lo, hi))
                tail_speaker = (sp, cue) if at_tail else tail_speaker
                continue
            quoted = para.masked[lo : lo + 1] in _QUOTE_OPENERS
            who = _WHO_SAID_RE.match(para.simp, clo, hi)
            if who is not None and (found is None or found[2] > who.start(1)):
                sayer = self.recognize(para, who.start(1), who.end(1), cue="说")
                if sayer is not None:
                    # “……。”说这番话的，是X。 / 这番话出自X之口。: the quotation before is X's
                    for j, prev in enumerate(out):
                        if prev.is_narrator and prev.text.lstrip()[:1] in _OPEN_TO_CLOSE:
                            out[j] = self._stmt(p_index, prev.index, prev.text, sayer, "说", "quote_first", prev.start, prev.end)
                    self._remember(sayer)
                    out.append(self._narration(p_index, idx, text, base, lo, hi))
                    turn, turn_cue = sayer, "说"
                    continue
            if observed and found is None:
                asked = True  # 环球时报记者注意到，…: the outlet observing ends the turn
            if subjectless and turn is not None:
                # 发文还说，… / 还表示，…: no subject of its own, so the turn's speaker goes on
                out.append(self._stmt(p_index, idx, text, turn, turn_cue, "continuation", lo, hi))
                tail_speaker = (turn, turn_cue) if at_tail else tail_speaker
                continue
            if (
                turn is not None
                and not asked
                and not _NARRATION_START_RE.match(para.simp, lo, hi)
                and not _ABOUT_THE_WORDS_RE.match(para.simp, lo, hi)
                and not _OUTLET_COMMENT_RE.match(para.simp, lo, hi)
                and not (_DECLINED_RE.search(para.simp, lo, hi) and not quoted)
                and (
                    quoted
                    or turn_cue not in _NO_CONTINUATION_CUES
                    or (turn_cue in _FIGURE_CUES and _MORE_FIGURES_RE.match(para.simp, lo, hi) is not None)
                )
                and (quoted or not embedded)
                and (quoted or not _SOME_PEOPLE_RE.search(turn.core))  # 一些政客嚷嚷…。这些论调…: the outlet
                # 有学者担心，…。当“吓阻”变成…: nobody in particular voiced it; the author goes on
                and (
                    quoted
                    or not (
                        turn.ref.group == UNRESOLVED_GROUP
                        and turn.core in _GENERIC
                        and to_simplified(turn.surface).lstrip().startswith(("有", "也有", "还有", "亦有", "另有"))
                    )
                )
                and (quoted or not self._other_person_acts(para, clo, hi, turn))
                and (quoted or not self._outlet_subject(para, clo, hi))  # 美国之音无法独立核实…
                # 据美联社报道，安理会通过了…决议。中国、俄罗斯…投了弃权票。: the outlet goes on with the events
                and (quoted or not (turn.ref.type == "media" and turn_cue == "报道"))
            ):
                pattern = "continuation"
                claim = self._distanced_claim(para, lo, hi)
                if (
                    claim is not None
                    and (
                        claim[0].ref.group == turn.ref.group
                        or (claim[0].kind == "person" and claim[0].pattern not in ("anaphora", "short_name"))
                    )
                    and not _CONNECTIVE_RE.sub("", para.simp[clo : claim[0].start]).strip()
                    and not _CLAIM_REBUTTED_RE.search(para.masked, claim[3], hi)
                ):
                    # 民进党当局对此表示“欢迎”。台湾地区外事部门声称，…: the same side's own new claim (or a
                    # named office holder's: 美国国务院发言人也声称，…), not the turn's speaker reporting it;
                    # the outlet's rebuttal after it is not theirs
                    sp, cue = claim[0], claim[1]
                    self._remember(sp)
                    out.append(self._stmt(p_index, idx, text, sp, cue, sp.pattern, lo, hi))
                    turn, turn_cue = sp, cue
                    tail_speaker = (sp, cue) if at_tail else tail_speaker
                    continue
                if claim is not None:
                    pattern = "nested"
                rebutted = (
                    claim is not None
                    and claim[0].ref.actor == turn.ref.actor  # nobody rebuts their own claim
                    and _CLAIM_REBUTTED_RE.search(para.masked, claim[3], hi) is not None
                )
                if not rebutted:
                    out.append(self._stmt(p_index, idx, text, turn, turn_cue, pattern, lo, hi))
                    tail_speaker = (turn, turn_cue) if at_tail else tail_speaker
                    continue
                asked = True  # 公报称…。北约声称…，却…: the outlet comments on the claim
            if idx == 0:
                self.qa_turn = None
            turn = None
            self._note_mentions(para, lo, hi)
            self._note_documents(para, lo, hi, None)
            self._note_authored_piece(para, lo, hi)
            self._note_acting_person(para, clo, hi)
            out.append(self._narration(p_index, idx, text, base, lo, hi))
        self.pending = tail_speaker
        last = para.masked.rstrip()[-1:]
        if turn is not None and out and not out[-1].is_narrator and last in "：:":
            self.colon_pending = (turn, turn_cue)  # 汪文斌表示：\n“……” — the next paragraph is the quotation
        elif carried is not None and turn is carried[0] and out and not out[-1].is_narrator and last in "；;":
            self.colon_pending = (turn, turn_cue)  # a list item ending in "；": the list goes on
        self.done.append(para.simp)
        return out

    def _placed_by_fronted_place(
        self, para: _Para, lo: int, hi: int, found: tuple[_Speaker, str, int, int]
    ) -> tuple[_Speaker, str, int, int]:
        """在巴拿马，总统穆利诺表示…: an unplaced office holder after a fronted place naming a side is that
        side's (the registry's actor for 巴拿马总统 when there is one)."""
        place = _FRONTED_PLACE_RE.match(para.simp, lo, hi)
        sp = found[0]
        if place is None or place.end() > sp.start or sp.kind != "person" or sp.pattern == "anaphora":
            return found
        pair = self.reg.group_by_word(place.group(1))
        if pair is None or (not sp.core.endswith(_TITLE_ENDS) and not _TITLE_NAME_RE.search(sp.core)):
            return found
        ref = self.reg.resolve(place.group(1) + sp.core, outlet=self.ctx.outlet)
        if ref is None or ref.group != pair[0]:
            ref = ActorRef(place.group(1) + sp.core, pair[0], pair[1], "")
        return replace(sp, ref=ref, pattern="title_group"), found[1], found[2], found[3]

    def _note_acting_person(self, para: _Para, lo: int, hi: int) -> None:
        """A named person acting in the outlet's sentence (研究所分析员托马什·诺瓦克则从…给出了另一种解读。)
        becomes the referent of a later 他 / 她."""
        m = _ACTING_SUBJECT_RE.match(para.simp, lo, hi)
        if m is None or para.masked[m.start(1) : m.end(1)].count(_MASK):
            return
        sp = self.recognize(para, m.start(1), m.end(1), cue="说")
        if (
            sp is not None
            and sp.kind == "person"
            and sp.pattern not in ("anaphora", "short_name")
            and sp.ref.group != UNRESOLVED_GROUP
            and (_TITLE_NAME_RE.search(sp.core) or "·" in sp.core)
        ):
            self._remember(sp)

    def _outlet_subject(self, para: _Para, lo: int, hi: int) -> bool:
        """The outlet itself as the subject with no speech (美国之音无法独立核实… / 本报获得的文件…)."""
        k = lo
        while k < hi and para.simp[k] in " 《":
            k += 1
        for name in (*self.own_names, "本报", "本台", "本网", "本刊"):
            if name and para.simp.startswith(name, k):
                return True
        return False

    def _other_person_acts(self, para: _Para, lo: int, hi: int, turn: _Speaker) -> bool:
        """A sentence without speech whose subject is a newly named person (X海警发言人塔里拉随后发布了视频。):
        the outlet reporting an act, not the turn's speaker going on; the person becomes a referent."""
        if self._distanced_claim(para, lo, hi) is not None:
            return False  # 美国国务院发言人也声称，…: a claim, decided by the claim rules
        acting = _ACTING_SUBJECT_RE.match(para.simp, lo, hi)
        body: _Speaker | None = None
        if acting is not None and _INSTITUTION_ACT_RE.search(para.masked, acting.end(1), hi):
            body = self.recognize(para, acting.start(1), acting.end(1), cue="说")
            if body is not None and body.kind == "institution" and body.ref.actor != turn.ref.actor:
                self._remember(body)
                return True  # 乌克兰驻华大使馆则在社交媒体上转发了…: another body's act, the outlet reporting it
        side = _SIDE_SUBJECT_RE.match(para.simp, lo, hi)
        if side is not None:
            pair = self.reg.group_by_word(side.group(1))
            return pair is not None and pair[0] != turn.ref.group  # 俄罗斯方面对此反应强烈。: the outlet
        if acting is None:
            return False
        sp = body or self.recognize(para, acting.start(1), acting.end(1), cue="说")
        if (
            sp is None
            or sp.kind != "person"
            or sp.pattern in ("anaphora", "short_name")
            or sp.ref.actor == turn.ref.actor
            or sp.ref.group == UNRESOLVED_GROUP
        ):
            return False
        self._remember(sp)
        return True

    def _list_intro(self, para: _Para, lo: int, hi: int) -> tuple[_Speaker, str, int, int] | None:
        """A speaker introducing a list (声明列出了以下要点： / 报告的主要内容如下：), or None."""
        m = _LIST_INTRO_RE.match(para.masked, lo, hi)
        if m is None or para.masked[m.end() : hi].strip():
            return None
        sp = self.recognize(para, lo, m.start(2), cue=m.group(2))
        return None if sp is None else (sp, m.group(2), m.start(2), m.end(2))

    def _answer_cut(self, para: _Para, lo: int, hi: int) -> int | None:
        """Start of an answer clause inside a reporter's question sentence (有记者问，…，莱维特回答说，…):
        a clause opening with a recognised speaker and a verb, not itself a question."""
        m = para.masked
        for c in range(lo, hi - 1):
            if m[c] not in "，,；;":
                continue
            found = self.construction(para, c + 1, hi, in_turn=False)
            if found is None:
                return None
            sp = found[0]
            lead = _CONNECTIVE_RE.match(para.simp, c + 1, hi)
            s0 = lead.end() if lead else c + 1
            clause = m[c + 1 : found[3]]
            if sp.start <= s0 and sp.pattern != "reported" and not re.search("是否|吗|？|\\?", clause):
                return c + 1
        return None

    def _observation_end(self, para: _Para, lo: int, hi: int) -> int:
        """End of an opening where the outlet observes (央视记者注意到， / 观察者网注意到，), else 0."""
        simp = para.simp
        m = _REPORTER_SEES_RE.match(simp, lo, hi)
        if m is not None:
            return m.end()
        k = lo
        while k < hi and simp[k] in " 《":
            k += 1
        for name in self.own_names:
            if name and simp.startswith(name, k):
                j = k + len(name) + (simp[k + len(name) : k + len(name) + 1] == "》")
                for word in _SELF_SEEING:
                    if simp.startswith(word, j):
                        j += len(word)
                        return j + (j < hi and simp[j] in "，,：:")
        return 0

    def _second_speaker_cut(self, para: _Para, sp: _Speaker, v1: int, hi: int) -> int | None:
        """Start of a second speaker's clause in the statement (A表示…，B则认为…), or None."""
        if sp.medium is not None or sp.ref.type == "media":
            return None  # 据…报道，…，部分议员也表示…: the medium's report goes on
        m = para.masked
        first = True  # A表示，B也承认…: B right after A's verb is A's content, not a second speaker
        for c in range(v1, hi - 1):
            if m[c] not in "，,；;":
                continue
            if first and not m[v1:c].strip("：:，, "):
                first = False
                continue
            first = False
            b = c + 1
            while b < hi and m[b] not in _CLAUSE_BOUNDARY:
                b += 1
            for vm in _VERB_RE.finditer(m, c + 1, b):
                v0b, v1b = vm.span()
                if not _verb_ok(m, v0b, v1b, vm.group(0), c + 1):
                    continue
                sp2 = self.recognize(para, c + 1, v0b, cue=vm.group(0))
                if (
                    sp2 is not None
                    and (sp2.pattern != "anaphora" or _FORMER_LATTER_RE.match(to_simplified(sp2.surface)) is not None)
                    and any(mark in m[sp2.end : v0b] for mark in _SECOND_SPEAKER_MARKS)
                    and (sp2.ref.actor, sp2.ref.group) != (sp.ref.actor, sp.ref.group)
                    and not self._same_side(sp2, sp)
                ):
                    return c + 1
                break
        return None

    def _note_documents(self, para: _Para, lo: int, hi: int, owner: ActorRef | None) -> None:
        """A speaker's statement naming a document (…发表联合声明称) makes them its owner; narration
        naming one leaves the owner to the first-mention rule."""
        seg = para.masked[lo:hi]
        posts = _POSTED_RE.match(seg)
        if owner is None and posts is not None and self.last_speaker is not None:
            who = posts.group(1)
            if who in self.last_speaker.actor or who in ("该账号", "对方"):
                self.doc_owner["帖文"] = self.last_speaker  # 使馆随后又连发两帖。第二条帖文说…: the embassy's
        for word in _DOCUMENT_WORDS:
            k = seg.find(word)
            if k >= 0:
                speaking_in = re.search("在[^，,。：:]{0,10}?" + word + "中", seg)  # X在一份声明中表示
                if owner is not None and not _ISSUE_RE.search(seg, 0, k) and speaking_in is None:
                    continue  # 有关报告的内容不符合事实: talking about a document, not issuing it
                if owner is not None and owner.type == "media":
                    # 据美联社报道，…联合国安理会…通过了…一项决议: the medium reports who issued it
                    owner = self._clause_subject(para.simp[lo : lo + k])
                    if owner is None:
                        self.doc_owner.pop(word, None)
                        continue
                if owner is None:
                    clause = para.simp[lo : lo + k]
                    joint = "联合" in clause[-6:] or self._joint_document(word, lo + k + len(word)) is not None
                    issuer = None if joint else self._issuer(clause, k)  # 美国国务院当天也发表了一份声明。
                    if issuer is not None:
                        self.doc_owner[word] = issuer
                    else:
                        self.doc_owner.pop(word, None)
                else:
                    self.doc_owner[word] = owner

    def _note_authored_piece(self, para: _Para, lo: int, hi: int) -> None:
        """…网站刊发了乔治城大学副教授X的一篇文章。: 文章认为 / 文章写道 that follow are the author's."""
        m = _AUTHORED_RE.search(para.masked, lo, hi)
        if m is None:
            return
        author = self.recognize(para, m.start(1), m.end(1), cue="写道")
        if author is not None and author.ref.group != UNRESOLVED_GROUP and author.ref.type != "media":
            self.last_medium = author.ref
            self._remember(author)

    def _post_paragraph(self, p_index: int, para: _Para, spans: list[tuple[int, int]]) -> list[Statement] | None:
        """A post under its header line (NAME @handle · date …): the post's text is NAME's."""
        head = _POST_HEAD_RE.match(para.simp)
        if head is None or head.end() >= len(para.simp.rstrip()):
            return None
        sp = self.poster(head.group(1))
        if sp is None:
            return None
        return [
            self._stmt(p_index, i, para.text[lo:hi], sp, "发帖", "speaker_quote" if i == 0 else "continuation", lo, hi)
            for i, (lo, hi) in enumerate(spans)
        ]

    def poster(self, name: str) -> _Speaker | None:
        """The account owner NAME of a post (a name the registry or the narration knows), or None."""
        name = to_simplified(name)
        ref = self.ctx.names.get(name) or self._introduced(name) or self.reg.resolve(name, outlet=self.ctx.outlet)
        if ref is None:
            last = name.rsplit("·", 1)[-1]
            ref = self.ctx.names.get(last) or (self._introduced(last) if len(last) >= 2 else None)
        if ref is None:
            return None
        return _Speaker(name, name, ref, "person", "speaker_quote", 0, 0)

    def title_owner(self, title: str) -> ActorRef | None:
        """Who issued a document given by its title alone: both sides for a joint text naming two parties,
        else the body it names (北约华盛顿峰会宣言 -> 北约); None when it names nobody."""
        hits = [h for h in self.reg.find_aliases(title) if h[3].type != "media"]
        groups = {h[3].group for h in hits} | {g for g in self._group_names if g in title}
        if "联合" in title or len(groups) >= 2:
            return ActorRef(title, JOINT_GROUP, self.reg.group_en(JOINT_GROUP) or JOINT_GROUP_EN, "")
        if hits:
            return min(hits, key=lambda h: (h[0], -h[1]))[3]
        return None

    def _clause_subject(self, text: str) -> ActorRef | None:
        """The registered, non-media body opening the last clause of ``text`` that opens with one."""
        found: ActorRef | None = None
        for clause in re.split("[，,；;]", text):
            lead = _CONNECTIVE_RE.match(clause)
            body = clause[lead.end() :] if lead else clause
            hits = [h for h in self.reg.find_aliases(body) if h[0] == 0 and h[3].type != "media"]
            if hits:
                found = max(hits, key=lambda h: h[1])[3]
        return found

    def _same_side(self, sp: _Speaker, turn: _Speaker) -> bool:
        """中方 inside a Chinese speaker's turn, 双方 inside a joint text's: the speaker speaking for its side."""
        if sp.ref.group != turn.ref.group:
            return False
        return self.reg.is_group_word(sp.core) or (sp.core in _BOTH_SIDES and turn.pattern != "joint")

    def _distanced_claim(self, para: _Para, lo: int, hi: int) -> tuple[_Speaker, str, int, int] | None:
        """A claim at a distance (X声称…) in [lo, hi); the continuation gate and the continuation itself both ask
        for the same statement, so the last answer is kept."""
        last = self._last_claim
        if last is not None and last[0] is para and last[1] == (lo, hi):
            return last[2]
        found = self.construction(para, lo, hi, in_turn=False)
        claim = found if found is not None and found[1] in DISTANCING_VERBS else None
        self._last_claim = (para, (lo, hi), claim)
        return claim

    def _pattern(self, para: _Para, sp: _Speaker, cue: str, lo: int, hi: int, v0: int, v1: int) -> str:
        if sp.pattern == "reported":
            return "reported"
        if para.masked[lo] in _QUOTE_OPENERS and sp.start > lo:
            first_q_end = next(iter(e for e in sorted(para.speech_quote_ends) if e > lo), hi)
            if first_q_end <= sp.start:
                return "quote_first"
        if sp.pattern != "speaker_verb":
            return sp.pattern
        m = para.masked
        # a later construction by somebody else inside this statement
        rest = self.construction(para, v1, hi, in_turn=False)
        if (
            rest is not None
            and rest[0].pattern != "anaphora"
            and not self._same_side(rest[0], sp)
            and (rest[0].ref.actor, rest[0].ref.group) != (sp.ref.actor, sp.ref.group)
        ):
            return "nested"
        if _SECOND_VERB_RE.search(m, v1, hi):
            return "second_verb"
        if sp.kind == "institution":
            return "institutional"
        gap = len(m[sp.end : v0].strip())
        if gap >= LONG_ADVERBIAL:
            return "adverbial"
        after = m[v1 : v1 + 2].lstrip("：:，, ")
        if after[:1] and after[:1] in _QUOTE_OPENERS:
            return "speaker_quote"
        return "speaker_verb"

    def _stmt(
        self, p: int, idx: int, text: str, sp: _Speaker, cue: str, pattern: str, lo: int, hi: int
    ) -> Statement:
        return Statement(
            p,
            idx,
            text,
            sp.surface,
            sp.ref.actor,
            sp.ref.group,
            sp.ref.group_en,
            False,
            cue,
            pattern,
            CONFIDENCE[pattern],
            lo,
            hi,
        )


def attribute_article(text: str, *, outlet: str, registry: Registry) -> list[Statement]:
    """Statements of a clean article body (paragraphs joined by "\\n"), in reading order.

    Every non-blank paragraph yields at least one statement; ``paragraph`` is the 0-based line index.
    """
    attributor = _Attributor(registry, outlet)
    base = registry.outlet_ref(outlet)
    out: list[Statement] = []
    paragraphs = text.split("\n")
    for p_index, paragraph in enumerate(paragraphs):
        if not paragraph.strip():
            continue
        out.extend(attributor.attribute_paragraph(p_index, paragraph, base))
    simps = [to_simplified(p) for p in paragraphs]
    out = _speech_excerpts(paragraphs, _carry_open_quotes(paragraphs, out, simps), attributor, simps)
    whole = "\n".join(simps)
    if re.search("声明|公报|宣言|行动计划|如下", whole):
        out = _document_text(paragraphs, out, attributor, simps)
    if "@" in whole:
        out = _signed_posts(simps, out, attributor)
    return _author_voice(paragraphs, out, attributor, simps)


def _reassigned(
    st: Statement, ref: ActorRef, *, speaker: str, cue: str, pattern: str, confidence: float | None = None
) -> Statement:
    """``st`` given to a speaker by a pass over the whole article (a post, a document, a speech, a column)."""
    return replace(
        st,
        speaker=speaker,
        actor=ref.actor,
        group=ref.group,
        group_en=ref.group_en,
        is_narrator=False,
        cue=cue,
        pattern=pattern,
        confidence=CONFIDENCE[pattern] if confidence is None else confidence,
    )


def _signed_posts(simps: list[str], out: list[Statement], attributor: _Attributor) -> list[Statement]:
    """An embedded post signed below its text (…。 ¶ — NAME (@handle) date): the paragraph above is NAME's."""
    result = list(out)
    for k, simp in enumerate(simps):
        sig = _POST_SIGNATURE_RE.fullmatch(simp.strip())
        if sig is None or k == 0:
            continue
        sp = attributor.poster(sig.group(1))
        if sp is None:
            continue
        above = next((j for j in range(k - 1, -1, -1) if simps[j].strip()), -1)
        for i, st in enumerate(result):
            if st.paragraph == above and st.is_narrator:
                result[i] = _reassigned(st, sp.ref, speaker=sp.surface, cue="发帖", pattern="speaker_quote")
    return result


#: A document's title on its own line (…关于…的联合声明 / 北约华盛顿峰会宣言), or its full-text intro.
_DOC_TITLE_RE: Final = re.compile(r"[^，,。：:；;！？“”「」]{4,80}?(?:联合声明|联合公报|联合宣言|宣言|声明|公报|行动计划)（?(?:全文)?）?")
_FULL_TEXT_RE: Final = re.compile(r"(?:全文如下|内容如下|要点如下)\s*[：:]\s*$")
#: A numbered point of a document (一、… / （一）… / 1、… / 第一条…).
_POINT_RE: Final = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|[0-9０-９]{1,2}[、．.]|第[一二三四五六七八九十]{1,3}条)")
#: The closing date and place of a signed text (2025年12月5日于北京).
_SIGNED_RE: Final = re.compile(r"\s*(?:[0-9０-９]{4}年)?[0-9０-９]{1,2}月[0-9０-９]{1,2}日(?:于[\u4e00-\u9fff]{1,8})?\s*")


def _document_text(
    paragraphs: list[str], out: list[Statement], attributor: _Attributor, simplified: list[str]
) -> list[Statement]:
    """A document reproduced in full (its title on a line of its own, or 全文如下：, then numbered points up
    to its date line): the points' sentences nobody else speaks in are the document's issuer's (a joint
    statement's are both sides'); a point where one side speaks (越方重申…) keeps that side."""
    simps = [x.strip() for x in simplified]
    by_para: dict[int, list[int]] = {}
    for i, st in enumerate(out):
        by_para.setdefault(st.paragraph, []).append(i)
    result = list(out)
    for intro, simp in enumerate(simps):
        owner: ActorRef | None = None
        if _FULL_TEXT_RE.search(simp):
            speakers = [result[i] for i in by_para.get(intro, []) if not result[i].is_narrator]
            if speakers:
                owner = ActorRef(speakers[-1].actor, speakers[-1].group, speakers[-1].group_en, "")
        elif _DOC_TITLE_RE.fullmatch(simp):
            owner = attributor.title_owner(simp)
        if owner is None:
            continue
        for k in range(intro + 1, len(simps)):
            if not simps[k]:
                continue
            if _SIGNED_RE.fullmatch(simps[k]) or (k > intro + 1 and not _POINT_RE.match(simps[k])):
                break
            for i in by_para.get(k, []):
                st = result[i]
                if st.is_narrator:
                    result[i] = _reassigned(st, owner, speaker="", cue="全文", pattern="institutional")
    return result


def _speech_excerpts(
    paragraphs: list[str], out: list[Statement], attributor: _Attributor, simps: list[str]
) -> list[Statement]:
    """以下为讲话摘录： … （摘录完）: the paragraphs in between are the speech of whoever the paragraphs
    before it said gave it (…审议官山田健一…发表题为《…》的讲话); unchanged when nobody can be found."""
    result = list(out)
    for intro, simp in enumerate(simps):
        if _EXCERPT_INTRO_RE.search(simp) is None:
            continue
        end = next((k for k in range(intro + 1, len(simps)) if _EXCERPT_END_RE.match(simps[k])), -1)
        if end < 0:
            continue
        giver = None
        for k in range(intro, max(-1, intro - 3), -1):
            giver = attributor.speech_giver(paragraphs[k])
            if giver is not None:
                break
        if giver is None:
            continue
        for i, st in enumerate(result):
            if intro < st.paragraph < end:
                result[i] = _reassigned(st, giver.ref, speaker=giver.surface, cue="讲话", pattern="continuation")
    return result


def _author_voice(
    paragraphs: list[str], out: list[Statement], attributor: _Attributor, simps: list[str]
) -> list[Statement]:
    """A signed commentary (…（作者是复旦大学国际问题研究院教授。本文仅代表作者个人观点）): the body the
    outlet would narrate is the author's voice, placed by the affiliation; the note itself stays the outlet's."""
    note_at = -1
    body_from = -1
    affiliation = ""
    name = ""
    for i, simp in enumerate(simps):
        m = _AUTHOR_NOTE_RE.search(simp)
        if m is not None:
            note_at, affiliation = i, m.group(1)
    if note_at < 0:
        # a column under its byline (【文/观察者网专栏作者 许明哲】), the author's card above it
        for i, simp in enumerate(simps[:6]):
            col = _COLUMN_BYLINE_RE.fullmatch(simp.strip())
            if col is None:
                continue
            name = col.group(1)
            card = [c.strip() for c in simps[:i]]
            affiliation = next((c for c in card if c.endswith(_TITLE_ENDS) and len(c) <= 40), "")
            if affiliation:
                body_from, note_at = i, len(paragraphs)
            break
    if note_at < 0:
        return out
    ref = attributor._affiliated(name or f"作者（{affiliation}）", affiliation)
    result: list[Statement] = []
    for st in out:
        commented = st.pattern == "continuation" and st.text.lstrip()[:1] not in _OPEN_TO_CLOSE
        if (st.is_narrator or commented) and body_from < st.paragraph < note_at:
            # …也說，雙方將舉行磋商。這些表態本身並無新意: after a quotation the author comments on it
            own = "笔者" in to_simplified(st.text)
            st = _reassigned(
                st,
                ref,
                speaker="笔者" if own else "",
                cue="",
                pattern="anaphora" if own else "continuation",
                confidence=CONFIDENCE["continuation"],
            )
        result.append(st)
    return result


#: How many paragraphs a quotation opened without re-opening marks may run before it must close.
MAX_QUOTE_PARAGRAPHS: Final = 6
_OPENERS_ONLY: Final = frozenset(_OPEN_TO_CLOSE)
_CLOSERS_ONLY: Final = frozenset(_CLOSE_TO_OPEN)


def _first_quote_mark(simp: str) -> tuple[int, str] | None:
    for i, ch in enumerate(simp):
        if ch in _OPENERS_ONLY or ch in _CLOSERS_ONLY:
            return i, ch
    return None


def _carry_open_quotes(paragraphs: list[str], out: list[Statement], simps: list[str]) -> list[Statement]:
    """A quotation opened in one paragraph and closed paragraphs later with no re-opening mark at the
    paragraph starts (…说：“… ¶ … ¶ …。” / “… ¶ … ¶ …。”X说。) belongs to its speaker throughout:
    the speaker before the opening mark, else the speaker right after the closing mark. Only narration
    statements inside the quotation change; the quotation must close within MAX_QUOTE_PARAGRAPHS."""
    by_para: dict[int, list[int]] = {}
    for i, st in enumerate(out):
        by_para.setdefault(st.paragraph, []).append(i)
    result = list(out)
    for p, simp in enumerate(simps):
        tail = open_quote_start(simp, quote_spans(simp))
        if tail < 0 or p not in by_para:
            continue
        close: tuple[int, int] | None = None
        for q in range(p + 1, min(len(simps), p + 1 + MAX_QUOTE_PARAGRAPHS)):
            first = _first_quote_mark(simps[q])
            if first is None:
                continue
            if first[1] in _CLOSERS_ONLY and _OPEN_TO_CLOSE.get(simp[tail]) == first[1]:
                close = (q, first[0])
            elif first[1] == simp[tail] and not simps[q][: first[0]].strip():
                # the quotation re-opened at the paragraph start (Chinese typesetting): it goes on here,
                # and ends where this paragraph closes it (…。”X说。), else in a later paragraph
                if open_quote_start(simps[q], quote_spans(simps[q])) >= 0:
                    continue
                spans = quote_spans(simps[q])
                if spans and spans[0][0] == first[0]:
                    close = (q, spans[0][1] - 1)
            break
        if close is None:
            continue
        q_close, c_pos = close
        opener = next((result[i] for i in by_para[p] if result[i].start <= tail < result[i].end), None)
        if opener is None:
            continue
        pattern = "speaker_quote"
        speaker: Statement | None = opener if not opener.is_narrator else None
        if speaker is None:
            after = [result[i] for i in by_para.get(q_close, []) if result[i].end > c_pos]
            if len(after) > 1 and after[0].end <= c_pos + 1:
                after = after[1:]  # the closing mark ends a statement; the speaker's clause follows it
            nxt = after[0] if after else None
            if nxt is None or nxt.is_narrator or nxt.start > c_pos + 2:
                continue
            speaker, pattern = nxt, "quote_first"
        inside: list[int] = [i for i in by_para[p] if result[i].start >= tail or i == by_para[p][-1]]
        for q in range(p + 1, q_close + 1):
            inside += [i for i in by_para.get(q, []) if q < q_close or result[i].start < c_pos]
        for i in inside:
            st = result[i]
            if st.is_narrator and (st.paragraph > p or st.start >= tail):
                placed = ActorRef(speaker.actor, speaker.group, speaker.group_en, "")
                result[i] = _reassigned(st, placed, speaker=speaker.speaker, cue=speaker.cue, pattern=pattern)
    return result


_VENUE_MARKERS: Final = ("在", "于", "赴", "抵达", "访问")


def _is_venue(sentence: str, start: int) -> bool:
    """A place named as where something happens (峰会在比利时布鲁塞尔闭幕), not a party to it."""
    return any(sentence[max(0, start - len(m)) : start] == m for m in _VENUE_MARKERS)
