"""The PDF reader and parser on small PDFs written here in layouts unlike the shared corpus.

A minimal PDF writer (standard Times fonts, positioned lines, optional rules and outline) lets each test
state its layout: a Council-style text with "Page N" footers, "Res. 2 / 21" footers, footnotes without a
rule, a second instrument starting mid-page, a contents page, declarations after the last instrument.
"""

from __future__ import annotations

from pathlib import Path

from ingest import parse_file
from ingest.pdf_layout import read_pdf_layout

FONTS = {"R": "Times-Roman", "I": "Times-Italic", "B": "Times-Bold"}
A4 = (595.0, 842.0)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    out = bytearray(b"(")
    for b in raw:
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif b < 32 or b > 126:
            out += f"\\{b:03o}".encode()
        else:
            out.append(b)
    return bytes(out + b")")


def write_pdf(path: Path, pages: list[list[tuple]], outline: list[tuple[str, int]] = ()) -> Path:
    """pages: items ("T", x, y, font, size, text) or ("rule", x0, x1, y); outline: (title, page index)."""
    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    font_ids = {k: add(f"<< /Type /Font /Subtype /Type1 /BaseFont /{v} /Encoding /WinAnsiEncoding >>".encode())
                for k, v in FONTS.items()}
    fonts = " ".join(f"/F{k} {i} 0 R" for k, i in font_ids.items())
    pages_id = len(objects) + 1 + 2 * len(pages)  # reserved below, after the page objects
    page_ids = []
    for items in pages:
        ops = []
        for it in items:
            if it[0] == "rule":
                _, x0, x1, y = it
                ops.append(f"0.5 w {x0} {y} m {x1} {y} l S".encode())
            else:
                _, x, y, font, size, text = it
                ops.append(b"BT /F" + font.encode() + f" {size} Tf {x} {y} Td ".encode() + _pdf_string(text)
                           + b" Tj ET")
        stream = b"\n".join(ops)
        content_id = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {A4[0]} {A4[1]}] "
                            f"/Resources << /Font << {fonts} >> >> /Contents {content_id} 0 R >>".encode()))
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    assert add(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()) == pages_id
    catalog_extra = ""
    if outline:
        outlines_id = len(objects) + 1
        add(b"")  # placeholder for the outline root
        item_ids = list(range(outlines_id + 1, outlines_id + 1 + len(outline)))
        for k, (title, page_index) in enumerate(outline):
            links = f"/Prev {item_ids[k - 1]} 0 R " if k else ""
            links += f"/Next {item_ids[k + 1]} 0 R " if k + 1 < len(item_ids) else ""
            title_utf16 = "<FEFF" + title.encode("utf-16-be").hex().upper() + ">"
            add(f"<< /Title {title_utf16}".encode() + f" /Parent {outlines_id} 0 R {links}"
                f"/Dest [{page_ids[page_index]} 0 R /XYZ 0 842 0] >>".encode())
        objects[outlines_id - 1] = (f"<< /Type /Outlines /First {item_ids[0]} 0 R /Last {item_ids[-1]} 0 R "
                                    f"/Count {len(item_ids)} >>").encode()
        catalog_extra = f" /Outlines {outlines_id} 0 R"
    catalog_id = add(f"<< /Type /Catalog /Pages {pages_id} 0 R{catalog_extra} >>".encode())

    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog_id} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


class Page:
    """Lines laid out top-down: body text at 11 pt from y=760, 14 pt apart, 6 pt more between paragraphs."""

    def __init__(self, left: float = 70.0, top: float = 760.0) -> None:
        self.items: list[tuple] = []
        self.left = left
        self.y = top

    def line(self, text: str, font: str = "R", size: float = 11, indent: float = 0, gap: float = 0) -> Page:
        self.y -= gap
        self.items.append(("T", self.left + indent, self.y, font, size, text))
        self.y -= 14
        return self

    def para(self, text: str, font: str = "R", indent: float = 0) -> Page:
        return self.line(text, font, indent=indent, gap=6)

    def item(self, label: str, text: str, more: tuple[str, ...] = (), indent: float = 0) -> Page:
        self.y -= 6
        self.items.append(("T", self.left + indent, self.y, "R", 11, label))
        self.items.append(("T", self.left + indent + 28, self.y, "R", 11, text))
        self.y -= 14
        for t in more:
            self.line(t, indent=indent)
        return self

    def heading(self, identifier: str, title: str, formula: str, *, indent: float = 150, title_indent: float = 170,
                gap: float = 0) -> Page:
        """An instrument's identifier line, its bold title and its enacting formula."""
        self.line(identifier, indent=indent, gap=gap)
        self.line(title, font="B", size=12, indent=title_indent, gap=8)
        return self.para(formula)

    def keyword(self, heading: str) -> Page:
        """A section keyword ("considering", "resolves ...") in italics."""
        return self.para(heading, font="I", indent=28)

    def sup(self, x: float, text: str) -> Page:
        """A superscript mark at x on the line just written."""
        self.items.append(("T", x, self.y + 14 + 3, "R", 7, text))
        return self

    def at(self, x: float, y: float, text: str, font: str = "R", size: float = 9) -> Page:
        self.items.append(("T", x, y, font, size, text))
        return self


def pp_formula(meeting: str) -> str:
    return f"The Plenipotentiary Conference of the International Telecommunication Union ({meeting}),"


def council_resolution(page: Page, number: str, title: str) -> Page:
    page.heading(f"RESOLUTION {number} (C19)", title, "The Council,", title_indent=60)
    page.keyword("considering")
    page.item("a)", "that the budget must be balanced;")
    page.item("b)", "that savings were identified in the report of the", ("Secretary-General,",))
    page.keyword("resolves")
    page.item("1", "to approve the budget for 2020-2021;")
    page.item("2", "to instruct the Secretary-General to report to the next session.")
    return page


def test_council_text_with_page_n_footers_and_outline(tmp_path: Path) -> None:
    pages = []
    for k, number in enumerate(("1396", "1397")):
        p = council_resolution(Page(), number, f"Budget matters part {k + 1}")
        p.at(270, 40, f"Page {k + 2}")
        p.at(70, 800, f"C19/Res. {number}", size=8)
        pages.append(p.items)
    path = write_pdf(tmp_path / "council.pdf", pages,
                     outline=[("Resolution 1396 (C19)", 0), ("Resolution 1397 (C19)", 1)])
    clauses = parse_file(path)
    assert {(c.number, c.revision, c.body) for c in clauses} == {("1396", "C19", "Council"),
                                                                 ("1397", "C19", "Council")}
    first = [c for c in clauses if c.number == "1396"]
    assert [(c.section, c.kind, c.label) for c in first] == [
        ("considering", "preamble", "a)"), ("considering", "preamble", "b)"),
        ("resolves", "operative", "1"), ("resolves", "operative", "2")]
    assert first[1].text == "that savings were identified in the report of the Secretary-General,"
    assert {c.printed_page for c in first} == {"2"}
    assert not [c for c in clauses if "C19/Res." in c.text or "Page" in c.text]


def test_slash_footer_footnote_without_rule_and_page_break(tmp_path: Path) -> None:
    p1 = Page()
    p1.heading("RESOLUTION 21 (REV. BUSAN, 2014)", "Special measures", pp_formula("Busan, 2014"), indent=120,
               title_indent=150)
    p1.keyword("recognizing")
    p1.item("a)", "the needs of developing countries")
    p1.sup(70 + 28 + 150, "1")
    p1.item("b)", "that the work continues on the next page and", ("the sentence is not over at the foot",))
    p1.at(70, 90, "1", size=9).at(85, 90, "These include the least developed countries.", size=9)
    p1.at(250, 40, "Res. 21 / 7", size=9)
    p2 = Page()
    p2.line("of this page, so it goes on here;")
    p2.item("c)", "the last item.")
    p2.keyword("resolves")
    p2.para("that the needs shall be met.")
    p2.at(250, 40, "Res. 21 / 8", size=9)
    clauses = parse_file(write_pdf(tmp_path / "slash.pdf", [p1.items, p2.items]))
    by_label = {(c.kind, c.label): c for c in clauses}
    assert by_label[("preamble", "a)")].text == "the needs of developing countries"
    assert by_label[("preamble", "a)")].footnote_refs == ("1",)
    note = by_label[("footnote", "1")]
    assert (note.section, note.page, note.printed_page) == ("recognizing", 1, "7")
    b = by_label[("preamble", "b)")]
    assert b.text == ("that the work continues on the next page and the sentence is not over at the foot of "
                      "this page, so it goes on here;")
    assert (b.page, b.printed_page) == (1, "7")
    assert by_label[("operative", "")].printed_page == "8"
    assert not [c for c in clauses if "Res. 21 /" in c.text]


def test_contents_page_and_two_instruments_on_one_page(tmp_path: Path) -> None:
    toc = Page()
    toc.line("Contents", font="B", indent=200)
    toc.line("Resolution 5 (Rev. Dubai, 2018) – First . . . . . . . . . . . . . . . . . 2", gap=6)
    toc.line("Resolution 6 (Dubai, 2018) – Second . . . . . . . . . . . . . . . . . . 2", gap=6)
    body = Page()
    for number, rev in (("5", "REV. DUBAI, 2018"), ("6", "DUBAI, 2018")):
        body.heading(f"RESOLUTION {number} ({rev})", "A title", pp_formula("Dubai, 2018"), gap=20)
        body.keyword("resolves")
        body.para(f"that resolution {number} applies.")
    clauses = parse_file(write_pdf(tmp_path / "two.pdf", [toc.items, body.items]))
    assert [(c.number, c.revision, c.text, c.page) for c in clauses] == [
        ("5", "Rev. Dubai, 2018", "that resolution 5 applies.", 2),
        ("6", "Dubai, 2018", "that resolution 6 applies.", 2)]


def test_declarations_after_the_last_instrument_are_cut_by_the_outline(tmp_path: Path) -> None:
    res = Page()
    res.heading("RECOMMENDATION 7 (DUBAI, 2018)", "A title", pp_formula("Dubai, 2018"))
    res.keyword("recommends")
    res.para("that Member States act,")
    decl = Page()
    decl.line("DECLARATIONS AND RESERVATIONS", font="B", indent=120)
    decl.para("In signing the Final Acts, the delegation reserves the right of its Government.")
    path = write_pdf(tmp_path / "decl.pdf", [res.items, decl.items],
                     outline=[("Recommendation 7 (Dubai, 2018) – A title", 0), ("Declarations and reservations", 1)])
    layout = read_pdf_layout(path)
    assert len(layout.outline) == 2
    clauses = parse_file(path)
    assert [(c.instrument, c.section, c.text) for c in clauses] == [
        ("Recommendation", "recommends", "that Member States act,")]


def test_one_page_resolutions_without_running_heads(tmp_path: Path) -> None:
    """Identifiers at the same height on consecutive pages are headings, not a running head."""
    pages = []
    for number in ("3", "4", "5", "6"):
        p = Page(top=800)
        p.heading(f"RESOLUTION {number} (REV.WRC-23)", "A title",
                  "The World Radiocommunication Conference (Dubai, 2023),")
        p.keyword("resolves")
        p.para(f"that resolution {number} applies.")
        p.at(280, 40, f"– {number} –")
        pages.append(p.items)
    clauses = parse_file(write_pdf(tmp_path / "short.pdf", pages))
    assert [(c.number, c.body, c.printed_page) for c in clauses] == [
        ("3", "WRC", "3"), ("4", "WRC", "4"), ("5", "WRC", "5"), ("6", "WRC", "6")]


def test_running_title_and_page_of_pages_footer(tmp_path: Path) -> None:
    head = "Resolution 30 – Role of the ITU Telecommunication Development Sector in implementing the WSIS outcomes"
    pages = []
    for k in range(4):
        p = Page()
        if k == 0:
            p.heading("RESOLUTION 30 (REV. KIGALI, 2022)", "A title",
                      "The World Telecommunication Development Conference (Kigali, 2022),")
            p.keyword("resolves")
        p.item(f"{k + 1}", f"that item {k + 1} applies to the Member States", ("and to the Sector Members;",))
        p.at(70, 805, head, size=8)
        p.at(260, 40, f"Page {k + 1} of 4", size=9)
        pages.append(p.items)
    clauses = parse_file(write_pdf(tmp_path / "runningtitle.pdf", pages))
    assert [(c.label, c.printed_page) for c in clauses] == [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]
    assert {c.text for c in clauses} == {f"that item {k} applies to the Member States and to the Sector Members;"
                                        for k in range(1, 5)}


def test_footnote_running_onto_the_next_page_and_wrapped_heading(tmp_path: Path) -> None:
    p1 = Page()
    p1.heading("RESOLUTION 9 (REV.WRC-23)", "A title", "The World Radiocommunication Conference (Dubai, 2023),")
    p1.keyword("resolves to invite the ITU Radiocommunication Sector to complete in time for the 2027")
    p1.line("world radiocommunication conference", font="I", indent=28)
    p1.item("1", "the studies on the protection of the services")
    p1.sup(70 + 28 + 205, "1")
    p1.line("concerned;")
    p1.items.append(("rule", 70, 180, 105))
    p1.at(70, 90, "1").at(85, 90, "These studies take into account the results of the previous")
    p1.at(85, 79, "cycle and of the regional preparatory meetings held before")
    p1.at(280, 40, "– 3 –")
    p2 = Page()
    p2.item("2", "the technical conditions.")
    p2.items.append(("rule", 70, 180, 105))
    p2.at(85, 90, "the conference.")
    p2.at(280, 40, "– 4 –")
    clauses = parse_file(write_pdf(tmp_path / "fncont.pdf", [p1.items, p2.items]))
    heading = ("resolves to invite the ITU Radiocommunication Sector to complete in time for the 2027 world "
               "radiocommunication conference")
    assert [(c.section, c.kind, c.label) for c in clauses] == [
        (heading, "operative", "1"), (heading, "footnote", "1"), (heading, "operative", "2")]
    note = clauses[1]
    assert note.text == ("These studies take into account the results of the previous cycle and of the regional "
                         "preparatory meetings held before the conference.")
    assert (note.page, note.printed_page) == (1, "3")
    assert clauses[0].text == "the studies on the protection of the services concerned;"
    assert clauses[2].text == "the technical conditions."
