"""Named regular expressions for ITU instruments, built from small commented pieces.

Everything here describes how ITU texts are printed in general (identifier lines, enacting formulas,
keyword headings, item labels, footnote marks, page numbers); nothing names a particular file.
"""

from __future__ import annotations

import re

# --- identifiers ----------------------------------------------------------------------------------

# The instrument word, in capitals or capitalised, never in lower case (a lower-case "resolution 2" is a
# cross-reference in running text). English, French and Spanish; "Opinion"/"Avis"/"Voeu" are the opinions
# and wishes older conferences adopted beside their resolutions.
_INSTRUMENT_WORDS = (
    "Resolution", "Decision", "Recommendation", "Opinion",
    "Résolution", "Resolución", "Décision", "Decisión", "Recommandation", "Recomendación",
    "Avis", "Vœu", "Voeu", "Ruego",
)


def _cased(words: tuple[str, ...]) -> str:
    """Each word in capitals and capitalised ("RESOLUTION|Resolution"), longest first."""
    forms = {w.upper() for w in words} | {w[:1].upper() + w[1:].lower() for w in words}
    return "|".join(sorted(forms, key=lambda w: (-len(w), w)))  # longest first, the same order in every run


INSTRUMENT_WORD = rf"(?P<instrument>{_cased(_INSTRUMENT_WORDS)})"
# The English name of each instrument word (Clause.instrument is always English).
INSTRUMENT_NAMES = {
    "resolution": "Resolution", "résolution": "Resolution", "resolución": "Resolution",
    "decision": "Decision", "décision": "Decision", "decisión": "Decision",
    "recommendation": "Recommendation", "recommandation": "Recommendation", "recomendación": "Recommendation",
    "opinion": "Opinion", "avis": "Opinion", "vœu": "Opinion", "voeu": "Opinion", "ruego": "Opinion",
}
# A body named before the word: "Council Resolution 1332", "COUNCIL DECISION 482", "Administrative Council
# Resolution No. 966"
INSTRUMENT_QUALIFIER = r"(?:(?:Administrative\s+)?Council\s+|(?:ADMINISTRATIVE\s+)?COUNCIL\s+)?"
# "No. 2", "No 2", "Nº 2", "N° 2", "N.º 2", "Nr. 2" (older conferences number their texts this way)
NUMBER_SIGN = r"(?:(?:No|NO|Nr|N\.?\s?º|Nº|N°|no)\.?\s*)?"
# "2", "1396", "ITU-R 1-9", "ITU-R 61-2", "12A", "30bis"; committee numbers given to texts adopted at a
# conference before their final number: "COM4/2", "COM 5/1", "PLEN/1", "GT PLEN/2", "[COM6/1]"
_COMMITTEE_NUMBER = r"\[?(?:COM|PLEN|GT|WG|GT[\s-]?PLEN|WG[\s-]?PLEN|ADM)[\s-]?\d{0,2}/\d{1,3}\]?"
INSTRUMENT_NUMBER = (
    rf"(?P<number>(?:ITU-[RTD]\s*)?\d{{1,4}}(?:[A-Z]|bis|ter)?(?:-\d{{1,2}})?(?![\w/])|{_COMMITTEE_NUMBER})"
)
# "(REV. DUBAI, 2018)", "(Rev. Kigali, 2022)", "(REV.WRC-23)", "(C19)", "(C-1985, last amended C19)",
# "(Rév. Bucarest, 2022)", one level of nested parentheses allowed
REVISION_TAG = r"\((?P<revision>[^()]{1,80}(?:\([^()]{0,40}\)[^()]{0,40})?)\)"
# anything a typesetter may hang after the identifier: superscript marks, an asterisk
TRAILING_MARKS = r"(?:\s*\ue010[^\ue011]*\ue011|\s*\*{1,3}|\s*\d{1,2}(?=$))*"

# Final Acts mark what a conference did to a text in the margin: "ADD", "MOD", "(MOD)", "SUP"
MARGIN_SYMBOL = r"(?:(?:ADD|MOD|\(MOD\)|SUP|SUPP)\s+)?"

_ID_CORE = rf"{INSTRUMENT_QUALIFIER}{INSTRUMENT_WORD}\s+{NUMBER_SIGN}{INSTRUMENT_NUMBER}"
_ID_LINE_START = rf"^\s*{MARGIN_SYMBOL}{_ID_CORE}"

INSTRUMENT_ID_RE = re.compile(rf"{_ID_LINE_START}(?:\s*{REVISION_TAG})?{TRAILING_MARKS}\s*$")

# The same identifier with the title on its line: "RESOLUTION 30 (Rev. Kigali, 2022) – Role of ITU-D in ..."
INSTRUMENT_ID_WITH_TITLE_RE = re.compile(
    rf"{_ID_LINE_START}\s*{REVISION_TAG}{TRAILING_MARKS}\s+[–—-]\s+(?P<title>\S.*)$")

# An identifier at the start of a longer text (outline entries, contents lines)
INSTRUMENT_ID_PREFIX_RE = re.compile(rf"^\s*{_ID_CORE}(?:\s*{REVISION_TAG})?")

# Annex/appendix headings: "ANNEX 1 TO RESOLUTION 48 (REV. DUBAI, 2018)", "ANNEX TO DECISION 5",
# "APPENDIX II (to RESOLUTION 1 (Rev. Hammamet, 2016))", "ATTACHMENT 1", "Annex A", "ADDENDUM 1 TO ...",
# "ANNEXE 2 À LA RÉSOLUTION 25", "ANEXO 1 A LA RESOLUCIÓN 25", "Annex 2 – Work plan"
ANNEX_WORD = "(?:" + _cased(("Annex", "Appendix", "Attachment", "Addendum", "Annexe", "Appendice", "Anexo", "Apéndice",
                            "Adjunto", "Pièce jointe")) + ")"
ANNEX_NUMBER = r"(?:\s+(?:No\.?\s*)?(?:[0-9]{1,2}[A-Z]?|[IVX]{1,5}|[A-Z])\b)?"
_ANNEX_LINK = r"(?:to|TO|À\s+LA|à\s+la|AU|au|DE\s+LA|de\s+la|A\s+LA|a\s+la|AL|al|of|OF)"
ANNEX_HEADING_RE = re.compile(
    rf"^\s*{ANNEX_WORD}{ANNEX_NUMBER}\s*(?:$|\(?\s*{_ANNEX_LINK}\b.*$|[–—:-]\s+\S.*$)"
)

# --- enacting formula -----------------------------------------------------------------------------

# "The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),"
# "The World Radiocommunication Conference (Dubai, 2023),", "The ITU Radiocommunication Assembly,",
# "The Council,"
ENACTING_FORMULA_RE = re.compile(
    r"^\s*(?:The\s+(?:[A-Z][\w-]*\s+|of\s+|the\s+|and\s+|for\s+|ITU\s+){0,12}"
    r"(?:Conference|Assembly|Council|Meeting|Forum|Session)"
    # French/Spanish: "La Conférence de plénipotentiaires ...", "El Consejo,"
    r"|(?:La|Le|L'|El)\s*[^;:.]{0,120}?(?:Conférence|Assemblée|Conseil|Conferencia|Asamblea|Consejo))"
    r"\b[^;:]{0,160}(?:,|\(\D*\d{4}\))\s*$"
)

# Which body adopted the text, from its enacting formula (checked in order).
BODY_FROM_FORMULA = (
    ("PP", re.compile(r"Plenipotentiary Conference|Conférence de plénipotentiaires|Conferencia de Plenipotenciarios",
                      re.I)),
    ("WTDC", re.compile(r"Telecommunication Development Conference|développement des télécommunications"
                        r"|Desarrollo de las Telecomunicaciones", re.I)),
    ("WTSA", re.compile(r"Telecommunication Standardization Assembly|normalisation des télécommunications"
                        r"|Normalización de las Telecomunicaciones", re.I)),
    ("WRC", re.compile(r"(?:World|Regional)(?: Administrative)? Radio(?:communication)? Conference"
                       r"|Conférence mondiale des radiocommunications|Conferencia Mundial de Radiocomunicaciones",
                       re.I)),
    ("RA", re.compile(r"Radiocommunication Assembly|Assemblée des radiocommunications"
                      r"|Asamblea de Radiocomunicaciones", re.I)),
    ("WATTC", re.compile(r"Telegraph and Telephone Conference|Conférence administrative mondiale télégraphique",
                         re.I)),
    ("WCIT", re.compile(r"International Telecommunications", re.I)),
    ("CCITT", re.compile(r"\bCCITT\b|International Telegraph and Telephone Consultative Committee", re.I)),
    ("CCIR", re.compile(r"\bCCIR\b|International Radio Consultative Committee", re.I)),
    ("Council", re.compile(r"^\s*(?:The (?:Administrative )?Council|Le Conseil|El Consejo)\b", re.I)),
)
# ... or, failing that, from the revision tag: "REV.WRC-23", "WRC-19", "ORB-88", "C19", "RA-15", "WTSA-16"
BODY_FROM_REVISION = (
    ("WRC", re.compile(r"\b(?:WRC|WARC|RRC|RRA|ORB|WAC|MOB|HFBC|GE)-?\d", re.I)),
    ("WATTC", re.compile(r"\bWATTC-?\d", re.I)),
    ("WCIT", re.compile(r"\bWCIT-?\d", re.I)),
    ("RA", re.compile(r"\bRA-?\d", re.I)),
    ("WTSA", re.compile(r"\bWTSA-?\d", re.I)),
    ("WTDC", re.compile(r"\bWTDC-?\d", re.I)),
    ("Council", re.compile(r"^\s*(?:Rev\.\s*)?C-?\d{2,4}\b", re.I)),
    ("PP", re.compile(r"\bPP-?\d", re.I)),
)

# The names the bodies go by in English text and in questions: full names as printed (longest first),
# abbreviations (a year may follow in text: "PP-18", "WRC-23"), and other words that stand for the body before
# a cited instrument ("RR Resolution 5": the WRC revises the Radio Regulations). Reference extraction
# (ingest.references) and the citation parser of questions (search.citations) read their body words from here.
BODY_NAMES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    # (body, full names (the present one first: what search's glossary expands the body's abbreviation to),
    #  abbreviations, other words)
    ("PP", ("Plenipotentiary Conference", "Plenipotentiary"), ("PP",), ()),
    ("WTDC", ("World Telecommunication Development Conference",), ("WTDC",), ()),
    ("WTSA", ("World Telecommunication Standardization Assembly",), ("WTSA",), ()),
    ("WRC", ("World Radiocommunication Conference", "World Radio Conference",
             "World Administrative Radiocommunication Conference", "World Administrative Radio Conference"),
     ("WARC", "WRC"), ("Radio Regulations", "RR")),
    ("RA", ("Radiocommunication Assembly", "ITU Radiocommunication Assembly"), ("RA",), ()),
    ("Council", ("ITU Council", "Council"), (), ()),
    ("UNGA", ("United Nations General Assembly", "UN General Assembly", "General Assembly"), ("UNGA",), ()),
    ("WTPF", ("World Telecommunication/ICT Policy Forum", "World Telecommunication Policy Forum"), ("WTPF",), ()),
)
# The bodies whose instruments a Sector's name stands for ("ITU-D Resolution 5" is a WTDC text; the
# Radiocommunication Sector works under both the WRC's and the RA's).
SECTOR_BODIES: dict[str, tuple[str, ...]] = {"ITU-D": ("WTDC",), "ITU-T": ("WTSA",), "ITU-R": ("WRC", "RA")}


def words_pattern(words: tuple[str, ...] | list[str], space: str = r"\s+") -> str:
    """A regex alternation of `words` (longest first), `space` between the words of each."""
    return "|".join(space.join(re.escape(part) for part in w.split())
                    for w in sorted(words, key=len, reverse=True))


# --- keyword headings ("considering", "instructs the Director of ...") ------------------------------

# Preamble keywords: participles and adjectives (stems, so "recognizing"/"recognising" both match)
PREAMBLE_STEMS = (
    "consider", "recall", "recogni", "not", "bear", "taking", "tak", "having", "aware", "conscious",
    "convinced", "concerned", "deeply", "emphasi", "stress", "welcom", "mindful", "reaffirm", "appreciat",
    "observ", "referring", "realiz", "realis", "acknowledg", "affirm", "alarmed", "desir", "guided",
    "keeping", "seeking", "expressing", "highlight", "underlin", "reiterat", "believing", "committed",
    "cognizant", "determined", "anticipating", "pursuant", "in view", "in light", "further noting",
    "recalling", "considering", "noting", "bearing", "taking",
    # French and Spanish participles ("considérant", "reconociendo", "tenant compte", "teniendo en cuenta")
    "considérant", "reconnaissant", "notant", "rappelant", "tenant", "ayant", "conscient", "convaincu",
    "préoccupé", "soulignant", "accueillant", "réaffirmant", "observant", "constatant", "se félicitant",
    "considerando", "reconociendo", "observando", "tomando", "recordando", "teniendo", "habida",
    "consciente", "convencido", "preocupado", "destacando", "subrayando", "reafirmando", "señalando",
)
# Operative keywords: the enacting verb in the third person
OPERATIVE_VERBS = (
    "resolves", "decides", "instructs", "invites", "requests", "encourages", "urges", "calls", "recommends",
    "charges", "appeals", "authorizes", "authorises", "approves", "adopts", "endorses", "expresses",
    "accepts", "agrees", "asks", "directs", "entrusts", "reminds", "suggests", "supports", "declares",
    "confirms", "proclaims", "draws", "welcomes", "notes", "considers", "recognizes", "recognises",
    "affirms", "reaffirms", "commends", "thanks", "establishes", "designates", "determines", "emphasizes",
    "stresses", "underlines", "requires", "undertakes", "appoints", "elects", "abrogates", "amends",
    "approve", "instruct", "invite", "request", "encourage", "resolve",
    # French and Spanish ("décide", "charge le Secrétaire général", "resuelve", "encarga al Director")
    "décide", "charge", "prie", "demande", "exhorte", "recommande", "autorise", "approuve",
    "resuelve", "decide", "encarga", "invita", "pide", "solicita", "alienta", "insta", "recomienda",
    "autoriza", "aprueba",
)
# Adverbs that may come before or after the verb: "further resolves", "resolves further", "also invites"
KEYWORD_ADVERBS = ("further", "also", "moreover", "additionally", "finally", "furthermore", "and", "en outre", "además")
KEYWORD_ADVERB = f"(?:{'|'.join(KEYWORD_ADVERBS)})"

KEYWORD_START_RE = re.compile(
    rf"^(?:{KEYWORD_ADVERB}\s+)?(?P<verb>[a-zà-ÿñ][a-zà-ÿñ-]+)\b"
)
# Preamble keywords of more than one word that start with a preposition: "in view of", "in the light of"
PHRASE_KEYWORD = r"(?:in\s+(?:view|the\s+light|light)\s+of|with\s+regard\s+to|having\s+regard)\b"


def keyword_pattern() -> str:
    """The start of a keyword heading as the parser knows them, as a regex for text typed by people (use it
    with re.IGNORECASE): an optional adverb, then an operative verb or a word on a preamble stem, or a
    preposition phrase. search.citations reads the section a question names with it."""
    return (rf"(?:{KEYWORD_ADVERB}\s+)?(?:(?:{words_pattern(PREAMBLE_STEMS)})[\w-]*|{words_pattern(OPERATIVE_VERBS)})"
            rf"|{PHRASE_KEYWORD}")

# --- item labels ----------------------------------------------------------------------------------

# "a)", "b)bis", "a bis)", "aa)", "i)", "iv)", "1)", "(a)", "(iii)"
LETTER_LABEL = r"\(?[a-z]{1,2}(?:\s?(?:bis|ter|quater))?\)(?:bis|ter|quater)?"
ROMAN_LABEL = r"\(?(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3}|xiv|xv|xvi{0,3}|xix|xx)\)"
PAREN_NUMBER_LABEL = r"\(?\d{1,3}\)"
# "1", "12", "1bis", "1.1", "3.1.2", "1bis.7.2", "4.3bis", "1.", "2.1.": dotted numbers
DOTTED_LABEL = r"\d{1,3}(?:bis|ter|quater)?(?:\.\d{1,3}(?:bis|ter|quater)?){0,4}\.?"
DASH_LABEL = r"[–—-]"
BULLET_LABEL = r"[•·▪◦o]"

LABEL_RE = re.compile(
    rf"^(?P<label>{LETTER_LABEL}|{ROMAN_LABEL}|{PAREN_NUMBER_LABEL}|{DOTTED_LABEL}|{DASH_LABEL}|{BULLET_LABEL})"
)
ROMAN_ONLY_RE = re.compile(rf"^{ROMAN_LABEL}$")
LETTER_ONLY_RE = re.compile(rf"^{LETTER_LABEL}$")
DOTTED_ONLY_RE = re.compile(rf"^{DOTTED_LABEL}$")

# --- footnotes and page furniture -----------------------------------------------------------------

# A footnote's own mark at the start of its text: "1", "12", "*", "**", "1bis", "a"
FOOTNOTE_MARK = r"(?:\d{1,3}(?:\s?bis|\s?ter)?|\*{1,3}|[†‡§]{1,2})"
FOOTNOTE_START_RE = re.compile(rf"^(?P<mark>{FOOTNOTE_MARK})(?:\t|\s+)(?P<text>\S.*)$")

# A printed page number on its own: "12", "– 27 –", "- 3 -", "III", "Page 4", "p. 4"
# A printed page number on its own: "12", "– 27 –", "- 3 -", "III", "xiv", "Page 4", "p. 4", "Page 4 of 20"
ROMAN_NUMERAL = r"(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
ROMAN_NUMERAL_LOWER = ROMAN_NUMERAL.lower().replace("(?=[ivxlcdm])", "(?=[ivxlcdm])")
PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[–—-]\s*)?(?:(?:[Pp]age|PAGE|[Pp]\.)\s*)?"
    rf"(?P<num>\d{{1,4}}|{ROMAN_NUMERAL}|{ROMAN_NUMERAL_LOWER})"
    r"(?:\s*[–—-]|\s+(?:of|/)\s*\d{1,4})?\s*$"
)
# "Res. 2 / 21": the page after a slash that follows text
PAGE_AFTER_SLASH_RE = re.compile(r"\D\s*/\s*(?P<num>\d{1,4})\s*$")

# Revision-history / edition lines printed under a title or after the last clause: "(Kyoto, 1994)",
# "(Minneapolis, 1998) – (Rev. Marrakesh, 2002)", "(1993-1995-2000-2003)", "(Helsinki, 1993; revised ...)"
_YEARISH = r"(?:1[89]\d\d|20\d\d|[A-Za-z]{2,6}-\d{2,4})"
HISTORY_LINE_RE = re.compile(rf"^(?:\([^()]*\b{_YEARISH}\b[^()]*\)[\s.,;:–—-]*)+$")

# Editorial notes that are no part of the adopted text: "Note by the Secretariat", "NOTE BY THE GENERAL
# SECRETARIAT:", "Editorial note", "Note du Secrétariat", "Nota de la Secretaría"
SECRETARIAT_NOTE_RE = re.compile(
    r"^(?:(?:Note|NOTE|Nota|NOTA)\s+(?:by|BY|du|DU|de\s+la|DE\s+LA|of|OF)\s+(?:the\s+|THE\s+)?"
    r"(?:General\s+|GENERAL\s+)?(?:Secretariat|SECRETARIAT|Secrétariat|SECRÉTARIAT|Secretaría|SECRETARÍA|"
    r"Secretary-General|SECRETARY-GENERAL|Editor|EDITOR)|(?:Editorial|EDITORIAL|Editor's|EDITOR'S)\s+(?:note|NOTE))\b"
)

# Table-of-contents entries: dotted leaders then a page number
TOC_LEADER_RE = re.compile(r"(?:\.\s){4,}\.|\.{6,}|…{3,}")

_WS = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()
