#!/usr/bin/env python3
"""Reference gamma figures from pygamma-agreement, for the concord-gamma cross-check.

Input (stdin or a file argument), JSON:

    {"continua": [{"name": "doc1",
                   "annotators": {"a": [[start, end, "label"], ...], "b": [...]},
                   "alpha": 1, "beta": 1, "delta_empty": 1,      # optional, pygamma defaults
                   "gamma": true,                                # optional: also sample chance
                   "samples": 30, "seed": 4772}]}                # optional

`--generate SEED ANNOTATORS UNITS [SEED ANNOTATORS UNITS ...]` writes such an input instead
(news-like generated continua, see `generate`).

Output (stdout), JSON: one object per continuum with "name", "observed_disorder" (best
alignment, deterministic), "unitary_alignments", "seconds_alignment", and when "gamma" is
set: "chance_disorder", "chance_std" (population std of the sampled disorders), "samples",
"gamma", "gamma_cat", "gamma_k" (per label), "seconds_gamma".

pygamma-agreement's defaults throughout: CombinedCategoricalDissimilarity (absolute
categorical), StatisticalContinuumSampler, 30 samples, no precision level. Setup:

    python3 -m venv target/gamma-venv && target/gamma-venv/bin/pip install pygamma-agreement
    target/gamma-venv/bin/python xtask/crosscheck/gamma_reference.py input.json > output.json
"""
import json
import logging
import os
import sys
import time

import numpy as np
from pyannote.core import Segment

import pygamma_agreement as pa

logging.getLogger().setLevel(logging.ERROR)


def build(spec):
    continuum = pa.Continuum()
    for annotator, units in spec["annotators"].items():
        continuum.add_annotator(annotator)
        for start, end, label in units:
            continuum.add(annotator, Segment(float(start), float(end)), str(label))
    return continuum


def run(spec):
    continuum = build(spec)
    dissim = pa.CombinedCategoricalDissimilarity(alpha=spec.get("alpha", 1.0),
                                                 beta=spec.get("beta", 1.0),
                                                 delta_empty=spec.get("delta_empty", 1.0))
    out = {"name": spec.get("name")}
    t0 = time.perf_counter()
    best = continuum.get_best_alignment(dissim)
    out["seconds_alignment"] = time.perf_counter() - t0
    out["observed_disorder"] = float(best.disorder)
    out["unitary_alignments"] = len(best.unitary_alignments)
    if spec.get("gamma"):
        np.random.seed(spec.get("seed", 4772))
        t0 = time.perf_counter()
        res = continuum.compute_gamma(dissim, n_samples=spec.get("samples", 30))
        chance = [float(a.disorder) for a in res.chance_alignments]
        out["gamma"] = float(res.gamma)
        out["chance_disorder"] = float(res.expected_disorder)
        out["chance_std"] = float(np.std(chance))
        out["samples"] = len(chance)
        out["observed_disorder_gamma_run"] = float(res.observed_disorder)
        out["seconds_gamma"] = time.perf_counter() - t0
        if spec.get("gamma_cat", True):
            out["gamma_cat"] = float(res.gamma_cat)
            out["gamma_k"] = {c: float(res.gamma_k(c)) for c in continuum.categories}
    return out


def generate(seed, annotators, units, gamma=False):
    """A news-like continuum: a reference of `units` spans laid left to right (gaps 0-40,
    lengths 2-30 code points, 4 labels); each annotator copies it with boundary jitter, ~10 %
    of labels changed, ~8 % of spans dropped and ~5 % spurious spans added."""
    import random
    rnd = random.Random(seed)
    labels = ["ORG", "PER", "LOC", "MISC"]
    reference, pos = [], 0
    for _ in range(units):
        pos += rnd.randint(0, 40)
        length = rnd.randint(2, 30)
        reference.append((pos, pos + length, rnd.choice(labels)))
        pos += length
    out = {}
    for a in range(annotators):
        spans = []
        for start, end, label in reference:
            if rnd.random() < 0.08:
                continue
            s = max(0, start + rnd.choice([0, 0, 0, -1, 1, -3, 2]))
            e = max(s + 1, end + rnd.choice([0, 0, 0, -1, 1, 4, -2]))
            spans.append([s, e, rnd.choice(labels) if rnd.random() < 0.1 else label])
        for _ in range(int(0.05 * units)):
            s = rnd.randint(0, pos)
            spans.append([s, s + rnd.randint(2, 20), rnd.choice(labels)])
        out[f"annotator_{a}"] = sorted({tuple(x) for x in spans})
    return {"name": f"generated seed={seed} {annotators}x{units}", "annotators": out, "gamma": gamma}


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--generate":
        # --generate SEED ANNOTATORS UNITS [...]: writes an input file's JSON to stdout.
        args = [int(x) for x in sys.argv[2:]]
        specs = [generate(*args[i:i + 3], gamma=True) for i in range(0, len(args), 3)]
        json.dump({"continua": specs}, sys.stdout)
        return
    source = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
    specs = json.load(source)["continua"]
    # GLPK writes its log to file descriptor 1: keep it off the JSON.
    sys.stdout.flush()
    json_out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    results = [run(spec) for spec in specs]
    json.dump(results, json_out, indent=1)
    json_out.write("\n")
    json_out.close()


if __name__ == "__main__":
    main()
