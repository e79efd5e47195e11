"""HTML views of the web UI, on clauses of the real WTDC Resolution 30 truth records."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from ingest.records import Clause
from search.citations import instruments_of
from webui import views as v


@pytest.fixture(scope="module")
def res30(shared_corpus) -> list[Clause]:
    lines = (shared_corpus / "truth" / "WTDC-22-Res-30.jsonl").read_text("utf-8").splitlines()
    return [Clause.from_dict({**json.loads(line), "ordinal": i}) for i, line in enumerate(lines)]


def _pick(clauses, section, label):
    return next(c for c in clauses if c.section == section and c.label == label)


class _Balance(HTMLParser):
    """Checks that tags are properly nested (void elements aside)."""

    VOID = {"br", "img", "hr", "input", "meta", "link"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def assert_balanced(html: str) -> None:
    p = _Balance()
    p.feed(html)
    p.close()
    assert not p.errors and not p.stack, (p.errors, p.stack)


def test_query_terms_drop_stopwords_and_keep_numbers():
    assert v.query_terms("What does the ITU do about WSIS and the 2030 Agenda?") == ["wsis", "2030", "agenda"]
    assert v.query_terms("res 30 resolves 8 in 5g bands 5150-5250 MHz") == ["resolves", "5g", "bands", "5150-5250", "mhz"]


def test_highlight_escapes_document_text():
    out = v.highlight('<script>alert("x")</script> & WSIS', terms=["wsis"])
    assert "<script>" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out and "&quot;x&quot;" in out
    assert '<mark class="term">WSIS</mark>' in out


def test_highlight_nests_terms_inside_the_answer_sentence(res30):
    c = _pick(res30, "recalling", "a)")
    out = v.highlight(c.text, terms=["summit", "outcomes"], sentences=[c.text])
    assert out.startswith('<mark class="ans">') and out.endswith("</mark>")
    assert '<mark class="term">Summit</mark>' in out
    assert '<mark class="term">outcomes</mark>' in out
    assert_balanced(out)
    # The visible text is unchanged by highlighting.
    assert re.sub(r"<[^>]+>", "", out) == v.e(c.text)


def test_highlight_matches_inflections_but_not_inside_words():
    out = v.highlight("frequencies and the frequency band; infrequent", terms=["frequency"])
    assert out.count('<mark class="term">') == 2
    assert "infrequent" in out and "in<mark" not in out


def test_highlight_sentence_found_despite_trailing_punctuation():
    text = "to continue its work on WSIS; and to report back."
    out = v.highlight(text, sentences=["to continue its work on WSIS"])
    assert '<mark class="ans">to continue its work on WSIS</mark>' in out


def test_citation_line_has_every_part(res30):
    c = next(c for c in res30 if c.kind == "operative" and c.label)
    line = v.citation_line_html(c)
    for part in (c.body, f"Resolution {c.number} ({c.revision})", c.section, c.label, f"p. {c.printed_page}"):
        assert v.e(part) in line
    assert_balanced(line)


def test_page_text_names_printed_and_physical_page(res30):
    c = res30[0]
    assert v.page_text(replace(c, page=4, printed_page="2")) == "p. 2 (PDF page 4)"
    assert v.page_text(replace(c, page=3, printed_page="3")) == "p. 3"
    assert v.page_text(replace(c, page=3, printed_page=None)) == "p. 3"


def test_result_card_escapes_and_carries_ids(res30):
    c = replace(res30[5], text='a <b>bold</b> "claim" & more', lead_in="resolves <that>")
    card = v.result_card_html(c, rank=1, score=0.5, terms=["claim"])
    assert "<b>bold</b>" not in card and "&lt;b&gt;bold&lt;/b&gt;" in card
    assert "resolves &lt;that&gt;" in card
    assert f'data-clause-id="{c.id}"' in card
    assert f'data-citation="{v.e(c.citation)}"' in card
    assert_balanced(card)


def test_shorten_cuts_at_a_word():
    assert v.shorten("a b c", 10) == "a b c"
    assert v.shorten("resolves that administrations, when they", 26) == "resolves that …"
    assert v.shorten("resolves that administrations, when they", 31) == "resolves that administrations …"


def test_card_shows_a_lead_in_only_when_it_adds_to_the_section(res30):
    c = next(c for c in res30 if c.kind == "operative" and c.label)
    assert 'class="lead-in"' not in v.result_card_html(replace(c, lead_in=c.section), rank=1)
    card = v.result_card_html(replace(c, lead_in="resolves that administrations"), rank=1)
    assert '<div class="lead-in">resolves that administrations …</div>' in card
    long = v.result_card_html(replace(c, lead_in="word " * 100), rank=1)
    assert long.count("…") == 1


def test_context_marks_target_and_renders_headings(res30):
    target = _pick(res30, "recalling", "c)")
    html = v.context_html(res30, target_id=target.id, terms=["agenda"])
    assert_balanced(html)
    assert html.count('class="cl target') == 1
    assert f'id="c-{target.id}"' in html
    sections = list(dict.fromkeys(c.section for c in res30 if c.kind != "footnote" and c.section))
    for s in sections:
        assert f">{v.e(s)}</h3>" in html
    # Reading order: every clause appears, in order.
    positions = [html.index(f'id="c-{c.id}"') for c in res30 if c.kind != "footnote"]
    assert positions == sorted(positions)
    assert 'class="sec sec-footnotes"' in html
    assert '<mark class="term">Agenda</mark>' in html


def test_instruments_of_groups_clauses(res30):
    [inst] = instruments_of(res30)
    assert (inst.instrument, inst.number, inst.revision, inst.body) == ("Resolution", "30", "Rev. Kigali, 2022", "WTDC")
    assert sorted(inst.rows) == list(range(len(res30)))
    assert inst.label == "WTDC Resolution 30 (Rev. Kigali, 2022)"


def test_related_html_opens_each_instrument(res30):
    [target] = instruments_of(res30)
    older = replace(target, file="old.pdf", revision="Rev. Buenos Aires, 2017")
    res37 = replace(target, file="r37.pdf", number="37", title="Bridging the digital divide")
    html = v.related_html(v.Related(revisions=(older,), cited=(res37,)))
    assert_balanced(html)
    assert 'data-action="open-instrument" data-instrument="WTDC Resolution 37 (Rev. Kigali, 2022)"' in html
    assert 'data-instrument="WTDC Resolution 30 (Rev. Buenos Aires, 2017)"' in html
    assert html.count("none in the corpus") == 0
    assert v.related_html(v.Related((), ())).count("none in the corpus") == 2


def test_results_html_abstained_says_so(res30):
    from search.records import Answer, AnswerSentence, Hit, SearchResult

    hit = Hit(clause=res30[3], score=0.2, rank=1)
    abstained = SearchResult(query="net neutrality", hits=(hit,), answer=None, abstained=True)
    html = v.results_html(abstained)
    assert "No answer found in the corpus" in html
    assert_balanced(html)

    c = res30[10]
    ans = Answer(sentences=(AnswerSentence(text=c.text, clause=c, score=0.9),), confidence=0.8)
    ok = SearchResult(query="anything", hits=(Hit(clause=c, score=0.9, rank=1),), answer=ans, abstained=False,
                      reference="WTDC Resolution 30, <resolves> 1")
    html = v.results_html(ok)
    assert "No answer found" not in html
    assert v.e(c.citation) in html
    assert '<mark class="ans">' in html
    assert "Read as a citation: <b>WTDC Resolution 30, &lt;resolves&gt; 1</b>" in html
    assert_balanced(html)


def test_no_index_message_names_the_folder_and_the_fix():
    html = v.no_index_html("/tmp/x<y>")
    assert "No index at /tmp/x&lt;y&gt; yet" in html
    assert "itu-search ingest corpus/" in html and "Documents tab" in html
