"""The reference graph (ingest/graph.py, presented by search/graph.py): revision-aware resolution, cites /
cited by, `itu-search refs`, GraphML and JSON export."""

from __future__ import annotations

import json

import networkx as nx
import pytest

import index
from index import FakeEmbedder
from ingest.records import Clause
from ingest.references import Reference
from search.citations import instruments_of
from search.graph import build_graph
from search.series import build_series
from tests.index_fixtures import RES_88_NEW, RES_88_OLD, res_89_citing
from tests.index_fixtures import run_cli as run


def C(number: str, revision: str, body: str, text: str = "to do it", ordinal: int = 0) -> Clause:
    return Clause(file=f"{body}-{number}-{revision}.txt", instrument="Resolution", number=number, revision=revision,
                  body=body, title="T", section="recalling", kind="preamble", label="a)", text=text, page=1,
                  printed_page=None, ordinal=ordinal)


CORPUS = [C("1", "Rev. Bucharest, 2022", "PP"), C("140", "Rev. Dubai, 2018", "PP"),
          C("140", "Rev. Bucharest, 2022", "PP"), C("30", "Rev. Kigali, 2022", "WTDC"),
          C("2", "Rev. Dubai, 2018", "PP"), C("2", "REV.WRC-19", "WRC")]


def resolve(ref: Reference):
    insts = instruments_of(CORPUS)
    series = build_series(insts, CORPUS)
    g = build_graph(insts, CORPUS, [(0, ref)], list(range(len(CORPUS))), series, {})
    e = g.edges[0]
    name = lambda i: None if i is None else f"{insts[i].body} {insts[i].number} {insts[i].revision}"  # noqa: E731
    return name(e.target), name(e.other_revision)


@pytest.mark.parametrize(("ref", "target", "other"), [
    (Reference("resolution", "140", "Rev. Dubai, 2018", "PP"), "PP 140 Rev. Dubai, 2018", None),
    (Reference("resolution", "140", "Rev.Dubai,2018", "PP"), "PP 140 Rev. Dubai, 2018", None),
    (Reference("resolution", "140", "", "PP"), "PP 140 Rev. Bucharest, 2022", None),  # no tag: in force
    (Reference("resolution", "140", "Rev. Antalya, 2006", "PP"), None, "PP 140 Rev. Bucharest, 2022"),
    (Reference("resolution", "30", "Rev. Kigali, 2022", "WTDC"), "WTDC 30 Rev. Kigali, 2022", None),
    (Reference("resolution", "30", "Rev. Kigali, 2022", ""), "WTDC 30 Rev. Kigali, 2022", None),  # one body has it
    (Reference("resolution", "2", "", ""), "PP 2 Rev. Dubai, 2018", None),  # citing body (PP) decides
    (Reference("resolution", "2", "Rev.WRC-19", "WRC"), "WRC 2 REV.WRC-19", None),
    (Reference("resolution", "99", "Rev. Dubai, 2018", "PP"), None, None),  # not in the index
    (Reference("resolution", "30", "", "WTSA"), None, None),  # another body's Res. 30
    (Reference("rr_provision", "5.341"), None, None),  # not an instrument of the index
    (Reference("resolution", "ITU-R 1", "9", "RA"), None, None),
])
def test_resolution_table(ref, target, other):
    assert resolve(ref) == (target, other)


CITING = res_89_citing(resolves="to study repair ships, taking into account Resolution 70/1 of the United Nations "
                                "General Assembly;")


@pytest.fixture(scope="module")
def graph_index(tmp_path_factory):
    src = tmp_path_factory.mktemp("docs")
    for name, text in (("r88-2018.txt", RES_88_OLD), ("r88-2022.txt", RES_88_NEW), ("r89.txt", CITING)):
        (src / name).write_text(text, encoding="utf-8")
    folder = tmp_path_factory.mktemp("idx") / "index"
    index.build([str(src)], folder, embedder=FakeEmbedder(), progress=False)
    return folder


def test_refs_json_cites_revision_aware(graph_index, capsys):
    code, out, err = run(capsys, "refs", "Res 89", "--index", str(graph_index), "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["instrument"]["number"] == "89" and {"citation", "number", "revision", "body"} <= set(d["instrument"])
    got = [(e["from"]["section"], e["from"]["label"], e["target"]["type"], e["target"]["id"],
            e["resolved"] and e["resolved"]["revision"]) for e in d["cites"]]
    assert got == [("recalling", "a)", "resolution", "88", "Rev. Oldtown, 2018"),
                   ("recalling", "b)", "resolution", "88", "Rev. Newtown, 2022"),
                   ("recalling", "b)", "rr_provision", "5.341", None),
                   ("resolves", "1", "unga_resolution", "70/1", None)]
    for e in d["cites"]:
        assert {"section", "label", "citation"} <= set(e["from"]) and {"type", "id", "revision", "text"} <= set(e["target"])
    assert d["cited_by"] == []


def test_refs_cited_by_is_per_revision(graph_index, capsys):
    code, out, _ = run(capsys, "refs", "Res 88 (Rev. Oldtown, 2018)", "--index", str(graph_index), "--format", "json")
    d = json.loads(out)
    assert [(e["from"]["label"], e["target"]["revision"]) for e in d["cited_by"]] == [("a)", "Rev. Oldtown, 2018")]
    code, out, _ = run(capsys, "refs", "Res 88", "--index", str(graph_index))  # text; the revision in force
    assert code == 0 and "Cited by (1):" in out and "recalling b)" in out


def test_refs_text_shows_unresolved(graph_index, capsys):
    code, out, _ = run(capsys, "refs", "Res 89", "--index", str(graph_index))
    assert "RR No. 5.341  ->  not in the index" in out and "UNGA Resolution 70/1  ->  not in the index" in out


@pytest.mark.parametrize("suffix", [".graphml", ".json"])
def test_export_whole_graph(graph_index, tmp_path, capsys, suffix):
    path = tmp_path / f"g{suffix}"
    code, _, err = run(capsys, "refs", "--export", str(path), "--index", str(graph_index))
    assert code == 0, err
    g = nx.read_graphml(path) if suffix == ".graphml" else nx.node_link_graph(json.loads(path.read_text()), edges="edges")
    kinds = nx.get_node_attributes(g, "kind")
    assert sorted(kinds.values()).count("instrument") == 3 and "unresolved" in kinds.values()
    resolved = [(u, v) for u, v, d in g.edges(data=True) if d["resolved"] in (True, "True", "true")]
    assert len(resolved) == 2 and all(u.startswith("PP|Resolution|89|") for u, _ in resolved)


def test_export_rejects_other_formats(graph_index, tmp_path, capsys):
    code, _, err = run(capsys, "refs", "--export", str(tmp_path / "g.csv"), "--index", str(graph_index))
    assert code == 2 and ".graphml or .json" in err
