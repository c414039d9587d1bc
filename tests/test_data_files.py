"""The shipped default data files: lexicon, actor registry (groups, actors, people) and stopwords.

Read with plain pandas on purpose (independent of dashboard.lexicon / dashboard.registry), so a broken
default file is caught even if a loader is lenient.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from opencc import OpenCC

from dashboard.schema import (
    ACTOR_COLUMNS,
    GROUP_COLUMNS,
    LEXICON_COLUMNS,
    NARRATOR_GROUP,
    NARRATOR_GROUP_EN,
    PEOPLE_COLUMNS,
    POLICY_FRAMES,
    UNRESOLVED_GROUP,
    UNRESOLVED_GROUP_EN,
)

DATA = Path(__file__).resolve().parents[1] / "data"
REGISTRY = DATA / "registry"

FICTIONAL_OUTLETS = ("华夏通讯社", "东方时报", "环宇观察网", "新京视点", "南洋晨报", "港湾日报", "北美华声报")

#: Roles and institutions the demo corpus uses as speakers (see data/registry/README.md).
DEMO_SPEAKERS = (
    "中国外交部发言人", "外交部发言人", "我外交部发言人", "中方", "中国国防部发言人", "中国商务部新闻发言人",
    "中国驻欧盟使团发言人", "中国常驻联合国代表", "美国国务院发言人", "白宫发言人", "美国国防部长",
    "美国驻北约大使", "美国国家安全委员会", "美国贸易代表办公室", "大西洋战略研究所", "华盛顿安全政策中心",
    "北约秘书长", "北约", "北约峰会联合公报", "欧盟外交与安全政策高级代表", "欧盟委员会", "日本首相",
    "日本外务省", "日本驻北约大使", "日本防卫省", "法国总统", "法国外交部", "英国首相", "英国外交大臣",
    "德国总理", "俄罗斯外交部发言人", "韩国外交部", "澳大利亚总理", "澳大利亚国防部长", "菲律宾外交部",
    "菲律宾海岸警卫队发言人", "台湾地区领导人", "台湾陆委会", "东盟秘书长", "日经亚洲", "华尔街日报", "路透社",
)  # fmt: skip

REPORTING_VERBS = (
    "表示", "称", "说", "指出", "强调", "重申", "宣称", "声称", "透露", "正告", "认为", "呼吁", "敦促",
    "警告", "回应", "坦言", "批评", "谴责", "主张",
)  # fmt: skip

_T2S = OpenCC("t2s")


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _split(cell: str) -> list[str]:
    return [] if not cell.strip() else cell.split("|")


@pytest.fixture(scope="module")
def lexicon() -> pd.DataFrame:
    return _read(DATA / "lexicon.csv")


@pytest.fixture(scope="module")
def groups() -> pd.DataFrame:
    return _read(REGISTRY / "groups.csv")


@pytest.fixture(scope="module")
def actors() -> pd.DataFrame:
    return _read(REGISTRY / "actors.csv")


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return _read(REGISTRY / "people.csv")


@pytest.fixture(scope="module")
def stopwords() -> list[str]:
    lines = (DATA / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.startswith("#")]


def _surface_forms(lexicon: pd.DataFrame) -> list[str]:
    return [
        f
        for term, var in zip(lexicon["term"], lexicon["variants"], strict=True)
        for f in [term, *_split(var)]
    ]


# -- headers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "columns"),
    [
        (DATA / "lexicon.csv", LEXICON_COLUMNS),
        (REGISTRY / "groups.csv", GROUP_COLUMNS),
        (REGISTRY / "actors.csv", ACTOR_COLUMNS),
        (REGISTRY / "people.csv", PEOPLE_COLUMNS),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else "",
)
def test_exact_header(path: Path, columns: tuple[str, ...]) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(columns)
    assert list(_read(path).columns) == list(columns)


# -- lexicon -----------------------------------------------------------------------------------------


def test_lexicon_size_and_frames(lexicon: pd.DataFrame) -> None:
    assert len(lexicon) >= 250
    assert lexicon["frame"].nunique() >= 10
    assert (lexicon["term"].str.strip() != "").all()
    assert (lexicon["gloss_en"].str.strip() != "").all()
    assert set(lexicon["policy_frame"]) <= set(POLICY_FRAMES)
    # each Chinese frame label has exactly one English label and vice versa
    pairs = lexicon[["frame", "frame_en"]].drop_duplicates()
    assert pairs["frame"].is_unique and pairs["frame_en"].is_unique
    assert (pairs["frame_en"] != "").all()


def test_no_duplicate_surface_forms(lexicon: pd.DataFrame) -> None:
    forms = _surface_forms(lexicon)
    dupes = sorted({f for f in forms if forms.count(f) > 1})
    assert dupes == []
    assert all(f == f.strip() and f for f in forms)


def test_lexicon_is_simplified(lexicon: pd.DataFrame) -> None:
    changed = [f for f in _surface_forms(lexicon) if _T2S.convert(f) != f]
    assert changed == []


def test_naming_choices(lexicon: pd.DataFrame) -> None:
    named = lexicon[lexicon["naming"] != ""]
    assert ((lexicon["naming"] == "") == (lexicon["name_option"] == "")).all()
    options = named.groupby("naming")["name_option"].nunique()
    assert 3 <= len(options) <= 6
    assert (options >= 2).all(), options[options < 2].to_dict()
    rows = {t: (n, o) for t, n, o in zip(named["term"], named["naming"], named["name_option"], strict=True)}
    for term in ("印太", "印太地区", "印太战略", "自由开放的印太"):
        assert rows[term] == ("印太/亚太", "印太")
    for term in ("亚太", "亚太地区", "东进亚太", "亚太版北约", "亚太化"):
        assert rows[term] == ("印太/亚太", "亚太")


def test_not_inside_words_contain_their_term(lexicon: pd.DataFrame) -> None:
    for term, variants, words in zip(
        lexicon["term"], lexicon["variants"], lexicon["not_inside"], strict=True
    ):
        forms = [term, *_split(variants)]
        for word in _split(words):
            assert any(f in word and f != word for f in forms), (term, word)


@pytest.mark.parametrize(
    ("term", "trap"),
    [("南海", "中南海"), ("东扩", "东扩大"), ("人权", "个人权"), ("和谈", "和谈判"), ("民主", "民主党"),
     ("国际法", "国际法院"), ("亚太", "亚太经合组织"), ("内政", "内政部"), ("主权", "主权债务")],
)  # fmt: skip
def test_known_traps_are_guarded(lexicon: pd.DataFrame, term: str, trap: str) -> None:
    row = lexicon.loc[lexicon["term"] == term].iloc[0]
    assert trap in _split(row["not_inside"])


# -- registry ----------------------------------------------------------------------------------------


def test_groups(groups: pd.DataFrame) -> None:
    assert groups["group"].is_unique
    en = dict(zip(groups["group"], groups["group_en"], strict=True))
    assert en[NARRATOR_GROUP] == NARRATOR_GROUP_EN
    assert en[UNRESOLVED_GROUP] == UNRESOLVED_GROUP_EN
    assert set(groups["kind"]) <= {"country", "bloc", "organisation", "region", "media", "other"}
    owner: dict[str, set[str]] = defaultdict(set)
    for group, prefixes in zip(groups["group"], groups["prefixes"], strict=True):
        for p in [group, *_split(prefixes)]:
            owner[p].add(group)
    assert {p: g for p, g in owner.items() if len(g) > 1} == {}
    assert {"中国", "美国", "北约", "欧盟", "日本", "台湾地区"} <= set(groups["group"])
    assert "我" in _split(groups.set_index("group").loc["中国", "prefixes"])


#: Blocs and organisations Chinese news quotes most (group names as in groups.csv).
BODIES = (
    "欧盟", "北约", "东盟", "非洲联盟", "阿拉伯国家联盟", "海合会", "上合组织", "金砖国家", "七国集团", "二十国集团",
    "联合国", "世卫组织", "世贸组织", "国际货币基金组织", "世界银行", "国际原子能机构", "欧安组织", "太平洋岛国论坛",
    "亚太经合组织",
)  # fmt: skip

#: The only one-character prefixes allowed (README: each was checked against ordinary words).
ONE_CHAR_PREFIXES = set("我美日法英德俄乌韩朝澳菲越印荷台")


def test_groups_cover_every_un_member_and_observer(groups: pd.DataFrame) -> None:
    countries = groups[groups["kind"] == "country"]
    assert len(countries) == 195  # 193 UN member states + 2 observer states
    assert countries["group_en"].is_unique
    assert {"巴勒斯坦", "梵蒂冈", "沙特阿拉伯", "阿联酋", "朝鲜", "韩国", "刚果（金）", "刚果（布）"} <= set(
        countries["group"]
    )
    assert set(BODIES) <= set(groups["group"])
    assert "台湾地区" not in set(countries["group"])  # a region, not a country
    assert "中非" not in set(groups["group"])  # 中非 also means China-Africa (中非合作论坛)


def test_group_prefixes_are_simplified_and_short_ones_are_vetted(groups: pd.DataFrame) -> None:
    forms = [f for g, p in zip(groups["group"], groups["prefixes"], strict=True) for f in [g, *_split(p)]]
    assert [f for f in forms if _T2S.convert(f) != f] == []
    assert {f for f in forms if len(f) == 1} <= ONE_CHAR_PREFIXES
    for ambiguous in ("伊", "以", "巴", "阿", "南", "西方", "新", "加", "中", "华", "意", "比方", "南方"):
        owners = set(groups.loc[groups["prefixes"].map(lambda c, a=ambiguous: a in _split(c)), "group"])
        assert owners <= {"其他"}, (ambiguous, owners)  # 西方 (the West) stays with 其他


def test_group_names_do_not_hide_in_common_words(groups: pd.DataFrame) -> None:
    """attribution counts group names found anywhere in a sentence as parties of a joint document, so a
    group name inside a frequent word would invent a second party (海地 in 南海地区: the group is 海地共和国,
    with 海地 as a prefix; 经合组织 in 亚太经合组织: the group is 经济合作与发展组织)."""
    names = set(groups["group"])
    for word, expected in [
        ("南海地区", set()), ("沿海地区", set()), ("地中海地区", set()), ("亚太经合组织", {"亚太经合组织"}),
        ("上海合作组织", set()), ("中非合作论坛", set()),
    ]:  # fmt: skip
        assert {g for g in names if g in word} == expected, word


def test_actors(actors: pd.DataFrame, groups: pd.DataFrame) -> None:
    assert actors["actor"].is_unique
    assert set(actors["group"]) <= set(groups["group"]), set(actors["group"]) - set(groups["group"])
    allowed = {
        "government", "military", "military alliance", "intergovernmental", "legislature",
        "media", "think tank", "party", "company", "other",
    }  # fmt: skip
    assert set(actors["type"]) <= allowed
    assert len(actors) >= 40
    assert (actors["type"] != "media").sum() >= 30


def test_fictional_outlets_present(actors: pd.DataFrame) -> None:
    rows = actors.set_index("actor")
    for outlet in FICTIONAL_OUTLETS:
        assert outlet in rows.index, outlet
        assert rows.loc[outlet, "type"] == "media"
        assert rows.loc[outlet, "actor_en"].endswith(" (fictional)")
    fictional = actors[actors["actor_en"].str.endswith("(fictional)")]
    assert {"大西洋战略研究所", "华盛顿安全政策中心"} <= set(fictional["actor"])


def test_people(people: pd.DataFrame, actors: pd.DataFrame) -> None:
    assert people["name"].nunique() >= 80
    assert set(people["actor"]) <= set(actors["actor"]), set(people["actor"]) - set(actors["actor"])
    assert (people["office"] != "").all() and (people["name_en"] != "").all()
    for name, start, end in zip(people["name"], people["start"], people["end"], strict=True):
        assert re.fullmatch(r"\d{4}", start), (name, start)
        assert end == "" or re.fullmatch(r"\d{4}", end), (name, end)
        assert 1990 <= int(start) <= 2025, (name, start)
        assert end == "" or int(start) <= int(end) <= 2025, (name, start, end)
    # one person, one actor (a name resolves without a date)
    per_person = people.groupby("name")["actor"].nunique()
    assert (per_person == 1).all(), per_person[per_person > 1].to_dict()
    # transliterations use the middle dot U+00B7, never look-alikes
    assert not people["name"].str.contains("[•・‧∙]").any()
    assert people["name"].str.contains("·").sum() >= 60


def test_no_alias_maps_to_two_actors(actors: pd.DataFrame, people: pd.DataFrame) -> None:
    owner: dict[str, set[str]] = defaultdict(set)
    for actor, aliases in zip(actors["actor"], actors["aliases"], strict=True):
        for a in [actor, *_split(aliases)]:
            owner[a].add(actor)
    for name, actor, aliases in zip(people["name"], people["actor"], people["aliases"], strict=True):
        for a in [name, *_split(aliases)]:
            owner[a].add(actor)
    assert {a: o for a, o in owner.items() if len(o) > 1} == {}


def test_person_short_forms_are_unambiguous(actors: pd.DataFrame, people: pd.DataFrame) -> None:
    person_of: dict[str, set[str]] = defaultdict(set)
    for name, aliases in zip(people["name"], people["aliases"], strict=True):
        for a in [name, *_split(aliases)]:
            person_of[a].add(name)
    assert {a: p for a, p in person_of.items() if len(p) > 1} == {}
    assert "约翰逊" not in person_of  # 鲍里斯·约翰逊 and 迈克·约翰逊: dropped for both
    assert person_of["斯托尔滕贝格"] == {"延斯·斯托尔滕贝格"}
    assert person_of["史密斯"] == {"朱丽安·史密斯"}


def test_aliases_are_simplified_and_well_formed(actors: pd.DataFrame, people: pd.DataFrame) -> None:
    cells = [*actors["actor"], *actors["aliases"], *people["name"], *people["aliases"]]
    aliases = [a for cell in cells for a in cell.split("|") if cell]
    assert all(a and a == a.strip() for a in aliases)
    changed = {a: _T2S.convert(a) for a in aliases if _T2S.convert(a) != a}
    assert changed == {}


def test_demo_corpus_speakers_are_registered(actors: pd.DataFrame) -> None:
    known = {
        a
        for actor, aliases in zip(actors["actor"], actors["aliases"], strict=True)
        for a in [actor, *_split(aliases)]
    }
    assert [s for s in DEMO_SPEAKERS if s not in known] == []


# -- stopwords ---------------------------------------------------------------------------------------


def test_stopwords(stopwords: list[str], lexicon: pd.DataFrame) -> None:
    text = (DATA / "stopwords.txt").read_text(encoding="utf-8")
    assert text.startswith("#") and "written by" in text.splitlines()[1]
    assert len(stopwords) >= 100
    assert len(stopwords) == len(set(stopwords))
    assert set(stopwords) & set(_surface_forms(lexicon)) == set()
    assert set(stopwords) & set(REPORTING_VERBS) == set()
    assert {"的", "了", "我们", "和", "在"} <= set(stopwords)
