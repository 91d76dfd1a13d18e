"""Conditional writes: ConditionExpression on PutItem, UpdateItem and
DeleteItem, ReturnValuesOnConditionCheckFailure, and the legacy Expected /
ConditionalOperator parameters.

Behaviour from the Developer Guide ("Condition expressions", "Comparison
operator and function reference": = <> < <= > >=, BETWEEN (inclusive),
IN (the list holds up to 100 values), AND/OR/NOT with precedence
NOT > AND > OR, attribute_exists, attribute_not_exists, attribute_type with
the ten type names S SS N NS B BS BOOL NULL L M, begins_with, contains on
strings, sets and lists, size of strings, binaries, sets, lists and maps;
function names are case-sensitive, keywords are not; "Constraints": "The
maximum number of operands for the IN comparator is 100") and the API
Reference (PutItem/UpdateItem/DeleteItem: a false condition fails with
ConditionalCheckFailedException and writes nothing;
ReturnValuesOnConditionCheckFailure=ALL_OLD returns the item in the error;
ExpectedAttributeValue: Value/Exists and AttributeValueList/
ComparisonOperator, ConditionalOperator AND (default) or OR).

Comparison semantics as observed on DynamoDB by scylladb's
test/alternator/test_condition_expression.py and test_expected.py (run
against DynamoDB): comparing values of different types is false, not an
error; a missing attribute is not equal, less or greater than anything, and
`<>` with a missing attribute is true; sets compare unordered; a constant of
a type the operator cannot order is a ValidationException.

Error texts as observed on DynamoDB by dynalite (test/putItem.js,
test/updateItem.js and its expression grammar, recorded against DynamoDB),
LowVoltage's ExplorationTests (which list real DynamoDB's answers) and public
issues quoting DynamoDB (cited where used), compared exactly modulo the
"1 validation error detected: " envelope (util.envelope_re).
"""

import re

import pytest
from botocore.exceptions import ClientError

import util
from util import assert_client_error, envelope_re, S, N

pytestmark = pytest.mark.expressions

INVALID = 'One or more parameter values were invalid: '
CONDITIONAL_FAILED = 'The conditional request failed'
SYNTAX = re.compile(r'^(?:1 validation error detected: )?Invalid ConditionExpression: Syntax error; token: ".*", '
                    r'near: ".*"$')


def B(data):
    return {'B': data}


def _key(pk):
    return {'pk': {'S': pk}}


def _get(client, table, pk):
    return client.get_item(TableName=table, Key=_key(pk), ConsistentRead=True).get('Item')


def _expect_conditional_failure(exc_info):
    assert_client_error(exc_info, 'ConditionalCheckFailedException', CONDITIONAL_FAILED)


DOC = {
    'n': N(5), 'n10': N(10), 'neg': N('-1.5'),
    's': S('cat'), 'sz': S('Zebra'), 'blank': S(''),
    'b': B(b'cat'), 'bhi': B(b'\x80'),
    'bool': {'BOOL': True}, 'nul': {'NULL': True},
    'ss': {'SS': ['apple', 'pear']}, 'ns': {'NS': ['1', '2', '3']}, 'bs': {'BS': [b'x', b'y']},
    'l': {'L': [S('dog'), N(2), {'L': [N(3), N(4)]}, {'SS': ['p', 'q']}]},
    'm': {'M': {'x': N(1), 'y': {'M': {'z': S('deep')}}, 'e': {'M': {}}}},
}


@pytest.fixture(scope='module')
def doc(dynamodb, hash_table):
    """A shared item holding every type; tests only ever write `touched`."""
    pk = util.random_string(16)
    dynamodb.put_item(TableName=hash_table, Item={'pk': S(pk), **DOC})
    return pk


_counter = [0]


def _holds(client, table, pk, condition, values=None, names=None):
    """Run UpdateItem "SET touched = :touched" under `condition`: True if it
    wrote, False on ConditionalCheckFailedException (after checking that
    nothing was written). Other errors propagate."""
    _counter[0] += 1
    marker = N(_counter[0])
    before = _get(client, table, pk)
    request = dict(TableName=table, Key=_key(pk), UpdateExpression='SET touched = :touched',
                   ConditionExpression=condition, ExpressionAttributeValues={**(values or {}), ':touched': marker})
    if names:
        request['ExpressionAttributeNames'] = names
    try:
        client.update_item(**request)
    except ClientError as e:
        if e.response['Error']['Code'] != 'ConditionalCheckFailedException':
            raise
        _expect_conditional_failure(e)
        assert _get(client, table, pk) == before
        return False
    assert _get(client, table, pk)['touched'] == marker
    return True


def _condition_error(client, table, pk, condition, values=None, names=None):
    request = dict(TableName=table, Key=_key(pk), UpdateExpression='SET touched = :touched',
                   ConditionExpression=condition, ExpressionAttributeValues={**(values or {}), ':touched': N(0)})
    if names:
        request['ExpressionAttributeNames'] = names
    with pytest.raises(ClientError) as e:
        client.update_item(**request)
    return e


def _case(condition, values, expected, id=None):
    return pytest.param(condition, values, expected, id=id or f'{condition} {values} -> {expected}')


# --------------------------------------------------------------------------
# Comparisons

COMPARISONS = [
    _case('n = :v', {':v': N(5)}, True),
    # Numbers compare as numbers, whatever their text.
    _case('n = :v', {':v': N('5.0')}, True),
    _case('n = :v', {':v': N('5E0')}, True),
    _case('n = :v', {':v': N(6)}, False),
    # A different type is simply unequal (alternator test_update_condition_eq_different).
    _case('n = :v', {':v': S('5')}, False),
    _case('s = :v', {':v': S('cat')}, True),
    _case('b = :v', {':v': B(b'cat')}, True),
    _case('b = :v', {':v': S('cat')}, False),
    _case('bool = :v', {':v': {'BOOL': True}}, True),
    _case('bool = :v', {':v': {'BOOL': False}}, False),
    _case('nul = :v', {':v': {'NULL': True}}, True),
    _case('blank = :v', {':v': S('')}, True),
    # Sets are unordered (alternator test_update_condition_eq_set).
    _case('ss = :v', {':v': {'SS': ['pear', 'apple']}}, True),
    _case('ns = :v', {':v': {'NS': ['3', '1', '2.0']}}, True),
    _case('ns = :v', {':v': {'NS': ['1', '2']}}, False),
    _case('bs = :v', {':v': {'BS': [b'y', b'x']}}, True),
    _case('l = :v', {':v': DOC['l']}, True),
    _case('l = :v', {':v': {'L': [N(2), S('dog'), DOC['l']['L'][2], DOC['l']['L'][3]]}}, False),
    _case('m = :v', {':v': {'M': {'e': {'M': {}}, 'y': {'M': {'z': S('deep')}}, 'x': N(1)}}}, True),
    _case('m.y = :v', {':v': {'M': {'z': S('deep')}}}, True),
    _case('m.y.z = :v', {':v': S('deep')}, True),
    _case('l[2][1] = :v', {':v': N(4)}, True),
    _case('l[1] = m.x', None, False),
    _case('l[1] = :v', {':v': N(2)}, True),
    # A missing attribute equals nothing, not even another missing one
    # (alternator test_update_condition_eq_two_unset).
    _case('nope = :v', {':v': N(1)}, False),
    _case('nope = other1', None, False),
    _case('n <> :v', {':v': N(6)}, True),
    _case('n <> :v', {':v': N(5)}, False),
    _case('n <> :v', {':v': S('5')}, True),
    _case('nope <> :v', {':v': N(1)}, True),
    _case('nope <> other1', None, True),
    _case('ss <> :v', {':v': {'SS': ['pear', 'apple']}}, False),
    _case('n < n10', None, True),
    _case('n10 < n', None, False),
    # Numeric, not textual, order.
    _case('n10 > :v', {':v': N(9)}, True),
    _case('neg < :v', {':v': N(-1)}, True),
    _case('neg > :v', {':v': N('-1.51')}, True),
    _case('n <= :v', {':v': N(5)}, True),
    _case('n < :v', {':v': N(5)}, False),
    _case('n >= :v', {':v': N('4.9999999999999999999999999999999999999')}, True),
    _case('n > :v', {':v': N(5)}, False),
    _case(':v < n', {':v': N(4)}, True),
    # Strings by code point, binaries by unsigned bytes.
    _case('s < :v', {':v': S('dog')}, True),
    _case('s < :v', {':v': S('cat')}, False),
    _case('s <= :v', {':v': S('cat')}, True),
    _case('s > :v', {':v': S('ca')}, True),
    _case('sz < :v', {':v': S('a')}, True),
    _case('b < :v', {':v': B(b'dog')}, True),
    _case('b >= :v', {':v': B(b'cat')}, True),
    _case('bhi > :v', {':v': B(b'\x7f')}, True),
    # Different types, missing attributes and unorderable attributes: false.
    _case('s < :v', {':v': N(10)}, False),
    _case('s > :v', {':v': N(10)}, False),
    _case('n >= :v', {':v': S('0')}, False),
    _case('nope < :v', {':v': N(1)}, False),
    _case(':v < nope', {':v': N(1)}, False),
    _case('nope <= other1', None, False),
    _case('l < :v', {':v': N(1)}, False),
    _case(':v <= ss', {':v': N(1)}, False),
]


@pytest.mark.parametrize('condition,values,expected', COMPARISONS)
def test_comparison(dynamodb, hash_table, doc, condition, values, expected):
    assert _holds(dynamodb, hash_table, doc, condition, values) is expected


BETWEEN_AND_IN = [
    _case('n BETWEEN :a AND :b', {':a': N(1), ':b': N(5)}, True),
    _case('n BETWEEN :a AND :b', {':a': N(5), ':b': N(5)}, True),
    _case('n BETWEEN :a AND :b', {':a': N(6), ':b': N(9)}, False),
    _case('n BETWEEN neg AND n10', None, True),
    _case('s BETWEEN :a AND :b', {':a': S('ca'), ':b': S('cb')}, True),
    _case('b BETWEEN :a AND :b', {':a': B(b'a'), ':b': B(b'cat')}, True),
    _case('n between :a and :b', {':a': N(0), ':b': N(10)}, True),
    _case('n BETWEEN :a AND :b', {':a': S('1'), ':b': S('9')}, False),
    _case('nope BETWEEN :a AND :b', {':a': N(1), ':b': N(9)}, False),
    # Bounds from the item in the wrong order or of another type: just false.
    _case('n BETWEEN n10 AND :b', {':b': N(1)}, False),
    _case('n BETWEEN :a AND s', {':a': N(1)}, False),
    _case('n IN (:a, :b)', {':a': N(1), ':b': N('5.00')}, True),
    _case('n IN (:a, :b)', {':a': N(1), ':b': N(2)}, False),
    _case('n IN (:a)', {':a': S('5')}, False),
    # Operands of mixed types are fine (alternator test_update_condition_in).
    _case('s IN (:a, :b)', {':a': N(5), ':b': S('cat')}, True),
    _case('ss IN (:a, :b)', {':a': {'SS': ['pear', 'apple']}, ':b': S('x')}, True),
    _case('m.x IN (n, n10, neg)', None, False),
    _case('l[1] IN (n, :two)', {':two': N(2)}, True),
    _case('nope IN (:a, :b)', {':a': N(1), ':b': N(2)}, False),
    _case('n in (:a)', {':a': N(5)}, True),
]


@pytest.mark.parametrize('condition,values,expected', BETWEEN_AND_IN)
def test_between_and_in(dynamodb, hash_table, doc, condition, values, expected):
    assert _holds(dynamodb, hash_table, doc, condition, values) is expected


def test_in_with_100_values(dynamodb, hash_table, doc):
    # Constraints: "The maximum number of operands for the IN comparator is
    # 100". (alternator's run against DynamoDB checks 99.)
    values = {f':v{i}': N(i + 100) for i in range(99)}
    assert _holds(dynamodb, hash_table, doc, f'n IN ({", ".join(values)})', values) is False
    values[':five'] = N(5)
    assert len(values) == 100
    assert _holds(dynamodb, hash_table, doc, f'n IN ({", ".join(values)})', values) is True


def test_in_with_101_values_rejected(dynamodb, hash_table, doc):
    # The text is DynamoDB's (quoted from DynamoDB for a FilterExpression in
    # reapit/foundations#8255: "... too many operands; number of operands: 163").
    values = {f':v{i}': N(i) for i in range(101)}
    e = _condition_error(dynamodb, hash_table, doc, f'n IN ({", ".join(values)})', values)
    assert_client_error(e, 'ValidationException', re.compile(
        r'^(?:1 validation error detected: )?Invalid ConditionExpression: The IN operator is provided with too '
        r'many operands; number of operands: \d+$'))


FUNCTIONS = [
    _case('attribute_exists(n)', None, True),
    _case('attribute_exists(nope)', None, False),
    _case('attribute_exists(nul)', None, True),
    _case('attribute_exists(blank)', None, True),
    _case('attribute_exists(pk)', None, True),
    _case('attribute_exists(m.y.z)', None, True),
    _case('attribute_exists(m.y.w)', None, False),
    _case('attribute_exists(m.e)', None, True),
    _case('attribute_exists(l[2][1])', None, True),
    _case('attribute_exists(l[9])', None, False),
    _case('attribute_exists(s.x)', None, False),
    _case('attribute_exists (#n)', None, True),
    _case('attribute_not_exists(nope)', None, True),
    _case('attribute_not_exists(n)', None, False),
    _case('attribute_not_exists(m.y.w)', None, True),
    _case('begins_with(s, :v)', {':v': S('ca')}, True),
    _case('begins_with(s, :v)', {':v': S('cat')}, True),
    _case('begins_with(s, :v)', {':v': S('at')}, False),
    _case('begins_with(s, :v)', {':v': S('Ca')}, False),
    _case('begins_with(b, :v)', {':v': B(b'ca')}, True),
    _case('begins_with(b, :v)', {':v': S('ca')}, False),
    _case('begins_with(m.y.z, :v)', {':v': S('de')}, True),
    # The attribute's type is not checked in advance: false, not an error.
    _case('begins_with(n, :v)', {':v': S('5')}, False),
    _case('begins_with(nope, :v)', {':v': S('a')}, False),
    _case('contains(s, :v)', {':v': S('at')}, True),
    _case('contains(s, :v)', {':v': S('dog')}, False),
    _case('contains(b, :v)', {':v': B(b'at')}, True),
    _case('contains(ss, :v)', {':v': S('pear')}, True),
    # Set membership, not a substring of a member.
    _case('contains(ss, :v)', {':v': S('pea')}, False),
    _case('contains(ns, :v)', {':v': N('2.0')}, True),
    _case('contains(ns, :v)', {':v': S('2')}, False),
    _case('contains(bs, :v)', {':v': B(b'x')}, True),
    # Lists: any element, of any type (alternator test_update_condition_contains).
    _case('contains(l, :v)', {':v': S('dog')}, True),
    _case('contains(l, :v)', {':v': N(2)}, True),
    _case('contains(l, :v)', {':v': {'L': [N(3), N(4)]}}, True),
    _case('contains(l, :v)', {':v': {'SS': ['q', 'p']}}, True),
    _case('contains(l, :v)', {':v': S('do')}, False),
    _case('contains(l[2], :v)', {':v': N(4)}, True),
    _case('contains(n, :v)', {':v': N(5)}, False),
    _case('contains(nope, :v)', {':v': S('a')}, False),
    _case('contains(s, sz)', None, False),
    _case('size(s) = :v', {':v': N(3)}, True),
    _case('size(blank) = :v', {':v': N(0)}, True),
    _case('size(b) = :v', {':v': N(3)}, True),
    _case('size(ss) = :v', {':v': N(2)}, True),
    _case('size(ns) = :v', {':v': N(3)}, True),
    _case('size(bs) = :v', {':v': N(2)}, True),
    _case('size(l) = :v', {':v': N(4)}, True),
    _case('size(m) = :v', {':v': N(3)}, True),
    _case('size(m.e) = :v', {':v': N(0)}, True),
    _case('size(l[2]) = :v', {':v': N(2)}, True),
    # size of a number, boolean or null, or of nothing: the comparison fails.
    _case('size(n) = :v', {':v': N(1)}, False),
    _case('size(bool) = :v', {':v': N(1)}, False),
    _case('size(nul) = :v', {':v': N(1)}, False),
    _case('size(nope) = :v', {':v': N(0)}, False),
    _case('size(s) = :v', {':v': S('3')}, False),
    _case('size(s) <> :v', {':v': N(4)}, True),
    _case('size(s) < :v', {':v': N(4)}, True),
    _case('size(s) >= :v', {':v': N(4)}, False),
    _case('size(l) > size(ss)', None, True),
    _case('size(ss) BETWEEN :a AND :b', {':a': N(1), ':b': N(2)}, True),
    _case('size(s) IN (:a, :b)', {':a': N(1), ':b': N(3)}, True),
    _case('size(s) < n', None, True),
]


@pytest.mark.parametrize('condition,values,expected', FUNCTIONS)
def test_function(dynamodb, hash_table, doc, condition, values, expected):
    names = {'#n': 'n'} if '#n' in condition else None
    assert _holds(dynamodb, hash_table, doc, condition, values, names) is expected


ATTRIBUTE_TYPES = {'S': 's', 'SS': 'ss', 'N': 'n', 'NS': 'ns', 'B': 'b', 'BS': 'bs', 'BOOL': 'bool', 'NULL': 'nul',
                   'L': 'l', 'M': 'm'}


@pytest.mark.parametrize('type_name', list(ATTRIBUTE_TYPES))
def test_attribute_type(dynamodb, hash_table, doc, type_name):
    attribute = ATTRIBUTE_TYPES[type_name]
    assert _holds(dynamodb, hash_table, doc, f'attribute_type({attribute}, :t)', {':t': S(type_name)}) is True
    for other in ATTRIBUTE_TYPES:
        if other != type_name:
            assert _holds(dynamodb, hash_table, doc, f'attribute_type({attribute}, :t)', {':t': S(other)}) is False
    assert _holds(dynamodb, hash_table, doc, 'attribute_type(nope, :t)', {':t': S(type_name)}) is False


def test_attribute_type_of_nested_paths(dynamodb, hash_table, doc):
    assert _holds(dynamodb, hash_table, doc, 'attribute_type(m.y, :t)', {':t': S('M')}) is True
    assert _holds(dynamodb, hash_table, doc, 'attribute_type(l[3], :t)', {':t': S('SS')}) is True
    assert _holds(dynamodb, hash_table, doc, 'attribute_type(l[0], :t)', {':t': S('N')}) is False


def test_attribute_type_unknown_type_name(dynamodb, hash_table, doc):
    # dynalite's grammar (DynamoDB's text); the order of the listed type
    # names differs between captures.
    for name in ('DOG', 's', 'STRING'):
        e = _condition_error(dynamodb, hash_table, doc, 'attribute_type(s, :t)', {':t': S(name)})
        assert_client_error(e, 'ValidationException', re.compile(
            r'^(?:1 validation error detected: )?Invalid ConditionExpression: Invalid attribute type name found; '
            rf'type: {name}, valid types: \{{[A-Z, ]+\}}$'))


def test_attribute_type_needs_a_string_type_name(dynamodb, hash_table, doc):
    e = _condition_error(dynamodb, hash_table, doc, 'attribute_type(s, :t)', {':t': N(1)})
    assert_client_error(e, 'ValidationException', envelope_re(
        'Invalid ConditionExpression: Incorrect operand type for operator or function; '
        'operator or function: attribute_type, operand type: N'))


LOGIC = [
    _case('n < n10 AND n10 > n', None, True),
    _case('n < n10 AND n10 < n', None, False),
    _case('n10 < n OR n < n10', None, True),
    _case('n10 < n OR n10 < neg', None, False),
    # AND binds tighter than OR: T OR (F AND F).
    _case('n < n10 OR n10 < n AND n10 < n', None, True),
    _case('n10 < n AND n10 < n OR n < n10', None, True),
    # NOT binds tighter than AND: (NOT T) AND F, not NOT (T AND F).
    _case('NOT n < n10 AND n10 < n', None, False),
    _case('NOT n10 < n AND n < n10', None, True),
    # Parentheses regroup.
    _case('(n < n10 OR n10 < n) AND n10 < n', None, False),
    _case('NOT (n < n10 AND n10 < n)', None, True),
    _case('(n < n10 OR n10 < n) AND (n10 > n AND (n < n10 OR n10 < n))', None, True),
    # BETWEEN's AND is not the logical one.
    _case('n BETWEEN neg AND n10 AND n < n10', None, True),
    _case('n BETWEEN neg AND n10 AND n10 < n', None, False),
    _case('NOT NOT NOT NOT n < n10', None, True),
    _case('NOT attribute_exists(nope)', None, True),
    _case('attribute_exists(nope) OR contains(ss, :v)', {':v': S('apple')}, True),
    _case('n < n10 aNd n10 > n oR nope = :v', {':v': N(1)}, True),
    _case('nOt n < n10', None, False),
    _case('attribute_not_exists(nope) AND NOT begins_with(s, :v) AND size(l) = :four',
          {':v': S('x'), ':four': N(4)}, True),
]


@pytest.mark.parametrize('condition,values,expected', LOGIC)
def test_logical_operators(dynamodb, hash_table, doc, condition, values, expected):
    assert _holds(dynamodb, hash_table, doc, condition, values) is expected


def test_names_and_reserved_words_through_placeholders(dynamodb, hash_table, random_key):
    # alternator test_update_condition_attribute_reference.
    dynamodb.put_item(TableName=hash_table, Item={'pk': S(random_key), 'and': {'M': {'or': N(2)}}, 'status': S('ok')})
    assert _holds(dynamodb, hash_table, random_key, 'attribute_exists(#a) AND #a.#o = :two AND #s = :ok',
                  {':two': N(2), ':ok': S('ok')}, {'#a': 'and', '#o': 'or', '#s': 'status'}) is True


def test_short_circuit_does_not_make_placeholders_unused(dynamodb, hash_table, random_key):
    # alternator test_update_condition_unused_entries_short_circuit.
    dynamodb.put_item(TableName=hash_table, Item={'pk': S(random_key), 'a': N(1)})
    dynamodb.update_item(TableName=hash_table, Key=_key(random_key), UpdateExpression='SET #n1 = :v3',
                         ConditionExpression='#n1 = :v1 OR #n2 = :v2',
                         ExpressionAttributeNames={'#n1': 'a', '#n2': 'b'},
                         ExpressionAttributeValues={':v1': N(1), ':v2': N(2), ':v3': N(3)})
    assert _get(dynamodb, hash_table, random_key) == {'pk': S(random_key), 'a': N(3)}


# --------------------------------------------------------------------------
# Condition errors

@pytest.mark.parametrize('condition,values,message', [
    # LowVoltage's ExplorationTests list real DynamoDB's answers, exact.
    pytest.param('foo', None, 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "foo"', id='eof'),
    pytest.param('a+:delta<b', {':delta': N(3)}, 'Invalid ConditionExpression: Syntax error; token: "+", near: "a+:delta"',
                 id='plus'),
    pytest.param('foo=:foo', None, 'Invalid ConditionExpression: An expression attribute value used in expression is '
                 'not defined; attribute value: :foo', id='undefined-value'),
    pytest.param('#foo = :v', {':v': N(1)}, 'Invalid ConditionExpression: An expression attribute name used in the '
                 'document path is not defined; attribute name: #foo', id='undefined-name'),
    # dynalite (empty ConditionExpression).
    pytest.param('', None, 'Invalid ConditionExpression: The expression can not be empty;', id='empty'),
    pytest.param('status = :v', {':v': N(1)}, 'Invalid ConditionExpression: Attribute name is a reserved keyword; '
                 'reserved keyword: status', id='reserved'),
    pytest.param('n = :v AND Size = :v', {':v': N(1)}, 'Invalid ConditionExpression: Attribute name is a reserved '
                 'keyword; reserved keyword: Size', id='reserved-mixed-case'),
    # dynalite's grammar and alternator.
    pytest.param('dog(n) = :v', {':v': N(1)}, 'Invalid ConditionExpression: Invalid function name; function: dog',
                 id='unknown-function'),
    pytest.param('ATTRIBUTE_EXISTS(n)', None, 'Invalid ConditionExpression: Invalid function name; function: '
                 'ATTRIBUTE_EXISTS', id='function-case'),
    pytest.param('size(s)', None, 'Invalid ConditionExpression: The function is not allowed to be used this way in an '
                 'expression; function: size', id='size-alone'),
    pytest.param('attribute_exists(s) < :v', {':v': N(1)}, 'Invalid ConditionExpression: The function is not allowed '
                 'to be used this way in an expression; function: attribute_exists', id='boolean-function-operand'),
    pytest.param('attribute_exists(:v)', {':v': N(1)}, 'Invalid ConditionExpression: Operator or function requires a '
                 'document path; operator or function: attribute_exists', id='exists-of-a-value'),
    pytest.param('attribute_not_exists(:v)', {':v': N(1)}, 'Invalid ConditionExpression: Operator or function '
                 'requires a document path; operator or function: attribute_not_exists', id='not-exists-of-a-value'),
    pytest.param('attribute_exists(n, s)', None, 'Invalid ConditionExpression: Incorrect number of operands for '
                 'operator or function; operator or function: attribute_exists, number of operands: 2', id='arity'),
    pytest.param('size(s, s) = :v', {':v': N(1)}, 'Invalid ConditionExpression: Incorrect number of operands for '
                 'operator or function; operator or function: size, number of operands: 2', id='size-arity'),
    pytest.param('begins_with(s, :v)', {':v': N(1)}, 'Invalid ConditionExpression: Incorrect operand type for '
                 'operator or function; operator or function: begins_with, operand type: N', id='begins-with-number'),
    pytest.param('n = n', None, 'Invalid ConditionExpression: The first operand must be distinct from the remaining '
                 'operands for this operator or function; operator: =, first operand: [n]', id='same-operands'),
    pytest.param('contains(m.x, m.x)', None, 'Invalid ConditionExpression: The first operand must be distinct from '
                 'the remaining operands for this operator or function; operator: contains, first operand: [m, x]',
                 id='contains-same-operands'),
    pytest.param('((n = :v))', {':v': N(1)}, 'Invalid ConditionExpression: The expression has redundant '
                 'parentheses;', id='redundant-parentheses'),
    pytest.param('n BETWEEN :b AND :a', {':a': N(1), ':b': N(2)}, 'Invalid ConditionExpression: The BETWEEN '
                 'operator requires upper bound to be greater than or equal to lower bound; lower bound operand: '
                 'AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}', id='between-reversed'),
    pytest.param('n BETWEEN :a AND :b', {':a': N(1), ':b': S('z')}, 'Invalid ConditionExpression: The BETWEEN '
                 'operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: '
                 '{N:1}, upper bound operand: AttributeValue: {S:z}', id='between-mixed'),
])
def test_condition_expression_errors(dynamodb_unvalidated, hash_table, doc, condition, values, message):
    e = _condition_error(dynamodb_unvalidated, hash_table, doc, condition, values)
    assert_client_error(e, 'ValidationException', envelope_re(message))


@pytest.mark.parametrize('condition,values', [
    # alternator: a constant the operator cannot order is an error.
    ('n < :v', {':v': {'L': [N(1)]}}), (':v >= n', {':v': {'L': [N(1)]}}), ('n > :v', {':v': {'BOOL': True}}),
    ('n <= :v', {':v': {'SS': ['a']}}), ('n BETWEEN :a AND :b', {':a': {'L': []}, ':b': {'L': []}}),
])
def test_unorderable_constant_rejected(dynamodb, hash_table, doc, condition, values):
    e = _condition_error(dynamodb, hash_table, doc, condition, values)
    assert_client_error(e, 'ValidationException', re.compile(
        r'^(?:1 validation error detected: )?Invalid ConditionExpression: Incorrect operand type for operator or '
        r'function; operator or function: (<|<=|>|>=|BETWEEN), operand type: [A-Z]+$'))


@pytest.mark.parametrize('function', ['if_not_exists(n, n10) = :v', 'list_append(l, l) = :v'])
def test_update_functions_not_allowed_in_conditions(dynamodb, hash_table, doc, function):
    # alternator test_update_condition_other_funcs: "not allowed".
    e = _condition_error(dynamodb, hash_table, doc, function, {':v': N(1)})
    assert_client_error(e, 'ValidationException', re.compile(
        r'^(?:1 validation error detected: )?Invalid ConditionExpression: The function is not allowed .*'
        r'function: (if_not_exists|list_append)$'))


@pytest.mark.parametrize('condition', ['n', ':v', 'n IN ()', 'n = :v AND', 'NOT', 'n == :v', 'n != :v',
                                       '(n = :v', 'n = :v)', 'n BETWEEN :v', 'n IN :v', 'size(s) > :v + :v',
                                       '_n = :v', 'n = "5"', 'n = 5'])
def test_condition_syntax_errors(dynamodb_unvalidated, hash_table, doc, condition):
    # alternator: a lone value and "IN ()" are syntax errors.
    values = {':v': N(1)} if ':v' in condition else None
    e = _condition_error(dynamodb_unvalidated, hash_table, doc, condition, values)
    assert_client_error(e, 'ValidationException', SYNTAX)


def test_condition_expression_size_limit(dynamodb, hash_table, doc):
    # Constraints: 4 KB per expression string. DynamoDB quoted for a
    # FilterExpression: "Expression size has exceeded the maximum allowed
    # size; expression size: 5872".
    exact = 'n = :v' + ' ' * (4096 - len('n = :v'))
    assert _holds(dynamodb, hash_table, doc, exact, {':v': N(5)}) is True
    e = _condition_error(dynamodb, hash_table, doc, exact + ' ', {':v': N(5)})
    assert_client_error(e, 'ValidationException', re.compile(
        r'^(?:1 validation error detected: )?Invalid ConditionExpression: Expression size has exceeded the maximum '
        r'allowed size;(?: expression size: 4097)?$'))


# --------------------------------------------------------------------------
# The three operations

def test_put_item_condition(dynamodb, hash_table, random_key):
    item = {'pk': S(random_key), 'a': N(1)}
    # Create if absent.
    dynamodb.put_item(TableName=hash_table, Item=item, ConditionExpression='attribute_not_exists(pk)')
    with pytest.raises(ClientError) as e:
        dynamodb.put_item(TableName=hash_table, Item={'pk': S(random_key), 'a': N(9)},
                          ConditionExpression='attribute_not_exists(pk)')
    _expect_conditional_failure(e)
    assert _get(dynamodb, hash_table, random_key) == item
    # The condition sees the old item, not the new one.
    response = dynamodb.put_item(TableName=hash_table, Item={'pk': S(random_key), 'a': N(2)},
                                 ConditionExpression='a = :old', ExpressionAttributeValues={':old': N(1)},
                                 ReturnValues='ALL_OLD')
    assert response['Attributes'] == item
    with pytest.raises(ClientError) as e:
        dynamodb.put_item(TableName=hash_table, Item={'pk': S(random_key), 'a': N(3)},
                          ConditionExpression='a = :old', ExpressionAttributeValues={':old': N(1)})
    _expect_conditional_failure(e)
    assert _get(dynamodb, hash_table, random_key) == {'pk': S(random_key), 'a': N(2)}


def test_delete_item_condition(dynamodb, hash_table, random_key):
    item = {'pk': S(random_key), 'a': N(1)}
    dynamodb.put_item(TableName=hash_table, Item=item)
    with pytest.raises(ClientError) as e:
        dynamodb.delete_item(TableName=hash_table, Key=_key(random_key), ConditionExpression='a = :v',
                             ExpressionAttributeValues={':v': N(2)})
    _expect_conditional_failure(e)
    assert _get(dynamodb, hash_table, random_key) == item
    response = dynamodb.delete_item(TableName=hash_table, Key=_key(random_key), ConditionExpression='a = :v',
                                    ExpressionAttributeValues={':v': N(1)}, ReturnValues='ALL_OLD')
    assert response['Attributes'] == item
    assert _get(dynamodb, hash_table, random_key) is None
    # On a missing item every attribute is missing.
    with pytest.raises(ClientError) as e:
        dynamodb.delete_item(TableName=hash_table, Key=_key(random_key), ConditionExpression='attribute_exists(pk)')
    _expect_conditional_failure(e)
    dynamodb.delete_item(TableName=hash_table, Key=_key(random_key), ConditionExpression='attribute_not_exists(pk)')
    dynamodb.delete_item(TableName=hash_table, Key=_key(random_key), ConditionExpression='a <> :v',
                         ExpressionAttributeValues={':v': N(1)})


def test_update_item_condition(dynamodb, hash_table, random_key):
    # On a missing item the condition sees no attributes, and a failed
    # update creates nothing.
    with pytest.raises(ClientError) as e:
        dynamodb.update_item(TableName=hash_table, Key=_key(random_key), UpdateExpression='SET a = :v',
                             ConditionExpression='attribute_exists(pk)', ExpressionAttributeValues={':v': N(1)})
    _expect_conditional_failure(e)
    assert _get(dynamodb, hash_table, random_key) is None
    dynamodb.update_item(TableName=hash_table, Key=_key(random_key), UpdateExpression='SET a = :a, b = :b',
                         ConditionExpression='attribute_not_exists(a) AND a <> :a',
                         ExpressionAttributeValues={':a': N(42), ':b': N(57)})
    # LowVoltage's ExplorationTests (real DynamoDB): compound conditions,
    # SET and ADD together, conditions between two attributes.
    values = {':old_a': N(42), ':new_a': N(43), ':max_b': N(60), ':incr_b': N(2)}
    response = dynamodb.update_item(
        TableName=hash_table, Key=_key(random_key), UpdateExpression='SET a=:new_a ADD b :incr_b',
        ConditionExpression='(a=:old_a AND b<:max_b) OR (a=:new_a AND b<:max_b)', ReturnValues='ALL_NEW',
        ExpressionAttributeValues=values)
    assert response['Attributes'] == {'pk': S(random_key), 'a': N(43), 'b': N(59)}
    response = dynamodb.update_item(
        TableName=hash_table, Key=_key(random_key), UpdateExpression='SET a=:new_a ADD b :incr_b',
        ConditionExpression='(a=:old_a OR a=:new_a) AND b<:max_b', ReturnValues='ALL_NEW',
        ExpressionAttributeValues=values)
    assert response['Attributes'] == {'pk': S(random_key), 'a': N(43), 'b': N(61)}
    response = dynamodb.update_item(TableName=hash_table, Key=_key(random_key), UpdateExpression='SET a=:new_a',
                                    ConditionExpression='a<b', ExpressionAttributeValues={':new_a': N(44)},
                                    ReturnValues='ALL_NEW')
    assert response['Attributes'] == {'pk': S(random_key), 'a': N(44), 'b': N(61)}
    with pytest.raises(ClientError) as e:
        dynamodb.update_item(TableName=hash_table, Key=_key(random_key), UpdateExpression='REMOVE a',
                             ConditionExpression='a > b')
    _expect_conditional_failure(e)
    assert _get(dynamodb, hash_table, random_key) == {'pk': S(random_key), 'a': N(44), 'b': N(61)}


@pytest.mark.parametrize('request_parameters', [
    # dynalite updateItem.js ("expecting non-existent key to exist"): an
    # UpdateItem with a condition and no update at all.
    dict(Expected={'pk': {'Value': S('x')}}),
    dict(Expected={'pk': {'ComparisonOperator': 'NOT_NULL'}}),
    dict(ConditionExpression='pk = :a', ExpressionAttributeValues={':a': S('x')}),
    dict(ConditionExpression='#a = :a', ExpressionAttributeNames={'#a': 'pk'}, ExpressionAttributeValues={':a': S('x')}),
    dict(ConditionExpression='attribute_exists(pk)'),
    dict(ConditionExpression='attribute_exists(#a)', ExpressionAttributeNames={'#a': 'pk'}),
], ids=['Value', 'NOT_NULL', 'equals', 'equals-placeholder', 'exists', 'exists-placeholder'])
def test_condition_only_update_of_a_missing_item(dynamodb, hash_table, random_key, request_parameters):
    with pytest.raises(ClientError) as e:
        dynamodb.update_item(TableName=hash_table, Key=_key(random_key), **request_parameters)
    _expect_conditional_failure(e)
    assert _get(dynamodb, hash_table, random_key) is None


def test_condition_only_update_creates_the_item(dynamodb, hash_table, random_key):
    # Without an update UpdateItem still writes the item (dynalite "should
    # just add item with key if no action"), here behind a true condition.
    response = dynamodb.update_item(TableName=hash_table, Key=_key(random_key),
                                    ConditionExpression='attribute_not_exists(pk)', ReturnValues='ALL_NEW')
    assert response['Attributes'] == {'pk': S(random_key)}
    assert _get(dynamodb, hash_table, random_key) == {'pk': S(random_key)}


def test_condition_on_a_range_table_key(dynamodb, range_table, random_key):
    key = {'pk': S(random_key), 'sk': N(7)}
    dynamodb.put_item(TableName=range_table, Item={**key, 'v': S('x')})
    dynamodb.update_item(TableName=range_table, Key=key, UpdateExpression='SET v = :v',
                         ConditionExpression='sk = :seven AND pk = :pk',
                         ExpressionAttributeValues={':v': S('y'), ':seven': N('7.0'), ':pk': S(random_key)})
    with pytest.raises(ClientError) as e:
        dynamodb.delete_item(TableName=range_table, Key=key, ConditionExpression='sk > :seven',
                             ExpressionAttributeValues={':seven': N(7)})
    _expect_conditional_failure(e)
    assert dynamodb.get_item(TableName=range_table, Key=key, ConsistentRead=True)['Item']['v'] == S('y')


# --------------------------------------------------------------------------
# ReturnValuesOnConditionCheckFailure

def test_return_values_on_condition_check_failure(dynamodb, hash_table, random_key):
    # alternator test_returnvalues.py (against DynamoDB): the item comes back
    # as "Item" in the error; nothing when there was no item or with NONE.
    calls = {
        'put': lambda **kw: dynamodb.put_item(TableName=hash_table, Item={'pk': S(random_key), 's': S('new')}, **kw),
        'update': lambda **kw: dynamodb.update_item(TableName=hash_table, Key=_key(random_key),
                                                    UpdateExpression='SET s = :new', **kw),
        'delete': lambda **kw: dynamodb.delete_item(TableName=hash_table, Key=_key(random_key), **kw),
    }
    for name, call in calls.items():
        dynamodb.delete_item(TableName=hash_table, Key=_key(random_key))
        values = {':v': S('dog')}
        if name == 'update':
            values[':new'] = S('new')
        with pytest.raises(ClientError) as e:
            call(ConditionExpression='s = :v', ExpressionAttributeValues=values,
                 ReturnValuesOnConditionCheckFailure='ALL_OLD')
        _expect_conditional_failure(e)
        assert 'Item' not in e.value.response, name
        item = {'pk': S(random_key), 's': S('cat'), 'n': N('1.50')}
        dynamodb.put_item(TableName=hash_table, Item=item)
        with pytest.raises(ClientError) as e:
            call(ConditionExpression='s = :v', ExpressionAttributeValues=values,
                 ReturnValuesOnConditionCheckFailure='ALL_OLD')
        _expect_conditional_failure(e)
        assert e.value.response['Item'] == {'pk': S(random_key), 's': S('cat'), 'n': N('1.5')}, name
        with pytest.raises(ClientError) as e:
            call(ConditionExpression='s = :v', ExpressionAttributeValues=values,
                 ReturnValuesOnConditionCheckFailure='NONE')
        _expect_conditional_failure(e)
        assert 'Item' not in e.value.response, name
        # A successful write returns neither Item nor Attributes.
        values[':v'] = S('cat')
        response = call(ConditionExpression='s = :v', ExpressionAttributeValues=values,
                        ReturnValuesOnConditionCheckFailure='ALL_OLD')
        assert 'Item' not in response and 'Attributes' not in response, name


@pytest.mark.parametrize('value', ['UPDATED_OLD', 'ALL_NEW', 'DUMMY'])
def test_return_values_on_condition_check_failure_values(dynamodb_unvalidated, hash_table, random_key, value):
    # alternator: only ALL_OLD and NONE.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.put_item(TableName=hash_table, Item={'pk': S(random_key)},
                                      ConditionExpression='attribute_not_exists(pk)',
                                      ReturnValuesOnConditionCheckFailure=value)
    assert_client_error(e, 'ValidationException', re.compile(
        rf"^1 validation error detected: Value (?:'{value}' )?at '[rR]eturnValuesOnConditionCheckFailure' failed to "
        r"satisfy constraint: Member must satisfy enum value set: \[(ALL_OLD, NONE|NONE, ALL_OLD)\]$"))
    assert _get(dynamodb_unvalidated, hash_table, random_key) is None


# --------------------------------------------------------------------------
# Optimistic locking

def test_optimistic_locking(dynamodb, hash_table, random_key):
    dynamodb.put_item(TableName=hash_table, Item={'pk': S(random_key), 'version': N(1), 'body': S('v1')})
    response = dynamodb.update_item(
        TableName=hash_table, Key=_key(random_key), ConditionExpression='version = :expected',
        UpdateExpression='SET body = :body, version = version + :one', ReturnValues='UPDATED_NEW',
        ExpressionAttributeValues={':expected': N(1), ':one': N(1), ':body': S('v2')})
    assert response['Attributes'] == {'body': S('v2'), 'version': N(2)}
    # A writer holding the stale version loses and changes nothing.
    with pytest.raises(ClientError) as e:
        dynamodb.update_item(
            TableName=hash_table, Key=_key(random_key), ConditionExpression='version = :expected',
            UpdateExpression='SET body = :body, version = version + :one', ReturnValuesOnConditionCheckFailure='ALL_OLD',
            ExpressionAttributeValues={':expected': N(1), ':one': N(1), ':body': S('stale')})
    _expect_conditional_failure(e)
    assert e.value.response['Item'] == {'pk': S(random_key), 'version': N(2), 'body': S('v2')}
    assert _get(dynamodb, hash_table, random_key) == {'pk': S(random_key), 'version': N(2), 'body': S('v2')}
    # A versioned delete.
    with pytest.raises(ClientError) as e:
        dynamodb.delete_item(TableName=hash_table, Key=_key(random_key), ConditionExpression='version = :v',
                             ExpressionAttributeValues={':v': N(1)})
    _expect_conditional_failure(e)
    dynamodb.delete_item(TableName=hash_table, Key=_key(random_key), ConditionExpression='version = :v',
                         ExpressionAttributeValues={':v': N(2)})
    assert _get(dynamodb, hash_table, random_key) is None


# --------------------------------------------------------------------------
# Legacy Expected / ConditionalOperator

def _put_expected(client, table, item, expected, **request):
    return client.put_item(TableName=table, Item=item, Expected=expected, **request)


def test_expected_exists_and_value(dynamodb, hash_table, random_key):
    # dynalite putItem.js ("legacy" cases), against DynamoDB.
    item = {'pk': S(random_key), 'b': S('x')}
    with pytest.raises(ClientError) as e:
        _put_expected(dynamodb, hash_table, item, {'pk': {'Value': S(random_key)}})
    _expect_conditional_failure(e)
    _put_expected(dynamodb, hash_table, item, {'pk': {'Exists': False}})
    with pytest.raises(ClientError) as e:
        _put_expected(dynamodb, hash_table, item, {'pk': {'Exists': False}})
    _expect_conditional_failure(e)
    _put_expected(dynamodb, hash_table, item, {'pk': {'Value': S(random_key)}, 'c': {'Exists': False}})
    _put_expected(dynamodb, hash_table, item, {'b': {'Value': S('x'), 'Exists': True}})
    for expected in ({'b': {'Exists': False}}, {'b': {'Value': S('y')}}, {'b': {'Value': N(1)}},
                     {'pk': {'Value': S(random_key)}, 'c': {'Exists': False}, 'b': {'Value': S('z')}}):
        with pytest.raises(ClientError) as e:
            _put_expected(dynamodb, hash_table, {'pk': S(random_key), 'b': S('changed')}, expected)
        _expect_conditional_failure(e)
    assert _get(dynamodb, hash_table, random_key) == item


LEGACY_OPERATORS = [
    # dynalite putItem.js ("should succeed/fail if condition is valid: ..."),
    # attribute a = 'b' (S), n = 5.
    ('a', 'EQ', [S('b')], True), ('a', 'EQ', [S('c')], False),
    ('a', 'NE', [S('c')], True), ('a', 'NE', [S('b')], False), ('nope', 'NE', [S('b')], True),
    ('a', 'LE', [S('c')], True), ('a', 'LE', [S('a')], False),
    ('a', 'LT', [S('c')], True), ('a', 'LT', [S('b')], False),
    ('a', 'GE', [S('a')], True), ('a', 'GE', [S('c')], False),
    ('a', 'GT', [S('a')], True), ('a', 'GT', [S('b')], False),
    ('n', 'GT', [N('4.9')], True), ('n', 'LT', [N('10')], True),
    ('a', 'NOT_NULL', [], True), ('nope', 'NOT_NULL', [], False),
    ('nope', 'NULL', [], True), ('a', 'NULL', [], False),
    ('h', 'CONTAINS', [S('ell')], True), ('h', 'CONTAINS', [S('bye')], False),
    ('ss', 'CONTAINS', [S('y')], True), ('ss', 'CONTAINS', [S('q')], False),
    ('h', 'NOT_CONTAINS', [S('bye')], True), ('h', 'NOT_CONTAINS', [S('ell')], False),
    ('h', 'BEGINS_WITH', [S('he')], True), ('h', 'BEGINS_WITH', [S('el')], False),
    ('a', 'IN', [S('c'), S('b')], True), ('a', 'IN', [S('c')], False),
    ('a', 'BETWEEN', [S('a'), S('c')], True), ('a', 'BETWEEN', [S('c'), S('d')], False),
    ('n', 'BETWEEN', [N(5), N(5)], True), ('n', 'EQ', [S('5')], False),
]


@pytest.mark.parametrize('attribute,operator,arguments,expected', LEGACY_OPERATORS,
                         ids=[f'{a}-{o}-{e}' for a, o, _, e in LEGACY_OPERATORS])
def test_expected_comparison_operators(dynamodb, hash_table, random_key, attribute, operator, arguments, expected):
    item = {'pk': S(random_key), 'a': S('b'), 'n': N(5), 'h': S('hello'), 'ss': {'SS': ['x', 'y']}}
    dynamodb.put_item(TableName=hash_table, Item=item)
    condition = {'ComparisonOperator': operator}
    if arguments:
        condition['AttributeValueList'] = arguments
    new_item = {**item, 'touched': {'BOOL': True}}
    if expected:
        _put_expected(dynamodb, hash_table, new_item, {attribute: condition})
        assert _get(dynamodb, hash_table, random_key) == new_item
    else:
        with pytest.raises(ClientError) as e:
            _put_expected(dynamodb, hash_table, new_item, {attribute: condition})
        _expect_conditional_failure(e)
        assert _get(dynamodb, hash_table, random_key) == item


def test_expected_value_with_comparison_operator(dynamodb, hash_table, random_key):
    # dynalite ("legacy plus ComparisonOperator"): Value stands in for a
    # one-element AttributeValueList.
    item = {'pk': S(random_key), 'c': S('m')}
    dynamodb.put_item(TableName=hash_table, Item=item)
    _put_expected(dynamodb, hash_table, item, {'pk': {'Value': S(random_key), 'ComparisonOperator': 'EQ'},
                                               'c': {'Value': S('a'), 'ComparisonOperator': 'GE'}})


def test_expected_conditional_operator(dynamodb, hash_table, random_key):
    # dynalite: AND by default, OR when asked.
    item = {'pk': S(random_key), 'c': S('c')}
    dynamodb.put_item(TableName=hash_table, Item=item)
    expected = {'pk': {'ComparisonOperator': 'EQ', 'AttributeValueList': [S(random_key)]},
                'b': {'ComparisonOperator': 'NULL'},
                'c': {'ComparisonOperator': 'EQ', 'AttributeValueList': [S('other')]}}
    for extra in ({}, {'ConditionalOperator': 'AND'}):
        with pytest.raises(ClientError) as e:
            _put_expected(dynamodb, hash_table, item, expected, **extra)
        _expect_conditional_failure(e)
    _put_expected(dynamodb, hash_table, item, expected, ConditionalOperator='OR')
    with pytest.raises(ClientError) as e:
        _put_expected(dynamodb, hash_table, item, {
            'b': {'ComparisonOperator': 'NOT_NULL'},
            'c': {'ComparisonOperator': 'EQ', 'AttributeValueList': [S('other')]}}, ConditionalOperator='OR')
    _expect_conditional_failure(e)


def test_expected_on_update_and_delete(dynamodb, hash_table, random_key):
    # dynalite updateItem.js ("boolean value expect matches") and deleteItem.
    dynamodb.put_item(TableName=hash_table, Item={'pk': S(random_key), 'active': {'BOOL': False}})
    response = dynamodb.update_item(TableName=hash_table, Key=_key(random_key), ReturnValues='UPDATED_NEW',
                                    Expected={'active': {'Value': {'BOOL': False}, 'Exists': True}},
                                    AttributeUpdates={'active': {'Action': 'PUT', 'Value': {'BOOL': True}}})
    assert response['Attributes'] == {'active': {'BOOL': True}}
    with pytest.raises(ClientError) as e:
        dynamodb.update_item(TableName=hash_table, Key=_key(random_key),
                             Expected={'active': {'Value': {'BOOL': False}}},
                             AttributeUpdates={'active': {'Action': 'DELETE'}},
                             ReturnValuesOnConditionCheckFailure='ALL_OLD')
    _expect_conditional_failure(e)
    assert e.value.response['Item'] == {'pk': S(random_key), 'active': {'BOOL': True}}
    with pytest.raises(ClientError) as e:
        dynamodb.delete_item(TableName=hash_table, Key=_key(random_key),
                             Expected={'active': {'ComparisonOperator': 'NULL'}})
    _expect_conditional_failure(e)
    dynamodb.delete_item(TableName=hash_table, Key=_key(random_key),
                         Expected={'active': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'BOOL': True}]}})
    assert _get(dynamodb, hash_table, random_key) is None


@pytest.mark.parametrize('expected,message', [
    # dynalite putItem.js, exact.
    ({'a': {}}, 'Value must be provided when Exists is null for Attribute: a'),
    ({'a': {'Exists': True}}, 'Value must be provided when Exists is true for Attribute: a'),
    ({'a': {'Exists': False, 'Value': S('a')}}, 'Value cannot be used when Exists is false for Attribute: a'),
    ({'a': {'ComparisonOperator': 'LT'}},
     'Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a'),
    ({'a': {'Exists': True, 'ComparisonOperator': 'LT'}},
     'Exists and ComparisonOperator cannot be used together for Attribute: a'),
    ({'a': {'AttributeValueList': [S('a')], 'Value': S('a'), 'ComparisonOperator': 'LT'}},
     'Value and AttributeValueList cannot be used together for Attribute: a'),
    ({'a': {'AttributeValueList': [S('a')]}},
     'AttributeValueList can only be used with a ComparisonOperator for Attribute: a'),
    ({'a': {'Exists': True, 'AttributeValueList': [S('a')]}},
     'AttributeValueList can only be used with a ComparisonOperator for Attribute: a'),
    ({'a': {'AttributeValueList': [], 'ComparisonOperator': 'EQ'}},
     'Invalid number of argument(s) for the EQ ComparisonOperator'),
    ({'a': {'AttributeValueList': [S('a')], 'ComparisonOperator': 'NULL'}},
     'Invalid number of argument(s) for the NULL ComparisonOperator'),
    ({'a': {'AttributeValueList': [], 'ComparisonOperator': 'IN'}},
     'Invalid number of argument(s) for the IN ComparisonOperator'),
    ({'a': {'AttributeValueList': [N(1), N(10), N(12)], 'ComparisonOperator': 'BETWEEN'}},
     'Invalid number of argument(s) for the BETWEEN ComparisonOperator'),
    ({'a': {'Value': S('a'), 'ComparisonOperator': 'NULL'}},
     'Invalid number of argument(s) for the NULL ComparisonOperator'),
    ({'a': {'Value': S('a'), 'ComparisonOperator': 'BETWEEN'}},
     'Invalid number of argument(s) for the BETWEEN ComparisonOperator'),
])
def test_expected_validation(dynamodb_unvalidated, hash_table, random_key, expected, message):
    with pytest.raises(ClientError) as e:
        _put_expected(dynamodb_unvalidated, hash_table, {'pk': S(random_key)}, expected)
    assert_client_error(e, 'ValidationException', envelope_re(INVALID + message))
    assert _get(dynamodb_unvalidated, hash_table, random_key) is None


@pytest.mark.parametrize('operation', ['put', 'delete', 'update'])
def test_expected_with_condition_expression_rejected(dynamodb_unvalidated, hash_table, random_key, operation):
    # dynalite ("expression and non-expression"), exact.
    request = dict(TableName=hash_table, Expected={'a': {'Exists': False}}, ConditionExpression='attribute_exists(a)')
    if operation == 'put':
        call = dynamodb_unvalidated.put_item
        request['Item'] = {'pk': S(random_key)}
    else:
        call = getattr(dynamodb_unvalidated, f'{operation}_item')
        request['Key'] = _key(random_key)
    with pytest.raises(ClientError) as e:
        call(**request)
    assert_client_error(e, 'ValidationException', envelope_re(
        'Can not use both expression and non-expression parameters in the same request: '
        'Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}'))


# --------------------------------------------------------------------------
# ConditionalOperator beside fewer than two legacy conditions, and the order
# of the mixing message's lists. The texts are DynamoDB Local's error codes
# (COND_OP_WITHOUT_FILTER_OR_EXPECTED, COND_OP_WITH_ONE_ELEMENT); ExtendDB's
# suite, run against DynamoDB in 2026 (tests/.../conditional operator
# validation and expression-parameter mixing), gets them and these orders
# from DynamoDB.

WITHOUT = 'ConditionalOperator cannot be used without Filter or Expected'
ONE = 'ConditionalOperator can only be used when Filter or Expected has two or more elements'
EQ_X = {'ComparisonOperator': 'EQ', 'AttributeValueList': [S('x')]}


def _mixing(legacy, expressions):
    return ('Can not use both expression and non-expression parameters in the same request: '
            f'Non-expression parameters: {{{legacy}}} Expression parameters: {{{expressions}}}')


CONDITIONAL_OPERATOR_CASES = [
    ('scan-alone', 'scan', {}, WITHOUT),
    ('scan-empty-filter', 'scan', {'ScanFilter': {}}, WITHOUT),
    ('scan-one-condition', 'scan', {'ScanFilter': {'a': EQ_X}}, ONE),
    ('scan-attributes-to-get', 'scan', {'AttributesToGet': ['a']}, WITHOUT),
    ('query-key-conditions-only', 'query', {'KeyConditions': {'pk': EQ_X}}, WITHOUT),
    ('query-nothing-else', 'query', {}, WITHOUT),
    ('query-one-condition', 'query', {'KeyConditions': {'pk': EQ_X}, 'QueryFilter': {'a': EQ_X}}, ONE),
    ('put-alone', 'put_item', {'Item': {'pk': S('x')}}, WITHOUT),
    ('put-empty-expected', 'put_item', {'Item': {'pk': S('x')}, 'Expected': {}}, WITHOUT),
    ('put-one-condition', 'put_item', {'Item': {'pk': S('x')}, 'Expected': {'a': EQ_X}}, ONE),
    ('delete-alone', 'delete_item', {'Key': {'pk': S('x')}}, WITHOUT),
    ('delete-one-condition', 'delete_item', {'Key': {'pk': S('x')}, 'Expected': {'a': EQ_X}}, ONE),
    ('update-alone', 'update_item', {'Key': {'pk': S('x')}}, WITHOUT),
    ('update-attribute-updates', 'update_item',
     {'Key': {'pk': S('x')}, 'AttributeUpdates': {'a': {'Value': S('v'), 'Action': 'PUT'}}}, WITHOUT),
]


@pytest.mark.parametrize('operation,extra,message', [c[1:] for c in CONDITIONAL_OPERATOR_CASES],
                         ids=[c[0] for c in CONDITIONAL_OPERATOR_CASES])
def test_conditional_operator_needs_two_conditions(dynamodb_unvalidated, hash_table, operation, extra, message):
    with pytest.raises(ClientError) as e:
        getattr(dynamodb_unvalidated, operation)(TableName=hash_table, ConditionalOperator='AND', **extra)
    assert_client_error(e, 'ValidationException', envelope_re(message))
    assert 'Item' not in dynamodb_unvalidated.get_item(TableName=hash_table, Key={'pk': S('x')})


MIXING_ORDER_CASES = [
    ('scan', {'AttributesToGet': ['a'], 'ScanFilter': {'a': EQ_X}, 'ConditionalOperator': 'AND',
              'FilterExpression': 'a = :v', 'ProjectionExpression': 'b', 'ExpressionAttributeValues': {':v': S('x')}},
     _mixing('AttributesToGet, ScanFilter, ConditionalOperator', 'ProjectionExpression, FilterExpression')),
    ('query', {'KeyConditions': {'pk': EQ_X}, 'QueryFilter': {'a': EQ_X}, 'ConditionalOperator': 'AND',
               'KeyConditionExpression': 'pk = :p', 'FilterExpression': 'a = :v', 'ProjectionExpression': 'b',
               'ExpressionAttributeValues': {':p': S('x'), ':v': S('x')}},
     _mixing('QueryFilter, ConditionalOperator, KeyConditions',
             'ProjectionExpression, FilterExpression, KeyConditionExpression')),
    ('update_item', {'Key': {'pk': S('x')}, 'AttributeUpdates': {'a': {'Value': S('v'), 'Action': 'PUT'}},
                     'Expected': {'a': EQ_X}, 'ConditionalOperator': 'AND', 'UpdateExpression': 'SET a = :v',
                     'ConditionExpression': 'attribute_exists(pk)', 'ExpressionAttributeValues': {':v': S('x')}},
     _mixing('AttributeUpdates, Expected, ConditionalOperator', 'UpdateExpression, ConditionExpression')),
    ('put_item', {'Item': {'pk': S('x')}, 'Expected': {'a': EQ_X}, 'ConditionalOperator': 'AND',
                  'ConditionExpression': 'attribute_exists(pk)'},
     _mixing('Expected, ConditionalOperator', 'ConditionExpression')),
    # The mixing error comes before the ConditionalOperator rule and the
    # unused-value check.
    ('scan', {'ConditionalOperator': 'AND', 'FilterExpression': 'a = :v',
              'ExpressionAttributeValues': {':v': S('x'), ':unused': S('y')}},
     _mixing('ConditionalOperator', 'FilterExpression')),
]


@pytest.mark.parametrize('operation,extra,message', MIXING_ORDER_CASES)
def test_mixing_message_order(dynamodb_unvalidated, hash_table, operation, extra, message):
    with pytest.raises(ClientError) as e:
        getattr(dynamodb_unvalidated, operation)(TableName=hash_table, **extra)
    assert_client_error(e, 'ValidationException', envelope_re(message))
