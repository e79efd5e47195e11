"""Domain adaptation of the bundled all-MiniLM-L6-v2 on pairs mined from the corpus's own structure.

    .venv/bin/python bench/adapt_model.py [--out DIR] [--pairs N] [--batch 16] [--seed 13]

Pairs (no question, no gold answer is used; only the parsed clauses of the index):
* instrument title -> clause text (what a clause is about, in the words of its title);
* lead-in -> nested item ("to assist Member States:" -> "a) ...");
* footnote -> the clause that cites it.
Training: one epoch of sentence-transformers' MultipleNegativesRankingLoss (in-batch negatives), batches
with no repeated anchor or positive text, seeded, CPU, max 128 word pieces, written to
bench/results/tmp/minilm-adapted (git-ignored). bench/semantic.py --adapted DIR measures it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from common import TMP

OUT = TMP / "minilm-adapted"


def mine_pairs(clauses) -> list[tuple[str, str, str]]:
    """(kind, anchor, positive) pairs from the clauses' structure; one per clause and relation."""
    pairs: list[tuple[str, str, str]] = []
    by_inst: dict[tuple[str, str], list] = {}
    for c in clauses:
        by_inst.setdefault((c.file, c.instrument_ref), []).append(c)
    for group in by_inst.values():
        notes = {c.label: c for c in group if c.kind == "footnote"}
        for c in group:
            text = c.text.strip()
            if len(text.split()) < 5:
                continue
            if c.title and c.kind != "footnote":
                pairs.append(("title", c.title.strip(), text))
            if c.lead_in and c.kind != "footnote":
                pairs.append(("lead_in", c.lead_in.strip(), text))
            for mark in c.footnote_refs or ():
                note = notes.get(mark)
                if note is not None and len(note.text.split()) >= 5:
                    pairs.append(("footnote", note.text.strip(), text))
    return pairs


def batches(pairs: list[tuple[str, str, str]], size: int, rng: random.Random) -> list[list[tuple[str, str, str]]]:
    """Shuffled batches in which no anchor or positive text repeats (a repeat would be a false negative)."""
    pool = pairs[:]
    rng.shuffle(pool)
    out: list[list[tuple[str, str, str]]] = []
    while pool:
        batch, seen, rest = [], set(), []
        for p in pool:
            if len(batch) < size and p[1] not in seen and p[2] not in seen:
                batch.append(p)
                seen.update((p[1], p[2]))
            else:
                rest.append(p)
        if len(batch) < 2:
            break
        out.append(batch)
        pool = rest
    return out


def fine_tune(clauses, out: Path, *, max_pairs: int, batch_size: int, seed: int, lr: float = 2e-5,
              triplets: Sequence[tuple[str, str, str]] = (), epochs: int = 1) -> dict:
    """Fine-tune on up to `max_pairs` structure pairs and, if given, (question, gold clause, negative)
    `triplets` for `epochs` epochs (bench/adapt_cv.py); batches hold one kind only."""
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer, losses

    from index.embedders import model_path

    rng = random.Random(seed)
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(2)
    pairs = mine_pairs(clauses)
    kinds = {k: sum(p[0] == k for p in pairs) for k in ("title", "lead_in", "footnote")}
    if len(pairs) > max_pairs:
        pairs = rng.sample(pairs, max_pairs)
    model = SentenceTransformer(str(model_path("all-MiniLM-L6-v2")), device="cpu")
    model.max_seq_length = 128
    loss = losses.MultipleNegativesRankingLoss(model)
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    plan = [b for _ in range(epochs) for b in batches(pairs, batch_size, rng)] if pairs else []
    if triplets:
        plan += [b for _ in range(epochs) for b in batches([("question", *t) for t in triplets], batch_size, rng)]
        rng.shuffle(plan)
    warmup = max(1, len(plan) // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: min(1.0, (step + 1) / warmup))
    model.train()
    t0 = time.perf_counter()
    losses_seen = []
    for step, batch in enumerate(plan):
        columns = 3 if batch[0][0] == "question" and all(p[3] for p in batch) else 2
        feats = [model.tokenize([p[i] for p in batch]) for i in range(1, columns + 1)]
        value = loss(feats, None)
        opt.zero_grad()
        value.backward()
        opt.step()
        sched.step()
        losses_seen.append(float(value.detach()))
        if step % 10 == 0:
            print(f"step {step}/{len(plan)} loss {np.mean(losses_seen[-20:]):.3f} "
                  f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    model.save(str(out))
    info = {"base": "all-MiniLM-L6-v2", "pairs_mined": kinds, "pairs_used": len(pairs),
            "question_triplets": len(triplets), "batches": len(plan),
            "batch_size": batch_size, "seed": seed, "lr": lr, "epochs": epochs, "max_seq_length": 128,
            "loss_first_20": round(float(np.mean(losses_seen[:20])), 4),
            "loss_last_20": round(float(np.mean(losses_seen[-20:])), 4),
            "train_seconds": round(time.perf_counter() - t0, 1)}
    (out / "adaptation.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--pairs", type=int, default=1600)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args(argv)
    from semantic import INDEX_DIR

    import index

    clauses = index.open(INDEX_DIR).clauses
    print(json.dumps(fine_tune(clauses, a.out, max_pairs=a.pairs, batch_size=a.batch, seed=a.seed), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
