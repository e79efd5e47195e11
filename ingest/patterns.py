"""Named regular expressions for ITU instruments, built from small commented pieces.

Everything here describes how ITU texts are printed in general (identifier lines, enacting formulas,
keyword headings, item labels, footnote marks, page numbers); nothing names a particular file.
"""

from __future__ import annotations

import re

# --- identifiers ----------------------------------------------------------------------------------

# "RESOLUTION", "Resolution", "DECISION", "RECOMMENDATION" (all capitals or capitalised, never lower case);
# French and Spanish texts: "RÉSOLUTION", "Resolución", "DÉCISION", "RECOMMANDATION", "RECOMENDACIÓN"
INSTRUMENT_WORD = (
    r"(?P<instrument>RESOLUTION|DECISION|RECOMMENDATION|OPINION|Resolution|Decision|Recommendation|Opinion"
    r"|RÉSOLUTION|Résolution|RESOLUCIÓN|Resolución|DÉCISION|Décision|DECISIÓN|Decisión"
    r"|RECOMMANDATION|Recommandation|RECOMENDACIÓN|Recomendación)"
)
# The English name of each instrument word (Clause.instrument is always English).
INSTRUMENT_NAMES = {
    "resolution": "Resolution", "résolution": "Resolution", "resolución": "Resolution",
    "decision": "Decision", "décision": "Decision", "decisión": "Decision",
    "recommendation": "Recommendation", "recommandation": "Recommendation", "recomendación": "Recommendation",
    "opinion": "Opinion",
}
# "2", "1396", "ITU-R 1-9", "12A", "30bis"
INSTRUMENT_NUMBER = r"(?P<number>(?:ITU-[RTD]\s+)?\d{1,4}(?:[A-Z]|bis|ter)?(?:-\d{1,2})?)"
# "(REV. DUBAI, 2018)", "(Rev. Kigali, 2022)", "(REV.WRC-23)", "(C19)", "(C-1985, last amended C19)",
# one level of nested parentheses allowed
REVISION_TAG = r"\((?P<revision>[^()]{1,80}(?:\([^()]{0,40}\)[^()]{0,40})?)\)"
# anything a typesetter may hang after the identifier: superscript marks, an asterisk
TRAILING_MARKS = r"(?:\s*\ue010[^\ue011]*\ue011|\s*\*{1,3}|\s*\d{1,2}(?=$))*"

# Final Acts mark what a conference did to a text in the margin: "ADD", "MOD", "(MOD)", "SUP"
MARGIN_SYMBOL = r"(?:(?:ADD|MOD|\(MOD\)|SUP|SUPP)\s+)?"

INSTRUMENT_ID_RE = re.compile(
    rf"^\s*{MARGIN_SYMBOL}{INSTRUMENT_WORD}\s+{INSTRUMENT_NUMBER}(?:\s*{REVISION_TAG})?{TRAILING_MARKS}\s*$"
)

# The same identifier with the title on its line: "RESOLUTION 30 (Rev. Kigali, 2022) – Role of ITU-D in ..."
INSTRUMENT_ID_WITH_TITLE_RE = re.compile(
    rf"^\s*{MARGIN_SYMBOL}{INSTRUMENT_WORD}\s+{INSTRUMENT_NUMBER}\s*{REVISION_TAG}{TRAILING_MARKS}\s+[–—-]\s+(?P<title>\S.*)$"
)

# An identifier at the start of a longer text (outline entries, contents lines)
INSTRUMENT_ID_PREFIX_RE = re.compile(rf"^\s*{INSTRUMENT_WORD}\s+{INSTRUMENT_NUMBER}(?:\s*{REVISION_TAG})?")

# Annex/appendix headings: "ANNEX 1 TO RESOLUTION 48 (REV. DUBAI, 2018)", "ANNEX TO DECISION 5",
# "APPENDIX II (to RESOLUTION 1 (Rev. Hammamet, 2016))", "ATTACHMENT 1", "Annex A"
ANNEX_WORD = r"(?:ANNEX|APPENDIX|ATTACHMENT|Annex|Appendix|Attachment)"
ANNEX_NUMBER = r"(?:\s+(?:[0-9]{1,2}|[IVX]{1,5}|[A-Z])\b)?"
ANNEX_HEADING_RE = re.compile(
    rf"^\s*{ANNEX_WORD}{ANNEX_NUMBER}\s*(?:$|\(?\s*(?:to|TO)\b.*$)"
)

# --- enacting formula -----------------------------------------------------------------------------

# "The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),"
# "The World Radiocommunication Conference (Dubai, 2023),", "The ITU Radiocommunication Assembly,",
# "The Council,"
ENACTING_FORMULA_RE = re.compile(
    r"^\s*(?:The\s+(?:[A-Z][\w-]*\s+|of\s+|the\s+|ITU\s+){0,12}"
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
    ("WCIT", re.compile(r"International Telecommunications", re.I)),
    ("Council", re.compile(r"^\s*(?:The Council|Le Conseil|El Consejo)\b", re.I)),
)
# ... or, failing that, from the revision tag: "REV.WRC-23", "WRC-19", "ORB-88", "C19", "RA-15", "WTSA-16"
BODY_FROM_REVISION = (
    ("WRC", re.compile(r"\b(?:WRC|WARC|RRC|RRA|ORB|WAC|MOB)-?\d", re.I)),
    ("RA", re.compile(r"\bRA-?\d", re.I)),
    ("WTSA", re.compile(r"\bWTSA-?\d", re.I)),
    ("WTDC", re.compile(r"\bWTDC-?\d", re.I)),
    ("Council", re.compile(r"^\s*(?:Rev\.\s*)?C-?\d{2,4}\b", re.I)),
    ("PP", re.compile(r"\bPP-?\d", re.I)),
)

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
    "approve", "instruct", "invite", "request", "encourage",
    # French and Spanish ("décide", "charge le Secrétaire général", "resuelve", "encarga al Director")
    "décide", "charge", "prie", "demande", "exhorte", "recommande", "autorise", "approuve",
    "resuelve", "decide", "encarga", "invita", "pide", "solicita", "alienta", "insta", "recomienda",
    "autoriza", "aprueba",
)
# Adverbs that may come before or after the verb: "further resolves", "resolves further", "also invites"
KEYWORD_ADVERB = r"(?:further|also|moreover|additionally|finally|furthermore|and|en outre|además)"

KEYWORD_START_RE = re.compile(
    rf"^(?:{KEYWORD_ADVERB}\s+)?(?P<verb>[a-zà-ÿñ][a-zà-ÿñ-]+)\b"
)

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

# Table-of-contents entries: dotted leaders then a page number
TOC_LEADER_RE = re.compile(r"(?:\.\s){4,}\.|\.{6,}|…{3,}")

_WS = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()
