"""The whole search pipeline with each part of the ITU-aware lexical analysis switched on or off.

On the real parser's index of ../shared/corpus/pdf (built by bench/eval.py in bench/results/tmp/index-pdf,
real model), the BM25 index is rebuilt in memory with each tokenizer variant, and `search.ask` answers the
dev questions and the TRAIN split (bench/questions/train.jsonl); score.py scores them. Variants: the
format-2 tokenizer (before), the ITU tokenizer without quantities / references / sub-compounds, and the
fusion bonuses (cited-reference, multiple-choice evidence) off or at other values. Choices made from
this table are made on train (and dev, which the shipped fusion settings were already fitted on); the
test split is not read.

Run:  .venv/bin/python bench/lexical_variants.py [--sets dev,train]  → bench/results/lexical_variants.json
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import replace

from common import CORPUS, EVAL, QUESTIONS, RESULTS, TMP, load_jsonl, scorer


def run(idx, questions, settings) -> dict[str, dict]:
    from search import ask
    from search.batch import result_record

    return {q["id"]: result_record(q["id"], ask(idx, q["question"], k=10, settings=settings)) for q in questions}


def summary(sc, questions, results, truth) -> dict:
    out = sc.score(questions, results, truth)
    keep = {k: out[k] for k in ("recall@1", "recall@5", "mrr@10", "abstained_on_answerable",
                                "abstained_on_unanswerable", "answerable")}
    by_style: dict[str, dict] = {}
    for style in sorted({q.get("style", "") for q in questions if q.get("style")}):
        qs = [q for q in questions if q.get("style") == style and q["gold"]]
        if qs:
            s = sc.score(qs, results, truth)
            by_style[style] = {"n": len(qs), "recall@1": s["recall@1"], "recall@5": s["recall@5"], "mrr@10": s["mrr@10"]}
    if by_style:
        keep["by_style"] = by_style
    return keep


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", default=str(TMP / "index-pdf"))
    ap.add_argument("--sets", default="dev,train")
    ap.add_argument("--variants", default="")
    a = ap.parse_args()

    from lexical_tokenizer import format2_tokenize

    import index
    import index.lexical as lx
    from search.engine import DEFAULT_SETTINGS

    sc = scorer()
    truth = sc.Truth([CORPUS / "truth"])
    files = {"dev": EVAL / "dev.jsonl", "train": QUESTIONS / "train.jsonl"}
    sets = {name: load_jsonl(files[name]) for name in a.sets.split(",")}
    idx = index.open(a.index)
    texts = idx._lexical_texts
    full = lx.tokenize
    fusion = DEFAULT_SETTINGS.fusion
    variants = {
        "format2 tokenizer, no bonuses": (format2_tokenize, {"cited_reference": 0.0, "choice_evidence": 0.0}),
        "itu tokenizer, no bonuses": (full, {"cited_reference": 0.0, "choice_evidence": 0.0}),
        "itu tokenizer without reference terms": (lambda t: lx._tokenize(t, references=False), {}),
        "itu tokenizer without quantities": (lambda t: lx._tokenize(t, quantities=False), {}),
        "itu tokenizer without sub-compounds": (lambda t: lx._tokenize(t, sub_compounds=False), {}),
        "shipped (itu tokenizer, bonuses)": (full, {}),
        "itu tokenizer dropping the plain numbers of quantities": (lambda t: lx._tokenize(t, plain_numbers=False),
                                                                    {}),
        "cited_reference 0.4": (full, {"cited_reference": 0.4}),
        "choice_evidence 0.3": (full, {"choice_evidence": 0.3}),
        "choice_evidence 1.0": (full, {"choice_evidence": 1.0}),
    }
    if a.variants:
        variants = {k: v for k, v in variants.items() if k in a.variants.split("|")}
    out = {"index": a.index, "clauses": len(idx), "fusion_defaults": {"cited_reference": fusion.cited_reference,
                                                                       "choice_evidence": fusion.choice_evidence},
           "load_avg_start": [round(x, 2) for x in os.getloadavg()], "variants": {}}
    for name, (tok, fusion_changes) in variants.items():
        t0 = time.perf_counter()
        lx.tokenize = tok
        try:
            idx._lexical = lx.Lexical.build(texts)
            settings = replace(DEFAULT_SETTINGS, fusion=replace(fusion, **fusion_changes))
            row = {}
            for set_name, qs in sets.items():
                row[set_name] = summary(sc, qs, run(idx, qs, settings), truth)
        finally:
            lx.tokenize = full
        row["seconds"] = round(time.perf_counter() - t0, 1)
        out["variants"][name] = row
        print(name, json.dumps({k: {m: v.get(m) for m in ("recall@1", "recall@5", "mrr@10")}
                                for k, v in row.items() if isinstance(v, dict)}), flush=True)
    out["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    (RESULTS / "lexical_variants.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
