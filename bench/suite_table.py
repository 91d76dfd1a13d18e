#!/usr/bin/env python3
"""Prints run_suite.sh's results (JSON lines from dynastore-bench --json) as
one Markdown table: per workload and server the medians over runs of
throughput, p50/p99 latency and server CPU per request, the errors (summed,
never left out), and dynastore's ratios against every other server. For
BatchWriteItem runs (batch-load) throughput is items/s and CPU is per item
written; latency stays per request. A server that did not run a workload
shows n/a."""

import json
import statistics
import sys
from collections import OrderedDict


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=0):
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def rate(run):
    """Requests/s, or items/s for a run that wrote items in batches."""
    return run["items_per_second"] if "items_per_second" in run else run["ok_throughput"]


def cpu_per_unit(run):
    """Server CPU µs per request, or per item written for a batch run."""
    cpu = run.get("server_cpu_us_per_request")
    if cpu is None or not run.get("items_written"):
        return cpu
    return cpu * run["requests"] / run["items_written"]


def main(path):
    runs = [json.loads(line) for line in open(path) if line.strip()]
    targets = list(OrderedDict.fromkeys(r["target"] for r in runs))
    labels = list(OrderedDict.fromkeys(r["label"] for r in runs))
    cells = {}
    error_notes = []
    for target in targets:
        for label in labels:
            group = [r for r in runs if r["target"] == target and r["label"] == label]
            ok = [r for r in group if not r.get("failed")]
            errors = sum(r.get("errors", 0) for r in ok)
            cells[target, label] = {
                "throughput": median([rate(r) for r in ok]),
                "p50": median([r["latency_ms"]["p50"] for r in ok]),
                "p99": median([r["latency_ms"]["p99"] for r in ok]),
                "cpu": median([cpu_per_unit(r) for r in ok]),
                "errors": errors,
                "failed": len(group) - len(ok),
                "requests": sum(r.get("requests", 0) for r in ok),
            }
            kinds = {}
            for r in ok:
                for e in r.get("errors_by_type", []):
                    key = f'{e["status"] or "-"} {e["type"]}'
                    kinds[key] = kinds.get(key, 0) + e["count"]
                if r.get("backlog"):
                    kinds["backlog"] = kinds.get("backlog", 0) + r["backlog"]
            if kinds or len(group) != len(ok):
                detail = ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items()))
                if len(group) != len(ok):
                    detail += f"{', ' if detail else ''}{len(group) - len(ok)} run(s) failed outright"
                error_notes.append(f"- {target} {label}: {detail}")

    header = ["workload"]
    for target in targets:
        header += [f"{target} ok/s", "p50 ms", "p99 ms", "CPU µs/req", "errors"]
    others = [t for t in targets if t != "dynastore"] if "dynastore" in targets else []
    for other in others:
        header += [f"ok/s vs {other}", f"CPU/req vs {other}"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] * len(header)) + "|")
    for label in labels:
        row = [label]
        for target in targets:
            c = cells[target, label]
            row += [fmt(c["throughput"]), fmt(c["p50"], 3), fmt(c["p99"], 3), fmt(c["cpu"], 1),
                    str(c["errors"]) if not c["failed"] else f'{c["errors"]} (+{c["failed"]} failed runs)']
        for other in others:
            mine, theirs = cells["dynastore", label], cells[other, label]
            ratio = (mine["throughput"] / theirs["throughput"]
                     if mine["throughput"] and theirs["throughput"] else None)
            cpu_ratio = (theirs["cpu"] / mine["cpu"] if mine["cpu"] and theirs["cpu"] else None)
            # A workload only dynastore ran (the durable one) has no ratio.
            row += [f"{fmt(ratio, 1)}x" if ratio else "—", f"{fmt(cpu_ratio, 1)}x less" if cpu_ratio else "—"]
        print("| " + " | ".join(row) + " |")
    if error_notes:
        print("\nERRORS (counted in the table above):")
        print("\n".join(error_notes))
    else:
        print("\nNo request failed.")


if __name__ == "__main__":
    main(sys.argv[1])
