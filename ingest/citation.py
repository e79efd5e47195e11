"""Citations in the form ITU documents use, one function for the CLI, batch files, the web UI and exports.

    Resolution 21 (Rev. Dubai, 2018), resolves 4 i), Final Acts of the Plenipotentiary Conference (Dubai, 2018), p. 16
    Annex 1 to Resolution 48 (Rev. Dubai, 2018), item 3, Final Acts of the Plenipotentiary Conference (Dubai, 2018), p. 48
    Resolution 30 (Rev. Kigali, 2022), footnote 1, p. 3

The heading and the item it holds go together without a comma ("resolves 4 i)"), as delegates write them;
headings printed in capitals ("ANNEX TO RESOLUTION 25 (REV. DUBAI, 2018)") are given in sentence case;
the page is named with the publication it belongs to when the document says which one it is (its cover).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Words kept in capitals when a heading printed in capitals is put in sentence case.
_ACRONYMS = frozenset((
    "ITU", "ITU-R", "ITU-T", "ITU-D", "BDT", "TSB", "BR", "RRB", "WSIS", "SDG", "SDGS", "UN", "UNGA", "ICT",
    "ICTS", "WRC", "WTDC", "WTSA", "PP", "RA", "RR", "CWG", "IMT", "LDCS", "LDC", "SIDS", "LLDCS", "CS", "CV",
))
_INSTRUMENT_IN_CAPS = re.compile(r"\b(RESOLUTION|DECISION|RECOMMENDATION)\s+(\S+?)\s*\(([^()]*)\)")
_ROMAN = re.compile(r"^[IVXL]+[).,]?$")
_LOWER_ITEM_WORDS = re.compile(r"^(?:item|footnote)\b", re.IGNORECASE)


def _word_case(word: str) -> str:
    core = word.strip("(),.;:")
    if core.upper() in _ACRONYMS or _ROMAN.match(core) or any(ch.isdigit() for ch in core):
        return word
    return word.lower()


def _revision_case(revision: str) -> str:
    """"REV. DUBAI, 2018" -> "Rev. Dubai, 2018"; conference tags ("WRC-23") stay as printed."""
    out = []
    for word in revision.split(" "):
        core = word.strip("(),.;:")
        if core.upper() == "REV":
            out.append(word.replace(core, "Rev"))
        elif core.isalpha() and core.upper() not in _ACRONYMS:
            out.append(word.replace(core, core.capitalize()))
        else:
            out.append(word)
    return " ".join(out)


def heading_case(heading: str) -> str:
    """A heading as written in running text: sentence case when it was printed in capitals."""
    letters = [ch for ch in heading if ch.isalpha()]
    if not letters or any(ch.islower() for ch in letters):
        return heading
    refs: list[str] = []

    def keep(m: re.Match) -> str:
        refs.append(f"{m.group(1).capitalize()} {m.group(2)} ({_revision_case(m.group(3))})")
        return f"\x00{len(refs) - 1}\x00"

    text = _INSTRUMENT_IN_CAPS.sub(keep, heading)
    words = [_word_case(w) for w in text.split(" ")]
    text = " ".join(words)
    text = re.sub(r"\x00(\d+)\x00", lambda m: refs[int(m.group(1))], text)
    return text[:1].upper() + text[1:]


def _names_an_instrument(heading: str) -> bool:
    return bool(re.search(r"\bto\s+(?:the\s+)?(?:Resolution|Decision|Recommendation)\s+\S+", heading))


def _is_annex(heading: str) -> bool:
    return bool(re.match(r"(?i)^(?:annex|appendix|attachment|addendum)\b", heading))


def where(kind: str, section: str, label: str) -> str:
    """The place within the instrument: "resolves 4 i)", "Annex 1 to Resolution 48 (...), item 3", "footnote 1"."""
    if kind == "footnote":
        return f"footnote {label}".strip()
    label = " ".join(t for t in label.split() if any(ch.isalnum() for ch in t))  # not "•" or "–" alone
    heading = heading_case(section.strip())
    if _is_annex(heading):
        return f"{heading}, item {label}" if label else heading
    return " ".join(p for p in (heading, label) if p)


def place(instrument_ref: str, kind: str, section: str, label: str) -> str:
    """The instrument and the place in it: "Resolution 21 (Rev. Dubai, 2018), resolves 4 i)"; an annex
    heading that names its instrument ("Annex 1 to Resolution 48 (...)") stands for both."""
    spot = where(kind, section, label)
    if kind != "footnote" and _is_annex(spot) and _names_an_instrument(spot):
        return spot
    return f"{instrument_ref}, {spot}" if spot else instrument_ref


def citation(instrument_ref: str, kind: str, section: str, label: str, page: int, printed_page: str | None,
             publication: str = "") -> str:
    """The full citation: place, publication (when known) and page."""
    parts: Sequence[str] = (place(instrument_ref, kind, section, label), publication,
                            f"p. {(printed_page or '').strip() or page}")
    return ", ".join(p for p in parts if p)


# ----------------------------------------------------------------------------------- the publication

_FINAL_ACTS = re.compile(r"\bFinal Acts of the\s+((?:[A-Z][\w-]*\s+){0,4}(?:Conference|Assembly))\s*\(([^()]{4,40})\)")
_FINAL_REPORT = re.compile(r"\bFinal Report\b.{0,40}?\b(World Telecommunication Development Conference)\s*\(([^()]{4,40})\)")
_RR = re.compile(r"\bRadio Regulations\b")
_RR_VOLUME = re.compile(r"\bVolume\s+(\d|I{1,3}|IV)\b")
_EDITION = re.compile(r"\bEdition of\s+(\d{4})\b", re.IGNORECASE)


def publication_of(front_matter: str) -> str:
    """The publication a document says it is on its cover ("" when it does not say): "Final Acts of the
    Plenipotentiary Conference (Dubai, 2018)", "Radio Regulations, Volume 3 (Edition of 2024)"."""
    text = " ".join(front_matter.split())
    m = _FINAL_ACTS.search(text)
    if m:
        return f"Final Acts of the {' '.join(m.group(1).split())} ({m.group(2).strip()})"
    m = _FINAL_REPORT.search(text)
    if m:
        return f"Final Report of the {m.group(1)} ({m.group(2).strip()})"
    if _RR.search(text):
        volume = _RR_VOLUME.search(text)
        edition = _EDITION.search(text)
        name = "Radio Regulations" + (f", Volume {volume.group(1)}" if volume else "")
        return name + (f" (Edition of {edition.group(1)})" if edition else "")
    return ""
