#!/usr/bin/env python3
"""Monthly cost of a Terraform plan from a checked-in table of list prices.

    terraform show -json tfplan > plan.json
    infra/cost/estimate.py plan.json --profile infra/cost/profiles/idle.json [--profile ...]

Every managed resource of the plan is either priced (rules.py), listed as free (free_types.csv) or
named as not priced; --strict makes a not-priced type an error (exit 2). Prices are the rows of
prices.csv; quantities of usage come from the load profile.
"""

import argparse
import csv
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plan_model import Plan  # noqa: E402
from rules import ESTATE_USAGE, PER_RESOURCE, Unpriced  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REGION = "ap-northeast-1"


@dataclass
class Price:
    dimension: str
    unit: str
    usd: float
    free_per_month: float
    source: str
    as_of: str


@dataclass
class Row:
    address: str
    dimension: str
    unit: str
    quantity: float
    usd: float
    note: str

    @property
    def cost(self):
        return self.quantity * self.usd


@dataclass
class Estimate:
    profile: str
    rows: list = field(default_factory=list)
    free: Counter = field(default_factory=Counter)
    unpriced: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)

    @property
    def total(self):
        return sum(r.cost for r in self.rows)


def load_prices(path):
    with open(path, encoding="utf-8", newline="") as f:
        prices = {}
        for row in csv.DictReader(f):
            if row["dimension"] in prices:
                raise ValueError(f"{path}: {row['dimension']} twice")
            if not row["source"] or not row["as_of"]:
                raise ValueError(f"{path}: {row['dimension']} has no dated source")
            prices[row["dimension"]] = Price(row["dimension"], row["unit"], float(row["usd"]),
                                             float(row["free_per_month"]), row["source"], row["as_of"])
        return prices


def load_free_types(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {row["type"]: row["why it costs nothing by itself"] for row in csv.DictReader(f)}


def load_profile(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def estimate(plan, prices, free_types, profile):
    result = Estimate(profile.get("name", "profile"))
    hours = prices["hour_month"].usd
    region = plan.region()
    if region not in (None, REGION):
        result.warnings.append(f"the plan's region is {region}; the prices are {REGION}'s")

    def add(address, lines):
        for line in lines:
            price = prices.get(line.dimension)
            if price is None:
                raise KeyError(f"rule for {address} uses {line.dimension}, which prices.csv lacks")
            result.rows.append(Row(address, line.dimension, price.unit, line.quantity, price.usd, line.note))

    seen_types = set()
    for resource in plan.resources:
        rule = PER_RESOURCE.get(resource.type)
        estate = ESTATE_USAGE.get(resource.type)
        if rule is None and estate is None:
            if resource.type in free_types:
                result.free[resource.type] += 1
            else:
                result.unpriced.setdefault(resource.type, []).append(resource.address)
            continue
        try:
            if rule is not None:
                add(resource.address, rule(resource, plan, profile, hours))
            if estate is not None and resource.type not in seen_types:
                add(resource.address, estate(plan, profile))
        except Unpriced as why:
            result.unpriced.setdefault(f"{resource.type} ({why})", []).append(resource.address)
        seen_types.add(resource.type)

    # Always-free allowances of the account, once per dimension.
    used = Counter()
    for row in result.rows:
        used[row.dimension] += row.quantity
    for dimension, quantity in sorted(used.items()):
        free = min(quantity, prices[dimension].free_per_month)
        if free > 0:
            price = prices[dimension]
            result.rows.append(Row("(account)", dimension, price.unit, -free, price.usd, "always-free allowance"))
    return result


# ------------------------------------------------------------------ output

def number(value):
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def price(value):
    return f"{value:.6f}".rstrip("0").rstrip(".")


def markdown(result, only_dimensions=None, compared_to=None):
    lines = ["| resource | billed per | quantity | USD each | USD a month |", "|---|---|---|---|---|"]
    baseline = {}
    if compared_to is not None:
        baseline = {(r.address, r.dimension, r.note): round(r.cost, 2) for r in compared_to.rows}
    for row in result.rows:
        if row.cost == 0 and row.quantity == 0 and not row.note:
            continue
        if compared_to is not None and baseline.get((row.address, row.dimension, row.note)) == round(row.cost, 2):
            continue
        note = f" ({row.note})" if row.note else ""
        lines.append(f"| `{row.address}` | {row.unit}{note} | {number(round(row.quantity, 4))} | "
                     f"{price(row.usd)} | {row.cost:.2f} |")
    if compared_to is not None:
        lines.append(f"| everything else, as at idle | | | | {compared_to.total - _changed_in_baseline(result, compared_to):.2f} |")
    lines.append(f"| **total ({result.profile})** | | | | **{result.total:.2f}** |")
    lines.append("")
    if result.unpriced:
        lines.append("Not priced: " + "; ".join(f"`{t}` ({len(a)})" for t, a in sorted(result.unpriced.items())) + ".")
    else:
        lines.append("Not priced: none.")
    lines.append("Free: " + ", ".join(f"`{t}` ({n})" for t, n in sorted(result.free.items())) + ".")
    for warning in result.warnings:
        lines.append(f"Warning: {warning}.")
    return "\n".join(lines) + "\n"


def _changed_in_baseline(result, baseline):
    """Cost of the baseline's rows that the result does not repeat unchanged."""
    mine = {(r.address, r.dimension, r.note): round(r.cost, 2) for r in result.rows}
    return sum(r.cost for r in baseline.rows if mine.get((r.address, r.dimension, r.note)) != round(r.cost, 2))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("plan", help="terraform show -json output of a plan")
    parser.add_argument("--profile", action="append", required=True,
                        help="load profile (JSON); the first is the baseline the others are compared to")
    parser.add_argument("--prices", default=os.path.join(HERE, "prices.csv"))
    parser.add_argument("--free-types", default=os.path.join(HERE, "free_types.csv"))
    parser.add_argument("--strict", action="store_true", help="exit 2 when a resource type is not priced")
    args = parser.parse_args(argv)

    plan = Plan.load(args.plan)
    prices = load_prices(args.prices)
    free_types = load_free_types(args.free_types)
    results = [estimate(plan, prices, free_types, load_profile(p)) for p in args.profile]
    out = [markdown(results[0])]
    for other in results[1:]:
        out.append(f"Under {other.profile}, the lines that change:\n\n" + markdown(other, compared_to=results[0]))
    sys.stdout.write("\n".join(out))
    if args.strict and any(r.unpriced for r in results):
        print("estimate: resource types not priced: " + ", ".join(sorted(results[0].unpriced)), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
