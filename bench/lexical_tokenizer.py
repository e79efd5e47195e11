"""Lexical variants on the truth clauses and the dev questions: does stemming (PyStemmer, English Snowball)
or the instrument title in the BM25 text help? BM25 only (no dense), recall@10 / MRR@10 of gold clauses.

Run:  .venv/bin/python bench/lexical_tokenizer.py   → bench/results/lexical_tokenizer.json
"""

from __future__ import annotations

import json
import time

from common import CORPUS, EVAL, RESULTS, load_jsonl, truth_clauses
from embed_backends import gold_rows

K = 10


def evaluate(texts, questions, golds, tokenize) -> dict:
    import bm25s
    import numpy as np

    t0 = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index([tokenize(t) or [""] for t in texts], show_progress=False)
    build_s = time.perf_counter() - t0
    hits, rr = 0, 0.0
    answerable = [i for i, g in enumerate(golds) if g]
    for i in answerable:
        scores = retriever.get_scores(tokenize(questions[i]["question"]))
        top = list(np.argsort(-scores)[:K])
        ranks = [r for r, row in enumerate(top) if row in golds[i]]
        hits += bool(ranks)
        rr += 1 / (ranks[0] + 1) if ranks else 0
    return {"recall_at_10": round(hits / len(answerable), 3), "mrr_at_10": round(rr / len(answerable), 3),
            "build_s": round(build_s, 2)}


def main() -> None:
    import Stemmer

    from index.context import lexical_text
    from index.lexical import tokenize

    stemmer = Stemmer.Stemmer("english")

    def stemmed(text: str) -> list[str]:
        return [t if not t.isalpha() else stemmer.stemWord(t) for t in tokenize(text)]

    clauses = truth_clauses(CORPUS / "truth")
    questions = load_jsonl(EVAL / "dev.jsonl")
    golds = gold_rows(clauses, questions)
    plain = [lexical_text(c) for c in clauses]
    titled = [f"{c.title} {t}" for c, t in zip(clauses, plain, strict=True)]
    out = {"clauses": len(clauses), "questions_answerable": sum(1 for g in golds if g), "variants": {
        "tokenize": evaluate(plain, questions, golds, tokenize),
        "tokenize+stem": evaluate(plain, questions, golds, stemmed),
        "tokenize+title": evaluate(titled, questions, golds, tokenize),
        "tokenize+stem+title": evaluate(titled, questions, golds, stemmed),
    }}
    (RESULTS / "lexical_tokenizer.json").write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
