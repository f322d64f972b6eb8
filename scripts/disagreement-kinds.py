#!/usr/bin/env python3
"""Sorts the disagreements between annotators into kinds, for docs/pilot-round.md.

Usage: scripts/disagreement-kinds.py [--root DIR] [--annotators pilot-a,pilot-b,pilot-c] [--examples N]

For every pair of annotators and every document both annotated, spans are grouped into
*sites*: connected groups of spans that share a code point (or sit at the same range).
A site where both annotators have exactly the same (start, end, label) spans is agreement;
every other site is one disagreement, of one kind:

- ``only A`` / ``only B`` spans (the other has nothing there): "unmatched LABEL (form)", the
  form being ``lowercase`` (a common noun phrase), ``demonym`` (a nationality word) or ``name``;
- same range, other label: "label L1 vs L2";
- same label, other boundaries: "LABEL boundary: WHAT", WHAT being what one span has and the
  other lacks (a determiner, a title, a designator such as "province", a possessive, a
  modifier word, or "one span vs two");
- other label and other boundaries: "boundary and label L1 vs L2".

Counts are of sites summed over pairs, so a site where one annotator differs from two others
counts twice. Not part of CI; it reads the YAML with PyYAML.
"""

import argparse
import collections
import glob
import itertools
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DETERMINERS = {"the", "a", "an", "this", "that", "its", "their", "his", "her"}
DEMONYMS = {
    "pakistani", "pakistanis", "afghan", "afghans", "indian", "indians", "american",
    "americans", "russian", "russians", "chinese", "iraqi", "syrian", "saudi", "iranian",
    "soviet", "western", "arab", "baloch", "pashtun", "punjabi", "sindhi", "uyghur",
}
DESIGNATORS = {"province", "provinces", "district", "districts", "city", "agency", "region",
               "valley", "town", "state", "group", "branch", "chapter", "faction", "wing"}
TITLES = {"mr", "mr.", "dr", "dr.", "general", "major", "maj", "gen", "gen.", "col", "col.",
          "caliph", "chief", "president", "prime", "minister", "director", "leader", "sheikh",
          "mullah", "maulana", "commander", "spokesman", "emir", "lt", "lt.", "brigadier"}


def load(root, annotators):
    """{annotator: {document: [(start, end, label, text)]}}"""
    out = {}
    for a in annotators:
        out[a] = {}
        for path in sorted(glob.glob(os.path.join(root, "annotations", a, "*.yaml"))):
            with open(path, encoding="utf-8") as f:
                data = yaml.safe_load(f)
            spans = [(s["start"], s["end"], s["label"], s.get("text", "")) for s in data.get("spans") or []]
            out[a][data["document"]] = spans
    return out


def sites(xs, ys):
    """Connected groups of spans (from either side) that overlap or coincide."""
    items = [(s, 0) for s in xs] + [(s, 1) for s in ys]
    items.sort(key=lambda t: (t[0][0], t[0][1]))
    groups, current, reach = [], [], -1
    for item in items:
        (start, end, _, _), _ = item
        if current and start < reach:
            current.append(item)
            reach = max(reach, end)
        else:
            if current:
                groups.append(current)
            current, reach = [item], end
    if current:
        groups.append(current)
    return groups


def form(text):
    words = text.replace("’", "'").split()
    if words and all(w.lower().strip(".,") in DEMONYMS for w in words):
        return "demonym"
    if text == text.lower():
        return "lowercase"
    return "name"


def boundary_what(text, longer, shorter):
    """What the longer of two overlapping spans adds to the shorter."""
    (ls, le), (ss, se) = longer, shorter
    head = text[ls:ss].strip() if ls < ss else ""
    tail = text[se:le].strip() if le > se else ""
    extra = (head + " " + tail).strip()
    words = [w.lower() for w in extra.replace("’", "'").split()]
    if not words:
        return "punctuation or space"
    if tail.startswith(("'s", "’s", "'", "’")):
        return "possessive"
    if head and words[0] in DETERMINERS:
        return "determiner"
    if head and any(w.strip(",") in TITLES for w in head.lower().split()):
        return "title or role"
    if tail and any(w.strip(",") in DESIGNATORS for w in tail.lower().split()):
        return "designator noun"
    if head and head == head.lower():
        return "lowercase modifier"
    return "other words"


def classify(group, text):
    xs = sorted({s for s, side in group if side == 0})
    ys = sorted({s for s, side in group if side == 1})
    if [s[:3] for s in xs] == [s[:3] for s in ys]:
        return None
    if not xs or not ys:
        one = xs or ys
        labels = sorted({s[2] for s in one})
        return "unmatched " + "/".join(labels) + " (" + form(one[0][3]) + ")"
    if len(xs) != len(ys):
        label = "/".join(sorted({s[2] for s in xs + ys}))
        return label + " boundary: one span vs two"
    x, y = xs[0], ys[0]
    if (x[0], x[1]) == (y[0], y[1]):
        return "label " + " vs ".join(sorted([x[2], y[2]]))
    longer, shorter = (x, y) if (x[1] - x[0]) >= (y[1] - y[0]) else (y, x)
    what = boundary_what(text, longer[:2], shorter[:2])
    if x[2] == y[2]:
        return f"{x[2]} boundary: {what}"
    return "boundary and label " + " vs ".join(sorted([x[2], y[2]]))


# The broader kinds of docs/pilot-round.md, each a set of the fine kinds above.
GROUPS = [
    ("extent of an unnamed event", lambda k: "EVENT" in k and ("one span vs two" in k or k.startswith("EVENT boundary: lowercase") or k.startswith("EVENT boundary: other") or k.startswith("unmatched EVENT"))),
    ("leading `the` on a descriptive span", lambda k: k.endswith("boundary: determiner")),
    ("a common noun for a place as LOCATION", lambda k: k.startswith("unmatched LOCATION") or k == "GPE/LOCATION boundary: one span vs two" or k == "boundary and label GPE vs LOCATION"),
    ("nationality word or bare body noun as STATE_BODY", lambda k: k.startswith("unmatched STATE_BODY")),
    ("vague time or duration as DATE", lambda k: k.startswith("unmatched DATE")),
    ("possessor + body noun: one span or two", lambda k: k in ("GPE/STATE_BODY boundary: one span vs two", "boundary and label GPE vs STATE_BODY")),
    ("designator noun after a place name", lambda k: k in ("GPE boundary: designator noun", "GPE boundary: other words")),
    ("online platforms as ORGANIZATION", lambda k: k == "unmatched ORGANIZATION (name)"),
    ("a name inside a descriptive phrase", lambda k: k in ("boundary and label GPE vs MILITANT_GROUP", "GPE/ORGANIZATION boundary: one span vs two", "boundary and label GPE vs ORGANIZATION", "unmatched ORGANIZATION (lowercase)")),
    ("GPE or LOCATION for a qualified place", lambda k: k == "label GPE vs LOCATION"),
    ("a name glued to a word", lambda k: k == "unmatched MILITANT_GROUP (name)"),
]


def group_of(kind):
    for name, test in GROUPS:
        if test(kind):
            return name
    return "other"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--annotators", default="pilot-a,pilot-b,pilot-c")
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--root", default=ROOT)
    parser.add_argument("--grouped", action="store_true", help="count the broader kinds of docs/pilot-round.md")
    args = parser.parse_args()
    annotators = args.annotators.split(",")
    data = load(args.root, annotators)
    texts = {}
    kinds = collections.Counter()
    examples = collections.defaultdict(list)
    sites_total = 0
    for a, b in itertools.combinations(annotators, 2):
        for doc in sorted(set(data[a]) & set(data[b])):
            if doc not in texts:
                with open(os.path.join(args.root, "corpus", doc + ".txt"), encoding="utf-8") as f:
                    texts[doc] = f.read()
            text = texts[doc]
            for group in sites(data[a][doc], data[b][doc]):
                sites_total += 1
                kind = classify(group, text)
                if kind is None:
                    continue
                if args.grouped:
                    kind = group_of(kind)
                kinds[kind] += 1
                if len(examples[kind]) < args.examples:
                    start = min(s[0][0] for s in group)
                    end = max(s[0][1] for s in group)
                    said = "; ".join(
                        f"{(a, b)[side]}: {s[3]!r} {s[2]}" for s, side in sorted(group, key=lambda t: t[1])
                    )
                    context = text[max(0, start - 30):end + 30].replace("\n", " ")
                    examples[kind].append(f"{doc[:3]} [{start}, {end}) …{context}… — {said}")
    disagreements = sum(kinds.values())
    print(f"annotators: {', '.join(annotators)}; sites over all pairs: {sites_total}; "
          f"disagreeing: {disagreements}")
    for kind, n in kinds.most_common(args.top):
        print(f"\n{n:4d}  {kind}")
        for e in examples[kind]:
            print(f"      {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
