"""Item writes made together (our own server, on disk).

The item writes an I/O thread reads in one event-loop turn are made as one
store write, each answer sent once that write is done
(storage/coalescing_engine.h, docs/performance.md). Nothing of it may show
to a client: every acknowledged write is there, read at once from any
connection, and DescribeTable's live ItemCount and TableSizeBytes are what
the same writes made one at a time give (each group's counter additions
are summed into one). kill -9 of grouped writes: test_durability.py.
"""

import re
import threading

import pytest

import util

WRITERS = 24
ITEMS_PER_WRITER = 40


def _metric(url, name):
    body = util.http_request(url + '/metrics', method='GET').body.decode()
    found = re.search(rf'^{name} ([0-9.e+]+)$', body, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def _item(writer, i):
    return {'pk': {'S': f'w{writer:02}-{i:03}'}, 'n': {'N': str(i)}, 'pad': {'S': 'x' * (i % 17)}}


def _run_all(threads):
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)


def _create_table(client):
    name = util.unique_table_name('groups')
    client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    util.wait_for_active(client, name)
    return name


@pytest.fixture
def one_thread_server(server_factory, tmp_path):
    # One I/O thread: every concurrent request meets in its turns.
    url, _ = server_factory(tmp_path / 'data', ['--threads', '1'])
    return url


def test_concurrent_writes_are_grouped_and_all_land_with_exact_counts(one_thread_server):
    url = one_thread_server
    client = util.make_client(url)
    grouped_table = _create_table(client)
    groups_before = _metric(url, 'dynastore_write_groups_total')
    writes_before = _metric(url, 'dynastore_grouped_writes_total')
    start = threading.Barrier(WRITERS)
    failures = []

    def writer(w):
        own = util.make_client(url)
        start.wait(timeout=30)
        for i in range(ITEMS_PER_WRITER):
            try:
                own.put_item(TableName=grouped_table, Item=_item(w, i))
                # Acknowledged: another connection reads it at once.
                if i % 10 == 0:
                    got = client.get_item(TableName=grouped_table, Key={'pk': _item(w, i)['pk']}, ConsistentRead=True)
                    if got.get('Item') != _item(w, i):
                        failures.append(f'w{w} item {i} not read back: {got.get("Item")}')
            except Exception as e:  # pylint: disable=broad-except
                failures.append(f'w{w} item {i}: {e}')

    _run_all([threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)])
    assert not failures, failures[:5]

    groups = _metric(url, 'dynastore_write_groups_total') - groups_before
    grouped = _metric(url, 'dynastore_grouped_writes_total') - writes_before
    assert groups > 0 and grouped > groups, f'no write shared a group: {grouped} writes in {groups} groups'

    # The same items, one write at a time.
    single_table = _create_table(client)
    for w in range(WRITERS):
        for i in range(ITEMS_PER_WRITER):
            client.put_item(TableName=single_table, Item=_item(w, i))

    grouped_desc = client.describe_table(TableName=grouped_table)['Table']
    single_desc = client.describe_table(TableName=single_table)['Table']
    assert grouped_desc['ItemCount'] == WRITERS * ITEMS_PER_WRITER
    assert grouped_desc['ItemCount'] == single_desc['ItemCount']
    assert grouped_desc['TableSizeBytes'] == single_desc['TableSizeBytes'] > 0
    scanned = client.scan(TableName=grouped_table, Select='COUNT', ConsistentRead=True)
    assert scanned['Count'] == WRITERS * ITEMS_PER_WRITER


def test_a_hot_item_written_from_many_connections_counts_every_write(one_thread_server):
    # Writes to one item cannot share a group (the second waits for the
    # first's locks, and a waiting thread makes the group it waits for):
    # none is lost and none waits on itself.
    url = one_thread_server
    client = util.make_client(url)
    table = _create_table(client)
    key = {'pk': {'S': 'hot'}}
    failures = []

    def adder():
        own = util.make_client(url)
        for _ in range(50):
            try:
                own.update_item(TableName=table, Key=key, UpdateExpression='ADD n :one',
                                ExpressionAttributeValues={':one': {'N': '1'}})
            except Exception as e:  # pylint: disable=broad-except
                failures.append(str(e))

    _run_all([threading.Thread(target=adder) for _ in range(16)])
    assert not failures, failures[:5]
    got = client.get_item(TableName=table, Key=key, ConsistentRead=True)
    assert got['Item']['n'] == {'N': str(16 * 50)}
