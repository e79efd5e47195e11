"""The structure parser on small hand-written line sequences (plain-text style and PDF-style hints)."""

from __future__ import annotations

import pytest

from ingest.footnotes import split_marks, strip_marks
from ingest.headings import annex_heading, parse_identifier, section_kind, usual_case_revision
from ingest.hyphenation import Vocabulary, join_lines
from ingest.lines import ROLE_BOUNDARY, ROLE_FOOTNOTE, Line, sup
from ingest.paragraphs import Para
from ingest.structure import parse_lines

FORMULA = "The World Telecommunication Development Conference (Kigali, 2022),"


def para(text: str, **hints) -> Line:
    """One paragraph as the TXT/DOCX readers give it."""
    return Line(text=text, paragraph_start=True, **hints)


def resolution(*body: str, ident: str = "RESOLUTION 30 (Rev. Kigali, 2022)", title: str = "A title",
               formula: str = FORMULA) -> list[Line]:
    return [para(ident), para(title), para(formula), *(para(t) for t in body)]


def parse(lines: list[Line]):
    return parse_lines(lines, "test.txt")


# --- identifiers, revisions, bodies ---------------------------------------------------------------

@pytest.mark.parametrize(("line", "instrument", "number", "revision"), [
    ("RESOLUTION 2 (REV. DUBAI, 2018)", "Resolution", "2", "Rev. Dubai, 2018"),
    ("RESOLUTION 30 (Rev. Kigali, 2022)", "Resolution", "30", "Rev. Kigali, 2022"),
    ("RESOLUTION 12 (REV.WRC-23)", "Resolution", "12", "REV.WRC-23"),
    ("RESOLUTION 8 (WRC-23)", "Resolution", "8", "WRC-23"),
    ("RESOLUTION 1396 (C19)", "Resolution", "1396", "C19"),
    ("DECISION 482 (C01, last amended C20)", "Decision", "482", "C01, last amended C20"),
    ("DECISION 5 (REV. DUBAI, 2018)", "Decision", "5", "Rev. Dubai, 2018"),
    ("RECOMMENDATION 7 (DUBAI, 2018)", "Recommendation", "7", "Dubai, 2018"),
    ("RESOLUTION 10 (REV. BUENOS AIRES, 2017)", "Resolution", "10", "Rev. Buenos Aires, 2017"),
    ("RESOLUTION 1 (REV. MAR DEL PLATA, 1968)", "Resolution", "1", "Rev. Mar del Plata, 1968"),
    ("RESOLUTION 204 (DUBAI, 2018)" + sup("*"), "Resolution", "204", "Dubai, 2018"),
])
def test_identifier_fields_in_their_usual_case(line, instrument, number, revision) -> None:
    ident = parse_identifier(line)
    assert (ident.instrument, ident.number, ident.revision) == (instrument, number, revision)


@pytest.mark.parametrize("line", [
    "Resolution 2 (Rev. Dubai, 2018) – World telecommunication policy forum . . . . . . 8",
    "ANNEX 1 TO RESOLUTION 48 (REV. DUBAI, 2018)",
    "resolution 2 (Rev. Dubai, 2018)",
    "RESOLUTIONS",
])
def test_lines_that_are_not_identifiers(line) -> None:
    assert parse_identifier(line) is None


def test_identifier_with_title_on_its_line() -> None:
    ident = parse_identifier("RESOLUTION 30 (Rev. Kigali, 2022) – Role of ITU-D", with_title=True)
    assert (ident.number, ident.title) == ("30", "Role of ITU-D")


@pytest.mark.parametrize(("formula", "body"), [
    ("The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),", "PP"),
    ("The World Telecommunication Development Conference (Kigali, 2022),", "WTDC"),
    ("The World Telecommunication Standardization Assembly (Hammamet, 2016),", "WTSA"),
    ("The World Radiocommunication Conference (Dubai, 2023),", "WRC"),
    ("The ITU Radiocommunication Assembly,", "RA"),
    ("The Council,", "Council"),
])
def test_body_comes_from_the_enacting_formula(formula, body) -> None:
    clauses = parse(resolution("considering", "a)\tthat something holds;", formula=formula))
    assert {c.body for c in clauses} == {body}


def test_body_falls_back_on_the_revision_tag_without_formula() -> None:
    clauses = parse([para("RESOLUTION 12 (REV.WRC-23)"), para("A title"), para("resolves"),
                     para("1\tto do something.")])
    assert [(c.body, c.section, c.label) for c in clauses] == [("WRC", "resolves", "1")]


# --- sections -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("heading", "kind"), [
    ("considering", "preamble"), ("considering further", "preamble"), ("recognizing also", "preamble"),
    ("bearing in mind", "preamble"), ("taking into account", "preamble"), ("having examined", "preamble"),
    ("aware", "preamble"), ("noting with concern", "preamble"), ("deeply concerned", "preamble"),
    ("resolves", "operative"), ("further resolves", "operative"), ("resolves further", "operative"),
    ("instructs the Secretary-General and the Directors of the three Bureaux", "operative"),
    ("invites Member States, Sector Members, Associates and Academia", "operative"),
    ("resolves to invite the ITU Radiocommunication Sector to complete in time for the 2027 world "
     "radiocommunication conference", "operative"),
    ("calls upon Member States", "operative"), ("encourages administrations", "operative"),
])
def test_keyword_headings_in_plain_text(heading, kind) -> None:
    clauses = parse(resolution(heading, "1\tthat something is done;"))
    assert [(c.section, c.kind, c.label) for c in clauses] == [(heading, kind, "1")]
    assert section_kind(heading) == kind


def test_cross_reference_to_a_keyword_is_not_a_heading() -> None:
    clauses = parse(resolution(
        "resolves", "1\tto do what is referred to in resolves 2 below;",
        "2\tthat resolves 1 above applies to all Member States.",
    ))
    assert {c.section for c in clauses} == {"resolves"}
    assert [c.label for c in clauses] == ["1", "2"]


def test_pdf_keyword_heading_wraps_onto_two_italic_lines() -> None:
    common = {"size": 9.5}
    lines = [
        Line("RESOLUTION 5 (REV.WRC-23)", page=1, y=700, **common),
        Line("Some title", page=1, bold=True, y=680, gap_before=8, paragraph_start=True, **common),
        Line("The World Radiocommunication Conference (Dubai, 2023),", page=1, y=660, gap_before=8,
             paragraph_start=True, **common),
        Line("resolves to invite the ITU Radiocommunication Sector to complete in time for the 2027",
             page=1, italic=True, y=640, gap_before=8, paragraph_start=True, **common),
        Line("world radiocommunication conference", page=1, italic=True, y=629, **common),
        Line("1\tthe studies of the frequency bands referred to in", page=1, y=610, gap_before=8,
             paragraph_start=True, **common),
        Line("resolves 2 above;", page=1, y=599, **common),
    ]
    clauses = parse(lines)
    assert [(c.section, c.label, c.text) for c in clauses] == [(
        "resolves to invite the ITU Radiocommunication Sector to complete in time for the 2027 world "
        "radiocommunication conference", "1", "the studies of the frequency bands referred to in resolves 2 above;")]


def test_unlabelled_block_and_dash_sub_items_in_the_preamble() -> None:
    clauses = parse(resolution(
        "referring to", "– the Preamble of the Constitution,", "–\tArticle 42 of the Constitution,",
        "noting", "that for the purpose of this Resolution:", "–\tthe first term;", "–\tthe second term,",
        "resolves", "that something is done.",
    ))
    assert [(c.section, c.label, c.text) for c in clauses] == [
        ("referring to", "", "– the Preamble of the Constitution, – Article 42 of the Constitution,"),
        ("noting", "", "that for the purpose of this Resolution: – the first term; – the second term,"),
        ("resolves", "", "that something is done."),
    ]


# --- labels and nesting ---------------------------------------------------------------------------

@pytest.mark.parametrize(("labels", "paths"), [
    (["1", "2", "a)", "b)", "3"], ["1", "2", "2 a)", "2 b)", "3"]),
    (["10", "11", "i)", "ii)", "iii)", "12"], ["10", "11", "11 i)", "11 ii)", "11 iii)", "12"]),
    (["1", "1.1", "1.2", "2"], ["1", "1.1", "1.2", "2"]),
    (["1.5", "a)", "b)", "i)", "ii)", "1.6"], ["1.5", "1.5 a)", "1.5 b)", "1.5 b) i)", "1.5 b) ii)", "1.6"]),
    (["a)", "b)", "i)", "ii)", "c)"], ["a)", "b)", "b) i)", "b) ii)", "c)"]),
    (["g)", "h)", "i)", "j)"], ["g)", "h)", "i)", "j)"]),  # i) after h) is a letter
    (["a)", "a bis)", "b)", "b)bis", "c)"], ["a)", "a bis)", "b)", "b)bis", "c)"]),
    (["1bis.7.1", "1bis.7.2", "4.3bis"], ["1bis.7.1", "1bis.7.2", "4.3bis"]),
    (["1)", "2)", "3)"], ["1)", "2)", "3)"]),
])
def test_label_paths(labels, paths) -> None:
    clauses = parse(resolution("resolves", *(f"{lab}\tthat item {k} holds;" for k, lab in enumerate(labels))))
    assert [c.label for c in clauses] == paths
    assert [c.text for c in clauses] == [f"that item {k} holds;" for k in range(len(labels))]


def test_indentation_nests_a_restarted_list() -> None:
    lines = [Line("RESOLUTION 102 (REV. DUBAI, 2018)", paragraph_start=True), Line("Title", paragraph_start=True),
             Line(FORMULA, paragraph_start=True), Line("emphasizing", paragraph_start=True)]
    for label, x in (("a)", 0.0), ("a)", 28.3), ("b)", 28.3), ("b)", 0.0)):
        lines.append(Line(f"{label}\tthat it is so;", x=x, paragraph_start=True))
    assert [c.label for c in parse(lines)] == ["a)", "a) a)", "a) b)", "b)"]


def test_nested_item_lead_in_carries_section_and_parent() -> None:
    clauses = parse(resolution("resolves", "6\tthat the following guidelines apply:", "a)\tthe first;"))
    nested = clauses[1]
    assert nested.label == "6 a)"
    assert nested.lead_in == "resolves that the following guidelines apply:"


# --- annexes --------------------------------------------------------------------------------------

def test_annex_clauses_take_the_annex_heading_and_dash_items_are_clauses() -> None:
    clauses = parse(resolution(
        "resolves", "that the annex applies.",
        "ANNEX TO RESOLUTION 30 (REV. KIGALI, 2022)", "Human resources items",
        "–\tAlignment of posts", "–\tStaff career policy", "1\tA numbered paragraph.",
    ))
    annex = [c for c in clauses if c.kind == "annex"]
    assert {c.section for c in annex} == {"ANNEX TO RESOLUTION 30 (REV. KIGALI, 2022)"}
    assert [(c.label, c.text) for c in annex] == [
        ("–", "Alignment of posts"), ("–", "Staff career policy"), ("1", "A numbered paragraph.")]


@pytest.mark.parametrize(("text", "heading"), [
    ("ANNEX 1 TO RESOLUTION 48 (REV. DUBAI, 2018)", "ANNEX 1 TO RESOLUTION 48 (REV. DUBAI, 2018)"),
    ("APPENDIX I (to Resolution 1 (Rev. Hammamet, 2016))", "Appendix I (to Resolution 1 (Rev. Hammamet, 2016))"),
    ("ANNEX", "ANNEX"),
    ("Annex 2 to this decision lists the measures.", None),
])
def test_annex_headings(text, heading) -> None:
    assert annex_heading(Para(text, 1, None)) == heading


# --- footnotes ------------------------------------------------------------------------------------

def test_footnote_is_its_own_clause_and_its_mark_leaves_the_text() -> None:
    lines = resolution("resolves", f"1\tto assist developing countries{sup('1')}, in particular;",
                       "2\tto report.")
    lines.insert(5, Line("These include the least developed countries.", role=ROLE_FOOTNOTE, footnote_mark="1"))
    clauses = parse(lines)
    assert [(c.kind, c.label) for c in clauses] == [("operative", "1"), ("footnote", "1"), ("operative", "2")]
    item, note = clauses[0], clauses[1]
    assert item.text == "to assist developing countries, in particular;"
    assert item.footnote_refs == ("1",)
    assert note.section == "resolves" and note.text == "These include the least developed countries."


def test_footnote_lead_in_is_the_phrase_its_mark_follows_not_the_whole_clause() -> None:
    long_item = "to work with partners at the national, regional and global levels, with regard to the " \
                f"special needs of the developing countries{sup('1')}, and to report on progress every year;"
    lines = resolution("resolves", f"1\t{long_item}")
    lines.append(Line("These include the least developed countries.", role=ROLE_FOOTNOTE, footnote_mark="1"))
    note = [c for c in parse(lines) if c.kind == "footnote"][0]
    assert note.lead_in.endswith("special needs of the developing countries")
    assert "report on progress" not in note.lead_in and len(note.lead_in.split()) <= 12


def test_footnote_line_starting_with_a_number_is_not_an_item() -> None:
    lines = resolution("resolves", f"1\tto act{sup('2')};")
    lines.append(Line("2\tThese include the least developed countries.", role=ROLE_FOOTNOTE, footnote_mark="2"))
    clauses = parse(lines)
    assert [(c.kind, c.label) for c in clauses] == [("operative", "1"), ("footnote", "2")]


def test_footnote_referenced_from_the_title_has_no_section() -> None:
    lines = resolution("resolves", "that something is done.", title=f"A title{sup('*')}")
    lines.append(Line("WRC-97 made editorial amendments.", role=ROLE_FOOTNOTE, footnote_mark="*"))
    clauses = parse(lines)
    note = next(c for c in clauses if c.kind == "footnote")
    assert (note.label, note.section) == ("*", "")
    assert "*" not in clauses[0].title


@pytest.mark.parametrize(("group", "marks"), [
    ("1", ["1"]), ("*, 1", ["*", "1"]), ("*1", ["*", "1"]), ("1, 1 bis", ["1", "1bis"]),
    ("1bis", ["1bis"]), ("5 5", ["5"]), ("**", ["**"]),
])
def test_split_marks(group, marks) -> None:
    assert split_marks(group) == marks


def test_strip_marks_records_offsets() -> None:
    text, refs = strip_marks(f"Resolution 229 (WRC-03){sup('*, 1')} applies")
    assert text == "Resolution 229 (WRC-03) applies"
    assert refs == [("*", 23), ("1", 23)]


# --- document boundaries --------------------------------------------------------------------------

def test_table_of_contents_is_not_an_instrument() -> None:
    toc = [Line("Resolution 2 (Rev. Dubai, 2018) – Forum . . . . . . . . 8", page=1, paragraph_start=True),
           Line("RESOLUTION 11 (REV. DUBAI, 2018) . . . . . . . . . . 11", page=1, paragraph_start=True)]
    body = [Line(t.text, page=2, paragraph_start=True) for t in resolution("resolves", "that it is so.")]
    clauses = parse(toc + body)
    assert {(c.number, c.page) for c in clauses} == {("30", 2)}


def test_boundary_ends_the_instrument() -> None:
    lines = resolution("resolves", "that it is so.")
    lines += [Line("", role=ROLE_BOUNDARY), para("DECLARATIONS AND RESERVATIONS"), para("1"),
              para("Original: English"), para("For the Republic of Somewhere:")]
    assert [c.text for c in parse(lines)] == ["that it is so."]


def test_identifier_without_formula_or_keyword_is_not_an_instrument() -> None:
    lines = [para("RESOLUTION 70 (REV. DUBAI, 2018)"), para("is cited here"), para("and here.")]
    assert parse(lines) == []


def test_wrapped_cross_reference_does_not_start_an_instrument() -> None:
    lines = [Line(t, page=1, y=700 - 12 * k, paragraph_start=(k in (0, 1, 2, 3, 4)), gap_before=8 if k < 5 else 0)
             for k, t in enumerate([
                 "RESOLUTION 30 (REV. KIGALI, 2022)", "Title", FORMULA, "recalling",
                 "a)\tthe outcomes of", "Resolution 70 (Rev. Dubai, 2018)", "of the Plenipotentiary Conference;",
             ])]
    clauses = parse(lines)
    assert [(c.number, c.label, c.text) for c in clauses] == [
        ("30", "a)", "the outcomes of Resolution 70 (Rev. Dubai, 2018) of the Plenipotentiary Conference;")]


def test_editorial_notes_and_revision_history_are_not_clauses() -> None:
    clauses = parse(resolution("resolves", "1\tthat it is so.", "NOTE – An editorial note.",
                               "(Doha, 2006) – (Rev. Hyderabad, 2010) – (Rev. Kigali, 2022)"))
    assert [c.text for c in clauses] == ["that it is so."]


def test_subheading_label_goes_to_unnumbered_paragraphs() -> None:
    common = {"paragraph_start": True}
    lines = resolution("resolves") + [
        Line("1bis.1\tGeneral principles", bold=True, **common),
        Line("In 1bis.1.1 below, the term texts is used.", **common),
        Line("1bis.1.1\tPresentation of texts", bold=True, **common),
        Line("1bis.1.1.1\tTexts should be brief.", **common),
    ]
    clauses = parse(lines)
    assert [(c.label, c.text) for c in clauses] == [
        ("1bis.1", "In 1bis.1.1 below, the term texts is used."), ("1bis.1.1.1", "Texts should be brief.")]


# --- small helpers --------------------------------------------------------------------------------

@pytest.mark.parametrize(("left", "right", "known", "joined"), [
    ("in the field of develop-", "ment of networks", "development", "in the field of development of networks"),
    ("the Secretary-", "General shall", "", "the Secretary-General shall"),
    ("the medium-", "to long-term plan", "", "the medium- to long-term plan"),
    ("for 2020-", "2023", "", "for 2020-2023"),
    ("a results-", "based approach", "results-based", "a results-based approach"),
    ("the ITU-", "T study groups", "", "the ITU-T study groups"),
    ("plain", "words", "", "plain words"),
])
def test_join_lines_repairs_hyphenation_only_where_the_document_says_so(left, right, known, joined) -> None:
    vocab = Vocabulary.from_texts([f"we use {known} here"] if known else [])
    assert join_lines(left, right, vocab) == joined


@pytest.mark.parametrize(("printed", "usual"), [
    ("REV. DUBAI, 2018", "Rev. Dubai, 2018"), ("Rev. Kigali, 2022", "Rev. Kigali, 2022"),
    ("REV.WRC-23", "REV.WRC-23"), ("DUBAI, 2018", "Dubai, 2018"), ("C19", "C19"),
])
def test_usual_case_revision(printed, usual) -> None:
    assert usual_case_revision(printed) == usual


def test_margin_symbol_before_an_identifier() -> None:
    ident = parse_identifier("MOD\tRESOLUTION 12 (REV.WRC-23)")
    assert (ident.number, ident.revision) == ("12", "REV.WRC-23")
    clauses = parse(resolution("resolves", "that it is so.", ident="ADD RESOLUTION 8 (WRC-23)",
                               formula="The World Radiocommunication Conference (Dubai, 2023),"))
    assert [(c.number, c.revision, c.body) for c in clauses] == [("8", "WRC-23", "WRC")]


def test_suppressed_resolution_without_text_is_not_an_instrument() -> None:
    lines = [para("SUP"), para("RESOLUTION 5 (WRC-19)"), para("Some old title")]
    lines += resolution("resolves", "that it is so.")
    assert {c.number for c in parse(lines)} == {"30"}


def test_french_text_reads_with_the_same_rules() -> None:
    lines = [para("RÉSOLUTION 25 (RÉV. BUCAREST, 2022)"), para("Renforcement de la présence régionale"),
             para("La Conférence de plénipotentiaires de l'Union internationale des télécommunications "
                  "(Bucarest, 2022),"),
             para("considérant"), para("a)\tque la présence régionale est importante;"),
             para("décide"), para("1\tque le Secrétaire général fait rapport.")]
    clauses = parse(lines)
    assert {(c.instrument, c.number, c.revision, c.body) for c in clauses} == {
        ("Resolution", "25", "Rév. Bucarest, 2022", "PP")}
    assert [(c.section, c.kind, c.label) for c in clauses] == [
        ("considérant", "preamble", "a)"), ("décide", "operative", "1")]


def test_marks_glued_to_words_are_found_when_no_superscript_was_seen() -> None:
    """A reader that could not see superscripts leaves "countries1": the footnote finds its reference."""
    lines = resolution("resolves", "1\tto assist developing countries1, in particular those with IPv6 networks;",
                       "2\tto cooperate with countries.", title="A title*")
    lines.append(Line("These include the least developed countries.", role=ROLE_FOOTNOTE, footnote_mark="1"))
    lines.append(Line("Editorial note.", role=ROLE_FOOTNOTE, footnote_mark="*"))
    clauses = parse(lines)
    item = next(c for c in clauses if c.label == "1" and c.kind == "operative")
    assert item.text == "to assist developing countries, in particular those with IPv6 networks;"
    assert item.footnote_refs == ("1",)
    note = next(c for c in clauses if c.kind == "footnote" and c.label == "1")
    assert note.section == "resolves"
    star = next(c for c in clauses if c.kind == "footnote" and c.label == "*")
    assert star.section == "" and {c.title for c in clauses} == {"A title"}


def test_raised_text_that_is_no_footnote_mark_stays() -> None:
    lines = resolution("resolves", f"1\tthat the level shall not exceed 10{sup('6')} units{sup('1')};")
    lines.append(Line("A footnote.", role=ROLE_FOOTNOTE, footnote_mark="1"))
    item = parse(lines)[0]
    assert item.text == "that the level shall not exceed 106 units;"
    assert item.footnote_refs == ("1",)


# --- headings of every body and era (ingest/HEADINGS.md) -------------------------------------------

@pytest.mark.parametrize(("line", "instrument", "number", "revision"), [
    ("RESOLUTION No. 2", "Resolution", "2", ""),
    ("Resolution No. 966", "Resolution", "966", ""),
    ("RESOLUTION ITU-R 52", "Resolution", "ITU-R 52", ""),
    ("Resolution ITU-R 61-2", "Resolution", "ITU-R 61-2", ""),
    ("RESOLUTION COM4/2 (WRC-07)", "Resolution", "COM4/2", "WRC-07"),
    ("RESOLUTION [COM6/1] (WRC-12)", "Resolution", "COM6/1", "WRC-12"),
    ("RESOLUTION GT PLEN/2 (WRC-07)", "Resolution", "GT PLEN/2", "WRC-07"),
    ("Council Resolution 1332 (C11)", "Resolution", "1332", "C11"),
    ("RESOLUTION 925 (C-1985, last amended C19)", "Resolution", "925", "C-1985, last amended C19"),
    ("Resolution 30 (Rev. Kigali, 2022)", "Resolution", "30", "Rev. Kigali, 2022"),
    ("RESOLUTION 95 (REV.WRC-19)", "Resolution", "95", "REV.WRC-19"),
    ("RESOLUTION 331 (Mob-87)", "Resolution", "331", "Mob-87"),
    ("RÉSOLUTION 25 (RÉV. BUCAREST, 2022)", "Resolution", "25", "Rév. Bucarest, 2022"),
    ("Résolution 1 (Rév. Hammamet, 2016)", "Resolution", "1", "Rév. Hammamet, 2016"),
    ("RESOLUCIÓN 25 (REV. BUCAREST, 2022)", "Resolution", "25", "Rev. Bucarest, 2022"),
    ("OPINION No. 1", "Opinion", "1", ""),
    ("DECISION 3 (Minneapolis, 1998)", "Decision", "3", "Minneapolis, 1998"),
])
def test_identifiers_of_every_body_and_era(line, instrument, number, revision) -> None:
    ident = parse_identifier(line)
    assert ident is not None, line
    assert (ident.instrument, ident.number, ident.revision) == (instrument, number, revision)


@pytest.mark.parametrize("line", [
    "resolution No. 2", "RESOLUTION 2023/24", "Resolutions Nos. 1 and 8", "Council resolutions",
])
def test_more_lines_that_are_not_identifiers(line) -> None:
    assert parse_identifier(line) is None


@pytest.mark.parametrize(("formula", "body"), [
    ("The World Administrative Telegraph and Telephone Conference (Melbourne, 1988),", "WATTC"),
    ("The World Administrative Radio Conference for Mobile Services (Geneva, 1987),", "WRC"),
    ("The Plenary Assembly of the CCITT,", "CCITT"),
    ("The Administrative Council,", "Council"),
    ("The World Conference on International Telecommunications (Dubai, 2012),", "WCIT"),
])
def test_body_of_older_and_other_conferences(formula, body) -> None:
    clauses = parse(resolution("resolves", "that it is so.", ident="RESOLUTION No. 1", formula=formula))
    assert {c.body for c in clauses} == {body}


@pytest.mark.parametrize(("text", "heading"), [
    ("ANNEX 2 TO DECISION 5 (REV. BUCHAREST, 2022)", "ANNEX 2 TO DECISION 5 (REV. BUCHAREST, 2022)"),
    ("ANNEX TO RESOLUTION No. 2", "ANNEX TO RESOLUTION No. 2"),
    ("ADDENDUM 1 TO RESOLUTION 2 (REV. DUBAI, 2018)", "ADDENDUM 1 TO RESOLUTION 2 (REV. DUBAI, 2018)"),
    ("ATTACHMENT 2 TO RESOLUTION 1 (Rev. Hammamet, 2016)", "ATTACHMENT 2 TO RESOLUTION 1 (Rev. Hammamet, 2016)"),
    ("ANNEXE 1 À LA RÉSOLUTION 25 (RÉV. BUCAREST, 2022)", "ANNEXE 1 À LA RÉSOLUTION 25 (RÉV. BUCAREST, 2022)"),
    ("Annex 1", "Annex 1"),
    ("Annex 1 to Resolution ITU-R 1-7", "Annex 1 to Resolution ITU-R 1-7"),
])
def test_annex_headings_of_every_form(text, heading) -> None:
    assert annex_heading(Para(text, 1, None)) == heading


def test_title_case_and_capital_keyword_headings() -> None:
    clauses = parse(resolution("Considering", "a)\tthat it is so;", "RESOLVES TO INSTRUCT THE SECRETARY-GENERAL",
                               "1\tto act.", "Instructs the Director of the Bureau:", "to report."))
    assert [(c.section, c.kind, c.label) for c in clauses] == [
        ("Considering", "preamble", "a)"), ("RESOLVES TO INSTRUCT THE SECRETARY-GENERAL", "operative", "1"),
        ("Instructs the Director of the Bureau", "operative", "")]


def test_capitalised_title_starting_like_a_keyword_stays_the_title() -> None:
    clauses = parse(resolution("considering", "that it is so,", title="Recognition of the rights of Members"))
    assert clauses[0].title == "Recognition of the rights of Members"
    clauses = parse(resolution("considering", "that it is so,", ident="RESOLUTION No. 2",
                               title="relating to the International Telecommunication Regulations"))
    assert clauses[0].title == "relating to the International Telecommunication Regulations"


def test_history_lines_and_secretariat_notes_are_not_clauses() -> None:
    lines = [para("RESOLUTION 2 (REV. BUCHAREST, 2022)"), para("A title"), para("(Kyoto, 1994)"),
             para("(Minneapolis, 1998) (Marrakesh, 2002)"), para("Note by the Secretariat"),
             para("This Resolution was revised by WRC-12."), para(FORMULA), para("resolves"),
             para("1\tthat it is so."), para("(Rev. Hyderabad, 2010)"), para("NOTE BY THE SECRETARIAT: none.")]
    clauses = parse(lines)
    assert [(c.title, c.label, c.text) for c in clauses] == [("A title", "1", "that it is so.")]


def test_annex_heading_run_on_under_the_last_item_starts_the_annex() -> None:
    """A PDF line "ANNEX 2 TO ..." set right under an item (no gap) is a heading, and its items are annex items."""
    pdf = {"size": 10.0}
    lines = [Line("RESOLUTION 5 (REV. BUCHAREST, 2022)", paragraph_start=True, **pdf),
             Line("A title", bold=True, paragraph_start=True, **pdf), Line(FORMULA, paragraph_start=True, **pdf),
             Line("decides", italic=True, paragraph_start=True, **pdf),
             Line("1\tthat the measures in the annexes apply.", paragraph_start=True, **pdf),
             Line("ANNEX 2 TO DECISION 5 (REV. BUCHAREST, 2022)", **pdf),
             Line("1\tMeasures to reduce expenses.", paragraph_start=True, **pdf)]
    clauses = parse(lines)
    assert [(c.section, c.label, c.text) for c in clauses] == [
        ("decides", "1", "that the measures in the annexes apply."),
        ("ANNEX 2 TO DECISION 5 (REV. BUCHAREST, 2022)", "1", "Measures to reduce expenses.")]


def test_table_rows_and_their_note_stay_with_the_item() -> None:
    pdf = {"size": 10.0, "y": 500.0}
    lines = resolution("resolves") + [
        Line("1\tto apply the limits below:", paragraph_start=True, **pdf),
        Line("Band\tService\tLimit", paragraph_start=True, **pdf),
        Line("1 2 3\tfixed\t-10 dB", paragraph_start=True, **pdf),
        Line("NOTE 1 – Limits are per 4 kHz.", paragraph_start=True, **pdf),
        Line("2\tto report.", paragraph_start=True, **pdf)]
    clauses = parse(lines)
    assert [(c.label, c.text) for c in clauses] == [
        ("1", "to apply the limits below: Band Service Limit 1 2 3 fixed -10 dB NOTE 1 – Limits are per 4 kHz."),
        ("2", "to report.")]


def test_no_instrument_found_says_what_was_looked_for_and_what_was_read(tmp_path) -> None:
    from ingest import parse_file
    from ingest.errors import NoResolutionError

    path = tmp_path / "minutes.txt"
    path.write_text("Minutes of the meeting\nRESOLUTION 12 was discussed.\nThe chair closed the meeting.\n",
                    encoding="utf-8")
    with pytest.raises(NoResolutionError) as info:
        parse_file(path)
    message = str(info.value)
    assert "RESOLUTION No. 2" in message and "Resolution ITU-R 61-2" in message
    assert "'Minutes of the meeting'" in message
    assert "'RESOLUTION 12 was discussed.' (p. 1)" in message


def test_prepositional_preamble_keyword_in_plain_text() -> None:
    clauses = parse(resolution("in view of", "a)\tthat it is so,", "resolves", "1\tto act."))
    assert [(c.section, c.kind, c.label) for c in clauses] == [("in view of", "preamble", "a)"),
                                                               ("resolves", "operative", "1")]
