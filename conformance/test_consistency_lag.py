"""--eventual-consistency-lag-ms (issue 20, "Test realism").

DynamoDB's eventually consistent reads "might not reflect the results of a
recently completed write operation" and usually do within a second; a
strongly consistent read always returns the latest data (Developer Guide,
"DynamoDB read consistency"). GSIs are updated asynchronously and only
offer eventually consistent reads. With the flag, such reads here (GetItem,
BatchGetItem, Query and Scan without ConsistentRead, every GSI read) may see
the state of up to N ms ago; ConsistentRead=true always sees the latest;
after N ms every read sees a write. Without it (the default) no read is
ever stale.

Each test starts its own server with N = 1000 and seed 18356: the first ten
draws of that seed (std::mt19937_64, modulo N in microseconds) all reach
back at least 624 ms, so each of a test's first ten eventually consistent
reads, made within a few milliseconds of a write, is certain to miss it.
"""

import time

import pytest

import util

pytestmark = pytest.mark.dynastore_only

LAG_MS = 1000
SEED = 18356
SETTLE = LAG_MS / 1000 + 0.15  # past the lag: every read sees what was written before


@pytest.fixture
def lagged(server_factory, tmp_path):
    """(client, table name) on a fresh server with the lag."""
    url, _ = server_factory(tmp_path / 'data', ['--in-memory', '--eventual-consistency-lag-ms', LAG_MS,
                                                '--eventual-consistency-seed', SEED])
    client = util.make_client(url)
    table = util.unique_table_name('lag')
    client.create_table(
        TableName=table, BillingMode='PAY_PER_REQUEST',
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'g', 'AttributeType': 'S'}],
        GlobalSecondaryIndexes=[{'IndexName': 'by_g', 'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'}],
                                 'Projection': {'ProjectionType': 'ALL'}}])
    util.wait_for_active(client, table)
    return client, table


def _put(client, table, value, g='a'):
    client.put_item(TableName=table, Item={'pk': {'S': 'k'}, 'v': {'N': str(value)}, 'g': {'S': g}})


def _get(client, table, consistent):
    item = client.get_item(TableName=table, Key={'pk': {'S': 'k'}}, ConsistentRead=consistent).get('Item')
    return None if item is None else int(item['v']['N'])


def _values(items):
    return [int(item['v']['N']) for item in items]


def test_eventually_consistent_get_can_miss_a_write_consistent_never(lagged):
    client, table = lagged
    _put(client, table, 1)
    time.sleep(SETTLE)
    _put(client, table, 2)
    assert _get(client, table, consistent=False) == 1  # the old value, not nothing
    assert _get(client, table, consistent=True) == 2
    time.sleep(SETTLE)
    assert [_get(client, table, consistent=False) for _ in range(20)] == [2] * 20


def test_query_scan_and_batch_get_can_miss_a_write(lagged):
    client, table = lagged
    _put(client, table, 1)
    time.sleep(SETTLE)
    _put(client, table, 2)
    query = dict(TableName=table, KeyConditionExpression='pk = :k', ExpressionAttributeValues={':k': {'S': 'k'}})
    batch = {table: {'Keys': [{'pk': {'S': 'k'}}]}}
    assert _values(client.query(**query)['Items']) == [1]
    assert _values(client.scan(TableName=table)['Items']) == [1]
    assert _values(client.batch_get_item(RequestItems=batch)['Responses'][table]) == [1]
    assert _values(client.query(**query, ConsistentRead=True)['Items']) == [2]
    assert _values(client.scan(TableName=table, ConsistentRead=True)['Items']) == [2]
    batch[table]['ConsistentRead'] = True
    assert _values(client.batch_get_item(RequestItems=batch)['Responses'][table]) == [2]
    time.sleep(SETTLE)
    del batch[table]['ConsistentRead']
    for _ in range(5):
        assert _values(client.query(**query)['Items']) == [2]
        assert _values(client.scan(TableName=table)['Items']) == [2]
        assert _values(client.batch_get_item(RequestItems=batch)['Responses'][table]) == [2]


def test_gsi_queries_see_index_changes_late(lagged):
    client, table = lagged

    def by_g(g):
        return _values(client.query(TableName=table, IndexName='by_g', KeyConditionExpression='g = :g',
                                    ExpressionAttributeValues={':g': {'S': g}})['Items'])

    _put(client, table, 1, g='a')
    time.sleep(SETTLE)
    _put(client, table, 2, g='b')  # moves the item from a to b in the index
    assert by_g('b') == []
    assert by_g('a') == [1]
    time.sleep(SETTLE)
    assert by_g('b') == [2]
    assert by_g('a') == []


def test_consistent_reads_always_see_the_latest_write(lagged):
    client, table = lagged
    query = dict(TableName=table, KeyConditionExpression='pk = :k', ExpressionAttributeValues={':k': {'S': 'k'}},
                 ConsistentRead=True)
    for value in range(30):
        _put(client, table, value)
        assert _get(client, table, consistent=True) == value
        assert _values(client.query(**query)['Items']) == [value]
        assert client.transact_get_items(TransactItems=[{'Get': {'TableName': table, 'Key': {'pk': {'S': 'k'}}}}])[
            'Responses'][0]['Item']['v'] == {'N': str(value)}


def test_without_the_flag_no_read_is_stale(dynamodb, hash_table, random_key):
    """The default: one node, every read sees the latest write."""
    for value in range(30):
        dynamodb.put_item(TableName=hash_table, Item={'pk': {'S': random_key}, 'v': {'N': str(value)}})
        item = dynamodb.get_item(TableName=hash_table, Key={'pk': {'S': random_key}})['Item']
        assert item['v'] == {'N': str(value)}
        found = dynamodb.query(TableName=hash_table, KeyConditionExpression='pk = :k',
                               ExpressionAttributeValues={':k': {'S': random_key}})['Items']
        assert _values(found) == [value]
