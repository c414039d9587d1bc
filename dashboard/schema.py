"""Column contracts shared by every module.

Each table the pipeline writes is a pandas DataFrame with exactly these columns, in this order.
Tests and the README's "Output schema" section are checked against these tuples.
"""

from __future__ import annotations

from typing import Final

#: One row per imported article (``articles.parquet``).
ARTICLE_COLUMNS: Final = (
    "article_id",  # str: stable id (input's own id, else sha1 of normalized text, 16 hex chars)
    "title",  # str
    "outlet",  # str: from metadata, else from the dateline, else ""
    "date",  # datetime64[ns] or NaT (undated)
    "url",  # str, may be ""
    "language",  # "zh-Hans" | "zh-Hant" | "en" | "other"
    "text",  # str: clean body, one paragraph per line ("\n" between paragraphs)
    "captions",  # str: image captions, one per line ("" when none)
    "dateline",  # str: the dateline removed from the body ("" when none)
    "source_file",  # str: file (and record: "batch.csv#row=3") it came from
    "synthetic",  # bool: front matter / column `synthetic`
)

#: One row per statement (``statements.parquet``).
STATEMENT_COLUMNS: Final = (
    "article_id",  # str
    "statement_id",  # str: f"{article_id}:{paragraph:03d}:{index:03d}"
    "paragraph",  # int: 0-based paragraph index in article text
    "text",  # str: original text of the statement (as written, traditional stays traditional)
    "speaker",  # str: surface form as written ("" for narration)
    "actor",  # str: canonical actor (registry), or the outlet for narration, or the surface speaker
    "group",  # str: country / bloc / organisation; "媒体" for narration; "未识别" when unresolved
    "group_en",  # str: English name of the group ("Media", "Unresolved")
    "is_narrator",  # bool
    "cue",  # str: reporting verb (表示, 称, 指出 ...), "" for narration
    "pattern",  # str: attribution rule that fired (see dashboard.attribution.PATTERNS)
    "date",  # datetime64[ns] or NaT (copied from the article)
    "outlet",  # str (copied from the article)
    "n_tokens",  # int: jieba tokens in the statement, punctuation and whitespace excluded
    "confidence",  # float in [0, 1]
)

#: One row per (statement, term) with at least one hit (``term_hits.parquet``).
TERM_HIT_COLUMNS: Final = (
    "statement_id",  # str
    "article_id",  # str
    "term",  # str: canonical lexicon term (simplified), whatever variant/script was written
    "frame",  # str: the term's issue frame
    "count",  # int >= 1: occurrences in the statement
    "quoted_count",  # int: occurrences inside scare quotes (“印太”), 0 <= quoted_count <= count
)

#: One row per statement (``tokens.parquet``): space-joined jieba tokens, stopwords kept,
#: punctuation dropped. Used by all-token contrasts.
TOKEN_COLUMNS: Final = ("statement_id", "tokens")

#: Framing lexicon (``data/lexicon.csv``).
LEXICON_COLUMNS: Final = (
    "term",  # simplified Chinese term, unique
    "frame",  # issue frame, Chinese label (e.g. 冷战对抗)
    "frame_en",  # issue frame, English label (e.g. Cold-War confrontation)
    "gloss_en",  # English gloss of the term
    "policy_frame",  # one of POLICY_FRAMES
    "variants",  # "|"-separated other written forms (simplified) counted as this term
    "naming",  # id of a contested naming choice (e.g. "印太/亚太"), "" when none
    "name_option",  # which alternative of that naming choice this term uses (e.g. "亚太")
    "not_inside",  # "|"-separated longer words in which this term must not be matched (印度尼西亚)
)

#: Actor registry: institutions and other canonical actors (``data/registry/actors.csv``).
ACTOR_COLUMNS: Final = (
    "actor",  # canonical Chinese name (中国外交部), unique
    "actor_en",  # English name
    "group",  # country / bloc / organisation (中国, 美国, 北约, 欧盟 ...)
    "type",  # government | military | military alliance | intergovernmental | legislature |
    # media | think tank | party | company | other
    "aliases",  # "|"-separated names, short forms, offices and roles (外交部发言人|中国外交部|外交部)
)

#: Actor registry: real office holders, as facts (``data/registry/people.csv``).
PEOPLE_COLUMNS: Final = (
    "name",  # as written in Chinese media (朱丽安·史密斯)
    "name_en",  # Julianne Smith
    "office",  # office held (美国常驻北约代表)
    "actor",  # canonical actor the person speaks for (must exist in actors.csv)
    "start",  # year the office began (int)
    "end",  # year it ended, empty if still in office
    "aliases",  # "|"-separated short forms (史密斯)
)

#: Groups with their English names and the prefixes that reveal them in titles
#: (``data/registry/groups.csv``).
GROUP_COLUMNS: Final = (
    "group",  # 美国
    "group_en",  # United States
    "kind",  # country | bloc | organisation | region | media | other
    "prefixes",  # "|"-separated title prefixes naming the group: 美国|美方|美
)

NARRATOR_GROUP: Final = "媒体"
NARRATOR_GROUP_EN: Final = "Media"
UNRESOLVED_GROUP: Final = "未识别"
UNRESOLVED_GROUP_EN: Final = "Unresolved"

#: The 15 dimensions of the Policy Frames Codebook (Boydstun et al. 2014).
POLICY_FRAMES: Final = (
    "Economic",
    "Capacity and resources",
    "Morality",
    "Fairness and equality",
    "Legality, constitutionality and jurisprudence",
    "Policy prescription and evaluation",
    "Crime and punishment",
    "Security and defense",
    "Health and safety",
    "Quality of life",
    "Cultural identity",
    "Public opinion",
    "Political",
    "External regulation and reputation",
    "Other",
)
