"""How the 'not addressed' (silence) threshold rule holds on a style of question it never saw, TRAIN only.

    .venv/bin/python bench/silence_rule.py     # reads bench/results/fit*.json, writes bench/results/silence_rule.json

The silence threshold (bench/fit.py) abstains on at most SILENCE_ANSWERABLE of the answerable TRAIN
questions, measured on the silence model's in-sample probabilities. A candidate rule measures that share on
leave-one-style-out probabilities instead, to hold when users ask in a style the fit saw little of. Both
rules are scored the same way, nested: each answerable style in turn is held out (the unanswerable
questions spread over the held-out groups by a hash of their id), the rule is applied to the rest, and the
held-out group's abstentions are counted. The inputs are the out-of-fold confidence features that
bench/fit.py recorded per TRAIN question (`confidence.per_question`); no test question is read.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit  # noqa: E402
from common import RESULTS, TRAIN_FILES, load_jsonl, question_style  # noqa: E402

FITS = {"bundled MiniLM": "fit.json", "fine-tuned MiniLM": "fit-all-MiniLM-L6-v2-itu.json"}


def silence_model(x: np.ndarray, answerable: np.ndarray):
    return fit.logistic(x, (~answerable).astype(float), fit.SILENCE_PENALTY)


def threshold_in_sample(x: np.ndarray, answerable: np.ndarray, groups: np.ndarray) -> tuple:
    model = silence_model(x, answerable)
    return model, fit.silence_threshold(fit.predict(model, x), answerable)


def threshold_leave_one_style_out(x: np.ndarray, answerable: np.ndarray, groups: np.ndarray) -> tuple:
    p = np.zeros(len(answerable))
    for g in sorted(set(groups)):
        held = groups == g
        p[held] = fit.predict(silence_model(x[~held], answerable[~held]), x[held])
    return silence_model(x, answerable), fit.silence_threshold(p, answerable)


RULES = {"in-sample (as fitted)": threshold_in_sample, "leave-one-style-out": threshold_leave_one_style_out}


def held_out_style_abstentions(rule, x: np.ndarray, answerable: np.ndarray, groups: np.ndarray) -> dict:
    out: dict = {"answerable": 0, "unanswerable": 0, "by_style": {}}
    for g in sorted(set(groups)):
        held = groups == g
        model, thr = rule(x[~held], answerable[~held], groups[~held])
        abstains = fit.predict(model, x[held]) >= thr
        n_ans = int((abstains & answerable[held]).sum())
        out["answerable"] += n_ans
        out["unanswerable"] += int((abstains & ~answerable[held]).sum())
        out["by_style"][g] = f"{n_ans}/{int(answerable[held].sum())}"
    return out


def main() -> int:
    questions = {q["id"]: q for path in TRAIN_FILES for q in load_jsonl(path)}
    report: dict = {"what": __doc__.split("\n\n")[2].replace("\n", " "), "budget": fit.SILENCE_ANSWERABLE,
                    "load_average_1min": round(os.getloadavg()[0], 2), "models": {}}
    for model_name, file in FITS.items():
        per_question = json.loads((RESULTS / file).read_text())["confidence"]["per_question"]
        ids = list(per_question)
        cols = [fit.CONF_FEATURES.index(f) for f in fit.SILENCE_FEATURES]
        x = np.array([per_question[i]["features"] for i in ids])[:, cols]
        answerable = np.array([per_question[i]["answerable"] for i in ids])
        styles = sorted({question_style(questions[i]) for i, a in zip(ids, answerable, strict=True) if a})
        groups = np.array([question_style(questions[i]) if a else styles[fit.fold_of("silence" + i, len(styles))]
                           for i, a in zip(ids, answerable, strict=True)])
        report["models"][model_name] = {
            "fit_file": file, "answerable": int(answerable.sum()), "unanswerable": int((~answerable).sum()),
            "rules": {name: held_out_style_abstentions(rule, x, answerable, groups) for name, rule in RULES.items()},
        }
    (RESULTS / "silence_rule.json").write_text(json.dumps(report, indent=2) + "\n")
    for model_name, m in report["models"].items():
        for name, r in m["rules"].items():
            print(f"{model_name}, {name}: 'not addressed' on held-out styles {r['answerable']}/{m['answerable']} "
                  f"answerable, {r['unanswerable']}/{m['unanswerable']} unanswerable; {r['by_style']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
