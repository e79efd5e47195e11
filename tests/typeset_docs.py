"""Typeset test documents in layouts unlike the shared corpus, with their truth written from the source.

Each document is described here as structure (instruments, keyword blocks, labelled items, annexes, tables)
and set with reportlab in its own layout: page size, fonts, margins, how labels sit (hanging indent or
inline), how keywords and headings are styled, running heads and page numbers. The truth is derived from
that structure and from the pages reportlab drew each clause on, never from the parser's output.

The texts are short excerpts of public ITU texts read through stored public pages (see SOURCES); headings
are set in the printed form of each body and era (see ingest/HEADINGS.md). Identifiers of the excerpts
are test data: they follow the forms of their body and era, not necessarily the number of the real text.

    python tests/typeset_docs.py OUT_DIR     # writes NAME.pdf, NAME.jsonl, NAME.resolutions.json per document
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

SOURCES = {
    "decision-3": "https://www.itu.int/council/pd/basic-dec-res-rec.html (Decision 3 (Minneapolis, 1998))",
    "res-804": "https://studylib.net/doc/13875876 (Resolution 804 (Rev.WRC-12))",
    "res-28": "https://studylib.net/doc/7187477 (Resolution 28 (Rev.WRC-15) in a CEPT proposal)",
    "ra-52": "http://m.mydoc123.com/p-793197.html (Resolution ITU-R 52 (2003))",
    "council-wrc97": "http://www.itu.int/newsarchive/press/WRC97/agenda.html (the Council's agenda of WRC-97)",
    "orb-85": "https://mijnwetten.nl/gedeeltelijke-herziening-van-het-radioreglement-geneve-15-09-1985 (WARC Orb-85)",
    "wattc-88": "https://studylib.net/doc/12919326/final-acts (WATTC-88 Final Acts, note by the General Secretariat)",
}


# ---------------------------------------------------------------------------------------------------
# Source structure


@dataclass
class Item:
    label: str  # "" for an unnumbered paragraph, "–" for an annex dash item
    text: str
    children: list[Item] = field(default_factory=list)
    dashes: list[str] = field(default_factory=list)  # "– ..." sub-items, part of this clause
    table: list[list[str]] = field(default_factory=list)  # rows of cells, part of this clause
    table_note: str = ""


@dataclass
class Block:
    heading: str  # keyword as printed, or the annex heading
    kind: str  # preamble | operative | annex
    items: list[Item]
    annex_title: str = ""


@dataclass
class Instrument:
    ident: str  # as printed
    instrument: str
    number: str
    revision: str  # as the parser reports it (usual case)
    body: str
    title: str
    formula: str
    blocks: list[Block]
    history: list[str] = field(default_factory=list)  # revision-history lines under the title
    note: str = ""  # an editorial note after the title ("Note by the Secretariat: ...")


@dataclass
class Layout:
    pagesize: tuple[float, float]
    font: str  # Times | Helvetica | Courier
    size: float
    margins: tuple[float, float, float, float]  # left, right, top, bottom
    label_gap: bool  # hanging indent (label, gap, text) or inline "a) that ..."
    keyword_style: str  # italic | bold-title | caps
    header: str = ""  # running head, "{n}" = instrument number
    footer: str = "{page}"  # printed page number, "{page}" = physical page + offset
    page_offset: int = 0
    new_page_per_instrument: bool = True
    annex_gap: bool = True  # space above annex headings (False: run on under the last item)
    title_style: str = "bold"  # bold | italic
    cover: bool = False
    columns: int = 1  # 2: text in two columns


@dataclass
class Document:
    name: str
    layout: Layout
    instruments: list[Instrument]


def _fonts(font: str) -> dict[str, str]:
    if font == "Times":
        return {"R": "Times-Roman", "I": "Times-Italic", "B": "Times-Bold", "BI": "Times-BoldItalic"}
    return {"R": font, "I": f"{font}-Oblique", "B": f"{font}-Bold", "BI": f"{font}-BoldOblique"}


# ---------------------------------------------------------------------------------------------------
# Truth from the source


def _item_text(it: Item) -> str:
    parts = [it.text] + [f"– {d}" for d in it.dashes]
    for row in it.table:
        parts.extend(c for c in row if c)
    if it.table_note:
        parts.append(it.table_note)
    return " ".join(" ".join(parts).split())


def _walk(items: list[Item], path: list[str]):
    """(item, label path) in reading order; a dotted label names its parents and stands alone."""
    for it in items:
        dotted = it.label[:1].isdigit() and "." in it.label
        label_path = [it.label] if dotted else [*path, it.label] if it.label else path
        yield it, label_path
        yield from _walk(it.children, label_path)


def printed_heading(block: Block, lay: Layout) -> str:
    """A keyword heading as this layout prints it (the truth's section is the heading as printed)."""
    if block.kind == "annex":
        return block.heading
    if lay.keyword_style == "caps":
        return block.heading.upper()
    if lay.keyword_style == "bold-title":
        return block.heading[:1].upper() + block.heading[1:]
    return block.heading


def truth_rows(doc: Document, pages: dict[int, int], printed: dict[int, str | None]) -> list[dict]:
    rows = []
    for inst in doc.instruments:
        for block in inst.blocks:
            for it, label_path in _walk(block.items, []):
                page = pages[id(it)]
                rows.append({
                    "file": f"{doc.name}.pdf", "instrument": inst.instrument, "number": inst.number,
                    "revision": inst.revision, "body": inst.body, "title": inst.title,
                    "section": printed_heading(block, doc.layout), "kind": block.kind, "label": " ".join(label_path),
                    "text": _item_text(it), "page": page, "printed_page": printed.get(page),
                })
    return rows


# ---------------------------------------------------------------------------------------------------
# Typesetting


def build(doc: Document, out_dir: Path) -> Path:
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    lay = doc.layout
    f = _fonts(lay.font)
    pages: dict[int, int] = {}  # id(Item) -> physical page where its clause starts
    printed: dict[int, str | None] = {}
    current = {"number": ""}

    class Rec(Paragraph):
        """A paragraph that notes the page it starts on."""

        def __init__(self, text, style, bulletText=None, frags=None, item=None, number=None, **kw):
            super().__init__(text, style, bulletText=bulletText, frags=frags, **kw)
            self.item, self.number = item, number

        def split(self, aW, aH):
            parts = super().split(aW, aH)
            for k, part in enumerate(parts):
                part.item = self.item if k == 0 else None
                part.number = self.number if k == 0 else None
            return parts

        def draw(self):
            page = self.canv.getPageNumber()
            if self.item is not None and id(self.item) not in pages:
                pages[id(self.item)] = page
            if self.number is not None:
                current["number"] = self.number
            super().draw()

    size, lead = lay.size, lay.size * 1.25
    body = ParagraphStyle("body", fontName=f["R"], fontSize=size, leading=lead, spaceBefore=size * 0.6,
                          alignment=TA_LEFT)
    hang = 30 if lay.label_gap else 0
    item_style = ParagraphStyle("item", parent=body, leftIndent=hang, bulletIndent=0, bulletFontName=f["R"],
                                bulletFontSize=size)
    centred = ParagraphStyle("centred", parent=body, alignment=TA_CENTER, spaceBefore=size * 1.2)
    ident_style = ParagraphStyle("ident", parent=centred, fontName=f["R"], fontSize=size + 1, leading=lead + 1)
    title_style = ParagraphStyle("title", parent=centred, fontName=f["B"] if lay.title_style == "bold" else f["I"],
                                 fontSize=size + 1, leading=lead + 1)
    kw_style = ParagraphStyle("kw", parent=body, fontName=f["I"] if lay.keyword_style == "italic" else f["B"],
                              leftIndent=hang if lay.keyword_style == "italic" else 0, spaceBefore=size)
    annex_style = ParagraphStyle("annex", parent=centred, spaceBefore=size * 1.5 if lay.annex_gap else 0)
    history_style = ParagraphStyle("history", parent=centred, fontName=f["R"], spaceBefore=2)

    story = []
    if lay.cover:
        story += [Spacer(1, 200), Paragraph("INTERNATIONAL TELECOMMUNICATION UNION", centred),
                  Paragraph(escape(doc.name.replace("-", " ").upper()), centred), PageBreak()]

    def item_flowables(it: Item, depth: int, number: str):
        text = escape(it.text)
        style = ParagraphStyle(f"d{depth}", parent=item_style, leftIndent=item_style.leftIndent + 24 * depth,
                               bulletIndent=24 * depth)
        if it.label and lay.label_gap:
            para = Rec(text, style, bulletText=it.label, item=it)
        elif it.label:
            para = Rec(f"{escape(it.label)} {text}", ParagraphStyle("inl", parent=body, leftIndent=24 * depth),
                       item=it)
        else:
            para = Rec(text, ParagraphStyle("plain", parent=body, leftIndent=24 * depth), item=it)
        out = [para]
        for d in it.dashes:
            out.append(Paragraph(escape(d), ParagraphStyle("dash", parent=body, leftIndent=hang + 24 * depth + 14,
                                                           bulletIndent=hang + 24 * depth, spaceBefore=1),
                                 bulletText="–"))
        if it.table:
            t = Table(it.table, hAlign="LEFT")
            t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), f["R"], size - 1),
                                   ("GRID", (0, 0), (-1, -1), 0.4, "black"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 14)]))
            out += [Spacer(1, 4), t]
        if it.table_note:
            out.append(Paragraph(escape(it.table_note), ParagraphStyle("tn", parent=body, fontSize=size - 1,
                                                                       spaceBefore=3)))
        for ch in it.children:
            out += item_flowables(ch, depth + 1, number)
        return out

    for k, inst in enumerate(doc.instruments):
        if k and lay.new_page_per_instrument:
            story.append(PageBreak())
        story.append(Rec(escape(inst.ident), ident_style, number=inst.number))
        story.append(Paragraph(escape(inst.title), title_style))
        story += [Paragraph(escape(h), history_style) for h in inst.history]
        if inst.note:
            story.append(Paragraph(escape(inst.note), ParagraphStyle("note", parent=body, fontSize=size - 1)))
        story.append(Paragraph(escape(inst.formula), ParagraphStyle("formula", parent=body, spaceBefore=size * 1.5)))
        for block in inst.blocks:
            if block.kind == "annex":
                story.append(Paragraph(escape(block.heading), annex_style))
                if block.annex_title:
                    story.append(Paragraph(escape(block.annex_title), title_style))
            else:
                story.append(Paragraph(escape(printed_heading(block, lay)), kw_style))
            for it in block.items:
                story += item_flowables(it, 0, inst.number)

    from reportlab.pdfgen.canvas import Canvas

    class PageCanvas(Canvas):
        """Draws the running head and page number when a page is finished (the head names the instrument
        that was on the page)."""

        def showPage(self):
            page = self.getPageNumber()
            w, h = lay.pagesize
            if lay.cover and page == 1:
                printed[page] = None
            else:
                number = str(page + lay.page_offset)
                printed[page] = number
                self.setFont(f["R"], size - 1)
                if lay.header:
                    self.drawRightString(w - lay.margins[1], h - lay.margins[2] / 2,
                                         lay.header.format(n=current["number"]))
                self.drawCentredString(w / 2, lay.margins[3] / 2, lay.footer.format(page=number))
            super().showPage()

    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / f"{doc.name}.pdf"
    if lay.columns == 2:
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

        w, h = lay.pagesize
        inner_w = w - lay.margins[0] - lay.margins[1]
        gap = 18
        col_w = (inner_w - gap) / 2
        frames = [Frame(lay.margins[0] + k * (col_w + gap), lay.margins[3], col_w, h - lay.margins[2] - lay.margins[3],
                        id=f"col{k}", leftPadding=0, rightPadding=0) for k in range(2)]
        template = BaseDocTemplate(str(pdf), pagesize=lay.pagesize, invariant=1, title=doc.name,
                                   pageTemplates=[PageTemplate(id="two", frames=frames)])
    else:
        template = SimpleDocTemplate(str(pdf), pagesize=lay.pagesize, leftMargin=lay.margins[0],
                                     rightMargin=lay.margins[1], topMargin=lay.margins[2],
                                     bottomMargin=lay.margins[3], invariant=1, title=doc.name)
    template.build(story, canvasmaker=PageCanvas)
    rows = truth_rows(doc, pages, printed)
    with (out_dir / f"{doc.name}.jsonl").open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    meta = {"instruments": [{"instrument": i.instrument, "number": i.number, "revision": i.revision,
                             "body": i.body, "clauses": sum(1 for r in rows if r["number"] == i.number)}
                            for i in doc.instruments],
            "layout": {"pagesize": lay.pagesize, "font": lay.font, "size": lay.size, "label_gap": lay.label_gap,
                       "keyword_style": lay.keyword_style, "annex_gap": lay.annex_gap},
            "hyphenation": False, "sources": SOURCES}
    (out_dir / f"{doc.name}.resolutions.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                                                         encoding="utf-8")
    return pdf


# ---------------------------------------------------------------------------------------------------
# The documents

A4 = (595.27, 841.89)
A5 = (419.53, 595.27)
LETTER = (612.0, 792.0)

_DEC3_CONSIDERING = [
    Item("a)", "that the adoption of a permanent Constitution and Convention of the International "
               "Telecommunication Union by the Additional Plenipotentiary Conference (Geneva, 1992) has "
               "contributed to the efficiency of plenipotentiary conferences;"),
    Item("b)", "that, at past plenipotentiary conferences, all the decisions, resolutions and recommendations of "
               "the preceding conference have been examined and a new set adopted, even if it repeats, totally or "
               "partially, some of the previous output;"),
    Item("c)", "that the Plenipotentiary Conference (Kyoto, 1994) started a new numbering system for decisions, "
               "resolutions and recommendations, independent of the numbering system used in previous "
               "plenipotentiary conferences;"),
    Item("d)", "that these practices concerning decisions, resolutions and recommendations are not ideal, in "
               "that they have resulted in certain inefficiencies and potential for confusion;"),
    Item("e)", "that a new numbering system for decisions, resolutions and recommendations is required in order "
               "to avoid confusion,"),
]
_DEC3_DECIDES = [
    Item("1", "that resolutions of an ITU plenipotentiary conference remain in effect unless they are revised or "
              "abrogated by a subsequent plenipotentiary conference;"),
    Item("2", "that the final acts of a plenipotentiary conference should also include:",
         dashes=["the full text of new and revised resolutions, together with a list of their titles and numbers;",
                 "a list of abrogated resolutions showing their titles and numbers, but no text;"]),
    Item("3", "that resolutions should be identified as follows:"),
]
_ORB85_PREAMBLE = (
    "that the First Session of the Conference convened at Geneva on 8 August 1985 in conformity with Article 54 "
    "of the International Telecommunication Convention, Resolutions Nos. 1 and 8 of the Plenipotentiary "
    "Conference, Nairobi, 1982, and Resolution No. 3 of the World Administrative Radio Conference, Geneva, 1979;")
_WATTC_NOTE = (
    "that the Plenipotentiary Conference (Nairobi, 1982), in its Resolution No. 10, resolved that a World "
    "Administrative Telegraph and Telephone Conference should be convened in 1988 to consider proposals for a new "
    "regulatory framework to cater for the new situation in the field of new telecommunication services;")
_WATTC_CCITT = (
    "that the CCITT, in Resolution No. 15 of its VIIIth Plenary Assembly (Malaga-Torremolinos, 1984), resolved to "
    "set up a Preparatory Committee, and that this Committee should be responsible for preparing the draft text "
    "of the new Regulations to be submitted to the IXth CCITT Plenary Assembly in 1988,")


def old_conferences() -> Document:
    """WARC/WATTC 1988 style: "RESOLUTION No. 2" / "relating to ...", no revision tag, inline labels, Times,
    page numbers "- 3 -", an annex heading run on under the last item without a gap."""
    formula_warc = ("The World Administrative Radio Conference on the Use of the Geostationary-Satellite Orbit and "
                    "the Planning of Space Services Utilizing It (Second Session, Geneva, 1988),")
    formula_wattc = "The World Administrative Telegraph and Telephone Conference (Melbourne, 1988),"
    res1 = Instrument(
        "RESOLUTION No. 1", "Resolution", "1", "", "WRC",
        "relating to the preparation of the Second Session of the Conference", formula_warc, [
            Block("considering", "preamble", [Item("a)", _ORB85_PREAMBLE), Item("b)", _DEC3_CONSIDERING[3].text)]),
            Block("resolves", "operative", [Item("1", _DEC3_DECIDES[0].text),
                                            Item("2", _DEC3_DECIDES[1].text, dashes=_DEC3_DECIDES[1].dashes)]),
            Block("instructs the Secretary-General", "operative",
                  [Item("", "to communicate this Resolution to the Administrative Council.")]),
        ])
    res2 = Instrument(
        "RESOLUTION No. 2", "Resolution", "2", "", "WATTC",
        "relating to the International Telecommunication Regulations", formula_wattc, [
            Block("considering", "preamble", [Item("a)", _WATTC_NOTE), Item("b)", _WATTC_CCITT)]),
            Block("noting", "preamble", [Item("", _DEC3_CONSIDERING[2].text)]),
            Block("resolves", "operative", [Item("1", _DEC3_DECIDES[0].text), Item("2", _DEC3_DECIDES[2].text)]),
            Block("ANNEX TO RESOLUTION No. 2", "annex", [
                Item("1", "the full text of new and revised resolutions, together with a list of their titles;"),
                Item("2", "a list of abrogated resolutions showing their titles and numbers, but no text."),
            ]),
        ])
    rec1 = Instrument(
        "RECOMMENDATION No. 1", "Recommendation", "1", "", "WATTC",
        "relating to the numbering of the texts of the Conference", formula_wattc, [
            Block("considering", "preamble", [Item("", _DEC3_CONSIDERING[4].text)]),
            Block("recommends", "operative", [Item("", "that resolutions should be identified as set out in "
                                                       "Resolution No. 2 of this Conference.")]),
        ])
    layout = Layout(A4, "Times", 11, (70, 60, 60, 60), label_gap=False, keyword_style="italic",
                    footer="- {page} -", page_offset=2, new_page_per_instrument=False, annex_gap=False,
                    title_style="italic")
    return Document("old-conferences-1988", layout, [res1, res2, rec1])


def council_texts() -> Document:
    """Council resolutions and decisions, US Letter, Helvetica, capitalised bold keywords, "Council Resolution"
    and "DECISION 482 (C01, last amended C20)" headings, hanging labels, header "Council – Res. N"."""
    agenda = [
        Item("1.1", "requests from administrations to delete their country footnotes or to have their country's "
                    "name deleted from footnotes, if no longer required, within the limits of Resolution 26 "
                    "(WRC-95),"),
        Item("1.2", "issues remaining from WRC-95 including consideration of the VGE Report in accordance with "
                    "Resolution 71 (WRC-95),"),
        Item("1.3", "review of Appendix 28 (S7) to the Radio Regulations, taking into account Resolution 60 "
                    "(WARC-79), Resolution 712 (Rev.WRC-95) and Recommendation 711 (WARC-79),"),
    ]
    res = Instrument(
        "Council Resolution 1086 (C96)", "Resolution", "1086", "C96", "Council",
        "Agenda of the World Radiocommunication Conference (1997)", "The Council,", [
            Block("Noting", "preamble", [Item("", "that the Plenipotentiary Conference (Kyoto, 1994) resolved "
                                                  "that a world radiocommunication conference be held in 1997,")]),
            Block("Resolves", "operative", [
                Item("", "to convene a World Radiocommunication Conference (WRC-97) in Geneva from 27 October to "
                         "21 November 1997, with the following agenda:"),
                Item("1", "on the basis of proposals from administrations and the Report of the Conference "
                          "Preparatory Meeting, and taking account of the results of WRC-95, to consider and take "
                          "appropriate action in respect of the following topics:", children=agenda),
            ]),
            Block("Instructs the Secretary-General", "operative", [
                Item("", "to make all the necessary arrangements, in agreement with the Director of the "
                         "Radiocommunication Bureau, for the convening of the Conference."),
            ]),
        ])
    dec = Instrument(
        "DECISION 482 (C01, last amended C20)", "Decision", "482", "C01, last amended C20", "Council",
        "Implementation of cost recovery for satellite network filings", "The Council,", [
            Block("Considering", "preamble", [Item("a)", _DEC3_CONSIDERING[0].text),
                                               Item("b)", _DEC3_CONSIDERING[1].text)]),
            Block("Decides", "operative", [Item("1", _DEC3_DECIDES[0].text), Item("2", _DEC3_DECIDES[2].text)]),
            Block("ANNEX TO DECISION 482 (C01, LAST AMENDED C20)", "annex", [
                Item("", "The fees referred to in this Decision are set out below."),
                Item("–", "advance publication information;"),
                Item("–", "requests for coordination."),
            ], annex_title="Schedule of processing charges"),
        ])
    layout = Layout(LETTER, "Helvetica", 10, (72, 72, 72, 72), label_gap=True, keyword_style="bold-title",
                    header="Council – Res. {n}", page_offset=40)
    return Document("council-texts", layout, [res, dec])


def ra_resolutions() -> Document:
    """Radiocommunication Assembly: "RESOLUTION ITU-R 52" and title-case "Resolution ITU-R 61-2", the year line
    "(2003)" under the title, "The ITU Radiocommunication Assembly,", A5, Courier, "Annex 1" with a table."""
    res52 = Instrument(
        "RESOLUTION ITU-R 52", "Resolution", "ITU-R 52", "", "RA",
        "Authorization for the Radiocommunication Advisory Group (RAG) to act between Radiocommunication "
        "Assemblies (RAs)", "The ITU Radiocommunication Assembly,", [
            Block("considering", "preamble", [
                Item("a)", "that the Radiocommunication Advisory Group can help to improve coordination of the "
                           "study process and provide improved working and decision-making processes for the "
                           "important areas of ITU-R activities;"),
                Item("b)", "that, under Article 8 No. 137A of the ITU Convention, a Radiocommunication Assembly "
                           "may assign specific matters within its competence to the Radiocommunication Advisory "
                           "Group, indicating the action required on those matters;"),
            ]),
            Block("resolves", "operative", [
                Item("1", "to authorize the Radiocommunication Advisory Group to act on behalf of the "
                          "Radiocommunication Assembly between Assemblies on the matters listed below:",
                     table=[["Matter", "Action", "Report to"], ["Study Questions", "approve", "RA"],
                            ["Working methods", "review", "RA"]],
                     table_note="NOTE 1 – Matters not listed remain with the Assembly."),
                Item("2", "that the Radiocommunication Advisory Group shall report on these matters to the next "
                          "Radiocommunication Assembly."),
            ]),
        ], history=["(2003)"])
    res61 = Instrument(
        "Resolution ITU-R 61-2", "Resolution", "ITU-R 61-2", "", "RA",
        "Liaison and collaboration with the ITU Telecommunication Standardization Sector",
        "The ITU Radiocommunication Assembly,", [
            Block("considering", "preamble", [Item("", _DEC3_CONSIDERING[3].text)]),
            Block("resolves", "operative", [Item("1", _DEC3_DECIDES[0].text),
                                            Item("2", _DEC3_DECIDES[1].text, dashes=_DEC3_DECIDES[1].dashes)]),
            Block("Annex 1", "annex", [
                Item("1", "Coordination between the Sectors takes place through the groups listed in the table.",
                     table=[["Group", "Sector", "Period"], ["IRG-AVQA", "R and T", "2015-2019"],
                            ["JCA-IMT", "R and T", "2012-2016"]]),
                Item("2", "The Directors of the Bureaux report on this coordination to the Assemblies."),
            ]),
        ], history=["(2012-2015-2019)"])
    layout = Layout(A5, "Courier", 8.5, (40, 36, 46, 46), label_gap=True, keyword_style="italic",
                    header="Res. {n}", footer="{page}", page_offset=0, title_style="bold")
    return Document("ra-resolutions", layout, [res52, res61])


def rr_volume() -> Document:
    """Radio Regulations volume style: "RESOLUTION 804 (REV.WRC-12)", a committee-numbered "RESOLUTION COM4/2
    (WRC-07)", a note by the Secretariat after the title, noting items, an annex with a table inside an item,
    A5, Helvetica, "– 27 –" page numbers, running head "RES804-2"."""
    res804 = Instrument(
        "RESOLUTION 804 (REV.WRC-12)", "Resolution", "804", "REV.WRC-12", "WRC",
        "Principles for establishing agendas for world radiocommunication conferences",
        "The World Radiocommunication Conference (Geneva, 2012),", [
            Block("considering", "preamble", [
                Item("a)", "that, in accordance with No. 118 of the ITU Convention, the general scope of the "
                           "agendas for world radiocommunication conferences (WRCs) should be established four to "
                           "six years in advance;"),
                Item("b)", "Article 13 of the ITU Constitution relating to the competence and scheduling of WRCs "
                           "and Article 7 of the Convention relating to their agendas;"),
                Item("c)", "that No. 92 of the Constitution and Nos. 488 and 489 of the Convention require "
                           "conferences to be fiscally responsible;"),
            ]),
            Block("noting", "preamble", [
                Item("a)", "that the number of issues addressed in agendas for WRCs has been growing, and that some "
                           "issues could not be resolved adequately in the time allotted to the Conference;"),
                Item("b)", "that the human and financial resources of ITU are limited;"),
            ]),
            Block("resolves", "operative", [
                Item("", "that the principles in Annex 1 should be used in establishing agendas for WRCs."),
            ]),
            Block("ANNEX 1 TO RESOLUTION 804 (REV.WRC-12)", "annex", [
                Item("1", "Agenda items should be limited to the following kinds of proposals:",
                     table=[["Kind", "Submitted by", "Deadline"], ["Regional", "regional group", "6 months"],
                            ["Individual", "Member State", "4 months"]],
                     table_note="NOTE – The deadlines count back from the opening of the conference."),
                Item("2", "Each proposal should be accompanied by a summary of the studies carried out."),
            ], annex_title="Principles for establishing agendas"),
        ], note="Note by the Secretariat: This Resolution was revised by WRC-12.")
    res_com = Instrument(
        "RESOLUTION COM4/2 (WRC-07)", "Resolution", "COM4/2", "WRC-07", "WRC",
        "Revision of references to the text of ITU-R Recommendations incorporated by reference in the Radio "
        "Regulations", "The World Radiocommunication Conference (Geneva, 2007),", [
            Block("considering", "preamble", [
                Item("a)", "that the Voluntary Group of Experts (VGE) on simplification of the Radio Regulations "
                           "proposed the transfer of certain texts of the Radio Regulations to other documents, "
                           "especially to ITU-R Recommendations, using the incorporation by reference procedure;"),
                Item("b)", "that, in some cases, the provisions of the Radio Regulations imply an obligation on "
                           "Member States to conform to the criteria or specifications incorporated by reference,"),
            ]),
            Block("resolves to instruct the Director of the Radiocommunication Bureau", "operative", [
                Item("", "to identify the provisions of the Radio Regulations that contain references to ITU-R "
                         "Recommendations incorporated by reference."),
            ]),
        ])
    layout = Layout(A5, "Helvetica", 8, (34, 34, 44, 44), label_gap=True, keyword_style="italic",
                    header="RES{n}", footer="– {page} –", page_offset=26, cover=True)
    return Document("rr-volume-tables", layout, [res804, res_com])


def basic_texts() -> Document:
    """Basic-texts style: "DECISION 3 (Minneapolis, 1998)" under revision-history lines, "DECISION 5 (REV.
    BUCHAREST, 2022)" whose second annex heading sits mid-page right under the last item, Times, A4, large
    margins, hanging labels and numbered items "3.1"."""
    dec3 = Instrument(
        "DECISION 3 (Minneapolis, 1998)", "Decision", "3", "Minneapolis, 1998", "PP",
        "Treatment of decisions, resolutions and recommendations of plenipotentiary conferences",
        "The Plenipotentiary Conference of the International Telecommunication Union (Minneapolis, 1998),", [
            Block("considering", "preamble", _DEC3_CONSIDERING),
            Block("decides", "operative", [*_DEC3_DECIDES[:2], Item("3", _DEC3_DECIDES[2].text, children=[
                Item("3.1", "new resolutions take the next free number;"),
                Item("3.2", "a revised resolution keeps its number and gains the place and year of the "
                            "conference that revised it."),
            ])]),
        ], history=["(Kyoto, 1994)", "(Minneapolis, 1998)"])
    dec5 = Instrument(
        "DECISION 5 (REV. BUCHAREST, 2022)", "Decision", "5", "Rev. Bucharest, 2022", "PP",
        "Revenue and expenses for the Union for the period 2024-2027",
        "The Plenipotentiary Conference of the International Telecommunication Union (Bucharest, 2022),", [
            Block("considering", "preamble", [Item("", _DEC3_CONSIDERING[3].text)]),
            Block("decides", "operative", [Item("1", _DEC3_DECIDES[0].text)]),
            Block("ANNEX 1 TO DECISION 5 (REV. BUCHAREST, 2022)", "annex", [
                Item("", "The expenses of the Union are set out by Sector in the financial plan."),
            ]),
            Block("ANNEX 2 TO DECISION 5 (REV. BUCHAREST, 2022)", "annex", [
                Item("1", "Measures to reduce expenses are listed in the financial plan."),
                Item("2", "Savings are reported to the Council each year."),
                Item("3", "The Council reviews the measures at each session."),
            ]),
        ], history=["(Kyoto, 1994) (Minneapolis, 1998) (Marrakesh, 2002) (Antalya, 2006)"])
    layout = Layout(A4, "Times", 12, (90, 90, 80, 70), label_gap=True, keyword_style="italic",
                    footer="{page}", page_offset=100, annex_gap=False, title_style="bold")
    return Document("basic-texts", layout, [dec3, dec5])


DOCUMENTS = (old_conferences, council_texts, ra_resolutions, rr_volume, basic_texts)


def build_all(out_dir: Path) -> list[Path]:
    return [build(make(), out_dir) for make in DOCUMENTS]


def variant(k: int) -> Document:
    """Document k % 5 re-set in a layout drawn at random (seed k): page size, font, size, margins, labels
    hanging or inline, keyword style, annex spacing, title style, running head, page-number form, cover,
    one page per instrument or not. The parser was never tuned on these draws (held-out layouts)."""
    import random

    rnd = random.Random(1000 + k)
    doc = DOCUMENTS[k % len(DOCUMENTS)]()
    pagesize = rnd.choice((A4, A5, LETTER))
    size = rnd.choice((8, 9, 9.5, 10, 11, 12))
    margin = lambda: rnd.randint(36, 90)  # noqa: E731
    lay = Layout(pagesize, rnd.choice(("Times", "Helvetica", "Courier")), size,
                 (margin(), margin(), margin(), margin()), label_gap=rnd.random() < 0.6,
                 keyword_style=rnd.choice(("italic", "italic", "bold-title", "caps")),
                 header=rnd.choice(("", "Res. {n}", "RES{n}")),
                 footer=rnd.choice(("{page}", "- {page} -", "– {page} –", "Page {page}")),
                 page_offset=rnd.choice((0, 0, 12, 250)), new_page_per_instrument=rnd.random() < 0.5,
                 annex_gap=rnd.random() < 0.5, title_style=rnd.choice(("bold", "italic")),
                 cover=rnd.random() < 0.3)
    return Document(f"variant-{k:02d}-{doc.name}", lay, doc.instruments)


def two_column(k: int) -> Document:
    """Document k % 5 set in two columns (A4 or Letter), other layout choices drawn at random (seed k)."""
    doc = variant(k)
    lay = doc.layout
    lay.columns, lay.pagesize = 2, (A4 if k % 2 else LETTER)
    lay.size = min(lay.size, 10)
    return Document(f"two-column-{k:02d}-{DOCUMENTS[k % len(DOCUMENTS)]().name}", lay, doc.instruments)


def build_variants(out_dir: Path, n: int) -> list[Path]:
    return [build(variant(k), out_dir) for k in range(n)]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "typeset")
    n_variants = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    for path in build_all(target) + build_variants(target, n_variants):
        print(path)
