"""An InstrumentDiff as terminal text (ANSI colour optional), JSON or HTML (a side-by-side table that the
CLI writes as a page and the web UI's Changes view shows)."""

from __future__ import annotations

import json
import textwrap
from html import escape

from .align import WordChange, render_words
from .diff import ClauseChange, InstrumentDiff

_MARK = {"unchanged": "=", "reworded": "~", "added": "+", "removed": "-", "moved": ">"}
_RED, _GREEN, _DIM, _BOLD, _YELLOW, _OFF = "\033[31m", "\033[32m", "\033[2m", "\033[1m", "\033[33m", "\033[0m"


def to_json(d: InstrumentDiff) -> str:
    return json.dumps(d.to_dict(), ensure_ascii=False, indent=2)


def summary(d: InstrumentDiff) -> str:
    """"12 reworded, 6 added, 0 removed, 0 moved, 27 unchanged"."""
    c = d.counts
    return ", ".join(f"{c[s]} {s}" for s in ("reworded", "added", "removed", "moved", "unchanged"))


def _where(ch: ClauseChange) -> str:
    """"recognizing e) -> f)", "resolves 5", "footnote 1"."""
    a, b = ch.old, ch.new
    c = ch.clause
    head = f"footnote {c.label}" if c.kind == "footnote" else " ".join(p for p in (c.section, c.label) if p)
    if a is not None and b is not None:
        if a.section != b.section and a.kind != "footnote":
            return f"{' '.join(p for p in (a.section, a.label) if p)} -> {head}"
        if a.label != b.label:
            return f"{head} (was {a.label})"
    return head or "(untitled)"


def _words_text(words: tuple[WordChange, ...], colour: bool) -> str:
    def mark(op: str, text: str) -> str:
        plain = f"[-{text}-]" if op == "delete" else f"{{+{text}+}}"
        return f"{_RED if op == 'delete' else _GREEN}{plain}{_OFF}" if colour else plain

    return render_words(words, mark)


def to_text(d: InstrumentDiff, *, colour: bool = False, width: int = 100, changed_only: bool = False) -> str:
    """Readable in a terminal: a header, the counts, heading changes, then each clause with a mark
    (= unchanged, ~ reworded, + added, - removed, > moved); word changes as [-old-] {+new+}."""
    def c(code: str, text: str) -> str:
        return f"{code}{text}{_OFF}" if colour else text

    def wrap(text: str) -> str:
        # colour codes must not be split: wrap on the plain words only when there is no colour
        if colour:
            return "    " + text
        return textwrap.fill(text, width=max(40, width), initial_indent="    ", subsequent_indent="    ")

    lines = [c(_BOLD, f"{d.old.body} {d.old.ref}".strip() + "  ->  " + f"{d.new.body} {d.new.ref}".strip()),
             summary(d)]
    heads = [s for s in d.sections if s.status != "unchanged"]
    for s in heads:
        if s.status == "added":
            lines.append(c(_GREEN, f"+ heading added: {s.new}"))
        elif s.status == "removed":
            lines.append(c(_RED, f"- heading removed: {s.old}"))
        else:
            lines.append(c(_YELLOW, f"> heading renamed: {s.old} -> {s.new}"))
    lines.append("")
    for ch in d.changes:
        if changed_only and ch.status == "unchanged":
            continue
        mark = _MARK[ch.status]
        code = {"added": _GREEN, "removed": _RED, "unchanged": _DIM}.get(ch.status, _YELLOW)
        lines.append(c(code, f"{mark} {_where(ch)}") + c(_DIM, f"  [{ch.status}]"))
        if ch.status == "unchanged":
            continue
        if ch.words:
            lines.append(wrap(_words_text(ch.words, colour)))
        else:
            lines.append(wrap(ch.clause.text))
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------------------------------------ HTML

DIFF_CSS = """
.itu-diff{font-family:system-ui,sans-serif;font-size:14px;color:#1a1a1a;background:#fff}
.itu-diff table{border-collapse:collapse;width:100%;table-layout:fixed}
.itu-diff th,.itu-diff td{border-bottom:1px solid #ddd;padding:6px 8px;vertical-align:top;text-align:left}
.itu-diff th{background:#f2f4f7}
.itu-diff td.status{width:6.5em;font-weight:600;font-size:12px;text-transform:uppercase}
.itu-diff .cite{display:block;color:#45506a;font-size:12px;margin-bottom:3px}
.itu-diff tr.unchanged td.status{color:#5a5a5a}
.itu-diff tr.reworded td.status,.itu-diff tr.moved td.status{color:#7a4d00}
.itu-diff tr.added td.status{color:#0b6b2b}.itu-diff tr.removed td.status{color:#a3161b}
.itu-diff tr.added td.new{background:#e8f6ec}.itu-diff tr.removed td.old{background:#fbeaea}
.itu-diff del{background:#f8d0d2;color:#7c0a0e;text-decoration:line-through}
.itu-diff ins{background:#c9efd4;color:#0a4d1e;text-decoration:none}
.itu-diff .heads{margin:6px 0 10px 0}.itu-diff .heads span{display:inline-block;margin-right:12px}
.itu-diff .counts b{margin-right:4px}
"""


def _side(ch: ClauseChange, side: str) -> str:
    clause = ch.old if side == "old" else ch.new
    if clause is None:
        return f'<td class="{side} empty"></td>'
    cite = f'<span class="cite">{escape(clause.citation)}</span>'
    if ch.words:
        keep = "delete" if side == "old" else "insert"
        tag = "del" if side == "old" else "ins"
        runs = [w for w in ch.words if w.op in ("equal", keep)]
        body = render_words([WordChange(w.op, escape(w.text), w.space_before) for w in runs],
                            lambda op, text: f"<{tag}>{text}</{tag}>")
    else:
        body = escape(clause.text)
    return f'<td class="{side}" data-id="{clause.id}">{cite}{body}</td>'


def to_html_fragment(d: InstrumentDiff, *, changed_only: bool = False) -> str:
    """Side-by-side table (old left, new right) with word changes marked by <del>/<ins>."""
    counts = " ".join(f"<b>{n}</b>{s}" for s, n in d.counts.items())
    heads = "".join(
        f'<span class="head-{s.status}">{"+" if s.status == "added" else "-" if s.status == "removed" else ">"} '
        f'{escape(s.new or s.old or "")}{" (was " + escape(s.old or "") + ")" if s.status == "renamed" else ""}</span>'
        for s in d.sections if s.status != "unchanged")
    rows = []
    for ch in d.changes:
        if changed_only and ch.status == "unchanged":
            continue
        rows.append(f'<tr class="{ch.status}"><td class="status">{ch.status}</td>'
                    f'{_side(ch, "old")}{_side(ch, "new")}</tr>')
    return (f'<div class="itu-diff"><div class="counts">{counts}</div>'
            + (f'<div class="heads">Headings: {heads}</div>' if heads else "")
            + f'<table><thead><tr><th class="status-h" style="width:6.5em">Status</th>'
              f'<th>{escape(d.old.body + " " + d.old.ref)}</th><th>{escape(d.new.body + " " + d.new.ref)}</th>'
              f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def to_html(d: InstrumentDiff, *, changed_only: bool = False) -> str:
    """A self-contained HTML page (no scripts, no remote resources)."""
    title = escape(f"{d.old.ref} -> {d.new.ref}")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{DIFF_CSS}</style></head><body><h1 style=\"font:600 18px system-ui\">{title}</h1>"
            f"{to_html_fragment(d, changed_only=changed_only)}</body></html>\n")
