#!/usr/bin/env python3
"""How fast the Time to Live sweeper deletes expired items, and what it costs.

Usage:
  bench/ttl_sweep.py [--items 1000000] [--expire 100000] [--modes memory,disk]
                     [--scenarios live,enable] [--rounds 1] [--json FILE]

Needs build/dynastore and build/dynastore-bench (BUILD_DIR=... for another
build) and python3 with boto3. For each round, mode (in memory, or on disk in
a temporary directory) and scenario it starts a fresh
`dynastore --ttl-sweep-interval-ms 200`, then:

  live    creates the table (pk S, PAY_PER_REQUEST), enables TTL on
          "expires" while it is empty, loads --items items of 100 bytes with
          dynastore-bench's preload (parallel BatchWriteItem), overwrites
          --expire of them (every 10th key, 100 bytes with the attribute)
          with one expiry E a few seconds ahead, chosen from the measured
          write rate so that every write lands before E, and measures from
          E until DescribeTable's ItemCount (exact in dynastore) has dropped
          by --expire: the sweeper's work on an indexed table.
  enable  loads the items, overwrites --expire of them with an expiry an
          hour in the past while TTL is off (nothing is deleted), then
          enables TTL and measures from UpdateTimeToLive until they are all
          gone: indexing the whole table, then deleting.

During the measured window it samples the server's RSS (/proc/PID/status
VmRSS) and ItemCount every 0.1 s, and reports the server's CPU time
(/proc/PID/stat, user + system) over the window. Every phase has a time
limit; the servers it starts are stopped on any exit. One JSON object per
run is printed (and appended to --json FILE), then a summary table.
"""

import argparse
import concurrent.futures
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import boto3
import botocore.config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD_DIR = os.environ.get("BUILD_DIR", os.path.join(ROOT, "build"))
TABLE = "bench_items"  # what `dynastore-bench --table-prefix bench` loads
TTL_ATTRIBUTE = "expires"
SWEEP_INTERVAL_MS = 200
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Time limits (seconds).
START_LIMIT = 20
LOAD_LIMIT = 900
OVERWRITE_LIMIT = 900
SWEEP_LIMIT = 600


class Failure(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of stat; fields[0] here is field 3.
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Server:
    """A private dynastore process, stopped by stop() or at exit."""

    def __init__(self, mode, work):
        self.work = work
        binary = os.path.join(work, "dynastore")
        shutil.copy(os.path.join(BUILD_DIR, "dynastore"), binary)  # builds may relink meanwhile
        self.port = free_port()
        args = [binary, "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warn",
                "--ttl-sweep-interval-ms", str(SWEEP_INTERVAL_MS)]
        args += ["--in-memory"] if mode == "memory" else ["--data-dir", os.path.join(work, "data")]
        self.log = open(os.path.join(work, "server.log"), "w")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        self.pid = self.process.pid
        self.endpoint = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + START_LIMIT
        while True:
            if self.process.poll() is not None:
                raise Failure("dynastore exited during startup: " + open(self.log.name).read())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise Failure("dynastore did not start listening")
                time.sleep(0.05)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def client(endpoint, connections):
    return boto3.client(
        "dynamodb", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="local",
        aws_secret_access_key="local",
        config=botocore.config.Config(max_pool_connections=connections, retries={"max_attempts": 10},
                                      read_timeout=30, connect_timeout=5))


def item_count(ddb):
    return ddb.describe_table(TableName=TABLE)["Table"]["ItemCount"]


def create_table(ddb):
    ddb.create_table(TableName=TABLE, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
    deadline = time.monotonic() + 60
    while ddb.describe_table(TableName=TABLE)["Table"]["TableStatus"] != "ACTIVE":
        if time.monotonic() > deadline:
            raise Failure("table did not become ACTIVE")
        time.sleep(0.1)


def enable_ttl(ddb):
    ddb.update_time_to_live(TableName=TABLE,
                            TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE})


def preload(endpoint, items):
    """dynastore-bench's preload: creates bench_items unless it exists, then
    writes every item (100 bytes, keys k0000000000...) with 16 connections."""
    started = time.monotonic()
    subprocess.run([os.path.join(BUILD_DIR, "dynastore-bench"), "--endpoint", endpoint, "--workload", "put",
                    "--setup-only", "--table-size", str(items), "--table-prefix", "bench"],
                   check=True, timeout=LOAD_LIMIT, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


# "pk" + 11-character key (13 bytes), "expires" + a 10-digit number (7 + 6),
# "data" + 70 characters (74): 100 bytes as DynamoDB counts item size.
DATA = ("0123456789abcdefghijklmnopqrstuvwxyz" * 2)[:70]


def expiring_keys(items, expire):
    step = max(1, items // expire)
    return [f"k{i * step:010d}" for i in range(expire)]


def overwrite(ddb, keys, expiry, threads=8):
    """BatchWriteItem of `keys` with the TTL attribute set to `expiry`, in
    parallel; returns the seconds taken."""
    batches = [keys[i:i + 25] for i in range(0, len(keys), 25)]

    def write(batch):
        request = {TABLE: [{"PutRequest": {"Item": {"pk": {"S": k}, "data": {"S": DATA},
                                                    TTL_ATTRIBUTE: {"N": str(expiry)}}}} for k in batch]}
        for _ in range(20):
            request = ddb.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}
            if not request:
                return
            time.sleep(0.05)
        raise Failure("BatchWriteItem left items unprocessed after 20 attempts")

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        for future in concurrent.futures.as_completed([pool.submit(write, b) for b in batches],
                                                      timeout=OVERWRITE_LIMIT):
            future.result()
    return time.monotonic() - started


def watch_sweep(ddb, pid, target_count, start_wall):
    """Samples ItemCount and RSS every 0.1 s from start_wall (time.time())
    until ItemCount <= target_count. Returns the measurements."""
    samples = []
    cpu_start = None
    while time.time() < start_wall:
        time.sleep(min(0.05, max(0.0, start_wall - time.time())))
    cpu_start = cpu_seconds(pid)
    t0 = time.monotonic()
    first_deletion = None
    deadline = t0 + SWEEP_LIMIT
    count = None
    while True:
        now = time.monotonic()
        count = item_count(ddb)
        rss = rss_mb(pid)
        samples.append((round(now - t0, 3), count, round(rss, 1)))
        if first_deletion is None and samples[0][1] > count:
            first_deletion = now - t0
        if count <= target_count:
            break
        if now > deadline:
            raise Failure(f"not every expired item was deleted within {SWEEP_LIMIT} s (ItemCount {count})")
        time.sleep(0.1)
    elapsed = time.monotonic() - t0
    cpu = cpu_seconds(pid) - cpu_start
    return {"seconds": round(elapsed, 2), "first_deletion_s": round(first_deletion or elapsed, 2),
            "server_cpu_s": round(cpu, 2), "rss_mb_before": samples[0][2],
            "rss_mb_max": max(s[2] for s in samples), "rss_mb_after": samples[-1][2],
            "final_count": count, "samples": samples}


def run(mode, scenario, items, expire):
    work = tempfile.mkdtemp(prefix="dynastore-ttl.")
    server = None
    try:
        server = Server(mode, work)
        ddb = client(server.endpoint, 16)
        result = {"mode": mode, "scenario": scenario, "items": items, "expire": expire,
                  "rss_mb_idle": round(rss_mb(server.pid), 1)}
        keys = expiring_keys(items, expire)
        if scenario == "live":
            create_table(ddb)
            enable_ttl(ddb)
            time.sleep(3 * SWEEP_INTERVAL_MS / 1000)  # indexing the empty table: one step
        result["load_s"] = round(preload(server.endpoint, items), 1)
        if item_count(ddb) != items:
            raise Failure(f"ItemCount {item_count(ddb)} after loading {items} items")
        result["rss_mb_loaded"] = round(rss_mb(server.pid), 1)

        if scenario == "live":
            # The write rate, from 2,000 of the items rewritten as they are...
            calibration = overwrite(ddb, keys[:2000], 4102444800)  # 2100-01-01: not expiring
            estimate = calibration * len(keys) / 2000
            # ...then one expiry for all, after the writes should be done.
            expiry = math.ceil(time.time() + 1.5 * estimate + 3)
            cpu0 = cpu_seconds(server.pid)
            result["overwrite_s"] = round(overwrite(ddb, keys, expiry), 1)
            result["overwrite_server_cpu_s"] = round(cpu_seconds(server.pid) - cpu0, 2)
            if time.time() >= expiry:
                raise Failure(f"the overwrite ended {time.time() - expiry:.1f} s after the expiry")
            result["idle_before_expiry_s"] = round(expiry - time.time(), 1)
            if item_count(ddb) != items:
                raise Failure("items were deleted before they expired")
            start_wall = float(expiry)  # the moment they expire
        else:
            expiry = int(time.time()) - 3600
            result["overwrite_s"] = round(overwrite(ddb, keys, expiry), 1)
            if item_count(ddb) != items:
                raise Failure("items were deleted while TTL was off")
            start_wall = time.time()
            enable_ttl(ddb)
        sweep = watch_sweep(ddb, server.pid, items - expire, start_wall)
        if sweep["final_count"] != items - expire:
            raise Failure(f"ItemCount {sweep['final_count']}, expected {items - expire}")
        # The rest must stay: a Scan of a 1,000-key sample would be slower than
        # the count, which is exact.
        result.update(sweep)
        result["deleted_per_s"] = round(expire / sweep["seconds"]) if sweep["seconds"] else None
        result["server_cpu_us_per_deletion"] = round(sweep["server_cpu_s"] * 1e6 / expire, 1)
        if mode == "disk":
            result["data_dir_mb"] = round(sum(os.path.getsize(os.path.join(d, f))
                                              for d, _, fs in os.walk(os.path.join(work, "data"))
                                              for f in fs) / 2**20, 1)
        return result
    finally:
        if server:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


def main():
    # A SIGTERM unwinds like ^C, so that every server started is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--expire", type=int, default=100_000)
    parser.add_argument("--modes", default="memory,disk")
    parser.add_argument("--scenarios", default="live,enable")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json", help="append one JSON object per run to this file")
    parser.add_argument("--samples", action="store_true", help="keep the 0.1 s samples in the JSON")
    args = parser.parse_args()
    for binary in ("dynastore", "dynastore-bench"):
        if not os.access(os.path.join(BUILD_DIR, binary), os.X_OK):
            sys.exit(f"ttl_sweep.py: {BUILD_DIR}/{binary} not built")
    if not 0 < args.expire <= args.items:
        sys.exit("ttl_sweep.py: need 0 < --expire <= --items")

    results = []
    for round_ in range(1, args.rounds + 1):
        for mode in args.modes.split(","):
            for scenario in args.scenarios.split(","):
                print(f"== round {round_}: {scenario} in {mode}", file=sys.stderr, flush=True)
                try:
                    result = run(mode, scenario, args.items, args.expire)
                except (Failure, subprocess.SubprocessError, concurrent.futures.TimeoutError) as e:
                    result = {"mode": mode, "scenario": scenario, "failed": str(e)}
                result["round"] = round_
                result["load_average"] = os.getloadavg()[0]
                if not args.samples:
                    result.pop("samples", None)
                print(json.dumps(result), flush=True)
                if args.json:
                    with open(args.json, "a") as f:
                        f.write(json.dumps(result) + "\n")
                results.append(result)

    print("\n| round | mode | scenario | load s | overwrite s | sweep s | first deletion s | deletions/s "
          "| server CPU s | CPU µs/deletion | RSS MB before / max / after |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        if "failed" in r:
            print(f"| {r['round']} | {r['mode']} | {r['scenario']} | failed: {r['failed']} |")
            continue
        print(f"| {r['round']} | {r['mode']} | {r['scenario']} | {r['load_s']} | {r['overwrite_s']} | {r['seconds']} "
              f"| {r['first_deletion_s']} | {r['deleted_per_s']:,} | {r['server_cpu_s']} "
              f"| {r['server_cpu_us_per_deletion']} | {r['rss_mb_before']} / {r['rss_mb_max']} / {r['rss_mb_after']} |")
    sys.exit(1 if any("failed" in r for r in results) else 0)


if __name__ == "__main__":
    main()
