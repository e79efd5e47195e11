"""References inside clause text: which Resolutions, Recommendations, RR provisions ... a clause cites.

`extract_references(text)` is a pure function: text in, a list of `Reference` records out, in text order.
It is run on every clause at ingest (the index keeps the records in the clause store's `refs` table) and
on questions (search finds the clauses that cite what a question names).

What is extracted (the `type` values; `id` is the canonical identifier, `revision` the tag as printed):

| type                  | printed forms (examples)                                        | id           | revision            |
|-----------------------|-----------------------------------------------------------------|--------------|---------------------|
| resolution            | Resolution 140 (Rev. Dubai, 2018) of the Plenipotentiary        | 140          | Rev. Dubai, 2018    |
|                       | Conference; Resolutions 70 and 130 (Rev. Dubai, 2018) (both get |              |                     |
|                       | the tag); Resolution 229 (Rev.WRC-19); Res. 30; PP Resolution 71 |              |                     |
|                       | Resolution ITU-R 1-9 (Radiocommunication Assembly)              | ITU-R 1      | 9                   |
| decision              | Decision 5 (Rev. Dubai, 2018); Decision 482 (C01, last amended C20) | 5        | Rev. Dubai, 2018    |
| recommendation        | a conference's: Recommendation 7 (Rev.WRC-97)                   | 7            | Rev.WRC-97          |
| recommendation_itu_r  | Recommendation ITU-R SM.329-12; ITU-R M.1036; ITU-R             | SM.329       | 12                  |
|                       | Recommendation P.452; Recommendations ITU-R M.2083, ITU-R M.2150 |              |                     |
| recommendation_itu_t  | Recommendation ITU-T D.50 (05/2013); ITU-T Y.3172               | D.50         | 05/2013             |
| recommendation_itu_d  | Recommendation ITU-D 19                                         | 19           |                     |
| report_itu_r (_t, _d) | Report ITU-R M.2115                                             | M.2115       |                     |
| opinion               | Opinion 2 (Geneva, 2009) (WTPF)                                 | 2            | Geneva, 2009        |
| question              | Question ITU-R 77/5; Question 5/2; ITU-D Question 3/2           | 77/5         |                     |
| unga_resolution       | UNGA Resolution 70/1; General Assembly resolution 70/125; A/RES/70/1 | 70/1    |                     |
| rr_provision          | No. 5.341; RR No. 9.21; Nos. 9.7A and 9.7B (two records);       | 5.341        |                     |
|                       | Nos. 9.11A to 9.14 (one record, a range); footnote 5.316B        | 9.11A-9.14   |                     |
| rr_article            | Article 21; RR Article 5; Articles 9 and 11; Article 5 of the   | 21           |                     |
|                       | Radio Regulations                                               |              |                     |
| rr_appendix           | Appendix 30B; Appendices 30 and 30A; Appendix 30B (Rev.WRC-19)   | 30B          | Rev.WRC-19          |
| constitution_article  | Article 44 of the Constitution; Articles 2 and 3 of the ITU     | 44           |                     |
|                       | Constitution; CS Article 44                                     |              |                     |
| convention_article    | Article 19 of the ITU Convention; CV Article 13                 | 19           |                     |
| constitution_provision| No. 224 of the ITU Constitution; CS No. 196                     | 224          |                     |
| convention_provision  | No. 191 of the Convention; CV No. 191                           | 191          |                     |
| general_rules_provision | No. 40 of the General Rules (of conferences, assemblies ...)  | 40           |                     |
| itr_article           | Article 4 of the International Telecommunication Regulations    | 4            |                     |

`body` says whose instrument it is where the text says so: "PP", "WTDC", "WTSA", "WRC", "RA", "Council",
"UNGA", "WTPF" or the sector ("ITU-R", "ITU-T", "ITU-D") of a Question; "this" for "of this conference"
(pass `citing_body` to get the citing clause's body instead); "" when unknown. It comes from the words
after the reference ("of the Plenipotentiary Conference", "of WTDC", "adopted by the Council"), before it
("PP Resolution 71", "UNGA Resolution 70/1", "ITU-T Resolution 1"), or from the revision tag ("Rev.WRC-19",
"(C19)", and the city and year of the conferences in `CONFERENCES`).

Not references (not extracted): an instrument's references to itself or its own parts ("Annex 1 to this
Resolution", "Appendix I to this resolution", "resolves 2 above"), generic mentions without a number
("ITU-T Recommendations", "the Radio Regulations"), Articles of treaties other than the CS, CV, RR and
ITRs ("Article 19 of the Universal Declaration of Human Rights"), and bare CS/CV numbers without a dot
and without saying which treaty ("No. 13").

`start`/`end` are offsets into the text and `text == source[start:end]`: the keyword and the identifier
for the first item of a list ("Resolutions 70"), the identifier for later items ("130"), each with its own
revision tag where it has one. `Reference.label` is a canonical display form
("Resolution 70 (Rev. Dubai, 2018)", "RR No. 5.341", "Recommendation ITU-R SM.329-12").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Literal, get_args

from .patterns import BODY_NAMES, SECTOR_BODIES, words_pattern

RefType = Literal[
    "resolution", "decision", "recommendation", "recommendation_itu_r", "recommendation_itu_t",
    "recommendation_itu_d", "report_itu_r", "report_itu_t", "report_itu_d", "opinion", "question",
    "unga_resolution", "rr_provision", "rr_article", "rr_appendix", "constitution_article",
    "convention_article", "constitution_provision", "convention_provision", "general_rules_provision",
    "itr_article",
]
REF_TYPES: tuple[str, ...] = get_args(RefType)

# (city, year) of ITU conferences and assemblies -> body, for tags such as "(Rev. Dubai, 2018)".
# Cities that hosted two kinds of event in one year (Geneva 2015: WRC-15 and RA-15; Sharm el-Sheikh 2019)
# are left out: the tag alone does not say which.
CONFERENCES: dict[tuple[str, int], str] = {
    **dict.fromkeys([("nice", 1989), ("kyoto", 1994), ("minneapolis", 1998), ("marrakesh", 2002), ("marrakech", 2002), ("antalya", 2006), ("guadalajara", 2010), ("busan", 2014), ("dubai", 2018), ("bucharest", 2022), ("doha", 2026)], "PP"),
    **dict.fromkeys([("buenos aires", 1994), ("valletta", 1998), ("istanbul", 2002), ("doha", 2006), ("hyderabad", 2010), ("dubai", 2014), ("buenos aires", 2017), ("kigali", 2022), ("baku", 2025)], "WTDC"),
    **dict.fromkeys([("helsinki", 1993), ("geneva", 1996), ("montreal", 2000), ("florianópolis", 2004), ("florianopolis", 2004), ("johannesburg", 2008), ("dubai", 2012), ("hammamet", 2016), ("geneva", 2022), ("new delhi", 2024)], "WTSA"),
    **dict.fromkeys([("lisbon", 2009), ("geneva", 2013), ("geneva", 2021)], "WTPF"),
}

_SECTOR_TYPES = {"R": "itu_r", "T": "itu_t", "D": "itu_d"}


@dataclass(frozen=True, slots=True)
class Reference:
    """One reference found in a text (see the module docstring for the types and forms)."""

    type: RefType
    id: str  # canonical identifier: "140", "ITU-R 1", "SM.329", "5.341", "9.11A-9.14", "30B", "70/1"
    revision: str = ""  # as printed inside the tag, whitespace-normalized: "Rev. Dubai, 2018", "Rev.WRC-19"
    body: str = ""  # "PP", "WTDC", "WTSA", "WRC", "RA", "Council", "UNGA", "WTPF", "ITU-R", "this", ""
    start: int = 0  # offsets into the text the reference was extracted from
    end: int = 0
    text: str = ""  # text[start:end]

    @property
    def is_range(self) -> bool:
        return self.type == "rr_provision" and "-" in self.id

    def covers(self, provision: str) -> bool:
        """Whether this reference names `provision` ("9.12" is covered by "9.11A-9.14" and by "9.12")."""
        if self.id == provision:
            return True
        if not self.is_range:
            return False
        lo, hi = self.id.split("-", 1)
        key, klo, khi = provision_key(provision), provision_key(lo), provision_key(hi)
        if key is None or klo is None or khi is None:
            return False
        return klo <= key <= khi

    @property
    def label(self) -> str:
        """Canonical display form: "Resolution 70 (Rev. Dubai, 2018)", "RR No. 5.341", ..."""
        rev = f" ({self.revision})" if self.revision else ""
        t, i = self.type, self.id
        if t in ("resolution", "decision", "recommendation", "opinion"):
            if i.startswith("ITU-R ") and self.revision.isdigit():
                return f"Resolution {i}-{self.revision}"
            return f"{t.capitalize()} {i}{rev}"
        if t.startswith(("recommendation_itu_", "report_itu_")):
            kind, sector = t.split("_itu_")
            ver = f"-{self.revision}" if self.revision.isdigit() else rev
            return f"{kind.capitalize()} ITU-{sector.upper()} {i}{ver}"
        if t == "question":
            return f"Question {self.body + ' ' if self.body.startswith('ITU-') else ''}{i}"
        if t == "unga_resolution":
            return f"UNGA Resolution {i}"
        if t == "rr_provision":
            return f"RR No{'s' if self.is_range else ''}. {i}"
        if t == "rr_article":
            return f"RR Article {i}"
        if t == "rr_appendix":
            return f"RR Appendix {i}{rev}"
        prefix = {"constitution_article": "CS Article", "convention_article": "CV Article",
                  "constitution_provision": "CS No.", "convention_provision": "CV No.",
                  "general_rules_provision": "General Rules No.", "itr_article": "ITR Article"}[t]
        return f"{prefix} {i}"

    def to_dict(self) -> dict:
        return asdict(self) | {"label": self.label}


def provision_key(number: str) -> tuple | None:
    """Sort key of an RR provision number: "9.11A" -> (9, 11, "A", 0), "22.5C" < "22.5D" < "22.6";
    None if it is not one."""
    m = re.fullmatch(r"(\d+)\.(\d+)([A-Z]*)(?:\.(\d+))?", number)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), m.group(3), int(m.group(4) or 0)


# ------------------------------------------------------------------------------------------- patterns

_WS = "[ \t\n\u00a0\u2009\u202f]"
_S = f"{_WS}+"  # at least one space
_S0 = f"{_WS}*"
_HY = "[-\u2010\u2011\u2012\u2013\u2212]"
_ITU = rf"ITU(?:{_HY}|{_WS})?(?P<sector>[RTD])\b"
_AND = rf"(?:{_S0},{_S0}(?:and{_S}|or{_S})?|{_S}(?:and|or|&){_S}|{_S0}/{_S0}(?=ITU))"
_TO = rf"(?:{_S}to{_S}|{_S0}{_HY}{_S0})"

_TAG = re.compile(rf"{_S0}\((?P<tag>[^()\n]{{1,60}})\)")
_REV = r"(?:Rev\.?\s*)?"  # the optional "Rev." of a revision tag
_AMENDED = r",\s*last\s+(?:amended|modified)\s+"  # "(C01, last amended C20)", "(2002, last modified 2010)"
_CITY_YEAR = re.compile(_REV + r"(?P<city>[A-ZÀ-Ý][\w'.À-ÿ-]*(?:[ -][\w'.À-ÿ-]+){0,3}?)(?:,\s*[A-Z][\w'.-]*)?,?\s*"
                        r"(?P<year>(?:19|20)\d\d)")
_CONF_TAG = re.compile(_REV + r"(?:(?P<conf>WRC|WARC|RRC|CMR|RA|WTDC|WTSA|PP|WTPF)\s*-?\s*\d{2,4}"
                       r"|(?:WARC\s+)?(?:Orb|ORB|Mob|MOB|HFBC|Sat|SAT)-?\d{2})")
_COUNCIL_TAG = re.compile(_REV + rf"C-?(?:\d{{2}}|\d{{4}})(?:{_AMENDED}C-?\d{{2,4}})?")
_YEAR_TAG = re.compile(_REV + rf"(?:19|20)\d\d(?:{_AMENDED}(?:19|20)\d\d)?")
_MONTH_TAG = re.compile(r"\d{2}/(?:19|20)\d\d")
_CONF_BODY = {"WRC": "WRC", "WARC": "WRC", "RRC": "WRC", "CMR": "WRC", "RA": "RA", "WTDC": "WTDC",
              "WTSA": "WTSA", "PP": "PP", "WTPF": "WTPF"}

# Words after a reference that name its body (ingest.patterns.BODY_NAMES; "this" for the citing body).
_BODY_NAMES = [
    (rf"this{_S}(?:conference|Conference|assembly|Assembly|session)|the{_S}present{_S}(?:conference|Conference)", "this"),
    *((rf"(?:the{_S})?(?:{words_pattern(names, _S)})\b"
       + (rf"|(?:{words_pattern(abbreviations, _S)})(?:{_HY}\d{{2}})?\b" if abbreviations else ""), body)
      for body, names, abbreviations, _ in BODY_NAMES),
]
_BODY_AFTER = re.compile(
    rf"{_S0},?{_S0}(?:of|adopted{_S}by|approved{_S}by|by){_S}(?:"
    + "|".join(f"(?P<b{i}>{p})" for i, (p, _) in enumerate(_BODY_NAMES)) + ")")
# Words before an instrument word that name its body ("PP Resolution 71", "ITU-D Resolution 5", "UNGA
# Resolution 70/1"): the names, abbreviations and other words of BODY_NAMES, and the Sector of a single body.
_BODY_BEFORE = re.compile("(?:" + "|".join(
    f"(?P<b{i}>{words_pattern(names + also + tuple(s for s, b in SECTOR_BODIES.items() if b == (body,)))}"
    + (rf"|(?:{words_pattern(abbreviations)})(?:-\d{{2}})?" if abbreviations else "") + ")"
    for i, (body, names, abbreviations, also) in enumerate(BODY_NAMES)) + r")(?:'s)?\s+$")

_INSTRUMENT_KW = re.compile(
    rf"(?<![\w-])(?P<kw>Resolutions?|Res\.?|Decisions?|Dec\.?|Recommendations?|Recs?\.?|Opinions?|Reports?)"
    rf"(?={_S}(?:No\.{_S0})?(?:\d|ITU|A/RES)|{_S0}\d)", re.IGNORECASE)
_NUMBER = re.compile(rf"(?:No\.{_S0})?(?P<num>\d{{1,4}})(?![\d.,]\d|\w|/\d)")
_UNGA_NUMBER = re.compile(r"(?:A/RES/)?(?P<num>\d{2,4}/\d{1,4})(?![\d/])")
_ITU_RES = re.compile(rf"{_ITU}{_S0}(?P<num>\d{{1,3}})(?:{_HY}(?P<ver>\d{{1,2}}))?(?![\d.])")
# "SM.329-12", "Y.3172": series, number, version
_REC_ID = rf"(?P<series>[A-Z]{{1,3}})\.(?P<num>\d{{1,4}}(?:\.\d{{1,4}})*)(?:{_HY}(?P<ver>\d{{1,2}}))?(?![\w.]\w)"
_ITU_REC = re.compile(rf"(?:{_ITU}{_S0})?{_REC_ID}")
_ITU_REC_LEAD = re.compile(rf"(?<![\w-]){_ITU}{_S}(?P<kw>Recommendations?|Reports?){_S}(?=[A-Z]{{1,3}}\.\d)")
_BARE_REC = re.compile(rf"(?<![\w-]){_ITU}{_S0}{_REC_ID}")
_QUESTION_KW = re.compile(rf"(?<![\w-])(?:(?P<pre>ITU{_HY}?[RTD]){_S})?Questions?{_S}(?:(?P<lead>ITU{_HY}?[RTD]){_S})?"
                          rf"(?=\d{{1,3}}/\d)")
_QUESTION_NUM = re.compile(rf"(?:ITU{_HY}?[RTD]{_S})?(?P<num>\d{{1,3}}/\d{{1,2}})(?![\d/])")
_UNGA_BARE = re.compile(r"(?<![\w/])A/RES/(?P<num>\d{2,4}/\d{1,4})(?![\d/])")

_PROVISION_KW = re.compile(
    rf"(?<![\w-])(?:(?P<pre>RR|CS|CV)(?:{_S}|{_HY}))?(?:(?P<nos>Nos?\.)|(?P<fn>[Ff]ootnotes?)(?:{_S}Nos?\.)?"
    rf"|(?<=RR ))(?={_S0}\d)")
_PROVISION_NUM = re.compile(r"(?P<num>\d{1,3}(?:\.\d{1,3}[A-Z]{0,3}(?:\.\d{1,2})?)?[A-Z]{0,3})(?![\w.]\w|\.\d)")
_ARTICLE_KW = re.compile(rf"(?<![\w-])(?:(?P<pre>RR|CS|CV|ITR)(?:{_S}|{_HY}))?(?P<kw>Articles?|Art\.)(?={_S0}\d)")
_ARTICLE_NUM = re.compile(r"(?P<num>\d{1,3}[A-Z]?)(?![\w.]\w|\.\d|/)")
_APPENDIX_KW = re.compile(rf"(?<![\w-])(?:RR{_S})?(?P<kw>Appendi(?:x|ces)|App\.|AP)(?={_S0}\d)")
_APPENDIX_NUM = re.compile(r"(?P<num>\d{1,2}[A-Z]?)(?![\w.]\w|\.\d)")
_SELF = re.compile(rf"{_S0}(?:to|of){_S}(?:this|the{_S}present){_S}", re.IGNORECASE)

# What "of ..." after an Article or provision number says about the treaty.
_TREATY_AFTER = re.compile(
    rf"{_S0}(?:\([^()]{{1,60}}\){_S0})?,?{_S0}(?:(?:in|of){_S}Article{_S}\d+[A-Z]?{_S})?(?:of|in){_S}(?:(?:the|its){_S})?(?:"
    rf"(?P<cs>(?:ITU{_S})?Constitution|CS\b)|(?P<cv>(?:ITU{_S})?Convention(?!{_S}(?:on|for|of|against))|CV\b)"
    rf"|(?P<rr>Radio{_S}Regulations|RR\b)|(?P<itr>International{_S}Telecommunication{_S}Regulations|ITRs?\b)"
    rf"|(?P<gr>General{_S}Rules)|(?P<app>Appendix{_S}\d{{1,2}}[A-Z]?\b)|(?P<res>Resolution{_S}\d)"
    rf"|(?P<other>(?:[A-Z][\w-]*|the|of|on|and|for|{_S})*[A-Z][\w-]*))")


def _norm(s: str) -> str:
    return re.sub(rf"{_WS}+", " ", s).strip()


def _tag_body(tag: str, ref_type: str) -> str | None:
    """The body a revision tag names ("" if none), or None if the parenthesis is not a revision tag."""
    tag = _norm(tag)
    if m := _CONF_TAG.fullmatch(tag):
        return _CONF_BODY.get(m.group("conf") or "WRC", "")
    if _COUNCIL_TAG.fullmatch(tag):
        return "Council"
    if _YEAR_TAG.fullmatch(tag) or _MONTH_TAG.fullmatch(tag):
        return ""
    if m := _CITY_YEAR.fullmatch(tag):
        city = re.sub(r"^rev\.?\s*", "", m.group("city").lower()).strip(" ,")
        body = CONFERENCES.get((city, int(m.group("year"))), "")
        if body == "WTPF" and ref_type != "opinion":
            return ""
        if ref_type == "opinion" and not body:
            return "WTPF"
        return body
    return None


def _body_after(text: str, pos: int) -> tuple[str, int]:
    m = _BODY_AFTER.match(text, pos)
    if not m:
        return "", pos
    for i, (_, body) in enumerate(_BODY_NAMES):
        if m.group(f"b{i}"):
            return body, m.end()
    return "", pos


_SPACE0 = re.compile(_S0)


def _after_space(text: str, pos: int) -> int:
    """`pos` moved past the spaces (and line-break hyphens) that may follow a keyword."""
    m = _SPACE0.match(text, pos)
    return m.end() if m else pos


def _body_before(text: str, pos: int) -> str:
    m = _BODY_BEFORE.search(text[max(0, pos - 40):pos])
    return BODY_NAMES[int(str(m.lastgroup)[1:])][0] if m else ""


@dataclass
class _Item:
    type: str
    id: str
    start: int
    end: int
    revision: str = ""
    body: str = ""
    tagged: bool = False


def _read_tag(text: str, pos: int, ref_type: str) -> tuple[str, str | None, int]:
    """(revision, body, end) of a revision tag at `pos`, or ("", None, pos) if there is none."""
    m = _TAG.match(text, pos)
    if not m:
        return "", None, pos
    body = _tag_body(m.group("tag"), ref_type)
    if body is None:
        return "", None, pos
    return _norm(m.group("tag")), body, m.end()


def _walk_list(text: str, pos: int, read_item) -> tuple[list[_Item], int]:
    """Items separated by ", " / " and " / " or " starting at `pos`; `read_item(pos)` -> _Item | None."""
    items: list[_Item] = []
    first = read_item(pos)
    if first is None:
        return [], pos
    items.append(first)
    end = first.end
    while True:
        sep = re.compile(_AND).match(text, end)
        if not sep:
            break
        nxt = read_item(sep.end())
        if nxt is None:
            break
        items.append(nxt)
        end = nxt.end
    return items, end


def _share_tags(items: list[_Item]) -> list[_Item]:
    """ "Resolutions 70 and 130 (Rev. Dubai, 2018)": an untagged run takes the tag of the item after it.
    A comma-continued run after a tagged item that ends untagged is cut (it is not part of the list)."""
    pending: list[_Item] = []
    for it in items:
        if it.tagged:
            for p in pending:
                p.revision, p.body = it.revision, p.body or it.body
            pending = []
        else:
            pending.append(it)
    if pending and any(i.tagged for i in items):
        # "Resolution 25 (Rev. Dubai, 2018), 3 ..." : an untagged tail after a tagged item is not a list
        last_tagged = max(i for i, it in enumerate(items) if it.tagged)
        items = items[:last_tagged + 1]
    return items


def _read_instrument(text: str, p: int, base: str, sector: str) -> _Item | None:
    """One item of a Resolution/Decision/Recommendation/Opinion/Report list at `p` (`sector`: that of the
    list's earlier ITU-R/T/D items, for "Recommendations ITU-R M.2083 and M.2150")."""
    if base == "resolution":
        if m := _UNGA_NUMBER.match(text, p):
            return _Item("unga_resolution", m.group("num"), m.start(), m.end(), body="UNGA", tagged=True)
        if m := _ITU_RES.match(text, p):
            if m.group("sector") == "R":
                return _Item("resolution", f"ITU-R {m.group('num')}", m.start(), m.end(),
                             revision=m.group("ver") or "", body="RA", tagged=True)
            return None
    if base in ("recommendation", "report"):
        if m := _ITU_REC.match(text, p):
            sector = m.group("sector") or sector
            if not sector:
                return None
            typ = f"{base}_{_SECTOR_TYPES[sector]}"
            item = _Item(typ, f"{m.group('series')}.{m.group('num')}", m.start(), m.end(),
                         revision=m.group("ver") or "", tagged=True)
            rev, body, end = _read_tag(text, m.end(), typ)
            if body is not None and _MONTH_TAG.fullmatch(rev):
                item.revision, item.end = rev, end
            return item
        if m := re.compile(rf"{_ITU}{_S0}(?P<num>\d{{1,3}})(?![\d.])").match(text, p):
            if m.group("sector") == "D" and base == "recommendation":
                return _Item("recommendation_itu_d", m.group("num"), m.start(), m.end(), tagged=True)
            return None
        if base == "report":
            return None
    m = _NUMBER.match(text, p)
    if not m:
        return None
    item = _Item(base, m.group("num"), m.start(), m.end())
    rev, body, end = _read_tag(text, m.end(), base)
    if body is not None:
        item.revision, item.body, item.end, item.tagged = rev, body, end, True
    return item


_Reader = Callable[[int], "_Item | None"]


def _keyword_lists(text: str, keyword: re.Pattern[str], reader: Callable[[re.Match[str]], _Reader], *,
                   skip_space: bool = True) -> Iterator[tuple[re.Match[str], list[_Item], int]]:
    """Each match of `keyword` with the list of items after it (read by `reader(match)`, a fresh reader per
    keyword, through `_walk_list`) and where that list ends; a keyword with no item after it is passed over."""
    for kw in keyword.finditer(text):
        pos = _after_space(text, kw.end()) if skip_space else kw.end()
        items, end = _walk_list(text, pos, reader(kw))
        if items:
            yield kw, items, end


def _anchored(kw: re.Match[str], items: list[_Item], typ: str = "") -> list[_Item]:
    """The items of one list as extracted: the first starts at its keyword; each takes `typ` if one is given."""
    for it in items:
        it.type = typ or it.type
    items[0].start = kw.start()
    return items


def _instrument_base(kw: re.Match[str]) -> str:
    word = kw.group("kw").lower()
    return ("resolution" if word.startswith("res") else "decision" if word.startswith("dec")
            else "opinion" if word.startswith("op") else "report" if word.startswith("rep")
            else "recommendation")


def _instrument_reader(text: str, base: str) -> _Reader:
    """Items of one list, all of one kind; ITU-R/T/D items pass their sector on to the items after them."""
    state: dict[str, str] = {}

    def read(p: int) -> _Item | None:
        item = _read_instrument(text, p, base, state.get("sector", ""))
        if item is None:
            return None
        kind = "itu" if item.type.startswith(("recommendation_", "report_")) else item.type
        if state.setdefault("kind", kind) != kind:
            return None
        if kind == "itu":
            state["sector"] = item.type.split("_itu_")[1][0].upper()
        return item

    return read


def _instruments(text: str) -> list[_Item]:
    out: list[_Item] = []
    for kw, items, _ in _keyword_lists(text, _INSTRUMENT_KW, lambda kw: _instrument_reader(text, _instrument_base(kw))):
        base = _instrument_base(kw)
        before = _body_before(text, kw.start())
        items = _share_tags(items)
        after, _ = _body_after(text, items[-1].end)
        for it in items:
            if it.type in ("unga_resolution", "question") or it.type.startswith(("recommendation_", "report_")):
                continue
            it.body = (it.body if after == "this" and it.body else after) or it.body or before
            if base == "opinion" and not it.body:
                it.body = "WTPF"
        if before == "UNGA":
            for it in items:
                if it.type == "resolution" and "/" not in it.id:
                    it.body = "UNGA"
        out.extend(it for it in _anchored(kw, items) if not (it.body == "UNGA" and it.type == "resolution"))
    return out


def _itu_rec_reader(text: str, typ: str) -> _Reader:
    def read(p: int) -> _Item | None:
        m = _ITU_REC.match(text, p)
        if not m:
            return None
        return _Item(typ, f"{m.group('series')}.{m.group('num')}", m.start(), m.end(),
                     revision=m.group("ver") or "", tagged=True)

    return read


def _itu_lead_type(lead: re.Match[str]) -> str:
    kind = "report" if lead.group("kw").lower().startswith("rep") else "recommendation"
    return f"{kind}_{_SECTOR_TYPES[lead.group('sector')]}"


def _itu_lead(text: str) -> list[_Item]:
    """ "ITU-R Recommendation P.452", "ITU-T Recommendations Y.3172 and Y.3173", "ITU-R Report M.2115"."""
    out: list[_Item] = []
    for lead, items, _ in _keyword_lists(text, _ITU_REC_LEAD, lambda lead: _itu_rec_reader(text, _itu_lead_type(lead)),
                                         skip_space=False):
        out.extend(_anchored(lead, items))
    return out


def _bare_recommendations(text: str) -> list[_Item]:
    """ "ITU-R M.1036", "ITU-T Y.3172" without the word Recommendation (a Report if "Report" precedes)."""
    out: list[_Item] = []
    for m in _BARE_REC.finditer(text):
        kind = "report" if re.search(r"Reports?\W*$", text[max(0, m.start() - 12):m.start()]) else "recommendation"
        out.append(_Item(f"{kind}_{_SECTOR_TYPES[m.group('sector')]}", f"{m.group('series')}.{m.group('num')}",
                         m.start(), m.end(), revision=m.group("ver") or ""))
    return out


def _number_reader(text: str, number: re.Pattern[str], typ: str) -> _Reader:
    """Items that are a bare `number` match (Questions, Articles)."""
    def read(p: int) -> _Item | None:
        m = number.match(text, p)
        return _Item(typ, m.group("num"), m.start(), m.end()) if m else None

    return read


_SECTOR_AFTER = re.compile(
    rf"{_S0}(?:of|in){_S}(?:the{_S})?(?:(?:Study{_S}Group{_S}\d+{_S}of{_S}(?:the{_S})?)?)"
    rf"(?:(?P<r>ITU{_HY}R|Radiocommunication{_S}Sector)|(?P<t>ITU{_HY}T|Telecommunication"
    rf"{_S}Standardization{_S}Sector)|(?P<d>ITU{_HY}D|Telecommunication{_S}Development"
    rf"{_S}Sector))")


def _questions(text: str) -> list[_Item]:
    out: list[_Item] = []
    for kw, items, end in _keyword_lists(text, _QUESTION_KW, lambda kw: _number_reader(text, _QUESTION_NUM, "question"),
                                         skip_space=False):
        sector = kw.group("lead") or kw.group("pre") or ""
        if not sector and (after := _SECTOR_AFTER.match(text, end)):
            sector = {"r": "ITU-R", "t": "ITU-T", "d": "ITU-D"}[str(after.lastgroup)]
        for it in items:
            it.body = _norm(sector).replace(" ", "-") if sector else ""
            if it.body and "-" not in it.body:
                it.body = f"ITU-{it.body[-1]}"
        out.extend(_anchored(kw, items))
    return out


def _unga(text: str) -> list[_Item]:
    return [_Item("unga_resolution", m.group("num"), m.start(), m.end(), body="UNGA")
            for m in _UNGA_BARE.finditer(text)]


def _provision_reader(text: str) -> _Reader:
    """RR/CS/CV provision numbers; a range ("9.11A to 9.14") is one item; all items of a list dotted or none."""
    shape: dict[str, bool] = {}

    def read(p: int) -> _Item | None:
        m = _PROVISION_NUM.match(text, p)
        if not m or shape.setdefault("dotted", "." in m.group("num")) != ("." in m.group("num")):
            return None
        item = _Item("rr_provision", m.group("num"), m.start(), m.end())
        rng = re.compile(_TO).match(text, m.end())
        if rng and (m2 := _PROVISION_NUM.match(text, rng.end())):
            lo, hi = provision_key(m.group("num")), provision_key(m2.group("num"))
            if lo and hi and lo[0] == hi[0] and lo < hi:
                item.id, item.end = f"{m.group('num')}-{m2.group('num')}", m2.end()
        return item

    return read


def _provision_type(text: str, pre: str, items: list[_Item], end: int) -> str:
    """The type of a provision list ("" when it is not a reference: another treaty's, or numbers that do
    not fit the treaty)."""
    treaty = _TREATY_AFTER.match(text, end)
    kind = {"CS": "cs", "CV": "cv", "RR": "rr"}.get(pre, "")
    if treaty and not kind and text[treaty.start():treaty.end()].lstrip(" ,(").startswith(("of", "in Article")):
        kind = treaty.lastgroup or ""
    if kind in ("cs", "cv", "gr"):
        typ = {"cs": "constitution_provision", "cv": "convention_provision", "gr": "general_rules_provision"}[kind]
    elif kind in ("rr", "") or "." in items[0].id:
        typ = "rr_provision"  # RR numbers have a dot (Article.number); CS/CV numbers have none
    else:
        return ""
    if typ == "rr_provision" and not all(provision_key(i.id.split("-")[0]) for i in items):
        return ""
    if typ != "rr_provision" and not all(re.fullmatch(r"\d{1,3}[A-Z]{0,2}", i.id) for i in items):
        return ""
    return typ


def _provisions(text: str) -> list[_Item]:
    out: list[_Item] = []
    for kw, items, end in _keyword_lists(text, _PROVISION_KW, lambda kw: _provision_reader(text)):
        if typ := _provision_type(text, kw.group("pre") or "", items, end):
            out.extend(_anchored(kw, items, typ))
    return out


def _article_type(text: str, pre: str, end: int) -> str:
    """The type of an Article list ("" for an appendix's or another treaty's Articles, or the instrument's own)."""
    if pre:
        return {"RR": "rr_article", "CS": "constitution_article", "CV": "convention_article", "ITR": "itr_article"}[pre]
    treaty = _TREATY_AFTER.match(text, end)
    group = treaty.lastgroup if treaty else None
    if group in ("app", "res"):
        return ""  # "Article 6 of Appendix 30B": the appendix is extracted on its own
    if group == "other" or (group is None and _SELF.match(text, end)):
        return ""  # another treaty, or the instrument's own articles
    return {"cs": "constitution_article", "cv": "convention_article", "itr": "itr_article"}.get(group or "", "rr_article")


def _articles(text: str) -> list[_Item]:
    out: list[_Item] = []
    for kw, items, end in _keyword_lists(text, _ARTICLE_KW, lambda kw: _number_reader(text, _ARTICLE_NUM, "rr_article")):
        if typ := _article_type(text, kw.group("pre") or "", end):
            out.extend(_anchored(kw, items, typ))
    return out


def _appendix_reader(text: str) -> _Reader:
    def read(p: int) -> _Item | None:
        m = _APPENDIX_NUM.match(text, p)
        if not m:
            return None
        item = _Item("rr_appendix", m.group("num"), m.start(), m.end())
        rev, body, end = _read_tag(text, m.end(), "rr_appendix")
        if body is not None and rev and not _YEAR_TAG.fullmatch(rev):
            item.revision, item.end, item.tagged = rev, end, True
        return item

    return read


_APPENDIX_OF_INSTRUMENT = re.compile(rf"{_S}(?:to|of){_S}(?:Resolution|Decision|Recommendation)", re.IGNORECASE)


def _appendices(text: str) -> list[_Item]:
    out: list[_Item] = []
    for kw, items, end in _keyword_lists(text, _APPENDIX_KW, lambda kw: _appendix_reader(text)):
        if kw.group("kw") == "AP" and not re.match(r"AP\d", text[kw.start():kw.start() + 3]):
            continue
        if _SELF.match(text, end) or _APPENDIX_OF_INSTRUMENT.match(text, end):
            continue
        out.extend(_anchored(kw, items))
    return out


# Each family with the lower-case words one of which its text must contain (a cheap test before the regexes).
_FAMILIES = (
    (_instruments, ("resolution", "res.", "res ", "decision", "dec.", "recommendation", "rec.", "recs.", "opinion",
                    "report")),
    (_itu_lead, ("itu",)),
    (_questions, ("question",)),
    (_unga, ("a/res/",)),
    (_provisions, ("no.", "nos.", "footnote", "rr ", "cs ", "cv ")),
    (_articles, ("article", "art.")),
    (_appendices, ("appendi", "app.", "ap")),
    (_bare_recommendations, ("itu",)),
)


def extract_references(text: str, *, citing_body: str = "") -> list[Reference]:
    """Every reference in `text`, in text order (see the module docstring for what counts).

    `citing_body` (the body of the instrument the text is in, e.g. "PP") replaces body "this" for
    "of this conference"; left empty, such references keep body "this".
    """
    taken: list[tuple[int, int]] = []
    found: list[_Item] = []
    lower = text.lower()
    for family, words in _FAMILIES:
        if not any(w in lower for w in words):
            continue
        for it in family(text):
            if any(s < it.end and it.start < e for s, e in taken):
                continue
            found.append(it)
        taken.extend((it.start, it.end) for it in found)
    found.sort(key=lambda it: (it.start, it.end))
    refs = []
    for it in found:
        body = citing_body if (it.body == "this" and citing_body) else it.body
        refs.append(Reference(it.type, it.id, it.revision, body, it.start, it.end, text[it.start:it.end]))  # type: ignore[arg-type]
    return refs
