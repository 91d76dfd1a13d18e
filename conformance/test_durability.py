"""Durability of our own server: what it acknowledged survives kill -9 and
restarts, and a table keeps its identity.

DynamoDB's contract (Developer Guide, "Read consistency"; API Reference,
PutItem/DeleteItem) is that a write is durable once acknowledged and a
strongly consistent read returns every acknowledged write. These tests
start separate servers on their own data directories, so they need our
binary and skip with --endpoint-url.
"""

import threading
import time

import pytest

import util

N_ITEMS = 300


def _client(url):
    return util.make_client(url)


def _item(i):
    return {'pk': {'S': f'key-{i:05}'}, 'n': {'N': str(i)}, 'payload': {'S': f'value {i} ' + 'x' * (i % 50)},
            'doc': {'M': {'i': {'N': str(i)}, 'even': {'BOOL': i % 2 == 0}}}}


def _create_table(client, name):
    client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    return util.wait_for_active(client, name)


def _assert_items(client, table, present, absent=()):
    for i in present:
        got = client.get_item(TableName=table, Key={'pk': {'S': f'key-{i:05}'}}, ConsistentRead=True)
        assert got.get('Item') == _item(i), f'item {i} lost or changed'
    for i in absent:
        got = client.get_item(TableName=table, Key={'pk': {'S': f'key-{i:05}'}}, ConsistentRead=True)
        assert 'Item' not in got, f'deleted item {i} came back'


# --sync answers only once what the answer reveals is fsynced (group commit
# in a background thread); both modes keep every acknowledged write.
@pytest.mark.parametrize('flags', [[], ['--sync']], ids=['default', 'sync'])
def test_acknowledged_writes_survive_kill_9(server_factory, tmp_path, flags):
    data_dir = tmp_path / 'data'
    url, server = server_factory(data_dir, flags)
    client = _client(url)
    table = util.unique_table_name('crash')
    _create_table(client, table)
    for i in range(N_ITEMS):
        client.put_item(TableName=table, Item=_item(i))   # each one acknowledged
    deleted = range(0, N_ITEMS, 7)
    for i in deleted:
        client.delete_item(TableName=table, Key={'pk': {'S': f'key-{i:05}'}})
    overwritten = 5
    client.put_item(TableName=table, Item=dict(_item(overwritten), extra={'S': 'second version'}))

    client.update_item(TableName=table, Key={'pk': {'S': 'counter'}}, UpdateExpression='ADD n :one',
                       ExpressionAttributeValues={':one': {'N': '1'}})

    server.kill()   # SIGKILL: no shutdown hook runs

    url, server = server_factory(data_dir, flags)
    client = _client(url)
    counter = client.get_item(TableName=table, Key={'pk': {'S': 'counter'}}, ConsistentRead=True)
    assert counter['Item']['n'] == {'N': '1'}
    described = client.describe_table(TableName=table)['Table']
    assert described['TableStatus'] == 'ACTIVE'
    kept = [i for i in range(N_ITEMS) if i not in deleted and i != overwritten]
    _assert_items(client, table, kept, absent=deleted)
    got = client.get_item(TableName=table, Key={'pk': {'S': f'key-{overwritten:05}'}}, ConsistentRead=True)
    assert got['Item'] == dict(_item(overwritten), extra={'S': 'second version'})


def test_table_operations_survive_kill_9(server_factory, tmp_path):
    data_dir = tmp_path / 'data'
    url, server = server_factory(data_dir)
    client = _client(url)
    kept = util.unique_table_name('kept')
    dropped = util.unique_table_name('dropped')
    _create_table(client, kept)
    _create_table(client, dropped)
    client.put_item(TableName=dropped, Item=_item(1))
    client.delete_table(TableName=dropped)
    util.wait_for_gone(client, dropped)
    client.update_table(TableName=kept, DeletionProtectionEnabled=True)
    util.wait_for_active(client, kept)

    server.kill()

    url, server = server_factory(data_dir)
    client = _client(url)
    names = client.list_tables()['TableNames']
    assert kept in names and dropped not in names
    assert client.describe_table(TableName=kept)['Table']['DeletionProtectionEnabled'] is True
    client.update_table(TableName=kept, DeletionProtectionEnabled=False)
    # The dropped table's name is free again and holds nothing.
    _create_table(client, dropped)
    assert 'Item' not in client.get_item(TableName=dropped, Key={'pk': {'S': 'key-00001'}}, ConsistentRead=True)


def test_clean_restart_keeps_tables_items_and_identity(server_factory, tmp_path):
    data_dir = tmp_path / 'data'
    url, server = server_factory(data_dir)
    client = _client(url)
    table = util.unique_table_name('restart')
    before = _create_table(client, table)
    range_name = util.unique_table_name('restart-range')
    client.create_table(TableName=range_name, BillingMode='PROVISIONED',
                        ProvisionedThroughput={'ReadCapacityUnits': 3, 'WriteCapacityUnits': 4},
                        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'},
                                   {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
                        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                                              {'AttributeName': 'sk', 'AttributeType': 'N'}])
    range_before = util.wait_for_active(client, range_name)
    for i in range(50):
        client.put_item(TableName=table, Item=_item(i))
        client.put_item(TableName=range_name, Item={'pk': {'S': 'p'}, 'sk': {'N': str(i)}, 'v': {'B': bytes([i])}})

    status = server.stop()   # SIGTERM
    assert status == 0, f'clean shutdown exited with {status}:\n{server.output()}'

    url, server = server_factory(data_dir)
    client = _client(url)
    for name, original in ((table, before), (range_name, range_before)):
        after = client.describe_table(TableName=name)['Table']
        for field in ('TableName', 'TableId', 'TableArn', 'CreationDateTime', 'KeySchema', 'TableStatus'):
            assert after[field] == original[field], field
        assert sorted(after['AttributeDefinitions'], key=lambda d: d['AttributeName']) == \
            sorted(original['AttributeDefinitions'], key=lambda d: d['AttributeName'])
    after = client.describe_table(TableName=range_name)['Table']
    assert after['ProvisionedThroughput']['ReadCapacityUnits'] == 3
    assert after['ProvisionedThroughput']['WriteCapacityUnits'] == 4
    _assert_items(client, table, range(50))
    for i in range(50):
        got = client.get_item(TableName=range_name, Key={'pk': {'S': 'p'}, 'sk': {'N': str(i)}},
                              ConsistentRead=True)
        assert got['Item']['v'] == {'B': bytes([i])}


def test_restart_twice_on_the_same_directory(server_factory, tmp_path):
    data_dir = tmp_path / 'data'
    table = util.unique_table_name('twice')
    url, server = server_factory(data_dir)
    client = _client(url)
    table_id = _create_table(client, table)['TableId']
    client.put_item(TableName=table, Item=_item(1))
    server.kill()
    url, server = server_factory(data_dir)
    client = _client(url)
    client.put_item(TableName=table, Item=_item(2))
    assert server.stop() == 0
    url, server = server_factory(data_dir)
    client = _client(url)
    assert client.describe_table(TableName=table)['Table']['TableId'] == table_id
    _assert_items(client, table, [1, 2])


def test_separate_data_directories_are_separate(server_factory, tmp_path):
    url_a, _ = server_factory(tmp_path / 'a')
    url_b, _ = server_factory(tmp_path / 'b')
    a, b = _client(url_a), _client(url_b)
    table = util.unique_table_name('sep')
    _create_table(a, table)
    assert table not in b.list_tables()['TableNames']


@pytest.mark.parametrize('flags', [[], ['--sync']], ids=['default', 'sync'])
def test_acknowledged_concurrent_writes_survive_kill_9_under_load(server_factory, tmp_path, flags):
    # Many writers at once (with --sync their fsyncs are shared: group
    # commit) and a kill -9 in the middle of the load: every write that was
    # acknowledged before the kill is there after the restart.
    data_dir = tmp_path / 'data'
    url, server = server_factory(data_dir, flags)
    table = util.unique_table_name('load')
    _create_table(_client(url), table)
    acknowledged, lock, stop = [], threading.Lock(), threading.Event()

    def writer(w):
        client = _client(url)
        for i in range(5000):
            if stop.is_set():
                return
            key = f'w{w:02}-{i:05}'
            try:
                client.put_item(TableName=table, Item={'pk': {'S': key}, 'v': {'N': str(i)}})
            except Exception:  # pylint: disable=broad-except
                return  # the server is gone: this write was never acknowledged
            with lock:
                acknowledged.append(key)

    writers = [threading.Thread(target=writer, args=(w,)) for w in range(16)]
    for t in writers:
        t.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with lock:
            if len(acknowledged) >= 1500:
                break
        time.sleep(0.02)
    server.kill()
    stop.set()
    for t in writers:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in writers)
    with lock:
        keys = list(acknowledged)
    assert len(keys) >= 1500

    url, server = server_factory(data_dir, flags)
    client = _client(url)
    found = set()
    for start in range(0, len(keys), 100):
        request = {table: {'Keys': [{'pk': {'S': k}} for k in keys[start:start + 100]], 'ConsistentRead': True}}
        for _ in range(20):  # UnprocessedKeys are retried, boundedly
            response = client.batch_get_item(RequestItems=request)
            found.update(item['pk']['S'] for item in response['Responses'].get(table, []))
            request = response.get('UnprocessedKeys') or {}
            if not request:
                break
    missing = [k for k in keys if k not in found]
    assert not missing, f'{len(missing)} acknowledged writes lost, e.g. {missing[:5]}'
