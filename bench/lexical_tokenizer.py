"""Lexical analysis compared: the format-2 tokenizer (words, numbers, compounds) against the ITU-aware
tokenizer of index format 4 (frequencies in MHz, power units, sub-compounds such as "sm.329", reference
terms such as "rr:9.21"), BM25 only, on the truth clauses; plus what tokenizing costs.

Recall@10 / MRR@10 of gold clauses: dev questions (../shared/eval/dev.jsonl) and the train split
(bench/questions/train.jsonl, per style). The test split is not read here.
Optional: stemming (PyStemmer, `pip install pystemmer`) on top of each tokenizer.

Run:  .venv/bin/python bench/lexical_tokenizer.py   → bench/results/lexical_tokenizer.json
"""

from __future__ import annotations

import json
import os
import re
import statistics
import time
from functools import lru_cache

from common import CORPUS, EVAL, QUESTIONS, RESULTS, load_jsonl, truth_clauses
from embed_backends import gold_rows

K = 10

# ---- the format-2 tokenizer, frozen here for the comparison (index/lexical.py before format 4) ----------
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-") | {"\u00ad": None})
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_TOKEN = re.compile(r"[0-9a-z\u00c0-\u024f]+(?:[-./][0-9a-z\u00c0-\u024f]+)*")
_PART = re.compile(r"[0-9a-z\u00c0-\u024f]+")
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+")


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def format2_tokenize(text: str) -> list[str]:
    stop = _stop()
    text = text.lower().translate(_DASHES).translate(_APOSTROPHES).replace("'s ", " ")
    text = _URL.sub(" ", text)
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        parts = _PART.findall(token)
        if len(parts) > 1:
            out.append(token)
            out.extend(p for p in parts if p not in stop)
        elif token not in stop:
            out.append(token)
    return out


def cpu_seconds(texts, fn, repeats: int = 5) -> float:
    """Median CPU seconds (process time: what the shared machine's load changes least) of `fn` over texts."""
    runs = []
    for _ in range(repeats):
        t0 = time.process_time()
        for t in texts:
            fn(t)
        runs.append(time.process_time() - t0)
    return statistics.median(runs)


def evaluate(retriever, questions, golds, tokenize) -> dict:
    import numpy as np

    hits, rr, n = 0, 0.0, 0
    for q, gold in zip(questions, golds, strict=True):
        if not gold:
            continue
        n += 1
        scores = retriever.get_scores(tokenize(q["question"]) or [""])
        top = list(np.argsort(-scores, kind="stable")[:K])
        ranks = [r for r, row in enumerate(top) if row in gold]
        hits += bool(ranks)
        rr += 1 / (ranks[0] + 1) if ranks else 0
    return {"n": n, "recall_at_10": round(hits / n, 3) if n else None, "mrr_at_10": round(rr / n, 3) if n else None}


def main() -> None:
    import bm25s

    try:
        import Stemmer  # PyStemmer: not a dependency of the product
    except ImportError:
        Stemmer = None

    from index.context import lexical_text
    from index.lexical import _tokenize, tokenize

    clauses = truth_clauses(CORPUS / "truth")
    texts = [lexical_text(c) for c in clauses]
    sets = {"dev": load_jsonl(EVAL / "dev.jsonl")}
    train = QUESTIONS / "train.jsonl"
    if train.is_file():
        sets["train"] = load_jsonl(train)
    golds = {name: gold_rows(clauses, qs) for name, qs in sets.items()}

    tokenizers = {"format2": format2_tokenize, "itu": tokenize,
                  "itu-no-quantities": lambda t: _tokenize(t, quantities=False),
                  "itu-no-references": lambda t: _tokenize(t, references=False),
                  "itu-no-reference-bodies": lambda t: _tokenize(t, ref_bodies=False),
                  "itu-no-sub-compounds": lambda t: _tokenize(t, sub_compounds=False),
                  "itu-no-plain-numbers": lambda t: _tokenize(t, plain_numbers=False)}
    if Stemmer is not None:
        stemmer = Stemmer.Stemmer("english")
        tokenizers["itu+stem"] = lambda t: [w if not w.isalpha() else stemmer.stemWord(w) for w in tokenize(t)]

    variants = {}
    for name, tok in tokenizers.items():
        t0 = time.perf_counter()
        retriever = bm25s.BM25()
        retriever.index([tok(t) or [""] for t in texts], show_progress=False)
        build_s = time.perf_counter() - t0
        row = {"tokenize_cpu_s": round(cpu_seconds(texts, tok), 3), "bm25_build_s": round(build_s, 2)}
        for set_name, qs in sets.items():
            row[set_name] = evaluate(retriever, qs, golds[set_name], tok)
            if set_name == "train":
                by_style = {}
                for style in sorted({q.get("style", "") for q in qs}):
                    pick = [i for i, q in enumerate(qs) if q.get("style", "") == style]
                    by_style[style] = evaluate(retriever, [qs[i] for i in pick], [golds[set_name][i] for i in pick], tok)
                row["train_by_style"] = {k: v for k, v in by_style.items() if v["n"]}
        variants[name] = row
    from ingest.references import extract_references

    ratio = variants["itu"]["tokenize_cpu_s"] / variants["format2"]["tokenize_cpu_s"]
    extract_s = cpu_seconds([c.text for c in clauses], extract_references)
    added = variants["itu"]["tokenize_cpu_s"] - variants["format2"]["tokenize_cpu_s"] + extract_s
    ingest = json.loads((RESULTS / "ingest.json").read_text())["runs"]["onnx-int8"]["first_run"]
    out = {"clauses": len(clauses), "load_avg": [round(x, 2) for x in os.getloadavg()],
           "tokenize_cost_ratio_itu_vs_format2": round(ratio, 2),
           "extract_references_cpu_s": round(extract_s, 3),
           "added_cpu_s_per_ingest": round(added, 3),
           "added_share_of_ingest_cpu": round(added / ingest["cpu_s"], 4),
           "ingest_reference": "bench/results/ingest.json onnx-int8 first run: "
                               f"{ingest['cpu_s']} CPU s, {ingest['clauses']} clauses",
           "note": "CPU seconds: median of 5 passes over every clause's lexical text (extraction: clause "
                   "text, as at ingest); added = ITU tokenizer minus format-2 tokenizer plus reference "
                   "extraction for the store. train is in-sample for any choice made with this bench; "
                   "the test split is not read",
           "variants": variants}
    (RESULTS / "lexical_tokenizer.json").write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
