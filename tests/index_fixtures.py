"""Helpers for the index tests: clauses from the shared truth files and small resolution texts."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.records import Clause


def truth_clauses(truth_file: Path) -> list[Clause]:
    """Clause records from a truth .jsonl (footnote_refs there are {mark, offset} dicts)."""
    out = []
    for ordinal, line in enumerate(truth_file.read_text("utf-8").splitlines()):
        d = json.loads(line)
        d["footnote_refs"] = [r["mark"] if isinstance(r, dict) else r for r in d.get("footnote_refs") or ()]
        d.setdefault("ordinal", ordinal)
        out.append(Clause.from_dict(d))
    return out


def make_clause(text: str, *, file: str = "res-1.txt", number: str = "1", section: str = "resolves",
                label: str = "1", kind: str = "operative", title: str = "Test resolution", ordinal: int = 0,
                lead_in: str = "") -> Clause:
    return Clause(file=file, instrument="Resolution", number=number, revision="Rev. Testville, 2024",
                  body="PP", title=title, section=section, kind=kind, label=label, text=text, page=1,
                  printed_page="1", lead_in=lead_in, ordinal=ordinal)


def resolution_text(number: int, title: str, resolves: list[str], considering: list[str] | None = None) -> str:
    """A small resolution in the plain-text layout of the bundled seed (label TAB text)."""
    lines = [f"RESOLUTION {number} (Testville, 2024)", title,
             "The Plenipotentiary Conference of the International Telecommunication Union (Testville, 2024),",
             "considering"]
    lines += [f"{chr(97 + i)})\t{t};" for i, t in enumerate(considering or ["that this is a test resolution"])]
    lines.append("resolves")
    lines += [f"{i + 1}\t{t};" for i, t in enumerate(resolves)]
    return "\n".join(lines) + "\n"


# Two revisions of one resolution and a resolution citing them (the reference-graph tests)
RES_88_OLD = """RESOLUTION 88 (REV. OLDTOWN, 2018)
Cables
The Plenipotentiary Conference of the International Telecommunication Union (Oldtown, 2018),
resolves
1\tto protect submarine cables;
"""
RES_88_NEW = RES_88_OLD.replace("REV. OLDTOWN, 2018", "REV. NEWTOWN, 2022").replace("(Oldtown, 2018)", "(Newtown, 2022)")


def res_89_citing(more_recalling: str = "", resolves: str = "to study repair ships;") -> str:
    """Resolution 89 recalling Resolution 88 in both revisions (and `more_recalling`, a third item)."""
    return f"""RESOLUTION 89 (NEWTOWN, 2022)
Repair ships
The Plenipotentiary Conference of the International Telecommunication Union (Newtown, 2022),
recalling
a)\tResolution 88 (Rev. Oldtown, 2018) of the Plenipotentiary Conference;
b)\tResolution 88 (Rev. Newtown, 2022) of this conference and No. 5.341 of the Radio Regulations;
{more_recalling}resolves
1\t{resolves}
"""


def fake_cli_env(monkeypatch, cwd: Path) -> None:
    """`cli.main` run in `cwd` with the fake embedder (ITU_SEARCH_BACKEND=fake, no model named)."""
    monkeypatch.setenv("ITU_SEARCH_BACKEND", "fake")
    monkeypatch.delenv("ITU_SEARCH_MODEL", raising=False)
    monkeypatch.chdir(cwd)


def cli_docs_folder(tmp_path: Path, monkeypatch) -> Path:
    """An empty `docs` folder in `tmp_path`, with `cli.main` set to run there on the fake embedder."""
    fake_cli_env(monkeypatch, tmp_path)
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder


class CountingEmbedder:
    """A FakeEmbedder that counts how many texts it embedded."""

    def __init__(self, name: str = "fake-hash-embedder") -> None:
        from index.embedders import FakeEmbedder

        self._inner = FakeEmbedder(name=name)
        self.name, self.dim, self.backend = name, self._inner.dim, "fake"
        self.calls = 0
        self.texts = 0

    def encode(self, texts, *, progress: bool = False):
        self.calls += 1
        self.texts += len(texts)
        return self._inner.encode(texts)


def build_two_resolutions(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of two small resolutions and an index of it built with the fake embedder: (docs, index)."""
    import index
    from index.embedders import FakeEmbedder

    docs = tmp_path / "docs"
    docs.mkdir()
    for n, text in ((911, "to protect submarine cables from damage"), (912, "to reduce the e-waste of handsets")):
        (docs / f"res-{n}.txt").write_text(resolution_text(n, f"Title {n}", [text, "to report to the Council"]))
    d = tmp_path / "idx"
    index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    return docs, d


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """`itu-search ARGV` in-process: (exit code, stdout, stderr)."""
    import cli

    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err
