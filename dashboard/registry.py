"""Load and validate the actor registry (``data/registry/*.csv``) and resolve speaker phrases.

Files (UTF-8 CSV, a BOM is fine, header row; columns in ``dashboard.schema``):

- ``groups.csv`` (``GROUP_COLUMNS``): group, group_en, kind, prefixes (``|``-separated title prefixes
  that reveal the group: ``美国|美方|美``).
- ``actors.csv`` (``ACTOR_COLUMNS``): actor, actor_en, group, type, aliases (``|``-separated names,
  short forms, offices and roles). The actor name itself is always an alias.
- ``people.csv`` (``PEOPLE_COLUMNS``): name, name_en, office, actor, start, end, aliases. A person's
  name and short forms resolve to their actor, keeping the person's name.

Validation raises :class:`RegistryError` naming the file, the CSV row (header = row 1) and the reason:
missing column, empty actor/name, duplicate actor, unknown group, unknown actor, empty alias, an alias
claimed by two actors. All matching is done on simplified text (``segment.to_simplified``), so
traditional input resolves to the same actors.

Resolution of a speaker phrase (:meth:`Registry.resolve`):

1. exact alias (``外交部发言人``, ``史密斯``) or a per-article context alias (a name introduced earlier);
2. otherwise the longest alias contained in the phrase (``美国驻北约大使朱丽安·史密斯`` ->
   美国驻北约使团), ties going to the earliest; an alias whose actor's group contradicts the phrase's
   group prefix (``俄罗斯外交部发言人`` never resolves to China's 外交部发言人) is skipped, and so is an
   alias that is itself a group name/prefix (``美国`` inside ``美国驻北约大使``: the phrase names someone
   else of that group, see :meth:`Registry.group_of_title`); an alias preceded by text that reveals
   no group (``印度尼西亚外交部`` contains ``外交部``) is skipped too;
3. otherwise ``None``: the caller may still learn the group from :meth:`Registry.group_of_title`.

``我``/``我国``/``我方`` at the start of a title mean the outlet's own country: China, unless the outlet
is registered with a country group of its own.

Example::

    >>> reg = registry_from_frames(actors, people, groups)   # doctest: +SKIP
    >>> reg.resolve("美国驻北约大使朱丽安·史密斯")               # doctest: +SKIP
    ActorRef(actor='美国驻北约使团', group='美国', group_en='United States', type='government', person='朱丽安·史密斯')
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import ahocorasick
import pandas as pd

from dashboard.schema import (
    ACTOR_COLUMNS,
    GROUP_COLUMNS,
    NARRATOR_GROUP,
    NARRATOR_GROUP_EN,
    PEOPLE_COLUMNS,
)
from dashboard.segment import to_simplified

DATA_DIR: Final = Path(__file__).resolve().parents[1] / "data"

#: Group assumed for "我/我国/我方/中方"-style self references when the outlet is not registered.
DEFAULT_HOME_GROUP: Final = "中国"

#: Words that may precede a title without changing who it is (一名日本外务省官员, 前任美国国防部长).
_DESCRIPTOR_PREFIXES: Final = (
    "不愿透露姓名的",
    "不愿透露身份的",
    "不愿具名的",
    "要求匿名的",
    "匿名",
    "另一位",
    "另一名",
    "一名",
    "一位",
    "多名",
    "多位",
    "两名",
    "两位",
    "数名",
    "几位",
    "部分",
    "不少",
    "许多",
    "一些",
    "某些",
    "前任",
    "现任",
    "时任",
    "新任",
    "东道主",
    "东道国",
    "轮值主席国",
    "某",
    "前",
)
_DESCRIPTOR_RE: Final = re.compile("(?:" + "|".join(_DESCRIPTOR_PREFIXES) + ")+")
_SELF_PREFIXES: Final = ("我国", "我方", "我")
#: Words that start with a group prefix without naming that group (印度尼西亚 is not 印度, 澳门 not 澳).
PREFIX_TRAPS: Final = (
    "印度尼西亚",
    "印度洋",
    "美洲",
    "美联储",
    "澳门",
    "法院",
    "法律",
    "法学",
    "英特尔",
    "日内瓦",
    "台风",
    "中东",
    "中亚",
    # place and university names that begin with a country's name but are not that country
    "马里兰",
    "马里乌波尔",
    "哥伦比亚大学",
    "约旦河",
    "乌鲁木齐",
)


class RegistryError(ValueError):
    """An invalid registry file or table; the message names the file, row and reason."""


@dataclass(frozen=True)
class ActorRef:
    """Who a speaker phrase stands for. ``person`` is the canonical person name when matched via one."""

    actor: str
    group: str
    group_en: str
    type: str
    person: str = ""


def _latin_key(name: str) -> str:
    return " ".join(name.replace("\u00a0", " ").split()).casefold()


def strip_descriptors(surface: str) -> str:
    """Drop leading quantity/tenure words (一名, 多位, 前任 ...) from a speaker phrase."""
    m = _DESCRIPTOR_RE.match(surface)
    if m is None:
        return surface
    if m.end() < len(surface):
        return surface[m.end() :]
    # the phrase is only descriptors (一名前任): keep the last one
    changed = True
    while changed:
        changed = False
        for d in _DESCRIPTOR_PREFIXES:
            if surface.startswith(d) and len(surface) > len(d):
                surface = surface[len(d) :]
                changed = True
                break
    return surface


def _split_aliases(value: str) -> list[str] | None:
    """``a|b`` -> [a, b]; ``None`` when some alias is empty (``a||b``, ``a|``). Empty field -> []."""
    if not value.strip():
        return []
    parts = [p.strip() for p in value.split("|")]
    if any(not p for p in parts):
        return None
    return parts


def _clean(df: pd.DataFrame, columns: tuple[str, ...], name: str) -> pd.DataFrame:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise RegistryError(f"{name}: missing column(s) {', '.join(missing)}")
    out = df.loc[:, list(columns)].copy()
    for c in columns:
        out[c] = out[c].map(
            lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip()
        )
    return out.reset_index(drop=True)


def _where(name: str, i: int) -> str:
    return f"{name}: row {i + 2}"  # header is row 1


class Registry:
    """A validated registry with an alias index (Aho-Corasick over simplified aliases).

    Build it with :func:`load_registry` or :func:`registry_from_frames`; the tables are kept as given
    (validated, all strings) for display and editing.
    """

    def __init__(
        self,
        actors: pd.DataFrame,
        people: pd.DataFrame,
        groups: pd.DataFrame,
        *,
        names: tuple[str, str, str] = ("actors.csv", "people.csv", "groups.csv"),
    ) -> None:
        a_name, p_name, g_name = names
        self.groups = _clean(groups, GROUP_COLUMNS, g_name)
        self.actors = _clean(actors, ACTOR_COLUMNS, a_name)
        self.people = _clean(people, PEOPLE_COLUMNS, p_name)

        self._group_en: dict[str, str] = {}
        self._group_kind: dict[str, str] = {}
        self._prefix: dict[str, str] = {}
        for i, row in enumerate(self.groups.itertuples(index=False)):
            if not any(row):
                continue  # blank line / new empty row in an editor
            if not row.group:
                raise RegistryError(f"{_where(g_name, i)}: empty group")
            if row.group in self._group_en:
                raise RegistryError(f"{_where(g_name, i)}: duplicate group {row.group!r}")
            self._group_en[row.group] = row.group_en or row.group
            self._group_kind[row.group] = row.kind
            prefixes = _split_aliases(row.prefixes)
            if prefixes is None:
                raise RegistryError(f"{_where(g_name, i)}: empty prefix in {row.prefixes!r}")
            for p in [row.group, *prefixes]:
                sp = to_simplified(p)
                other = self._prefix.get(sp)
                if other is not None and other != row.group:
                    raise RegistryError(f"{_where(g_name, i)}: prefix {p!r} already names group {other!r}")
                self._prefix[sp] = row.group
        self._prefix_lengths = sorted({len(p) for p in self._prefix}, reverse=True)
        self._home_prefixes: dict[str, list[str]] = {}
        for p, g in self._prefix.items():
            self._home_prefixes.setdefault(g, []).append(p)

        self._actor_ref: dict[str, ActorRef] = {}
        self._alias: dict[str, ActorRef] = {}
        self._alias_owner: dict[str, str] = {}  # simplified alias -> actor (for error messages)
        self._person_alias: set[str] = set()
        self._latin: dict[str, ActorRef] = {}  # people's English names (Mark Rutte), normalised
        for i, row in enumerate(self.actors.itertuples(index=False)):
            where = _where(a_name, i)
            if not any(row):
                continue
            if not row.actor:
                raise RegistryError(f"{where}: empty actor")
            if row.actor in self._actor_ref:
                raise RegistryError(f"{where}: duplicate actor {row.actor!r}")
            if row.group not in self._group_en:
                raise RegistryError(f"{where}: unknown group {row.group!r} (not in {g_name})")
            aliases = _split_aliases(row.aliases)
            if aliases is None:
                raise RegistryError(f"{where}: empty alias in {row.aliases!r}")
            ref = ActorRef(row.actor, row.group, self._group_en[row.group], row.type)
            self._actor_ref[row.actor] = ref
            for alias in [row.actor, *aliases]:
                self._add_alias(alias, ref, where)

        for i, row in enumerate(self.people.itertuples(index=False)):
            where = _where(p_name, i)
            if not any(row):
                continue
            if not row.name:
                raise RegistryError(f"{where}: empty name")
            base = self._actor_ref.get(row.actor)
            if base is None:
                raise RegistryError(f"{where}: unknown actor {row.actor!r} (not in {a_name})")
            for col in ("start", "end"):
                value = getattr(row, col)
                if value and not value.lstrip("-").split(".")[0].isdigit():
                    raise RegistryError(f"{where}: {col} must be a year, got {value!r}")
            aliases = _split_aliases(row.aliases)
            if aliases is None:
                raise RegistryError(f"{where}: empty alias in {row.aliases!r}")
            ref = ActorRef(base.actor, base.group, base.group_en, base.type, person=row.name)
            if row.name_en:
                self._latin.setdefault(_latin_key(row.name_en), ref)
            for alias in [row.name, *aliases]:
                self._add_alias(alias, ref, where)
                self._person_alias.add(to_simplified(alias))

        self._automaton = ahocorasick.Automaton()
        for alias, ref in self._alias.items():
            self._automaton.add_word(alias, (alias, ref))
        if self._alias:
            self._automaton.make_automaton()

    def _add_alias(self, alias: str, ref: ActorRef, where: str) -> None:
        key = to_simplified(alias.strip())
        if not key:
            raise RegistryError(f"{where}: empty alias")
        owner = self._alias_owner.get(key)
        if owner is not None and owner != ref.actor:
            raise RegistryError(f"{where}: alias {alias!r} maps to two actors ({owner!r} and {ref.actor!r})")
        if owner is None or (ref.person and not self._alias[key].person):
            self._alias[key] = ref
        self._alias_owner[key] = ref.actor

    # -- queries -------------------------------------------------------------------------------------

    def all_aliases(self) -> list[str]:
        """Every surface form (actor names, aliases, people's names and short forms), simplified."""
        return list(self._alias)

    def is_person_alias(self, alias: str) -> bool:
        """True for people's names and short forms (simplified)."""
        return alias in self._person_alias

    def actor_ref(self, actor: str) -> ActorRef | None:
        """The registered actor (canonical name), or None."""
        return self._actor_ref.get(actor)

    def group_en(self, group: str) -> str:
        """English name of a registered group ("" when unknown)."""
        return self._group_en.get(group, "")

    def find_aliases(self, simplified: str) -> list[tuple[int, int, str, ActorRef]]:
        """Every alias occurrence in simplified text as (start, end, alias, ref), overlapping included."""
        if not self._alias:
            return []
        return [
            (end - len(alias) + 1, end + 1, alias, ref)
            for end, (alias, ref) in self._automaton.iter(simplified)
        ]

    def home_group(self, outlet: str) -> str:
        """The country or region "我/我国/我方" refers to in this outlet: its registered country (or
        region) group, else China."""
        ref = self._alias.get(to_simplified(outlet.strip())) if outlet else None
        if ref is not None and self._group_kind.get(ref.group) in ("country", "region"):
            return ref.group
        return DEFAULT_HOME_GROUP

    def resolve_latin(self, name: str) -> ActorRef | None:
        """A registered person by the English name as printed in Latin script (``Mark Rutte``), or None."""
        return self._latin.get(_latin_key(name))

    def resolve_home(self, surface: str, *, outlet: str) -> ActorRef | None:
        """An unprefixed state office (外交部 / 总统府发言人 / 国防部) read in an outlet abroad: the
        outlet's own country's office when the registry has one (a Taiwan outlet's 外交部 is Taiwan's,
        a Singapore outlet's 外交部 Singapore's), else None. China's outlets keep the plain reading."""
        home = self.home_group(outlet)
        core = strip_descriptors(to_simplified(surface.strip()))
        if not core or home == DEFAULT_HOME_GROUP or self.group_of_title(core) is not None:
            return None
        if any(core[:n] in self._prefix for n in self._prefix_lengths if n <= len(core)):
            return None
        if any(ref.person for _s, _e, _a, ref in self.find_aliases(core)):
            return None  # 外交部长王毅: the person says whose office it is
        best: tuple[int, ActorRef] | None = None
        for p in self._home_prefixes.get(home, ()):
            cand = p + core
            for start, end, _alias, ref in self.find_aliases(cand):
                if (
                    start == 0
                    and end > len(p)
                    and ref.group == home
                    and (best is None or end - len(p) > best[0])
                ):
                    best = (end - len(p), ref)
        if best is None or best[0] < min(len(core), 2):
            return None
        plain = max((e for s, e, _a, _r in self.find_aliases(core) if s == 0), default=0)
        extra = re.sub("(?:新闻)?(?:发言人|部长|官员|大臣|主任|办公室)$", "", core[best[0] : plain])
        if extra:
            return None  # 外交部驻港特派员公署发言人: a longer registered name than the home office's
        return best[1]

    def is_group_word(self, surface: str) -> bool:
        """True when the (simplified) surface is exactly a group name or prefix (法国, 美方, 中方)."""
        return surface in self._prefix

    def group_by_word(self, surface: str) -> tuple[str, str] | None:
        """(group, group_en) for an exact group name or prefix, else None."""
        g = self._prefix.get(surface)
        return None if g is None else self._group_pair(g)

    def _group_pair(self, group: str) -> tuple[str, str]:
        return group, self._group_en.get(group, "")

    def group_of_title(self, surface: str, *, outlet_group: str = "") -> tuple[str, str] | None:
        """(group, group_en) revealed by the title's prefix (``美智库…所长`` -> 美国), or None.

        ``outlet_group`` is the country self references (我/我国/我方) point to; default China.
        """
        s = strip_descriptors(to_simplified(surface.strip()))
        for p in _SELF_PREFIXES:
            if s.startswith(p) and not s.startswith("我们"):
                return self._group_pair(outlet_group or DEFAULT_HOME_GROUP)
        trap = next((t for t in PREFIX_TRAPS if s.startswith(t)), "")
        for n in self._prefix_lengths:
            if len(s) >= n and s[:n] in self._prefix and not (n < len(trap) and trap.startswith(s[:n])):
                # a registered name starting with the prefix's characters decides (英伟达 is not 英国)
                longer = [h for h in self.find_aliases(s) if h[0] == 0 and h[1] > n and not h[3].person]
                if longer:
                    return self._group_pair(max(longer, key=lambda h: h[1])[3].group)
                return self._group_pair(self._prefix[s[:n]])
        return None

    def resolve(
        self,
        surface: str,
        *,
        outlet: str = "",
        context_aliases: Mapping[str, ActorRef] | None = None,
    ) -> ActorRef | None:
        """The actor a speaker phrase stands for (see the module docstring), or None."""
        s = to_simplified(surface.strip())
        if not s:
            return None
        if context_aliases and s in context_aliases:
            return context_aliases[s]
        if s in self._alias:
            return self._alias[s]
        core = strip_descriptors(s)
        home = self.home_group(outlet)
        expected: str | None = None
        for p in _SELF_PREFIXES:
            if core.startswith(p) and not core.startswith("我们"):
                expected = home
                core = core[len(p) :]
                break
        if core in self._alias:
            ref = self._alias[core]
            if expected is None or ref.group == expected:
                return ref
        if expected is None:
            pair = self.group_of_title(core)
            expected = pair[0] if pair else None
        best: tuple[int, int, str, ActorRef] | None = None
        for start, end, alias, ref in self.find_aliases(core):
            if expected is not None and ref.group != expected:
                continue
            if alias in self._prefix and ref.actor != alias:
                continue  # a bare country word names the government only as the whole phrase (a bloc
                # registered as an actor under its own name, 七国集团外长 / 北约官员, is that actor)
            if start > 0 and expected is None and core[:start].strip("《〈“「『\"'（("):
                continue  # 印度尼西亚外交部: an unknown name before the alias makes it somebody else's
            if best is None or (end - start, -start) > (best[1] - best[0], -best[0]):
                best = (start, end, alias, ref)
        named = [
            h
            for h in self.find_aliases(core)
            if h[1] == len(core)
            and h[3].person
            and h[2] in self._person_alias
            and (expected is None or h[3].group == expected)
        ]
        if named and (best is None or (not best[3].person and best[3].group != named[0][3].group)):
            # 外交部长林佳龙: the office holder's name at the end decides whose country's office it is
            # (same country: the title wins, 日本内阁官房长官林芳正 is the cabinet's, whatever office the
            # registry lists for the person)
            return max(named, key=lambda h: h[1] - h[0])[3]
        if best is None:
            return None
        ref = best[3]
        if not ref.person:
            # keep a person's name when the phrase also names someone of the same actor
            for _s, _e, alias, other in self.find_aliases(core):
                if other.person and other.actor == ref.actor and alias in self._person_alias:
                    return other
        return ref

    def outlet_ref(self, outlet: str) -> ActorRef:
        """The narrator actor of an outlet (registered or not); group is always 媒体 / Media."""
        name = outlet.strip()
        ref = self._alias.get(to_simplified(name)) if name else None
        actor = ref.actor if ref is not None else (name or "未知媒体")
        return ActorRef(actor, NARRATOR_GROUP, NARRATOR_GROUP_EN, "media")


def _read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.is_file():
        raise RegistryError(f"{path}: file not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegistryError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise RegistryError(f"{path}: empty file (expected header {', '.join(columns)})")
    header = [h.strip() for h in rows[0]]
    missing = [c for c in columns if c not in header]
    if missing:
        raise RegistryError(f"{path}: row 1: missing column(s) {', '.join(missing)}")
    records = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) > len(header):
            raise RegistryError(f"{path}: row {n}: {len(row)} fields, header has {len(header)}")
        records.append(dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)))
    return pd.DataFrame(records, columns=header, dtype=object)


def load_registry(directory: Path = DATA_DIR / "registry") -> Registry:
    """Read and validate ``actors.csv``, ``people.csv``, ``groups.csv`` from ``directory``.

    Raises :class:`RegistryError` naming the file and CSV row (header = row 1) of the first problem.
    """
    directory = Path(directory)
    paths = (directory / "actors.csv", directory / "people.csv", directory / "groups.csv")
    frames = [
        _read_csv(p, cols)
        for p, cols in zip(paths, (ACTOR_COLUMNS, PEOPLE_COLUMNS, GROUP_COLUMNS), strict=True)
    ]
    return Registry(frames[0], frames[1], frames[2], names=(str(paths[0]), str(paths[1]), str(paths[2])))


def registry_from_frames(actors: pd.DataFrame, people: pd.DataFrame, groups: pd.DataFrame) -> Registry:
    """Validate edited tables (e.g. from the dashboard's data editor) into a Registry."""
    return Registry(actors, people, groups, names=("actors", "people", "groups"))
