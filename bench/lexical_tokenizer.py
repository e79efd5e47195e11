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
    try:
        import Stemmer  # PyStemmer: not a dependency of the product; `pip install pystemmer` to compare
    except ImportError:
        Stemmer = None

    from index.context import lexical_text
    from index.lexical import tokenize

    stemmer = Stemmer.Stemmer("english") if Stemmer is not None else None

    def stemmed(text: str) -> list[str]:
        return [t if not t.isalpha() else stemmer.stemWord(t) for t in tokenize(text)]

    clauses = truth_clauses(CORPUS / "truth")
    questions = load_jsonl(EVAL / "dev.jsonl")
    golds = gold_rows(clauses, questions)
    plain = [lexical_text(c) for c in clauses]
    # lexical_text now carries the title; "without title" strips it back out for the comparison
    bare = [t.replace(f" {c.title} ", " ", 1) for c, t in zip(clauses, plain, strict=True)]
    variants = {"tokenize": evaluate(bare, questions, golds, tokenize),
                "tokenize+title": evaluate(plain, questions, golds, tokenize)}
    if Stemmer is not None:
        variants["tokenize+stem"] = evaluate(bare, questions, golds, stemmed)
        variants["tokenize+stem+title"] = evaluate(plain, questions, golds, stemmed)
    out = {"clauses": len(clauses), "questions_answerable": sum(1 for g in golds if g), "variants": variants}
    (RESULTS / "lexical_tokenizer.json").write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
