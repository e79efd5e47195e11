"""Series of revisions (search/series.py), the revision in force in search, change questions answered from
the diff, and `itu-search diff` end to end (small texts, fake embedder, real parser)."""

from __future__ import annotations

import json

import pytest

import index
from index import FakeEmbedder
from ingest.records import Clause
from search.citations import instruments_of
from search.series import build_series, conference_year, named_member, renumbered_from, revision_hints
from tests.index_fixtures import run_cli as run


@pytest.mark.parametrize(("revision", "year"), [
    ("Rev. Dubai, 2018", 2018), ("Dubai, 2018", 2018), ("REV.WRC-23", 2023), ("WRC-97", 1997),
    ("ORB-88", 1988), ("REV.WRC-2000", 2000), ("Rev. Hammamet, 2016", 2016), ("Rev. Buenos Aires, 2017", 2017),
    ("", None), ("Rev. Testville", None),
])
def test_conference_year(revision, year):
    assert conference_year(revision) == year


def clause(number: str, revision: str, text: str = "to do something", body: str = "PP", title: str = "T",
           file: str = "", kind: str = "operative", label: str = "1") -> Clause:
    return Clause(file=file or f"{number}-{revision}.txt", instrument="Resolution", number=number, revision=revision,
                  body=body, title=title, section="resolves", kind=kind, label=label, text=text, page=1,
                  printed_page=None)


@pytest.mark.parametrize(("title", "texts", "want"), [
    ("Satellite systems (formerly Resolution 12)", [], (("Resolution", "12"),)),
    ("T", ["This Resolution was renumbered from Resolution 3 by WRC-19."], (("Resolution", "3"),)),
    ("T", ["replaces Resolution 44 (Rev. Kigali, 2022)"], (("Resolution", "44"),)),
    ("Satellite systems formerly listed in Part B of the Plan of Appendix 30B", [], ()),
    ("T", ["see Resolution 12"], ()),
])
def test_renumbered_from(title, texts, want):
    cl = [clause("50", "WRC-23", body="WRC")] + [clause("50", "WRC-23", t, body="WRC", kind="footnote", label="1")
                                                  for t in texts]
    assert renumbered_from(title, cl) == want


def test_series_orders_by_conference_date_and_marks_the_latest_in_force():
    cl = [clause("21", "Rev. Bucharest, 2022"), clause("21", "Rev. Dubai, 2018"), clause("21", "Busan, 2014"),
          clause("21", "REV.WRC-19", body="WRC"), clause("22", "Rev. Dubai, 2018")]
    insts = instruments_of(cl)
    st = build_series(insts, cl)
    pp21 = [i for i, x in enumerate(insts) if x.number == "21" and x.body == "PP"]
    years = [conference_year(insts[i].revision) for i in st[pp21[0]].series.members]
    assert years == [2014, 2018, 2022]
    newest = next(i for i in pp21 if insts[i].revision.endswith("2022"))
    assert st[newest].in_force and st[newest].superseded_by is None
    for i in pp21:
        if i != newest:
            assert not st[i].in_force and st[i].superseded_by == newest
    wrc = next(i for i, x in enumerate(insts) if x.body == "WRC")
    assert st[wrc].in_force and st[wrc].revisions == 1  # another body's Res. 21 is another series


def test_renumbering_recorded_in_the_text_joins_two_numbers():
    cl = [clause("12", "WRC-15", body="WRC"), clause("150", "WRC-23", body="WRC", title="X (formerly Resolution 12)")]
    insts = instruments_of(cl)
    st = build_series(insts, cl)
    assert st[0].superseded_by == 1 and st[1].in_force


def test_copies_of_one_revision_are_one_member():
    cl = [clause("1", "Rev. Hammamet, 2016", file="a.pdf", body="WTSA"),
          clause("1", "Rev. Hammamet, 2016", file="b.docx", body="WTSA")]
    insts = instruments_of(cl)
    st = build_series(insts, cl, copies={0: 0, 1: 0})
    assert st[0].in_force and st[1].in_force and st[0].revisions == 1


def test_revision_named_in_a_query():
    cl = [clause("21", "Rev. Dubai, 2018"), clause("21", "Rev. Bucharest, 2022")]
    insts = instruments_of(cl)
    series = build_series(insts, cl)[0].series
    revs = [x.revision for x in insts]
    assert named_member(series, insts, revision_hints("what did the Dubai text say", revs)) == 0
    assert named_member(series, insts, revision_hints("in 2022, what", revs)) == 1
    assert named_member(series, insts, revision_hints("PP-18 text", revs)) == 0
    assert named_member(series, insts, revision_hints("what does it say", revs)) is None


# ----------------------------------------------------------------------------------- end to end

OLD = """RESOLUTION 77 (REV. OLDTOWN, 2018)
Protection of submarine cables
The Plenipotentiary Conference of the International Telecommunication Union (Oldtown, 2018),
considering
a)\tthat submarine cables carry most intercontinental traffic;
b)\tthat repairs of submarine cables take weeks in remote waters;
resolves
1\tto study the protection of submarine cables against damage by fishing gear;
2\tto report to the Council every year;
instructs the Secretary-General
1\tto publish a handbook on cable repair ships;
"""

NEW = """RESOLUTION 77 (REV. NEWTOWN, 2022)
Protection of submarine cables
The Plenipotentiary Conference of the International Telecommunication Union (Newtown, 2022),
considering
a)\tthat submarine cables carry most intercontinental traffic;
b)\tthat the number of cable faults caused by anchors keeps growing;
c)\tthat repairs of submarine cables take many weeks in remote waters;
resolves
1\tto study the protection of submarine cables against damage by fishing gear and anchors;
2\tto report to the Council every year;
3\tto hold a workshop on cable resilience;
"""


@pytest.fixture(scope="module")
def two_revisions(tmp_path_factory):
    src = tmp_path_factory.mktemp("docs")
    (src / "res-77-2018.txt").write_text(OLD, encoding="utf-8")
    (src / "res-77-2022.txt").write_text(NEW, encoding="utf-8")
    folder = tmp_path_factory.mktemp("idx") / "index"
    index.build([str(src)], folder, embedder=FakeEmbedder(), progress=False)
    return folder


def test_diff_json_shape_and_every_clause_once(two_revisions, capsys):
    code, out, err = run(capsys, "diff", "Res 77 (Rev. Oldtown, 2018)", "Res 77 2022", "--index", str(two_revisions),
                         "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    for side, rev in (("old", "Rev. Oldtown, 2018"), ("new", "Rev. Newtown, 2022")):
        assert {"citation", "instrument", "number", "revision", "body"} <= set(d[side])
        assert d[side]["revision"].lower() == rev.lower() and d[side]["number"] == "77"
    got = [(c["status"], c["old"] and (c["old"]["section"], c["old"]["label"]),
            c["new"] and (c["new"]["section"], c["new"]["label"])) for c in d["changes"]]
    assert got == [
        ("unchanged", ("considering", "a)"), ("considering", "a)")),
        ("added", None, ("considering", "b)")),
        ("reworded", ("considering", "b)"), ("considering", "c)")),
        ("reworded", ("resolves", "1"), ("resolves", "1")),
        ("unchanged", ("resolves", "2"), ("resolves", "2")),
        ("removed", ("instructs the Secretary-General", "1"), None),
        ("added", None, ("resolves", "3")),
    ]
    for c in d["changes"]:
        for side in ("old", "new"):
            if c[side]:
                assert {"section", "label", "kind", "text", "citation"} <= set(c[side])
    reworded = next(c for c in d["changes"] if c["status"] == "reworded" and c["new"]["label"] == "1")
    assert {"op": "insert", "text": "and anchors"} in [{k: w[k] for k in ("op", "text")} for w in reworded["words"]]
    assert {"status": "removed", "old": "instructs the Secretary-General", "new": None} in d["sections"]


def test_diff_text_and_html(two_revisions, capsys):
    code, out, _ = run(capsys, "diff", "Res 77", "--index", str(two_revisions))  # one name: previous vs in force
    assert code == 0
    assert "Resolution 77 (Rev. Oldtown, 2018)  ->  PP Resolution 77 (Rev. Newtown, 2022)" in out
    assert "{+and anchors+}" in out and "[-many-]" not in out and "{+many+}" in out
    assert "\033[" not in out  # no colour when not a terminal
    assert "- heading removed: instructs the Secretary-General" in out
    code, out, _ = run(capsys, "diff", "Res 77", "--index", str(two_revisions), "--format", "html", "--changed-only")
    assert out.startswith("<!DOCTYPE html>") and "<ins>and anchors</ins>" in out and "<script" not in out
    assert 'class="unchanged"' not in out and 'class="added"' in out


def test_diff_unknown_instrument_says_what_to_type(two_revisions, capsys):
    code, _, err = run(capsys, "diff", "Res 78", "Res 77", "--index", str(two_revisions))
    assert code == 2 and "Resolution 78 is not in the index" in err


def test_unqualified_reference_answers_from_the_revision_in_force(two_revisions):
    from search.engine import ask

    idx = index.open(two_revisions, embedder=FakeEmbedder())
    r = ask(idx, "Res 77 resolves 1", k=5)
    assert "NEWTOWN" in r.hits[0].clause.revision.upper() and not r.hits[0].superseded_by
    older = [h for h in r.hits if "OLDTOWN" in h.clause.revision.upper()]
    assert older and all(h.superseded_by.upper().endswith("(REV. NEWTOWN, 2022)") for h in older)
    assert "NEWTOWN" in r.answer.sentences[0].citation.upper()
    named = ask(idx, "Res 77 (Rev. Oldtown, 2018) resolves 1", k=5)
    assert "OLDTOWN" in named.hits[0].clause.revision.upper()
    hybrid = ask(idx, "repairs of submarine cables in remote waters", k=5)
    assert "NEWTOWN" in hybrid.hits[0].clause.revision.upper()
    in_2018 = ask(idx, "in 2018, repairs of submarine cables in remote waters", k=5)
    assert "OLDTOWN" in in_2018.hits[0].clause.revision.upper()


def test_change_questions_are_answered_from_the_diff(two_revisions):
    from search.engine import ask

    idx = index.open(two_revisions, embedder=FakeEmbedder())
    r = ask(idx, "what changed in Res. 77 since Oldtown?", k=10)
    assert r.diff is not None and r.diff.counts["added"] == 2 and r.diff.counts["removed"] == 1
    cites = {s.citation.split(",")[0].upper() for s in r.answer.sentences}
    assert any("OLDTOWN" in c for c in cites) and any("NEWTOWN" in c for c in cites)
    when = ask(idx, "when was resolves 3 added to Resolution 77?", k=5)
    assert when.answer.sentences[0].text.startswith("resolves 3 was added in Resolution 77 (Rev. Newtown, 2022)")
    old = ask(idx, "when was resolves 1 added to Resolution 77?", k=5)
    text = " ".join(s.text for s in old.answer.sentences)
    assert "already in Resolution 77 (Rev. Oldtown, 2018)" in text and "reworded" in text


def test_instrument_with_a_topic_ranks_the_clauses_of_the_revision_in_force_and_of_the_older_one(two_revisions):
    from search.engine import ask

    idx = index.open(two_revisions, embedder=FakeEmbedder())
    r = ask(idx, "Res 77: handbook on cable repair ships", k=10)
    assert "NEWTOWN" in r.hits[0].clause.revision.upper()
    older = [h for h in r.hits if "OLDTOWN" in h.clause.revision.upper()]
    assert older and older[0].clause.section == "instructs the Secretary-General"  # the older text's own answer
