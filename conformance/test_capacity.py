"""Consumed capacity by DynamoDB's rules, and opt-in throttling (issue 20,
"Capacity, exactly as DynamoDB counts it").

Every figure below follows from the Developer Guide's rules, one case per
rule:
  - "DynamoDB read and write operations" (read-write-operations.html):
    reads 1 unit per 4 KB of item, rounded up; eventually consistent reads
    half; GetItem and BatchGetItem round each item (a missing one costs the
    minimum); Query and Scan sum the sizes of the items they evaluate,
    before any filter, and round once; writes 1 unit per KB of the larger of
    the item before and after; a delete the deleted item's; a conditional
    write whose condition fails still consumes write capacity;
    transactional reads and writes cost double.
  - "Provisioned throughput considerations for global secondary indexes"
    and "... for local secondary indexes": a write into an index costs
    1 unit per KB of the index entry; an index key that changes costs a
    delete and a put (2); an item leaving the index 1; an unchanged entry
    nothing; an LSI query that fetches from the table also pays for each
    fetched item, rounded on its own.
  - "Item sizes and formats": an S attribute is its name's bytes plus its
    UTF-8 bytes, which the items here are built from to the byte.

The throttling cases (--enforce-capacity) start servers of their own:
"Burst capacity" (up to 300 s of unused capacity kept), the
ProvisionedThroughputExceededException texts of the API Reference
(TransactWriteItems' cancellation reason codes), ThrottlingReasons
(API_ThrottlingReason), BatchWriteItem's UnprocessedItems and
BatchGetItem's UnprocessedKeys ("If none of the items can be processed due
to insufficient provisioned throughput ... returns a
ProvisionedThroughputExceededException"), on-demand maxima
(on-demand-capacity-mode-max-throughput.html).
"""

import json
import time

import pytest
from botocore.exceptions import ClientError

import util

KB = 1024


def sized_item(key, size, **extra):
    """An item of exactly `size` bytes by DynamoDB's rules: pk (S) and a
    padding attribute p (S), plus `extra` string attributes."""
    item = {'pk': {'S': key}}
    used = len('pk') + len(key.encode())
    for name, value in extra.items():
        item[name] = {'S': value}
        used += len(name) + len(value.encode())
    pad = size - used - len('p')
    assert pad >= 0, (size, used)
    item['p'] = {'S': 'x' * pad}
    return item


def units(response):
    return response['ConsumedCapacity']['CapacityUnits']


@pytest.fixture(scope='module')
def table(module_tables):
    name, _ = module_tables.create(**util.hash_key_schema('pk', 'S'))
    return name


@pytest.fixture(scope='module')
def range_table(module_tables):
    name, _ = module_tables.create(
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'sk', 'AttributeType': 'S'}])
    return name


def put(dynamodb, table, item):
    dynamodb.put_item(TableName=table, Item=item)


# --------------------------------------------------------------------------
# GetItem

@pytest.mark.parametrize('size,consistent,expected', [
    (4 * KB, True, 1.0),        # up to 4 KB: one unit
    (4 * KB + 1, True, 2.0),    # rounded up to the next 4 KB
    (4 * KB, False, 0.5),       # eventually consistent: half
    (10 * KB, False, 1.5),      # 10 KB -> 12 KB -> 3 units, halved
])
def test_get_item_rounds_the_item_up_to_4kb(dynamodb, table, size, consistent, expected):
    key = util.rnd()
    put(dynamodb, table, sized_item(key, size))
    response = dynamodb.get_item(TableName=table, Key={'pk': {'S': key}}, ConsistentRead=consistent,
                                 ReturnConsumedCapacity='TOTAL')
    util.assert_consumed_capacity(response['ConsumedCapacity'], table, expected)


@pytest.mark.parametrize('consistent,expected', [(True, 1.0), (False, 0.5)])
def test_get_item_of_a_missing_item_costs_the_minimum(dynamodb, table, consistent, expected):
    response = dynamodb.get_item(TableName=table, Key={'pk': {'S': util.rnd()}}, ConsistentRead=consistent,
                                 ReturnConsumedCapacity='TOTAL')
    assert 'Item' not in response
    util.assert_consumed_capacity(response['ConsumedCapacity'], table, expected)


def test_a_projection_does_not_lower_the_cost(dynamodb, table):
    key = util.rnd()
    put(dynamodb, table, sized_item(key, 9 * KB))
    response = dynamodb.get_item(TableName=table, Key={'pk': {'S': key}}, ConsistentRead=True,
                                 ProjectionExpression='pk', ReturnConsumedCapacity='TOTAL')
    assert response['Item'] == {'pk': {'S': key}}
    assert units(response) == 3.0


@pytest.mark.parametrize('mode', ['NONE', None])
def test_no_consumed_capacity_unless_asked(dynamodb, table, mode):
    key = util.rnd()
    extra = {'ReturnConsumedCapacity': mode} if mode else {}
    assert 'ConsumedCapacity' not in dynamodb.put_item(TableName=table, Item=sized_item(key, 100), **extra)
    assert 'ConsumedCapacity' not in dynamodb.get_item(TableName=table, Key={'pk': {'S': key}}, **extra)
    assert 'ConsumedCapacity' not in dynamodb.update_item(TableName=table, Key={'pk': {'S': key}},
                                                          UpdateExpression='SET a = :a',
                                                          ExpressionAttributeValues={':a': {'S': 'b'}}, **extra)
    assert 'ConsumedCapacity' not in dynamodb.delete_item(TableName=table, Key={'pk': {'S': key}}, **extra)
    assert 'ConsumedCapacity' not in dynamodb.batch_get_item(
        RequestItems={table: {'Keys': [{'pk': {'S': key}}]}}, **extra)
    assert 'ConsumedCapacity' not in dynamodb.transact_get_items(
        TransactItems=[{'Get': {'TableName': table, 'Key': {'pk': {'S': key}}}}], **extra)


# --------------------------------------------------------------------------
# PutItem, UpdateItem, DeleteItem

@pytest.mark.parametrize('size,expected', [(1 * KB, 1.0), (1 * KB + 1, 2.0), (2 * KB + 1, 3.0)])
def test_put_item_rounds_the_item_up_to_1kb(dynamodb, table, size, expected):
    response = dynamodb.put_item(TableName=table, Item=sized_item(util.rnd(), size), ReturnConsumedCapacity='TOTAL')
    util.assert_consumed_capacity(response['ConsumedCapacity'], table, expected)


def test_put_item_over_a_larger_item_costs_the_larger(dynamodb, table):
    key = util.rnd()
    put(dynamodb, table, sized_item(key, 3000))
    response = dynamodb.put_item(TableName=table, Item=sized_item(key, 100), ReturnConsumedCapacity='TOTAL')
    assert units(response) == 3.0
    # ... and the other way round.
    response = dynamodb.put_item(TableName=table, Item=sized_item(key, 5000), ReturnConsumedCapacity='TOTAL')
    assert units(response) == 5.0


def test_update_item_costs_the_whole_item_not_the_attributes_changed(dynamodb, table):
    key = util.rnd()
    put(dynamodb, table, sized_item(key, 2500))
    response = dynamodb.update_item(TableName=table, Key={'pk': {'S': key}}, UpdateExpression='SET n = :n',
                                    ExpressionAttributeValues={':n': {'N': '1'}}, ReturnConsumedCapacity='TOTAL')
    util.assert_consumed_capacity(response['ConsumedCapacity'], table, 3.0)
    # Shrinking it costs the item as it was (the larger).
    response = dynamodb.update_item(TableName=table, Key={'pk': {'S': key}}, UpdateExpression='REMOVE p',
                                    ReturnConsumedCapacity='TOTAL')
    assert units(response) == 3.0


def test_update_item_of_a_missing_item_costs_the_item_it_creates(dynamodb, table):
    response = dynamodb.update_item(TableName=table, Key={'pk': {'S': util.rnd()}}, UpdateExpression='SET p = :p',
                                    ExpressionAttributeValues={':p': {'S': 'x' * 1500}},
                                    ReturnConsumedCapacity='TOTAL')
    assert units(response) == 2.0


def test_delete_item_costs_the_deleted_item(dynamodb, table):
    key = util.rnd()
    put(dynamodb, table, sized_item(key, 2100))
    response = dynamodb.delete_item(TableName=table, Key={'pk': {'S': key}}, ReturnConsumedCapacity='TOTAL')
    util.assert_consumed_capacity(response['ConsumedCapacity'], table, 3.0)


def test_delete_item_of_a_missing_item_costs_one_unit(dynamodb, table):
    response = dynamodb.delete_item(TableName=table, Key={'pk': {'S': util.rnd()}}, ReturnConsumedCapacity='TOTAL')
    util.assert_consumed_capacity(response['ConsumedCapacity'], table, 1.0)


def test_consumed_capacity_indexes_on_a_table_without_indexes(dynamodb, table):
    response = dynamodb.put_item(TableName=table, Item=sized_item(util.rnd(), 1500), ReturnConsumedCapacity='INDEXES')
    util.assert_consumed_capacity(response['ConsumedCapacity'], table, 2.0, indexes=True)
    assert 'GlobalSecondaryIndexes' not in response['ConsumedCapacity']
    assert 'LocalSecondaryIndexes' not in response['ConsumedCapacity']


# --------------------------------------------------------------------------
# Query and Scan: the bytes read, summed, then rounded

@pytest.fixture(scope='module')
def three_items(dynamodb, range_table):
    """Three items of 1,500 bytes under one partition key (4,500 bytes)."""
    key = util.rnd()
    for sk in ('a', 'b', 'c'):
        item = sized_item(key, 1500, sk=sk)
        dynamodb.put_item(TableName=range_table, Item=item)
    return key


def query(dynamodb, table, key, **request):
    return dynamodb.query(TableName=table, KeyConditionExpression='pk = :k',
                          ExpressionAttributeValues={':k': {'S': key}, **request.pop('values', {})},
                          ReturnConsumedCapacity='TOTAL', **request)


def test_query_sums_the_items_then_rounds_once(dynamodb, range_table, three_items):
    # 4,500 bytes -> 8 KB -> 2 units (3 units if each item were rounded).
    response = query(dynamodb, range_table, three_items, ConsistentRead=True)
    assert response['Count'] == 3
    util.assert_consumed_capacity(response['ConsumedCapacity'], range_table, 2.0)
    assert units(query(dynamodb, range_table, three_items)) == 1.0


def test_query_counts_items_read_not_returned(dynamodb, range_table, three_items):
    filtered = query(dynamodb, range_table, three_items, ConsistentRead=True, FilterExpression='p = :none',
                     values={':none': {'S': 'none'}})
    assert filtered['Count'] == 0 and filtered['ScannedCount'] == 3
    assert units(filtered) == 2.0
    counted = query(dynamodb, range_table, three_items, ConsistentRead=True, Select='COUNT')
    assert units(counted) == 2.0


def test_query_with_a_limit_counts_what_it_read(dynamodb, range_table, three_items):
    response = query(dynamodb, range_table, three_items, ConsistentRead=True, Limit=2)
    assert response['ScannedCount'] == 2  # 3,000 bytes
    assert units(response) == 1.0


def test_query_of_nothing_costs_the_minimum(dynamodb, range_table):
    assert units(query(dynamodb, range_table, util.rnd(), ConsistentRead=True)) == 1.0
    assert units(query(dynamodb, range_table, util.rnd())) == 0.5


def test_scan_counts_the_bytes_it_evaluates(dynamodb, new_table):
    name, _ = new_table.create(**util.hash_key_schema('pk', 'S'))
    for _ in range(5):
        dynamodb.put_item(TableName=name, Item=sized_item(util.rnd(), 2000))  # 10,000 bytes
    response = dynamodb.scan(TableName=name, ConsistentRead=True, FilterExpression='attribute_exists(nothing)',
                             ReturnConsumedCapacity='TOTAL')
    assert response['Count'] == 0 and response['ScannedCount'] == 5
    util.assert_consumed_capacity(response['ConsumedCapacity'], name, 3.0)  # 10,000 B -> 12 KB
    assert units(dynamodb.scan(TableName=name, ReturnConsumedCapacity='TOTAL')) == 1.5


# --------------------------------------------------------------------------
# Batches: each item on its own, per table

def test_batch_get_item_rounds_each_item(dynamodb, table, range_table):
    # The Developer Guide's example: 1.5 KB and 6.5 KB read as 4 KB + 8 KB.
    a, b = util.rnd(), util.rnd()
    put(dynamodb, table, sized_item(a, 1536))
    put(dynamodb, table, sized_item(b, 6656))
    response = dynamodb.batch_get_item(RequestItems={
        table: {'Keys': [{'pk': {'S': a}}, {'pk': {'S': b}}], 'ConsistentRead': True},
        range_table: {'Keys': [{'pk': {'S': a}, 'sk': {'S': 'x'}}]}}, ReturnConsumedCapacity='TOTAL')
    consumed = {c['TableName']: c for c in response['ConsumedCapacity']}
    util.assert_consumed_capacity(consumed[table], table, 3.0)
    util.assert_consumed_capacity(consumed[range_table], range_table, 0.5)  # missing, eventually consistent


def test_batch_write_item_rounds_each_item(dynamodb, table):
    a, b = util.rnd(), util.rnd()
    put(dynamodb, table, sized_item(b, 2500))
    response = dynamodb.batch_write_item(RequestItems={table: [
        {'PutRequest': {'Item': sized_item(a, 1500)}},   # 2
        {'DeleteRequest': {'Key': {'pk': {'S': b}}}},    # 3: the deleted item
        {'DeleteRequest': {'Key': {'pk': {'S': util.rnd()}}}},  # 1: missing
    ]}, ReturnConsumedCapacity='TOTAL')
    assert response['UnprocessedItems'] == {}
    [consumed] = response['ConsumedCapacity']
    util.assert_consumed_capacity(consumed, table, 6.0)


# --------------------------------------------------------------------------
# Transactions: double

def test_transact_get_items_costs_two_units_per_4kb(dynamodb, table):
    a, b = util.rnd(), util.rnd()
    put(dynamodb, table, sized_item(a, 5000))
    response = dynamodb.transact_get_items(TransactItems=[
        {'Get': {'TableName': table, 'Key': {'pk': {'S': a}}}},   # 8 KB: 2 x 2
        {'Get': {'TableName': table, 'Key': {'pk': {'S': b}}}},   # missing: 2 x 1
    ], ReturnConsumedCapacity='TOTAL')
    [consumed] = response['ConsumedCapacity']
    assert consumed['TableName'] == table
    assert consumed['CapacityUnits'] == 6.0
    assert consumed.get('ReadCapacityUnits', 6.0) == 6.0


def test_transact_write_items_costs_two_units_per_kb(dynamodb, table):
    a, b = util.rnd(), util.rnd()
    put(dynamodb, table, sized_item(b, 100))
    response = dynamodb.transact_write_items(TransactItems=[
        {'Put': {'TableName': table, 'Item': sized_item(a, 1500)}},   # 2 x 2 written
        {'ConditionCheck': {'TableName': table, 'Key': {'pk': {'S': b}},
                            'ConditionExpression': 'attribute_exists(pk)'}},  # 2 x 1 written
    ], ReturnConsumedCapacity='TOTAL')
    # A ConditionCheck is billed as a write (test_transactions.py,
    # test_write_consumed_capacity_total, says where that was seen).
    [consumed] = response['ConsumedCapacity']
    assert consumed['CapacityUnits'] == 6.0
    assert consumed.get('WriteCapacityUnits', 6.0) == 6.0
    assert 'ReadCapacityUnits' not in consumed


# --------------------------------------------------------------------------
# Secondary indexes

@pytest.fixture(scope='module')
def indexed_table(module_tables):
    """pk (S) with GSI by_g (g S, KEYS_ONLY), GSI by_h (h S, ALL) and LSI
    by_l (pk + l S, KEYS_ONLY) on a table with sort key sk."""
    name, _ = module_tables.create(
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
        AttributeDefinitions=[{'AttributeName': n, 'AttributeType': 'S'} for n in ('pk', 'sk', 'g', 'h', 'l')],
        GlobalSecondaryIndexes=[
            {'IndexName': 'by_g', 'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'}],
             'Projection': {'ProjectionType': 'KEYS_ONLY'}},
            {'IndexName': 'by_h', 'KeySchema': [{'AttributeName': 'h', 'KeyType': 'HASH'}],
             'Projection': {'ProjectionType': 'ALL'}}],
        LocalSecondaryIndexes=[
            {'IndexName': 'by_l', 'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'},
                                                {'AttributeName': 'l', 'KeyType': 'RANGE'}],
             'Projection': {'ProjectionType': 'KEYS_ONLY'}}])
    return name


def index_units(consumed, kind, name):
    return consumed.get(kind, {}).get(name, {}).get('CapacityUnits', 0.0)


def check_write(response, table, table_units, gsis=None, lsis=None):
    consumed = response['ConsumedCapacity']
    gsis, lsis = gsis or {}, lsis or {}
    assert consumed['TableName'] == table
    assert consumed['Table']['CapacityUnits'] == table_units, consumed
    for name in ('by_g', 'by_h'):
        assert index_units(consumed, 'GlobalSecondaryIndexes', name) == gsis.get(name, 0.0), consumed
    assert index_units(consumed, 'LocalSecondaryIndexes', 'by_l') == lsis.get('by_l', 0.0), consumed
    assert consumed['CapacityUnits'] == table_units + sum(gsis.values()) + sum(lsis.values()), consumed


def test_index_writes_per_index(dynamodb, indexed_table):
    key = {'pk': {'S': util.rnd()}, 'sk': {'S': 's'}}
    t = indexed_table

    def update(expression, values=None):
        request = dict(TableName=t, Key=key, UpdateExpression=expression, ReturnConsumedCapacity='INDEXES')
        if values:
            request['ExpressionAttributeValues'] = values
        return dynamodb.update_item(**request)

    # A new item in by_g only: one write there, none in the others.
    response = dynamodb.put_item(TableName=t, Item={**key, 'g': {'S': 'g1'}}, ReturnConsumedCapacity='INDEXES')
    check_write(response, t, 1.0, gsis={'by_g': 1.0})
    # by_g's key changes: a delete and a put there (2).
    check_write(update('SET g = :g', {':g': {'S': 'g2'}}), t, 1.0, gsis={'by_g': 2.0})
    # An attribute no index projects: no index write (by_g is KEYS_ONLY).
    check_write(update('SET misc = :o', {':o': {'S': 'o'}}), t, 1.0)
    # Into by_h (ALL) and by_l: one write each.
    check_write(update('SET h = :h, l = :l', {':h': {'S': 'h1'}, ':l': {'S': 'l1'}}), t, 1.0,
                gsis={'by_h': 1.0}, lsis={'by_l': 1.0})
    # by_h projects everything: any change rewrites its entry (1).
    check_write(update('SET misc = :o', {':o': {'S': 'o2'}}), t, 1.0, gsis={'by_h': 1.0})
    # g removed: the item leaves by_g (1); by_h's entry changes too.
    check_write(update('REMOVE g'), t, 1.0, gsis={'by_g': 1.0, 'by_h': 1.0})
    # Deleting the item removes it from by_h and by_l (1 each).
    response = dynamodb.delete_item(TableName=t, Key=key, ReturnConsumedCapacity='INDEXES')
    check_write(response, t, 1.0, gsis={'by_h': 1.0}, lsis={'by_l': 1.0})


def test_an_index_entry_costs_per_kb_of_what_it_projects(dynamodb, indexed_table):
    item = {'pk': {'S': util.rnd()}, 'sk': {'S': 's'}, 'g': {'S': 'g'}, 'h': {'S': 'h'}, 'p': {'S': 'x' * 2500}}
    response = dynamodb.put_item(TableName=indexed_table, Item=item, ReturnConsumedCapacity='INDEXES')
    # ~2.5 KB: 3 units in the table and in by_h (ALL), 1 in by_g (KEYS_ONLY).
    check_write(response, indexed_table, 3.0, gsis={'by_g': 1.0, 'by_h': 3.0})
    total = dynamodb.put_item(TableName=indexed_table, Item=item, ReturnConsumedCapacity='TOTAL')
    # Overwritten with itself: no index entry changes.
    assert total['ConsumedCapacity'] == {'TableName': indexed_table, 'CapacityUnits': 3.0}


def test_batch_write_item_counts_index_writes(dynamodb, indexed_table):
    items = [{'pk': {'S': util.rnd()}, 'sk': {'S': 's'}, 'g': {'S': 'g'}} for _ in range(2)]
    response = dynamodb.batch_write_item(RequestItems={indexed_table: [{'PutRequest': {'Item': i}} for i in items]},
                                         ReturnConsumedCapacity='INDEXES')
    [consumed] = response['ConsumedCapacity']
    assert consumed['Table']['CapacityUnits'] == 2.0
    assert index_units(consumed, 'GlobalSecondaryIndexes', 'by_g') == 2.0
    assert consumed['CapacityUnits'] == 4.0


def test_gsi_query_reads_index_entries(dynamodb, indexed_table):
    g = util.rnd()
    for _ in range(3):
        item = {'pk': {'S': util.rnd()}, 'sk': {'S': 's'}, 'g': {'S': g}, 'p': {'S': 'x' * 3000}}
        dynamodb.put_item(TableName=indexed_table, Item=item)
    response = dynamodb.query(TableName=indexed_table, IndexName='by_g', KeyConditionExpression='g = :g',
                              ExpressionAttributeValues={':g': {'S': g}}, ReturnConsumedCapacity='INDEXES')
    assert response['Count'] == 3
    consumed = response['ConsumedCapacity']
    # Three small KEYS_ONLY entries, eventually consistent: half a unit,
    # from the index's capacity, not the table's.
    assert index_units(consumed, 'GlobalSecondaryIndexes', 'by_g') == 0.5
    assert consumed.get('Table', {}).get('CapacityUnits', 0.0) == 0.0
    assert consumed['CapacityUnits'] == 0.5


def test_lsi_query_that_fetches_pays_for_each_fetched_item(dynamodb, indexed_table):
    pk = util.rnd()
    for i in range(2):
        item = {'pk': {'S': pk}, 'sk': {'S': f's{i}'}, 'l': {'S': f'l{i}'}, 'p': {'S': 'x' * 3000}}
        dynamodb.put_item(TableName=indexed_table, Item=item)
    request = dict(TableName=indexed_table, IndexName='by_l', KeyConditionExpression='pk = :k',
                   ExpressionAttributeValues={':k': {'S': pk}}, ConsistentRead=True,
                   ReturnConsumedCapacity='INDEXES')
    keys_only = dynamodb.query(**request)
    assert keys_only['Count'] == 2
    assert index_units(keys_only['ConsumedCapacity'], 'LocalSecondaryIndexes', 'by_l') == 1.0
    assert keys_only['ConsumedCapacity']['CapacityUnits'] == 1.0
    fetched = dynamodb.query(**request, Select='ALL_ATTRIBUTES')
    assert fetched['Items'][0]['p'] == {'S': 'x' * 3000}
    consumed = fetched['ConsumedCapacity']
    # The index entries (1), then each ~3 KB item from the table (1 + 1).
    assert index_units(consumed, 'LocalSecondaryIndexes', 'by_l') == 1.0
    assert consumed['Table']['CapacityUnits'] == 2.0
    assert consumed['CapacityUnits'] == 3.0


# --------------------------------------------------------------------------
# What the answer cannot show: /metrics (ours)

def _capacity_counters(endpoint_url, operation, table):
    parser = pytest.importorskip('prometheus_client.parser')
    body = util.http_request(endpoint_url + '/metrics', method='GET').body.decode()
    found = {}
    for family in parser.text_string_to_metric_families(body):
        for sample in family.samples:
            if (sample.name in ('dynastore_consumed_read_capacity_units_total',
                                'dynastore_consumed_write_capacity_units_total')
                    and sample.labels.get('operation') == operation and sample.labels.get('table') == table):
                found[sample.name.split('_')[2]] = sample.value
    return found.get('read', 0.0), found.get('write', 0.0)


@pytest.mark.dynastore_only
def test_a_failed_condition_still_consumes_write_capacity(endpoint_url, dynamodb, table):
    key = util.rnd()
    put(dynamodb, table, sized_item(key, 1500))
    _, before = _capacity_counters(endpoint_url, 'PutItem', table)
    with pytest.raises(dynamodb.exceptions.ConditionalCheckFailedException):
        dynamodb.put_item(TableName=table, Item=sized_item(key, 2500), ConditionExpression='attribute_not_exists(pk)',
                          ReturnConsumedCapacity='TOTAL')
    _, after = _capacity_counters(endpoint_url, 'PutItem', table)
    assert after - before == 3.0  # the larger of the item there and the one attempted


@pytest.mark.dynastore_only
def test_metrics_count_capacity_per_operation_and_table(endpoint_url, dynamodb, table, range_table):
    key = util.rnd()
    read0, write0 = _capacity_counters(endpoint_url, 'PutItem', table)
    dynamodb.put_item(TableName=table, Item=sized_item(key, 1500))
    assert _capacity_counters(endpoint_url, 'PutItem', table) == (read0, write0 + 2.0)
    read0, _ = _capacity_counters(endpoint_url, 'GetItem', table)
    dynamodb.get_item(TableName=table, Key={'pk': {'S': key}})
    assert _capacity_counters(endpoint_url, 'GetItem', table)[0] == read0 + 0.5
    # A batch counts under each table it read.
    before = [_capacity_counters(endpoint_url, 'BatchGetItem', t)[0] for t in (table, range_table)]
    dynamodb.batch_get_item(RequestItems={table: {'Keys': [{'pk': {'S': key}}], 'ConsistentRead': True},
                                          range_table: {'Keys': [{'pk': {'S': key}, 'sk': {'S': 'x'}}]}})
    after = [_capacity_counters(endpoint_url, 'BatchGetItem', t)[0] for t in (table, range_table)]
    assert [a - b for a, b in zip(after, before)] == [1.0, 0.5]


# --------------------------------------------------------------------------
# --enforce-capacity

TABLE_MESSAGE = ('The level of configured provisioned throughput for the table was exceeded. '
                 'Consider increasing your provisioning level with the UpdateTable API.')
INDEX_MESSAGE = ('The level of configured provisioned throughput for one or more global secondary indexes of the '
                 'table was exceeded. Consider increasing your provisioning level for the under-provisioned global '
                 'secondary indexes with the UpdateTable API')
BURST_SECONDS = 3


@pytest.fixture(scope='module')
def limited(request, tmp_path_factory):
    """A server enforcing capacity with a 3 s burst window, and a client
    with retries off."""
    binary = request.getfixturevalue('server_binary')
    workdir = tmp_path_factory.mktemp('capacity')
    factory = util.ServerFactory(binary, log_dir=str(workdir / 'logs'),
                                 start_timeout=request.config.getoption('--server-start-timeout'))
    try:
        server = factory.start(workdir / 'data', ['--enforce-capacity', '--capacity-burst-seconds', str(BURST_SECONDS)])
        yield server.url, util.make_client(server.url)
    finally:
        factory.close()


def provisioned(client, rcu=1, wcu=1, **schema):
    name = util.unique_table_name('cap')
    if 'KeySchema' not in schema:
        schema.update(util.hash_key_schema('pk', 'S'))
    client.create_table(TableName=name, ProvisionedThroughput={'ReadCapacityUnits': rcu, 'WriteCapacityUnits': wcu},
                        **schema)
    util.wait_for_active(client, name)
    return name


def attempt(call, **request):
    """'ok', or the exception's name."""
    try:
        call(**request)
        return 'ok'
    except ClientError as e:
        return e.response['Error']['Code']


def small(key=None):
    return {'pk': {'S': key or util.rnd()}}


@pytest.mark.dynastore_only
def test_writes_past_the_burst_are_throttled(limited):
    _, client = limited
    name = provisioned(client, wcu=1)
    # A new table has its burst: 3 s of 1 WCU; then about 1 write a second.
    outcomes = [attempt(client.put_item, TableName=name, Item=small()) for _ in range(10)]
    assert outcomes[:3] == ['ok'] * 3, outcomes
    assert 3 <= outcomes.count('ok') <= 5, outcomes
    assert set(outcomes) == {'ok', 'ProvisionedThroughputExceededException'}, outcomes
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=name, Item=small())
    util.assert_client_error(e, 'ProvisionedThroughputExceededException', TABLE_MESSAGE)
    arn = client.describe_table(TableName=name)['Table']['TableArn']
    assert e.value.response['ThrottlingReasons'] == [
        {'reason': 'TableWriteProvisionedThroughputExceeded', 'resource': arn}]


@pytest.mark.dynastore_only
def test_reads_are_throttled_by_read_capacity_alone(limited):
    _, client = limited
    name = provisioned(client, rcu=1, wcu=100)
    key = util.rnd()
    client.put_item(TableName=name, Item=small(key))
    outcomes = [attempt(client.get_item, TableName=name, Key=small(key), ConsistentRead=True) for _ in range(10)]
    assert outcomes[:3] == ['ok'] * 3, outcomes
    assert 'ProvisionedThroughputExceededException' in outcomes, outcomes
    assert attempt(client.put_item, TableName=name, Item=small()) == 'ok'  # writes have their own
    response = util.dynamodb_request(limited[0], 'GetItem', {'TableName': name, 'Key': small(key)})
    assert response.status == 400
    body = json.loads(response.body)
    assert body['__type'] == 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException'
    assert body['message'] == TABLE_MESSAGE
    assert body['ThrottlingReasons'][0]['reason'] == 'TableReadProvisionedThroughputExceeded'


@pytest.mark.dynastore_only
def test_a_large_read_leaves_a_debt(limited):
    _, client = limited
    name = provisioned(client, rcu=1, wcu=100)
    key = util.rnd()
    client.put_item(TableName=name, Item=sized_item(key, 5 * 4 * KB))  # 5 units to read strongly
    assert attempt(client.get_item, TableName=name, Key=small(key), ConsistentRead=True) == 'ok'  # 3 -> -2
    assert attempt(client.get_item, TableName=name, Key=small(key)) == 'ProvisionedThroughputExceededException'


@pytest.mark.dynastore_only
def test_failed_conditions_spend_write_capacity(limited):
    _, client = limited
    name = provisioned(client, wcu=1)
    key = util.rnd()
    client.put_item(TableName=name, Item=small(key))  # 1 of the 3
    outcomes = [attempt(client.put_item, TableName=name, Item=small(key), ConditionExpression='attribute_not_exists(pk)')
                for _ in range(4)]
    assert outcomes[:2] == ['ConditionalCheckFailedException'] * 2, outcomes
    assert 'ProvisionedThroughputExceededException' in outcomes, outcomes


@pytest.mark.dynastore_only
def test_update_table_raises_the_rate_at_once(limited):
    _, client = limited
    name = provisioned(client, wcu=1)
    while attempt(client.put_item, TableName=name, Item=small()) == 'ok':
        pass  # spend the burst (bounded: 3-5 writes)
    client.update_table(TableName=name, ProvisionedThroughput={'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1000})
    time.sleep(0.1)  # 100 units at the new rate
    outcomes = [attempt(client.put_item, TableName=name, Item=small()) for _ in range(20)]
    assert outcomes == ['ok'] * 20, outcomes


@pytest.mark.dynastore_only
def test_batch_write_returns_what_it_could_not_write(limited):
    _, client = limited
    name = provisioned(client, wcu=1)
    items = [small() for _ in range(6)]
    response = client.batch_write_item(RequestItems={name: [{'PutRequest': {'Item': i}} for i in items]},
                                       ReturnConsumedCapacity='TOTAL')
    unprocessed = response['UnprocessedItems'].get(name, [])
    # 3 units of burst: the first 3 (4 if the bucket refilled meanwhile).
    assert 2 <= len(unprocessed) <= 3, response
    written = len(items) - len(unprocessed)
    assert unprocessed == [{'PutRequest': {'Item': i}} for i in items[written:]]
    assert response['ConsumedCapacity'] == [{'TableName': name, 'CapacityUnits': float(written)}]
    for i in items[:written]:
        assert client.get_item(TableName=name, Key=i, ConsistentRead=False).get('Item') == i
    # Nothing can be written now: the whole request is refused.
    with pytest.raises(ClientError) as e:
        client.batch_write_item(RequestItems={name: [{'PutRequest': {'Item': small()}}]})
    util.assert_client_error(e, 'ProvisionedThroughputExceededException', TABLE_MESSAGE)


@pytest.mark.dynastore_only
def test_batch_get_returns_what_it_could_not_read(limited):
    _, client = limited
    name = provisioned(client, rcu=1, wcu=100)
    keys = [small() for _ in range(6)]
    for k in keys:
        client.put_item(TableName=name, Item=k)
    response = client.batch_get_item(RequestItems={name: {'Keys': keys, 'ConsistentRead': True}})
    left = response['UnprocessedKeys'].get(name, {})
    assert 2 <= len(left.get('Keys', [])) <= 3, response
    assert left['ConsistentRead'] is True  # echoed, to be sent again as it is
    assert len(response['Responses'][name]) + len(left['Keys']) == 6
    with pytest.raises(ClientError) as e:
        client.batch_get_item(RequestItems={name: {'Keys': keys[:1]}})
    util.assert_client_error(e, 'ProvisionedThroughputExceededException', TABLE_MESSAGE)


@pytest.mark.dynastore_only
def test_a_gsi_out_of_write_capacity_holds_back_the_tables_writes(limited):
    _, client = limited
    name = provisioned(client, rcu=100, wcu=100,
                       KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}],
                       AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                                             {'AttributeName': 'g', 'AttributeType': 'S'}],
                       GlobalSecondaryIndexes=[{
                           'IndexName': 'by_g', 'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'}],
                           'Projection': {'ProjectionType': 'ALL'},
                           'ProvisionedThroughput': {'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1}}])
    outcomes = [attempt(client.put_item, TableName=name, Item={**small(), 'g': {'S': 'x'}}) for _ in range(10)]
    assert outcomes[:3] == ['ok'] * 3, outcomes
    assert 'ProvisionedThroughputExceededException' in outcomes, outcomes
    # Even a write the GSI would not index waits for it.
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=name, Item=small())
    util.assert_client_error(e, 'ProvisionedThroughputExceededException', INDEX_MESSAGE)
    arn = client.describe_table(TableName=name)['Table']['TableArn']
    assert e.value.response['ThrottlingReasons'] == [
        {'reason': 'IndexWriteProvisionedThroughputExceeded', 'resource': arn + '/index/by_g'}]
    # Its reads have capacity of their own: 3 s of 1 RCU.
    query = dict(TableName=name, IndexName='by_g', KeyConditionExpression='g = :g',
                 ExpressionAttributeValues={':g': {'S': 'x'}})
    reads = [attempt(client.query, **query) for _ in range(10)]
    assert 'ProvisionedThroughputExceededException' in reads, reads
    assert attempt(client.get_item, TableName=name, Key=small()) == 'ok'  # the table's reads are untouched


@pytest.mark.dynastore_only
def test_a_transaction_over_capacity_is_cancelled(limited):
    _, client = limited
    name = provisioned(client, wcu=1)
    while attempt(client.put_item, TableName=name, Item=small()) == 'ok':
        pass
    other = provisioned(client, wcu=100)
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=[{'Put': {'TableName': other, 'Item': small()}},
                                                   {'Put': {'TableName': name, 'Item': small()}}])
    util.assert_client_error(e, 'TransactionCanceledException')
    reasons = e.value.response['CancellationReasons']
    assert [r['Code'] for r in reasons] == ['None', 'ProvisionedThroughputExceeded']
    assert reasons[1]['Message'] == TABLE_MESSAGE


@pytest.mark.dynastore_only
def test_on_demand_tables_honour_their_maximum(limited):
    _, client = limited
    unlimited = util.unique_table_name('cap')
    client.create_table(TableName=unlimited, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema('pk', 'S'))
    assert all(attempt(client.put_item, TableName=unlimited, Item=small()) == 'ok' for _ in range(30))

    name = util.unique_table_name('cap')
    client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema('pk', 'S'),
                        OnDemandThroughput={'MaxWriteRequestUnits': 2})
    outcomes = [attempt(client.put_item, TableName=name, Item=small()) for _ in range(10)]
    assert outcomes[:2] == ['ok'] * 2, outcomes  # one second's worth, no burst
    assert 'ThrottlingException' in outcomes, outcomes
    response = util.dynamodb_request(limited[0], 'PutItem', {'TableName': name, 'Item': small()})
    body = json.loads(response.body)
    assert response.status == 400
    assert body['__type'].endswith('#ThrottlingException')
    assert body['throttlingReasons'][0]['reason'] == 'TableWriteMaxOnDemandThroughputExceeded'
    assert attempt(client.get_item, TableName=name, Key=small()) == 'ok'  # reads have no maximum


@pytest.mark.dynastore_only
def test_sdk_retries_ride_out_the_throttling(limited):
    url, _ = limited
    client = util.make_client(url, retries={'mode': 'standard', 'total_max_attempts': 10})
    name = provisioned(client, wcu=1)
    # Past the 3 s burst, each write waits about a second for its unit; the
    # SDK's back-off retries until it gets it.
    for _ in range(BURST_SECONDS + 2):
        client.put_item(TableName=name, Item=small())


@pytest.mark.dynastore_only
def test_throttled_requests_are_counted(limited):
    url, client = limited
    name = provisioned(client, wcu=1)
    outcomes = [attempt(client.put_item, TableName=name, Item=small()) for _ in range(8)]
    throttled = outcomes.count('ProvisionedThroughputExceededException')
    parser = pytest.importorskip('prometheus_client.parser')
    body = util.http_request(url + '/metrics', method='GET').body.decode()
    counted = 0
    for family in parser.text_string_to_metric_families(body):
        for sample in family.samples:
            if (sample.name == 'dynastore_throttled_requests_total' and sample.labels['operation'] == 'PutItem'
                    and sample.labels['table'] == name):
                counted = sample.value
    assert counted == throttled > 0


@pytest.mark.dynastore_only
def test_the_default_burst_is_300_seconds(server_factory, tmp_path):
    url, _ = server_factory(tmp_path / 'data', ['--enforce-capacity'])
    client = util.make_client(url)
    name = provisioned(client, wcu=1)
    written = 0
    for _ in range(14):  # up to 350 small puts in 25-item batches
        batch = [{'PutRequest': {'Item': small()}} for _ in range(25)]
        try:
            response = client.batch_write_item(RequestItems={name: batch})
        except client.exceptions.ProvisionedThroughputExceededException:
            break  # none could be written
        written += 25 - len(response['UnprocessedItems'].get(name, []))
        if response['UnprocessedItems']:
            break
    assert 300 <= written <= 305, written


@pytest.mark.dynastore_only
def test_without_enforcement_nothing_is_throttled(dynamodb, new_table):
    name, _ = new_table.create(**util.hash_key_schema('pk', 'S'),
                               ProvisionedThroughput={'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1})
    assert all(attempt(dynamodb.put_item, TableName=name, Item=small()) == 'ok' for _ in range(20))
