"""The one record that flows from ingest through index and search to the UI."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Literal, get_args

from .citation import citation as format_citation

ClauseKind = Literal["preamble", "operative", "annex", "footnote"]
Box = tuple[float, float, float, float]  # (left, bottom, right, top) in PDF points
PageBox = tuple[int, float, float, float, float]  # (page, left, bottom, right, top): a box on a given page
KINDS: tuple[ClauseKind, ...] = get_args(ClauseKind)

# Field names and order of the truth files in ../shared/corpus/truth and of `parse --format jsonl`.
TRUTH_FIELDS = (
    "file", "instrument", "number", "revision", "body", "title", "section",
    "kind", "label", "text", "page", "printed_page",
)


def instrument_ref(instrument: str, number: str, revision: str = "") -> str:
    """How an instrument is named: "Resolution 30 (Rev. Kigali, 2022)"."""
    rev = f" ({revision})" if revision else ""
    return f"{instrument} {number}{rev}"


@dataclass(frozen=True, slots=True)
class Clause:
    """One citable unit of an ITU instrument: a preamble item, operative item, annex paragraph or footnote."""

    file: str  # source path as given to the parser (the index stores it relative to what was ingested)
    instrument: str  # Resolution | Decision | Recommendation
    number: str  # "30", "12", "ITU-R 1" is not split: number as printed
    revision: str  # as printed: "Rev. Kigali, 2022", "REV.WRC-23", "WRC-19"
    body: str  # PP, WTDC, WTSA, WRC, RA, Council, ... ("" if unknown)
    title: str
    section: str  # heading as printed: "recognizing further", "resolves to invite ...", "ANNEX 1 TO ..."
    kind: ClauseKind
    label: str  # "a)", "8", "11 i)", "1.1", "–", "" ; footnote: its mark
    text: str  # clause text, whitespace-normalized, no label, no footnote marks
    page: int  # physical page, 1-based, where the clause starts
    printed_page: str | None  # page number printed on that page, None where none is printed
    lead_in: str = ""  # text of the parent item a nested/numbered item continues (e.g. "resolves that administrations")
    ordinal: int = 0  # position of the clause within its file, for stable ids and reading order
    footnote_refs: tuple[str, ...] = field(default=())  # marks of footnotes referenced by this clause
    # PDF only: (left, bottom, right, top) in points of where the clause starts on `page` (its lines on
    # that page), from the layout reader; None for DOCX/TXT and for indexes built before it was recorded.
    bbox: Box | None = None
    publication: str = ""  # the publication the file says it is (its cover), "" when it does not say
    # PDF only: where the clause goes on after `page`, one box per later page it covers (its lines there), in
    # page order; () when it ends on `page`, for DOCX/TXT, and for indexes built before it was recorded.
    continued: tuple[PageBox, ...] = ()

    @property
    def id(self) -> str:
        """Stable id: same file name, instrument, section, label and position give the same id."""
        key = "|".join(
            (PurePath(self.file).name, self.instrument, self.number, self.revision,
             self.kind, self.section, self.label, str(self.ordinal))
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    @property
    def instrument_ref(self) -> str:
        """"Resolution 30 (Rev. Kigali, 2022)"."""
        return instrument_ref(self.instrument, self.number, self.revision)

    @property
    def citation(self) -> str:
        """Ready-to-paste citation in ITU form (ingest.citation): 'Resolution 30 (Rev. Kigali, 2022), resolves
        to invite the ITU Telecommunication Development Sector 8, p. 3'."""
        return format_citation(self.instrument_ref, self.kind, self.section, self.label, self.page,
                               self.printed_page, self.publication)

    def to_truth_dict(self) -> dict:
        """The record with the field names of the truth files (what `parse --format jsonl` prints)."""
        d = asdict(self)
        return {k: d[k] for k in TRUTH_FIELDS}

    def box_on(self, page: int) -> Box | None:
        """Where the clause is printed on `page` (PDF), None when it is not on that page or not recorded."""
        if page == self.page:
            return self.bbox
        return next(((b[1], b[2], b[3], b[4]) for b in self.continued if b[0] == page), None)

    @property
    def last_page(self) -> int:
        """The last page the clause is known to cover."""
        return self.continued[-1][0] if self.continued else self.page

    def to_dict(self) -> dict:
        d = asdict(self)
        d["footnote_refs"] = list(self.footnote_refs)
        d["id"] = self.id
        d["citation"] = self.citation
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Clause:
        names = cls.__dataclass_fields__.keys()
        kw = {k: d[k] for k in names if k in d}
        kw["footnote_refs"] = tuple(kw.get("footnote_refs") or ())
        kw["bbox"] = tuple(kw["bbox"]) if kw.get("bbox") else None
        kw["continued"] = tuple(tuple(b) for b in kw.get("continued") or ())
        kw.setdefault("lead_in", "")
        return cls(**kw)
