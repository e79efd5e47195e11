"""Generators of hostile input files, written at test (or bench) time into a temporary folder.

Nothing here is committed as a file: every generator writes a small file (compressed or sparse) that
expands into a lot of work for a naive reader. `CATALOGUE` names each one with the limit it exercises;
`tests/test_hostile_files.py` and `bench/hostile.py` both use it.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.index_fixtures import resolution_text


# A one-page resolution, small enough to keep generated files tiny: one text object per line, the
# label of an item at the margin and its text indented (as ITU typesets them).
def _resolution_content(number: int = 901) -> bytes:
    out = []
    y = 780
    for line in resolution_text(number, "Protection of submarine cables", [
            "to protect submarine cables from damage", "to report to the Council"]).splitlines():
        label, _, text = line.rpartition("\t")
        font = b"/F2" if text in ("considering", "resolves") else b"/F3" if y == 762 else b"/F1"
        for x, part in ((72, label), (110 if label else 72, text)):
            if part:
                esc = part.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                out.append(b"BT %s 11 Tf %d %d Td (%s) Tj ET" % (font, x, y, esc.encode("latin-1")))
        y -= 18
    return "\n".join(o.decode("latin-1") for o in out).encode("latin-1") + b"\n"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
_FONTS = (b"<< /Font << /F1 3 0 R /F2 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Oblique >> "
          b"/F3 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >> >> >>")
_TEXT_PAGE = _resolution_content()


def _stream(data: bytes, *, compress: bool = True, extra: bytes = b"") -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def write_pdf(path: Path, objects: dict[int, bytes], root: int = 1) -> Path:
    """Write objects {number: body} as a PDF with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[num]) if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    path.write_bytes(bytes(out))
    return path


def _page(contents: bytes, resources: bytes = _FONTS, parent: int = 2) -> bytes:
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %s >>"
            % (parent, resources, contents))


def good_pdf(path: Path) -> Path:
    """A one-page resolution the parser reads (the control beside each hostile file)."""
    return write_pdf(path, {1: b"<< /Type /Catalog /Pages 2 0 R >>",
                            2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                            3: _FONT, 4: _page(b"5 0 R"), 5: _stream(_TEXT_PAGE)})


def many_pages_pdf(path: Path, pages: int = 200_000, fanout: int = 500) -> Path:
    """`pages` pages sharing one content stream, in a two-level page tree (each /Kids array is short)."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: _FONT, 5: _stream(_TEXT_PAGE)}
    groups = (pages + fanout - 1) // fanout
    first_group, first_page = 10, 10 + groups
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % (first_group + g) for g in range(groups)), pages)
    for g in range(groups):
        kids = range(g * fanout, min(pages, (g + 1) * fanout))
        objects[first_group + g] = b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>" % (
            b" ".join(b"%d 0 R" % (first_page + p) for p in kids), len(kids))
        for p in kids:
            objects[first_page + p] = _page(b"5 0 R", parent=first_group + g)
    return write_pdf(path, objects)


def lying_page_count_pdf(path: Path) -> Path:
    """One real page whose page tree claims 10**9 pages."""
    return write_pdf(path, {1: b"<< /Type /Catalog /Pages 2 0 R >>",
                            2: b"<< /Type /Pages /Kids [4 0 R] /Count 1000000000 >>",
                            3: _FONT, 4: _page(b"5 0 R"), 5: _stream(_TEXT_PAGE)})


def nested_arrays_pdf(path: Path, depth: int = 100_000) -> Path:
    """A page whose resources hold an array nested `depth` levels deep ([[[[...]]]])."""
    deep = b"[" * depth + b"1" + b"]" * depth
    return write_pdf(path, {1: b"<< /Type /Catalog /Pages 2 0 R >>",
                            2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", 3: _FONT,
                            4: _page(b"5 0 R", resources=b"<< /Font << /F1 3 0 R >> /Deep %s >>" % deep),
                            5: _stream(_TEXT_PAGE)})


def nested_content_arrays_pdf(path: Path, depth: int = 100_000) -> Path:
    """A content stream whose operand is an array nested `depth` levels deep."""
    content = _TEXT_PAGE + b"[" * depth + b"]" * depth + b" TJ\n"
    return write_pdf(path, {1: b"<< /Type /Catalog /Pages 2 0 R >>",
                            2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                            3: _FONT, 4: _page(b"5 0 R"), 5: _stream(content)})


def tiny_text_objects_pdf(path: Path, count: int = 2_000_000) -> Path:
    """One page with `count` one-letter text objects (compresses to a few hundred kB)."""
    run = b"BT /F1 1 Tf 72 700 Td (a) Tj ET\n"
    return write_pdf(path, {1: b"<< /Type /Catalog /Pages 2 0 R >>",
                            2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                            3: _FONT, 4: _page(b"5 0 R"), 5: _stream(_TEXT_PAGE + run * count)})


def tiny_text_pages_pdf(path: Path, pages: int = 2_000, per_page: int = 20_000) -> Path:
    """`pages` pages each showing `per_page` one-letter strings (one shared stream): text runs add up."""
    run = b"(a) Tj "
    content = _TEXT_PAGE + b"BT /F1 1 Tf 72 600 Td " + run * per_page + b"ET\n"
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: _FONT, 5: _stream(content)}
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % (10 + p) for p in range(pages)), pages)
    for p in range(pages):
        objects[10 + p] = _page(b"5 0 R")
    return write_pdf(path, objects)


def form_amplification_pdf(path: Path, calls: int = 5_000, runs_per_form: int = 20_000) -> Path:
    """A page that draws one form XObject `calls` times; the form shows `runs_per_form` strings."""
    form = b"BT /F1 1 Tf 72 600 Td " + b"(a) Tj " * runs_per_form + b"ET\n"
    content = _TEXT_PAGE + b"/X0 Do\n" * calls
    resources = b"<< /Font << /F1 3 0 R >> /XObject << /X0 6 0 R >> >>"
    return write_pdf(path, {1: b"<< /Type /Catalog /Pages 2 0 R >>",
                            2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                            3: _FONT, 4: _page(b"5 0 R", resources=resources), 5: _stream(content),
                            6: _stream(form, extra=b" /Type /XObject /Subtype /Form /BBox [0 0 595 842]"
                                                 b" /Resources << /Font << /F1 3 0 R >> >>")})


def huge_stream_pdf(path: Path, decoded_mib: int = 200) -> Path:
    """A content stream that inflates to `decoded_mib` MiB of spaces (a flate bomb, ~200 kB on disk)."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = comp.compress(_TEXT_PAGE)
    for _ in range(decoded_mib):
        data += comp.compress(chunk)
    data += comp.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return write_pdf(path, {1: b"<< /Type /Catalog /Pages 2 0 R >>",
                            2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                            3: _FONT, 4: _page(b"5 0 R"), 5: stream})


def sparse_file(path: Path, size: int = 2 * 2**30, head: bytes = b"%PDF-1.7\n") -> Path:
    """A file of `size` bytes (sparse: takes no disk space) starting with `head`."""
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


def zip_bomb_docx(path: Path, mib: int = 1024) -> Path:
    """A .docx whose document.xml inflates to `mib` MiB (about 1 MB on disk per GiB)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(mib):
                fh.write(chunk)
    return path


def lying_zip_docx(path: Path, mib: int = 300) -> Path:
    """A zip bomb whose headers claim document.xml is 1 kB (a check of declared sizes alone is fooled)."""
    import struct

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/_rels/document.xml.rels", "<Relationships/>")
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=False) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(mib):
                fh.write(chunk)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1024)  # local header: uncompressed size
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:  # central directory entries: patch the one of document.xml
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46: pos + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, pos + 24, 1024)
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("word/document.xml").file_size == 1024
    return path


def many_lines_txt(path: Path, lines: int = 5_000_000) -> Path:
    """A text file of millions of one-character lines (10 MB)."""
    path.write_bytes(b"a\n" * lines)
    return path


def long_line_txt(path: Path, mib: int = 20) -> Path:
    """A resolution whose one clause is a single 20 MiB line without spaces."""
    head = resolution_text(903, "Long line", ["x"]).encode()
    path.write_bytes(head + b"2\t" + b"x" * (mib * 2**20) + b"\n")
    return path


def good_txt(path: Path, number: int = 902) -> Path:
    path.write_text(resolution_text(number, "Good resolution", ["to protect submarine cables from damage",
                                                                "to report to the Council"]), "utf-8")
    return path


@dataclass(frozen=True)
class Hostile:
    name: str  # file name written (its suffix is what ingest sees)
    make: Callable[[Path], Path]
    expect: str  # the IngestError reason (or discovery problem) expected
    what: str  # one line for docs/reliability.md


def _directory(path: Path) -> Path:
    path.mkdir()
    (path / "inside.bin").write_bytes(b"x")
    return path


def _symlink_to(target: str) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        os.symlink(target, path)
        return path
    return make


CATALOGUE: tuple[Hostile, ...] = (
    Hostile("pages-200k.pdf", many_pages_pdf, "too-large", "PDF with 200 000 pages sharing one content stream"),
    Hostile("lying-count.pdf", lying_page_count_pdf, "", "PDF whose page tree claims 10^9 pages (1 real page)"),
    Hostile("nested-arrays.pdf", nested_arrays_pdf, "", "PDF with an array nested 100 000 deep in page resources"),
    Hostile("nested-content.pdf", nested_content_arrays_pdf, "", "content stream with an operand nested 100 000 deep"),
    Hostile("tiny-text-2M.pdf", tiny_text_objects_pdf, "too-large", "one page with 2 000 000 one-letter text objects"),
    Hostile("tiny-text-pages.pdf", tiny_text_pages_pdf, "too-large", "2 000 pages x 20 000 one-letter strings"),
    Hostile("form-amplify.pdf", form_amplification_pdf, "too-large",
            "a form XObject of 20 000 strings drawn 5 000 times on one page"),
    Hostile("flate-bomb.pdf", huge_stream_pdf, "too-large", "content stream inflating to 200 MiB"),
    Hostile("sparse-2G.pdf", sparse_file, "too-large", "2 GiB file starting with %PDF- (sparse)"),
    Hostile("zip-bomb.docx", lambda p: zip_bomb_docx(p, 300), "too-large", ".docx whose document.xml inflates to 300 MiB"),
    Hostile("lying-zip.docx", lying_zip_docx, "corrupt", ".docx zip bomb whose headers understate the size"),
    Hostile("many-lines.txt", many_lines_txt, "too-large", ".txt with 5 000 000 one-letter lines"),
    Hostile("long-line.txt", long_line_txt, "too-large", ".txt resolution with one 20 MiB clause"),
    Hostile("folder.pdf", _directory, "", "a folder named .pdf"),
    Hostile("passwd.pdf", _symlink_to("/etc/passwd"), "symlink-outside", "symlink named .pdf to /etc/passwd"),
    Hostile("etc.pdf", _symlink_to("/etc"), "symlink-outside", "symlink named .pdf to the folder /etc"),
)
