"""What search derives once per index and keeps: instruments, vocabulary, filter masks (no vectors: the
store answers dense queries)."""

from __future__ import annotations

import re
import weakref
from functools import cached_property
from pathlib import PurePath

import numpy as np

from ingest.graph import graph_of
from ingest.instruments import preferred_copies
from ingest.records import Clause
from ingest.references import Reference

from .citations import Instrument, instrument_key, instruments_of, label_key, parent_label, revision_matches
from .graph import ReferenceGraph
from .query import Vocabulary
from .records import Filters
from .series import Status, build_series

BOILERPLATE_MIN = 3  # instruments sharing one clause text before it counts as boilerplate
_BODY_WORDS = {"itu-r": ("WRC", "RA"), "itu-t": ("WTSA",), "itu-d": ("WTDC",), "rr": ("WRC",)}


class CorpusView:
    """Per-index data that search needs on every query; built lazily, one per Index object."""

    def __init__(self, index) -> None:
        self.index = index
        self.clauses: list[Clause] = index.clauses
        self.token_cache: dict[str, dict[int, set[str]]] = {}  # per field, per row: stemmed words (rerank)

    @cached_property
    def instruments(self) -> list[Instrument]:
        return instruments_of(self.clauses)

    @cached_property
    def by_key(self) -> dict[tuple[str, str, str, str], Instrument]:
        return {inst.key: inst for inst in self.instruments}

    def instrument_of(self, clause: Clause) -> Instrument | None:
        """The instrument a clause belongs to."""
        return self.by_key.get(instrument_key(clause))

    def clauses_of(self, inst: Instrument) -> list[Clause]:
        """The clauses of an instrument in reading order."""
        return [self.clauses[r] for r in inst.rows]

    def bodies(self) -> list[str]:
        return sorted({i.body for i in self.instruments if i.body})

    @cached_property
    def instrument_of_row(self) -> np.ndarray:
        out = np.zeros(len(self.clauses), dtype=np.int32)
        for i, inst in enumerate(self.instruments):
            out[list(inst.rows)] = i
        return out

    @cached_property
    def _citations(self) -> tuple[dict[tuple[str, str], list[int]], list[tuple[Reference, int]]]:
        """(type, normalized id) -> rows citing it, and the RR provision ranges with their rows."""
        from index.core import normalize_ref_id

        exact: dict[tuple[str, str], list[int]] = {}
        ranges: list[tuple[Reference, int]] = []
        for row, ref in self.index.all_references():
            exact.setdefault((ref.type, normalize_ref_id(ref.type, ref.id)), []).append(row)
            if ref.is_range:
                ranges.append((ref, row))
        return exact, ranges

    def cites_named(self, question: str) -> np.ndarray | None:
        """1.0 for each clause citing a document `question` names (Recommendation ITU-R P.452, RR No. 9.21,
        Appendix 30B, Resolution 70 ...), else 0; None when the question names none."""
        from index.core import normalize_ref_id
        from ingest.references import extract_references

        named = extract_references(question)
        if not named:
            return None
        exact, ranges = self._citations
        out = np.zeros(len(self.clauses), dtype=np.float32)
        for ref in named:
            key = normalize_ref_id(ref.type, ref.id)
            out[exact.get((ref.type, key), [])] = 1.0
            if ref.type == "rr_provision" and not ref.is_range:
                for rng, row in ranges:
                    if rng.covers(key):
                        out[row] = 1.0
        return out

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.from_texts(f"{c.title} {c.section} {c.lead_in} {c.text}" for c in self.clauses)

    @cached_property
    def known_words(self) -> frozenset[str]:
        """Whole words of the embedding model's word-piece vocabulary: real words, not typos, even if the
        corpus never uses them ("neutrality"). Empty when the model has no vocab.txt (fake embedder)."""
        try:
            from index.embedders import model_path

            vocab = model_path(self.index.meta.model) / "vocab.txt"
            words = vocab.read_text(encoding="utf-8").split()
        except Exception:  # noqa: BLE001  (no model files: every unknown word may be a typo)
            return frozenset()
        return frozenset(w for w in words if w.isalpha() and len(w) > 3)

    @cached_property
    def preferred_copy(self) -> dict[int, int]:
        """Instrument index -> index of the copy shown for it (`ingest.instruments.preferred_copies`): the same
        instrument ingested from two files is one instrument with copies."""
        return preferred_copies(self.instruments, self.clauses)

    @cached_property
    def series(self) -> dict[int, Status]:
        """Instrument index -> where it stands among the revisions of its instrument (search/series.py)."""
        return build_series(self.instruments, self.clauses, self.preferred_copy)

    @cached_property
    def superseded(self) -> np.ndarray:
        """Per row: True when the clause belongs to a revision that a later revision in the index supersedes."""
        old = np.fromiter((not self.series[i].in_force for i in range(len(self.instruments))), dtype=bool,
                          count=len(self.instruments))
        return old[self.instrument_of_row] if len(self.clauses) else np.zeros(0, dtype=bool)

    @cached_property
    def graph(self) -> ReferenceGraph:
        """What each instrument cites and what cites it (ingest/graph.py): the references and their resolution
        as the index stored them at ingest, not resolved again."""
        return graph_of(self.instruments, self.index.all_references(), self.index.resolutions())

    def superseded_by(self, row: int) -> Instrument | None:
        """The revision in force that supersedes the clause's instrument, None when it is in force."""
        st = self.series[int(self.instrument_of_row[row])]
        return None if st.superseded_by is None else self.instruments[st.superseded_by]

    @cached_property
    def canonical_row(self) -> np.ndarray:
        """Row -> the row of the same clause in the preferred copy of its instrument (itself if none)."""
        out = np.arange(len(self.clauses), dtype=np.int64)
        for i, best in self.preferred_copy.items():
            if i == best:
                continue
            slots: dict[tuple[str, str, str], list[int]] = {}
            for r in self.instruments[best].rows:
                c = self.clauses[r]
                slots.setdefault((c.kind, c.section, c.label), []).append(r)
            seen: dict[tuple[str, str, str], int] = {}
            for r in self.instruments[i].rows:
                c = self.clauses[r]
                key = (c.kind, c.section, c.label)
                n = seen.get(key, 0)
                seen[key] = n + 1
                if n < len(slots.get(key, ())):
                    out[r] = slots[key][n]
        return out

    @cached_property
    def is_preamble(self) -> np.ndarray:
        return np.fromiter((c.kind == "preamble" for c in self.clauses), dtype=np.float32, count=len(self.clauses))

    @cached_property
    def footnote_parents(self) -> dict[int, tuple[int, ...]]:
        """Footnote row -> rows of the clauses of the same instrument that cite it (by footnote mark)."""
        out: dict[int, tuple[int, ...]] = {}
        for inst in self.instruments:
            notes = [r for r in inst.rows if self.clauses[r].kind == "footnote"]
            if not notes:
                continue
            citing: dict[str, list[int]] = {}
            for r in inst.rows:
                c = self.clauses[r]
                if c.kind != "footnote":
                    for mark in c.footnote_refs:
                        citing.setdefault(mark, []).append(r)
            for r in notes:
                parents = citing.get(self.clauses[r].label)
                if parents:
                    out[r] = tuple(parents)
        return out

    @cached_property
    def parent_rows(self) -> dict[int, int]:
        """Nested item row -> row of the item it belongs to ("11 a)" -> "11", "6.1" -> "6", "c) iv)" -> "c)"),
        within the same instrument and section."""
        out: dict[int, int] = {}
        for inst in self.instruments:
            by_label: dict[tuple[str, str], int] = {}
            for r in inst.rows:
                c = self.clauses[r]
                if c.kind != "footnote" and c.label:
                    by_label.setdefault((c.section, label_key(c.label)), r)
            for r in inst.rows:
                c = self.clauses[r]
                if c.kind == "footnote":
                    continue
                parent = parent_label(label_key(c.label))
                while parent:
                    row = by_label.get((c.section, parent))
                    if row is not None and row != r:
                        out[r] = row
                        break
                    parent = parent_label(parent)
        return out

    @cached_property
    def is_boilerplate(self) -> np.ndarray:
        """Clauses whose exact text recurs in several instruments (the "These include the least developed
        countries ..." footnote, "to bring this resolution to the attention of ..."): rarely what is asked."""
        counts: dict[str, set[int]] = {}
        keys = [" ".join(c.text.lower().split()) for c in self.clauses]
        for r, key in enumerate(keys):
            counts.setdefault(key, set()).add(int(self.instrument_of_row[r]))
        return np.fromiter((len(counts[k]) >= BOILERPLATE_MIN for k in keys), dtype=np.float32, count=len(keys))

    @cached_property
    def states_quantity(self) -> np.ndarray:
        from .answer_type import states_quantity

        return np.fromiter((states_quantity(c.text) for c in self.clauses), dtype=np.float32, count=len(self.clauses))

    @cached_property
    def states_date(self) -> np.ndarray:
        from .answer_type import states_date

        return np.fromiter((states_date(c.text) for c in self.clauses), dtype=np.float32, count=len(self.clauses))

    def filter_mask(self, filters: Filters | None) -> np.ndarray | None:
        """Boolean mask of the rows that pass the filters, None when nothing is filtered."""
        if filters is None or filters.empty:
            return None
        keep = np.ones(len(self.instruments), dtype=bool)
        for i, inst in enumerate(self.instruments):
            keep[i] = instrument_passes(inst, filters)
        mask = keep[self.instrument_of_row] if len(self.clauses) else np.zeros(0, dtype=bool)
        if filters.kind:
            kinds = kind_set(filters.kind)
            mask &= np.fromiter((c.kind in kinds for c in self.clauses), dtype=bool, count=len(self.clauses))
        return mask


def instrument_passes(inst: Instrument, f: Filters) -> bool:
    if f.body and not body_matches(f.body, inst.body):
        return False
    if f.number and f.number.strip().lstrip("0").lower() != inst.number.strip().lstrip("0").lower():
        return False
    if f.revision and not revision_matches(f.revision, inst.revision, inst.body):
        return False
    return not (f.file and not file_matches(f.file, inst.file))


def body_matches(wanted: str, body: str) -> bool:
    """"PP" = "pp"; "ITU-T" also selects WTSA texts, "ITU-R" WRC and RA, "RR" WRC; several may be given."""
    for w in re.split(r"[,\s/]+", wanted.strip().lower()):
        if not w:
            continue
        if w == body.lower() or body in _BODY_WORDS.get(w, ()):
            return True
    return False


def file_matches(wanted: str, file: str) -> bool:
    wanted = wanted.strip().replace("\\", "/")
    return PurePath(file).name.lower() == PurePath(wanted).name.lower() or file.replace("\\", "/").endswith(wanted)


def kind_set(kind: str) -> set[str]:
    """The UI offers "preamble" and "operative"; "annex" and "footnote" select those kinds."""
    return {k.strip().lower() for k in re.split(r"[,\s/]+", kind) if k.strip()}


_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def view_of(index) -> CorpusView:
    """The CorpusView of an index, rebuilt when the index's clause list changed (remove_file, reload)."""
    view = _VIEWS.get(index)
    if view is None or view.clauses is not index.clauses:
        view = CorpusView(index)
        _VIEWS[index] = view
    return view
