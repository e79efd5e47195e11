"""The calibration measure the benchmarks report (bench/common.py): ECE and how much of it is chance."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from common import ece, ece_spread  # noqa: E402


def test_ece_is_the_weighted_gap_between_confidence_and_share_right():
    conf = np.array([0.7] * 10 + [0.2] * 10)
    right = np.array([1] * 7 + [0] * 3 + [1] * 5 + [0] * 5)
    value, table = ece(conf, right)
    assert value == 0.15  # bin 0.7: no gap; bin 0.2: |0.2 - 0.5| = 0.3 over half the questions
    assert [(r["bin"], r["n"], r["share_right"]) for r in table] == [("0.2-0.3", 10, 0.5), ("0.7-0.8", 10, 0.7)]


def test_a_confidence_on_a_bin_edge_falls_in_the_bin_it_opens():
    edges = np.array([0.0, 0.1, 0.3, 0.6, 0.7, 0.9, 1.0])  # linspace edges are 0.30000000000000004, ...: not these
    _, table = ece(edges, np.ones(len(edges)))
    assert [r["bin"] for r in table] == ["0.0-0.1", "0.1-0.2", "0.3-0.4", "0.6-0.7", "0.7-0.8", "0.9-1.0"]
    assert [r["n"] for r in table] == [1, 1, 1, 1, 1, 2]  # 1.0 belongs to the last bin


def test_a_calibrated_model_stays_inside_the_chance_band_and_an_overconfident_one_does_not():
    rng = np.random.default_rng(7)
    conf = rng.uniform(0.3, 0.95, 120)
    calibrated = rng.random(120) < conf
    spread = ece_spread(conf, calibrated)
    assert ece(conf, calibrated)[0] <= spread["if_calibrated_95"]
    assert spread["if_calibrated_median"] > 0.05  # at ~120 questions, chance alone exceeds a 0.05 target

    overconfident = rng.random(120) < conf - 0.25
    low, high = ece_spread(conf, overconfident)["bootstrap_90"]
    assert ece(conf, overconfident)[0] > spread["if_calibrated_95"]
    assert low > spread["if_calibrated_median"]
