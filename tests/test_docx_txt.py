"""DOCX and TXT inputs: the readers' lines, and the clauses parse_file makes of them, checked against truth.

The official ITU Word file of WTSA Resolution 1 is the source the WTSA truth was made from (through a
LibreOffice PDF), and the bundled WTDC Resolution 30 seed is Word's plain-text export of the text
behind the WTDC truth; so clause text, labels and sections must agree with the truth. Pages do not:
a .txt has none and a .docx only has estimates.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ingest.docx_numbering import Numbering
from ingest.docx_reader import read_docx_lines, style_role
from ingest.lines import (
    ROLE_CAPTION,
    ROLE_ENUM1,
    ROLE_ENUM2,
    ROLE_FOOTNOTE,
    ROLE_INSTRUMENT_ID,
    ROLE_KEYWORD,
    ROLE_LIST_GLYPH,
    ROLE_NONE,
    ROLE_TITLE,
    SUP_CLOSE,
    SUP_OPEN,
    sup,
)
from ingest.text_reader import read_text_lines, text_to_lines

REPO = Path(__file__).resolve().parents[1]
SEED_TXT = REPO / "corpus" / "seeds" / "WTDC-22-Res-30.txt"
DOCX_REL = "raw/mn-samples-itu/reference-docs/T-RES-T.1-2016-MSW-E.docx"
COMPARED = ("section", "label", "text")


def _truth(shared_corpus: Path, name: str) -> list[dict]:
    with open(shared_corpus / "truth" / f"{name}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _norm_text(text: str) -> str:
    # LibreOffice hyphenates the PDF the WTSA truth was located in; compare without hyphens and spacing.
    return re.sub(r"[\s\-‐‑]+", "", text)


def _key(d: dict) -> tuple:
    return tuple(_norm_text(d[f]) if f == "text" else d[f] for f in COMPARED)


def _match_ratio(truth: list[dict], ours: list[dict]) -> float:
    """Share of truth clauses found in our output (multiset match on section, label and text)."""
    have = Counter(_key(d) for d in ours)
    hits = 0
    for d in truth:
        k = _key(d)
        if have[k]:
            have[k] -= 1
            hits += 1
    return hits / len(truth)


def _matched_pairs(truth: list[dict], ours: list[dict]) -> list[tuple[dict, dict]]:
    pool: dict[tuple, list[dict]] = {}
    for d in ours:
        pool.setdefault(_key(d), []).append(d)
    return [(d, pool[_key(d)].pop(0)) for d in truth if pool.get(_key(d))]


@pytest.fixture(scope="module")
def docx_path(shared_corpus: Path) -> Path:
    return shared_corpus / DOCX_REL


@pytest.fixture(scope="module")
def docx_lines(docx_path: Path):
    return read_docx_lines(docx_path)


# --- DOCX reader --------------------------------------------------------------------------------------

def test_style_roles_accept_names_and_ids() -> None:
    assert style_role("Res_No") == style_role("", "ResNo") == ROLE_INSTRUMENT_ID
    assert style_role("Restitle") == style_role("Res_title") == ROLE_TITLE
    assert style_role("Call") == ROLE_KEYWORD
    assert style_role("enumlev2") == ROLE_ENUM2
    assert style_role("Normal") == style_role("Body Text") == ROLE_NONE


def test_docx_lines_carry_the_itu_styles(docx_lines) -> None:
    ids = [ln.text for ln in docx_lines if ln.role == ROLE_INSTRUMENT_ID]
    assert ids == ["RESOLUTION 1 (Rev. Hammamet, 2016)"]
    titles = [ln.text for ln in docx_lines if ln.role == ROLE_TITLE]
    assert titles == ["Rules of procedure of the ITU Telecommunication Standardization Sector"]
    keywords = [ln for ln in docx_lines if ln.role == ROLE_KEYWORD]
    assert [ln.text for ln in keywords] == ["considering", "resolves"]
    assert all(ln.italic for ln in keywords)  # italic comes from the Call style, not from runs
    roles = Counter(ln.role for ln in docx_lines)
    assert roles[ROLE_ENUM1] > 20 and roles[ROLE_ENUM2] > 5
    # enumlev3 items whose dash is a Symbol-font glyph (w:sym) are list glyphs, placed by their indent.
    glyphs = [ln for ln in docx_lines if ln.role == ROLE_LIST_GLYPH]
    assert [ln.text[:2] for ln in glyphs] == ["–\t"] * 3 and {ln.style for ln in glyphs} == {"enumlev3"}
    enum_x = {ln.role: ln.x for ln in docx_lines if ln.role in (ROLE_ENUM1, ROLE_ENUM2)}
    assert enum_x[ROLE_ENUM1] < enum_x[ROLE_ENUM2] < glyphs[0].x  # hanging indents, in points
    # Labels stay "label<TAB>text" as typed in Word.
    assert any(ln.text.startswith("b)bis\tthat the International") for ln in docx_lines)
    assert any(ln.text.startswith("1bis.7.2\tAgreement") for ln in docx_lines)


def test_docx_text_is_plain(docx_lines) -> None:
    text = "\n".join(ln.text for ln in docx_lines)
    assert "\u2011" not in text and "\xa0" not in text and "\u00ad" not in text
    assert "ITU-T" in text  # Word's non-breaking hyphen element reads as "-"
    assert "© ITU 2017" in text  # Symbol-font copyright sign (w:sym) decoded, not shown as "ã"


def test_docx_footnotes_follow_their_reference(docx_lines) -> None:
    notes = [(i, ln) for i, ln in enumerate(docx_lines) if ln.role == ROLE_FOOTNOTE]
    assert [ln.footnote_mark for _, ln in notes] == ["1", "1bis", "2", "3", "4", "5"]
    for i, note in notes:
        # The referencing paragraph is the nearest non-footnote line before the footnote.
        j = i - 1
        while docx_lines[j].role == ROLE_FOOTNOTE:
            j -= 1
        assert sup(note.footnote_mark) in docx_lines[j].text
        assert SUP_OPEN not in note.text and not note.text[:1].isdigit()
    by_mark = {ln.footnote_mark: ln.text for _, ln in notes}
    assert by_mark["4"].startswith("These include the least developed countries")
    assert by_mark["1bis"].startswith("This Hammamet, 2016 edition")


def test_docx_figures_and_notes_are_not_body_text(docx_lines) -> None:
    captions = [ln.text for ln in docx_lines if ln.role == ROLE_CAPTION]
    # "Figure 9.1 – ..." is typed in the Normal style: recognised by its text.
    assert any(t.startswith("Figure 9.1 – Approval") for t in captions)
    assert any(t.startswith("NOTE – ") for t in captions)
    assert not [ln for ln in docx_lines if ln.role == ROLE_NONE and ln.text.startswith("Figure ")]


def test_docx_page_estimates_follow_the_printed_numbering(shared_corpus: Path, docx_lines) -> None:
    pages = [ln.page for ln in docx_lines]
    assert pages == sorted(pages)
    meta = json.loads((shared_corpus / "truth" / "WTSA-16-Res-1.resolutions.json").read_text())["instruments"][0]
    first = next(ln for ln in docx_lines if ln.role == ROLE_INSTRUMENT_ID)
    assert first.printed_page == meta["first_printed_page"]  # the numbering restarts with the resolution
    assert docx_lines[-1].printed_page == meta["last_printed_page"]
    assert docx_lines[0].printed_page is None  # the cover shows no page number


def test_docx_written_by_another_program(tmp_path: Path) -> None:
    """No ITU styles, no rendered pagination: hard page breaks count, direct italics are seen, tables read."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("RESOLUTION 5 (Geneva, 2000)")
    doc.add_paragraph().add_run("considering").italic = True
    doc.add_paragraph("a)\tthat one;")
    doc.add_page_break()
    doc.add_paragraph("resolves")
    row = doc.add_table(rows=1, cols=2).rows[0]
    row.cells[0].text, row.cells[1].text = "Year", "2000"
    path = tmp_path / "plain.docx"
    doc.save(path)
    lines = read_docx_lines(path)
    assert [(ln.text, ln.page, ln.italic) for ln in lines] == [
        ("RESOLUTION 5 (Geneva, 2000)", 1, False),
        ("considering", 1, True),
        ("a)\tthat one;", 1, False),
        ("resolves", 2, False),
        ("Year | 2000", 2, False),
    ]
    assert [ln.role for ln in lines] == [ROLE_NONE] * 4 + ["table"]
    assert all(ln.printed_page is None for ln in lines)  # no PAGE field in any footer


def test_word_list_numbering_is_drawn(tmp_path: Path) -> None:
    """Automatic list labels (numbering.xml) are not in the paragraph text: the reader draws them."""
    import docx

    doc = docx.Document()
    for text, style in (("first", "List Number"), ("second", "List Number"), ("point", "List Bullet"),
                        ("sub-point", "List Bullet 2")):
        doc.add_paragraph(text, style=style)
    path = tmp_path / "lists.docx"
    doc.save(path)
    lines = read_docx_lines(path)
    assert [ln.text for ln in lines] == ["1.\tfirst", "2.\tsecond", "•\tpoint", "•\tsub-point"]
    assert [ln.role for ln in lines] == [ROLE_NONE, ROLE_NONE, ROLE_LIST_GLYPH, ROLE_LIST_GLYPH]
    assert lines[3].x > lines[2].x  # the nested bullet is indented: the parser nests it


def test_numbering_formats_levels_and_restarts() -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = f"""<w:numbering {w}>
      <w:abstractNum w:abstractNumId="7">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/>
          <w:pPr><w:ind w:left="794" w:hanging="794"/></w:pPr></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%2)"/>
          <w:pPr><w:ind w:left="1191" w:hanging="397"/></w:pPr></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/>
          <w:suff w:val="space"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="7"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
    </w:numbering>""".encode()
    numbering = Numbering(xml)
    labels = [numbering.label("3", lvl)[0] for lvl in (0, 1, 1, 2, 0, 1)]
    assert labels == ["a)", "i)", "ii)", "a.ii.1", "b)", "i)"]  # a new "b)" restarts the romans
    assert numbering.label("3", 2)[2] == " "
    assert numbering.label("4", 0)[0] == "a)"  # a list instance with a start override starts again
    assert numbering.indent("3", 1).first_line_x == pytest.approx((1191 - 397) / 20)
    assert numbering.label("99", 0) == ("", False, "")  # unknown list: no label


# --- TXT reader ---------------------------------------------------------------------------------------

def test_txt_artefacts_and_inline_footnotes() -> None:
    content = ("RESOLUTION 9 (Geneva, 2000)[bookmark: _Hlk1]\r\n"
               "\r\n"
               "[bookmark: _Toc2]\r\n"
               "1\tto help developing countries[footnoteRef:1] [see [a] below] now; [1:  \tThese include [LDCs].]\r\n"
               "2\tnext\x0c3\tnew page\n")
    lines = text_to_lines(content)
    assert [ln.text for ln in lines] == [
        "RESOLUTION 9 (Geneva, 2000)",
        f"1\tto help developing countries{sup('1')} [see [a] below] now;",
        "These include [LDCs].",
        "2\tnext",
        "3\tnew page",
    ]
    assert lines[2].role == ROLE_FOOTNOTE and lines[2].footnote_mark == "1"
    assert [ln.page for ln in lines] == [1, 1, 1, 1, 2]
    assert all(ln.printed_page is None for ln in lines)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_txt_encodings(tmp_path: Path, encoding: str) -> None:
    text = "RESOLUTION 30 (Rev. Kigali, 2022)\nrecognizing\na)\tthat ITU–D’s rôle is “key”;\n"
    path = tmp_path / f"res-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    lines = read_text_lines(path)
    assert [ln.text for ln in lines] == text.strip().split("\n")


def test_seed_txt_lines() -> None:
    lines = read_text_lines(SEED_TXT)
    assert lines[0].text == "RESOLUTION 30 (Rev. Kigali, 2022)"
    assert "\u2011" not in "".join(ln.text for ln in lines)  # non-breaking hyphens read as "-"
    notes = [ln for ln in lines if ln.role == ROLE_FOOTNOTE]
    assert [ln.footnote_mark for ln in notes] == ["1"]
    assert not any("[footnoteRef" in ln.text or "[1:" in ln.text for ln in lines)


# --- clauses through parse_file -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def txt_clauses():
    from ingest import parse_file

    return parse_file(SEED_TXT)


def test_hard_wrapped_txt_reads_paragraphs_between_blank_lines(shared_corpus: Path, tmp_path: Path) -> None:
    """The same resolution wrapped at 78 columns (as mail clients and `fold` do), footnote body included."""
    import textwrap

    from ingest import parse_file
    from ingest.text_reader import looks_hard_wrapped

    paragraphs = [p for p in SEED_TXT.read_text(encoding="utf-8").splitlines() if p.strip()]
    wrapped = "\n\n".join("\n".join(textwrap.wrap(p, 78)) for p in paragraphs)
    assert looks_hard_wrapped(wrapped.splitlines())
    assert not looks_hard_wrapped(SEED_TXT.read_text(encoding="utf-8").splitlines())
    path = tmp_path / "wrapped.txt"
    path.write_text(wrapped, encoding="utf-8")
    ours = [c.to_truth_dict() for c in parse_file(path)]
    truth = _truth(shared_corpus, "WTDC-22-Res-30")
    ratio = _match_ratio(truth, ours)
    assert ratio >= 0.95, f"only {ratio:.1%} of truth clauses matched"
    assert [d["label"] for d in ours if d["kind"] == "footnote"] == ["1"]


@pytest.fixture(scope="module")
def docx_clauses(docx_path: Path):
    from ingest import parse_file

    return parse_file(docx_path)


def test_txt_clauses_match_the_truth(shared_corpus: Path, txt_clauses) -> None:
    truth = _truth(shared_corpus, "WTDC-22-Res-30")
    ours = [c.to_truth_dict() for c in txt_clauses]
    assert {(d["number"], d["revision"], d["body"]) for d in ours} == {("30", "Rev. Kigali, 2022", "WTDC")}
    assert {d["section"] for d in ours} == {d["section"] for d in truth}
    ratio = _match_ratio(truth, ours)
    assert ratio >= 0.95, f"only {ratio:.1%} of truth clauses matched"
    assert len(ours) <= len(truth) + 2
    assert all(d["page"] == 1 and d["printed_page"] is None for d in ours)
    assert all(SUP_OPEN not in d["text"] and SUP_CLOSE not in d["text"] for d in ours)
    footnote = next(c for c in txt_clauses if c.kind == "footnote")
    assert footnote.label == "1" and footnote.section.startswith("resolves to invite")


def test_docx_clauses_match_the_truth(shared_corpus: Path, docx_clauses) -> None:
    truth = _truth(shared_corpus, "WTSA-16-Res-1")
    ours = [c.to_truth_dict() for c in docx_clauses]
    assert {(d["instrument"], d["number"], d["revision"]) for d in ours} == {("Resolution", "1", "Rev. Hammamet, 2016")}
    assert {d["title"] for d in ours} == {truth[0]["title"]}
    sections = {d["section"] for d in ours}
    assert {"considering", "resolves"} <= sections
    assert any(s.startswith("Appendix I (to Resolution 1") for s in sections)
    labels = {d["label"] for d in ours}
    assert {"b)bis", "1bis.7.2", "4.3bis", "1.5 b) v)"} <= labels
    considering = [d for d in ours if d["section"] == "considering"]
    assert [d["label"] for d in considering][:3] == ["a)", "b)", "b)bis"]
    notes = {d["label"]: d for d in ours if d["kind"] == "footnote"}
    assert {"2", "3", "4", "5"} <= set(notes)
    assert notes["4"]["text"].startswith("These include the least developed countries")
    assert notes["2"]["section"] == "resolves"
    ratio = _match_ratio(truth, ours)
    assert ratio >= 0.95, f"only {ratio:.1%} of truth clauses matched"
    # The edition line under the title is revision history, and so are its two footnotes ("Previously
    # published ..."): no clauses, as in the truth.
    assert len(ours) == len(truth)
    assert not [d for d in ours if d["kind"] == "footnote" and d["label"] in ("1", "1bis")]
    # Page estimates: Word's pagination with print-layout blank pages; the truth PDF is LibreOffice's.
    pairs = _matched_pairs(truth, ours)
    printed = sum(t["printed_page"] == o["printed_page"] for t, o in pairs) / len(pairs)
    physical = sum(t["page"] == o["page"] for t, o in pairs) / len(pairs)
    assert printed >= 0.9 and physical >= 0.9, (printed, physical)
    # Figure captions, NOTEs and the cover/foreword are not clauses.
    assert not [d for d in ours if d["text"].startswith(("Figure ", "NOTE ", "FOREWORD"))]


def test_short_txt_with_one_paragraph_a_line_is_not_taken_for_wrapped_text(tmp_path: Path) -> None:
    # Short lines alone do not make a text hard-wrapped: here every line starts a new paragraph.
    text = ("RESOLUTION 41 (Rev. Dubai, 2018)\nArrears and special arrears accounts\n"
            "The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),\n"
            "considering\nthat the Council has examined the arrears,\nresolves\n"
            "1\tthat repayment schedules of up to fifteen years may be agreed with least developed countries;\n"
            "2\tthat interest on arrears shall be charged at the rate fixed by the Council.\n")
    path = tmp_path / "res41.txt"
    path.write_text(text, encoding="utf-8")
    from ingest import parse_file

    clauses = parse_file(path)
    assert [(c.section, c.label) for c in clauses] == [("considering", ""), ("resolves", "1"), ("resolves", "2")]
    assert clauses[0].number == "41" and clauses[2].text.endswith("fixed by the Council.")
