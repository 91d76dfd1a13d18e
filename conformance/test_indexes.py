"""Secondary indexes: GSIs and LSIs created with the table or added later.

Behaviour from the API Reference (CreateTable, UpdateTable, Query, Scan,
GlobalSecondaryIndex, GlobalSecondaryIndexDescription,
LocalSecondaryIndexDescription, Projection) and the Developer Guide ("Using
Global Secondary Indexes", "Local secondary indexes", "Managing Global
Secondary Indexes", "Multi-attribute key schema" and the "Multi-attribute
keys pattern" of November 2025, "KeyConditions (legacy)"):

- an index's key attributes must be defined in AttributeDefinitions and
  every definition must be used by some key; an LSI shares the table's
  partition key, needs a sort key and needs a table with a sort key; index
  names are unique per table; at most 20 GSIs and 5 LSIs;
- projections ALL, KEYS_ONLY (index and table keys), INCLUDE (keys plus
  NonKeyAttributes); Select defaults to ALL_PROJECTED_ATTRIBUTES on an
  index; ALL_ATTRIBUTES on a GSI needs ProjectionType ALL, on an LSI it
  fetches the rest from the table; GSIs are eventually consistent only;
- an item is in an index only when it has every index key attribute
  (sparse indexes); a present key attribute of the wrong type, or an empty
  string/binary, rejects the whole write;
- a GSI of up to 4 partition and 4 sort key attributes is queried with
  equality on every partition key attribute and sort key conditions from
  left to right, at most one trailing inequality;
- UpdateTable adds a GSI (IndexStatus CREATING, Backfilling, then ACTIVE;
  the Backfilling attribute "does not appear" for indexes created by
  CreateTable), changes its throughput, deletes it (DELETING); one index
  created or deleted at a time.

Error texts not in the documentation come from DynamoDB as observed by
suites recorded against it: dynalite's test/createTable.js, query.js and
putItem/batchWriteItem.js (exact messages, ~2014-2019), scylladb's
test/alternator/test_gsi.py, test_lsi.py, test_gsi_updatetable.py and
test_provisioned_throughput.py (run against DynamoDB; mostly the stable
parts), moto's aws_verified Select tests, a catalogue of ValidationException
texts captured live against DynamoDB in October 2026 (ack-api-quirks
"DDB-TABLE-123/126/127/128/129/159/160/162", cited as "live catalogue"), and
user reports quoting DynamoDB's own messages with request ids. Each test
names its source; where the sources only agree on part of a text, the
stable part is matched.

GSIs are eventually consistent in DynamoDB, so reads of a GSI right after a
write are retried for a bounded time (`settle`); index creation takes
minutes there, so waits for an index are longer against --endpoint-url.
ItemCount and IndexSizeBytes are refreshed "approximately every six hours"
by DynamoDB, so exact values are only asserted against our own server.

Tests that need the expression language (KeyConditionExpression,
FilterExpression, ProjectionExpression) are marked `expressions` and kept in
their own section at the end.
"""

import collections
import random
import re
import threading
import time
from decimal import Decimal

import pytest
from botocore.exceptions import ClientError

import query_data as qd
import util
from util import assert_client_error, constraint_re, envelope_re

INVALID = 'One or more parameter values were invalid: '
NOT_FOUND = re.compile(r'^Requested resource not found')


# --------------------------------------------------------------------------
# Helpers

def S(value):
    return {'S': value}


def N(value):
    return {'N': str(value)}


def eq(value):
    return {'ComparisonOperator': 'EQ', 'AttributeValueList': [value]}


def cond(op, *values):
    return {'ComparisonOperator': op, 'AttributeValueList': list(values)}


def keys(hash_keys, range_keys=()):
    if isinstance(hash_keys, str):
        hash_keys = [hash_keys]
    if isinstance(range_keys, str):
        range_keys = [range_keys]
    return ([{'AttributeName': h, 'KeyType': 'HASH'} for h in hash_keys]
            + [{'AttributeName': r, 'KeyType': 'RANGE'} for r in range_keys])


def defs(*pairs):
    return [{'AttributeName': name, 'AttributeType': type_} for name, type_ in pairs]


def projection(type_='ALL', non_key=None):
    p = {'ProjectionType': type_}
    if non_key is not None:
        p['NonKeyAttributes'] = list(non_key)
    return p


def gsi(name, hash_keys, range_keys=(), type_='ALL', non_key=None, throughput=None):
    spec = {'IndexName': name, 'KeySchema': keys(hash_keys, range_keys), 'Projection': projection(type_, non_key)}
    if throughput is not None:
        spec['ProvisionedThroughput'] = {'ReadCapacityUnits': throughput[0], 'WriteCapacityUnits': throughput[1]}
    return spec


def lsi(name, range_key, type_='ALL', non_key=None, hash_key='pk'):
    return {'IndexName': name, 'KeySchema': keys(hash_key, range_key), 'Projection': projection(type_, non_key)}


def find_index(table_desc, name):
    for kind in ('GlobalSecondaryIndexes', 'LocalSecondaryIndexes'):
        for index in table_desc.get(kind, []):
            if index['IndexName'] == name:
                return index
    return None


def canon(value):
    """A hashable, order-independent form of an item or attribute value."""
    if isinstance(value, dict):
        return tuple(sorted((k, canon(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(canon(v) for v in value)
    if isinstance(value, bytearray):
        return bytes(value)
    return value


def multiset(items):
    return sorted((canon(i) for i in items), key=repr)


def project(item, key_names, type_='ALL', non_key=()):
    """What an index holds of `item`: everything (ALL), the index and table
    keys (KEYS_ONLY), or those plus NonKeyAttributes (INCLUDE)."""
    if type_ == 'ALL':
        return dict(item)
    keep = set(key_names) | (set(non_key) if type_ == 'INCLUDE' else set())
    return {k: v for k, v in item.items() if k in keep}


def in_index(item, index_keys):
    """Sparse indexes: an item is indexed only when it has every key attribute."""
    return all(k in item for k in index_keys)




def wait_for_index(client, table, index, timeout):
    """Poll DescribeTable until the table and `index` are ACTIVE; returns the
    index description and the IndexStatus values seen, in order."""
    deadline = time.monotonic() + timeout
    seen = []
    delay = 0.02
    while True:
        desc = client.describe_table(TableName=table)['Table']
        found = find_index(desc, index)
        assert found is not None, f'index {index} vanished while waiting for it to become ACTIVE'
        status = found.get('IndexStatus')
        if not seen or seen[-1] != status:
            seen.append(status)
        if status == 'CREATING' and 'Backfilling' in found:
            assert isinstance(found['Backfilling'], bool), found
        if desc['TableStatus'] == 'ACTIVE' and status == 'ACTIVE':
            return found, seen
        assert time.monotonic() < deadline, f'index {index} not ACTIVE after {timeout} s (seen {seen})'
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def wait_for_index_gone(client, table, index, timeout):
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        desc = client.describe_table(TableName=table)['Table']
        if find_index(desc, index) is None and desc['TableStatus'] == 'ACTIVE':
            return desc
        assert time.monotonic() < deadline, f'index {index} still there after {timeout} s'
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def query_index(client, table, index, conditions, **kwargs):
    return util.all_items(client.query, TableName=table, IndexName=index, KeyConditions=conditions, **kwargs)


def scan_index(client, table, index, **kwargs):
    return util.all_items(client.scan, TableName=table, IndexName=index, **kwargs)


def create_rejected(client, factory, **kwargs):
    """CreateTable that must fail; the name is registered with the factory so
    that a server wrongly creating the table gets it cleaned up."""
    name = factory.name('bad')
    if 'BillingMode' not in kwargs and 'ProvisionedThroughput' not in kwargs:
        kwargs['BillingMode'] = 'PAY_PER_REQUEST'
    with pytest.raises(ClientError) as e:
        client.create_table(TableName=name, **kwargs)
    return e


@pytest.fixture(scope='session')
def index_wait(external_endpoint):
    """Seconds to wait for an index to become ACTIVE or go away: DynamoDB
    takes 8-17 minutes to add a GSI (live catalogue, DDB-TABLE-148); our
    server should need far less than a minute."""
    return 1500 if external_endpoint else 60


@pytest.fixture(scope='session')
def lag(external_endpoint):
    """Seconds a GSI read may lag behind a write ("within a fraction of a
    second, under normal conditions", Developer Guide)."""
    return 30 if external_endpoint else 5


@pytest.fixture(scope='session')
def exact_counts(external_endpoint):
    """ItemCount/IndexSizeBytes: DynamoDB "updates this value approximately
    every six hours"; our server keeps them exact, which the suite checks
    only against our own binary."""
    return not external_endpoint


# --------------------------------------------------------------------------
# A shared table: pk S + sk N, several GSIs and LSIs with distinct key
# attributes (so a type error names exactly one index). Tests use random
# key values, so they never see each other's items in a Query.

SHARED_GSIS = [
    gsi('by-gs', 'gs', 'rs', 'ALL'),                       # S hash, S range, ALL
    gsi('by-gn', 'gn', 'rn', 'KEYS_ONLY'),                 # S hash, N range, KEYS_ONLY
    gsi('by-gi', 'gi', (), 'INCLUDE', ['a', 'b']),         # S hash only, INCLUDE
    gsi('by-hn', 'hn', (), 'ALL'),                         # N hash
    gsi('by-hb', 'hb', (), 'KEYS_ONLY'),                   # B hash
]
SHARED_LSIS = [
    lsi('by-l', 'l', 'KEYS_ONLY'),                         # N range, KEYS_ONLY
    lsi('by-ls', 'ls', 'INCLUDE', ['a']),                  # S range, INCLUDE
]
SHARED_TYPES = {'pk': 'S', 'sk': 'N', 'gs': 'S', 'rs': 'S', 'gn': 'S', 'rn': 'N', 'gi': 'S', 'hn': 'N',
                'hb': 'B', 'l': 'N', 'ls': 'S'}
TABLE_KEYS = ('pk', 'sk')


def index_key_names(spec):
    return [k['AttributeName'] for k in spec['KeySchema']]


SHARED_SPECS = {s['IndexName']: s for s in SHARED_GSIS + SHARED_LSIS}


@pytest.fixture(scope='module')
def shared(dynamodb, module_tables):
    name, _ = module_tables.create(
        name=module_tables.name('idx'),
        KeySchema=keys('pk', 'sk'),
        AttributeDefinitions=defs(*SHARED_TYPES.items()),
        GlobalSecondaryIndexes=SHARED_GSIS,
        LocalSecondaryIndexes=SHARED_LSIS)
    return name


def shared_projection(index, item):
    spec = SHARED_SPECS[index]
    p = spec['Projection']
    return project(item, list(TABLE_KEYS) + index_key_names(spec), p['ProjectionType'], p.get('NonKeyAttributes', ()))


def rnd():
    return util.random_string(16)


# --------------------------------------------------------------------------
# CreateTable: accepted index definitions and DescribeTable

def test_create_table_describes_gsi_and_lsi(dynamodb, new_table):
    name, created = new_table.create(
        KeySchema=keys('pk', 'sk'),
        AttributeDefinitions=defs(('pk', 'S'), ('sk', 'N'), ('g', 'S'), ('r', 'N'), ('l', 'S')),
        GlobalSecondaryIndexes=[gsi('by-g', 'g', 'r', 'INCLUDE', ['zz', 'aa'])],
        LocalSecondaryIndexes=[lsi('by-l', 'l', 'KEYS_ONLY')])
    # The CreateTable response already lists both indexes (dynalite: GSIs
    # CREATING there, DynamoDB flips them ACTIVE with the table).
    assert [i['IndexName'] for i in created['GlobalSecondaryIndexes']] == ['by-g']
    assert created['GlobalSecondaryIndexes'][0]['IndexStatus'] in ('CREATING', 'ACTIVE')
    assert [i['IndexName'] for i in created['LocalSecondaryIndexes']] == ['by-l']

    desc = dynamodb.describe_table(TableName=name)['Table']
    assert multiset(desc['AttributeDefinitions']) == multiset(
        defs(('pk', 'S'), ('sk', 'N'), ('g', 'S'), ('r', 'N'), ('l', 'S')))
    [g] = desc['GlobalSecondaryIndexes']
    assert g['IndexName'] == 'by-g'
    assert g['KeySchema'] == keys('g', 'r')
    assert g['Projection']['ProjectionType'] == 'INCLUDE'
    # The live catalogue (DDB-TABLE-125) saw NonKeyAttributes come back sorted
    # by name; the set is what matters.
    assert sorted(g['Projection']['NonKeyAttributes']) == ['aa', 'zz']
    assert g['IndexStatus'] == 'ACTIVE'
    # API Reference: "For indexes that were created during a CreateTable
    # operation, the Backfilling attribute does not appear".
    assert 'Backfilling' not in g
    assert g['IndexArn'] == desc['TableArn'] + '/index/by-g'
    assert g['IndexSizeBytes'] == 0
    assert g['ItemCount'] == 0
    # PAY_PER_REQUEST: 0/0 (alternator's test_gsi_create_table_response,
    # verified against DynamoDB).
    assert g['ProvisionedThroughput']['ReadCapacityUnits'] == 0
    assert g['ProvisionedThroughput']['WriteCapacityUnits'] == 0
    assert g['ProvisionedThroughput']['NumberOfDecreasesToday'] == 0
    assert set(g) <= {'IndexName', 'KeySchema', 'Projection', 'IndexStatus', 'ProvisionedThroughput',
                      'IndexSizeBytes', 'ItemCount', 'IndexArn', 'OnDemandThroughput', 'WarmThroughput'}

    [l] = desc['LocalSecondaryIndexes']
    assert l['IndexName'] == 'by-l'
    assert l['KeySchema'] == keys('pk', 'l')
    assert l['Projection'] == {'ProjectionType': 'KEYS_ONLY'}
    assert l['IndexArn'] == desc['TableArn'] + '/index/by-l'
    assert l['IndexSizeBytes'] == 0
    assert l['ItemCount'] == 0
    # LocalSecondaryIndexDescription has no status or throughput.
    assert set(l) == {'IndexName', 'KeySchema', 'Projection', 'IndexSizeBytes', 'ItemCount', 'IndexArn'}


def test_create_table_provisioned_gsi_throughput(dynamodb, new_table):
    # alternator's test_gsi_create_table (run against DynamoDB).
    name, _ = new_table.create(
        KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('g', 'S')),
        BillingMode='PROVISIONED', ProvisionedThroughput={'ReadCapacityUnits': 2, 'WriteCapacityUnits': 3},
        GlobalSecondaryIndexes=[gsi('by-g', 'g', throughput=(4, 5))])
    desc = dynamodb.describe_table(TableName=name)['Table']
    assert desc['ProvisionedThroughput']['ReadCapacityUnits'] == 2
    assert desc['ProvisionedThroughput']['WriteCapacityUnits'] == 3
    [g] = desc['GlobalSecondaryIndexes']
    assert g['ProvisionedThroughput']['ReadCapacityUnits'] == 4
    assert g['ProvisionedThroughput']['WriteCapacityUnits'] == 5


def test_create_table_multi_attribute_gsi_described_in_order(dynamodb, new_table):
    # Multi-attribute keys (Developer Guide): up to 4 partition and 4 sort
    # key attributes; DescribeTable echoes the elements in submitted order
    # (live catalogue, DDB-TABLE-123).
    hashes = ['h1', 'h2', 'h3', 'h4']
    ranges = ['r1', 'r2', 'r3', 'r4']
    types = dict(zip(hashes + ranges, ['S', 'N', 'B', 'S', 'N', 'S', 'B', 'N']))
    name, _ = new_table.create(
        KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), *types.items()),
        GlobalSecondaryIndexes=[gsi('by-eight', hashes, ranges), gsi('by-two', ['h2', 'h1'])])
    desc = dynamodb.describe_table(TableName=name)['Table']
    got = {g['IndexName']: g for g in desc['GlobalSecondaryIndexes']}
    assert got['by-eight']['KeySchema'] == keys(hashes, ranges)
    assert got['by-two']['KeySchema'] == keys(['h2', 'h1'])


def test_create_table_accepts_index_mirroring_table_key(dynamodb, new_table, lag):
    # Live catalogue (DDB-TABLE-129): a GSI identical to the table key and an
    # LSI whose sort key is the table's are accepted; so are NonKeyAttributes
    # naming key attributes (alternator's test_gsi_projection_include_keyattributes).
    name, _ = new_table.create(
        KeySchema=keys('pk', 'sk'), AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S')),
        GlobalSecondaryIndexes=[gsi('same-gsi', 'pk', 'sk', 'INCLUDE', ['sk', 'x'])],
        LocalSecondaryIndexes=[lsi('same-lsi', 'sk')])
    item = {'pk': S('p'), 'sk': S('s'), 'x': S('x'), 'y': S('y')}
    dynamodb.put_item(TableName=name, Item=item)
    util.settle(lambda: _assert_items(scan_index(dynamodb, name, 'same-gsi'),
                                 [project(item, ['pk', 'sk', 'x'], 'KEYS_ONLY')]), lag)
    assert scan_index(dynamodb, name, 'same-lsi', ConsistentRead=True) == [item]


def _assert_items(got, expected):
    assert multiset(got) == multiset(expected)


# --------------------------------------------------------------------------
# CreateTable: validation of index definitions

def test_gsi_key_attribute_not_defined(dynamodb, new_table):
    # dynalite ("missing attribute definitions in GlobalSecondaryIndex"),
    # live catalogue DDB-TABLE-127: exact message naming the index's keys.
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')),
                        GlobalSecondaryIndexes=[gsi('by-g', 'g')])
    assert_client_error(e, 'ValidationException', envelope_re(
        INVALID + 'Some index key attributes are not defined in AttributeDefinitions. '
        'Keys: [g], AttributeDefinitions: [pk]'))


def test_lsi_key_attribute_not_defined(dynamodb, new_table):
    # dynalite ("missing attribute definitions when hash is same in
    # LocalSecondaryIndex"): both orders of each list were seen.
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk', 'sk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S')),
                        LocalSecondaryIndexes=[lsi('by-l', 'l')])
    assert_client_error(e, 'ValidationException', re.compile(
        r'^(?:1 validation error detected: )?' + re.escape(INVALID) +
        r'Some index key attributes are not defined in AttributeDefinitions\. '
        r'Keys: \[(pk, l|l, pk)\], AttributeDefinitions: \[(pk, sk|sk, pk)\]$'))


def test_multi_attribute_gsi_key_attribute_not_defined(dynamodb, new_table):
    # alternator's test_gsi_composite_missing_attribute_definition: the
    # message is about AttributeDefinitions.
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('a', 'S')),
                        GlobalSecondaryIndexes=[gsi('by-ab', ['a', 'b'])])
    assert_client_error(e, 'ValidationException', re.compile('AttributeDefinitions'))


@pytest.mark.parametrize('with_lsi', [False, True], ids=['gsi', 'lsi'])
def test_unused_attribute_definition_with_indexes(dynamodb, new_table, with_lsi):
    # With indexes DynamoDB says "Some AttributeDefinitions are not used.
    # AttributeDefinitions: [...], keys used: [...]" (CloudFormation report
    # of a DynamoDB error; live catalogue DDB-TABLE-127, whose lists were in
    # no particular order).
    kwargs = dict(KeySchema=keys('pk', 'sk'),
                  AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S'), ('g', 'S'), ('extra', 'N')))
    if with_lsi:
        kwargs['LocalSecondaryIndexes'] = [lsi('by-g', 'g')]
    else:
        kwargs['GlobalSecondaryIndexes'] = [gsi('by-g', 'g')]
    e = create_rejected(dynamodb, new_table, **kwargs)
    assert_client_error(e, 'ValidationException')
    message = e.value.response['Error']['Message']
    m = re.fullmatch(r'(?:1 validation error detected: )?' + re.escape(INVALID) +
                     r'Some AttributeDefinitions are not used\. AttributeDefinitions: \[([^\]]*)\], '
                     r'keys used: \[([^\]]*)\]', message)
    assert m, message
    assert sorted(m.group(1).split(', ')) == ['extra', 'g', 'pk', 'sk']
    assert sorted(m.group(2).split(', ')) == ['g', 'pk', 'sk']


def test_lsi_on_hash_only_table(dynamodb, new_table):
    # dynalite and live catalogue DDB-TABLE-129: exact message.
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('l', 'S')),
                        LocalSecondaryIndexes=[lsi('by-l', 'l')])
    assert_client_error(e, 'ValidationException', envelope_re(
        INVALID + 'Table KeySchema does not have a range key, which is required when specifying a '
        'LocalSecondaryIndex'))


def test_lsi_with_different_hash_key(dynamodb, new_table):
    # dynalite and live catalogue DDB-TABLE-129: exact message.
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk', 'sk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S'), ('other', 'S')),
                        LocalSecondaryIndexes=[lsi('by-other', 'sk', hash_key='other')])
    assert_client_error(e, 'ValidationException', envelope_re(
        INVALID + 'Index KeySchema does not have the same leading hash key as table KeySchema for index: '
        'by-other. index hash key: other, table hash key: pk'))


def test_lsi_without_range_key(dynamodb, new_table):
    # dynalite and live catalogue DDB-TABLE-129: exact message.
    spec = {'IndexName': 'by-nothing', 'KeySchema': keys('pk'), 'Projection': projection()}
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk', 'sk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S')), LocalSecondaryIndexes=[spec])
    assert_client_error(e, 'ValidationException', envelope_re(
        INVALID + 'Index KeySchema does not have a range key for index: by-nothing'))


def test_lsi_multi_attribute_key_rejected(dynamodb, new_table):
    # Multi-attribute keys are GSI-only; a 3-element LSI KeySchema fails the
    # model's length constraint (live catalogue DDB-TABLE-123).
    spec = {'IndexName': 'by-lm', 'KeySchema': keys('pk', ['l', 'm']), 'Projection': projection()}
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk', 'sk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S'), ('l', 'S'), ('m', 'S')),
                        LocalSecondaryIndexes=[spec])
    assert_client_error(e, 'ValidationException', re.compile('Member must have length less than or equal to 2'))


@pytest.mark.parametrize('where', ['gsi-gsi', 'lsi-lsi', 'lsi-gsi'])
def test_duplicate_index_names(dynamodb, new_table, where):
    # dynalite (all three cases) and live catalogue DDB-TABLE-129: exact.
    kwargs = dict(KeySchema=keys('pk', 'sk'), AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S'), ('g', 'S')))
    if where == 'gsi-gsi':
        kwargs['GlobalSecondaryIndexes'] = [gsi('dup', 'g'), gsi('dup', 'g', 'sk')]
    elif where == 'lsi-lsi':
        kwargs['LocalSecondaryIndexes'] = [lsi('dup', 'g'), lsi('dup', 'g', 'KEYS_ONLY')]
    else:
        kwargs['LocalSecondaryIndexes'] = [lsi('dup', 'g')]
        kwargs['GlobalSecondaryIndexes'] = [gsi('dup', 'g')]
    e = create_rejected(dynamodb, new_table, **kwargs)
    assert_client_error(e, 'ValidationException', envelope_re(INVALID + 'Duplicate index name: dup'))


def test_too_many_gsis(dynamodb, new_table):
    # dynalite ("more than twenty valid GlobalSecondaryIndexes") and live
    # catalogue DDB-TABLE-129: ValidationException at CreateTable.
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('g', 'S')),
                        GlobalSecondaryIndexes=[gsi(f'gsi{i:02}', 'g') for i in range(21)])
    assert_client_error(e, 'ValidationException', envelope_re(
        INVALID + 'GlobalSecondaryIndex count exceeds the per-table limit of 20'))


def test_twenty_gsis_accepted(dynamodb, new_table):
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('g', 'S')),
                               GlobalSecondaryIndexes=[gsi(f'gsi{i:02}', 'g') for i in range(20)])
    assert len(dynamodb.describe_table(TableName=name)['Table']['GlobalSecondaryIndexes']) == 20


def test_too_many_lsis(dynamodb, new_table):
    # dynalite ("more than five valid LocalSecondaryIndexes"): exact.
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk', 'sk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S'), ('l', 'S')),
                        LocalSecondaryIndexes=[lsi(f'lsi{i}', 'l') for i in range(6)])
    assert_client_error(e, 'ValidationException', envelope_re(
        INVALID + 'Number of LocalSecondaryIndexes exceeds per-table limit of 5'))


@pytest.mark.parametrize('kind', ['gsi', 'lsi'])
@pytest.mark.parametrize('type_', ['ALL', 'KEYS_ONLY'])
def test_non_key_attributes_only_with_include(dynamodb, new_table, kind, type_):
    # dynalite (GSI and LSI, ALL and KEYS_ONLY): exact.
    kwargs = dict(KeySchema=keys('pk', 'sk'), AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S'), ('x', 'S')))
    if kind == 'gsi':
        kwargs['GlobalSecondaryIndexes'] = [gsi('by-x', 'x', (), type_, ['a'])]
    else:
        kwargs['LocalSecondaryIndexes'] = [lsi('by-x', 'x', type_, ['a'])]
    e = create_rejected(dynamodb, new_table, **kwargs)
    assert_client_error(e, 'ValidationException', envelope_re(
        INVALID + f'ProjectionType is {type_}, but NonKeyAttributes is specified'))


def test_include_needs_non_key_attributes(dynamodb, new_table):
    # Live catalogue DDB-TABLE-126: exact; alternator's
    # test_gsi_projection_error_missing_nonkeyattributes: mentions NonKeyAttributes.
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')),
                        GlobalSecondaryIndexes=[gsi('by-x', 'x', (), 'INCLUDE')])
    assert_client_error(e, 'ValidationException', envelope_re(
        INVALID + 'ProjectionType is INCLUDE, but NonKeyAttributes is not specified'))


def test_empty_non_key_attributes(dynamodb_unvalidated, new_table):
    # dynalite and live catalogue DDB-TABLE-126: a length constraint.
    e = create_rejected(dynamodb_unvalidated, new_table, KeySchema=keys('pk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')),
                        GlobalSecondaryIndexes=[gsi('by-x', 'x', (), 'INCLUDE', [])])
    assert_client_error(e, 'ValidationException', constraint_re(
        '[]', 'globalSecondaryIndexes.1.member.projection.nonKeyAttributes',
        'Member must have length greater than or equal to 1'))


def test_too_many_non_key_attributes(dynamodb_unvalidated, new_table):
    # Live catalogue DDB-TABLE-126: 21 entries fail the 20-element constraint.
    e = create_rejected(dynamodb_unvalidated, new_table, KeySchema=keys('pk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')),
                        GlobalSecondaryIndexes=[gsi('by-x', 'x', (), 'INCLUDE', [f'a{i}' for i in range(21)])])
    assert_client_error(e, 'ValidationException', re.compile(
        r"nonKeyAttributes' failed to satisfy constraint: Member must have length less than or equal to 20"))


def test_duplicate_non_key_attributes(dynamodb, new_table):
    # Live catalogue DDB-TABLE-126: "Duplicate element in NonKeyAttributes:
    # x"; alternator's test_gsi_projection_error_duplicate: mentions Duplicate.
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')),
                        GlobalSecondaryIndexes=[gsi('by-x', 'x', (), 'INCLUDE', ['a', 'a'])])
    assert_client_error(e, 'ValidationException', re.compile(r'Duplicate.*\ba\b'))


def test_missing_projection(dynamodb_unvalidated, new_table):
    # dynalite ("more than five empty GlobalSecondaryIndexes") and live
    # catalogue DDB-TABLE-126: the model's not-null constraint.
    spec = {'IndexName': 'by-x', 'KeySchema': keys('x')}
    e = create_rejected(dynamodb_unvalidated, new_table, KeySchema=keys('pk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')), GlobalSecondaryIndexes=[spec])
    assert_client_error(e, 'ValidationException', re.compile(
        r"^1 validation error detected: Value null at '[gG]lobalSecondaryIndexes\.1\.[mM]ember\.[pP]rojection' "
        r"failed to satisfy constraint: Member must not be null$"))


@pytest.mark.parametrize('kind', ['gsi', 'lsi'])
def test_projection_without_type(dynamodb, new_table, kind):
    # dynalite ("empty Projection", "missing ProjectionType") and alternator's
    # test_gsi_missing_projection_type: exact.
    kwargs = dict(KeySchema=keys('pk', 'sk'), AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S'), ('x', 'S')))
    if kind == 'gsi':
        kwargs['GlobalSecondaryIndexes'] = [{'IndexName': 'by-x', 'KeySchema': keys('x'), 'Projection': {}}]
    else:
        kwargs['LocalSecondaryIndexes'] = [{'IndexName': 'by-x', 'KeySchema': keys('pk', 'x'), 'Projection': {}}]
    e = create_rejected(dynamodb, new_table, **kwargs)
    assert_client_error(e, 'ValidationException', envelope_re(INVALID + 'Unknown ProjectionType: null'))


def test_invalid_projection_type(dynamodb_unvalidated, new_table):
    # dynalite ("invalid properties in GlobalSecondaryIndex"): the enum constraint.
    e = create_rejected(dynamodb_unvalidated, new_table, KeySchema=keys('pk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')),
                        GlobalSecondaryIndexes=[gsi('by-x', 'x', (), 'EVERYTHING')])
    assert_client_error(e, 'ValidationException', re.compile(
        r"Value 'EVERYTHING' at '[gG]lobalSecondaryIndexes\.1\.[mM]ember\.[pP]rojection\.[pP]rojectionType' "
        r"failed to satisfy constraint: Member must satisfy enum value set: \[ALL, INCLUDE, KEYS_ONLY\]"))


@pytest.mark.parametrize('kind', ['GlobalSecondaryIndexes', 'LocalSecondaryIndexes'])
def test_empty_index_list(dynamodb_unvalidated, new_table, kind):
    # dynalite and live catalogue DDB-TABLE-043: exact.
    e = create_rejected(dynamodb_unvalidated, new_table, KeySchema=keys('pk', 'sk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S')), **{kind: []})
    assert_client_error(e, 'ValidationException', envelope_re(INVALID + f'List of {kind} is empty'))


@pytest.mark.parametrize('bad,constraint', [
    ('ab', 'Member must have length greater than or equal to 3'),
    ('a' * 256, 'Member must have length less than or equal to 255'),
    ('has space', 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+'),
], ids=['short', 'long', 'pattern'])
def test_invalid_index_name(dynamodb_unvalidated, new_table, bad, constraint):
    # dynalite ("bad GlobalSecondaryIndex names"), API Reference
    # (GlobalSecondaryIndex.IndexName: 3-255 characters of [a-zA-Z0-9_.-]).
    e = create_rejected(dynamodb_unvalidated, new_table, KeySchema=keys('pk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')), GlobalSecondaryIndexes=[gsi(bad, 'x')])
    assert_client_error(e, 'ValidationException', re.compile(
        re.escape(f"Value '{bad}' at '") + r"[gG]lobalSecondaryIndexes\.1\.[mM]ember\.[iI]ndexName' " +
        re.escape(f'failed to satisfy constraint: {constraint}')))


def test_index_name_edge_lengths_accepted(dynamodb, new_table):
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')),
                               GlobalSecondaryIndexes=[gsi('a.b', 'x'), gsi('_' * 255, 'x')])
    names = [g['IndexName'] for g in dynamodb.describe_table(TableName=name)['Table']['GlobalSecondaryIndexes']]
    assert sorted(names) == sorted(['a.b', '_' * 255])


def test_pay_per_request_gsi_with_throughput(dynamodb, new_table):
    # Live catalogue DDB-TABLE-128: exact; alternator's
    # test_gsi_throughput_forbidden_in_pay_per_request_mode: stable part.
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')),
                        BillingMode='PAY_PER_REQUEST', GlobalSecondaryIndexes=[gsi('by-x', 'x', throughput=(4, 5))])
    assert_client_error(e, 'ValidationException', envelope_re(
        INVALID + 'ProvisionedThroughput should not be specified for index: by-x when BillingMode is PAY_PER_REQUEST'))


def test_provisioned_gsi_without_throughput(dynamodb, new_table):
    # Live catalogue DDB-TABLE-128 ("ProvisionedThroughput is not specified
    # for index: g-a") and alternator's
    # test_gsi_throughput_required_in_provisioned_mode (same words, against
    # DynamoDB). UpdateTable has a different text ("must be specified").
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')),
                        BillingMode='PROVISIONED',
                        ProvisionedThroughput={'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1},
                        GlobalSecondaryIndexes=[gsi('by-x', 'x')])
    assert_client_error(e, 'ValidationException', envelope_re(
        INVALID + 'ProvisionedThroughput is not specified for index: by-x'))


def test_gsi_throughput_below_minimum(dynamodb_unvalidated, new_table):
    # dynalite ("bad GlobalSecondaryIndex names"): the model's minimum of 1.
    e = create_rejected(dynamodb_unvalidated, new_table, KeySchema=keys('pk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')), BillingMode='PROVISIONED',
                        ProvisionedThroughput={'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1},
                        GlobalSecondaryIndexes=[gsi('by-x', 'x', throughput=(0, 1))])
    assert_client_error(e, 'ValidationException', constraint_re(
        0, 'globalSecondaryIndexes.1.member.provisionedThroughput.readCapacityUnits',
        'Member must have value greater than or equal to 1'))


@pytest.mark.parametrize('kind', ['HASH', 'RANGE'])
def test_multi_attribute_gsi_with_five_attributes_of_a_kind(dynamodb, new_table, kind):
    # Developer Guide: "up to four attributes" each. Live catalogue
    # DDB-TABLE-123: "The KeySchema exceeds the maximum allowed number of
    # HASH key attributes" ('... RANGE key attributes' for 5 sort keys).
    five = [f'a{i}' for i in range(5)]
    hashes, ranges = (five, []) if kind == 'HASH' else (['h'], five)
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk'),
                        AttributeDefinitions=defs(('pk', 'S'), *[(a, 'S') for a in hashes + ranges]),
                        GlobalSecondaryIndexes=[gsi('by-five', hashes, ranges)])
    assert_client_error(e, 'ValidationException', re.compile(
        f'The KeySchema exceeds the maximum allowed number of {kind} key attributes'))


def test_multi_attribute_gsi_four_plus_four_accepted(dynamodb, new_table):
    name, _ = new_table.create(
        KeySchema=keys('pk'),
        AttributeDefinitions=defs(('pk', 'S'), *[(f'h{i}', 'S') for i in range(4)], *[(f'r{i}', 'N') for i in range(4)]),
        GlobalSecondaryIndexes=[gsi('by-eight', [f'h{i}' for i in range(4)], [f'r{i}' for i in range(4)])])
    [g] = dynamodb.describe_table(TableName=name)['Table']['GlobalSecondaryIndexes']
    assert len(g['KeySchema']) == 8


def test_multi_attribute_gsi_hash_after_range(dynamodb, new_table):
    # Live catalogue DDB-TABLE-123 (and alchemy's live probe): "All HASH key
    # attributes must precede RANGE key attributes in the KeySchema".
    spec = {'IndexName': 'by-mixed', 'Projection': projection(),
            'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}, {'AttributeName': 'b', 'KeyType': 'RANGE'},
                          {'AttributeName': 'c', 'KeyType': 'HASH'}]}
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('a', 'S'), ('b', 'S'), ('c', 'S')),
                        GlobalSecondaryIndexes=[spec])
    assert_client_error(e, 'ValidationException', re.compile(
        'All HASH key attributes must precede RANGE key attributes in the KeySchema'))


def test_gsi_first_element_not_hash(dynamodb, new_table):
    # dynalite and live catalogue DDB-TABLE-124: exact.
    spec = {'IndexName': 'by-range', 'Projection': projection(),
            'KeySchema': [{'AttributeName': 'b', 'KeyType': 'RANGE'}, {'AttributeName': 'a', 'KeyType': 'HASH'}]}
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk'),
                        AttributeDefinitions=defs(('pk', 'S'), ('a', 'S'), ('b', 'S')),
                        GlobalSecondaryIndexes=[spec])
    assert_client_error(e, 'ValidationException',
                        envelope_re('Invalid KeySchema: The first KeySchemaElement is not a HASH key type'))


def test_gsi_same_attribute_twice(dynamodb, new_table):
    # dynalite (before multi-attribute keys): "Both the Hash Key and the Range
    # Key element in the KeySchema have the same name"; live catalogue
    # DDB-TABLE-123 (2026): "The KeySchema contains multiple key attributes
    # with the same name". Either is DynamoDB's.
    e = create_rejected(dynamodb, new_table, KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('a', 'S')),
                        GlobalSecondaryIndexes=[gsi('by-aa', 'a', 'a')])
    assert_client_error(e, 'ValidationException', re.compile(
        r'^(Both the Hash Key and the Range Key element in the KeySchema have the same name|'
        r'The KeySchema contains multiple key attributes with the same name)$'))


# --------------------------------------------------------------------------
# Index maintenance: sparse indexes, overwrites, deletes, batch writes

def test_sparse_gsi(dynamodb, shared, lag):
    # Developer Guide ("Take advantage of sparse indexes"): an item without
    # every index key attribute is not in the index.
    g = rnd()
    full = {'pk': S(rnd()), 'sk': N(1), 'gs': S(g), 'rs': S('x'), 'v': S('full')}
    no_range = {'pk': S(rnd()), 'sk': N(2), 'gs': S(g), 'v': S('no range key')}
    no_hash = {'pk': S(rnd()), 'sk': N(3), 'rs': S('x'), 'v': S('no hash key')}
    for item in (full, no_range, no_hash):
        dynamodb.put_item(TableName=shared, Item=item)
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(g))}), [full]), lag)
    # All three are in the table.
    for item in (full, no_range, no_hash):
        got = dynamodb.get_item(TableName=shared, Key={'pk': item['pk'], 'sk': item['sk']}, ConsistentRead=True)
        assert got['Item'] == item


def test_sparse_lsi(dynamodb, shared):
    p = rnd()
    with_l = {'pk': S(p), 'sk': N(1), 'l': N(10)}
    without_l = {'pk': S(p), 'sk': N(2)}
    dynamodb.put_item(TableName=shared, Item=with_l)
    dynamodb.put_item(TableName=shared, Item=without_l)
    got = query_index(dynamodb, shared, 'by-l', {'pk': eq(S(p))}, ConsistentRead=True)
    assert got == [with_l]


def test_overwrite_moves_index_entry(dynamodb, shared, lag):
    old, new = rnd(), rnd()
    key = {'pk': S(rnd()), 'sk': N(5)}
    first = dict(key, gs=S(old), rs=S('r1'), v=S('first'))
    second = dict(key, gs=S(new), rs=S('r2'), v=S('second'))
    dynamodb.put_item(TableName=shared, Item=first)
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(old))}), [first]), lag)
    dynamodb.put_item(TableName=shared, Item=second)

    def moved():
        assert query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(old))}) == []
        _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(new))}), [second])
    util.settle(moved, lag)


def test_overwrite_changing_only_range_key(dynamodb, shared, lag):
    g = rnd()
    key = {'pk': S(rnd()), 'sk': N(6)}
    dynamodb.put_item(TableName=shared, Item=dict(key, gs=S(g), rs=S('aaa')))
    dynamodb.put_item(TableName=shared, Item=dict(key, gs=S(g), rs=S('bbb')))

    def check():
        got = query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(g))})
        assert got == [dict(key, gs=S(g), rs=S('bbb'))]
        assert query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(g)), 'rs': eq(S('aaa'))}) == []
    util.settle(check, lag)


def test_overwrite_updates_projected_attributes(dynamodb, shared, lag):
    g = rnd()
    key = {'pk': S(rnd()), 'sk': N(7)}
    dynamodb.put_item(TableName=shared, Item=dict(key, gi=S(g), a=S('old'), c=S('unprojected')))
    dynamodb.put_item(TableName=shared, Item=dict(key, gi=S(g), b=S('new')))
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gi', {'gi': eq(S(g))}),
                                 [dict(key, gi=S(g), b=S('new'))]), lag)


def test_overwrite_removing_key_attribute_drops_entry(dynamodb, shared, lag):
    g = rnd()
    key = {'pk': S(rnd()), 'sk': N(8)}
    dynamodb.put_item(TableName=shared, Item=dict(key, gs=S(g), rs=S('r')))
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(g))}),
                                 [dict(key, gs=S(g), rs=S('r'))]), lag)
    dynamodb.put_item(TableName=shared, Item=dict(key, gs=S(g)))       # no range key any more
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(g))}), []), lag)


def test_overwrite_moves_lsi_entry(dynamodb, shared):
    p = rnd()
    key = {'pk': S(p), 'sk': N(1)}
    dynamodb.put_item(TableName=shared, Item=dict(key, l=N(5)))
    dynamodb.put_item(TableName=shared, Item=dict(key, l=N(50)))
    got = query_index(dynamodb, shared, 'by-l', {'pk': eq(S(p))}, ConsistentRead=True)
    assert got == [dict(key, l=N(50))]
    assert query_index(dynamodb, shared, 'by-l', {'pk': eq(S(p)), 'l': eq(N(5))}, ConsistentRead=True) == []


def test_delete_removes_index_entries(dynamodb, shared, lag):
    g, p = rnd(), rnd()
    item = {'pk': S(p), 'sk': N(1), 'gs': S(g), 'rs': S('r'), 'l': N(1), 'ls': S('s'), 'a': S('a')}
    other = {'pk': S(p), 'sk': N(2), 'gs': S(g), 'rs': S('q'), 'l': N(2), 'ls': S('t')}
    dynamodb.put_item(TableName=shared, Item=item)
    dynamodb.put_item(TableName=shared, Item=other)
    dynamodb.delete_item(TableName=shared, Key={'pk': S(p), 'sk': N(1)})
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(g))}), [other]), lag)
    assert query_index(dynamodb, shared, 'by-l', {'pk': eq(S(p))}, ConsistentRead=True) == [
        shared_projection('by-l', other)]
    assert query_index(dynamodb, shared, 'by-ls', {'pk': eq(S(p))}, ConsistentRead=True) == [
        shared_projection('by-ls', other)]


def test_batch_write_maintains_indexes(dynamodb, shared, lag):
    g = rnd()
    items = [{'pk': S(rnd()), 'sk': N(i), 'gn': S(g), 'rn': N(i), 'junk': S('x' * i)} for i in range(30)]
    util.batch_write_all(dynamodb, shared, items)
    deleted = items[:10]
    replaced = [dict(item, rn=N(100 + i)) for i, item in enumerate(items[10:20])]
    util.batch_write_all(dynamodb, shared, replaced, deletes=[{'pk': i['pk'], 'sk': i['sk']} for i in deleted])
    expected = [shared_projection('by-gn', i) for i in replaced + items[20:]]
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gn', {'gn': eq(S(g))}), expected), lag)


def test_update_item_moves_index_entry(dynamodb, shared, lag):
    # alternator's test_gsi_update_second_regular_base_column (against
    # DynamoDB), with the legacy AttributeUpdates.
    old, new = rnd(), rnd()
    key = {'pk': S(rnd()), 'sk': N(9)}
    dynamodb.put_item(TableName=shared, Item=dict(key, gs=S(old), rs=S('r')))
    dynamodb.update_item(TableName=shared, Key=key, AttributeUpdates={'gs': {'Value': S(new), 'Action': 'PUT'}})

    def moved():
        assert query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(old))}) == []
        _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(new))}), [dict(key, gs=S(new), rs=S('r'))])
    util.settle(moved, lag)


def test_update_item_to_same_key_value_keeps_entry(dynamodb, shared, lag):
    # alternator's test_11801 (against DynamoDB): setting an index key to the
    # value it already has keeps the entry, and other changes reach it.
    g = rnd()
    key = {'pk': S(rnd()), 'sk': N(10)}
    dynamodb.put_item(TableName=shared, Item=dict(key, gs=S(g), rs=S('r'), d=S('one')))
    dynamodb.update_item(TableName=shared, Key=key, AttributeUpdates={
        'rs': {'Value': S('r'), 'Action': 'PUT'}, 'd': {'Value': S('two'), 'Action': 'PUT'}})
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(g))}),
                                 [dict(key, gs=S(g), rs=S('r'), d=S('two'))]), lag)


def test_update_item_deleting_key_attribute_drops_entry(dynamodb, shared, lag):
    g, p = rnd(), rnd()
    key = {'pk': S(p), 'sk': N(11)}
    dynamodb.put_item(TableName=shared, Item=dict(key, gs=S(g), rs=S('r'), l=N(1)))
    dynamodb.update_item(TableName=shared, Key=key, AttributeUpdates={'rs': {'Action': 'DELETE'},
                                                                      'l': {'Action': 'DELETE'}})
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(g))}), []), lag)
    assert query_index(dynamodb, shared, 'by-l', {'pk': eq(S(p))}, ConsistentRead=True) == []


def test_update_item_creating_item_adds_entry(dynamodb, shared, lag):
    g = rnd()
    key = {'pk': S(rnd()), 'sk': N(12)}
    dynamodb.update_item(TableName=shared, Key=key, AttributeUpdates={
        'gn': {'Value': S(g), 'Action': 'PUT'}, 'rn': {'Value': N(3), 'Action': 'PUT'}})
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gn', {'gn': eq(S(g))}),
                                 [dict(key, gn=S(g), rn=N(3))]), lag)


def test_update_item_index_key_type_mismatch(dynamodb, shared, lag):
    # alternator's test_gsi_wrong_type_attribute_update (against DynamoDB):
    # rejected, the item stays as it was; dynalite (updateItem.js): the
    # PutItem message.
    g = rnd()
    key = {'pk': S(rnd()), 'sk': N(13)}
    item = dict(key, gs=S(g), rs=S('r'))
    dynamodb.put_item(TableName=shared, Item=item)
    with pytest.raises(ClientError) as e:
        dynamodb.update_item(TableName=shared, Key=key, AttributeUpdates={'rs': {'Value': N(3), 'Action': 'PUT'}})
    assert_client_error(e, 'ValidationException', _mismatch_message('rs', 'S', 'N', 'by-gs'))
    assert dynamodb.get_item(TableName=shared, Key=key, ConsistentRead=True)['Item'] == item
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(g))}), [item]), lag)


# --------------------------------------------------------------------------
# Index key values: type mismatches and empty values reject the write

TYPE_MISMATCHES = [
    ('gs', N(3), 'S', 'N', 'by-gs'),          # GSI hash key
    ('rs', N(3), 'S', 'N', 'by-gs'),          # GSI range key
    ('rn', S('3'), 'N', 'S', 'by-gn'),
    ('hn', S('x'), 'N', 'S', 'by-hn'),
    ('hb', S('x'), 'B', 'S', 'by-hb'),
    ('gi', {'SS': ['a', 'b']}, 'S', 'SS', 'by-gi'),
    ('gi', {'M': {'a': S('b')}}, 'S', 'M', 'by-gi'),
    ('gi', {'NULL': True}, 'S', 'NULL', 'by-gi'),
    ('gi', {'BOOL': True}, 'S', 'BOOL', 'by-gi'),
    ('l', S('1'), 'N', 'S', 'by-l'),          # LSI range key
    ('ls', {'L': [S('a')]}, 'S', 'L', 'by-ls'),
]


def _mismatch_message(attr, expected, actual, index):
    # dynalite (putItem.js, batchWriteItem.js, updateItem.js): "One or more
    # parameter values were invalid: Type mismatch for Index Key c Expected:
    # S Actual: N IndexName: index1"; user reports of DynamoDB quote the same
    # text ("... Expected: S Actual: NULL IndexName: webLinkToken-index").
    return envelope_re(INVALID + f'Type mismatch for Index Key {attr} Expected: {expected} Actual: {actual} '
                       f'IndexName: {index}')


@pytest.mark.parametrize('attr,value,expected,actual,index', TYPE_MISMATCHES,
                         ids=[f'{m[0]}-{m[3]}' for m in TYPE_MISMATCHES])
def test_put_item_index_key_type_mismatch(dynamodb, shared, attr, value, expected, actual, index):
    key = {'pk': S(rnd()), 'sk': N(1)}
    item = dict(key, **{attr: value}, other=S('x'))
    with pytest.raises(ClientError) as e:
        dynamodb.put_item(TableName=shared, Item=item)
    assert_client_error(e, 'ValidationException', _mismatch_message(attr, expected, actual, index))
    # Rejected as a whole: not even in the table (alternator's
    # test_gsi_wrong_type_attribute_put, against DynamoDB).
    assert 'Item' not in dynamodb.get_item(TableName=shared, Key=key, ConsistentRead=True)


def test_index_key_errors_name_the_alphabetically_first_index(dynamodb, new_table):
    # One attribute keys an LSI (defined first) and two GSIs: DynamoDB names
    # the alphabetically first index, whatever the definition order
    # (Ketlark/dynamodb-conformance tests/tier3/error-messages/
    # indexKeyValues.test.ts: "lsi1sk" keys lsi1, gsi1 and gsi2, and the
    # messages name gsi1; captured in four regions, 2026-06-23).
    s = lambda name: {'AttributeName': name, 'AttributeType': 'S'}
    name, _ = new_table.create(
        BillingMode='PAY_PER_REQUEST', AttributeDefinitions=[s('pk'), s('sk'), s('x')],
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
        LocalSecondaryIndexes=[{'IndexName': 'lsi1', 'Projection': {'ProjectionType': 'ALL'}, 'KeySchema': [
            {'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'x', 'KeyType': 'RANGE'}]}],
        GlobalSecondaryIndexes=[
            {'IndexName': name, 'Projection': {'ProjectionType': 'ALL'},
             'KeySchema': [{'AttributeName': 'x', 'KeyType': 'HASH'}]} for name in ('gsi2', 'gsi1')])
    key = {'pk': S(rnd()), 'sk': S('a')}
    for call in (lambda item: dynamodb.put_item(TableName=name, Item=item),
                 lambda item: dynamodb.batch_write_item(RequestItems={name: [{'PutRequest': {'Item': item}}]})):
        with pytest.raises(ClientError) as e:
            call(dict(key, x=N(5)))
        assert_client_error(e, 'ValidationException', re.compile(
            '^' + re.escape(INVALID + 'Type mismatch for Index Key x Expected: S Actual: N IndexName: gsi1') + '$'))
        with pytest.raises(ClientError) as e:
            call(dict(key, x=S('')))
        assert_client_error(e, 'ValidationException', re.compile(re.escape(
            'The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gsi1, '
            'IndexKey: x') + '$'))
    assert 'Item' not in dynamodb.get_item(TableName=name, Key=key, ConsistentRead=True)


def test_put_item_type_mismatch_keeps_old_item(dynamodb, shared, lag):
    g = rnd()
    key = {'pk': S(rnd()), 'sk': N(1)}
    item = dict(key, gs=S(g), rs=S('r'))
    dynamodb.put_item(TableName=shared, Item=item)
    with pytest.raises(ClientError) as e:
        dynamodb.put_item(TableName=shared, Item=dict(key, gs=N(1), rs=S('r')))
    assert_client_error(e, 'ValidationException', _mismatch_message('gs', 'S', 'N', 'by-gs'))
    assert dynamodb.get_item(TableName=shared, Key=key, ConsistentRead=True)['Item'] == item
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(g))}), [item]), lag)


def test_batch_write_type_mismatch_writes_nothing(dynamodb, shared, lag):
    # alternator's test_gsi_wrong_type_attribute_batch (against DynamoDB):
    # the whole batch is rejected; dynalite: the same message as PutItem.
    g = rnd()
    good1 = {'pk': S(rnd()), 'sk': N(1), 'gs': S(g), 'rs': S('a')}
    bad = {'pk': S(rnd()), 'sk': N(2), 'gs': S(g), 'rs': N(5)}
    good2 = {'pk': S(rnd()), 'sk': N(3), 'gs': S(g), 'rs': S('b')}
    victim = {'pk': S(rnd()), 'sk': N(4), 'gs': S(g), 'rs': S('c')}
    dynamodb.put_item(TableName=shared, Item=victim)
    with pytest.raises(ClientError) as e:
        dynamodb.batch_write_item(RequestItems={shared: [
            {'PutRequest': {'Item': good1}}, {'PutRequest': {'Item': bad}}, {'PutRequest': {'Item': good2}},
            {'DeleteRequest': {'Key': {'pk': victim['pk'], 'sk': victim['sk']}}}]})
    assert_client_error(e, 'ValidationException', _mismatch_message('rs', 'S', 'N', 'by-gs'))
    for item in (good1, bad, good2):
        assert 'Item' not in dynamodb.get_item(TableName=shared, Key={'pk': item['pk'], 'sk': item['sk']},
                                               ConsistentRead=True)
    assert dynamodb.get_item(TableName=shared, Key={'pk': victim['pk'], 'sk': victim['sk']},
                             ConsistentRead=True)['Item'] == victim
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(g))}), [victim]), lag)


@pytest.mark.parametrize('attr,index', [('gs', 'by-gs'), ('rs', 'by-gs'), ('ls', 'by-ls')])
def test_empty_string_index_key_rejected(dynamodb, shared, attr, index):
    # User reports of DynamoDB (with request ids) and moto: "One or more
    # parameter values are not valid. A value specified for a secondary index
    # key is not supported. The AttributeValue for a key attribute cannot
    # contain an empty string value. IndexName: StatusIndex, IndexKey:
    # processedAt". Note "are not valid", unlike most messages.
    key = {'pk': S(rnd()), 'sk': N(1)}
    item = dict(key, gs=S('g'), rs=S('r'), ls=S('l'))
    item[attr] = S('')
    with pytest.raises(ClientError) as e:
        dynamodb.put_item(TableName=shared, Item=item)
    assert_client_error(e, 'ValidationException', envelope_re(
        'One or more parameter values are not valid. A value specified for a secondary index key is not '
        'supported. The AttributeValue for a key attribute cannot contain an empty string value. '
        f'IndexName: {index}, IndexKey: {attr}'))
    assert 'Item' not in dynamodb.get_item(TableName=shared, Key=key, ConsistentRead=True)


def test_empty_binary_index_key_rejected(dynamodb, shared):
    key = {'pk': S(rnd()), 'sk': N(1)}
    with pytest.raises(ClientError) as e:
        dynamodb.put_item(TableName=shared, Item=dict(key, hb={'B': b''}))
    assert_client_error(e, 'ValidationException', re.compile(
        r'^One or more parameter values are not valid\. A value specified for a secondary index key is not '
        r'supported\. The AttributeValue for a key attribute cannot contain an empty binary value\. '
        r'IndexName: by-hb, IndexKey: hb$'))
    assert 'Item' not in dynamodb.get_item(TableName=shared, Key=key, ConsistentRead=True)


UPDATE_EMPTY_INDEX_KEY = ('One or more parameter values are not valid. The update expression attempted to update a '
                          'secondary index key to a value that is not supported. The AttributeValue for a key '
                          'attribute cannot contain an empty {} value.')


@pytest.mark.parametrize('attr,value,kind', [('gs', S(''), 'string'), ('ls', S(''), 'string'),
                                             ('hb', {'B': b''}, 'binary')])
def test_update_setting_an_empty_index_key(dynamodb, shared, attr, value, kind):
    # An update that SETs an index key to an empty value is refused in the
    # update's own words, naming no index; in a transaction it is a
    # ValidationException, not a cancellation (Ketlark/dynamodb-conformance
    # tests/tier3/error-messages/indexKeyValues.test.ts, updateItem.test.ts,
    # transactIndexKeys.test.ts).
    key = {'pk': S(rnd()), 'sk': N(1)}
    update = {'UpdateExpression': 'SET #k = :v', 'ExpressionAttributeNames': {'#k': attr},
              'ExpressionAttributeValues': {':v': value}}
    expected = re.compile('^' + re.escape(UPDATE_EMPTY_INDEX_KEY.format(kind)) + '$')
    with pytest.raises(ClientError) as e:
        dynamodb.update_item(TableName=shared, Key=key, **update)
    assert_client_error(e, 'ValidationException', expected)
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[{'Update': {'TableName': shared, 'Key': key, **update}}])
    assert_client_error(e, 'ValidationException', expected)
    assert 'Item' not in dynamodb.get_item(TableName=shared, Key=key, ConsistentRead=True)


def test_batch_write_empty_string_index_key_writes_nothing(dynamodb, shared):
    good = {'pk': S(rnd()), 'sk': N(1), 'gs': S('g'), 'rs': S('r')}
    bad = {'pk': S(rnd()), 'sk': N(2), 'gs': S(''), 'rs': S('r')}
    with pytest.raises(ClientError) as e:
        dynamodb.batch_write_item(RequestItems={shared: [{'PutRequest': {'Item': good}},
                                                         {'PutRequest': {'Item': bad}}]})
    assert_client_error(e, 'ValidationException', re.compile(
        r'A value specified for a secondary index key is not supported.*IndexName: by-gs, IndexKey: gs'))
    for item in (good, bad):
        assert 'Item' not in dynamodb.get_item(TableName=shared, Key={'pk': item['pk'], 'sk': item['sk']},
                                               ConsistentRead=True)


def test_index_partition_key_length_limit(dynamodb, shared, lag):
    # Quotas: a partition key value is at most 2048 bytes, also in a GSI
    # (alternator's test_gsi_limit_partition_key_len_2048, written to pass on
    # DynamoDB: the error mentions 2048 and nothing is written).
    fits = {'pk': S(rnd()), 'sk': N(1), 'gi': S(rnd() + 'a' * 2032)}
    assert len(fits['gi']['S'].encode()) == 2048
    dynamodb.put_item(TableName=shared, Item=fits)
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gi', {'gi': eq(fits['gi'])}), [fits]), lag)
    key = {'pk': S(rnd()), 'sk': N(1)}
    with pytest.raises(ClientError) as e:
        dynamodb.put_item(TableName=shared, Item=dict(key, gi=S('a' * 2049)))
    assert_client_error(e, 'ValidationException', re.compile('2048'))
    assert 'Item' not in dynamodb.get_item(TableName=shared, Key=key, ConsistentRead=True)


@pytest.mark.parametrize('attr,index', [('rs', 'by-gs'), ('ls', 'by-ls')])
def test_index_sort_key_length_limit(dynamodb, shared, attr, index):
    # Quotas: a sort key value is at most 1024 bytes, in a GSI or an LSI
    # (alternator's test_gsi_limit_sort_key_len_1024).
    fits = {'pk': S(rnd()), 'sk': N(1), 'gs': S(rnd()), 'rs': S('r'), 'ls': S('l')}
    fits[attr] = S('b' * 1024)
    dynamodb.put_item(TableName=shared, Item=fits)
    key = {'pk': S(rnd()), 'sk': N(1)}
    too_long = dict(fits, **key)
    too_long[attr] = S('b' * 1025)
    with pytest.raises(ClientError) as e:
        dynamodb.put_item(TableName=shared, Item=too_long)
    assert_client_error(e, 'ValidationException', re.compile('1024'))
    assert 'Item' not in dynamodb.get_item(TableName=shared, Key=key, ConsistentRead=True)


def test_empty_string_in_non_key_attribute_still_allowed(dynamodb, shared, lag):
    g = rnd()
    item = {'pk': S(rnd()), 'sk': N(1), 'gi': S(g), 'a': S(''), 'b': {'B': b''}}
    dynamodb.put_item(TableName=shared, Item=item)
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gi', {'gi': eq(S(g))}), [item]), lag)


# --------------------------------------------------------------------------
# Projections and Select

def _full_item(p, g):
    return {'pk': S(p), 'sk': N(1), 'gs': S(g), 'rs': S('r'), 'gn': S(g), 'rn': N(7), 'gi': S(g),
            'hn': N(42), 'l': N(3), 'ls': S('s'), 'a': S('A'), 'b': N(2), 'c': {'L': [S('C')]}}


@pytest.mark.parametrize('index,expected_keys', [
    ('by-gs', None),                                            # ALL: everything
    ('by-gn', {'pk', 'sk', 'gn', 'rn'}),                        # KEYS_ONLY: index + table keys only
    ('by-gi', {'pk', 'sk', 'gi', 'a', 'b'}),                    # INCLUDE a, b
    ('by-l', {'pk', 'sk', 'l'}),                                # LSI KEYS_ONLY
    ('by-ls', {'pk', 'sk', 'ls', 'a'}),                         # LSI INCLUDE a
])
def test_projection_returns_exactly_projected_attributes(dynamodb, shared, lag, index, expected_keys):
    # API Reference (Projection): KEYS_ONLY "Only the index and primary keys
    # are projected"; INCLUDE adds NonKeyAttributes; ALL everything. Another
    # index's key attributes are not projected (alternator's
    # test_gsi_projection_include_otherkey).
    p, g = rnd(), rnd()
    item = _full_item(p, g)
    dynamodb.put_item(TableName=shared, Item=item)
    spec = SHARED_SPECS[index]
    hash_name = spec['KeySchema'][0]['AttributeName']
    expected = item if expected_keys is None else {k: v for k, v in item.items() if k in expected_keys}
    extra = {'ConsistentRead': True} if index.startswith('by-l') else {}
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, index, {hash_name: eq(item[hash_name])}, **extra),
                                 [expected]), lag)
    # Select=ALL_PROJECTED_ATTRIBUTES is the default on an index.
    got = query_index(dynamodb, shared, index, {hash_name: eq(item[hash_name])},
                      Select='ALL_PROJECTED_ATTRIBUTES', **extra)
    assert got == [expected]


def test_include_projection_of_missing_attribute(dynamodb, shared, lag):
    g = rnd()
    item = {'pk': S(rnd()), 'sk': N(1), 'gi': S(g), 'b': N(1), 'z': S('unprojected')}
    dynamodb.put_item(TableName=shared, Item=item)
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gi', {'gi': eq(S(g))}),
                                 [{'pk': item['pk'], 'sk': item['sk'], 'gi': S(g), 'b': N(1)}]), lag)


@pytest.mark.parametrize('index', ['by-gn', 'by-gi'])
@pytest.mark.parametrize('operation', ['query', 'scan'])
def test_all_attributes_on_partial_gsi_rejected(dynamodb, shared, index, operation):
    # dynalite (query.js, scan.js) and moto's aws_verified Select tests:
    # exact, for KEYS_ONLY and INCLUDE GSIs.
    spec = SHARED_SPECS[index]
    request = dict(TableName=shared, IndexName=index, Select='ALL_ATTRIBUTES')
    if operation == 'query':
        request['KeyConditions'] = {spec['KeySchema'][0]['AttributeName']: eq(S('x'))}
    with pytest.raises(ClientError) as e:
        getattr(dynamodb, operation)(**request)
    assert_client_error(e, 'ValidationException', envelope_re(
        INVALID + f'Select type ALL_ATTRIBUTES is not supported for global secondary index {index} '
        'because its projection type is not ALL'))


def test_all_attributes_on_all_projection_gsi(dynamodb, shared, lag):
    # alternator's test_gsi_query_select_1: with ProjectionType ALL,
    # ALL_ATTRIBUTES is allowed and returns the whole item.
    p, g = rnd(), rnd()
    item = _full_item(p, g)
    dynamodb.put_item(TableName=shared, Item=item)
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gs', {'gs': eq(S(g))}, Select='ALL_ATTRIBUTES'),
                                 [item]), lag)


@pytest.mark.parametrize('index', ['by-l', 'by-ls'])
def test_all_attributes_on_lsi_fetches_from_table(dynamodb, shared, index):
    # Query/Scan API Reference (Select): "If you query or scan a local
    # secondary index and request only attributes that are projected into
    # that index ... If any of the requested attributes are not projected
    # into the local secondary index, DynamoDB fetches each of these
    # attributes from the parent table"; alternator's test_lsi_query_select.
    p, g = rnd(), rnd()
    item = _full_item(p, g)
    dynamodb.put_item(TableName=shared, Item=item)
    got = query_index(dynamodb, shared, index, {'pk': eq(S(p))}, Select='ALL_ATTRIBUTES', ConsistentRead=True)
    assert got == [item]


def test_specific_attributes_on_lsi_fetch_unprojected(dynamodb, shared):
    # alternator's test_lsi_get_not_projected_attribute (against DynamoDB).
    p, g = rnd(), rnd()
    item = _full_item(p, g)
    dynamodb.put_item(TableName=shared, Item=item)
    got = query_index(dynamodb, shared, 'by-l', {'pk': eq(S(p))}, Select='SPECIFIC_ATTRIBUTES',
                      AttributesToGet=['c', 'l', 'missing'], ConsistentRead=True)
    assert got == [{'c': item['c'], 'l': item['l']}]


def test_specific_attributes_on_gsi_projected(dynamodb, shared, lag):
    g = rnd()
    item = {'pk': S(rnd()), 'sk': N(1), 'gi': S(g), 'a': S('A'), 'b': N(1)}
    dynamodb.put_item(TableName=shared, Item=item)
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gi', {'gi': eq(S(g))}, AttributesToGet=['a', 'pk']),
                                 [{'a': S('A'), 'pk': item['pk']}]), lag)


@pytest.mark.parametrize('index', ['by-gn', 'by-l'])
def test_select_count_on_index(dynamodb, shared, lag, index):
    p, g = rnd(), rnd()
    for i in range(3):
        dynamodb.put_item(TableName=shared, Item=dict(_full_item(p, g), sk=N(i), rn=N(i), l=N(i)))
    hash_name = 'gn' if index == 'by-gn' else 'pk'
    value = S(g) if index == 'by-gn' else S(p)
    extra = {'ConsistentRead': True} if index == 'by-l' else {}

    def check():
        response = dynamodb.query(TableName=shared, IndexName=index, Select='COUNT',
                                  KeyConditions={hash_name: eq(value)}, **extra)
        assert 'Items' not in response
        assert response['Count'] == 3
        assert response['ScannedCount'] == 3
    util.settle(check, lag)


@pytest.mark.parametrize('operation', ['query', 'scan'])
def test_consistent_read_on_gsi_rejected(dynamodb, shared, operation):
    # API Reference (Query, Scan): "Strongly consistent reads are not
    # supported on global secondary indexes. If you query a global secondary
    # index with ConsistentRead set to true, you will receive a
    # ValidationException"; dynalite (query.js): exact text.
    request = dict(TableName=shared, IndexName='by-gs', ConsistentRead=True)
    if operation == 'query':
        request['KeyConditions'] = {'gs': eq(S('x'))}
    with pytest.raises(ClientError) as e:
        getattr(dynamodb, operation)(**request)
    assert_client_error(e, 'ValidationException',
                        envelope_re('Consistent reads are not supported on global secondary indexes'))


@pytest.mark.parametrize('operation', ['query', 'scan'])
def test_consistent_read_on_lsi_allowed(dynamodb, shared, operation):
    # alternator's test_lsi_consistent_read.
    p = rnd()
    item = {'pk': S(p), 'sk': N(1), 'l': N(1)}
    dynamodb.put_item(TableName=shared, Item=item)
    if operation == 'query':
        got = query_index(dynamodb, shared, 'by-l', {'pk': eq(S(p))}, ConsistentRead=True)
        assert got == [item]
    else:
        got = scan_index(dynamodb, shared, 'by-l', ConsistentRead=True)
        assert item in got


@pytest.mark.parametrize('operation', ['query', 'scan'])
def test_unknown_index_rejected(dynamodb, shared, operation):
    # alternator's test_gsi_missing_index (against DynamoDB): a
    # ValidationException naming the index, not ResourceNotFoundException;
    # "The table does not have the specified index: <name>" is quoted in
    # many user reports of DynamoDB.
    request = dict(TableName=shared, IndexName='no-such-index')
    if operation == 'query':
        request['KeyConditions'] = {'pk': eq(S('x'))}
    with pytest.raises(ClientError) as e:
        getattr(dynamodb, operation)(**request)
    assert_client_error(e, 'ValidationException',
                        envelope_re('The table does not have the specified index: no-such-index'))


@pytest.mark.parametrize('operation', ['query', 'scan'])
def test_index_of_missing_table(dynamodb, operation):
    # alternator's test_gsi_missing_table: ResourceNotFoundException.
    request = dict(TableName=util.unique_table_name('missing'), IndexName='any-index')
    if operation == 'query':
        request['KeyConditions'] = {'x': eq(S('x'))}
    with pytest.raises(ClientError) as e:
        getattr(dynamodb, operation)(**request)
    assert_client_error(e, 'ResourceNotFoundException', NOT_FOUND)


def test_query_index_needs_index_hash_key(dynamodb, shared):
    # KeyConditions (legacy): "For a query on an index, you can have
    # conditions only on the index key attributes. You must provide the index
    # partition key name and value as an EQ condition." dynalite (query.js):
    # "Query condition missed key schema element: <name>".
    with pytest.raises(ClientError) as e:
        dynamodb.query(TableName=shared, IndexName='by-gs', KeyConditions={'pk': eq(S('x'))})
    assert_client_error(e, 'ValidationException', re.compile('Query condition missed key schema element'))


def test_query_index_hash_key_type_mismatch(dynamodb, shared):
    # dynalite: "One or more parameter values were invalid: Condition
    # parameter type does not match schema type".
    with pytest.raises(ClientError) as e:
        dynamodb.query(TableName=shared, IndexName='by-hn', KeyConditions={'hn': eq(S('x'))})
    assert_client_error(e, 'ValidationException',
                        envelope_re(INVALID + 'Condition parameter type does not match schema type'))


def test_last_evaluated_key_carries_index_and_table_keys(dynamodb, shared, lag):
    # API Reference (Query, LastEvaluatedKey) and alternator's
    # test_gsi_composite_query_pagination: on an index it holds the index key
    # and the table's primary key, nothing else.
    g, p = rnd(), rnd()
    for i in range(3):
        dynamodb.put_item(TableName=shared, Item={'pk': S(p), 'sk': N(i), 'gs': S(g), 'rs': S(f'r{i}'),
                                                  'l': N(i), 'a': S('payload')})

    def check_gsi():
        page = dynamodb.query(TableName=shared, IndexName='by-gs', KeyConditions={'gs': eq(S(g))}, Limit=1)
        assert page['Count'] == 1
        assert page['LastEvaluatedKey'] == {'pk': S(p), 'sk': N(0), 'gs': S(g), 'rs': S('r0')}
    util.settle(check_gsi, lag)
    page = dynamodb.query(TableName=shared, IndexName='by-l', KeyConditions={'pk': eq(S(p))}, Limit=2,
                          ConsistentRead=True)
    assert page['LastEvaluatedKey'] == {'pk': S(p), 'sk': N(1), 'l': N(1)}
    page = dynamodb.scan(TableName=shared, IndexName='by-l', Limit=1, ConsistentRead=True)
    assert set(page['LastEvaluatedKey']) == {'pk', 'sk', 'l'}
    page = dynamodb.scan(TableName=shared, IndexName='by-gs', Limit=1)
    assert set(page['LastEvaluatedKey']) == {'pk', 'sk', 'gs', 'rs'}


def test_lsi_query_in_lsi_order_with_conditions(dynamodb, shared):
    p = rnd()
    values = [5, -3, 10, 0, 2.5, 7]
    items = [{'pk': S(p), 'sk': N(i), 'l': N(v)} for i, v in enumerate(values)]
    util.batch_write_all(dynamodb, shared, items)
    got = query_index(dynamodb, shared, 'by-l', {'pk': eq(S(p))}, ConsistentRead=True)
    assert [Decimal(i['l']['N']) for i in got] == sorted(Decimal(str(v)) for v in values)
    got = query_index(dynamodb, shared, 'by-l', {'pk': eq(S(p)), 'l': cond('BETWEEN', N(0), N(6))},
                      ConsistentRead=True, ScanIndexForward=False)
    assert [Decimal(i['l']['N']) for i in got] == [5, Decimal('2.5'), 0]


# --------------------------------------------------------------------------
# Ordering on an index sort key: N, S and B, both directions

@pytest.fixture(scope='module')
def ordered(dynamodb, module_tables):
    """{type: table}: GSI `by-r` (g S, r <type>) holding every query_data
    value under g=main (twice for some: equal index keys on different
    items), and an `other` partition with overlapping values."""
    tables = {}
    for type_ in ('N', 'S', 'B'):
        name, _ = module_tables.create(
            name=module_tables.name(f'order-{type_.lower()}'), KeySchema=keys('pk'),
            AttributeDefinitions=defs(('pk', 'S'), ('g', 'S'), ('r', type_)),
            GlobalSecondaryIndexes=[gsi('by-r', 'g', 'r')])
        values = qd.KEYS[type_]
        items = [{'pk': S(f'main-{i}'), 'g': S(qd.MAIN), 'r': qd.wire(type_, v)} for i, v in enumerate(values)]
        items += [{'pk': S(f'dup-{i}'), 'g': S(qd.MAIN), 'r': qd.wire(type_, v)}
                  for i, v in enumerate(values) if i % 5 == 0]
        items += [{'pk': S(f'other-{i}'), 'g': S(qd.OTHER), 'r': qd.wire(type_, v)}
                  for i, v in enumerate(qd.OTHER_KEYS[type_])]
        util.batch_write_all(dynamodb, name, items)
        tables[type_] = name
    return tables


def _expected_values(type_, op=None, args=(), forward=True):
    values = list(qd.KEYS[type_]) + [v for i, v in enumerate(qd.KEYS[type_]) if i % 5 == 0]
    values = [v for v in values if op is None or qd.matches(type_, op, args, v)]
    values.sort(key=lambda v: qd.order_key(type_, v), reverse=not forward)
    return values


@pytest.mark.parametrize('forward', [True, False], ids=['forward', 'backward'])
@pytest.mark.parametrize('type_', ['N', 'S', 'B'])
def test_index_query_in_range_key_order(dynamodb, ordered, lag, type_, forward):
    # Developer Guide: "Query results are always sorted by the sort key
    # value" - numbers numerically, strings by UTF-8 bytes, binary unsigned.
    want = _expected_values(type_, forward=forward)

    def check():
        items = query_index(dynamodb, ordered[type_], 'by-r', {'g': eq(S(qd.MAIN))}, ScanIndexForward=forward)
        assert [qd.native(type_, i['r']) for i in items] == want
        assert all(i['g'] == S(qd.MAIN) for i in items)
        assert len({i['pk']['S'] for i in items}) == len(items)
    util.settle(check, lag)


@pytest.mark.parametrize('type_,op,args', [pytest.param(*c, id=qd.case_id(*c)) for c in qd.all_condition_cases()])
def test_index_query_range_key_condition(dynamodb, ordered, lag, type_, op, args):
    conditions = {'g': eq(S(qd.MAIN)), 'r': cond(op, *[qd.wire(type_, a) for a in args])}
    want = _expected_values(type_, op, args)
    util.settle(lambda: _check_values(dynamodb, ordered[type_], type_, conditions, want), lag)


def _check_values(client, table, type_, conditions, want):
    items = query_index(client, table, 'by-r', conditions)
    assert [qd.native(type_, i['r']) for i in items] == want


def test_index_query_other_partition_only(dynamodb, ordered, lag):
    for type_ in ('N', 'S', 'B'):
        want = sorted(qd.OTHER_KEYS[type_], key=lambda v: qd.order_key(type_, v))
        util.settle(lambda: _check_values(dynamodb, ordered[type_], type_, {'g': eq(S(qd.OTHER))}, want), lag)


# --------------------------------------------------------------------------
# Pagination through many entries sharing one index key

PAGED_ITEMS = 600
PAGED_PAYLOAD = 2500     # bytes per item: ~1.5 MB in all, more than one 1 MB page


@pytest.fixture(scope='module')
def paged(dynamodb, module_tables):
    name, _ = module_tables.create(
        name=module_tables.name('paged'), KeySchema=keys('pk'),
        AttributeDefinitions=defs(('pk', 'S'), ('g', 'S'), ('r', 'N')),
        GlobalSecondaryIndexes=[gsi('by-g', 'g'), gsi('by-gr', 'g', 'r', 'KEYS_ONLY')])
    items = [{'pk': S(f'item-{i:04}'), 'g': S('same'), 'r': N(i % 7), 'payload': S('x' * PAGED_PAYLOAD)}
             for i in range(PAGED_ITEMS)]
    util.batch_write_all(dynamodb, name, items)
    return name


def _pks(items):
    return [i['pk']['S'] for i in items]


def _assert_each_once(items):
    pks = _pks(items)
    assert len(pks) == PAGED_ITEMS, f'{len(pks)} entries, {len(set(pks))} distinct'
    assert sorted(pks) == [f'item-{i:04}' for i in range(PAGED_ITEMS)]


@pytest.mark.parametrize('limit', [None, 1000, 37], ids=['no-limit', 'limit-1000', 'limit-37'])
def test_paginate_index_with_one_hash_value(dynamodb, paged, lag, limit):
    # Every item has the same GSI partition key: each must come back exactly
    # once across the pages, whatever cuts them (1 MB or Limit).
    request = dict(TableName=paged, IndexName='by-g', KeyConditions={'g': eq(S('same'))})
    if limit:
        request['Limit'] = limit

    def check():
        pages = list(util.pages(dynamodb.query, **request))
        items = [i for page in pages for i in page['Items']]
        _assert_each_once(items)
        for page in pages[:-1]:
            assert set(page['LastEvaluatedKey']) == {'pk', 'g'}
        if limit is None or limit > PAGED_ITEMS:
            # Query reads at most 1 MB per page (API Reference, Query).
            assert len(pages) >= 2
        if limit == 37:
            assert all(page['Count'] == 37 for page in pages[:-1])
        assert all(i['payload'] == S('x' * PAGED_PAYLOAD) for i in items)
    util.settle(check, lag)


@pytest.mark.parametrize('forward', [True, False], ids=['forward', 'backward'])
def test_paginate_index_with_duplicate_range_values(dynamodb, paged, lag, forward):
    # 600 entries share g, and every r value is shared by ~86 entries.
    def check():
        items = query_index(dynamodb, paged, 'by-gr', {'g': eq(S('same'))}, Limit=50, ScanIndexForward=forward)
        _assert_each_once(items)
        rs = [int(i['r']['N']) for i in items]
        assert rs == sorted(rs, reverse=not forward)
        assert all(set(i) == {'pk', 'g', 'r'} for i in items)
    util.settle(check, lag)


def test_paginate_index_range_condition(dynamodb, paged, lag):
    def check():
        items = query_index(dynamodb, paged, 'by-gr', {'g': eq(S('same')), 'r': cond('BETWEEN', N(2), N(3))}, Limit=11)
        want = sorted(f'item-{i:04}' for i in range(PAGED_ITEMS) if i % 7 in (2, 3))
        assert sorted(_pks(items)) == want
        assert len(items) == len(want)
    util.settle(check, lag)


def test_paginate_index_scan(dynamodb, paged, lag):
    def check():
        _assert_each_once(scan_index(dynamodb, paged, 'by-gr', Limit=45))
        _assert_each_once(scan_index(dynamodb, paged, 'by-g'))
    util.settle(check, lag)


def test_exclusive_start_key_resumes_index_query(dynamodb, paged, lag):
    def check():
        first = dynamodb.query(TableName=paged, IndexName='by-gr', KeyConditions={'g': eq(S('same'))}, Limit=100)
        lek = first['LastEvaluatedKey']
        assert set(lek) == {'pk', 'g', 'r'}
        rest = query_index(dynamodb, paged, 'by-gr', {'g': eq(S('same'))}, ExclusiveStartKey=lek)
        _assert_each_once(first['Items'] + rest)
    util.settle(check, lag)


@pytest.mark.parametrize('segments', [1, 3, 8])
def test_parallel_scan_of_index(dynamodb, paged, lag, segments):
    # API Reference (Scan): Segment/TotalSegments also apply to a scan of an
    # index; the segments together return every entry exactly once.
    def check():
        items = []
        for segment in range(segments):
            items += scan_index(dynamodb, paged, 'by-gr', Segment=segment, TotalSegments=segments, Limit=60)
        _assert_each_once(items)
    util.settle(check, lag)


# --------------------------------------------------------------------------
# Multi-attribute GSI keys (queried with the legacy KeyConditions, which
# DynamoDB accepts on such GSIs: scylladb issue #31393, "DynamoDB accepts ...
# the legacy KeyConditions parameter on a Query against a GSI with a
# composite key, exactly as it does on a single-key GSI")

MULTI_TYPES = {'h1': 'S', 'h2': 'N', 'r1': 'N', 'r2': 'S'}


@pytest.fixture(scope='module')
def multi(dynamodb, module_tables):
    name, _ = module_tables.create(
        name=module_tables.name('multi'), KeySchema=keys('pk'),
        AttributeDefinitions=defs(('pk', 'S'), *MULTI_TYPES.items(), ('a', 'S'), ('b', 'B')),
        GlobalSecondaryIndexes=[gsi('by-multi', ['h1', 'h2'], ['r1', 'r2']),
                                gsi('by-ab', ['a', 'b'], (), 'KEYS_ONLY')])
    return name


def _multi_items(h1):
    """Nine entries under (h1, 7) ordered by r1 numerically (2 < 10), then
    r2; one under (h1, 8); items missing a key attribute (not indexed)."""
    items = [{'pk': S(f'{h1}-{r1}-{r2}'), 'h1': S(h1), 'h2': N(7), 'r1': N(r1), 'r2': S(r2), 'v': S('v')}
             for r1 in (10, 2, 1) for r2 in ('b', 'c', 'a')]
    other = [{'pk': S(f'{h1}-other'), 'h1': S(h1), 'h2': N(8), 'r1': N(1), 'r2': S('a')}]
    sparse = [{'pk': S(f'{h1}-no-r2'), 'h1': S(h1), 'h2': N(7), 'r1': N(1)},
              {'pk': S(f'{h1}-no-h2'), 'h1': S(h1), 'r1': N(1), 'r2': S('a')},
              {'pk': S(f'{h1}-no-r1'), 'h1': S(h1), 'h2': N(7), 'r2': S('a')}]
    return items, other, sparse


def _ordered(items):
    return sorted(items, key=lambda i: (Decimal(i['r1']['N']), i['r2']['S'].encode()))


@pytest.fixture
def multi_data(dynamodb, multi):
    h1 = rnd()
    items, other, sparse = _multi_items(h1)
    util.batch_write_all(dynamodb, multi, items + other + sparse)
    return h1, items, other


def _hash_eq(h1, h2=7):
    return {'h1': eq(S(h1)), 'h2': eq(N(h2))}


@pytest.mark.parametrize('forward', [True, False], ids=['forward', 'backward'])
def test_multi_attribute_query_all_hash_attributes(dynamodb, multi, multi_data, lag, forward):
    # Developer Guide ("Multi-attribute key schema"): "you must specify all
    # partition key attributes using equality conditions"; results are in
    # sort key order, attribute by attribute.
    h1, items, other = multi_data
    want = _ordered(items)
    if not forward:
        want.reverse()
    util.settle(lambda: _assert_list(query_index(dynamodb, multi, 'by-multi', _hash_eq(h1), ScanIndexForward=forward),
                                want), lag)
    util.settle(lambda: _assert_list(query_index(dynamodb, multi, 'by-multi', _hash_eq(h1, 8)), other), lag)


def _assert_list(got, want):
    assert got == want


@pytest.mark.parametrize('conditions', [
    {'h1': eq(S('x'))},
    {'h2': eq(N(7))},
    {'h1': eq(S('x')), 'r1': eq(N(1))},
], ids=['only-h1', 'only-h2', 'h1-and-range'])
def test_multi_attribute_query_missing_hash_attribute(dynamodb, multi, conditions):
    with pytest.raises(ClientError) as e:
        dynamodb.query(TableName=multi, IndexName='by-multi', KeyConditions=conditions)
    assert_client_error(e, 'ValidationException')


def test_multi_attribute_query_hash_inequality_rejected(dynamodb, multi):
    with pytest.raises(ClientError) as e:
        dynamodb.query(TableName=multi, IndexName='by-multi',
                       KeyConditions={'h1': eq(S('x')), 'h2': cond('GT', N(1))})
    assert_client_error(e, 'ValidationException')


@pytest.mark.parametrize('range_conditions,select', [
    ({'r1': eq(N(2))}, lambda i: i['r1'] == N(2)),
    ({'r1': cond('GT', N(1))}, lambda i: Decimal(i['r1']['N']) > 1),
    ({'r1': cond('BETWEEN', N(1), N(2))}, lambda i: Decimal(i['r1']['N']) <= 2),
    ({'r1': cond('LE', N(9))}, lambda i: Decimal(i['r1']['N']) <= 9),
    ({'r1': eq(N(10)), 'r2': eq(S('b'))}, lambda i: i['r1'] == N(10) and i['r2'] == S('b')),
    ({'r1': eq(N(10)), 'r2': cond('GT', S('a'))}, lambda i: i['r1'] == N(10) and i['r2']['S'] > 'a'),
    ({'r1': eq(N(2)), 'r2': cond('BEGINS_WITH', S('c'))}, lambda i: i['r1'] == N(2) and i['r2'] == S('c')),
    ({'r1': eq(N(1)), 'r2': cond('BETWEEN', S('a'), S('b'))}, lambda i: i['r1'] == N(1) and i['r2']['S'] <= 'b'),
], ids=['r1-eq', 'r1-gt', 'r1-between', 'r1-le', 'both-eq', 'r1-eq-r2-gt', 'r1-eq-r2-begins', 'r1-eq-r2-between'])
def test_multi_attribute_query_left_to_right_range(dynamodb, multi, multi_data, lag, range_conditions, select):
    # Developer Guide ("Multi-attribute key schema"): sort key conditions go
    # from left to right, equality on all but the last one queried.
    h1, items, _ = multi_data
    want = _ordered([i for i in items if select(i)])
    assert want
    conditions = dict(_hash_eq(h1), **range_conditions)
    util.settle(lambda: _assert_list(query_index(dynamodb, multi, 'by-multi', conditions), want), lag)


@pytest.mark.parametrize('range_conditions', [
    {'r2': eq(S('a'))},                                        # skips r1
    {'r1': cond('GT', N(1)), 'r2': eq(S('a'))},                # inequality not last
    {'r1': cond('BEGINS_WITH', N(1))},                         # BEGINS_WITH on a number
], ids=['skip-r1', 'inequality-not-last', 'begins-with-number'])
def test_multi_attribute_query_bad_range_conditions(dynamodb, multi, range_conditions):
    with pytest.raises(ClientError) as e:
        dynamodb.query(TableName=multi, IndexName='by-multi', KeyConditions=dict(_hash_eq('x'), **range_conditions))
    assert_client_error(e, 'ValidationException')


def test_multi_attribute_sparse(dynamodb, multi, multi_data, lag):
    # alternator's test_gsi_composite_sparse_missing_one_key_attr: an item
    # missing any one key attribute is not in the index.
    h1, items, other = multi_data

    def check():
        got = [i for i in scan_index(dynamodb, multi, 'by-multi') if i.get('h1') == S(h1)]
        _assert_items(got, items + other)
    util.settle(check, lag)


def test_multi_attribute_hash_only_keys_only(dynamodb, multi, lag):
    a = rnd()
    item = {'pk': S(rnd()), 'a': S(a), 'b': {'B': b'\x00\xff'}, 'v': S('unprojected')}
    dynamodb.put_item(TableName=multi, Item=item)
    util.settle(lambda: _assert_items(query_index(dynamodb, multi, 'by-ab', {'a': eq(S(a)), 'b': eq({'B': b'\x00\xff'})}),
                                 [{'pk': item['pk'], 'a': S(a), 'b': {'B': b'\x00\xff'}}]), lag)
    util.settle(lambda: _assert_items(query_index(dynamodb, multi, 'by-ab', {'a': eq(S(a)), 'b': eq({'B': b'\x00'})}), []),
           lag)


@pytest.mark.parametrize('attr,value,expected,actual', [
    ('h2', S('7'), 'N', 'S'), ('r1', S('1'), 'N', 'S'), ('r2', N(1), 'S', 'N'), ('h1', {'BOOL': True}, 'S', 'BOOL'),
])
def test_multi_attribute_type_mismatch(dynamodb, multi, attr, value, expected, actual):
    # alternator's test_gsi_composite_wrong_type_key_attr: each attribute of
    # a multi-attribute key is type-checked on its own.
    item = {'pk': S(rnd()), 'h1': S('x'), 'h2': N(7), 'r1': N(1), 'r2': S('a')}
    item[attr] = value
    with pytest.raises(ClientError) as e:
        dynamodb.put_item(TableName=multi, Item=item)
    assert_client_error(e, 'ValidationException', _mismatch_message(attr, expected, actual, 'by-multi'))
    assert 'Item' not in dynamodb.get_item(TableName=multi, Key={'pk': item['pk']}, ConsistentRead=True)


def test_multi_attribute_empty_string_rejected(dynamodb, multi):
    item = {'pk': S(rnd()), 'h1': S('x'), 'h2': N(7), 'r1': N(1), 'r2': S('')}
    with pytest.raises(ClientError) as e:
        dynamodb.put_item(TableName=multi, Item=item)
    assert_client_error(e, 'ValidationException', re.compile(
        r'cannot contain an empty string value\. IndexName: by-multi, IndexKey: r2$'))


def test_multi_attribute_pagination(dynamodb, multi, multi_data, lag):
    # alternator's test_gsi_composite_query_pagination: LastEvaluatedKey
    # holds every key attribute of the index and the table key.
    h1, items, _ = multi_data
    want = _ordered(items)

    def check():
        pages = list(util.pages(dynamodb.query, TableName=multi, IndexName='by-multi', KeyConditions=_hash_eq(h1),
                                Limit=2))
        assert [i for p in pages for i in p['Items']] == want
        first = pages[0]['LastEvaluatedKey']
        assert set(first) == {'pk', 'h1', 'h2', 'r1', 'r2'}
        assert first == {k: want[1][k] for k in ('pk', 'h1', 'h2', 'r1', 'r2')}
    util.settle(check, lag)


def test_multi_attribute_overwrite_moves_entry(dynamodb, multi, lag):
    h1 = rnd()
    key = {'pk': S(rnd())}
    dynamodb.put_item(TableName=multi, Item=dict(key, h1=S(h1), h2=N(1), r1=N(1), r2=S('a')))
    dynamodb.put_item(TableName=multi, Item=dict(key, h1=S(h1), h2=N(2), r1=N(1), r2=S('a')))

    def check():
        assert query_index(dynamodb, multi, 'by-multi', _hash_eq(h1, 1)) == []
        _assert_items(query_index(dynamodb, multi, 'by-multi', _hash_eq(h1, 2)),
                      [dict(key, h1=S(h1), h2=N(2), r1=N(1), r2=S('a'))])
    util.settle(check, lag)


# --------------------------------------------------------------------------
# Index sizes and counts

def test_index_item_count_and_size(dynamodb, new_table, exact_counts):
    name, _ = new_table.create(
        KeySchema=keys('pk', 'sk'), AttributeDefinitions=defs(('pk', 'S'), ('sk', 'N'), ('g', 'S'), ('l', 'N')),
        GlobalSecondaryIndexes=[gsi('by-g', 'g', (), 'KEYS_ONLY'), gsi('by-g-all', 'g')],
        LocalSecondaryIndexes=[lsi('by-l', 'l')])
    items = [{'pk': S('p'), 'sk': N(i), 'payload': S('x' * 200)} for i in range(10)]
    for i, item in enumerate(items):
        if i < 7:
            item['g'] = S(f'g{i % 3}')
        if i % 2 == 0:
            item['l'] = N(i)
    util.batch_write_all(dynamodb, name, items)

    def counts():
        desc = dynamodb.describe_table(TableName=name)['Table']
        by_name = {i['IndexName']: i for i in desc['GlobalSecondaryIndexes'] + desc['LocalSecondaryIndexes']}
        for index in by_name.values():
            assert isinstance(index['ItemCount'], int) and index['ItemCount'] >= 0
            assert isinstance(index['IndexSizeBytes'], int) and index['IndexSizeBytes'] >= 0
        return desc, by_name

    desc, by_name = counts()
    if not exact_counts:
        return      # DynamoDB refreshes these about every six hours
    assert desc['ItemCount'] == 10
    assert by_name['by-g']['ItemCount'] == 7
    assert by_name['by-g-all']['ItemCount'] == 7
    assert by_name['by-l']['ItemCount'] == 5
    keys_only, everything = by_name['by-g']['IndexSizeBytes'], by_name['by-g-all']['IndexSizeBytes']
    assert 0 < keys_only < everything
    assert everything > 7 * 200
    assert by_name['by-l']['IndexSizeBytes'] > 5 * 200

    # Deleting two indexed items and un-indexing a third.
    dynamodb.delete_item(TableName=name, Key={'pk': S('p'), 'sk': N(0)})
    dynamodb.delete_item(TableName=name, Key={'pk': S('p'), 'sk': N(1)})
    dynamodb.put_item(TableName=name, Item={'pk': S('p'), 'sk': N(2), 'payload': S('small')})
    desc, after = counts()
    assert desc['ItemCount'] == 8
    assert after['by-g']['ItemCount'] == 4
    assert after['by-g-all']['ItemCount'] == 4
    assert after['by-l']['ItemCount'] == 3        # 0 and 2 gone; 4, 6, 8 left
    assert after['by-g-all']['IndexSizeBytes'] < everything
    assert after['by-l']['IndexSizeBytes'] < by_name['by-l']['IndexSizeBytes']


# --------------------------------------------------------------------------
# UpdateTable: adding a GSI to a table with items (backfill)

def _create_gsi_update(index, hash_key, range_key=None, types=None, type_='ALL', non_key=None, throughput=None):
    types = types or {}
    attrs = [hash_key] + ([range_key] if range_key else [])
    return dict(AttributeDefinitions=defs(*[(a, types.get(a, 'S')) for a in attrs]),
                GlobalSecondaryIndexUpdates=[{'Create': gsi(index, hash_key, range_key or (), type_, non_key,
                                                            throughput)}])


def test_create_gsi_backfills_existing_items(dynamodb, new_table, index_wait, lag, exact_counts):
    # alternator's test_gsi_backfill (against DynamoDB): existing items are
    # indexed; items without the key or with a key of the wrong type are
    # skipped, not rejected.
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')))
    good = [{'pk': S(f'good-{i}'), 'x': S(f'x{i % 4}'), 'y': S('y')} for i in range(40)]
    missing = [{'pk': S(f'missing-{i}'), 'y': S('y')} for i in range(10)]
    wrong = [{'pk': S(f'wrong-{i}'), 'x': N(i)} for i in range(10)]
    util.batch_write_all(dynamodb, name, good + missing + wrong)

    response = dynamodb.update_table(TableName=name, **_create_gsi_update('by-x', 'x'))['TableDescription']
    # The response already lists the new index as CREATING (alternator,
    # live catalogue DDB-TABLE-148).
    created = find_index(response, 'by-x')
    assert created is not None
    assert created['IndexStatus'] == 'CREATING'
    assert created['KeySchema'] == keys('x')
    if 'Backfilling' in created:
        assert isinstance(created['Backfilling'], bool)

    index, seen = wait_for_index(dynamodb, name, 'by-x', index_wait)
    assert seen[-1] == 'ACTIVE' and set(seen) <= {'CREATING', 'ACTIVE'}
    # "After all items have been processed, the backfilling operation is
    # complete and Backfilling is false" (or absent: alternator's wait_for_gsi).
    assert index.get('Backfilling') in (None, False)
    assert multiset(scan_index(dynamodb, name, 'by-x')) == multiset(good)
    util.settle(lambda: _assert_items(query_index(dynamodb, name, 'by-x', {'x': eq(S('x1'))}),
                                 [i for i in good if i['x'] == S('x1')]), lag)
    if exact_counts:
        assert index['ItemCount'] == len(good)
        assert index['IndexSizeBytes'] > 0
    # Now the key type is enforced on writes; a missing key is still fine.
    with pytest.raises(ClientError) as e:
        dynamodb.put_item(TableName=name, Item={'pk': S('new'), 'x': N(1)})
    assert_client_error(e, 'ValidationException', _mismatch_message('x', 'S', 'N', 'by-x'))
    dynamodb.put_item(TableName=name, Item={'pk': S('new'), 'y': S('y')})


def test_create_gsi_backfill_skips_values_no_index_can_hold(dynamodb, new_table, index_wait, lag):
    # alternator's test_gsi_backfill_empty_string and
    # test_gsi_backfill_key_limits (xfail on Scylla, written to pass on
    # DynamoDB): existing items whose value cannot be an index key - an empty
    # string, more than 2048 bytes for a partition key, more than 1024 bytes
    # for a sort key ("Service, account, and table quotas") - are left out of
    # the new index; the backfill does not fail or hang on them.
    name, _ = new_table.create(KeySchema=keys('pk', 'c'), AttributeDefinitions=defs(('pk', 'S'), ('c', 'S')))
    lengths = [1024, 1025, 2048, 2049]
    items = [{'pk': S(f'len-{n}'), 'c': S('c'), 'x': S('a' * n)} for n in lengths]
    items.append({'pk': S('empty'), 'c': S('c'), 'x': S('')})
    items.append({'pk': S('small'), 'c': S('c'), 'x': S('hello')})
    util.batch_write_all(dynamodb, name, items)
    by_pk = {i['pk']['S']: i for i in items}

    dynamodb.update_table(TableName=name, **_create_gsi_update('x-hash', 'x'))
    wait_for_index(dynamodb, name, 'x-hash', index_wait)
    dynamodb.update_table(TableName=name, AttributeDefinitions=defs(('c', 'S'), ('x', 'S')),
                          GlobalSecondaryIndexUpdates=[{'Create': gsi('x-range', 'c', 'x')}])
    wait_for_index(dynamodb, name, 'x-range', index_wait)
    util.settle(lambda: _assert_items(scan_index(dynamodb, name, 'x-hash'),
                                 [by_pk[p] for p in ('small', 'len-1024', 'len-1025', 'len-2048')]), lag)
    util.settle(lambda: _assert_items(scan_index(dynamodb, name, 'x-range'), [by_pk[p] for p in ('small', 'len-1024')]), lag)


def test_create_gsi_describes_attribute_definitions_and_projection(dynamodb, new_table, index_wait):
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')))
    dynamodb.update_table(TableName=name, **_create_gsi_update('by-xy', 'x', 'y', {'y': 'N'}, 'INCLUDE', ['z']))
    index, _ = wait_for_index(dynamodb, name, 'by-xy', index_wait)
    assert index['KeySchema'] == keys('x', 'y')
    assert index['Projection'] == {'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['z']}
    desc = dynamodb.describe_table(TableName=name)['Table']
    assert index['IndexArn'] == desc['TableArn'] + '/index/by-xy'
    assert multiset(desc['AttributeDefinitions']) == multiset(defs(('pk', 'S'), ('x', 'S'), ('y', 'N')))


def test_create_multi_attribute_gsi_on_existing_table(dynamodb, new_table, index_wait, lag):
    # alternator's test_gsi_composite_updatetable_backfill.
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')))
    items = [{'pk': S(f'p{i}'), 'a': S('common'), 'b': N(i % 2), 'c': S(f'c{i}')} for i in range(12)]
    util.batch_write_all(dynamodb, name, items + [{'pk': S('no-b'), 'a': S('common'), 'c': S('c')}])
    dynamodb.update_table(TableName=name, AttributeDefinitions=defs(('a', 'S'), ('b', 'N'), ('c', 'S')),
                          GlobalSecondaryIndexUpdates=[{'Create': gsi('by-abc', ['a', 'b'], 'c')}])
    wait_for_index(dynamodb, name, 'by-abc', index_wait)
    want = sorted([i for i in items if i['b'] == N(1)], key=lambda i: i['c']['S'])
    util.settle(lambda: _assert_list(query_index(dynamodb, name, 'by-abc', {'a': eq(S('common')), 'b': eq(N(1))}), want),
           lag)


def test_create_gsi_with_existing_name_rejected(dynamodb, new_table):
    # alternator's test_gsi_backfill and test_gsi_backfill_with_lsi (against
    # DynamoDB): "already exists", also for the name of an LSI; live
    # catalogue: "Attempting to create an index which already exists".
    name, _ = new_table.create(
        KeySchema=keys('pk', 'sk'), AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S'), ('x', 'S'), ('l', 'S')),
        GlobalSecondaryIndexes=[gsi('by-x', 'x')], LocalSecondaryIndexes=[lsi('by-l', 'l')])
    for existing in ('by-x', 'by-l'):
        with pytest.raises(ClientError) as e:
            dynamodb.update_table(TableName=name, **_create_gsi_update(existing, 'y'))
        assert_client_error(e, 'ValidationException', re.compile('already exists'))


def test_create_gsi_without_attribute_definitions(dynamodb, new_table):
    # Live catalogue DDB-TABLE-162: "AttributeDefinitions is not specified for
    # index: gsi3"; alternator: a ValidationException about AttributeDefinitions.
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')))
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Create': gsi('by-x', 'x')}])
    assert_client_error(e, 'ValidationException', re.compile('AttributeDefinitions'))


def test_create_gsi_on_known_attribute_still_needs_attribute_definitions(dynamodb, new_table):
    # alternator's test_gsi_backfill_with_lsi (against DynamoDB): even when
    # the attribute is already a key (here of an LSI) and its type known,
    # the Create must come with AttributeDefinitions.
    name, _ = new_table.create(
        KeySchema=keys('pk', 'sk'), AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S'), ('x', 'S')),
        LocalSecondaryIndexes=[lsi('by-x', 'x')])
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi-x', 'x')}])
    assert_client_error(e, 'ValidationException', re.compile('AttributeDefinitions'))


def test_create_gsi_with_table_key_attribute(dynamodb, new_table, index_wait, lag):
    # alternator's test_gsi_backfill_with_real_column: a GSI on the table's
    # sort key, with AttributeDefinitions repeating it.
    name, _ = new_table.create(KeySchema=keys('pk', 'sk'), AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S')))
    items = [{'pk': S(f'p{i}'), 'sk': S(f's{i % 3}')} for i in range(9)]
    util.batch_write_all(dynamodb, name, items)
    dynamodb.update_table(TableName=name, **_create_gsi_update('by-sk', 'sk'))
    wait_for_index(dynamodb, name, 'by-sk', index_wait)
    util.settle(lambda: _assert_items(query_index(dynamodb, name, 'by-sk', {'sk': eq(S('s1'))}),
                                 [i for i in items if i['sk'] == S('s1')]), lag)


def test_create_gsi_redefining_attribute_type_rejected(dynamodb, new_table):
    # alternator's test_gsi_key_type_conflict_on_update quotes DynamoDB: "One
    # or more parameter values were invalid: Attributes cannot be redefined.
    # Please check that your attribute has the same type as previously
    # defined. Existing schema: ... New schema: ...".
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('xyz', 'S')),
                               GlobalSecondaryIndexes=[gsi('index1', 'xyz')])
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, **_create_gsi_update('index2', 'xyz', types={'xyz': 'N'}))
    assert_client_error(e, 'ValidationException', re.compile(
        re.escape(INVALID) + 'Attributes cannot be redefined'))


def test_create_gsi_ignores_another_type_for_an_attribute_it_does_not_use(dynamodb, new_table, index_wait):
    # The table's pk (S) given again as N beside the new index's own key:
    # accepted, and pk keeps its stored type (Ketlark/dynamodb-conformance
    # tests/tier2/updateTable/gsi.test.ts, eu-west-2, 2026-07-12).
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')))
    response = dynamodb.update_table(TableName=name, AttributeDefinitions=defs(('pk', 'N'), ('g', 'S')),
                                     GlobalSecondaryIndexUpdates=[{'Create': gsi('by-g', 'g')}])
    definitions = sorted((d['AttributeName'], d['AttributeType'])
                         for d in response['TableDescription']['AttributeDefinitions'])
    assert definitions == [('g', 'S'), ('pk', 'S')]
    wait_for_index(dynamodb, name, 'by-g', index_wait)
    dynamodb.put_item(TableName=name, Item={'pk': S('still-a-string')})
    assert dynamodb.get_item(TableName=name, Key={'pk': S('still-a-string')}, ConsistentRead=True)['Item']


def test_create_gsi_key_must_be_in_the_request_definitions(dynamodb, new_table):
    # Every key of a new index must be defined in the request itself, even
    # one the table already defines (the same Ketlark file: "the stored
    # definitions do not satisfy the validation", eu-west-2, 2026-07-12).
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')))
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, AttributeDefinitions=defs(('g3', 'S')),
                              GlobalSecondaryIndexUpdates=[{'Create': gsi('by-pk-g3', 'pk', 'g3', 'KEYS_ONLY')}])
    assert e.value.response['Error']['Code'] == 'ValidationException'
    assert 'GlobalSecondaryIndexes' not in dynamodb.describe_table(TableName=name)['Table']


@pytest.mark.parametrize('updates', [
    [{'Create': gsi('gsi-a', 'x')}, {'Create': gsi('gsi-b', 'x')}],
    [{'Create': gsi('gsi-a', 'x')}, {'Delete': {'IndexName': 'by-g'}}],
    [{'Delete': {'IndexName': 'by-g'}}, {'Delete': {'IndexName': 'by-h'}}],
], ids=['create-create', 'create-delete', 'delete-delete'])
def test_one_index_created_or_deleted_per_update(dynamodb, new_table, updates):
    # API Reference (UpdateTable, GlobalSecondaryIndexUpdates): "You can
    # create or delete only one global secondary index per UpdateTable
    # operation." The error is LimitExceededException
    # "Subscriber limit exceeded: Only 1 online index can be created or
    # deleted simultaneously per table" (live catalogue DDB-TABLE-159; alternator's
    # test_gsi_updatetable_errors, against DynamoDB: LimitExceededException).
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('g', 'S'), ('h', 'S')),
                               GlobalSecondaryIndexes=[gsi('by-g', 'g'), gsi('by-h', 'h')])
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, AttributeDefinitions=defs(('x', 'S')), GlobalSecondaryIndexUpdates=updates)
    assert_client_error(e, 'LimitExceededException', envelope_re(
        'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table'))
    desc = dynamodb.describe_table(TableName=name)['Table']
    assert sorted(i['IndexName'] for i in desc['GlobalSecondaryIndexes']) == ['by-g', 'by-h']


def test_twenty_first_gsi_via_update_table(dynamodb, new_table):
    # Live catalogue DDB-TABLE-129/169/170: the 21st GSI is a ValidationException
    # at CreateTable but a LimitExceededException through UpdateTable, with
    # its own text (DDB-TABLE-169, verified 2026-10-08: "Subscriber limit
    # exceeded: Number of global secondary indexes exceeds per-table limit of
    # 20"); the table stays ACTIVE with its 20 indexes.
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('g', 'S')),
                               GlobalSecondaryIndexes=[gsi(f'gsi{i:02}', 'g') for i in range(20)])
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, **_create_gsi_update('gsi20', 'g'))
    assert_client_error(e, 'LimitExceededException', envelope_re(
        'Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of 20'))
    desc = dynamodb.describe_table(TableName=name)['Table']
    assert desc['TableStatus'] == 'ACTIVE' and len(desc['GlobalSecondaryIndexes']) == 20


def test_update_gsi_entry_without_action(dynamodb_unvalidated, new_table):
    # alternator's test_gsi_updatetable_errors (an empty map names
    # GlobalSecondaryIndexUpdate); live catalogue DDB-TABLE-160: "One of
    # GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create,
    # GlobalSecondaryIndexUpdate.Delete must not be null".
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')))
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{}])
    assert_client_error(e, 'ValidationException', re.compile('GlobalSecondaryIndexUpdate'))


def test_update_gsi_entry_with_two_actions(dynamodb, new_table):
    # Live catalogue DDB-TABLE-160: "Only one global secondary index action
    # is allowed per GlobalSecondaryIndexUpdate object"; alternator: a
    # ValidationException saying "one".
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('g', 'S')),
                               GlobalSecondaryIndexes=[gsi('by-g', 'g')])
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, AttributeDefinitions=defs(('x', 'S')), GlobalSecondaryIndexUpdates=[
            {'Create': gsi('by-x', 'x'), 'Delete': {'IndexName': 'by-g'}}])
    assert_client_error(e, 'ValidationException', re.compile(
        'Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object'))


# --------------------------------------------------------------------------
# UpdateTable: deleting and updating a GSI

def test_delete_gsi_response_shows_deleting(dynamodb, new_table, index_wait):
    # Developer Guide ("Managing Global Secondary Indexes", deleting) and
    # live catalogue DDB-TABLE-148/375/376: the UpdateTable response lists
    # the index with IndexStatus DELETING; then it disappears.
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')),
                               GlobalSecondaryIndexes=[gsi('by-x', 'x')])
    response = dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'by-x'}}])
    deleting = find_index(response['TableDescription'], 'by-x')
    assert deleting is not None, 'the UpdateTable response does not list the index being deleted'
    assert deleting['IndexStatus'] == 'DELETING'
    wait_for_index_gone(dynamodb, name, 'by-x', index_wait)


def test_delete_gsi(dynamodb, new_table, index_wait, lag):
    # alternator's test_gsi_delete (against DynamoDB); live catalogue
    # DDB-TABLE-151: once the index is gone, its now unused attribute
    # definition is dropped.
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('x', 'S'), ('y', 'S')),
                               GlobalSecondaryIndexes=[gsi('by-x', 'x'), gsi('by-y', 'y')])
    items = [{'pk': S(f'p{i}'), 'x': S(f'x{i}'), 'y': S('y')} for i in range(10)]
    util.batch_write_all(dynamodb, name, items)
    util.settle(lambda: _assert_items(query_index(dynamodb, name, 'by-x', {'x': eq(S('x3'))}), [items[3]]), lag)

    dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'by-x'}}])
    desc = wait_for_index_gone(dynamodb, name, 'by-x', index_wait)
    assert [i['IndexName'] for i in desc['GlobalSecondaryIndexes']] == ['by-y']
    assert multiset(desc['AttributeDefinitions']) == multiset(defs(('pk', 'S'), ('y', 'S')))
    with pytest.raises(ClientError) as e:
        dynamodb.query(TableName=name, IndexName='by-x', KeyConditions={'x': eq(S('x3'))})
    assert_client_error(e, 'ValidationException', envelope_re('The table does not have the specified index: by-x'))
    # The other index is untouched, and x may now hold any type.
    util.settle(lambda: _assert_items(scan_index(dynamodb, name, 'by-y'), items), lag)
    dynamodb.put_item(TableName=name, Item={'pk': S('number'), 'x': N(7)})
    assert dynamodb.get_item(TableName=name, Key={'pk': S('number')}, ConsistentRead=True)['Item'] == {
        'pk': S('number'), 'x': N(7)}


def test_delete_missing_gsi(dynamodb, new_table):
    # alternator's test_updatetable_delete_missing_gsi and
    # Ketlark/dynamodb-conformance tests/tier2/updateTable/gsi.test.ts (run
    # against DynamoDB): ResourceNotFoundException. The text is captured for
    # an Update of a missing index (test_update_missing_gsi); a Delete is
    # only known to name the index.
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')))
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'nothing'}}])
    assert_client_error(e, 'ResourceNotFoundException', re.compile(r'^Requested resource not found.*\bnothing\b'))


def test_delete_lsi_through_gsi_updates_rejected(dynamodb, new_table):
    # alternator's test_gsi_delete_with_lsi: "DynamoDB gives a
    # ValidationException saying it knows it's an index but it's not a GSI";
    # live catalogue: "Cannot delete an index that is not a
    # GlobalSecondaryIndex: <name>".
    name, _ = new_table.create(KeySchema=keys('pk', 'sk'), AttributeDefinitions=defs(('pk', 'S'), ('sk', 'S'), ('l', 'S')),
                               LocalSecondaryIndexes=[lsi('by-l', 'l')])
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'by-l'}}])
    assert_client_error(e, 'ValidationException', re.compile(
        'Cannot delete an index that is not a GlobalSecondaryIndex: by-l'))
    assert [i['IndexName'] for i in dynamodb.describe_table(TableName=name)['Table']['LocalSecondaryIndexes']] == ['by-l']


def test_delete_then_recreate_gsi_with_same_name(dynamodb, new_table, index_wait, lag):
    # alternator's test_gsi_creates_and_deletes; live catalogue
    # DDB-TABLE-357: "same name accepted once the entry is gone".
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')),
                               GlobalSecondaryIndexes=[gsi('by-it', 'x', (), 'KEYS_ONLY')])
    items = [{'pk': S(f'p{i}'), 'x': S(f'x{i % 2}'), 'y': N(i % 3), 'z': S('z')} for i in range(12)]
    util.batch_write_all(dynamodb, name, items)
    dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'by-it'}}])
    wait_for_index_gone(dynamodb, name, 'by-it', index_wait)
    # Same name, another key and projection.
    dynamodb.update_table(TableName=name, **_create_gsi_update('by-it', 'y', types={'y': 'N'}, type_='ALL'))
    index, _ = wait_for_index(dynamodb, name, 'by-it', index_wait)
    assert index['KeySchema'] == keys('y')
    assert index['Projection'] == {'ProjectionType': 'ALL'}
    util.settle(lambda: _assert_items(scan_index(dynamodb, name, 'by-it'), items), lag)
    util.settle(lambda: _assert_items(query_index(dynamodb, name, 'by-it', {'y': eq(N(1))}),
                                 [i for i in items if i['y'] == N(1)]), lag)
    # Nothing of the old index is left: no entries keyed by x.
    with pytest.raises(ClientError) as e:
        dynamodb.query(TableName=name, IndexName='by-it', KeyConditions={'x': eq(S('x0'))})
    assert_client_error(e, 'ValidationException')
    # Writes maintain the new index.
    dynamodb.put_item(TableName=name, Item={'pk': S('later'), 'y': N(1)})
    util.settle(lambda: _assert_items(query_index(dynamodb, name, 'by-it', {'y': eq(N(1))}),
                                 [i for i in items if i['y'] == N(1)] + [{'pk': S('later'), 'y': N(1)}]), lag)


def test_update_gsi_throughput(dynamodb, new_table, index_wait):
    # API Reference (UpdateGlobalSecondaryIndexAction): new provisioned
    # throughput for an existing GSI; alternator's test_gsi_created_by_update_table.
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')),
                               BillingMode='PROVISIONED',
                               ProvisionedThroughput={'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1},
                               GlobalSecondaryIndexes=[gsi('by-x', 'x', throughput=(1, 1))])
    dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Update': {
        'IndexName': 'by-x', 'ProvisionedThroughput': {'ReadCapacityUnits': 7, 'WriteCapacityUnits': 8}}}])
    index, _ = wait_for_index(dynamodb, name, 'by-x', index_wait)
    assert index['ProvisionedThroughput']['ReadCapacityUnits'] == 7
    assert index['ProvisionedThroughput']['WriteCapacityUnits'] == 8
    desc = dynamodb.describe_table(TableName=name)['Table']
    assert desc['ProvisionedThroughput']['ReadCapacityUnits'] == 1


def test_update_missing_gsi(dynamodb, new_table):
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')), BillingMode='PROVISIONED',
                               ProvisionedThroughput={'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1})
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Update': {
            'IndexName': 'nothing', 'ProvisionedThroughput': {'ReadCapacityUnits': 2, 'WriteCapacityUnits': 2}}}])
    # Live catalogue DDB-TABLE-375 and DDB-TABLE-456 (us-east-1 and
    # us-west-2, 2026-10-09): "Requested resource not found: Index gsi1 for
    # table <table>".
    assert_client_error(e, 'ResourceNotFoundException',
                        f'Requested resource not found: Index nothing for table {name}')


def test_update_gsi_throughput_on_pay_per_request_table(dynamodb, new_table):
    # Live catalogue DDB-TABLE-152: "The only Updates for index: gsi1 when
    # TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput,
    # WarmThroughput".
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S'), ('x', 'S')),
                               GlobalSecondaryIndexes=[gsi('by-x', 'x')])
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Update': {
            'IndexName': 'by-x', 'ProvisionedThroughput': {'ReadCapacityUnits': 2, 'WriteCapacityUnits': 2}}}])
    assert_client_error(e, 'ValidationException', re.compile('PAY_PER_REQUEST'))


def test_create_gsi_with_throughput_on_pay_per_request_table(dynamodb, new_table):
    # alternator's test_gsi_throughput_forbidden_by_update_table_in_pay_per_request_mode;
    # live catalogue: "Neither ReadCapacityUnits nor WriteCapacityUnits can be
    # specified for index: <name> when BillingMode is PAY_PER_REQUEST".
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')))
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, **_create_gsi_update('by-x', 'x', throughput=(4, 5)))
    assert_client_error(e, 'ValidationException', re.compile('can be specified for index'))


def test_create_gsi_without_throughput_on_provisioned_table(dynamodb, new_table):
    # Live catalogue DDB-TABLE-152: "Both ReadCapacityUnits and
    # WriteCapacityUnits must be specified for index: gsi-nopt".
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')), BillingMode='PROVISIONED',
                               ProvisionedThroughput={'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1})
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, **_create_gsi_update('by-x', 'x'))
    assert_client_error(e, 'ValidationException', re.compile('must be specified for index: by-x'))


# --------------------------------------------------------------------------
# Backfill while writes go on (issue 5)

BACKFILL_ITEMS = 3000
BACKFILL_KEYSPACE = 3400          # writers also create items beyond the initial ones
BACKFILL_PROJECTION = ('INCLUDE', ['v'])


def _backfill_item(rng, i):
    item = {'pk': S(f'key-{i:05}'), 'v': N(rng.randrange(10 ** 6)), 'pad': S('p' * rng.randrange(200, 800))}
    roll = rng.random()
    if roll < 0.75:
        item['g'] = S(f'g{rng.randrange(25)}')
        item['r'] = N(rng.randrange(-50, 50))
    elif roll < 0.85:
        item['g'] = S(f'g{rng.randrange(25)}')          # no range key: not indexed
    elif roll < 0.95:
        item['r'] = N(rng.randrange(100))               # no hash key: not indexed
    return item


class _Writer(threading.Thread):
    """Keeps writing to `table` until stopped: puts that move, drop or add
    index entries, and deletes."""

    def __init__(self, url, table, seed, use_env_credentials):
        super().__init__(daemon=True)
        self.client = util.make_client(url, use_env_credentials=use_env_credentials)
        self.table = table
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.writes = 0
        self.error = None

    def run(self):
        try:
            while not self.stop.is_set():
                i = self.rng.randrange(BACKFILL_KEYSPACE)
                if self.rng.random() < 0.2:
                    self.client.delete_item(TableName=self.table, Key={'pk': S(f'key-{i:05}')})
                else:
                    self.client.put_item(TableName=self.table, Item=_backfill_item(self.rng, i))
                self.writes += 1
        except Exception as e:       # reported by the test
            self.error = e


def _expected_index(client, table, index_keys, type_, non_key):
    table_items = util.all_items(client.scan, TableName=table, ConsistentRead=True)
    return [project(i, ['pk'] + index_keys, type_, non_key) for i in table_items if in_index(i, index_keys)]


def _assert_index_matches_table(client, table, index, index_keys, type_, non_key):
    entries = scan_index(client, table, index)
    counts = collections.Counter(e['pk']['S'] for e in entries)
    duplicates = sorted(p for p, n in counts.items() if n > 1)
    assert not duplicates, f'entries indexed more than once: {duplicates[:10]}'
    expected = _expected_index(client, table, index_keys, type_, non_key)
    got, want = multiset(entries), multiset(expected)
    if got != want:
        got_set, want_set = set(got), set(want)
        stale = [dict(x) for x in got_set - want_set][:5]
        missing = [dict(x) for x in want_set - got_set][:5]
        raise AssertionError(f'index {index}: {len(entries)} entries, {len(expected)} expected; '
                             f'stale or wrong: {stale}; missing: {missing}')
    return len(expected)


def test_create_gsi_while_writes_continue(dynamodb, new_table, endpoint_url, use_env_credentials,
                                          index_wait, lag, exact_counts):
    # Issue 5: a GSI added to a table with thousands of items while writes
    # go on ends up equal to the table, every item exactly once, no stale
    # entries (Developer Guide, "Managing Global Secondary Indexes": the
    # table stays available for writes during backfilling, and writes that
    # change indexed attributes are propagated to the new index).
    name, _ = new_table.create(KeySchema=keys('pk'), AttributeDefinitions=defs(('pk', 'S')))
    rng = random.Random(5)
    util.batch_write_all(dynamodb, name, [_backfill_item(rng, i) for i in range(BACKFILL_ITEMS)])

    writers = [_Writer(endpoint_url, name, seed, use_env_credentials) for seed in (1, 2)]
    for w in writers:
        w.start()
    try:
        time.sleep(0.2)                               # writes are already flowing
        before = sum(w.writes for w in writers)
        response = dynamodb.update_table(TableName=name, **_create_gsi_update(
            'by-gr', 'g', 'r', {'r': 'N'}, *BACKFILL_PROJECTION))['TableDescription']
        assert find_index(response, 'by-gr')['IndexStatus'] == 'CREATING'
        wait_for_index(dynamodb, name, 'by-gr', index_wait)
        during = sum(w.writes for w in writers) - before
        # Keep writing a little after ACTIVE too: maintenance of the new index.
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline and all(w.is_alive() for w in writers):
            time.sleep(0.05)
    finally:
        for w in writers:
            w.stop.set()
        for w in writers:
            w.join(timeout=30)
    for w in writers:
        assert not w.is_alive(), 'a writer did not stop'
        assert w.error is None, f'a write failed during the backfill: {w.error!r}'
    assert during > 0, 'no write happened while the index was being created'

    count = util.settle(lambda: _assert_index_matches_table(dynamodb, name, 'by-gr', ['g', 'r'], *BACKFILL_PROJECTION), lag)
    assert count > BACKFILL_ITEMS // 2
    if exact_counts:
        index = find_index(dynamodb.describe_table(TableName=name)['Table'], 'by-gr')
        assert index['ItemCount'] == count
        assert index['IndexSizeBytes'] > 0


# --------------------------------------------------------------------------
# DeleteTable

def test_delete_table_removes_indexes(dynamodb, new_table, lag):
    spec = dict(KeySchema=keys('pk', 'sk'), AttributeDefinitions=defs(('pk', 'S'), ('sk', 'N'), ('g', 'S'), ('l', 'N')),
                GlobalSecondaryIndexes=[gsi('by-g', 'g')], LocalSecondaryIndexes=[lsi('by-l', 'l')])
    name, _ = new_table.create(**spec)
    items = [{'pk': S('p'), 'sk': N(i), 'g': S('g'), 'l': N(i)} for i in range(20)]
    util.batch_write_all(dynamodb, name, items)
    util.settle(lambda: _assert_items(query_index(dynamodb, name, 'by-g', {'g': eq(S('g'))}), items), lag)
    dynamodb.delete_table(TableName=name)
    util.wait_for_gone(dynamodb, name)
    new_table.create(name=name, **spec)
    assert query_index(dynamodb, name, 'by-g', {'g': eq(S('g'))}) == []
    assert scan_index(dynamodb, name, 'by-g') == []
    assert query_index(dynamodb, name, 'by-l', {'pk': eq(S('p'))}, ConsistentRead=True) == []
    desc = dynamodb.describe_table(TableName=name)['Table']
    assert desc['GlobalSecondaryIndexes'][0]['ItemCount'] == 0
    assert desc['LocalSecondaryIndexes'][0]['ItemCount'] == 0


# --------------------------------------------------------------------------
# LSI item collections

def test_item_collection_metrics_with_lsi(dynamodb, shared):
    # API Reference (PutItem, ItemCollectionMetrics): returned with
    # ReturnItemCollectionMetrics=SIZE for tables with an LSI: the item
    # collection's partition key and SizeEstimateRangeGB, [lower, upper].
    p = rnd()
    response = dynamodb.put_item(TableName=shared, Item={'pk': S(p), 'sk': N(1), 'l': N(1)},
                                 ReturnItemCollectionMetrics='SIZE')
    metrics = response['ItemCollectionMetrics']
    assert metrics['ItemCollectionKey'] == {'pk': S(p)}
    low, high = metrics['SizeEstimateRangeGB']
    assert 0 <= low <= high
    # The same on UpdateItem, DeleteItem and (per table) BatchWriteItem.
    key = {'pk': S(p), 'sk': N(1)}
    response = dynamodb.update_item(TableName=shared, Key=key, AttributeUpdates={'x': {'Value': S('y'), 'Action': 'PUT'}},
                                    ReturnItemCollectionMetrics='SIZE')
    assert response['ItemCollectionMetrics']['ItemCollectionKey'] == {'pk': S(p)}
    response = dynamodb.batch_write_item(RequestItems={shared: [{'PutRequest': {'Item': {'pk': S(p), 'sk': N(2)}}}]},
                                         ReturnItemCollectionMetrics='SIZE')
    [batch_metrics] = response['ItemCollectionMetrics'][shared]
    assert batch_metrics['ItemCollectionKey'] == {'pk': S(p)}
    response = dynamodb.delete_item(TableName=shared, Key=key, ReturnItemCollectionMetrics='SIZE')
    assert response['ItemCollectionMetrics']['ItemCollectionKey'] == {'pk': S(p)}


def test_no_item_collection_metrics_without_lsi(dynamodb, hash_table):
    # API Reference (PutItem): item collections exist only for tables with
    # local secondary indexes.
    response = dynamodb.put_item(TableName=hash_table, Item={'pk': S(rnd())}, ReturnItemCollectionMetrics='SIZE')
    assert 'ItemCollectionMetrics' not in response


# --------------------------------------------------------------------------
# Crash during backfill (our own binary only)

CRASH_ITEMS = 20000


def test_kill_9_during_backfill_then_restart_finishes_index(server_factory, tmp_path):
    # Issue 5: an index whose backfill is interrupted by kill -9 is finished
    # after a restart, and then equals the table exactly. The table holds
    # enough items that the backfill is still running when the server dies
    # (about half a second for 20000 items on our server).
    data_dir = tmp_path / 'data'
    url, server = server_factory(data_dir)
    client = util.make_client(url)
    table = util.unique_table_name('crash-gsi')
    client.create_table(TableName=table, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    util.wait_for_active(client, table)
    rng = random.Random(9)
    util.batch_write_all(client, table, [_backfill_item(rng, i) for i in range(CRASH_ITEMS)])

    response = client.update_table(TableName=table, **_create_gsi_update(
        'by-gr', 'g', 'r', {'r': 'N'}, *BACKFILL_PROJECTION))['TableDescription']
    assert find_index(response, 'by-gr')['IndexStatus'] == 'CREATING'
    server.kill()

    url, server = server_factory(data_dir)
    client = util.make_client(url)
    # The acknowledged Create survived; the index is still being built or done.
    index = find_index(client.describe_table(TableName=table)['Table'], 'by-gr')
    assert index is not None and index['IndexStatus'] in ('CREATING', 'ACTIVE')
    index, _ = wait_for_index(client, table, 'by-gr', 60)
    count = _assert_index_matches_table(client, table, 'by-gr', ['g', 'r'], *BACKFILL_PROJECTION)
    assert count > CRASH_ITEMS // 2
    assert index['ItemCount'] == count
    # The index keeps being maintained after the restart.
    client.put_item(TableName=table, Item={'pk': S('key-00000'), 'g': S('after'), 'r': N(1), 'v': N(1)})
    assert query_index(client, table, 'by-gr', {'g': eq(S('after'))}) == [
        {'pk': S('key-00000'), 'g': S('after'), 'r': N(1), 'v': N(1)}]

    # A second crash right after the restart (backfill done or not) changes nothing.
    server.kill()
    url, server = server_factory(data_dir)
    client = util.make_client(url)
    wait_for_index(client, table, 'by-gr', 60)
    _assert_index_matches_table(client, table, 'by-gr', ['g', 'r'], *BACKFILL_PROJECTION)


# --------------------------------------------------------------------------
# With expressions: KeyConditionExpression, FilterExpression,
# ProjectionExpression on indexes

@pytest.mark.expressions
def test_expression_query_on_gsi_and_lsi(dynamodb, shared, lag):
    g, p = rnd(), rnd()
    items = [{'pk': S(p), 'sk': N(i), 'gs': S(g), 'rs': S(f'r{i}'), 'l': N(10 - i)} for i in range(4)]
    util.batch_write_all(dynamodb, shared, items)
    util.settle(lambda: _assert_list(util.all_items(
        dynamodb.query, TableName=shared, IndexName='by-gs', KeyConditionExpression='gs = :g AND rs > :r',
        ExpressionAttributeValues={':g': S(g), ':r': S('r1')}), items[2:]), lag)
    got = util.all_items(dynamodb.query, TableName=shared, IndexName='by-l', ConsistentRead=True,
                         KeyConditionExpression='pk = :p AND l BETWEEN :a AND :b',
                         ExpressionAttributeValues={':p': S(p), ':a': N(7), ':b': N(9)})
    assert got == [{'pk': S(p), 'sk': N(i), 'l': N(10 - i)} for i in (3, 2, 1)]


@pytest.mark.expressions
def test_expression_multi_attribute_query(dynamodb, multi, multi_data, lag):
    # Developer Guide ("Multi-attribute keys pattern"): equality on every
    # partition key attribute, sort key attributes left to right with the
    # inequality last.
    h1, items, _ = multi_data
    want = _ordered([i for i in items if i['r1'] == N(10) and i['r2']['S'] >= 'b'])
    util.settle(lambda: _assert_list(util.all_items(
        dynamodb.query, TableName=multi, IndexName='by-multi',
        KeyConditionExpression='h1 = :h1 AND h2 = :h2 AND r1 = :r1 AND r2 >= :r2',
        ExpressionAttributeValues={':h1': S(h1), ':h2': N(7), ':r1': N(10), ':r2': S('b')}), want), lag)
    want = _ordered([i for i in items if Decimal(i['r1']['N']) < 10])
    util.settle(lambda: _assert_list(util.all_items(
        dynamodb.query, TableName=multi, IndexName='by-multi', KeyConditionExpression='h1 = :h1 AND h2 = :h2 AND r1 < :r1',
        ExpressionAttributeValues={':h1': S(h1), ':h2': N(7), ':r1': N(10)}), want), lag)


def _valid_multi_attribute_expression_query(client, table):
    """The rejections below only mean something where a well-formed
    KeyConditionExpression on the same index is accepted."""
    client.query(TableName=table, IndexName='by-multi', KeyConditionExpression='h1 = :h1 AND h2 = :h2',
                 FilterExpression='v = :v', ExpressionAttributeValues={':h1': S('x'), ':h2': N(7), ':v': S('v')})


@pytest.mark.expressions
@pytest.mark.parametrize('expression,values', [
    ('h1 = :h1', {':h1': S('x')}),
    ('h1 = :h1 AND h2 = :h2 AND r2 = :r2', {':h1': S('x'), ':h2': N(7), ':r2': S('a')}),
    ('h1 = :h1 AND h2 = :h2 AND r1 > :r1 AND r2 = :r2', {':h1': S('x'), ':h2': N(7), ':r1': N(1), ':r2': S('a')}),
    ('h1 = :h1 AND h2 > :h2', {':h1': S('x'), ':h2': N(7)}),
], ids=['missing-hash', 'skips-r1', 'inequality-not-last', 'hash-inequality'])
def test_expression_multi_attribute_query_rejected(dynamodb, multi, expression, values):
    _valid_multi_attribute_expression_query(dynamodb, multi)
    with pytest.raises(ClientError) as e:
        dynamodb.query(TableName=multi, IndexName='by-multi', KeyConditionExpression=expression,
                       ExpressionAttributeValues=values)
    assert_client_error(e, 'ValidationException')


@pytest.mark.expressions
@pytest.mark.parametrize('attr', ['h2', 'r1'])
def test_expression_filter_on_multi_attribute_key_rejected(dynamodb, multi, attr):
    # Issue 5 and alternator's test_gsi_composite_filter_on_*_attr_rejected:
    # a FilterExpression may not reference the queried index's key attributes.
    _valid_multi_attribute_expression_query(dynamodb, multi)
    with pytest.raises(ClientError) as e:
        dynamodb.query(TableName=multi, IndexName='by-multi', KeyConditionExpression='h1 = :h1 AND h2 = :h2',
                       FilterExpression=f'{attr} = :f',
                       ExpressionAttributeValues={':h1': S('x'), ':h2': N(7), ':f': N(1)})
    assert_client_error(e, 'ValidationException')


@pytest.mark.expressions
def test_expression_filter_on_non_key_attribute_of_multi_attribute_gsi(dynamodb, multi, multi_data, lag):
    h1, items, _ = multi_data
    want = _ordered([i for i in items if i['r2'] == S('c')])
    util.settle(lambda: _assert_list(util.all_items(
        dynamodb.query, TableName=multi, IndexName='by-multi', KeyConditionExpression='h1 = :h1 AND h2 = :h2',
        FilterExpression='pk IN (:a, :b, :c)',
        ExpressionAttributeValues={':h1': S(h1), ':h2': N(7), ':a': want[0]['pk'], ':b': want[1]['pk'],
                                   ':c': want[2]['pk']}), want), lag)


NESTED_INDEX_KEY = "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: "


@pytest.mark.expressions
@pytest.mark.parametrize('expression,attr', [
    ('SET gs.y = :v', 'gs'), ('SET rn[1] = :v', 'rn'), ('SET ls.y = :v', 'ls'), ('REMOVE hn.z', 'hn'),
], ids=['gsi-hash', 'gsi-range', 'lsi-range', 'remove'])
def test_expression_update_nested_path_of_index_key_rejected(dynamodb, shared, expression, attr):
    # dynalite (updateItem.js, "trying to update index map") and alternator's
    # test_gsi_wrong_type_attribute_update_nested, both quoting DynamoDB.
    key = {'pk': S(rnd()), 'sk': N(1)}
    request = dict(TableName=shared, Key=key, UpdateExpression=expression)
    if ':v' in expression:
        request['ExpressionAttributeValues'] = {':v': N(1)}
    with pytest.raises(ClientError) as e:
        dynamodb.update_item(**request)
    assert_client_error(e, 'ValidationException', envelope_re(NESTED_INDEX_KEY + attr))
    assert 'Item' not in dynamodb.get_item(TableName=shared, Key=key, ConsistentRead=True)


@pytest.mark.expressions
@pytest.mark.parametrize('expression', ['attribute_exists(gi.c) AND a = :b', 'gi[1] = :b'])
def test_expression_filter_nested_path_of_index_key_rejected(dynamodb, shared, expression):
    # dynalite (query.js, "non-scalar index access in FilterExpression"): even
    # in a Query of the table, a nested path into any index's key attribute
    # is rejected.
    with pytest.raises(ClientError) as e:
        dynamodb.query(TableName=shared, KeyConditionExpression='pk = :p', FilterExpression=expression,
                       ExpressionAttributeValues={':p': S('x'), ':b': N(1)})
    assert_client_error(e, 'ValidationException', envelope_re(NESTED_INDEX_KEY + 'gi'))


@pytest.mark.expressions
def test_expression_update_remove_index_key_drops_entry(dynamodb, shared, lag):
    g = rnd()
    key = {'pk': S(rnd()), 'sk': N(1)}
    dynamodb.put_item(TableName=shared, Item=dict(key, gi=S(g), a=S('a')))
    dynamodb.update_item(TableName=shared, Key=key, UpdateExpression='SET a = :a', ExpressionAttributeValues={':a': S('b')})
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gi', {'gi': eq(S(g))}),
                                 [dict(key, gi=S(g), a=S('b'))]), lag)
    dynamodb.update_item(TableName=shared, Key=key, UpdateExpression='REMOVE gi')
    util.settle(lambda: _assert_items(query_index(dynamodb, shared, 'by-gi', {'gi': eq(S(g))}), []), lag)


@pytest.mark.expressions
def test_expression_update_type_mismatch_rejected(dynamodb, shared):
    key = {'pk': S(rnd()), 'sk': N(1)}
    with pytest.raises(ClientError) as e:
        dynamodb.update_item(TableName=shared, Key=key, UpdateExpression='SET hn = :v',
                             ExpressionAttributeValues={':v': S('not a number')})
    assert_client_error(e, 'ValidationException', _mismatch_message('hn', 'N', 'S', 'by-hn'))
    assert 'Item' not in dynamodb.get_item(TableName=shared, Key=key, ConsistentRead=True)


@pytest.mark.expressions
def test_expression_projection_on_lsi_fetches_unprojected(dynamodb, shared):
    # Query API Reference (Select): an LSI fetches unprojected attributes
    # from the table.
    p, g = rnd(), rnd()
    item = _full_item(p, g)
    dynamodb.put_item(TableName=shared, Item=item)
    got = util.all_items(dynamodb.query, TableName=shared, IndexName='by-l', ConsistentRead=True,
                         KeyConditionExpression='pk = :p', ProjectionExpression='c, l, #a',
                         ExpressionAttributeNames={'#a': 'a'}, ExpressionAttributeValues={':p': S(p)})
    assert got == [{'c': item['c'], 'l': item['l'], 'a': item['a']}]


@pytest.mark.expressions
def test_expression_projection_of_projected_gsi_attributes(dynamodb, shared, lag):
    g = rnd()
    item = {'pk': S(rnd()), 'sk': N(1), 'gi': S(g), 'a': S('A'), 'b': N(1), 'z': S('z')}
    dynamodb.put_item(TableName=shared, Item=item)
    util.settle(lambda: _assert_list(util.all_items(
        dynamodb.query, TableName=shared, IndexName='by-gi', KeyConditionExpression='gi = :g',
        ProjectionExpression='a, sk', ExpressionAttributeValues={':g': S(g)}), [{'a': S('A'), 'sk': N(1)}]), lag)
