"""Reference figures for `cargo xtask crosscheck`, computed with the Python packages the
measures are usually taken from, on the same data concord-agreement sees.

Usage: reference.py INPUT.json OUTPUT.json

INPUT: {"labels": [...], "annotators": [...], "documents": [{"id", "text",
        "by_annotator": {annotator: [[start, end, label], ...]}}]}  (code-point offsets,
        half-open; spans in concord's order; a missing annotator key means "no file").
OUTPUT: {"figures": {key: number or null}, "timings": {measure: seconds}, "versions": {...}}

- span matching: nervaluate's Evaluator (dict loader; inclusive ends, so end - 1).
- Cohen's kappa: sklearn.metrics.cohen_kappa_score on token labels.
- Fleiss' kappa: statsmodels.stats.inter_rater.fleiss_kappa on the tokens of documents every
  annotator has a file for.
- Krippendorff's alpha: krippendorff.alpha (nominal), np.nan for annotators without a file.
- Unitizing alpha: an independent, naive implementation of Krippendorff (2004) as DKPro
  Statistics computes it (all segment pairs, no sweep), pooled over documents with gaps that
  never cross a document boundary, as docs/metrics.md describes.
"""

import bisect
import json
import re
import sys
import time
import warnings
from importlib.metadata import version

import krippendorff
import numpy as np
from nervaluate.evaluator import Evaluator
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

warnings.filterwarnings("ignore")
WORD = re.compile(r"\w+")
SCHEMES = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


def token_labels(tokens, spans, label_index):
    """Category per token: 0 = O, label index + 1; first overlapping span by (start, -end, label)."""
    out = []
    for ts, te in tokens:
        best = None
        for s, e, lab in spans:
            if s < e and s < te and ts < e:
                key = (s, -e, lab)
                if best is None or key < best[0]:
                    best = (key, lab)
        out.append(0 if best is None else label_index[best[1]] + 1)
    return out


def merged(intervals, length):
    ivs = sorted((min(s, length), min(e, length)) for s, e in intervals)
    ivs = [iv for iv in ivs if iv[0] < iv[1]]
    out = []
    for s, e in ivs:
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [tuple(iv) for iv in out]


def segments(units, length):
    """Units (True) and gaps (False) tiling [0, length)."""
    out, pos = [], 0
    for s, e in units:
        if s > pos:
            out.append((pos, s, False))
        out.append((s, e, True))
        pos = e
    if pos < length:
        out.append((pos, length, False))
    return out


def delta(a, b):
    """Krippendorff (2004) / DKPro distance between two segments."""
    (b1, e1, u1), (b2, e2, u2) = a, b
    if u1 and u2:
        return (b1 - b2) ** 2 + (e1 - e2) ** 2 if (b1 < e2 and b2 < e1) else 0
    if u1 and not u2:
        return (e1 - b1) ** 2 if (b2 <= b1 and e1 <= e2) else 0
    if u2 and not u1:
        return (e2 - b2) ** 2 if (b1 <= b2 and e2 <= e1) else 0
    return 0


def unitizing(docs, raters, n_labels):
    """docs: list of (length, {rater: [(s, e, label_index)]}) with every rater present.
    Returns (overall, [per label])."""
    r = len(raters)
    total_length = sum(length for length, _ in docs)
    d_o, d_e = {}, {}
    for c in range(n_labels):
        dist, units, gaps = 0, [], []
        for length, by in docs:
            per = {a: merged([(s, e) for s, e, lab in by[a] if lab == c], length) for a in raters}
            for a in raters:
                units += [e - s for s, e in per[a]]
                gaps += [e - s for s, e, u in segments(per[a], length) if not u]
            for i in range(r):
                for j in range(i + 1, r):
                    si, sj = segments(per[raters[i]], length), segments(per[raters[j]], length)
                    dist += sum(delta(x, y) for x in si for y in sj)
        if not units or total_length == 0:
            continue
        gaps.sort()
        suffix_count = [0] * (len(gaps) + 1)
        suffix_sum = [0] * (len(gaps) + 1)
        for i in range(len(gaps) - 1, -1, -1):
            suffix_count[i] = suffix_count[i + 1] + 1
            suffix_sum[i] = suffix_sum[i + 1] + gaps[i] + 1
        n_c = len(units)
        num = 0
        for l in units:
            i = bisect.bisect_left(gaps, l)
            num += (n_c - 1) * l * (l - 1) * (2 * l - 1) // 3 + l * l * (suffix_sum[i] - l * suffix_count[i])
        den = r * total_length * (r * total_length - 1) - sum(l * (l - 1) for l in units)
        d_o[c] = 2 * dist / (r * (r - 1) * total_length**2)
        d_e[c] = 2 * num / (total_length * den) if den else 0.0
    per_label = []
    for c in range(n_labels):
        if c in d_e and d_e[c] != 0:
            per_label.append(1 - d_o[c] / d_e[c])
        else:
            per_label.append(None)
    if not d_e or sum(d_e.values()) == 0:
        return None, per_label
    return 1 - (sum(d_o.values()) / len(d_o)) / (sum(d_e.values()) / len(d_e)), per_label


def nan_to_none(x):
    x = float(x)
    return None if x != x or x in (float("inf"), float("-inf")) else x


def main():
    data = json.load(open(sys.argv[1], encoding="utf-8"))
    labels, annotators, docs = data["labels"], data["annotators"], data["documents"]
    label_index = {l: i for i, l in enumerate(labels)}
    figures, timings = {}, {}
    pairs = [(a, b) for i, a in enumerate(annotators) for b in annotators[i + 1 :]]

    # Span matching.
    t0 = time.perf_counter()
    for a, b in pairs:
        both = [d for d in docs if a in d["by_annotator"] and b in d["by_annotator"]]
        if not both:
            continue
        to_dicts = lambda who: [
            [{"label": lab, "start": s, "end": e - 1} for s, e, lab in d["by_annotator"][who]] for d in both
        ]
        result = Evaluator(to_dicts(a), to_dicts(b), tags=labels, loader="dict").evaluate()
        for scheme, name in SCHEMES.items():
            r = result["overall"][name]
            for m in ("precision", "recall", "f1"):
                figures[f"span/{a}/{b}/{scheme}/{m}"] = getattr(r, m)
        for tag, per in result["entities"].items():
            for scheme, name in SCHEMES.items():
                for m in ("precision", "recall", "f1"):
                    figures[f"span/{a}/{b}/{scheme}/{m}/{tag}"] = getattr(per[name], m)
    timings["nervaluate (span matching, every pair and label)"] = time.perf_counter() - t0

    # Token labels.
    t0 = time.perf_counter()
    cats = []  # per document: {annotator: [category per token]}
    for d in docs:
        tokens = [(m.start(), m.end()) for m in WORD.finditer(d["text"])]
        cats.append({a: token_labels(tokens, spans, label_index) for a, spans in d["by_annotator"].items()})
    timings["token labels (pure Python)"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    for a, b in pairs:
        y1, y2 = [], []
        for c in cats:
            if a in c and b in c:
                y1 += c[a]
                y2 += c[b]
        if not y1:
            continue
        figures[f"cohen/{a}/{b}"] = nan_to_none(cohen_kappa_score(y1, y2))
        y1, y2 = np.array(y1), np.array(y2)
        for i, lab in enumerate(labels):
            figures[f"cohen/{a}/{b}/{lab}"] = nan_to_none(cohen_kappa_score(y1 == i + 1, y2 == i + 1))
    timings["scikit-learn cohen_kappa_score"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    k = len(labels) + 1
    complete = [c for c in cats if all(a in c for a in annotators)]
    if complete and len(annotators) >= 2:
        rows = np.concatenate([np.array([c[a] for a in annotators]).T for c in complete if c[annotators[0]]] or [np.zeros((0, len(annotators)), dtype=int)])
        table = np.stack([(rows == v).sum(axis=1) for v in range(k)], axis=1)
        if len(table):
            figures["fleiss"] = nan_to_none(fleiss_kappa(table))
            r = len(annotators)
            for i, lab in enumerate(labels):
                yes = table[:, i + 1]
                figures[f"fleiss/{lab}"] = nan_to_none(fleiss_kappa(np.stack([yes, r - yes], axis=1)))
    timings["statsmodels fleiss_kappa"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    columns = []
    for c in cats:
        n = len(next(iter(c.values()))) if c else 0
        for t in range(n):
            columns.append([c[a][t] if a in c else np.nan for a in annotators])
    if columns:
        rel = np.array(columns, dtype=float).T
        try:
            figures["alpha"] = nan_to_none(krippendorff.alpha(reliability_data=rel, level_of_measurement="nominal"))
        except ValueError:
            figures["alpha"] = None
        for i, lab in enumerate(labels):
            binary = np.where(np.isnan(rel), np.nan, (rel == i + 1).astype(float))
            try:
                figures[f"alpha/{lab}"] = nan_to_none(
                    krippendorff.alpha(reliability_data=binary, level_of_measurement="nominal")
                )
            except ValueError:
                figures[f"alpha/{lab}"] = None
    timings["krippendorff.alpha (overall and per label)"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    def spans_of(d, who):
        return [(s, e, label_index[lab]) for s, e, lab in d["by_annotator"][who]]

    full = [
        (len(d["text"]), {a: spans_of(d, a) for a in annotators})
        for d in docs
        if all(a in d["by_annotator"] for a in annotators)
    ]
    if full and len(annotators) >= 2:
        overall, per_label = unitizing(full, annotators, len(labels))
        figures["ualpha"] = overall
        for lab, v in zip(labels, per_label):
            figures[f"ualpha/{lab}"] = v
    for a, b in pairs:
        both = [
            (len(d["text"]), {a: spans_of(d, a), b: spans_of(d, b)})
            for d in docs
            if a in d["by_annotator"] and b in d["by_annotator"]
        ]
        if both:
            overall, per_label = unitizing(both, [a, b], len(labels))
            figures[f"ualpha/{a}/{b}"] = overall
            for lab, v in zip(labels, per_label):
                figures[f"ualpha/{a}/{b}/{lab}"] = v
    timings["unitizing alpha (naive pure Python)"] = time.perf_counter() - t0

    versions = {p: version(p) for p in ("nervaluate", "krippendorff", "scikit-learn", "statsmodels", "numpy")}
    json.dump({"figures": figures, "timings": timings, "versions": versions}, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
