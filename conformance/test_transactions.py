"""TransactWriteItems and TransactGetItems.

Behaviour from the API Reference (TransactWriteItems, TransactGetItems,
TransactionCanceledException, CancellationReason, ItemResponse) and the
Developer Guide ("Amazon DynamoDB Transactions: How it works", "Capacity
management for transactions", "Isolation levels for DynamoDB
transactions"):
- TransactWriteItems "groups up to 100 action requests" (Put, Update,
  Delete, ConditionCheck) over one or more tables; "the actions are
  completed atomically so that either all of them succeed, or all of them
  fail"; "no two actions can target the same item";
- a transaction that cannot commit fails with TransactionCanceledException,
  whose CancellationReasons (API Reference, CancellationReason) "are ordered
  according to the ordering of the TransactWriteItems request parameter",
  with "a Null code and Null message" for an action that had no error
  (observed: Code "None" and no Message); ConditionalCheckFailed carries
  "The conditional request failed", and
  ReturnValuesOnConditionCheckFailure=ALL_OLD adds the item as it is;
- TransactGetItems reads up to 100 items; Responses is "an ordered array of
  up to 100 ItemResponse objects, each of which corresponds to the
  TransactGetItem object in the same position";
- ClientRequestToken "makes the call to TransactWriteItems idempotent": "a
  client request token is valid for 10 minutes after the first request that
  uses it is completed", and "if you submit a request with the same client
  token but a change in other parameters within the 10-minute idempotency
  window, DynamoDB returns an IdempotentParameterMismatch exception";
- capacity: a transactional write costs 2 write units per item per KB, a
  transactional read 2 read units per item per 4 KB, each item's size
  rounded up first (Developer Guide, "Capacity management for transactions"
  and "Read/write capacity unit calculations");
- isolation: serializable "between a TransactWriteItems operation and a
  TransactGetItems operation", so a read never sees part of a transaction.

Error texts and the order in which DynamoDB checks things were captured
from DynamoDB in us-east-1 in 2026 (quoted as "observed" below), and agree
with paritysuite/dynamodb-conformance's tests/tier3/error-messages/
transact*.test.ts and tests/tier3/validation-ordering/transactions.test.ts
(recorded against DynamoDB in us-east-1 and eu-west-2, 2026): member
constraints first, every failing member in one "N validation errors
detected: a; b" message; then each action's expressions, in request order;
then tables, duplicate targets and the empty-key rule as top-level
exceptions; and last the per-item checks (conditions, key types, item
sizes), which cancel the transaction with one reason per action.

botocore fills in a random ClientRequestToken when none is given, so every
call below is its own request unless a test passes a token.
"""

import json
import random
import re
import threading
import time

import pytest
from botocore.exceptions import ClientError

import util
from util import assert_client_error, constraint_re, S, N, rnd
# The AWS CLI fixture (a configured `aws dynamodb ...` runner) and its
# availability, shared with the CLI's own tests.
from test_cli import AWS, aws  # noqa: F401

pytestmark = pytest.mark.expressions

CANCELLED = 'Transaction cancelled, please refer cancellation reasons for specific reasons [{}]'
CONDITIONAL_FAILED = 'The conditional request failed'
NOT_FOUND = 'Requested resource not found'
MULTIPLE_OPERATIONS = 'Transaction request cannot include multiple operations on one item'
KEY_NOT_MATCHING = 'The provided key element does not match the schema'
MISSING_OPERAND = 'The provided expression refers to an attribute that does not exist in the item'
EMPTY_KEY = ('One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain '
             'an empty {} value. Key: pk')
SYNTAX_ERROR = 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("'
UNUSED_VALUE = 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}'
RCC_ENUM = ("Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: "
            "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")
RICM_ENUM = ("Value 'BOGUS2' at 'returnItemCollectionMetrics' failed to satisfy constraint: "
             "Member must satisfy enum value set: [SIZE, NONE]")
TOO_MANY_ACTIONS = re.compile(
    r"^1 validation error detected: (?:Value '\[.+\]' at 'transactItems'|Value at 'TransactItems') "
    r"failed to satisfy constraint: Member must have length less than or equal to 100$", re.S)
NO_ACTIONS = constraint_re('[]', 'transactItems', 'Member must have length greater than or equal to 1')
LONG_TOKEN = 'x' * 37
TOKEN_TOO_LONG = constraint_re(LONG_TOKEN, 'clientRequestToken', 'Member must have length less than or equal to 36')
KB = 1024


def _key(pk):
    return {'pk': S(pk)}


def _key_of(item):
    return {k: v for k, v in item.items() if k in ('pk', 'sk')}


def _get(client, table, key):
    return client.get_item(TableName=table, Key=key, ConsistentRead=True).get('Item')


def _put(table, item, **extra):
    return {'Put': {'TableName': table, 'Item': item, **extra}}


def _update(table, key, expression, values=None, **extra):
    action = {'TableName': table, 'Key': key, 'UpdateExpression': expression, **extra}
    if values:
        action['ExpressionAttributeValues'] = values
    return {'Update': action}


def _delete(table, key, **extra):
    return {'Delete': {'TableName': table, 'Key': key, **extra}}


def _check(table, key, condition, values=None, **extra):
    action = {'TableName': table, 'Key': key, 'ConditionExpression': condition, **extra}
    if values:
        action['ExpressionAttributeValues'] = values
    return {'ConditionCheck': action}


def _add_one(table, key):
    return _update(table, key, 'ADD n :one', {':one': N(1)})


def _reasons(exc_info, codes):
    """Check a TransactionCanceledException whose reasons have `codes`, in
    action order, and return its CancellationReasons (boto3 puts them next to
    Error in the response)."""
    assert_client_error(exc_info, 'TransactionCanceledException', CANCELLED.format(', '.join(codes)))
    reasons = exc_info.value.response.get('CancellationReasons')
    assert isinstance(reasons, list), exc_info.value.response
    assert [r.get('Code') for r in reasons] == codes, reasons
    return reasons


def _none():
    return {'Code': 'None'}


def _failed(item=None):
    reason = {'Code': 'ConditionalCheckFailed', 'Message': CONDITIONAL_FAILED}
    if item is not None:
        reason['Item'] = item
    return reason


def _invalid(message):
    return {'Code': 'ValidationError', 'Message': message}


def _missing_table():
    return util.unique_table_name('txn-missing')


def _assert_absent(client, table, *keys):
    for key in keys:
        assert _get(client, table, key) is None, f'{key} was written by a rejected transaction'


@pytest.fixture(scope='module')
def tables(module_tables):
    """'hash' and 'hash2' (pk S), 'range' (pk S, sk N), 'binary' (pk B)."""
    hash_name, _ = module_tables.create(name=module_tables.name('txn-hash'))
    hash2_name, _ = module_tables.create(name=module_tables.name('txn-hash2'))
    range_name, _ = module_tables.create(
        name=module_tables.name('txn-range'),
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'sk', 'AttributeType': 'N'}])
    binary_name, _ = module_tables.create(name=module_tables.name('txn-binary'), **util.hash_key_schema('pk', 'B'))
    return {'hash': hash_name, 'hash2': hash2_name, 'range': range_name, 'binary': binary_name}


@pytest.fixture(scope='module')
def gsi_table(module_tables):
    """pk S with a GSI 'by-g' on g (S), projection ALL."""
    name, _ = module_tables.create(
        name=module_tables.name('txn-gsi'),
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'g', 'AttributeType': 'S'}],
        GlobalSecondaryIndexes=[{'IndexName': 'by-g', 'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'}],
                                 'Projection': {'ProjectionType': 'ALL'}}])
    return name


@pytest.fixture(scope='module')
def lsi_table(module_tables):
    """pk S, sk N with an LSI 'by-l' on l (N): its items form item collections."""
    name, _ = module_tables.create(
        name=module_tables.name('txn-lsi'),
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'sk', 'AttributeType': 'N'},
                              {'AttributeName': 'l', 'AttributeType': 'N'}],
        LocalSecondaryIndexes=[{'IndexName': 'by-l',
                                'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'},
                                              {'AttributeName': 'l', 'KeyType': 'RANGE'}],
                                'Projection': {'ProjectionType': 'ALL'}}])
    return name


@pytest.fixture(scope='session')
def index_lag(external_endpoint):
    """Seconds a GSI read may lag behind a write: GSIs are eventually
    consistent in DynamoDB ("within a fraction of a second, under normal
    conditions", Developer Guide)."""
    return 30 if external_endpoint else 5


def _assert_equal(got, want):
    assert got == want


# --------------------------------------------------------------------------
# TransactWriteItems: what gets written

def test_write_put_update_delete_check_across_two_tables(dynamodb, tables):
    updated = {'pk': S(rnd()), 'n': N(1), 'stale': S('x'), 'version': N(3)}
    doomed = {'pk': S(rnd()), 'v': S('bye')}
    guard = {'pk': S(rnd()), 'sk': N(7), 'state': S('open')}
    dynamodb.put_item(TableName=tables['hash'], Item=updated)
    dynamodb.put_item(TableName=tables['hash'], Item=doomed)
    dynamodb.put_item(TableName=tables['range'], Item=guard)
    new = {'pk': S(rnd()), 'sk': N('1.50'), 'doc': {'M': {'list': {'L': [S('a'), N(2)]}, 'ok': {'BOOL': True}}},
           'tags': {'SS': ['x']}}
    response = dynamodb.transact_write_items(TransactItems=[
        _put(tables['range'], new, ConditionExpression='attribute_not_exists(pk)'),
        _update(tables['hash'], _key_of(updated), 'SET s = :s ADD n :two REMOVE stale',
                {':s': S('set'), ':two': N(2), ':v': N(3)}, ConditionExpression='version = :v'),
        _delete(tables['hash'], _key_of(doomed), ConditionExpression='attribute_exists(v)'),
        _check(tables['range'], _key_of(guard), '#s = :open', {':open': S('open')},
               ExpressionAttributeNames={'#s': 'state'}),
    ])
    # API Reference (TransactWriteItems): ConsumedCapacity and
    # ItemCollectionMetrics only when asked for; observed: the body is {}.
    assert set(response) - {'ResponseMetadata'} == set()
    assert _get(dynamodb, tables['range'], {'pk': new['pk'], 'sk': N('1.5')}) == dict(new, sk=N('1.5'))
    assert _get(dynamodb, tables['hash'], _key_of(updated)) == {'pk': updated['pk'], 'n': N(3), 's': S('set'),
                                                                 'version': N(3)}
    assert _get(dynamodb, tables['hash'], _key_of(doomed)) is None
    # A ConditionCheck reads the item and changes nothing.
    assert _get(dynamodb, tables['range'], _key_of(guard)) == guard


def test_write_update_creates_and_delete_of_absent_item_succeeds(dynamodb, tables):
    # As UpdateItem and DeleteItem (API Reference): an Update of a missing
    # item creates it; a Delete of a missing item is not an error.
    created, absent = _key(rnd()), _key(rnd())
    dynamodb.transact_write_items(TransactItems=[_add_one(tables['hash'], created), _delete(tables['hash'], absent)])
    assert _get(dynamodb, tables['hash'], created) == {**created, 'n': N(1)}
    assert _get(dynamodb, tables['hash'], absent) is None


def test_write_same_key_in_two_tables_is_two_items(dynamodb, tables):
    # "No two actions can target the same item": an item is a table and a key.
    key = _key(rnd())
    dynamodb.transact_write_items(TransactItems=[_put(tables['hash'], {**key, 'a': S('one')}),
                                                 _put(tables['hash2'], {**key, 'b': S('two')})])
    assert _get(dynamodb, tables['hash'], key) == {**key, 'a': S('one')}
    assert _get(dynamodb, tables['hash2'], key) == {**key, 'b': S('two')}


# --------------------------------------------------------------------------
# TransactWriteItems: cancellation

def test_write_failed_condition_cancels_every_action(dynamodb, tables):
    updated = {'pk': S(rnd()), 'n': N(1)}
    doomed = {'pk': S(rnd()), 'sk': N(1)}
    guard = {'pk': S(rnd()), 'state': S('closed')}
    dynamodb.put_item(TableName=tables['hash'], Item=updated)
    dynamodb.put_item(TableName=tables['range'], Item=doomed)
    dynamodb.put_item(TableName=tables['hash2'], Item=guard)
    new = {'pk': S(rnd()), 'v': S('new')}
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[
            _put(tables['hash'], new),
            _add_one(tables['hash'], _key_of(updated)),
            _delete(tables['range'], _key_of(doomed)),
            _check(tables['hash2'], _key_of(guard), '#s = :open', {':open': S('open')},
                   ExpressionAttributeNames={'#s': 'state'}),
        ])
    # API Reference (TransactionCanceledException): reasons in action order,
    # None for the actions that had no error; observed: None has no Message.
    reasons = _reasons(e, ['None', 'None', 'None', 'ConditionalCheckFailed'])
    assert reasons == [_none(), _none(), _none(), _failed()]
    # All or nothing: no action was applied.
    assert _get(dynamodb, tables['hash'], _key_of(new)) is None
    assert _get(dynamodb, tables['hash'], _key_of(updated)) == updated
    assert _get(dynamodb, tables['range'], _key_of(doomed)) == doomed
    assert _get(dynamodb, tables['hash2'], _key_of(guard)) == guard


def test_write_two_failed_conditions_give_two_reasons(dynamodb, tables):
    # Observed (and paritysuite "two failing actions"): every failing action
    # has its reason, the message lists the codes in action order.
    first = {'pk': S(rnd()), 'n': N(1)}
    second = {'pk': S(rnd()), 'sk': N(2), 'n': N(1)}
    dynamodb.put_item(TableName=tables['hash'], Item=first)
    dynamodb.put_item(TableName=tables['range'], Item=second)
    new = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[
            _put(tables['hash'], {**_key_of(first), 'v': S('over')}, ConditionExpression='attribute_not_exists(pk)'),
            _put(tables['hash2'], new),
            _update(tables['range'], _key_of(second), 'SET n = :two', {':two': N(2)}, ConditionExpression='n > :two'),
        ])
    reasons = _reasons(e, ['ConditionalCheckFailed', 'None', 'ConditionalCheckFailed'])
    assert reasons == [_failed(), _none(), _failed()]
    assert _get(dynamodb, tables['hash'], _key_of(first)) == first
    assert _get(dynamodb, tables['range'], _key_of(second)) == second
    assert _get(dynamodb, tables['hash2'], new) is None


def test_write_return_values_on_condition_check_failure(dynamodb, tables):
    # API Reference (Put/Update/Delete/ConditionCheck,
    # ReturnValuesOnConditionCheckFailure): with ALL_OLD a failed condition's
    # reason carries the item as it is (observed: as 'Item'); there is none
    # when the item does not exist, with NONE, or when the action's own
    # condition held.
    existing = {'pk': S(rnd()), 'n': N(5), 'doc': {'M': {'a': {'L': [S('x')]}}}}
    other = {'pk': S(rnd()), 'n': N(1)}
    quiet = {'pk': S(rnd()), 'n': N(9)}
    for item in (existing, other, quiet):
        dynamodb.put_item(TableName=tables['hash'], Item=item)
    absent = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[
            _put(tables['hash'], {**_key_of(existing), 'n': N(6)}, ConditionExpression='attribute_not_exists(pk)',
                 ReturnValuesOnConditionCheckFailure='ALL_OLD'),
            _check(tables['hash'], absent, 'attribute_exists(pk)', ReturnValuesOnConditionCheckFailure='ALL_OLD'),
            _update(tables['hash'], _key_of(other), 'SET n = :two', {':two': N(2), ':one': N(1)},
                    ConditionExpression='n = :one', ReturnValuesOnConditionCheckFailure='ALL_OLD'),
            _delete(tables['hash'], _key_of(quiet), ConditionExpression='n < :zero',
                    ExpressionAttributeValues={':zero': N(0)}, ReturnValuesOnConditionCheckFailure='NONE'),
        ])
    reasons = _reasons(e, ['ConditionalCheckFailed', 'ConditionalCheckFailed', 'None', 'ConditionalCheckFailed'])
    assert reasons == [_failed(existing), _failed(), _none(), _failed()]
    assert _get(dynamodb, tables['hash'], _key_of(existing)) == existing
    assert _get(dynamodb, tables['hash'], _key_of(other)) == other
    assert _get(dynamodb, tables['hash'], _key_of(quiet)) == quiet


def _transfer(table, source, target, amount):
    """The seed example: move `amount` from `source` to `target`, the debit
    guarded by 'balance >= :amt'."""
    return [
        _update(table, _key(source), 'SET balance = balance - :amt', {':amt': N(amount)},
                ConditionExpression='balance >= :amt'),
        _update(table, _key(target), 'SET balance = balance + :amt', {':amt': N(amount)}),
    ]


def _balance(client, table, account):
    return int(_get(client, table, _key(account))['balance']['N'])


def test_write_transfer_between_accounts(dynamodb, tables):
    table = tables['hash']
    alice, bob = rnd(), rnd()
    dynamodb.put_item(TableName=table, Item={**_key(alice), 'balance': N(25)})
    dynamodb.put_item(TableName=table, Item={**_key(bob), 'balance': N(0)})
    dynamodb.transact_write_items(TransactItems=_transfer(table, alice, bob, 10))
    dynamodb.transact_write_items(TransactItems=_transfer(table, alice, bob, 10))
    assert (_balance(dynamodb, table, alice), _balance(dynamodb, table, bob)) == (5, 20)
    # Not funded: the debit's condition fails, the credit would have worked;
    # neither happens.
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=_transfer(table, alice, bob, 10))
    assert _reasons(e, ['ConditionalCheckFailed', 'None']) == [_failed(), _none()]
    assert (_balance(dynamodb, table, alice), _balance(dynamodb, table, bob)) == (5, 20)


@pytest.mark.skipif(AWS is None, reason='the AWS CLI (aws) is not installed')
def test_write_transfer_through_the_aws_cli(aws, dynamodb, tables, tmp_path):  # noqa: F811 (the fixture)
    # The same transfer as a user would run it:
    # aws dynamodb transact-write-items --transact-items file://transfer.json
    table = tables['hash']
    alice, bob = rnd(), rnd()
    dynamodb.put_item(TableName=table, Item={**_key(alice), 'balance': N(15)})
    dynamodb.put_item(TableName=table, Item={**_key(bob), 'balance': N(0)})
    request = tmp_path / 'transfer.json'
    request.write_text(json.dumps(_transfer(table, alice, bob, 10)))
    out, _ = aws('transact-write-items', '--transact-items', f'file://{request}')
    assert out is None or out == {}
    assert (_balance(dynamodb, table, alice), _balance(dynamodb, table, bob)) == (5, 10)
    _, done = aws('transact-write-items', '--transact-items', f'file://{request}', check=False)
    assert done.returncode != 0
    assert 'TransactionCanceledException' in done.stderr
    assert CANCELLED.format('ConditionalCheckFailed, None') in done.stderr
    assert (_balance(dynamodb, table, alice), _balance(dynamodb, table, bob)) == (5, 10)


# --------------------------------------------------------------------------
# TransactWriteItems: keys, sizes and update errors per action

def _action_with_key(kind, table, key):
    if kind == 'put':
        return _put(table, dict(key))
    if kind == 'update':
        return _update(table, key, 'SET v = :v', {':v': S('x')})
    if kind == 'delete':
        return _delete(table, key)
    return _check(table, key, 'attribute_not_exists(pk)')


KINDS = ['put', 'update', 'delete', 'check']


@pytest.mark.parametrize('kind', KINDS)
@pytest.mark.parametrize('key_type', ['S', 'B'])
def test_write_empty_key_value_is_a_validation_exception(dynamodb, tables, kind, key_type):
    # Observed: an empty string or binary key value, in any action, is a
    # top-level ValidationException (as on PutItem), not a cancellation.
    table = tables['hash'] if key_type == 'S' else tables['binary']
    good = {'pk': S(rnd())} if key_type == 'S' else {'pk': {'B': rnd().encode()}}
    empty = {'pk': {'S': ''}} if key_type == 'S' else {'pk': {'B': b''}}
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[_put(table, good), _action_with_key(kind, table, empty)])
    assert_client_error(e, 'ValidationException', EMPTY_KEY.format('string' if key_type == 'S' else 'binary'))
    _assert_absent(dynamodb, table, good)


@pytest.mark.parametrize('value,type_name', [({'N': '5'}, 'N'), ({'L': [{'S': 'x'}]}, 'L')],
                         ids=['number', 'list'])
def test_write_put_key_of_wrong_type_cancels(dynamodb, tables, value, type_name):
    # Observed: a Put whose item has a key of the wrong type (scalar or not)
    # cancels the transaction with a ValidationError reason carrying
    # PutItem's message.
    good = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[_put(tables['hash'], good),
                                                     _put(tables['hash'], {'pk': value, 'v': S('x')})])
    reasons = _reasons(e, ['None', 'ValidationError'])
    assert reasons == [_none(), _invalid(
        f'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: {type_name}')]
    _assert_absent(dynamodb, tables['hash'], good)


@pytest.mark.parametrize('kind', ['update', 'delete', 'check'])
@pytest.mark.parametrize('value', [{'N': '5'}, {'L': [{'S': 'x'}]}], ids=['number', 'list'])
def test_write_key_of_wrong_type_cancels(dynamodb, tables, kind, value):
    # Observed: a wrong-typed or non-scalar Key on Update, Delete or
    # ConditionCheck cancels with the key-schema message (not PutItem's
    # "Type mismatch for key").
    good = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[_put(tables['hash'], good),
                                                     _action_with_key(kind, tables['hash'], {'pk': value})])
    assert _reasons(e, ['None', 'ValidationError']) == [_none(), _invalid(KEY_NOT_MATCHING)]
    _assert_absent(dynamodb, tables['hash'], good)


def test_write_update_past_400kb_cancels(dynamodb, tables):
    # API Reference (TransactionCanceledException): "An item size becomes too
    # large (bigger than 400 KB)" cancels with a ValidationError reason
    # (listed message "Item size to update has exceeded the maximum allowed
    # size"; only the code is checked here).
    big = {'pk': S(rnd()), 'a': S('a' * 300 * KB)}
    dynamodb.put_item(TableName=tables['hash'], Item=big)
    new = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[
            _put(tables['hash2'], new),
            _update(tables['hash'], _key_of(big), 'SET b = :b', {':b': S('b' * 150 * KB)}),
        ])
    reasons = _reasons(e, ['None', 'ValidationError'])
    assert reasons[0] == _none()
    assert _get(dynamodb, tables['hash'], _key_of(big)) == big
    _assert_absent(dynamodb, tables['hash2'], new)


def test_write_update_arithmetic_on_missing_attribute_cancels(dynamodb, tables):
    # API Reference (TransactionCanceledException, ValidationError: "The
    # provided expression refers to an attribute that does not exist in the
    # item"); UpdateItem gives the same text as a ValidationException.
    item = {'pk': S(rnd()), 'a': N(1)}
    dynamodb.put_item(TableName=tables['hash'], Item=item)
    new = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[
            _put(tables['hash'], new),
            _update(tables['hash'], _key_of(item), 'SET a = b + :one', {':one': N(1)}),
        ])
    assert _reasons(e, ['None', 'ValidationError']) == [_none(), _invalid(MISSING_OPERAND)]
    assert _get(dynamodb, tables['hash'], _key_of(item)) == item
    _assert_absent(dynamodb, tables['hash'], new)


# --------------------------------------------------------------------------
# TransactWriteItems: request validation, in DynamoDB's order

def test_write_empty_transact_items(dynamodb_unvalidated):
    # Observed: "1 validation error detected: Value '[]' at 'transactItems'
    # failed to satisfy constraint: Member must have length greater than or
    # equal to 1" (paritysuite also records the framework's newer "Value at
    # 'TransactItems'" form in some regions; both are accepted).
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.transact_write_items(TransactItems=[])
    assert_client_error(e, 'ValidationException', NO_ACTIONS)


def test_write_101_actions(dynamodb_unvalidated, tables):
    # API Reference: "up to 100 action requests"; observed: the list's
    # member constraint, the list echoed (or, newer, the member named).
    keys = [_key(f'{rnd()}-{i}') for i in range(101)]
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.transact_write_items(TransactItems=[_put(tables['hash'], k) for k in keys])
    assert_client_error(e, 'ValidationException', TOO_MANY_ACTIONS)
    _assert_absent(dynamodb_unvalidated, tables['hash'], keys[0], keys[-1])


def test_write_100_actions(dynamodb, tables):
    keys = [_key(f'{rnd()}-{i}') for i in range(50)]
    range_keys = [{'pk': S(rnd()), 'sk': N(i)} for i in range(50)]
    dynamodb.transact_write_items(TransactItems=[_put(tables['hash'], k) for k in keys] +
                                  [_put(tables['range'], k) for k in range_keys])
    for key in keys:
        assert _get(dynamodb, tables['hash'], key) == key
    for key in range_keys:
        assert _get(dynamodb, tables['range'], key) == key


def test_write_client_request_token_too_long(dynamodb_unvalidated, tables):
    # API Reference (ClientRequestToken): length 1 to 36. Observed in
    # us-east-1 with the token echoed at 'clientRequestToken'; eu-west-2 gives
    # the generic "Value at 'ClientRequestToken'" (paritysuite). Both are
    # accepted.
    key = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.transact_write_items(TransactItems=[_put(tables['hash'], key)],
                                                  ClientRequestToken=LONG_TOKEN)
    assert_client_error(e, 'ValidationException', TOKEN_TOO_LONG)
    _assert_absent(dynamodb_unvalidated, tables['hash'], key)


def test_write_unknown_return_consumed_capacity(dynamodb_unvalidated, tables):
    # Observed (exact). botocore does not check enums, so the value is sent.
    key = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.transact_write_items(TransactItems=[_put(tables['hash'], key)],
                                                  ReturnConsumedCapacity='BOGUS')
    assert_client_error(e, 'ValidationException', f'1 validation error detected: {RCC_ENUM}')
    _assert_absent(dynamodb_unvalidated, tables['hash'], key)


def test_write_unknown_return_item_collection_metrics(dynamodb_unvalidated, tables):
    key = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.transact_write_items(TransactItems=[_put(tables['hash'], key)],
                                                  ReturnItemCollectionMetrics='BOGUS2')
    assert_client_error(e, 'ValidationException', f'1 validation error detected: {RICM_ENUM}')
    _assert_absent(dynamodb_unvalidated, tables['hash'], key)


def test_write_two_member_errors_in_one_message(dynamodb_unvalidated, tables):
    # Observed: every failing member, ReturnConsumedCapacity first.
    key = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.transact_write_items(TransactItems=[_put(tables['hash'], key)],
                                                  ReturnConsumedCapacity='BOGUS', ReturnItemCollectionMetrics='BOGUS2')
    assert_client_error(e, 'ValidationException', f'2 validation errors detected: {RCC_ENUM}; {RICM_ENUM}')
    _assert_absent(dynamodb_unvalidated, tables['hash'], key)


def test_write_token_error_comes_before_enum_error(dynamodb_unvalidated, tables):
    # Observed in us-east-1: the echoed token first, then the enum. eu-west-2
    # (paritysuite, 2026) gives the generic token sentence alone; accepted too.
    key = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.transact_write_items(TransactItems=[_put(tables['hash'], key)],
                                                  ClientRequestToken=LONG_TOKEN, ReturnConsumedCapacity='BOGUS')
    echoed = (f"Value '{LONG_TOKEN}' at 'clientRequestToken' failed to satisfy constraint: "
              f"Member must have length less than or equal to 36")
    generic = ("1 validation error detected: Value at 'ClientRequestToken' failed to satisfy constraint: "
               "Member must have length less than or equal to 36")
    assert_client_error(e, 'ValidationException', re.compile(
        '^(?:' + re.escape(f'2 validation errors detected: {echoed}; {RCC_ENUM}') + '|' + re.escape(generic) + ')$'))
    _assert_absent(dynamodb_unvalidated, tables['hash'], key)


def _items_with(problem, tables):
    """TransactItems that are wrong in one way other than a member constraint."""
    key = _key(rnd())
    if problem == 'missing-table':
        return [_put(tables['hash'], key), _put(_missing_table(), _key(rnd()))]
    if problem == 'duplicate':
        return [_put(tables['hash'], key), _delete(tables['hash'], key)]
    if problem == 'syntax-error':
        return [_put(tables['hash'], key), _check(tables['hash'], _key(rnd()), 'attribute_not_exists(')]
    if problem == 'unused-value':
        return [_put(tables['hash'], key), _check(tables['hash'], _key(rnd()), 'attribute_not_exists(pk)',
                                                  {':v': S('x')})]
    if problem == 'empty-key':
        return [_put(tables['hash'], key), _put(tables['hash'], {'pk': S('')})]
    assert problem == 'failed-condition'
    return [_put(tables['hash'], key), _check(tables['hash'], _key(rnd()), 'attribute_exists(pk)')]


PROBLEMS = ['missing-table', 'duplicate', 'syntax-error', 'unused-value', 'empty-key', 'failed-condition']


@pytest.mark.parametrize('problem', PROBLEMS)
def test_write_member_constraints_are_checked_first(dynamodb_unvalidated, tables, problem):
    # Observed (and paritysuite validation-ordering): an unknown
    # ReturnConsumedCapacity is reported ahead of a missing table, a
    # duplicate target, an expression error or anything else; nothing is
    # written.
    items = _items_with(problem, tables)
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.transact_write_items(TransactItems=items, ReturnConsumedCapacity='BOGUS')
    assert_client_error(e, 'ValidationException', f'1 validation error detected: {RCC_ENUM}')
    _assert_absent(dynamodb_unvalidated, tables['hash'], items[0]['Put']['Item'])


def test_write_syntax_error_ahead_of_missing_table(dynamodb, tables):
    # Observed: expressions are parsed before any table is looked up, so a
    # later action's syntax error wins over an earlier action's missing table.
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[
            _put(_missing_table(), _key(rnd())),
            _check(tables['hash'], _key(rnd()), 'attribute_not_exists('),
        ])
    assert_client_error(e, 'ValidationException', SYNTAX_ERROR)


@pytest.mark.parametrize('where', ['earlier', 'later'])
def test_write_unused_value_ahead_of_missing_table(dynamodb, tables, where):
    # Observed: a value no expression uses is refused before any table is
    # looked up, wherever the missing table sits.
    unused = _check(tables['hash'], _key(rnd()), 'attribute_not_exists(pk)', {':v': S('x')})
    missing = _put(_missing_table(), _key(rnd()))
    items = [missing, unused] if where == 'earlier' else [unused, missing]
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=items)
    assert_client_error(e, 'ValidationException', UNUSED_VALUE)


def test_write_unused_value_ahead_of_duplicate_target(dynamodb, tables):
    # Observed: the unused value is reported, not the two actions on one item.
    key = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[
            _put(tables['hash'], key),
            _check(tables['hash'], key, 'attribute_not_exists(pk)', {':v': S('x')}),
        ])
    assert_client_error(e, 'ValidationException', UNUSED_VALUE)
    _assert_absent(dynamodb, tables['hash'], key)


@pytest.mark.parametrize('order', ['unused-first', 'syntax-first'])
def test_write_first_expression_error_in_request_order_wins(dynamodb, tables, order):
    # Observed: the actions' expressions are checked one action after the
    # other, and the first failing action is the one reported.
    unused = _update(tables['hash'], _key(rnd()), 'SET a = :a', {':a': N(1), ':v': S('x')})
    syntax = _check(tables['hash'], _key(rnd()), 'attribute_not_exists(')
    items = [unused, syntax] if order == 'unused-first' else [syntax, unused]
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=items)
    assert_client_error(e, 'ValidationException', UNUSED_VALUE if order == 'unused-first' else SYNTAX_ERROR)


@pytest.mark.parametrize('kind', KINDS)
def test_write_missing_table(dynamodb, tables, kind):
    # Observed: ResourceNotFoundException with exactly "Requested resource not
    # found" (no table name, unlike DescribeTable); nothing is written.
    good = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[_put(tables['hash'], good),
                                                     _action_with_key(kind, _missing_table(), _key(rnd()))])
    assert_client_error(e, 'ResourceNotFoundException', NOT_FOUND)
    _assert_absent(dynamodb, tables['hash'], good)


@pytest.mark.parametrize('first,second', [('put', 'delete'), ('put', 'put'), ('update', 'check'),
                                          ('delete', 'update'), ('check', 'check'), ('check', 'put')])
def test_write_two_actions_on_one_item(dynamodb, tables, first, second):
    # API Reference: "no two actions can target the same item. For example,
    # you cannot both ConditionCheck and Update the same item."; observed text.
    key = _key(rnd())
    other = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[
            _action_with_key(first, tables['hash'], key),
            _put(tables['hash'], other),
            _action_with_key(second, tables['hash'], key),
        ])
    assert_client_error(e, 'ValidationException', MULTIPLE_OPERATIONS)
    _assert_absent(dynamodb, tables['hash'], key, other)


def test_write_two_actions_on_one_item_of_a_range_table(dynamodb, tables):
    item = {'pk': S(rnd()), 'sk': N(3)}
    sibling = {'pk': item['pk'], 'sk': N(4)}
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[
            _put(tables['range'], item), _put(tables['range'], sibling),
            _update(tables['range'], dict(item), 'SET v = :v', {':v': S('x')}),
        ])
    assert_client_error(e, 'ValidationException', MULTIPLE_OPERATIONS)
    _assert_absent(dynamodb, tables['range'], item, sibling)
    # Same partition, different sort keys: two items.
    dynamodb.transact_write_items(TransactItems=[_put(tables['range'], item), _put(tables['range'], sibling)])
    assert _get(dynamodb, tables['range'], item) == item
    assert _get(dynamodb, tables['range'], sibling) == sibling


# --------------------------------------------------------------------------
# TransactWriteItems: secondary indexes, capacity, item collections

def test_write_gsi_follows_committed_transactions_only(dynamodb, gsi_table, index_lag):
    # API Reference (TransactWriteItems): a Put "initiates a PutItem
    # operation", an Update "an UpdateItem operation", a Delete "a DeleteItem
    # operation", so they maintain indexes as those do; a cancelled
    # transaction writes nothing anywhere. GSIs lag in DynamoDB, so reads
    # settle.
    g, elsewhere = rnd(), rnd()

    def query(value):
        items = util.all_items(dynamodb.query, TableName=gsi_table, IndexName='by-g',
                               KeyConditionExpression='g = :g', ExpressionAttributeValues={':g': S(value)})
        return sorted(items, key=lambda i: i['pk']['S'])

    def expect(value, items):
        want = sorted(items, key=lambda i: i['pk']['S'])
        util.settle(lambda: _assert_equal(query(value), want), index_lag)

    moving_in = {'pk': S(rnd()), 'g': S(elsewhere), 'v': N(1)}
    leaving = {'pk': S(rnd()), 'g': S(g), 'v': N(2)}
    moving_out = {'pk': S(rnd()), 'g': S(g), 'v': N(3)}
    for item in (moving_in, leaving, moving_out):
        dynamodb.put_item(TableName=gsi_table, Item=item)
    expect(g, [leaving, moving_out])

    new = {'pk': S(rnd()), 'g': S(g), 'v': N(4)}
    dynamodb.transact_write_items(TransactItems=[
        _put(gsi_table, new),
        _update(gsi_table, _key_of(moving_in), 'SET g = :g', {':g': S(g)}),
        _delete(gsi_table, _key_of(leaving)),
        _update(gsi_table, _key_of(moving_out), 'SET g = :e', {':e': S(elsewhere)}),
    ])
    expect(g, [new, dict(moving_in, g=S(g))])
    expect(elsewhere, [dict(moving_out, g=S(elsewhere))])

    ghost = {'pk': S(rnd()), 'g': S(g)}
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[
            _put(gsi_table, ghost),
            _update(gsi_table, _key_of(new), 'REMOVE g'),
            _check(gsi_table, _key(rnd()), 'attribute_exists(pk)'),
        ])
    _reasons(e, ['None', 'None', 'ConditionalCheckFailed'])
    # A later committed write to the same index value: once it shows, the
    # cancelled one would have shown too.
    marker = {'pk': S(rnd()), 'g': S(g), 'v': N(5)}
    dynamodb.transact_write_items(TransactItems=[_put(gsi_table, marker)])
    expect(g, [new, dict(moving_in, g=S(g)), marker])


def _capacity_by_table(response):
    consumed = response['ConsumedCapacity']
    assert isinstance(consumed, list), consumed
    by_table = {c.get('TableName'): c for c in consumed}
    assert len(by_table) == len(consumed), f'a table appears twice: {consumed}'
    return by_table


def test_write_consumed_capacity_total(dynamodb, tables):
    # Developer Guide ("Capacity management for transactions", "Read/write
    # capacity unit calculations"): 2 write units per item per KB, rounded up
    # per item; ConsumedCapacity is a list with one entry per table.
    # Observed on transactions (paritysuite/dynoxide, 2026): TOTAL carries
    # WriteCapacityUnits next to CapacityUnits.
    existing = {'pk': S(rnd()), 'n': N(1)}
    dynamodb.put_item(TableName=tables['hash'], Item=existing)
    guard = _key(rnd())
    dynamodb.put_item(TableName=tables['hash2'], Item=guard)
    big = {'pk': S(rnd()), 'sk': N(1), 'data': S('d' * 1500)}     # about 1.5 KB: 2 KB, 4 units
    response = dynamodb.transact_write_items(TransactItems=[
        _put(tables['hash'], {'pk': S(rnd()), 'v': S('small')}),
        _put(tables['hash'], {'pk': S(rnd()), 'v': S('small')}),
        _add_one(tables['hash'], _key_of(existing)),
        _put(tables['range'], big),
        _check(tables['hash2'], guard, 'attribute_exists(pk)'),
    ], ReturnConsumedCapacity='TOTAL')
    by_table = _capacity_by_table(response)
    assert set(by_table) == {tables['hash'], tables['range'], tables['hash2']}
    for table, units in ((tables['hash'], 6.0), (tables['range'], 4.0)):
        util.assert_consumed_capacity(by_table[table], table, units)
        assert by_table[table].get('WriteCapacityUnits') == units, by_table[table]
    # The ConditionCheck's table: 2 write units for an item under 1 KB, billed
    # as a write (paritysuite's capture in eu-west-2;
    # Ketlark/dynamodb-conformance tests/tier2/transactions/
    # transactWrite.test.ts, "a standalone ConditionCheck action costs 2
    # write capacity units").
    util.assert_consumed_capacity(by_table[tables['hash2']], tables['hash2'], 2.0)
    assert by_table[tables['hash2']].get('WriteCapacityUnits') == 2.0, by_table[tables['hash2']]
    assert 'ItemCollectionMetrics' not in response


def test_write_consumed_capacity_none(dynamodb, tables):
    response = dynamodb.transact_write_items(TransactItems=[_put(tables['hash'], _key(rnd()))],
                                             ReturnConsumedCapacity='NONE')
    assert 'ConsumedCapacity' not in response


def test_write_item_collection_metrics_with_lsi(dynamodb, tables, lsi_table):
    # API Reference (TransactWriteItems, ItemCollectionMetrics): "A list of
    # tables that were processed by TransactWriteItems and, for each table,
    # information about any item collections that were affected"; item
    # collections exist only for tables with an LSI (PutItem), so the other
    # table is not listed.
    p = rnd()
    response = dynamodb.transact_write_items(TransactItems=[
        _put(lsi_table, {'pk': S(p), 'sk': N(1), 'l': N(7)}),
        _put(tables['hash'], _key(rnd())),
    ], ReturnItemCollectionMetrics='SIZE')
    metrics = response['ItemCollectionMetrics']
    assert set(metrics) == {lsi_table}, metrics
    [entry] = metrics[lsi_table]
    assert entry['ItemCollectionKey'] == {'pk': S(p)}
    low, high = entry['SizeEstimateRangeGB']
    assert 0 <= low <= high
    assert 'ConsumedCapacity' not in response


# --------------------------------------------------------------------------
# TransactWriteItems: ClientRequestToken

def _token():
    return f'conf-{util.random_string(24)}'


def test_token_same_request_applies_once(dynamodb, tables):
    # API Reference (ClientRequestToken): "multiple identical calls have the
    # same effect as one single call"; the repeat succeeds.
    key, token = _key(rnd()), _token()
    request = dict(TransactItems=[_add_one(tables['hash'], key)], ClientRequestToken=token)
    dynamodb.transact_write_items(**request)
    dynamodb.transact_write_items(**request)
    assert _get(dynamodb, tables['hash'], key) == {**key, 'n': N(1)}


def test_token_with_other_parameters_is_a_mismatch(dynamodb, tables):
    # API Reference: "If you submit a request with the same client token but
    # a change in other parameters within the 10-minute idempotency window,
    # DynamoDB returns an IdempotentParameterMismatch exception."
    key, token = _key(rnd()), _token()
    dynamodb.transact_write_items(TransactItems=[_add_one(tables['hash'], key)], ClientRequestToken=token)
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[_update(tables['hash'], key, 'ADD n :two', {':two': N(2)})],
                                      ClientRequestToken=token)
    assert_client_error(e, 'IdempotentParameterMismatchException')
    assert _get(dynamodb, tables['hash'], key) == {**key, 'n': N(1)}


def test_token_members_in_another_order_are_the_same_request(endpoint_url, dynamodb, tables):
    # The request is its parameters, not its bytes: the same members in
    # another JSON order replay the first call. Sent raw to control the order.
    key, token = _key(rnd()), _token()
    first = {'TransactItems': [{'Update': {
        'TableName': tables['hash'], 'Key': key, 'UpdateExpression': 'ADD n :one SET tag = :tag',
        'ExpressionAttributeValues': {':one': N(1), ':tag': S('t')}}}], 'ClientRequestToken': token}
    second = {'ClientRequestToken': token, 'TransactItems': [{'Update': {
        'ExpressionAttributeValues': {':tag': S('t'), ':one': N(1)}, 'UpdateExpression': 'ADD n :one SET tag = :tag',
        'Key': key, 'TableName': tables['hash']}}]}
    assert json.dumps(first) != json.dumps(second) and first == second
    for payload in (first, second):
        response = util.dynamodb_request(endpoint_url, 'TransactWriteItems', payload)
        assert response.status == 200, response
    assert _get(dynamodb, tables['hash'], key) == {**key, 'n': N(1), 'tag': S('t')}


def test_token_different_token_applies_again(dynamodb, tables):
    key = _key(rnd())
    for token in (_token(), _token()):
        dynamodb.transact_write_items(TransactItems=[_add_one(tables['hash'], key)], ClientRequestToken=token)
    assert _get(dynamodb, tables['hash'], key) == {**key, 'n': N(2)}


def test_token_of_cancelled_transaction_is_not_recorded(dynamodb, tables):
    # A cancelled transaction did nothing, so its retry under the same token
    # is a new attempt ("If it failed the first time, DynamoDB will apply the
    # writes in the request": Alex DeBrie, "DynamoDB Transactions: Use Cases
    # and Examples", on the token's semantics).
    key, token = _key(rnd()), _token()
    request = dict(TransactItems=[_update(tables['hash'], key, 'ADD n :one', {':one': N(1), ':yes': S('yes')},
                                          ConditionExpression='ready = :yes')], ClientRequestToken=token)
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(**request)
    _reasons(e, ['ConditionalCheckFailed'])
    assert _get(dynamodb, tables['hash'], key) is None
    dynamodb.put_item(TableName=tables['hash'], Item={**key, 'ready': S('yes')})
    dynamodb.transact_write_items(**request)
    assert _get(dynamodb, tables['hash'], key) == {**key, 'ready': S('yes'), 'n': N(1)}
    dynamodb.transact_write_items(**request)   # and now it is recorded
    assert _get(dynamodb, tables['hash'], key) == {**key, 'ready': S('yes'), 'n': N(1)}


@pytest.mark.dynastore_only
@pytest.mark.parametrize('how', ['stop', 'kill'])
def test_token_survives_restart(server_factory, tmp_path, how):
    # The token is kept for 10 minutes whatever happens to the server: a
    # client retrying after a restart (clean, or kill -9 after the answer)
    # must not apply the transaction twice.
    data_dir = tmp_path / 'data'
    url, server = server_factory(data_dir)
    client = util.make_client(url)
    table = util.unique_table_name('txn-restart')
    client.create_table(TableName=table, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    util.wait_for_active(client, table)
    key = _key('counter')
    request = dict(TransactItems=[_add_one(table, key)], ClientRequestToken=_token())
    client.transact_write_items(**request)

    if how == 'kill':
        server.kill()
    else:
        status = server.stop()
        assert status == 0, f'clean shutdown exited with {status}:\n{server.output()}'

    url, server = server_factory(data_dir)
    client = util.make_client(url)
    client.transact_write_items(**request)
    assert _get(client, table, key) == {**key, 'n': N(1)}
    with pytest.raises(ClientError) as e:
        client.transact_write_items(TransactItems=[_add_one(table, _key('other'))],
                                    ClientRequestToken=request['ClientRequestToken'])
    assert_client_error(e, 'IdempotentParameterMismatchException')
    client.transact_write_items(TransactItems=request['TransactItems'], ClientRequestToken=_token())
    assert _get(client, table, key) == {**key, 'n': N(2)}


# --------------------------------------------------------------------------
# TransactGetItems

def _gets(table, keys, **extra):
    return [{'Get': {'TableName': table, 'Key': k, **extra}} for k in keys]


def test_get_100_items_across_tables_in_request_order(dynamodb, tables):
    hash_items = [{'pk': S(f'{rnd()}-{i}'), 'n': N(i)} for i in range(30)]
    range_items = [{'pk': S(rnd()), 'sk': N(i), 'b': {'B': bytes([i])}} for i in range(30)]
    util.batch_write_all(dynamodb, tables['hash'], hash_items)
    util.batch_write_all(dynamodb, tables['range'], range_items)
    # 60 present and 40 absent, interleaved across the tables.
    wanted = []
    for i in range(30):
        wanted.append((tables['hash'], hash_items[i]))
        wanted.append((tables['range'], range_items[i]))
    for i in range(20):
        wanted.insert(i * 5, (tables['hash'], None))
        wanted.insert(i * 5 + 2, (tables['range'], None))
    assert len(wanted) == 100
    request = []
    for table, item in wanted:
        key = _key_of(item) if item else (_key(rnd()) if table == tables['hash'] else {'pk': S(rnd()), 'sk': N(1)})
        request.append({'Get': {'TableName': table, 'Key': key}})
    response = dynamodb.transact_get_items(TransactItems=request)
    # API Reference: Responses in request order; observed: {} (no Item) for
    # an item that does not exist.
    assert response['Responses'] == [{'Item': item} if item else {} for _, item in wanted]
    assert 'ConsumedCapacity' not in response


def test_get_projection_expression(dynamodb, tables):
    item = {'pk': S(rnd()), 'name': S('n'), 'size': N(3), 'doc': {'M': {'a': N(1), 'b': {'L': [S('x'), S('y')]}}},
            'other': S('o')}
    dynamodb.put_item(TableName=tables['hash'], Item=item)
    response = dynamodb.transact_get_items(TransactItems=[
        {'Get': {'TableName': tables['hash'], 'Key': _key_of(item), 'ProjectionExpression': '#n, #s, doc.b[1]',
                 'ExpressionAttributeNames': {'#n': 'name', '#s': 'size'}}},
        {'Get': {'TableName': tables['hash'], 'Key': _key(rnd()), 'ProjectionExpression': 'pk'}},
    ])
    assert response['Responses'] == [
        {'Item': {'name': S('n'), 'size': N(3), 'doc': {'M': {'b': {'L': [S('y')]}}}}}, {}]


def test_get_projection_matching_nothing_omits_item(dynamodb, tables):
    # The item exists but the projection selects none of its attributes:
    # TransactGetItems leaves Item out, where GetItem answers {}
    # (Ketlark/dynamodb-conformance tests/tier2/transactions/
    # transactGet.test.ts and tests/tier1/getItem/projection.test.ts).
    item = {'pk': S(rnd()), 'real': S('here')}
    dynamodb.put_item(TableName=tables['hash'], Item=item)
    response = dynamodb.transact_get_items(TransactItems=[
        {'Get': {'TableName': tables['hash'], 'Key': _key_of(item), 'ProjectionExpression': '#x',
                 'ExpressionAttributeNames': {'#x': 'doesNotExist'}}}])
    assert response['Responses'] == [{}]
    got = dynamodb.get_item(TableName=tables['hash'], Key=_key_of(item), ProjectionExpression='doesNotExist')
    assert got['Item'] == {}


def test_get_empty_transact_items(dynamodb_unvalidated):
    # Observed: the same member constraint as TransactWriteItems.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.transact_get_items(TransactItems=[])
    assert_client_error(e, 'ValidationException', NO_ACTIONS)


def test_get_101_items(dynamodb_unvalidated, tables):
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.transact_get_items(TransactItems=_gets(tables['hash'], [_key(f'k{i}') for i in range(101)]))
    assert_client_error(e, 'ValidationException', TOO_MANY_ACTIONS)


@pytest.mark.parametrize('problem', ['none', 'missing-table', 'duplicate'])
def test_get_unknown_return_consumed_capacity_first(dynamodb_unvalidated, tables, problem):
    # Observed: the enum is reported alone and ahead of a missing table or a
    # duplicate target.
    key = _key(rnd())
    items = _gets(tables['hash'], [key])
    if problem == 'missing-table':
        items += _gets(_missing_table(), [_key(rnd())])
    elif problem == 'duplicate':
        items += _gets(tables['hash'], [key])
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.transact_get_items(TransactItems=items, ReturnConsumedCapacity='BOGUS')
    assert_client_error(e, 'ValidationException', f'1 validation error detected: {RCC_ENUM}')


def test_get_missing_table(dynamodb, tables):
    with pytest.raises(ClientError) as e:
        dynamodb.transact_get_items(TransactItems=_gets(tables['hash'], [_key(rnd())]) +
                                    _gets(_missing_table(), [_key(rnd())]))
    assert_client_error(e, 'ResourceNotFoundException', NOT_FOUND)


def test_get_projection_syntax_error(dynamodb, tables):
    # Observed (exact): a request-level ValidationException.
    with pytest.raises(ClientError) as e:
        dynamodb.transact_get_items(TransactItems=_gets(tables['hash'], [_key(rnd())], ProjectionExpression='!!!'))
    assert_client_error(e, 'ValidationException', 'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"')


def test_get_empty_key_cancels(dynamodb_unvalidated, tables):
    # Observed: a Key that does not match the schema is an action-level
    # ValidationError reason, reported through TransactionCanceledException.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.transact_get_items(TransactItems=_gets(tables['hash'], [{}]))
    _reasons(e, ['ValidationError'])


def test_get_same_item_twice(dynamodb, tables):
    # Observed: the same text as TransactWriteItems.
    key = _key(rnd())
    with pytest.raises(ClientError) as e:
        dynamodb.transact_get_items(TransactItems=_gets(tables['hash'], [key, _key(rnd()), key]))
    assert_client_error(e, 'ValidationException', MULTIPLE_OPERATIONS)


def test_get_consumed_capacity_total(dynamodb, tables):
    # Developer Guide: "transactional read requests require 2 read capacity
    # units ... for items up to 4 KB", rounded up per item. An item of ~6 KB
    # is 8 KB: 4 units. Only present items are counted on here (what a
    # missing one costs is not asserted).
    small = [{'pk': S(rnd()), 'v': S('s')} for _ in range(2)]
    for item in small:
        dynamodb.put_item(TableName=tables['hash'], Item=item)
    large = {'pk': S(rnd()), 'sk': N(1), 'data': S('d' * 6000)}
    dynamodb.put_item(TableName=tables['range'], Item=large)
    response = dynamodb.transact_get_items(
        TransactItems=_gets(tables['hash'], [_key_of(i) for i in small]) + _gets(tables['range'], [_key_of(large)]),
        ReturnConsumedCapacity='TOTAL')
    assert [r['Item'] for r in response['Responses']] == small + [large]
    by_table = _capacity_by_table(response)
    assert set(by_table) == {tables['hash'], tables['range']}
    for table, units in ((tables['hash'], 4.0), (tables['range'], 4.0)):
        util.assert_consumed_capacity(by_table[table], table, units)
        # When the read/write split is given it is all read.
        assert by_table[table].get('ReadCapacityUnits', units) == units, by_table[table]


# --------------------------------------------------------------------------
# Isolation

def _is_conflict(error):
    """DynamoDB may refuse a transaction that collides with another one in
    flight (API Reference, TransactGetItems/TransactWriteItems:
    TransactionCanceledException with TransactionConflict reasons); such an
    attempt is simply not counted."""
    if error.response.get('Error', {}).get('Code') != 'TransactionCanceledException':
        return False
    return any(r.get('Code') == 'TransactionConflict' for r in error.response.get('CancellationReasons', []))


def test_transact_get_never_sees_half_a_transfer(endpoint_url, use_env_credentials, dynamodb, tables):
    # Developer Guide ("Isolation levels for DynamoDB transactions"):
    # TransactGetItems is serializable with TransactWriteItems, so every read
    # of all ten accounts sees whole transfers and the same total.
    table = tables['hash']
    accounts = [f'acct-{rnd()}-{i}' for i in range(10)]
    util.batch_write_all(dynamodb, table, [{**_key(a), 'balance': N(100)} for a in accounts])
    writer = util.make_client(endpoint_url, use_env_credentials=use_env_credentials)
    stop = threading.Event()
    state = {'committed': 0, 'error': None}

    def transfers():
        rng = random.Random()
        deadline = time.monotonic() + 2.0
        try:
            for _ in range(5000):
                if stop.is_set() or time.monotonic() > deadline:
                    return
                source, target = rng.sample(accounts, 2)
                amount = rng.randint(1, 30)
                try:
                    writer.transact_write_items(TransactItems=[
                        _update(table, _key(source), 'SET balance = balance - :a', {':a': N(amount)}),
                        _update(table, _key(target), 'SET balance = balance + :a', {':a': N(amount)})])
                    state['committed'] += 1
                except ClientError as e:
                    if not _is_conflict(e):
                        raise
        except Exception as e:   # reported by the main thread
            state['error'] = e

    thread = threading.Thread(target=transfers, daemon=True)
    thread.start()
    reads = 0
    try:
        deadline = time.monotonic() + 10
        for _ in range(1000):
            if not thread.is_alive() or time.monotonic() > deadline:
                break
            try:
                response = dynamodb.transact_get_items(TransactItems=_gets(table, [_key(a) for a in accounts]))
            except ClientError as e:
                if _is_conflict(e):
                    continue
                raise
            balances = [int(r['Item']['balance']['N']) for r in response['Responses']]
            assert sum(balances) == 1000, f'a read saw part of a transfer: {balances}'
            reads += 1
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive(), 'the transfer thread did not stop'
    if state['error'] is not None:
        raise state['error']
    assert state['committed'] > 0 and reads > 0, (state, reads)
    response = dynamodb.transact_get_items(TransactItems=_gets(table, [_key(a) for a in accounts]))
    assert sum(int(r['Item']['balance']['N']) for r in response['Responses']) == 1000
