"""ITU abbreviations and what they stand for, as used in resolutions and by the people who search them.

A general glossary of the domain, not a list of answers: every entry is an abbreviation that ITU texts
or delegates use. Keys are lower-case; plural forms ("ldcs") are found by `expansion` itself.
"""

from __future__ import annotations

import re

from ingest.patterns import BODY_NAMES

# A conference or assembly's abbreviation stands for its present name (ingest.patterns.BODY_NAMES).
_BODIES = {body.lower(): names[0] for body, names, abbreviations, _ in BODY_NAMES if body in abbreviations}

ABBREVIATIONS: dict[str, str] = {
    **_BODIES,
    # the Union, its Sectors, Bureaux, organs and conferences
    "itu-r": "ITU Radiocommunication Sector",
    "itu-t": "ITU Telecommunication Standardization Sector",
    "itu-d": "ITU Telecommunication Development Sector",
    "bdt": "Telecommunication Development Bureau",
    "br": "Radiocommunication Bureau",
    "tsb": "Telecommunication Standardization Bureau",
    "sg": "Secretary-General study group",
    "dsg": "Deputy Secretary-General",
    "rrb": "Radio Regulations Board",
    "ifrb": "International Frequency Registration Board",
    "rrc": "regional radiocommunication conference",
    "wcit": "World Conference on International Telecommunications",
    "rag": "Radiocommunication Advisory Group",
    "tsag": "Telecommunication Standardization Advisory Group",
    "tdag": "Telecommunication Development Advisory Group",
    "cwg": "Council Working Group",
    "cpm": "Conference Preparatory Meeting",
    "rpm": "regional preparatory meeting",
    "rr": "Radio Regulations",
    "itrs": "International Telecommunication Regulations",
    "itr": "International Telecommunication Regulations",
    "cs": "Constitution",
    "cv": "Convention",
    "ccitt": "International Telegraph and Telephone Consultative Committee",
    "ccir": "International Radio Consultative Committee",
    "iaoc": "Independent Management Advisory Committee",
    "imac": "Independent Management Advisory Committee",
    "jiu": "Joint Inspection Unit",
    "msag": "Member States Advisory Group",
    # groups of countries and development
    "ldc": "least developed countries",
    "sids": "small island developing states",
    "lldc": "landlocked developing countries",
    "eit": "economies in transition",
    "sdg": "Sustainable Development Goals",
    "wsis": "World Summit on the Information Society",
    "igf": "Internet Governance Forum",
    "sme": "small and medium enterprises",
    "smes": "small and medium enterprises",
    "pwd": "persons with disabilities",
    "pwds": "persons with disabilities",
    "cop": "child online protection",
    "ict": "information and communication technologies",
    "icts": "information and communication technologies",
    "ngo": "non-governmental organizations",
    # United Nations family and other organizations
    "un": "United Nations",
    "unga": "United Nations General Assembly",
    "undp": "United Nations Development Programme",
    "unesco": "United Nations Educational, Scientific and Cultural Organization",
    "ecosoc": "Economic and Social Council",
    "wipo": "World Intellectual Property Organization",
    "wto": "World Trade Organization",
    "imo": "International Maritime Organization",
    "icao": "International Civil Aviation Organization",
    "wmo": "World Meteorological Organization",
    "iso": "International Organization for Standardization",
    "iec": "International Electrotechnical Commission",
    "icann": "Internet Corporation for Assigned Names and Numbers",
    "iana": "Internet Assigned Numbers Authority",
    "ietf": "Internet Engineering Task Force",
    "icnirp": "International Commission on Non-Ionizing Radiation Protection",
    "ipsas": "International Public Sector Accounting Standards",
    # technical terms
    "emf": "electromagnetic fields",
    "idn": "internationalized domain names",
    "dns": "domain name system",
    "ip": "Internet Protocol",
    "ipv6": "Internet Protocol version 6",
    "iot": "Internet of Things",
    "ai": "artificial intelligence",
    "imt": "International Mobile Telecommunications",
    "imei": "International Mobile Equipment Identity",
    "gso": "geostationary-satellite orbit",
    "ngso": "non-geostationary-satellite orbit",
    "non-gso": "non-geostationary-satellite orbit",
    "eirp": "equivalent isotropically radiated power",
    "e.i.r.p": "equivalent isotropically radiated power",
    "pfd": "power flux-density",
    "epfd": "equivalent power flux-density",
    "rlan": "radio local area networks",
    "rlans": "radio local area networks",
    "wlan": "wireless local area networks",
    "hf": "high frequency",
    "vhf": "very high frequency",
    "uhf": "ultra high frequency",
    "mss": "mobile-satellite service",
    "fss": "fixed-satellite service",
    "bss": "broadcasting-satellite service",
    "eess": "Earth exploration-satellite service",
    "rnss": "radionavigation-satellite service",
    "haps": "high-altitude platform stations",
    "gmdss": "Global Maritime Distress and Safety System",
    "navtex": "navigational telex",
    "ais": "automatic identification system",
    "esim": "earth stations in motion",
    "esims": "earth stations in motion",
    "ngn": "next-generation networks",
    "qos": "quality of service",
    "c&i": "conformity and interoperability",
    "ipr": "intellectual property rights",
    "cirt": "computer incident response team",
    "csirt": "computer security incident response team",
    "ppdr": "public protection and disaster relief",
    "mou": "memorandum of understanding",
}

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9&.\-]*[A-Za-z0-9]|[A-Za-z0-9]")


def expansion(word: str) -> str | None:
    """What an abbreviation stands for ("LDCs" -> "least developed countries"), else None."""
    w = word.lower().rstrip(".").replace("\u2011", "-").replace("\u2013", "-")
    if w in ABBREVIATIONS:
        return ABBREVIATIONS[w]
    if len(w) > 2 and w.endswith("s") and w[:-1] in ABBREVIATIONS:
        return ABBREVIATIONS[w[:-1]]
    return None


def abbreviations_in(text: str) -> list[tuple[str, str]]:
    """(abbreviation as written, expansion) for each distinct abbreviation in `text`, in order."""
    seen: dict[str, tuple[str, str]] = {}
    for match in _WORD.finditer(text):
        word = match.group()
        exp = expansion(word)
        if exp and word.lower() not in seen and not _spelled_out(text, exp):
            seen[word.lower()] = (word, exp)
    return list(seen.values())


def _spelled_out(text: str, exp: str) -> bool:
    return exp.lower() in text.lower()
