"""The optional generated answer, against a tiny fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

import config
from index import FakeEmbedder, Index
from ingest.records import Clause
from search import ask, llm
from search.engine import SearchSettings
from search.records import Hit


def _clause(label, text):
    return Clause(file="pp.pdf", instrument="Resolution", number="41", revision="Rev. Dubai, 2018", body="PP",
                  title="Arrears and special arrears accounts", section="instructs the ITU Council", kind="operative",
                  label=label, text=text, page=34, printed_page="30")


CLAUSES = [_clause("1", "to agree repayment schedules of up to fifteen years for least developed countries"),
           _clause("2", "to consider writing off interest on overdue payments")]


class FakeChat(BaseHTTPRequestHandler):
    reply = ""
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802  (http.server API)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeChat.requests.append({"path": self.path, "body": body})
        out = json.dumps({"choices": [{"message": {"role": "assistant", "content": FakeChat.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    srv = HTTPServer(("127.0.0.1", 0), FakeChat)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    FakeChat.requests = []
    yield SearchSettings(llm_url=f"http://127.0.0.1:{srv.server_port}/v1")
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def idx():
    return Index.from_clauses([replace(c, ordinal=i) for i, c in enumerate(CLAUSES)], FakeEmbedder())


def test_generated_answer_with_checked_citations(server, idx):
    FakeChat.reply = "Least developed countries may repay over up to fifteen years [1]."
    r = ask(idx, "repayment schedule years least developed countries", k=2, settings=server)
    assert not r.abstained
    assert r.answer.generated == ("Least developed countries may repay over up to fifteen years "
                                  "(Resolution 41 (Rev. Dubai, 2018), instructs the ITU Council 1, p. 30).")
    sent = FakeChat.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    user = sent["body"]["messages"][-1]["content"]
    assert "[1] Resolution 41" in user and "Question: repayment schedule" in user


@pytest.mark.parametrize("reply", [
    "Repay over fifteen years [3].",  # cites a clause it was not given
    "Repay over fifteen years.",  # cites nothing
    "NOT ANSWERED",
])
def test_unchecked_replies_are_dropped(server, idx, reply):
    FakeChat.reply = reply
    r = ask(idx, "repayment schedule years least developed countries", k=2, settings=server)
    assert FakeChat.requests and r.answer is not None and r.answer.generated == ""


def test_unreachable_endpoint_does_not_fail_the_search(idx):
    off = SearchSettings(llm_url="http://127.0.0.1:9/v1")  # discard port: nothing listens
    r = ask(idx, "repayment schedule years least developed countries", k=2, settings=off)
    assert r.hits and r.answer.generated == ""


def test_check_maps_every_marker():
    hits = [Hit(c, 1.0, i + 1) for i, c in enumerate(CLAUSES)]
    g = llm.check("A [1]. B [2][1].", hits)
    assert g.cited == (1, 2) and "[" not in g.text
    assert llm.check("A [0].", hits) is None


def test_no_endpoint_no_request(server, idx):
    FakeChat.reply = "Repay over fifteen years [1]."
    r = ask(idx, "repayment schedule years least developed countries", k=2)
    assert FakeChat.requests == [] and r.answer.generated == ""


def test_the_endpoint_comes_from_the_environment_at_the_entry_point(monkeypatch):
    monkeypatch.setenv(config.LLM_URL_ENV, " http://127.0.0.1:8080/v1 ")
    monkeypatch.setenv(config.LLM_MODEL_ENV, "qwen")
    settings = config.AppSettings.from_env()
    assert settings.search.llm_url == "http://127.0.0.1:8080/v1" and settings.search.llm_model == "qwen"
    monkeypatch.delenv(config.LLM_URL_ENV)
    assert config.AppSettings.from_env().search.llm_url is None
