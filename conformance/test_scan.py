"""Scan: pagination, Limit, the 1 MB page, parallel scan, Select, validation.

Behaviour from the API Reference (Scan) and the Developer Guide ("Scanning
tables in DynamoDB": "Paginating the results", "Limiting the number of items
in the result set", "Counting the items in the results", "Parallel scan";
"Read/write capacity unit calculations"):
- a Scan page holds at most 1 MB of data read; when there is more,
  LastEvaluatedKey is the primary key of the last item evaluated, and
  passing it as ExclusiveStartKey continues after it;
- Limit is "the maximum number of items to evaluate (not necessarily the
  number of matching items)"; ScannedCount is the number evaluated;
- Segment/TotalSegments split the table into disjoint parts, TotalSegments
  1..1000000, Segment 0..TotalSegments-1, each needs the other;
- Select=COUNT returns the count and no items; ALL_PROJECTED_ATTRIBUTES is
  for indexes only; SPECIFIC_ATTRIBUTES needs AttributesToGet.

Error texts as observed on DynamoDB by dynalite's test/scan.js (recorded
against DynamoDB), the ErrorFactory and PaginatingFunction of AWS's own
DynamoDB Local, a TypeScript suite pinned against DynamoDB ("Scan — exact
error messages"), and scylladb's test/alternator/test_scan.py (run against
DynamoDB). Messages are compared exactly modulo the "1 validation error
detected: " envelope (util.envelope_re).
"""

import collections
import re

import pytest
from botocore.exceptions import ClientError

import util
from util import assert_client_error, constraint_re, envelope_re

NOT_FOUND = re.compile(r'^Requested resource not found')
ITEM_COUNT = 2000
MB = 1024 * 1024
BIG_ITEM_COUNT = 30
BIG_VALUE_BYTES = 100 * 1024


def _small_item(i):
    return {'pk': {'S': f'item-{i:05d}'}, 'n': {'N': str(i)}, 'tag': {'S': 'even' if i % 2 == 0 else 'odd'}}


@pytest.fixture(scope='module')
def many(dynamodb, module_tables):
    """A table (pk S) holding ITEM_COUNT small items; returns (name, items by pk)."""
    name, _ = module_tables.create(name=module_tables.name('scan-many'))
    items = [_small_item(i) for i in range(ITEM_COUNT)]
    util.batch_write_all(dynamodb, name, items)
    return name, {item['pk']['S']: item for item in items}


@pytest.fixture(scope='module')
def big(dynamodb, module_tables):
    """A table (pk S) holding BIG_ITEM_COUNT items of about 100 KB each."""
    name, _ = module_tables.create(name=module_tables.name('scan-big'))
    items = [{'pk': {'S': f'big-{i:03d}'}, 'blob': {'S': chr(ord('a') + i % 26) * BIG_VALUE_BYTES}}
             for i in range(BIG_ITEM_COUNT)]
    for start in range(0, len(items), 5):   # 5 x 100 KB per request
        util.batch_write_all(dynamodb, name, items[start:start + 5])
    return name, {item['pk']['S']: item for item in items}


@pytest.fixture(scope='module')
def ranged(dynamodb, module_tables):
    """A table (pk S, sk N) with 3 partitions of 10 items."""
    name, _ = module_tables.create(
        name=module_tables.name('scan-range'),
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'sk', 'AttributeType': 'N'}])
    items = [{'pk': {'S': f'p{p}'}, 'sk': {'N': str(s)}, 'v': {'S': f'{p}-{s}'}} for p in range(3) for s in range(10)]
    util.batch_write_all(dynamodb, name, items)
    return name, items


@pytest.fixture(scope='module')
def tiny(dynamodb, module_tables):
    """A table (pk S) holding 5 small items."""
    name, _ = module_tables.create(name=module_tables.name('scan-tiny'))
    items = [{'pk': {'S': f't{i}'}, 'a': {'S': f'a{i}'}, **({'b': {'N': str(i)}} if i % 2 else {})} for i in range(5)]
    util.batch_write_all(dynamodb, name, items)
    return name, items


def _assert_each_once(got_items, expected_by_pk):
    keys = [item['pk']['S'] for item in got_items]
    duplicates = [k for k, n in collections.Counter(keys).items() if n > 1]
    assert not duplicates, f'{len(duplicates)} items returned more than once, e.g. {duplicates[:5]}'
    missing = set(expected_by_pk) - set(keys)
    assert not missing, f'{len(missing)} items never returned, e.g. {sorted(missing)[:5]}'
    extra = set(keys) - set(expected_by_pk)
    assert not extra, f'unexpected items {sorted(extra)[:5]}'
    for item in got_items:
        assert item == expected_by_pk[item['pk']['S']]


def _scan_pages(dynamodb, max_pages=3000, **request):
    """All pages of a Scan, checking the invariants every page must keep."""
    pages = []
    for page in util.pages(dynamodb.scan, max_pages=max_pages, **request):
        if request.get('Select') != 'COUNT':
            assert page['Count'] == len(page['Items'])
        assert page['ScannedCount'] >= page['Count']
        if 'Limit' in request:
            assert page['ScannedCount'] <= request['Limit']
        pages.append(page)
    return pages


# --------------------------------------------------------------------------
# Reading a whole table

def test_scan_paginator_returns_every_item_once(dynamodb, many):
    name, expected = many
    items = []
    paginator = dynamodb.get_paginator('scan')
    for number, page in enumerate(paginator.paginate(TableName=name, ConsistentRead=True)):
        assert number < 100, 'more pages than 2000 small items can need'
        items.extend(page['Items'])
    _assert_each_once(items, expected)


@pytest.mark.parametrize('page_size', [17, 500])
def test_scan_paginator_page_size(dynamodb, many, page_size):
    name, expected = many
    items = []
    paginator = dynamodb.get_paginator('scan')
    pages = paginator.paginate(TableName=name, ConsistentRead=True, PaginationConfig={'PageSize': page_size})
    for number, page in enumerate(pages):
        assert number <= ITEM_COUNT // page_size + 1
        assert len(page['Items']) <= page_size
        items.extend(page['Items'])
    _assert_each_once(items, expected)


@pytest.mark.parametrize('limit', [None, 7, 100, 333, 1999, 2000, 2001, 5000])
def test_scan_manual_exclusive_start_key_loop(dynamodb, many, limit):
    name, expected = many
    request = dict(TableName=name, ConsistentRead=True)
    if limit is not None:
        request['Limit'] = limit
    pages = _scan_pages(dynamodb, **request)
    items = [item for page in pages for item in page['Items']]
    _assert_each_once(items, expected)
    if limit is not None:
        # Every page but the last evaluates exactly Limit items (all are far
        # below 1 MB), and a page that stops early says where.
        for page in pages[:-1]:
            assert page['ScannedCount'] == limit
            assert 'LastEvaluatedKey' in page
        assert 'LastEvaluatedKey' not in pages[-1]
        assert len(pages) in (-(-ITEM_COUNT // limit), ITEM_COUNT // limit + 1)


def test_scan_limit_one_pages(dynamodb, tiny):
    name, items = tiny
    pages = _scan_pages(dynamodb, TableName=name, Limit=1, ConsistentRead=True)
    got = [item for page in pages for item in page['Items']]
    _assert_each_once(got, {item['pk']['S']: item for item in items})
    # Five one-item pages, each with a key, then (Limit reached exactly at
    # the end) a last, empty page without one.
    assert [len(page['Items']) for page in pages] == [1, 1, 1, 1, 1, 0]


def test_scan_limit_counts_items_evaluated(dynamodb, many):
    name, _ = many
    page = dynamodb.scan(TableName=name, Limit=10)
    assert page['Count'] == 10
    assert page['ScannedCount'] == 10
    assert len(page['Items']) == 10
    assert 'LastEvaluatedKey' in page


def test_scan_limit_equal_to_table_size(dynamodb, tiny):
    # dynalite ("should not return LastEvaluatedKey if Limit is large",
    # recorded against DynamoDB): Limit == items in the table still returns a
    # LastEvaluatedKey, and the page after it is empty without one; a larger
    # Limit returns everything without one.
    name, items = tiny
    first = dynamodb.scan(TableName=name, Limit=len(items), ConsistentRead=True)
    assert first['Count'] == len(items)
    assert 'LastEvaluatedKey' in first
    second = dynamodb.scan(TableName=name, Limit=len(items), ConsistentRead=True,
                           ExclusiveStartKey=first['LastEvaluatedKey'])
    assert second['Items'] == []
    assert second['Count'] == 0
    assert second['ScannedCount'] == 0
    assert 'LastEvaluatedKey' not in second
    whole = dynamodb.scan(TableName=name, Limit=len(items) + 1, ConsistentRead=True)
    assert whole['Count'] == len(items)
    assert 'LastEvaluatedKey' not in whole


def test_scan_last_evaluated_key_is_the_key_of_the_last_item(dynamodb, many):
    name, _ = many
    page = dynamodb.scan(TableName=name, Limit=25)
    assert page['LastEvaluatedKey'] == {'pk': page['Items'][-1]['pk']}


def test_scan_last_evaluated_key_range_table(dynamodb, ranged):
    name, items = ranged
    pages = _scan_pages(dynamodb, TableName=name, Limit=4, ConsistentRead=True)
    for page in pages:
        if 'LastEvaluatedKey' in page:
            last = page['Items'][-1]
            assert page['LastEvaluatedKey'] == {'pk': last['pk'], 'sk': last['sk']}
    got = [item for page in pages for item in page['Items']]
    assert sorted(got, key=lambda i: (i['pk']['S'], int(i['sk']['N']))) == \
        sorted(items, key=lambda i: (i['pk']['S'], int(i['sk']['N'])))
    # Within a partition, a Scan returns items in sort key order
    # (scylladb test_scan.py::test_scan_sort_order_string, run against DynamoDB).
    for p in ('p0', 'p1', 'p2'):
        sks = [int(i['sk']['N']) for i in got if i['pk']['S'] == p]
        assert sks == sorted(sks)


def test_scan_exclusive_start_key_is_exclusive(dynamodb, tiny):
    # dynalite ("should return after but not including ExclusiveStartKey").
    name, items = tiny
    whole = dynamodb.scan(TableName=name, ConsistentRead=True)['Items']
    assert len(whole) == len(items)
    rest = dynamodb.scan(TableName=name, ConsistentRead=True, ExclusiveStartKey={'pk': whole[0]['pk']})['Items']
    assert rest == whole[1:]


# --------------------------------------------------------------------------
# The 1 MB page

def test_scan_stops_a_page_at_1mb(dynamodb, big):
    name, expected = big
    first = dynamodb.scan(TableName=name, ConsistentRead=True)
    # 30 items of 100 KB: a page stops once about 1 MB has been read.
    assert 9 <= first['ScannedCount'] <= 11, first['ScannedCount']
    assert first['Count'] == first['ScannedCount'] == len(first['Items'])
    assert 'LastEvaluatedKey' in first
    assert first['LastEvaluatedKey'] == {'pk': first['Items'][-1]['pk']}
    # It does not read on past 1 MB: the items before the last are under it.
    item_size = len('pk') + len('big-000') + len('blob') + BIG_VALUE_BYTES
    assert (first['ScannedCount'] - 1) * item_size < MB
    items = []
    for number, page in enumerate(util.pages(dynamodb.scan, max_pages=10, TableName=name, ConsistentRead=True)):
        assert page['ScannedCount'] <= 11
        items.extend(page['Items'])
    assert number >= 2
    _assert_each_once(items, expected)


def test_scan_1mb_page_applies_to_select_count(dynamodb, big):
    # "Counting the items in the results": if the data read exceeds 1 MB,
    # Count and ScannedCount are a partial count; keep going with
    # LastEvaluatedKey.
    name, _ = big
    first = dynamodb.scan(TableName=name, Select='COUNT', ConsistentRead=True)
    assert 'Items' not in first
    assert 9 <= first['Count'] <= 11
    assert 'LastEvaluatedKey' in first
    total = sum(page['Count'] for page in util.pages(dynamodb.scan, max_pages=10, TableName=name,
                                                     Select='COUNT', ConsistentRead=True))
    assert total == BIG_ITEM_COUNT


def test_scan_limit_below_the_1mb_page(dynamodb, big):
    name, _ = big
    page = dynamodb.scan(TableName=name, Limit=3)
    assert page['ScannedCount'] == 3
    assert len(page['Items']) == 3


# --------------------------------------------------------------------------
# Parallel scan

@pytest.mark.parametrize('total', [1, 2, 4, 7])
def test_parallel_scan_covers_every_item_once(dynamodb, many, total):
    name, expected = many
    per_segment = []
    for segment in range(total):
        items = util.all_items(dynamodb.scan, max_pages=100, TableName=name, ConsistentRead=True,
                               Segment=segment, TotalSegments=total)
        per_segment.append({item['pk']['S'] for item in items})
        assert len(per_segment[-1]) == len(items), f'segment {segment} returned an item twice'
    # Disjoint segments whose union is the table.
    for a in range(total):
        for b in range(a + 1, total):
            overlap = per_segment[a] & per_segment[b]
            assert not overlap, f'segments {a} and {b} share {sorted(overlap)[:5]}'
    assert set().union(*per_segment) == set(expected)
    if total > 1:
        # 2000 hashed keys: every segment gets some.
        assert all(per_segment)


def test_parallel_scan_with_limit_pages_within_the_segment(dynamodb, many):
    name, expected = many
    got = []
    for segment in range(4):
        pages = _scan_pages(dynamodb, max_pages=200, TableName=name, Segment=segment, TotalSegments=4, Limit=50)
        got.extend(item for page in pages for item in page['Items'])
    _assert_each_once(got, expected)


def test_parallel_scan_same_segments_same_items(dynamodb, many):
    name, _ = many
    first = util.all_items(dynamodb.scan, TableName=name, Segment=1, TotalSegments=3, ConsistentRead=True)
    again = util.all_items(dynamodb.scan, TableName=name, Segment=1, TotalSegments=3, ConsistentRead=True)
    assert sorted(i['pk']['S'] for i in first) == sorted(i['pk']['S'] for i in again)


def test_parallel_scan_more_segments_than_items(dynamodb, tiny):
    name, items = tiny
    got = []
    for segment in range(16):
        got.extend(util.all_items(dynamodb.scan, TableName=name, Segment=segment, TotalSegments=16,
                                  ConsistentRead=True))
    _assert_each_once(got, {item['pk']['S']: item for item in items})


def test_parallel_scan_exclusive_start_key_from_another_segment(dynamodb_unvalidated, many):
    # dynalite ("ExclusiveStartKey is from different segment", recorded
    # against DynamoDB); scylladb test_scan_parallel_with_exclusive_start_key
    # matches 'ValidationException.*Exclusive'.
    name, _ = many
    items = dynamodb_unvalidated.scan(TableName=name, Segment=1, TotalSegments=2, Limit=5)['Items']
    assert items
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=name, Segment=0, TotalSegments=2, ExclusiveStartKey={'pk': items[0]['pk']})
    assert_client_error(e, 'ValidationException', envelope_re(
        'The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey '
        'with correct Segment. TotalSegments: 2 Segment: 0'))


# --------------------------------------------------------------------------
# Segment / TotalSegments / Limit validation

@pytest.mark.parametrize('segment', [0, 3])
def test_scan_segment_without_total_segments(dynamodb_unvalidated, tiny, segment):
    # dynalite; DynamoDB Local's MISSING_TOTALSEGMENTS; the TypeScript suite
    # pinned against DynamoDB. Note the word order differs from the next one.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=tiny[0], Segment=segment)
    assert_client_error(e, 'ValidationException', envelope_re(
        'The TotalSegments parameter is required but was not present in the request when Segment parameter is present'))


def test_scan_total_segments_without_segment(dynamodb_unvalidated, tiny):
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=tiny[0], TotalSegments=4)
    assert_client_error(e, 'ValidationException', envelope_re(
        'The Segment parameter is required but was not present in the request when parameter TotalSegments is present'))


@pytest.mark.parametrize('segment,total', [(1, 1), (5, 5), (7, 5), (999999, 2)])
def test_scan_segment_not_below_total_segments(dynamodb_unvalidated, tiny, segment, total):
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=tiny[0], Segment=segment, TotalSegments=total)
    assert_client_error(e, 'ValidationException', envelope_re(
        'The Segment parameter is zero-based and must be less than parameter TotalSegments: '
        f'Segment: {segment} is not less than TotalSegments: {total}'))


@pytest.mark.parametrize('segment,total,member,constraint', [
    # Bounds from the API model (ScanTotalSegments 1..1000000, ScanSegment 0..999999).
    (0, 1000001, 'totalSegments', 'Member must have value less than or equal to 1000000'),
    (0, 0, 'totalSegments', 'Member must have value greater than or equal to 1'),
    (-1, 2, 'segment', 'Member must have value greater than or equal to 0'),
])
def test_scan_segment_constraints(dynamodb_unvalidated, tiny, segment, total, member, constraint):
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=tiny[0], Segment=segment, TotalSegments=total)
    value = total if member == 'totalSegments' else segment
    assert_client_error(e, 'ValidationException', constraint_re(value, member, constraint))


def test_scan_largest_total_segments(dynamodb, tiny):
    name, items = tiny
    got = dynamodb.scan(TableName=name, Segment=999999, TotalSegments=1000000, ConsistentRead=True)
    assert got['Count'] <= len(items)


@pytest.mark.parametrize('limit', [0, -5])
def test_scan_limit_must_be_positive(dynamodb_unvalidated, tiny, limit):
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=tiny[0], Limit=limit)
    assert_client_error(e, 'ValidationException',
                        constraint_re(limit, 'limit', 'Member must have value greater than or equal to 1'))


# --------------------------------------------------------------------------
# Select and AttributesToGet

def test_scan_select_count(dynamodb, many):
    name, _ = many
    response = dynamodb.scan(TableName=name, Select='COUNT', ConsistentRead=True)
    assert 'Items' not in response
    assert response['Count'] == ITEM_COUNT
    assert response['ScannedCount'] == ITEM_COUNT
    assert 'LastEvaluatedKey' not in response


def test_scan_select_count_with_limit(dynamodb, many):
    # dynalite ("should return LastEvaluatedKey even if selecting Count").
    name, _ = many
    response = dynamodb.scan(TableName=name, Select='COUNT', Limit=3)
    assert 'Items' not in response
    assert response['Count'] == 3
    assert response['ScannedCount'] == 3
    assert set(response['LastEvaluatedKey']) == {'pk'}


def test_scan_select_all_attributes(dynamodb, tiny):
    name, items = tiny
    got = dynamodb.scan(TableName=name, Select='ALL_ATTRIBUTES', ConsistentRead=True)['Items']
    _assert_each_once(got, {item['pk']['S']: item for item in items})


def test_scan_attributes_to_get(dynamodb, tiny):
    # scylladb test_scan_attributes_to_get (run against DynamoDB): only the
    # named attributes, keys too only if named; items with none of them come
    # back as empty maps.
    name, items = tiny
    for wanted in (['a'], ['b'], ['pk', 'b'], ['nonexistent'], ['a', 'b', 'pk']):
        for select in (None, 'SPECIFIC_ATTRIBUTES'):
            request = dict(TableName=name, AttributesToGet=wanted, ConsistentRead=True)
            if select:
                request['Select'] = select
            got = dynamodb.scan(**request)['Items']
            want = [{k: v for k, v in item.items() if k in wanted} for item in items]
            key = lambda item: repr(sorted(item.items()))
            assert sorted(got, key=key) == sorted(want, key=key)


@pytest.mark.parametrize('select,attributes,message', [
    # AWS's DynamoDB Local (PaginatingFunction.validateSelect, ErrorFactory);
    # the first also quoted from AWS::DynamoDB::Errors::ValidationException in
    # a Ruby client, the second pinned by the TypeScript suite.
    ('ALL_PROJECTED_ATTRIBUTES', None, 'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName'),
    ('SPECIFIC_ATTRIBUTES', None,
     'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES'),
    ('ALL_ATTRIBUTES', ['a'], 'Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES'),
    ('COUNT', ['a'], 'Cannot specify the AttributesToGet when choosing to get only the Count'),
    ('ALL_PROJECTED_ATTRIBUTES', ['a'],
     'Cannot specify the AttributesToGet when choosing to get ALL_PROJECTED_ATTRIBUTES'),
])
def test_scan_select_validation(dynamodb_unvalidated, tiny, select, attributes, message):
    request = dict(TableName=tiny[0], Select=select)
    if attributes is not None:
        request['AttributesToGet'] = attributes
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(**request)
    assert_client_error(e, 'ValidationException', envelope_re(message))


def test_scan_select_unknown_value(dynamodb_unvalidated, tiny):
    # dynalite; TypeScript suite: the enum constraint.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=tiny[0], Select='hi')
    assert_client_error(e, 'ValidationException', constraint_re(
        'hi', 'select',
        'Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]'))


def test_scan_attributes_to_get_empty(dynamodb_unvalidated, tiny):
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=tiny[0], AttributesToGet=[])
    assert_client_error(e, 'ValidationException',
                        constraint_re('[]', 'attributesToGet', 'Member must have length greater than or equal to 1'))


def test_scan_attributes_to_get_duplicates(dynamodb_unvalidated, tiny):
    # dynalite ("duplicate values in AttributesToGet").
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=tiny[0], AttributesToGet=['a', 'a'])
    assert_client_error(e, 'ValidationException', envelope_re(
        'One or more parameter values were invalid: Duplicate value in attribute name: a'))


# --------------------------------------------------------------------------
# ExclusiveStartKey, IndexName, table

@pytest.mark.parametrize('start', [
    pytest.param({}, id='empty'),
    pytest.param({'other': {'S': 'a'}}, id='other-attribute'),
    pytest.param({'pk': {'N': '1'}}, id='wrong-type'),
    pytest.param({'pk': {'B': b'ab'}}, id='binary'),
    pytest.param({'pk': {'S': 'a'}, 'extra': {'S': 'b'}}, id='extra-attribute'),
    pytest.param({'pk': {'SS': ['a']}}, id='set'),
])
def test_scan_exclusive_start_key_not_matching_schema(dynamodb_unvalidated, tiny, start):
    # dynalite ("ExclusiveStartKey does not match schema"); the TypeScript
    # suite pinned against DynamoDB ("Scan returns the long form").
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=tiny[0], ExclusiveStartKey=start)
    assert_client_error(e, 'ValidationException', envelope_re(
        'The provided starting key is invalid: The provided key element does not match the schema'))


@pytest.mark.parametrize('start', [
    pytest.param({'pk': {'S': 'p0'}}, id='missing-sort-key'),
    pytest.param({'sk': {'N': '1'}}, id='missing-partition-key'),
    pytest.param({'pk': {'S': 'p0'}, 'sk': {'S': '1'}}, id='sort-key-wrong-type'),
    pytest.param({'pk': {'S': 'p0'}, 'sk': {'N': '1'}, 'v': {'S': 'x'}}, id='extra-attribute'),
])
def test_scan_exclusive_start_key_range_table(dynamodb_unvalidated, ranged, start):
    # dynalite ("ExclusiveStartKey for range table is invalid"); scylladb
    # test_scan_exclusivestartkey_missing_sortkey / _spurious_column quote the same text.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=ranged[0], ExclusiveStartKey=start)
    assert_client_error(e, 'ValidationException', envelope_re(
        'The provided starting key is invalid: The provided key element does not match the schema'))


def test_scan_exclusive_start_key_need_not_exist(dynamodb, tiny):
    # dynalite ("should succeed even if ExclusiveStartKey does not match scan
    # filter"): any well-formed key is a position.
    response = dynamodb.scan(TableName=tiny[0], ExclusiveStartKey={'pk': {'S': util.random_string(20)}})
    assert response['Count'] == len(response['Items']) <= 5


def test_scan_unknown_index(dynamodb_unvalidated, tiny):
    # dynalite ("non-existent index name").
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=tiny[0], IndexName='whatever')
    assert_client_error(e, 'ValidationException', envelope_re('The table does not have the specified index: whatever'))


def test_scan_unknown_table(dynamodb):
    with pytest.raises(ClientError) as e:
        dynamodb.scan(TableName=util.unique_table_name('missing'))
    assert_client_error(e, 'ResourceNotFoundException', NOT_FOUND)


def test_scan_unknown_table_checked_before_start_key(dynamodb_unvalidated):
    # dynalite ("should check table exists before checking key validity").
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=util.unique_table_name('missing'), ExclusiveStartKey={'x': {'S': 'a'}})
    assert_client_error(e, 'ResourceNotFoundException', NOT_FOUND)


# --------------------------------------------------------------------------
# ConsistentRead and ConsumedCapacity

def test_scan_consistent_read_either_way(dynamodb, tiny):
    name, items = tiny
    for consistent in (True, False):
        got = dynamodb.scan(TableName=name, ConsistentRead=consistent)['Items']
        _assert_each_once(got, {item['pk']['S']: item for item in items})


def test_scan_consumed_capacity_total(dynamodb, tiny):
    # "Read/write capacity unit calculations": a Scan's items evaluated are
    # summed and rounded up to 4 KB; five tiny items are one unit strongly
    # consistent, half a unit eventually consistent.
    name, _ = tiny
    strong = dynamodb.scan(TableName=name, ConsistentRead=True, ReturnConsumedCapacity='TOTAL')
    util.assert_consumed_capacity(strong['ConsumedCapacity'], name, 1.0)
    eventual = dynamodb.scan(TableName=name, ReturnConsumedCapacity='TOTAL')
    util.assert_consumed_capacity(eventual['ConsumedCapacity'], name, 0.5)


def test_scan_consumed_capacity_indexes_and_none(dynamodb, tiny):
    name, _ = tiny
    indexes = dynamodb.scan(TableName=name, ConsistentRead=True, ReturnConsumedCapacity='INDEXES')
    util.assert_consumed_capacity(indexes['ConsumedCapacity'], name, 1.0, indexes=True)
    assert 'ConsumedCapacity' not in dynamodb.scan(TableName=name, ReturnConsumedCapacity='NONE')
    assert 'ConsumedCapacity' not in dynamodb.scan(TableName=name)


def test_scan_consumed_capacity_of_a_1mb_page(dynamodb, big):
    # About 1 MB read strongly consistent: about 256 units (1 MB / 4 KB).
    name, _ = big
    page = dynamodb.scan(TableName=name, ConsistentRead=True, ReturnConsumedCapacity='TOTAL')
    util.assert_consumed_capacity(page['ConsumedCapacity'], name)
    units = page['ConsumedCapacity']['CapacityUnits']
    assert page['ScannedCount'] * 25 <= units <= page['ScannedCount'] * 26 + 1, units


def test_scan_unknown_return_consumed_capacity(dynamodb_unvalidated, tiny):
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.scan(TableName=tiny[0], ReturnConsumedCapacity='hi')
    assert_client_error(e, 'ValidationException', constraint_re(
        'hi', 'returnConsumedCapacity', 'Member must satisfy enum value set: [INDEXES, TOTAL, NONE]'))
