#!/usr/bin/env python3
"""How long a replica that missed many writes takes to catch up.

A three-node cluster on loopback; one follower is killed (kill -9), the
others take MEGABYTES of new items through the leader (BatchWriteItem of
25 items of 40 KB of random bytes, from a few writers), and the follower
comes back. Timed from its restart to its store having applied everything
the leader had committed by then; then every item is counted on it.

Which way it catches up depends on the Raft log's memory budget
(--raft-log-memory-mib): a log that still holds the missed entries sends
them ("log"); one that had to let them go makes the follower copy the
leader's store ("copy": docs/replication.md, "Catching up").

test_cluster_catchup.py runs it small both ways; `make cluster-catchup`
runs it for 1 GB both ways and prints the figures."""

import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import util  # noqa: E402
from cluster import Cluster  # noqa: E402

ITEM_BYTES = 40 * 1024
ITEMS_PER_BATCH = 25
WRITERS = 4
# Every wait is bounded: the whole run gives up past this.
CATCH_UP_LIMIT_S = 900


def client(cluster, i):
    return util.make_client(cluster.url(i), retries={'max_attempts': 3, 'mode': 'standard'},
                            connect_timeout=5, read_timeout=60)


def write_items(cluster, leader, table, megabytes):
    """Puts about `megabytes` of items through `leader`; returns the count."""
    batches = max(1, megabytes * 1024 * 1024 // (ITEM_BYTES * ITEMS_PER_BATCH))
    errors = []

    def writer(w):
        c = client(cluster, leader)
        try:
            for b in range(w, batches, WRITERS):
                requests = [{'PutRequest': {'Item': {'pk': {'S': f'item-{b}-{n}'},
                                                     'data': {'B': os.urandom(ITEM_BYTES)}}}}
                            for n in range(ITEMS_PER_BATCH)]
                pending = {table: requests}
                for _ in range(20):
                    pending = c.batch_write_item(RequestItems=pending).get('UnprocessedItems') or {}
                    if not pending:
                        break
                if pending:
                    raise AssertionError(f'batch {b} still unprocessed after 20 tries')
        except Exception as e:  # reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return batches * ITEMS_PER_BATCH


def count_items(c, table):
    count, start = 0, None
    while True:
        kwargs = {'TableName': table, 'Select': 'COUNT'}
        if start:
            kwargs['ExclusiveStartKey'] = start
        page = c.scan(**kwargs)
        count += page['Count']
        start = page.get('LastEvaluatedKey')
        if not start:
            return count


def caught_up(cluster, node, target):
    try:
        status = cluster.status(node)
    except OSError:
        return False  # restarting to copy the data
    return status['appliedIndex'] >= target and not status['needsDataCopy']


def run(binary, workdir, megabytes, log_memory_mib):
    cluster = Cluster(binary, workdir, extra_args=['--raft-log-memory-mib', log_memory_mib])
    try:
        leader = cluster.leader()
        c = client(cluster, leader)
        table = util.unique_table_name('catchup')
        c.create_table(TableName=table, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
        util.wait_for_active(c, table)
        away = next(i for i in cluster.ids if i != leader)
        cluster.kill(away)

        began = time.monotonic()
        items = write_items(cluster, leader, table, megabytes)
        write_seconds = time.monotonic() - began
        target = cluster.status(leader)['commitIndex']

        restarted = time.monotonic()
        cluster.start(away)
        deadline = restarted + CATCH_UP_LIMIT_S
        while not caught_up(cluster, away, target):
            if time.monotonic() > deadline:
                raise AssertionError(f'node {away} did not catch up within {CATCH_UP_LIMIT_S} s')
            time.sleep(0.1)
        catch_up_seconds = time.monotonic() - restarted
        path = 'copy' if 'restarting to copy the leader' in cluster.nodes[away].output(limit=10 ** 6) else 'log'
        on_replica = count_items(client(cluster, away), table)  # an eventually consistent scan: its own store
        summary = {'megabytes': megabytes, 'items': items, 'log_memory_mib': log_memory_mib,
                   'write_seconds': round(write_seconds, 1), 'path': path,
                   'catch_up_seconds': round(catch_up_seconds, 1), 'items_on_replica': on_replica,
                   'ok': on_replica == items}
        return summary
    finally:
        cluster.close()
