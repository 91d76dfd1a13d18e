"""Concurrent read-modify-write on one item: no lost update.

DynamoDB applies each write to an item atomically, and a conditional write
checks its condition against the item as it is at that write (Developer
Guide, "Condition expressions" / "Optimistic locking with version number":
"the update succeeds only if the version on the server is the one the
client read"; "Update expressions": ADD and SET a = a + :n are atomic
counters). So many clients hammering one item must behave as if their
requests ran one after another:

- N clients each doing `ADD hits :one` k times leave exactly N*k, and the
  UPDATED_NEW values they see are exactly 1..N*k, each once;
- clients bumping a version with `version = :seen` succeed exactly once per
  version;
- create-if-absent (`attribute_not_exists(pk)`) has exactly one winner;
- concurrent list_append and set ADD lose no element.

Every loop is bounded by a count and a deadline, so a broken server fails
the test instead of hanging it.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError

import util
from util import S, N

pytestmark = pytest.mark.expressions

DEADLINE_SECONDS = 25


def _key(pk):
    return {'pk': {'S': pk}}


@pytest.fixture(scope='module')
def client(endpoint_url, use_env_credentials):
    """One thread-safe client with a connection per worker thread."""
    return util.make_client(endpoint_url, use_env_credentials=use_env_credentials, max_pool_connections=32)


def _run_threads(count, work):
    """Run work(thread_index, start_barrier, deadline) in `count` threads and
    return their results; exceptions propagate."""
    barrier = threading.Barrier(count, timeout=DEADLINE_SECONDS)
    deadline = time.monotonic() + DEADLINE_SECONDS
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(work, i, barrier, deadline) for i in range(count)]
        return [f.result(timeout=DEADLINE_SECONDS + 5) for f in futures]


def test_concurrent_add_counter(client, hash_table, random_key):
    threads, per_thread = 16, 100

    def work(index, barrier, deadline):
        barrier.wait()
        seen = []
        for _ in range(per_thread):
            assert time.monotonic() < deadline, 'ADD counter did not finish in time'
            response = client.update_item(TableName=hash_table, Key=_key(random_key), UpdateExpression='ADD hits :one',
                                          ExpressionAttributeValues={':one': N(1)}, ReturnValues='UPDATED_NEW')
            seen.append(int(response['Attributes']['hits']['N']))
        return seen

    results = _run_threads(threads, work)
    item = client.get_item(TableName=hash_table, Key=_key(random_key), ConsistentRead=True)['Item']
    assert item == {'pk': S(random_key), 'hits': N(threads * per_thread)}
    # Each ADD saw its own result: the increments were applied one at a time.
    seen = sorted(v for per in results for v in per)
    assert seen == list(range(1, threads * per_thread + 1))
    # And each client saw its own results increase.
    for per in results:
        assert per == sorted(per)


def test_concurrent_set_arithmetic_counter(client, hash_table, random_key):
    # The SET form of the counter (if_not_exists + "+") is just as atomic.
    threads, per_thread = 8, 50

    def work(index, barrier, deadline):
        barrier.wait()
        for _ in range(per_thread):
            assert time.monotonic() < deadline, 'SET counter did not finish in time'
            client.update_item(TableName=hash_table, Key=_key(random_key),
                               UpdateExpression='SET c = if_not_exists(c, :zero) + :one',
                               ExpressionAttributeValues={':zero': N(0), ':one': N(1)})

    _run_threads(threads, work)
    item = client.get_item(TableName=hash_table, Key=_key(random_key), ConsistentRead=True)['Item']
    assert item['c'] == N(threads * per_thread)


def test_concurrent_optimistic_locking(client, hash_table, random_key):
    threads, target, max_attempts = 8, 200, 3000
    client.put_item(TableName=hash_table, Item={'pk': S(random_key), 'version': N(0), 'history': {'L': []}})

    def work(index, barrier, deadline):
        barrier.wait()
        won, attempts = [], 0
        current = int(client.get_item(TableName=hash_table, Key=_key(random_key),
                                      ConsistentRead=True)['Item']['version']['N'])
        while current < target:
            attempts += 1
            assert attempts <= max_attempts and time.monotonic() < deadline, \
                f'thread {index}: no progress after {attempts} attempts'
            try:
                client.update_item(
                    TableName=hash_table, Key=_key(random_key), ConditionExpression='version = :seen',
                    UpdateExpression='SET version = :next, history = list_append(history, :entry)',
                    ExpressionAttributeValues={':seen': N(current), ':next': N(current + 1),
                                               ':entry': {'L': [S(f'{current + 1}:{index}')]}},
                    ReturnValuesOnConditionCheckFailure='ALL_OLD')
            except ClientError as e:
                if e.response['Error']['Code'] != 'ConditionalCheckFailedException':
                    raise
                # Somebody else won this version; the error tells which one is current.
                current = int(e.response['Item']['version']['N'])
                continue
            won.append(current + 1)
            current += 1
        return won

    results = _run_threads(threads, work)
    won = sorted(v for per in results for v in per)
    # Every version was won exactly once, by exactly one thread.
    assert won == list(range(1, target + 1))
    item = client.get_item(TableName=hash_table, Key=_key(random_key), ConsistentRead=True)['Item']
    assert item['version'] == N(target)
    history = [entry['S'] for entry in item['history']['L']]
    assert [int(h.split(':')[0]) for h in history] == list(range(1, target + 1))
    winners = {v: i for i, per in enumerate(results) for v in per}
    assert all(int(h.split(':')[1]) == winners[int(h.split(':')[0])] for h in history)


def test_concurrent_create_if_absent_has_one_winner(client, hash_table):
    threads, rounds = 8, 15

    def work(index, barrier, deadline):
        wins = []
        for r in range(rounds):
            barrier.wait()
            assert time.monotonic() < deadline, 'create-if-absent rounds did not finish in time'
            try:
                client.put_item(TableName=hash_table, Item={'pk': S(f'{prefix}-{r}'), 'owner_thread': N(index)},
                                ConditionExpression='attribute_not_exists(pk)')
                wins.append(r)
            except ClientError as e:
                if e.response['Error']['Code'] != 'ConditionalCheckFailedException':
                    raise
        return wins

    prefix = util.random_string(16)
    results = _run_threads(threads, work)
    for r in range(rounds):
        winners = [i for i, wins in enumerate(results) if r in wins]
        assert len(winners) == 1, f'round {r}: winners {winners}'
        item = client.get_item(TableName=hash_table, Key=_key(f'{prefix}-{r}'), ConsistentRead=True)['Item']
        assert item['owner_thread'] == N(winners[0])


def test_concurrent_list_append_and_set_add(client, hash_table, random_key):
    threads, per_thread = 8, 25

    def work(index, barrier, deadline):
        barrier.wait()
        for j in range(per_thread):
            assert time.monotonic() < deadline, 'appends did not finish in time'
            client.update_item(TableName=hash_table, Key=_key(random_key),
                               UpdateExpression='SET l = list_append(if_not_exists(l, :empty), :e) ADD s :m',
                               ExpressionAttributeValues={':empty': {'L': []}, ':e': {'L': [S(f'{index}:{j}')]},
                                                          ':m': {'SS': [f'{index}:{j}']}})

    _run_threads(threads, work)
    item = client.get_item(TableName=hash_table, Key=_key(random_key), ConsistentRead=True)['Item']
    appended = [e['S'] for e in item['l']['L']]
    expected = {f'{i}:{j}' for i in range(threads) for j in range(per_thread)}
    assert len(appended) == threads * per_thread and set(appended) == expected
    assert set(item['s']['SS']) == expected
    # Each thread's own appends stay in its order.
    for i in range(threads):
        mine = [int(a.split(':')[1]) for a in appended if a.split(':')[0] == str(i)]
        assert mine == list(range(per_thread))
