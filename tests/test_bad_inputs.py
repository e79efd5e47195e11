"""Bad inputs: each malformed file gets its own error class, and the message names the file and the fix."""

from __future__ import annotations

import builtins
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest import errors
from ingest.docx_reader import read_docx_lines
from ingest.errors import (
    CorruptDocxError,
    CorruptPdfError,
    EmptyFileError,
    EncryptedDocxError,
    EncryptedPdfError,
    IngestError,
    NoResolutionError,
    NotAPdfError,
    NoTextLayerError,
    TooLargeError,
    UnreadableFileError,
    UnsupportedFileTypeError,
)
from ingest.pdf_checks import open_pdf
from ingest.text_reader import read_text_lines

REPO = Path(__file__).resolve().parents[1]

# The six files of ../shared/corpus/pdf/bad and the error each must raise (see the corpus README).
BAD_PDFS = {
    "empty.pdf": EmptyFileError,
    "truncated.pdf": CorruptPdfError,
    "image-only.pdf": NoTextLayerError,
    "encrypted.pdf": EncryptedPdfError,
    "not-a-pdf.pdf": NotAPdfError,
    "memo-no-resolution.pdf": NoResolutionError,
}
# What each message must tell the user to do (beyond naming the file).
ADVICE = {
    "empty.pdf": "fetch the file again",
    "truncated.pdf": "qpdf",
    "image-only.pdf": "ocrmypdf",
    "encrypted.pdf": "qpdf --decrypt",
    "not-a-pdf.pdf": "rename it to .txt",
    "memo-no-resolution.pdf": "RESOLUTION",
}


def _assert_names_file(exc: IngestError, path: Path) -> None:
    assert exc.path == str(path)
    assert str(exc).startswith(f"{path}: ")
    assert " — " in str(exc), "message must say what to do after the cause"


def _refused(read, shared_corpus: Path, name: str) -> IngestError:
    """What `read` raises on the bad PDF `name`: its own error class, naming the file, saying what to do."""
    path = shared_corpus / "pdf" / "bad" / name
    with pytest.raises(IngestError) as info:
        read(path)
    assert type(info.value) is BAD_PDFS[name]
    _assert_names_file(info.value, path)
    return info.value


@pytest.mark.parametrize("name", sorted(BAD_PDFS))
def test_parse_file_raises_the_specific_error(shared_corpus: Path, name: str) -> None:
    from ingest import parse_file

    assert ADVICE[name] in str(_refused(parse_file, shared_corpus, name))


@pytest.mark.parametrize("name", sorted(set(BAD_PDFS) - {"memo-no-resolution.pdf"}))
def test_open_pdf_rejects_before_layout_reading(shared_corpus: Path, name: str) -> None:
    _refused(open_pdf, shared_corpus, name)


def test_open_pdf_accepts_the_memo_and_good_pdfs(shared_corpus: Path) -> None:
    # The memo is a valid PDF with text: only the structure parser can tell it holds no resolution.
    for path in [shared_corpus / "pdf" / "bad" / "memo-no-resolution.pdf", shared_corpus / "pdf" / "WTDC-22-Res-30.pdf"]:
        reader = open_pdf(path)
        assert len(reader.pages) >= 1


def _encrypted_page(shared_corpus: Path, path: Path, user_password: str, algorithm: str) -> Path:
    """The first page of WTDC Res. 30 written to `path`, encrypted (owner password "owner-secret")."""
    writer = PdfWriter()
    writer.add_page(PdfReader(shared_corpus / "pdf" / "WTDC-22-Res-30.pdf").pages[0])
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def test_pdf_with_empty_user_password_opens(shared_corpus: Path, tmp_path: Path) -> None:
    """Owner-password-only (permissions) PDFs are readable: pypdf's empty user password works, AES included."""
    path = _encrypted_page(shared_corpus, tmp_path / "permissions-only.pdf", "", "AES-256")
    reader = open_pdf(path)
    assert "RESOLUTION 30" in reader.pages[0].extract_text()


def test_pdf_with_a_user_password_is_refused(shared_corpus: Path, tmp_path: Path) -> None:
    path = _encrypted_page(shared_corpus, tmp_path / "locked.pdf", "secret", "AES-128")
    with pytest.raises(EncryptedPdfError) as info:
        open_pdf(path)
    _assert_names_file(info.value, path)


def test_pypdf_warnings_do_not_reach_the_terminal(shared_corpus: Path) -> None:
    # In a separate interpreter: pytest attaches its own log handlers, which would hide what a user sees.
    code = ("import sys; from ingest.pdf_checks import open_pdf\n"
            "try:\n    open_pdf(sys.argv[1])\nexcept Exception as exc:\n    print(type(exc).__name__)\n")
    done = subprocess.run([sys.executable, "-c", code, str(shared_corpus / "pdf" / "bad" / "truncated.pdf")],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "CorruptPdfError"
    assert done.stderr == ""  # pypdf logs "EOF marker not found" and "Stream has ended unexpectedly"


@pytest.mark.parametrize("content,kind", [
    (b"<!DOCTYPE html><html><body>Not found</body></html>", "HTML page"),
    (b"PK\x03\x04" + b"\x00" * 40, "zip archive"),
])
def test_not_a_pdf_says_what_it_is(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "download.pdf"
    path.write_bytes(content)
    with pytest.raises(NotAPdfError, match=kind):
        open_pdf(path)


def test_folder_missing_file_and_unsupported_type(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="folder"):
        errors.check_readable_file(tmp_path)
    with pytest.raises(UnreadableFileError, match="folder"):
        errors.check_supported_suffix(tmp_path)  # a folder is named as such, not as an unknown type
    with pytest.raises(UnreadableFileError, match="no such file"):
        errors.check_readable_file(tmp_path / "nope.pdf")
    with pytest.raises(UnsupportedFileTypeError) as info:
        errors.check_supported_suffix(tmp_path / "scan.tiff")
    assert ".tiff" in str(info.value) and ".docx" in str(info.value)


def test_unreadable_file_names_permissions(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("RESOLUTION 1 (Geneva, 2000)\n")
    real_open = builtins.open

    def deny(file, *args, **kwargs):  # tests run as root here, so chmod alone would not deny access
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    with pytest.raises(UnreadableFileError) as info:
        read_text_lines(path)
    _assert_names_file(info.value, path)
    assert "permission" in str(info.value)


def test_empty_txt_and_docx(tmp_path: Path) -> None:
    for name, reader in (("a.txt", read_text_lines), ("a.docx", read_docx_lines)):
        path = tmp_path / name
        path.write_bytes(b"")
        with pytest.raises(EmptyFileError):
            reader(path)


def test_binary_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(UnsupportedFileTypeError, match="binary"):
        read_text_lines(path)


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "resolution.docx"
    path.write_text("RESOLUTION 1 (Geneva, 2000)\nplain text under a .docx name\n")
    with pytest.raises(CorruptDocxError) as info:
        read_docx_lines(path)
    _assert_names_file(info.value, path)


def test_old_binary_doc_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(UnsupportedFileTypeError, match="old binary Word .doc"):
        read_docx_lines(path)


def test_password_protected_docx(tmp_path: Path) -> None:
    # Word saves an encrypted .docx as an OLE container holding "EncryptionInfo" and "EncryptedPackage".
    path = tmp_path / "protected.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000
                     + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100)
    with pytest.raises(EncryptedDocxError) as info:
        read_docx_lines(path)
    _assert_names_file(info.value, path)
    assert "remove the password" in str(info.value)


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path: Path, monkeypatch) -> None:
    import ingest.docx_reader as docx_reader

    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\x00" * (2 * 1024 * 1024))  # compresses to a few KB
    assert path.stat().st_size < 64 * 1024
    with pytest.raises(TooLargeError) as info:
        read_docx_lines(path)
    _assert_names_file(info.value, path)
    assert "MiB" in str(info.value)


def test_docx_zip_with_too_many_members(tmp_path: Path, monkeypatch) -> None:
    import ingest.docx_reader as docx_reader

    monkeypatch.setattr(docx_reader, "MAX_ZIP_MEMBERS", 10)
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(11):
            zf.writestr(f"m{i}.xml", "<x/>")
    with pytest.raises(TooLargeError, match="zip members"):
        read_docx_lines(path)


def test_errors_survive_pickling() -> None:
    import pickle

    exc = UnreadableFileError("a/b.pdf", "permission denied", advice="chmod it")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is UnreadableFileError and str(back) == str(exc) and back.path == "a/b.pdf"
