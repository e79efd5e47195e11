"""Optional generated answer from an OpenAI-compatible chat endpoint, citing only the retrieved clauses.

Off unless an endpoint URL is configured (`SearchSettings.llm_url`, from ITU_SEARCH_LLM_URL at the entry
points; e.g. http://127.0.0.1:8080/v1 of a local server). The model sees
the top clauses numbered [1]..[n] with their citations and must answer from them alone, citing them by
number. Before anything is shown every citation is checked: a reply that cites no clause, or a number
that is not one of the clauses it was given, is dropped (the extractive answer stands). Checked markers
are replaced by the clause citations. Network problems never fail a search: the generated part is
simply absent.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

from .records import Hit

TIMEOUT_S = 20.0
MAX_CLAUSES = 5
MAX_CLAUSE_CHARS = 1200
_MARK = re.compile(r"\[(\d{1,2})\]")

SYSTEM_PROMPT = (
    "You answer questions about ITU resolutions using only the numbered clauses given. Cite every statement "
    "with the clause number in square brackets, e.g. [2]. If the clauses do not answer the question, reply "
    "exactly: NOT ANSWERED."
)


@dataclass(frozen=True, slots=True)
class Generated:
    text: str  # with [n] replaced by the clause citations
    cited: tuple[int, ...]  # 1-based numbers of the clauses cited


def prompt(question: str, hits: Sequence[Hit]) -> list[dict]:
    blocks = [f"[{i}] {h.clause.citation}\n{h.clause.text[:MAX_CLAUSE_CHARS]}" for i, h in enumerate(hits, 1)]
    return [{"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": "Clauses:\n\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}"}]


def check(reply: str, hits: Sequence[Hit]) -> Generated | None:
    """The reply with its citations resolved, or None if it cites nothing or anything not given."""
    reply = reply.strip()
    if not reply or reply.upper().startswith("NOT ANSWERED"):
        return None
    marks = [int(m) for m in _MARK.findall(reply)]
    if not marks or any(not 1 <= m <= len(hits) for m in marks):
        return None
    text = _MARK.sub(lambda m: f"({hits[int(m.group(1)) - 1].clause.citation})", reply)
    return Generated(text, tuple(dict.fromkeys(marks)))


def generate(question: str, hits: Sequence[Hit], *, url: str, model: str | None = None,
             timeout: float = TIMEOUT_S) -> Generated | None:
    """Ask the endpoint at `url`; None when it is unreachable or its reply fails the check."""
    if not url or not hits:
        return None
    hits = list(hits[:MAX_CLAUSES])
    body = {"model": model or "default", "messages": prompt(question, hits),
            "temperature": 0}
    req = urllib.request.Request(url.rstrip("/") + "/chat/completions", data=json.dumps(body).encode("utf-8"),
                                 headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310  (a configured local endpoint)
            data = json.loads(resp.read().decode("utf-8"))
        reply = data["choices"][0]["message"]["content"]
    except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError, TypeError):
        return None
    return check(str(reply), hits)
