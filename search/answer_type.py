"""Answer types: a question asking "how much" wants a clause that states a quantity, "when" one with a date.

A classic question-answering cue that does not depend on the corpus: the question's wording says what
kind of answer it expects; clauses that contain that kind of answer get a small bonus in the ranking.
"""

from __future__ import annotations

import re

_NUMBER_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                r"fifty|sixty|hundred|\d+(?:[.,]\d+)?)")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

QUANTITY = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:per\s*cent|percent|%)"
    r"|\b(?:CHF|USD|US\$|EUR|Swiss francs?)\s*\d|\d\s*(?:million|billion)\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)[- ](?:half|third|quarter|fourth|fifth|sixth|eighth|tenth|"
    r"sixteenth|thirty[- ]second)s?\b"
    rf"|\b{_NUMBER_WORD}\s+(?:years?|months?|weeks?|days?|hours?|States|countries|Member States|members|times|"
    r"satellites|delegates|seats|persons|candidates)\b"
    r"|\bhalf\b|\bmajority\b",
    re.IGNORECASE,
)
DATE = re.compile(
    rf"\b\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}\b|\b(?:{_MONTHS})\s+\d{{4}}\b"
    r"|\b(?:by|from|until|before|after|since|as from)\s+(?:the\s+end\s+of\s+)?\d{4}\b"
    r"|\b\d+\s+(?:days|weeks|months|years)\s+(?:before|after|prior)\b|\bno later than\b",
    re.IGNORECASE,
)
_ASKS_QUANTITY = re.compile(
    r"\bhow (?:much|many|long|often|large|high|low|big|small)\b"
    r"|\bwhat (?:\w+ )?(?:share|proportion|percentage|per ?cent|rate|amount|level|fraction|fee|fees|price|cost|sum|"
    r"limit|ceiling|cap|number|minimum|maximum)\b"
    r"|\b(?:minimum|maximum|smallest|largest|lowest|highest)\b",
    re.IGNORECASE,
)
_ASKS_DATE = re.compile(
    r"^\s*(?:when|by when|from when|until when|since when)\b|\b(?:from|by|until|since) when\b"
    r"|\b(?:what|which) (?:date|day|year)\b|\bdeadlines?\b|\bhow soon\b",
    re.IGNORECASE,
)


def wanted(question: str) -> tuple[bool, bool]:
    """(asks for a quantity, asks for a date)."""
    return bool(_ASKS_QUANTITY.search(question)), bool(_ASKS_DATE.search(question))


def states_quantity(text: str) -> bool:
    return bool(QUANTITY.search(text))


def states_date(text: str) -> bool:
    return bool(DATE.search(text))
