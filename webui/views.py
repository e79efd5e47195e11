"""HTML views of the web UI: result cards, the extractive answer, an instrument in context, related
instruments and the index status. Pure functions of records, so they are tested without a browser.

Everything that comes from a document (or from the user) is HTML-escaped here; the tab builders only place
the returned strings into components.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from ingest.citation import where as citation_where
from ingest.records import Clause
from search.citations import Instrument

# Short words that carry no meaning as highlighted terms.
_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "could", "do", "does", "for", "from", "has",
    "have", "how", "i", "in", "into", "is", "it", "its", "may", "might", "must", "no", "not", "of", "on",
    "or", "our", "shall", "should", "so", "such", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "to", "under", "up", "was", "we", "were", "what", "when", "where", "which", "who",
    "whom", "why", "will", "with", "would", "you", "your", "about", "any", "all", "also", "itu", "res",
    "resolution", "clause",
))
_WORD = re.compile(r"[\w][\w\-/.]*\w|\w", re.UNICODE)


def e(text: object) -> str:
    """HTML-escape text (quotes too, so it is safe in attributes)."""
    return html.escape("" if text is None else str(text), quote=True)


# ---------------------------------------------------------------- highlighting

def query_terms(query: str) -> list[str]:
    """Words of a query worth highlighting: not stopwords, at least 3 characters or a code like "5g"."""
    terms: list[str] = []
    for word in _WORD.findall(query.lower()):
        word = word.strip(".-/")
        if not word or word in _STOPWORDS:
            continue
        # Short numbers ("30", "8") are mostly resolution numbers and labels, noise inside clause text.
        if word.isdigit() and len(word) < 3:
            continue
        if (len(word) >= 3 or any(ch.isdigit() for ch in word)) and word not in terms:
            terms.append(word)
    return terms


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    parts = []
    for t in sorted(set(terms), key=len, reverse=True):
        esc = re.escape(t)
        # Longer words also match their inflections ("frequency" -> "frequencies"): stem by trimming.
        if len(t) >= 5 and t.isalpha():
            esc = re.escape(t[: max(4, len(t) - 2)]) + r"\w*"
        parts.append(esc)
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _sentence_spans(text: str, sentences: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    folded = text.casefold()
    for s in sentences:
        s = s.strip()
        if not s:
            continue
        i = folded.find(s.casefold())
        if i < 0:
            # The answer sentence may differ in whitespace or a trailing ';' from the clause text.
            core = s.rstrip(" ;,.").casefold()
            i = folded.find(core) if core else -1
            if i < 0:
                continue
            spans.append((i, i + len(core)))
        else:
            spans.append((i, i + len(s)))
    return spans


def highlight(text: str, *, terms: Sequence[str] = (), sentences: Iterable[str] = ()) -> str:
    """Escaped `text` with the answering sentence(s) in <mark class="ans"> and query terms in
    <mark class="term">. Marks nest properly: terms sit inside the sentence mark, never across it."""
    n = len(text)
    in_ans = [False] * n
    for a, b in _sentence_spans(text, sentences):
        for i in range(a, min(b, n)):
            in_ans[i] = True
    in_term = [False] * n
    pattern = _term_pattern(terms)
    if pattern is not None:
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                in_term[i] = True

    out: list[str] = []
    i = 0
    while i < n:
        j = i
        while j < n and in_ans[j] == in_ans[i]:
            j += 1
        chunk = _wrap_terms(text, i, j, in_term)
        out.append(f'<mark class="ans">{chunk}</mark>' if in_ans[i] else chunk)
        i = j
    return "".join(out)


def _wrap_terms(text: str, start: int, end: int, in_term: list[bool]) -> str:
    out: list[str] = []
    i = start
    while i < end:
        j = i
        while j < end and in_term[j] == in_term[i]:
            j += 1
        piece = e(text[i:j])
        out.append(f'<mark class="term">{piece}</mark>' if in_term[i] else piece)
        i = j
    return "".join(out)


# ---------------------------------------------------------------- citation line and cards

def page_text(clause: Clause) -> str:
    """"p. 3" (as the citation says), or "p. 3 (PDF page 4)" when the printed number differs from the
    physical page."""
    printed = (clause.printed_page or "").strip()
    if not printed or printed == str(clause.page):
        return f"p. {printed or clause.page}"
    return f"p. {printed} (PDF page {clause.page})"


def where_text(clause: Clause) -> str:
    """Section and label as cited: "resolves to invite ... 8" or "footnote 1" (ingest.citation)."""
    return citation_where(clause.kind, clause.section, clause.label)


LEAD_IN_CHARS = 220


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters (with "…" when cut)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + " …"


def citation_line_html(clause: Clause) -> str:
    """The citation line of a card: body, instrument and revision, section and label, page."""
    body = f'<span class="badge">{e(clause.body)}</span>' if clause.body else ""
    kind = f'<span class="kind kind-{e(clause.kind)}">{e(clause.kind)}</span>'
    where = where_text(clause)
    where_html = f'<span class="where">{e(where)}</span>' if where else ""
    return (
        f'<div class="cite">{body}<span class="inst">{e(clause.instrument_ref)}</span>'
        f'{where_html}<span class="page">{e(page_text(clause))}</span>{kind}</div>'
    )


def copy_button(citation: str) -> str:
    return (f'<button type="button" class="btn copy" data-action="copy" data-citation="{e(citation)}" '
            f'title="Copy the citation to the clipboard">Copy citation</button>')


def quote_with_citation(clause: Clause) -> str:
    """What "Copy quote + citation" puts on the clipboard: “text” (citation)."""
    label = f"{clause.label} " if clause.label and clause.kind != "footnote" else ""
    return f"“{label}{' '.join(clause.text.split())}” ({clause.citation})"


def quote_button(clause: Clause) -> str:
    return (f'<button type="button" class="btn copy" data-action="copy" data-citation="{e(quote_with_citation(clause))}" '
            f'title="Copy the clause text with its citation">Copy quote + citation</button>')


def collect_button(clause: Clause) -> str:
    return (f'<button type="button" class="btn collect" data-action="collect" data-clause-id="{e(clause.id)}" '
            f'aria-pressed="false" title="Keep this clause in your collection (Collection tab) to export it">'
            f"Add to collection</button>")


def result_card_html(clause: Clause, *, rank: int, score: float | None = None, terms: Sequence[str] = (),
                     sentences: Iterable[str] = (), superseded_by: str = "", compare: bool = False) -> str:
    """One result: citation line, section lead-in, highlighted text and the card's buttons."""
    # The lead-in matters where it adds to the section heading shown in the citation line.
    show_lead = clause.lead_in and clause.lead_in.strip().casefold() != clause.section.strip().casefold()
    lead_text = shorten(clause.lead_in, LEAD_IN_CHARS)
    lead_text = lead_text if lead_text.endswith("…") else lead_text + " …"
    if clause.kind == "footnote":
        lead_text = f"Note to: {lead_text}"  # a footnote's lead-in is the clause that references it
    lead = f'<div class="lead-in">{e(lead_text)}</div>' if show_lead else ""
    label = f'<span class="lbl">{e(clause.label)}</span>' if clause.label and clause.kind != "footnote" else ""
    score_html = f'<span class="score" title="relevance">{score:.2f}</span>' if score is not None else ""
    return (
        f'<article class="card" id="hit-{e(clause.id)}" data-clause-id="{e(clause.id)}">'
        f'<div class="card-head"><span class="rank">{rank}</span>{citation_line_html(clause)}{score_html}</div>'
        + (f'<div class="superseded">Superseded by {e(superseded_by)}</div>' if superseded_by else "") +
        f'<div class="title">{e(clause.title)}</div>'
        f"{lead}"
        f'<div class="text">{label}{highlight(clause.text, terms=terms, sentences=sentences)}</div>'
        f'<div class="card-actions">'
        f'<button type="button" class="btn open" data-action="open" data-clause-id="{e(clause.id)}" '
        f'title="Read the whole instrument with this clause in place">Open in context</button>'
        f"{copy_button(clause.citation)}{quote_button(clause)}{collect_button(clause)}"
        + (f'<button type="button" class="btn changes" data-action="changes" data-clause-id="{e(clause.id)}" '
           'title="Compare this revision with the other revision(s) in the index">Changes</button>'
           if compare else "")
        + f'<code class="citation-text">{e(clause.citation)}</code>'
        f"</div></article>"
    )


def answer_html(sentences: Sequence[tuple[str, Clause]], *, confidence: float | None = None,
                numbers: dict[str, int] | None = None) -> str:
    """The extractive answer: each sentence quoted with its citation and, when its clause is one of the
    cards below, a numbered reference to that card ("[2]")."""
    if not sentences:
        return ""
    items = []
    for text, clause in sentences:
        n = (numbers or {}).get(clause.id)
        ref = (f'<a class="ref" href="#hit-{e(clause.id)}" data-action="goto" data-clause-id="{e(clause.id)}" '
               f'aria-label="result {n}">[{n}]</a> ' if n else "")
        items.append(
            f'<li><q>{e(text)}</q> {ref}<span class="ans-cite">— {e(clause.citation)}</span> '
            f'<button type="button" class="btn link" data-action="open" data-clause-id="{e(clause.id)}">context</button>'
            f"{copy_button(clause.citation)}</li>"
        )
    conf = (f'<span class="conf" title="answer confidence">confidence {confidence:.0%}</span>'
            if confidence is not None else "")
    return f'<section class="answer"><h3>Answer {conf}</h3><ul>{"".join(items)}</ul></section>'


def examples_html(questions: Sequence[str]) -> str:
    """One-click example questions (they run a search)."""
    chips = "".join(f'<button type="button" class="btn chip example" data-action="search" data-query="{e(q)}">'
                    f"{e(q)}</button>" for q in questions)
    return f'<div class="examples"><span class="muted">Try:</span>{chips}</div>'


def notice_html(text: str, *, kind: str = "info") -> str:
    """A plain message box (kind: info | warn | error)."""
    return f'<div class="notice notice-{e(kind)}">{e(text)}</div>'


FILTER_NAMES = (("body", "Body"), ("number", "Number"), ("revision", "Revision"), ("kind", "Part"))


def filter_chips_html(filters) -> str:
    """The active filters as removable chips (empty when nothing is filtered)."""
    if filters is None:
        return ""
    chips = "".join(
        f'<button type="button" class="btn chip filter-chip" data-action="clear-filter" data-filter="{name}" '
        f'aria-label="Remove filter {e(title)}: {e(getattr(filters, name))}">{e(title)}: {e(getattr(filters, name))} '
        f'<span aria-hidden="true">×</span></button>'
        for name, title in FILTER_NAMES if getattr(filters, name, ""))
    return f'<div class="active-filters"><span class="muted">Filtered by</span>{chips}</div>' if chips else ""


def in_score_order(hits: Sequence) -> list:
    """Hits best first across reference groups (ties keep the engine's order)."""
    return sorted(hits, key=lambda h: (-(h.score if h.score is not None else 0.0), h.rank))


def results_html(result, filters=None, url: str = "", compare_ids: frozenset[str] = frozenset()) -> str:
    """A `search.SearchResult` as HTML: filter chips, notice, answer (or abstention), then the result cards
    numbered in score order. `url` is the page address that reproduces this search."""
    terms = query_terms(result.query)
    parts: list[str] = [filter_chips_html(filters)]
    hits = in_score_order(result.hits)
    numbers = {h.clause.id: i for i, h in reversed(list(enumerate(hits, 1)))}
    answer = result.answer
    ans_by_clause: dict[str, list[str]] = {}
    if answer is not None and not result.abstained:
        for s in answer.sentences:
            ans_by_clause.setdefault(s.clause.id, []).append(s.text)
    if result.abstained:
        msg = result.message or "The indexed documents do not seem to answer this question."
        parts.append(notice_html(
            f"No answer found in the corpus. {msg} The closest clauses are listed below, but none of "
            "them answers the question." if result.hits else f"No answer found in the corpus. {msg}",
            kind="warn"))
    else:
        if result.message:
            warn = getattr(result, "outcome", "") in ("low_confidence", "other_language")
            parts.append(notice_html(result.message, kind="warn" if warn else "info"))
        if answer is not None and answer.sentences:
            parts.append(answer_html([(s.text, s.clause) for s in answer.sentences], confidence=answer.confidence,
                                     numbers=numbers))
    if not hits:
        if not result.abstained:
            parts.append(notice_html("No clause matches this search. Try other words or clear the filters.", kind="warn"))
        return _wrap_results(parts, url, summary="No clause matches.")
    if getattr(result, "reference", ""):
        parts.append(f'<div class="read-as">Read as a citation: <b>{e(result.reference)}</b></div>')
    heading = "Closest clauses" if result.abstained else f"{len(hits)} cited clause{'s' if len(hits) != 1 else ''}"
    parts.append(f'<h3 class="hits-head">{e(heading)}</h3>')
    for i, hit in enumerate(hits, 1):
        parts.append(result_card_html(hit.clause, rank=i, score=hit.score, terms=terms,
                                      sentences=ans_by_clause.get(hit.clause.id, ()),
                                      superseded_by=getattr(hit, "superseded_by", ""),
                                      compare=hit.clause.id in compare_ids))
    summary = ("No answer found; " if result.abstained else ("Answer and " if answer and answer.sentences else "")) \
        + f"{len(hits)} clause{'s' if len(hits) != 1 else ''} found."
    return _wrap_results(parts, url, summary=summary[:1].upper() + summary[1:])


def _wrap_results(parts: Sequence[str], url: str = "", summary: str = "") -> str:
    url_attr = f' data-url="{e(url)}"' if url else ""
    said = f'<p class="sr-only results-summary">{e(summary)}</p>' if summary else ""
    return f'<div class="results"{url_attr}>{said}{"".join(parts)}</div>'


# ---------------------------------------------------------------- instruments and related

@dataclass(frozen=True, slots=True)
class Related:
    revisions: tuple[Instrument, ...]  # other revisions of the same instrument in the corpus
    cited: tuple[Instrument, ...]  # instruments the text cites that the corpus holds


def related_html(related: Related) -> str:
    """Buttons that search the related instruments."""
    def buttons(items: Sequence[Instrument]) -> str:
        return "".join(
            f'<button type="button" class="btn chip" data-action="open-instrument" data-instrument="{e(i.label)}" '
            f'title="Open {e(i.label)}: {e(i.title)}">{e(i.label)}</button>'
            for i in items
        )
    rev = buttons(related.revisions) or '<span class="muted">none in the corpus</span>'
    cited = buttons(related.cited) or '<span class="muted">none in the corpus</span>'
    return (f'<div class="related"><h4>Other revisions</h4><div class="chips">{rev}</div>'
            f'<h4>Cites (in the corpus)</h4><div class="chips">{cited}</div></div>')


# ---------------------------------------------------------------- references as links

NOT_IN_INDEX = "not in the index"
CITED_BY_SHOWN = 12  # citing clauses listed before the rest fold away


@dataclass(frozen=True, slots=True)
class RefLinkView:
    """A reference printed in a clause's text, and the clause of the index following it opens."""

    start: int  # offsets into the citing clause's text
    end: int
    label: str  # canonical form: "Resolution 25 (Rev. Dubai, 2018)", "RR No. 5.341"
    target_id: str = ""  # clause opened; "" when the cited text is not in the index
    target_citation: str = ""  # that clause's citation
    names_part: bool = False  # the clause opened is the part the text names ("resolves 2 of ...")
    other_revision: str = ""  # the revision the index has when the cited one is not indexed
    part: str = ""  # the part the text names ("resolves 2", "Annex 1"), "" when it names none


@dataclass(frozen=True, slots=True)
class CitingView:
    """A clause of another instrument that cites the one shown."""

    clause_id: str
    citation: str
    text: str
    names_this: bool  # it names the clause shown itself, not only its instrument


def _clause_href(clause_id: str) -> str:
    return "?clause=" + clause_id


def ref_link_html(ref: RefLinkView, inner: str) -> str:
    """A reference as a link that opens the cited clause (or, outside the index, marked text)."""
    if ref.target_id:
        what = "the clause it names" if ref.names_part else "the cited instrument"
        return (f'<a class="ref-link" href="{e(_clause_href(ref.target_id))}" data-action="open" '
                f'data-clause-id="{e(ref.target_id)}" title="Open {what}: {e(ref.target_citation)}">{inner}</a>')
    note = NOT_IN_INDEX + (f"; the index has {ref.other_revision}" if ref.other_revision else "")
    return f'<span class="ref-out" title="{e(ref.label)}: {e(note)}">{inner}</span>'


def linked_text(text: str, refs: Sequence[RefLinkView], terms: Sequence[str] = ()) -> str:
    """Escaped `text` with each reference a link (ref_link_html) and query terms marked inside the pieces."""
    out: list[str] = []
    pos = 0
    for ref in sorted(refs, key=lambda r: r.start):
        if ref.start < pos or ref.end > len(text) or ref.end <= ref.start:
            continue  # overlapping or stale offsets: left as plain text
        out.append(highlight(text[pos:ref.start], terms=terms))
        out.append(ref_link_html(ref, highlight(text[ref.start:ref.end], terms=terms)))
        pos = ref.end
    out.append(highlight(text[pos:], terms=terms))
    return "".join(out)


def clause_refs_html(cites: Sequence[RefLinkView], cited_by: Sequence[CitingView], *, instrument: str) -> str:
    """The references panel of the context view: what the clause shown cites (links opening the cited clause,
    or marked "not in the index") and the clauses of other instruments citing it or its instrument."""
    items = []
    for ref in cites:
        if ref.target_id:
            dest = (f'<span class="muted">→ {e(ref.target_citation)}</span>' if ref.names_part else
                    f'<span class="muted">→ the instrument ({e(ref.part)} {NOT_IN_INDEX})</span>' if ref.part else
                    '<span class="muted">→ the instrument</span>')
            items.append(f"<li>{ref_link_html(ref, e(ref.label))} {dest}</li>")
        else:
            other = f"; the index has {e(ref.other_revision)}" if ref.other_revision else ""
            items.append(f'<li>{ref_link_html(ref, e(ref.label))} <span class="muted">{NOT_IN_INDEX}{other}</span></li>')
    cites_html = f'<ul class="ref-list">{"".join(items)}</ul>' if items else '<p class="muted">No references.</p>'

    def citing_item(c: CitingView) -> str:
        mark = ' <span class="names-this">names this clause</span>' if c.names_this else ""
        return (f'<li><a class="ref-link" href="{e(_clause_href(c.clause_id))}" data-action="open" '
                f'data-clause-id="{e(c.clause_id)}" title="{e(shorten(c.text, 200))}">{e(c.citation)}</a>{mark}</li>')

    if not cites and not cited_by:
        return (f'<section class="clause-refs empty" aria-label="References"><p class="muted" id="refs-none">'
                f"This clause cites nothing; no clause of another instrument in the index cites {e(instrument)}."
                "</p></section>")
    shown, rest = cited_by[:CITED_BY_SHOWN], cited_by[CITED_BY_SHOWN:]
    by_html = (f'<p class="muted">Clauses of other instruments citing {e(instrument)}; those naming this clause '
               f'first.</p><ul class="ref-list">{"".join(citing_item(c) for c in shown)}</ul>' if shown else
               f'<p class="muted">No clause of another instrument in the index cites {e(instrument)}.</p>')
    if rest:
        by_html += (f'<details><summary>{len(rest)} more</summary><ul class="ref-list">'
                    f'{"".join(citing_item(c) for c in rest)}</ul></details>')
    return (f'<section class="clause-refs" aria-label="References">'
            f'<div class="refs-col" id="refs-cites" tabindex="0"><h4>This clause cites</h4>{cites_html}</div>'
            f'<div class="refs-col" id="refs-cited-by" tabindex="0"><h4>Cited by ({len(cited_by)})</h4>'
            f'{by_html}</div></section>')


# ---------------------------------------------------------------- context view

def context_html(clauses: Sequence[Clause], *, target_id: str = "", terms: Sequence[str] = (),
                 refs: Mapping[str, Sequence[RefLinkView]] | None = None) -> str:
    """A whole instrument in reading order with headings as headings; the target clause is marked
    (class "target", element id "c-<clause id>") so the page can scroll to it. `refs` (clause id -> its
    references) makes each reference in the text a link to the cited clause."""
    refs = refs or {}
    if not clauses:
        return notice_html("This instrument has no clauses in the index.", kind="warn")
    ordered = sorted(clauses, key=lambda c: (c.ordinal, c.page))
    first = ordered[0]
    body_notes = [c for c in ordered if c.kind != "footnote"]
    notes = [c for c in ordered if c.kind == "footnote"]
    pages = f"pages {min(c.page for c in ordered)}–{max(c.page for c in ordered)}"
    parts = [
        '<article class="doc">',
        f'<header class="doc-head"><div class="doc-id">{e(first.instrument.upper())} {e(first.number)}'
        f'{" (" + e(first.revision) + ")" if first.revision else ""}</div>',
        f'<h2 class="doc-title">{e(first.title)}</h2>',
        f'<div class="doc-meta">{e(" · ".join(p for p in (first.body, PurePath(first.file).name, pages) if p))}</div></header>',
    ]
    section = None
    page = None
    for c in body_notes:
        if c.page != page:
            parts.append(f'<div class="pagebreak">{e(page_text(c).replace("p. ", "page ", 1))}</div>')
        page = c.page
        if c.section != section:
            section = c.section
            if section:
                cls = "annex" if c.kind == "annex" else c.kind
                parts.append(f'<h3 class="sec sec-{e(cls)}">{e(section)}</h3>')
        parts.append(_context_clause(c, target_id, terms, refs.get(c.id, ())))
    if notes:
        parts.append('<h3 class="sec sec-footnotes">Footnotes</h3>')
        parts.extend(_context_clause(c, target_id, terms, refs.get(c.id, ())) for c in notes)
    parts.append("</article>")
    return "".join(parts)


def clause_anchor(clause_id: str) -> str:
    return f"c-{clause_id}"


def _context_clause(c: Clause, target_id: str, terms: Sequence[str], refs: Sequence[RefLinkView] = ()) -> str:
    target = c.id == target_id
    cls = "cl target" if target else "cl"
    label = f"<sup>{e(c.label)}</sup>" if c.kind == "footnote" else e(c.label)
    text = linked_text(c.text, refs, terms if target else ())
    return (f'<div class="{cls} cl-{e(c.kind)}" id="{clause_anchor(c.id)}" data-page="{c.page}" '
            f'title="{e(c.citation)}"><span class="lbl">{label}</span><span class="txt">{text}</span></div>')


# ---------------------------------------------------------------- documents and status

def conferences(instruments: Sequence[Instrument]) -> list[str]:
    """The conferences whose texts the index holds, by body: "PP (Dubai, 2018)", "WRC-23", "WTDC (Kigali, 2022)"."""
    seen: dict[str, int] = {}
    for i in instruments:
        rev = re.sub(r"(?i)^rev\.?\s*", "", i.revision.strip())
        if not rev:
            continue
        name = rev if re.match(r"(?i)^[a-z]+-\d{2}$", rev) else f"{i.body} ({rev})".strip()
        seen[name] = seen.get(name, 0) + 1
    return sorted(seen, key=lambda n: (-seen[n], n))


@dataclass(frozen=True, slots=True)
class IndexFacts:
    """What the status line and the Documents tab say about the loaded index."""

    index_dir: str
    model: str
    backend: str
    built_at: str  # ISO time, "" when unknown
    parser_version: str
    instruments: Sequence[Instrument]
    clauses: int
    files: int
    failed: Sequence[tuple[str, str]] = ()  # (path, why) of the files the last ingest could not read

    @property
    def built(self) -> str:
        return self.built_at.replace("T", " ")[:16] + " UTC" if self.built_at else "unknown"


def status_html(facts: IndexFacts) -> str:
    """What the index holds (bodies, conferences and revisions, instruments), technical details folded away."""
    instruments, clauses, files, failed = facts.instruments, facts.clauses, facts.files, len(facts.failed)
    kinds: dict[str, int] = {}
    for i in instruments:
        kinds[i.instrument] = kinds.get(i.instrument, 0) + 1
    kinds_text = ", ".join(f"{n} {k.lower()}{'s' if n != 1 else ''}" for k, n in sorted(kinds.items()))
    bodies = sorted({i.body for i in instruments if i.body})
    confs = conferences(instruments)
    shown = ", ".join(confs[:6]) + (f" and {len(confs) - 6} more" if len(confs) > 6 else "")
    failed_html = f'<div class="warn">{failed} file{"s" if failed != 1 else ""} could not be read (Documents tab)</div>' \
        if failed else ""
    return (f'<div class="status"><div class="corpus-summary"><b>{len(instruments)}</b> instrument'
            f'{"s" if len(instruments) != 1 else ""} ({e(kinds_text)}) from <b>{e(", ".join(bodies) or "unknown bodies")}</b>'
            f'{" · revisions of " + e(shown) if shown else ""} · {clauses} clauses in {files} document'
            f'{"s" if files != 1 else ""}</div>{failed_html}'
            f'<details><summary>Technical details</summary><div class="tech">model <code>{e(facts.model)}</code> '
            f'({e(facts.backend)}) · built {e(facts.built)} · index <code>{e(facts.index_dir)}</code></div></details></div>')


def documents_table_html(rows: Sequence[tuple[str, Sequence[str], int, str, str]]) -> str:
    """Indexed files with their instruments folded away: (name, instruments, clauses, size, source)."""
    if not rows:
        return notice_html("No documents are indexed yet.")
    body = []
    for name, instruments, clauses, size, source in rows:
        items = "".join(f"<li>{e(i)}</li>" for i in instruments)
        inst = (f'<details><summary>{len(instruments)} instrument{"s" if len(instruments) != 1 else ""}</summary>'
                f"<ul>{items}</ul></details>" if instruments else "")
        body.append(f"<tr><td>{e(name)}</td><td>{inst}</td><td>{clauses}</td><td>{e(size)}</td><td>{e(source)}</td></tr>")
    return ('<table class="docs-table"><thead><tr><th scope="col">File</th><th scope="col">Instruments</th>'
            '<th scope="col">Clauses</th><th scope="col">Size</th><th scope="col">Source</th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def index_details_html(facts: IndexFacts) -> str:
    """The Documents tab's summary of the loaded index, with the files the last ingest could not read."""
    rows = (("Documents", f"{facts.files}"), ("Instruments", f"{len(facts.instruments)}"),
            ("Clauses", f"{facts.clauses}"), ("Model", f"{facts.model} ({facts.backend})"), ("Built", facts.built),
            ("Parser", facts.parser_version), ("Index folder", facts.index_dir))
    wide = {"Model", "Index folder"}
    cells = "".join(f'<div class="fact{" wide" if k in wide else ""}"><div class="fact-k">{e(k)}</div>'
                    f'<div class="fact-v">{e(v)}</div></div>' for k, v in rows)
    failed_html = ""
    if facts.failed:
        items = "".join(f"<li><b>{e(PurePath(p).name)}</b>: {e(why)}</li>" for p, why in facts.failed)
        failed_html = (f'<div class="notice notice-warn">{len(facts.failed)} file{"s" if len(facts.failed) != 1 else ""} '
                       f"could not be read at the last ingest:<ul>{items}</ul></div>")
    return f'<div class="facts">{cells}</div>{failed_html}'


def no_index_html(index_dir: str, reason: str = "") -> str:
    detail = f'<p class="muted">{e(reason)}</p>' if reason else ""
    return (f'<div class="notice notice-warn no-index"><b>No index at {e(index_dir)} yet</b>: run '
            f'<code>itu-search ingest corpus/</code> or upload documents in the Documents tab.{detail}</div>')
