#!/usr/bin/env python3
"""docs/cost.md from the estimator's output for each environment's plan, through cost.md.in.

    render_doc.py --plan lean=lean.json --plan dev=dev.json --plan prod=prod.json --out docs/cost.md [--check]

--check writes nothing: it exits 1 (and prints a diff) when the document differs from what the plans
give, which is how CI keeps docs/cost.md in step with the Terraform and the price table.
"""

import argparse
import csv
import difflib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import estimate  # noqa: E402
from plan_model import Plan  # noqa: E402

PROFILES = [os.path.join(HERE, "profiles", "idle.json"), os.path.join(HERE, "profiles", "sample-1000.json")]


def render(plans):
    prices = estimate.load_prices(os.path.join(HERE, "prices.csv"))
    free = estimate.load_free_types(os.path.join(HERE, "free_types.csv"))
    profiles = [estimate.load_profile(p) for p in PROFILES]
    sections, summary, unpriced = {}, [], []
    for env, path in plans:
        results = [estimate.estimate(Plan.load(path), prices, free, p) for p in profiles]
        text = estimate.markdown(results[0])
        for other in results[1:]:
            text += f"\nUnder the {other.profile}, the lines that change:\n\n" + estimate.markdown(other, compared_to=results[0])
        sections[env] = text
        summary.append(f"| {env} | {results[0].total:.2f} | {results[1].total:.2f} |")
        unpriced += [f"{env}: {t}" for t in results[0].unpriced]
    with open(os.path.join(HERE, "cost.md.in"), encoding="utf-8") as f:
        doc = f.read()
    doc = doc.replace("@SUMMARY@", "| environment | idle | sample load |\n|---|---|---|\n" + "\n".join(summary))
    for env, text in sections.items():
        doc = doc.replace(f"@ESTIMATE {env}@", text.rstrip("\n"))
    with open(os.path.join(HERE, "prices.csv"), encoding="utf-8", newline="") as f:
        rows = [f"| `{r['dimension']}` | {r['unit']} | {r['usd']} | {r['free_per_month']} | {r['source']} | {r['as_of']} |"
                for r in csv.DictReader(f)]
    doc = doc.replace("@PRICES@", "| dimension | unit | USD | free a month | source | as of |\n|---|---|---|---|---|---|\n" + "\n".join(rows))
    return doc, unpriced


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plan", action="append", required=True, help="ENV=plan.json, in document order")
    parser.add_argument("--out", required=True)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    doc, unpriced = render([tuple(p.split("=", 1)) for p in args.plan])
    if unpriced:
        print("render_doc: resource types not priced (add them to prices.csv/rules.py or free_types.csv): "
              + "; ".join(unpriced), file=sys.stderr)
        return 2
    if args.check:
        with open(args.out, encoding="utf-8") as f:
            current = f.read()
        if current != doc:
            sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), doc.splitlines(True), args.out, "estimated"))
            print(f"{args.out} differs from the estimate: run infra/cost/generate.sh", file=sys.stderr)
            return 1
        return 0
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
