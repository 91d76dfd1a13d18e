"""Query with the legacy KeyConditions parameter.

Behaviour from the API Reference (Query, Condition) and the Developer Guide
("Query operations in DynamoDB", "Paginating table query results", "Counting
the items in the results", "Read/write capacity unit calculations"):
results are sorted by the sort key (numbers numerically, strings by UTF-8
bytes, binary as unsigned bytes), ScanIndexForward=false reverses the order,
Limit is the number of items evaluated, LastEvaluatedKey holds the primary
key of the last item evaluated, Select=COUNT returns no items.
KeyConditions accepts EQ (the only operator for the partition key) and LE,
LT, GE, GT, BEGINS_WITH (S and B only), BETWEEN for the sort key.

Error texts as observed on DynamoDB by dynalite's test/query.js (recorded
against DynamoDB) and the ErrorFactory of AWS's own DynamoDB Local;
"Either the KeyConditions or KeyConditionExpression ..." is also quoted in
user reports of DynamoDB errors. Messages are compared exactly modulo the
"1 validation error detected: " envelope (util.envelope_re).

Only KeyConditions here: KeyConditionExpression is in test_query_expressions.py.
"""

import re
from decimal import Decimal

import pytest
from botocore.exceptions import ClientError

import query_data as qd
import util
from util import assert_client_error, constraint_re, envelope_re

NOT_FOUND = re.compile(r'^Requested resource not found')
INVALID = 'One or more parameter values were invalid: '


@pytest.fixture(scope='module')
def tables(dynamodb, module_tables):
    """{'N'|'S'|'B': table name}, filled with query_data's partitions."""
    return qd.create_query_tables(module_tables, dynamodb)


def eq(value):
    return {'ComparisonOperator': 'EQ', 'AttributeValueList': [value]}


def cond(op, *values):
    return {'ComparisonOperator': op, 'AttributeValueList': list(values)}


def main_conditions(type_, op=None, args=()):
    conditions = {'pk': eq({'S': qd.MAIN})}
    if op is not None:
        conditions['sk'] = cond(op, *[qd.wire(type_, a) for a in args])
    return conditions


# --------------------------------------------------------------------------
# Results and their order

@pytest.mark.parametrize('forward', [True, False], ids=['forward', 'backward'])
@pytest.mark.parametrize('type_', ['N', 'S', 'B'])
def test_query_whole_partition_in_sort_key_order(dynamodb, tables, type_, forward):
    items = util.all_items(dynamodb.query, TableName=tables[type_], ConsistentRead=True,
                           KeyConditions=main_conditions(type_), ScanIndexForward=forward)
    assert qd.sort_keys(type_, items) == qd.expected(type_, forward=forward)
    assert all(item['pk'] == {'S': qd.MAIN} for item in items)


def test_query_returns_whole_items(dynamodb, tables):
    items = util.all_items(dynamodb.query, TableName=tables['N'], ConsistentRead=True,
                           KeyConditions=main_conditions('N', 'EQ', [Decimal('3.5')]))
    index = qd.NUMBER_KEYS.index(Decimal('3.5'))
    assert len(items) == 1
    got = dict(items[0])
    assert Decimal(got.pop('sk')['N']) == Decimal('3.5')
    expected = qd.main_item('N', index, Decimal('3.5'))
    del expected['sk']
    assert got == expected


@pytest.mark.parametrize('forward', [True, False], ids=['forward', 'backward'])
@pytest.mark.parametrize('type_,op,args', [pytest.param(*c, id=qd.case_id(*c)) for c in qd.all_condition_cases()])
def test_query_sort_key_condition(dynamodb, tables, type_, op, args, forward):
    response = dynamodb.query(TableName=tables[type_], ConsistentRead=True,
                              KeyConditions=main_conditions(type_, op, args), ScanIndexForward=forward)
    want = qd.expected(type_, op, args, forward)
    # Every case returns far less than 1 MB: one page, no LastEvaluatedKey.
    assert 'LastEvaluatedKey' not in response
    assert qd.sort_keys(type_, response['Items']) == want
    assert response['Count'] == len(want)
    assert response['ScannedCount'] == len(want)


def test_query_other_partition_only(dynamodb, tables):
    for type_ in ('N', 'S', 'B'):
        items = util.all_items(dynamodb.query, TableName=tables[type_], ConsistentRead=True,
                               KeyConditions={'pk': eq({'S': qd.OTHER})})
        assert qd.sort_keys(type_, items) == sorted(qd.OTHER_KEYS[type_], key=lambda v: qd.order_key(type_, v))
        assert all(item['payload'] == {'S': 'other'} for item in items)


def test_query_missing_partition_is_empty(dynamodb, tables):
    # dynalite ("should query a hash table when empty"): {Count: 0, ScannedCount: 0, Items: []}.
    response = dynamodb.query(TableName=tables['S'], KeyConditions={'pk': eq({'S': util.random_string(20)})})
    assert response['Items'] == []
    assert response['Count'] == 0
    assert response['ScannedCount'] == 0
    assert 'LastEvaluatedKey' not in response


def test_query_equal_on_both_keys(dynamodb, tables):
    response = dynamodb.query(TableName=tables['S'], ConsistentRead=True,
                              KeyConditions={'pk': eq({'S': qd.MAIN}), 'sk': eq({'S': 'ÿÿ'})})
    assert [item['sk'] for item in response['Items']] == [{'S': 'ÿÿ'}]


def test_query_hash_only_table(dynamodb, hash_table, random_key):
    item = {'pk': {'S': random_key}, 'v': {'S': 'hello'}}
    dynamodb.put_item(TableName=hash_table, Item=item)
    response = dynamodb.query(TableName=hash_table, ConsistentRead=True, KeyConditions={'pk': eq(item['pk'])})
    assert response['Items'] == [item]
    assert response['Count'] == 1


# --------------------------------------------------------------------------
# Pagination

def _collect_pages(dynamodb, limit, **request):
    """All pages of a Query with Limit; checks each page's shape."""
    pages = []
    for page in util.pages(dynamodb.query, max_pages=400, Limit=limit, **request):
        assert len(page['Items']) <= limit
        assert page['Count'] == len(page['Items'])
        assert page['ScannedCount'] == len(page['Items'])
        if 'LastEvaluatedKey' in page:
            # A page that stops early ends at the Limit, and its key is the
            # primary key of the last item evaluated - nothing else.
            assert len(page['Items']) == limit
            last = page['Items'][-1]
            assert page['LastEvaluatedKey'] == {'pk': last['pk'], 'sk': last['sk']}
        pages.append(page)
    # Only the last page may be empty (when the one before ended exactly at Limit).
    assert all(page['Items'] for page in pages[:-1])
    return pages


@pytest.mark.parametrize('limit', [1, 7, 50, 100])
@pytest.mark.parametrize('forward', [True, False], ids=['forward', 'backward'])
def test_query_pagination_with_limit(dynamodb, tables, limit, forward):
    pages = _collect_pages(dynamodb, limit, TableName=tables['N'], ConsistentRead=True,
                           KeyConditions=main_conditions('N'), ScanIndexForward=forward)
    items = [item for page in pages for item in page['Items']]
    assert qd.sort_keys('N', items) == qd.expected('N', forward=forward)
    assert len(pages) >= len(qd.NUMBER_KEYS) // limit


@pytest.mark.parametrize('type_,op,args', [
    ('S', 'BEGINS_WITH', ['pre']),
    ('S', 'GT', ['a']),
    ('B', 'LE', [b'\x80']),
    ('N', 'BETWEEN', [Decimal(-50), Decimal('1E+20')]),
])
@pytest.mark.parametrize('forward', [True, False], ids=['forward', 'backward'])
def test_query_pagination_with_condition(dynamodb, tables, type_, op, args, forward):
    pages = _collect_pages(dynamodb, 3, TableName=tables[type_], ConsistentRead=True,
                           KeyConditions=main_conditions(type_, op, args), ScanIndexForward=forward)
    items = [item for page in pages for item in page['Items']]
    assert qd.sort_keys(type_, items) == qd.expected(type_, op, args, forward)


def test_query_limit_exactly_the_matching_items(dynamodb, tables):
    # dynalite ("should not return LastEvaluatedKey if Limit is large", recorded
    # against DynamoDB): reaching Limit returns a LastEvaluatedKey even when
    # nothing is left; the next page is then empty and has none.
    conditions = main_conditions('S', 'BEGINS_WITH', ['prefix'])
    first = dynamodb.query(TableName=tables['S'], KeyConditions=conditions, Limit=4, ConsistentRead=True)
    assert [i['sk']['S'] for i in first['Items']] == ['prefix', 'prefix-1', 'prefix-10', 'prefix-2']
    assert first['LastEvaluatedKey'] == {'pk': {'S': qd.MAIN}, 'sk': {'S': 'prefix-2'}}
    second = dynamodb.query(TableName=tables['S'], KeyConditions=conditions, Limit=4, ConsistentRead=True,
                            ExclusiveStartKey=first['LastEvaluatedKey'])
    assert second['Items'] == []
    assert second['Count'] == 0
    assert 'LastEvaluatedKey' not in second
    # One more than the matching items: everything, no key.
    whole = dynamodb.query(TableName=tables['S'], KeyConditions=conditions, Limit=5, ConsistentRead=True)
    assert whole['Count'] == 4
    assert 'LastEvaluatedKey' not in whole


def test_query_limit_counts(dynamodb, tables):
    response = dynamodb.query(TableName=tables['N'], KeyConditions=main_conditions('N'), Limit=5)
    assert response['Count'] == 5
    assert response['ScannedCount'] == 5
    assert len(response['Items']) == 5
    assert qd.sort_keys('N', response['Items']) == qd.NUMBER_KEYS[:5]
    assert response['LastEvaluatedKey'] == {'pk': {'S': qd.MAIN}, 'sk': response['Items'][-1]['sk']}


def test_query_exclusive_start_key_is_exclusive(dynamodb, tables):
    start = {'pk': {'S': qd.MAIN}, 'sk': {'N': '0'}}
    forward = dynamodb.query(TableName=tables['N'], KeyConditions=main_conditions('N'), Limit=3,
                             ExclusiveStartKey=start, ConsistentRead=True)
    assert qd.sort_keys('N', forward['Items']) == [Decimal('1E-130'), Decimal('0.001'), Decimal('0.1')]
    backward = dynamodb.query(TableName=tables['N'], KeyConditions=main_conditions('N'), Limit=3,
                              ExclusiveStartKey=start, ConsistentRead=True, ScanIndexForward=False)
    assert qd.sort_keys('N', backward['Items']) == [Decimal('-1E-130'), Decimal('-0.001'), Decimal('-0.1')]


def test_query_exclusive_start_key_need_not_exist(dynamodb, tables):
    # ExclusiveStartKey is a position, not an item: 7.25 is not stored.
    response = dynamodb.query(TableName=tables['N'], KeyConditions=main_conditions('N'), Limit=2,
                              ExclusiveStartKey={'pk': {'S': qd.MAIN}, 'sk': {'N': '7.25'}})
    assert qd.sort_keys('N', response['Items']) == [Decimal('7.5'), Decimal(8)]


def test_query_exclusive_start_key_from_other_partition(dynamodb_unvalidated, tables):
    # dynalite ("ExclusiveStartKey with out-of-bounds hash key") and DynamoDB
    # Local's ErrorFactory (START_KEY_OUT_OF_BOUNDS).
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'], KeyConditions=main_conditions('N'),
                                   ExclusiveStartKey={'pk': {'S': qd.OTHER}, 'sk': {'N': '1'}})
    assert_client_error(e, 'ValidationException', envelope_re(
        'The provided starting key is outside query boundaries based on provided conditions'))


def test_query_exclusive_start_key_outside_range_condition(dynamodb_unvalidated, tables):
    # dynalite ("ExclusiveStartKey with non-matching range key"): a start key
    # in the partition but not satisfying the sort key condition.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'],
                                   KeyConditions=main_conditions('N', 'GT', [Decimal(5)]),
                                   ExclusiveStartKey={'pk': {'S': qd.MAIN}, 'sk': {'N': '3'}})
    assert_client_error(e, 'ValidationException', envelope_re(
        'The provided starting key does not match the range key predicate'))


@pytest.mark.parametrize('start', [
    pytest.param({'pk': {'S': qd.MAIN}}, id='missing-sort-key'),
    pytest.param({'sk': {'N': '1'}}, id='missing-partition-key'),
    pytest.param({'pk': {'S': qd.MAIN}, 'sk': {'N': '1'}, 'idx': {'N': '1'}}, id='extra-attribute'),
    pytest.param({'bad': {'S': 'p'}}, id='other-attribute'),
])
def test_query_exclusive_start_key_not_matching_schema(dynamodb_unvalidated, tables, start):
    # dynalite ("range in ExclusiveStartKey is invalid") and a TypeScript suite
    # pinned against DynamoDB ("malformed ExclusiveStartKey: short
    # invalid-starting-key error"): Query answers the short form, unlike Scan.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'], KeyConditions=main_conditions('N'), ExclusiveStartKey=start)
    assert_client_error(e, 'ValidationException', envelope_re('The provided starting key is invalid'))


# --------------------------------------------------------------------------
# Select, AttributesToGet, ConsistentRead, ConsumedCapacity

def test_query_select_count(dynamodb, tables):
    response = dynamodb.query(TableName=tables['S'], KeyConditions=main_conditions('S', 'BEGINS_WITH', ['pre']),
                              Select='COUNT', ConsistentRead=True)
    assert 'Items' not in response
    assert response['Count'] == len(qd.expected('S', 'BEGINS_WITH', ['pre']))
    assert response['ScannedCount'] == response['Count']


def test_query_select_count_with_limit(dynamodb, tables):
    # dynalite ("should return LastEvaluatedKey even if selecting Count").
    response = dynamodb.query(TableName=tables['N'], KeyConditions=main_conditions('N'), Select='COUNT', Limit=10)
    assert 'Items' not in response
    assert response['Count'] == 10
    key = response['LastEvaluatedKey']
    assert set(key) == {'pk', 'sk'}
    assert key['pk'] == {'S': qd.MAIN}
    assert Decimal(key['sk']['N']) == qd.NUMBER_KEYS[9]


def test_query_attributes_to_get(dynamodb, tables):
    conditions = main_conditions('S', 'BEGINS_WITH', ['prefix'])
    for wanted in (['payload'], ['sk', 'payload'], ['pk', 'sk'], ['nonexistent']):
        response = dynamodb.query(TableName=tables['S'], KeyConditions=conditions, AttributesToGet=wanted,
                                  ConsistentRead=True)
        # Items without any of the attributes still come back, as empty maps.
        assert len(response['Items']) == 4
        for item in response['Items']:
            assert set(item) == {'payload', 'sk', 'pk'} & set(wanted)
        if 'sk' in wanted:
            assert [i['sk']['S'] for i in response['Items']] == ['prefix', 'prefix-1', 'prefix-10', 'prefix-2']


def test_query_select_specific_attributes(dynamodb, tables):
    response = dynamodb.query(TableName=tables['S'], KeyConditions=main_conditions('S', 'EQ', ['prefix']),
                              Select='SPECIFIC_ATTRIBUTES', AttributesToGet=['payload'], ConsistentRead=True)
    index = qd.STRING_KEYS.index('prefix')
    assert response['Items'] == [{'payload': {'S': f'v{index}'}}]


# KeyConditions with the expression parameters that are not its own
# counterpart: DynamoDB's mixing rule covers QueryFilter, ScanFilter,
# AttributesToGet, Expected, AttributeUpdates and ConditionalOperator
# (API Reference, "Legacy conditional parameters"), not KeyConditions, which
# clashes only with KeyConditionExpression (test_query_expressions.py).

def test_query_key_conditions_with_filter_expression(dynamodb, tables):
    response = dynamodb.query(TableName=tables['S'], KeyConditions=main_conditions('S', 'BEGINS_WITH', ['prefix']),
                              FilterExpression='parity = :p', ExpressionAttributeValues={':p': {'S': 'even'}},
                              ConsistentRead=True)
    assert response['ScannedCount'] == 4
    assert response['Items'] and all(item['parity'] == {'S': 'even'} for item in response['Items'])
    assert response['Count'] == len(response['Items']) < 4


def test_query_key_conditions_with_projection_expression(dynamodb, tables):
    response = dynamodb.query(TableName=tables['S'], KeyConditions=main_conditions('S', 'EQ', ['prefix']),
                              ProjectionExpression='#p', ExpressionAttributeNames={'#p': 'payload'},
                              ConsistentRead=True)
    index = qd.STRING_KEYS.index('prefix')
    assert response['Items'] == [{'payload': {'S': f'v{index}'}}]


def test_query_key_conditions_filter_expression_names_key(dynamodb_unvalidated, tables):
    # The filter still may not name a key attribute.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['S'], KeyConditions=main_conditions('S'),
                                   FilterExpression='sk = :s', ExpressionAttributeValues={':s': {'S': 'x'}})
    assert_client_error(e, 'ValidationException', envelope_re(
        'Filter Expression can only contain non-primary key attributes: Primary key attribute: sk'))


def test_query_key_conditions_filter_expression_and_query_filter(dynamodb_unvalidated, tables):
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['S'], KeyConditions=main_conditions('S'),
                                   FilterExpression='parity = :p', ExpressionAttributeValues={':p': {'S': 'even'}},
                                   QueryFilter={'payload': cond('NOT_NULL')})
    assert_client_error(e, 'ValidationException', envelope_re(
        'Can not use both expression and non-expression parameters in the same request: '
        'Non-expression parameters: {QueryFilter} Expression parameters: {FilterExpression}'))


@pytest.mark.parametrize('select,attributes,message', [
    # AWS's DynamoDB Local (PaginatingFunction.validateSelect); a Ruby client's
    # comment quotes AWS::DynamoDB::Errors::ValidationException with the first.
    ('ALL_PROJECTED_ATTRIBUTES', None, 'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName'),
    ('SPECIFIC_ATTRIBUTES', None,
     'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES'),
    ('ALL_ATTRIBUTES', ['payload'], 'Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES'),
    ('COUNT', ['payload'], 'Cannot specify the AttributesToGet when choosing to get only the Count'),
])
def test_query_select_validation(dynamodb_unvalidated, tables, select, attributes, message):
    request = dict(TableName=tables['S'], KeyConditions=main_conditions('S'), Select=select)
    if attributes is not None:
        request['AttributesToGet'] = attributes
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(**request)
    assert_client_error(e, 'ValidationException', envelope_re(message))


def test_query_consistent_read_both_ways(dynamodb, tables):
    for consistent in (True, False):
        items = util.all_items(dynamodb.query, TableName=tables['B'], KeyConditions=main_conditions('B'),
                               ConsistentRead=consistent)
        assert qd.sort_keys('B', items) == qd.BINARY_KEYS


def test_query_consumed_capacity_total(dynamodb, tables):
    # "Read/write capacity unit calculations": a Query's items are summed and
    # rounded up to 4 KB; one strongly consistent unit, half a unit eventually
    # consistent. TOTAL is {TableName, CapacityUnits} without a breakdown.
    conditions = {'pk': eq({'S': qd.TINY})}
    strong = dynamodb.query(TableName=tables['N'], KeyConditions=conditions, ConsistentRead=True,
                            ReturnConsumedCapacity='TOTAL')
    assert strong['Count'] == 3
    util.assert_consumed_capacity(strong['ConsumedCapacity'], tables['N'], 1.0)
    eventual = dynamodb.query(TableName=tables['N'], KeyConditions=conditions, ConsistentRead=False,
                              ReturnConsumedCapacity='TOTAL')
    util.assert_consumed_capacity(eventual['ConsumedCapacity'], tables['N'], 0.5)


def test_query_consumed_capacity_indexes_and_none(dynamodb, tables):
    conditions = {'pk': eq({'S': qd.TINY})}
    indexes = dynamodb.query(TableName=tables['N'], KeyConditions=conditions, ConsistentRead=True,
                             ReturnConsumedCapacity='INDEXES')
    util.assert_consumed_capacity(indexes['ConsumedCapacity'], tables['N'], 1.0, indexes=True)
    for value in ('NONE', None):
        request = dict(TableName=tables['N'], KeyConditions=conditions)
        if value:
            request['ReturnConsumedCapacity'] = value
        assert 'ConsumedCapacity' not in dynamodb.query(**request)


# --------------------------------------------------------------------------
# Validation

@pytest.mark.parametrize('conditions,message', [
    # dynalite (query.js "missing range element" and friends, recorded against DynamoDB).
    pytest.param({'sk': eq({'N': '1'})}, 'Query condition missed key schema element: pk', id='only-sort-key'),
    pytest.param({'idx': eq({'N': '1'})}, 'Query condition missed key schema element: pk', id='only-non-key'),
    pytest.param({'pk': eq({'S': 'x'}), 'idx': eq({'N': '1'})},
                 'Query condition missed key schema element: sk', id='partition-and-non-key'),
    # Three conditions on a two-attribute key: dynalite's DynamoDB said
    # "Conditions can be of length 1 or 2 only"; a KeyConditionExpression now
    # gets "The number of query conditions (3) exceeds the number of key
    # attributes defined in the schema (2)" (paritysuite/dynamodb-conformance
    # queryKeyConditionOperands.test.ts, eu-west-2, October 2026), which we
    # answer for KeyConditions too. No capture shows which the legacy
    # parameter gets today, so either is accepted.
    pytest.param({'pk': eq({'S': 'x'}), 'sk': eq({'N': '1'}), 'idx': eq({'N': '1'})},
                 re.compile(r'^(?:1 validation error detected: )?(?:Conditions can be of length 1 or 2 only|'
                            r'The number of query conditions \(3\) exceeds the number of key attributes defined in '
                            r'the schema \(2\))$'), id='three-conditions'),
    pytest.param({}, 'Conditions can be of length 1 or 2 only', id='no-conditions'),
])
def test_query_conditions_must_name_the_key(dynamodb_unvalidated, tables, conditions, message):
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'], KeyConditions=conditions)
    assert_client_error(e, 'ValidationException', message if isinstance(message, re.Pattern) else envelope_re(message))


def test_query_non_key_condition_on_hash_only_table(dynamodb_unvalidated, hash_table):
    # dynalite: two conditions on a table with a partition key only.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=hash_table, KeyConditions={'pk': eq({'S': 'x'}), 'other': eq({'S': 'y'})})
    assert_client_error(e, 'ValidationException', envelope_re('Query key condition not supported'))


@pytest.mark.parametrize('condition', [
    pytest.param(cond('LT', {'S': 'x'}), id='LT'),
    pytest.param(cond('LE', {'S': 'x'}), id='LE'),
    pytest.param(cond('GT', {'S': 'x'}), id='GT'),
    pytest.param(cond('GE', {'S': 'x'}), id='GE'),
    pytest.param(cond('BEGINS_WITH', {'S': 'x'}), id='BEGINS_WITH'),
    pytest.param(cond('BETWEEN', {'S': 'a'}, {'S': 'x'}), id='BETWEEN'),
])
def test_query_partition_key_needs_eq(dynamodb_unvalidated, tables, condition):
    # dynalite ("querying with unsupported conditions"); DynamoDB Local's
    # UNSUPPORTED_QUERY_KEY_CONDITION_SEQUENCE.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'], KeyConditions={'pk': condition})
    assert_client_error(e, 'ValidationException', envelope_re('Query key condition not supported'))


@pytest.mark.parametrize('condition', [
    pytest.param(cond('NE', {'N': '1'}), id='NE'),
    pytest.param(cond('IN', {'N': '1'}), id='IN'),
    pytest.param(cond('IN', {'N': '1'}, {'N': '2'}), id='IN-two'),
    pytest.param(cond('NULL'), id='NULL'),
    pytest.param(cond('NOT_NULL'), id='NOT_NULL'),
    pytest.param(cond('CONTAINS', {'N': '1'}), id='CONTAINS'),
    pytest.param(cond('NOT_CONTAINS', {'N': '1'}), id='NOT_CONTAINS'),
])
def test_query_sort_key_operator_not_indexable(dynamodb_unvalidated, tables, condition):
    # dynalite ("unsupported comparison on range"); DynamoDB Local's NON_INDEXABLE_CONDITION.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'], KeyConditions={'pk': eq({'S': 'x'}), 'sk': condition})
    assert_client_error(e, 'ValidationException',
                        envelope_re('Attempted conditional constraint is not an indexable operation'))


def test_query_partition_key_ne(dynamodb_unvalidated, tables):
    # dynalite ("querying with non-indexable operations") on the partition key.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'], KeyConditions={'pk': cond('NE', {'S': 'x'})})
    assert_client_error(e, 'ValidationException',
                        envelope_re('Attempted conditional constraint is not an indexable operation'))


@pytest.mark.parametrize('key,condition,op', [
    pytest.param('pk', cond('EQ'), 'EQ', id='EQ-none'),
    pytest.param('pk', cond('EQ', {'S': 'a'}, {'S': 'b'}), 'EQ', id='EQ-two'),
    pytest.param('sk', cond('LT'), 'LT', id='LT-none'),
    pytest.param('sk', cond('GE', {'N': '1'}, {'N': '2'}), 'GE', id='GE-two'),
    pytest.param('sk', cond('BETWEEN', {'N': '1'}), 'BETWEEN', id='BETWEEN-one'),
    pytest.param('sk', cond('BETWEEN', {'N': '1'}, {'N': '2'}, {'N': '3'}), 'BETWEEN', id='BETWEEN-three'),
    pytest.param('sk', cond('EQ', {'N': '1'}, {'N': '2'}), 'EQ', id='sort-EQ-two'),
])
def test_query_wrong_number_of_operands(dynamodb_unvalidated, tables, key, condition, op):
    # dynalite ("incorrect number of KeyConditions arguments"), checked before the table is read.
    conditions = {'pk': eq({'S': 'x'})}
    conditions[key] = condition
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'], KeyConditions=conditions)
    assert_client_error(e, 'ValidationException',
                        envelope_re(f'{INVALID}Invalid number of argument(s) for the {op} ComparisonOperator'))


def test_query_begins_with_wrong_operand_count(dynamodb_unvalidated, tables):
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['S'], KeyConditions={
            'pk': eq({'S': 'x'}), 'sk': cond('BEGINS_WITH', {'S': 'a'}, {'S': 'b'})})
    assert_client_error(e, 'ValidationException',
                        envelope_re(f'{INVALID}Invalid number of argument(s) for the BEGINS_WITH ComparisonOperator'))


@pytest.mark.parametrize('type_,conditions', [
    pytest.param('N', {'pk': eq({'N': '1'})}, id='partition-N-for-S'),
    pytest.param('N', {'pk': eq({'B': b'x'})}, id='partition-B-for-S'),
    pytest.param('N', {'pk': eq({'S': 'x'}), 'sk': eq({'S': '1'})}, id='sort-S-for-N'),
    pytest.param('S', {'pk': eq({'S': 'x'}), 'sk': cond('GT', {'N': '1'})}, id='sort-N-for-S'),
    pytest.param('B', {'pk': eq({'S': 'x'}), 'sk': cond('LT', {'S': 'a'})}, id='sort-S-for-B'),
    pytest.param('S', {'pk': eq({'S': 'x'}), 'sk': cond('BEGINS_WITH', {'B': b'a'})}, id='sort-B-prefix-for-S'),
])
def test_query_operand_type_must_match_schema(dynamodb_unvalidated, tables, type_, conditions):
    # dynalite (actions/query.js, "mismatching param type"); DynamoDB Local's wording.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables[type_], KeyConditions=conditions)
    assert_client_error(e, 'ValidationException',
                        envelope_re(f'{INVALID}Condition parameter type does not match schema type'))


def test_query_operands_of_different_types(dynamodb_unvalidated, tables):
    # dynalite ("AttributeValueList has different types", recorded against
    # DynamoDB): checked on the request, before the schema.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'], KeyConditions={
            'pk': eq({'S': 'x'}), 'sk': cond('BETWEEN', {'N': '1'}, {'S': '2'})})
    assert_client_error(e, 'ValidationException', envelope_re(
        f'{INVALID}AttributeValues inside AttributeValueList must be of same type'))


def test_query_begins_with_on_number_sort_key(dynamodb_unvalidated, tables):
    # dynalite ("invalid BEGINS_WITH ComparisonOperator types"): BEGINS_WITH
    # takes S or B only, checked before the schema.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'], KeyConditions={
            'pk': eq({'S': qd.MAIN}), 'sk': cond('BEGINS_WITH', {'N': '1'})})
    assert_client_error(e, 'ValidationException',
                        envelope_re(f'{INVALID}ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type'))


@pytest.mark.parametrize('type_,low,high', [
    ('N', {'N': '5'}, {'N': '1'}),
    ('S', {'S': 'b'}, {'S': 'a'}),
    ('B', {'B': b'\x80'}, {'B': b'\x7f'}),
])
def test_query_between_bounds_reversed(dynamodb_unvalidated, tables, type_, low, high):
    # dynalite ("BETWEEN arguments are in the incorrect order"); DynamoDB Local's
    # LBOUND_OF_BETWEEN_BIGGER_THAN_UBOUND.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables[type_], KeyConditions={
            'pk': eq({'S': qd.MAIN}), 'sk': cond('BETWEEN', low, high)})
    assert_client_error(e, 'ValidationException', envelope_re(
        'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound'))


def test_query_unknown_comparison_operator(dynamodb_unvalidated, tables):
    # dynalite: the enum constraint on keyConditions.<name>.member.comparisonOperator.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'], KeyConditions={'pk': cond('eq', {'S': 'x'})})
    assert_client_error(e, 'ValidationException', re.compile(
        r"^1 validation error detected: Value (?:'eq' )?at '[kK]eyConditions\.pk\.member\.[cC]omparisonOperator' "
        r"failed to satisfy constraint: Member must satisfy enum value set: \[.*\]$"))


def test_query_without_key_conditions(dynamodb_unvalidated, tables):
    # DynamoDB Local's MISSING_KEY_CONDITIONS_AND_EXPRESSION, dynalite's
    # validations/query.js, and user reports of the DynamoDB error.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'])
    assert_client_error(e, 'ValidationException', envelope_re(
        'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.'))


def test_query_limit_zero(dynamodb_unvalidated, tables):
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'], KeyConditions=main_conditions('N'), Limit=0)
    assert_client_error(e, 'ValidationException',
                        constraint_re(0, 'limit', 'Member must have value greater than or equal to 1'))
    # Query's Limit is in the validation framework's newer form: no value,
    # "Limit" capitalised (nubo-db/dynamodb-conformance tests/tier3/
    # error-messages/query.test.ts, exact, and paritysuite/
    # dynamodb-conformance validation-ordering/query.test.ts, "DynamoDB uses
    # capital-L 'Limit'", both run against DynamoDB). Scan's is still the
    # older form in most regions (test_scan.py).
    assert e.value.response['Error']['Message'] == (
        "1 validation error detected: Value at 'Limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1")


def test_query_unknown_index(dynamodb_unvalidated, tables):
    # dynalite ("non-existent index name").
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.query(TableName=tables['N'], IndexName='whatever', KeyConditions=main_conditions('N'))
    assert_client_error(e, 'ValidationException', envelope_re('The table does not have the specified index: whatever'))


def test_query_unknown_table(dynamodb):
    with pytest.raises(ClientError) as e:
        dynamodb.query(TableName=util.unique_table_name('missing'), KeyConditions={'pk': eq({'S': 'x'})})
    assert_client_error(e, 'ResourceNotFoundException', NOT_FOUND)
