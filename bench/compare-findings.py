#!/usr/bin/env python3
"""Compare two FINDINGS.jsonl files finding by finding: `bench/compare-findings.py BEFORE AFTER`.

Fields that legitimately depend on the run (none in replay today: detected_at is event time) can be
ignored with --ignore a,b. Exit 0 when every finding is identical."""
import argparse, json, sys

def load(path):
    out = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                out[d["finding_id"]] = d
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("before"); ap.add_argument("after")
    ap.add_argument("--ignore", default="")
    a = ap.parse_args()
    ignore = {x for x in a.ignore.split(",") if x}
    b, c = load(a.before), load(a.after)
    only_b, only_c = sorted(b.keys() - c.keys()), sorted(c.keys() - b.keys())
    differ = []
    for k in sorted(b.keys() & c.keys()):
        x = {f: v for f, v in b[k].items() if f not in ignore}
        y = {f: v for f, v in c[k].items() if f not in ignore}
        if x != y:
            fields = sorted(f for f in x.keys() | y.keys() if x.get(f) != y.get(f))
            differ.append((k, fields))
    print(f"before {len(b)} findings, after {len(c)}: {len(b.keys() & c.keys()) - len(differ)} identical, "
          f"{len(differ)} differ, {len(only_b)} only before, {len(only_c)} only after")
    for k, fields in differ[:20]:
        print(f"  differs: {k}: {', '.join(fields)}")
    for k in only_b[:10]:
        print(f"  only before: {k}")
    for k in only_c[:10]:
        print(f"  only after: {k}")
    sys.exit(0 if not differ and not only_b and not only_c else 1)

main()
