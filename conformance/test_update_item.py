"""UpdateItem: UpdateExpression (SET, REMOVE, ADD, DELETE), AttributeUpdates,
ReturnValues, key protection, size limits and the expression errors.

Behaviour from the API Reference (UpdateItem: "Edits an existing item's
attributes, or adds a new item to the table if it does not already exist";
ReturnValues NONE/ALL_OLD/UPDATED_OLD/ALL_NEW/UPDATED_NEW; AttributeUpdates
and AttributeValueUpdate: PUT is the default action, DELETE without a value
removes the attribute, ADD adds numbers and set members) and the Developer
Guide ("Update expressions": SET with `+`/`-`, if_not_exists and
list_append, "If the element does not already exist, SET will append the
new element at the end of the list ... the elements are sorted in order by
element number"; REMOVE of list elements shifts the remaining ones; ADD
"only supports number and set data types", an absent number counts as 0;
DELETE removes set members; each clause at most once; "Constraints":
numbers have 38 digits of precision, magnitude up to
9.9999999999999999999999999999999999999E+125, items at most 400 KB;
"Reserved words").

Error texts as observed on DynamoDB by dynalite's test/updateItem.js
(recorded against DynamoDB), scylladb's test/alternator tests
(test_update_expression.py, test_returnvalues.py, test_number.py, run
against DynamoDB), and messages quoted from DynamoDB in public issues (cited
where used). Messages are compared exactly modulo the "1 validation error
detected: " envelope (util.envelope_re) where those sources give the text;
otherwise a stable part is matched.
"""

import re
from decimal import Decimal

import pytest
from botocore.exceptions import ClientError

import util
from util import assert_client_error, envelope_re, S, N

pytestmark = pytest.mark.expressions

INVALID = 'One or more parameter values were invalid: '
KEY_UPDATE = envelope_re(f'{INVALID}Cannot update attribute pk. This attribute is part of the key')
MISSING_OPERAND = envelope_re('The provided expression refers to an attribute that does not exist in the item')
BAD_PATH = envelope_re('The document path provided in the update expression is invalid for update')
WRONG_TYPE = envelope_re('An operand in the update expression has an incorrect data type')
UPDATE_TOO_BIG = envelope_re('Item size to update has exceeded the maximum allowed size')
OVERFLOW = envelope_re('Number overflow. Attempting to store a number with magnitude larger than supported range')
SYNTAX = re.compile(r'^(?:1 validation error detected: )?Invalid UpdateExpression: Syntax error; token: ".*", '
                    r'near: ".*"$')


def _key(pk):
    return {'pk': {'S': pk}}


def _get(client, table, pk):
    return client.get_item(TableName=table, Key=_key(pk), ConsistentRead=True).get('Item')


def _put(client, table, pk, **attributes):
    item = {'pk': {'S': pk}, **attributes}
    client.put_item(TableName=table, Item=item)
    return item


def _update(client, table, pk, expression=None, values=None, names=None, **request):
    request.update(TableName=table, Key=_key(pk))
    if expression is not None:
        request['UpdateExpression'] = expression
    if values is not None:
        request['ExpressionAttributeValues'] = values
    if names is not None:
        request['ExpressionAttributeNames'] = names
    return client.update_item(**request)


def _update_error(client, table, pk, expression=None, values=None, names=None, **request):
    with pytest.raises(ClientError) as e:
        _update(client, table, pk, expression, values, names, **request)
    return e


def _canonical(value):
    """An AttributeValue with set members sorted, for order-free comparison."""
    if isinstance(value, dict) and len(value) == 1:
        (kind, inner), = value.items()
        if kind == 'NS':
            return {kind: sorted(Decimal(n) for n in inner)}
        if kind in ('SS', 'BS'):
            return {kind: sorted(inner)}
        if kind == 'M':
            return {kind: {k: _canonical(v) for k, v in inner.items()}}
        if kind == 'L':
            return {kind: [_canonical(v) for v in inner]}
        return value
    return {k: _canonical(v) for k, v in value.items()}


# --------------------------------------------------------------------------
# SET

def test_set_creates_the_item_and_merges(dynamodb, hash_table, random_key):
    _update(dynamodb, hash_table, random_key, 'SET a = :s, b = :n', {':s': S('hello'), ':n': N(4)})
    assert _get(dynamodb, hash_table, random_key) == {'pk': S(random_key), 'a': S('hello'), 'b': N(4)}
    # UpdateItem edits the item; attributes it does not name stay.
    _update(dynamodb, hash_table, random_key, 'SET c = :t', {':t': {'BOOL': True}})
    assert _get(dynamodb, hash_table, random_key) == {
        'pk': S(random_key), 'a': S('hello'), 'b': N(4), 'c': {'BOOL': True}}
    # Clause keywords are case-insensitive (alternator, run against DynamoDB).
    _update(dynamodb, hash_table, random_key, '  sEt   a=:s  ', {':s': S('again')})
    assert _get(dynamodb, hash_table, random_key)['a'] == S('again')


def test_set_every_type_and_empty_documents(dynamodb, hash_table, random_key):
    values = {':s': S(''), ':b': {'B': b'\x00\xff'}, ':n': N('-1.5'), ':bool': {'BOOL': False},
              ':null': {'NULL': True}, ':ss': {'SS': ['x', 'y']}, ':ns': {'NS': ['1', '2']},
              ':bs': {'BS': [b'a', b'b']}, ':l': {'L': []}, ':m': {'M': {}}}
    expression = 'SET ' + ', '.join(f'a{i} = {name}' for i, name in enumerate(values))
    _update(dynamodb, hash_table, random_key, expression, values)
    got = _get(dynamodb, hash_table, random_key)
    for i, value in enumerate(values.values()):
        assert _canonical(got[f'a{i}']) == _canonical(value)


def test_set_copies_another_attribute(dynamodb, hash_table, random_key):
    _put(dynamodb, hash_table, random_key, a=S('hello'), m={'M': {'x': {'L': [N(1), N(7)]}}})
    _update(dynamodb, hash_table, random_key, 'SET b = a, c = m.x[1], #d = #pk', names={'#d': 'd', '#pk': 'pk'})
    got = _get(dynamodb, hash_table, random_key)
    assert (got['b'], got['c'], got['d']) == (S('hello'), N(7), S(random_key))
    # Attributes are read before anything is written: "REMOVE a SET e = a" works.
    _update(dynamodb, hash_table, random_key, 'REMOVE a SET e = a')
    got = _get(dynamodb, hash_table, random_key)
    assert 'a' not in got and got['e'] == S('hello')


@pytest.mark.parametrize('expression', ['SET c = nope', 'SET c = nope.x', 'SET c = e[3]',
                                        'SET x = :one, y = x'])
def test_set_from_a_missing_attribute_rejected(dynamodb, hash_table, random_key, expression):
    # dynalite ("reference non-existent attribute"); alternator: even
    # "SET x = :one, y = x" fails, the read happens before the write.
    _put(dynamodb, hash_table, random_key, e=S('not a list'))
    values = {':one': N(1)} if ':one' in expression else None
    e = _update_error(dynamodb, hash_table, random_key, expression, values)
    assert_client_error(e, 'ValidationException', MISSING_OPERAND)
    assert _get(dynamodb, hash_table, random_key) == {'pk': S(random_key), 'e': S('not a list')}


def test_set_nested_map_paths(dynamodb, hash_table, random_key):
    _put(dynamodb, hash_table, random_key,
         m={'M': {'x': N(3), 'y': {'M': {'z': S('old'), 'keep': N(1)}}, 'l': {'L': [S('a'), {'M': {}}]}}})
    _update(dynamodb, hash_table, random_key, 'SET m.y.z = :v, m.w = :w, #m.#l[1].#new = :v, m.#dot = :w',
            {':v': S('new'), ':w': N(9)}, {'#m': 'm', '#l': 'l', '#new': 'added', '#dot': 'a.b'})
    assert _get(dynamodb, hash_table, random_key)['m'] == {'M': {
        'x': N(3), 'y': {'M': {'z': S('new'), 'keep': N(1)}}, 'w': N(9), 'a.b': N(9),
        'l': {'L': [S('a'), {'M': {'added': S('new')}}]}}}


def test_set_placeholder_with_a_dot_is_one_top_level_name(dynamodb, hash_table, random_key):
    # alternator (test_update_expression_dot_in_name, run against DynamoDB).
    _update(dynamodb, hash_table, random_key, 'SET #a = :v', {':v': N(3)}, {'#a': 'a.b'})
    assert _get(dynamodb, hash_table, random_key) == {'pk': S(random_key), 'a.b': N(3)}


def test_set_replaces_a_nested_value_of_another_type(dynamodb, hash_table, random_key):
    _put(dynamodb, hash_table, random_key, a={'M': {'b': N(3), 'c': {'M': {'one': N(1)}}}})
    _update(dynamodb, hash_table, random_key, 'SET a.c = :v', {':v': {'L': [N(7)]}})
    assert _get(dynamodb, hash_table, random_key)['a'] == {'M': {'b': N(3), 'c': {'L': [N(7)]}}}


def test_set_list_index(dynamodb, hash_table, random_key):
    _put(dynamodb, hash_table, random_key, l={'L': [S('one'), S('two'), {'L': [N(1), N(2)]}]})
    _update(dynamodb, hash_table, random_key, 'SET l[1] = :v, l[2][0] = :w', {':v': S('hello'), ':w': N(10)})
    assert _get(dynamodb, hash_table, random_key)['l'] == {'L': [S('one'), S('hello'), {'L': [N(10), N(2)]}]}


def test_set_list_index_past_the_end_appends(dynamodb, hash_table, random_key):
    # Developer Guide: SET of an element that does not exist appends it; several
    # are appended in order of element number.
    _put(dynamodb, hash_table, random_key, l={'L': [S('one'), S('two'), S('three')]})
    _update(dynamodb, hash_table, random_key, 'SET l[7] = :v', {':v': S('hello')})
    assert _get(dynamodb, hash_table, random_key)['l'] == {'L': [S('one'), S('two'), S('three'), S('hello')]}
    _update(dynamodb, hash_table, random_key, 'SET l[84] = :a1, l[37] = :a2, l[17] = :a3, l[50] = :a4',
            {':a1': S('a1'), ':a2': S('a2'), ':a3': S('a3'), ':a4': S('a4')})
    assert _get(dynamodb, hash_table, random_key)['l'] == {'L': [
        S('one'), S('two'), S('three'), S('hello'), S('a3'), S('a2'), S('a4'), S('a1')]}


@pytest.mark.parametrize('expression', ['SET s.c = :v', 'SET l.c = :v', 'SET nope.c = :v', 'SET s[0] = :v',
                                        'SET m[0] = :v', 'SET nope[0] = :v', 'REMOVE s.c', 'REMOVE l.c',
                                        'REMOVE nope.c', 'REMOVE s[0]', 'REMOVE nope[0]'])
def test_document_path_invalid_for_update(dynamodb, hash_table, random_key, expression):
    # dynalite / alternator: a path through something that is not a map (for
    # ".") or not a list (for "[]"), or through nothing at all.
    item = _put(dynamodb, hash_table, random_key, s=S('hello'), l={'L': [S('hi')]}, m={'M': {}})
    e = _update_error(dynamodb, hash_table, random_key, expression, {':v': N(7)} if ':v' in expression else None)
    assert_client_error(e, 'ValidationException', BAD_PATH)
    assert _get(dynamodb, hash_table, random_key) == item


@pytest.mark.parametrize('expression', ['SET c.c = :v', 'SET b[1] = :v'])
def test_document_path_invalid_on_a_missing_item(dynamodb, hash_table, random_key, expression):
    # dynalite ("update non-existent nested attribute in non-existent item").
    e = _update_error(dynamodb, hash_table, random_key, expression, {':v': N(7)})
    assert_client_error(e, 'ValidationException', BAD_PATH)
    assert _get(dynamodb, hash_table, random_key) is None


def test_set_plus_and_minus(dynamodb, hash_table, random_key):
    _put(dynamodb, hash_table, random_key, a=N(2), b=N('0.1'))
    _update(dynamodb, hash_table, random_key, 'SET a = a + :three', {':three': N(3)})
    _update(dynamodb, hash_table, random_key, 'SET a = :four + a, c = :seven - a', {':four': N(4), ':seven': N(7)})
    _update(dynamodb, hash_table, random_key, 'SET b = b + :x, d = :x - :y, e = a - b', {':x': N('0.2'), ':y': N(10)})
    got = _get(dynamodb, hash_table, random_key)
    # Decimal arithmetic, not binary floating point: 0.1 + 0.2 is 0.3.
    assert (got['a'], got['b'], got['c'], got['d'], got['e']) == (N(9), N('0.3'), N(2), N('-9.8'), N('8.9'))


def test_set_arithmetic_is_exact_to_38_digits(dynamodb, hash_table, random_key):
    # alternator test_update_expression_plus_precision (run against DynamoDB).
    _update(dynamodb, hash_table, random_key, 'SET a = :x + :y, b = :y - :x, c = :big + :one',
            {':x': N(1), ':y': N('10000000000000000000000'),
             ':big': N('12345678901234567890123456789012345678'), ':one': N(1)})
    got = _get(dynamodb, hash_table, random_key)
    assert got['a'] == N('10000000000000000000001')
    assert got['b'] == N('9999999999999999999999')
    assert got['c'] == N('12345678901234567890123456789012345679')


@pytest.mark.parametrize('x,y', [
    pytest.param('9.9999999999999999999999999999999999999E+125', '9.9999999999999999999999999999999999999E+125',
                 id='magnitude'),
    # alternator test_update_expression_plus_imprecise: DynamoDB reports an
    # unrepresentable 1e50 + 1 with the same overflow text.
    pytest.param('1E+50', '1', id='precision'),
])
def test_set_arithmetic_overflow_rejected(dynamodb, hash_table, random_key, x, y):
    e = _update_error(dynamodb, hash_table, random_key, 'SET a = :x + :y', {':x': N(x), ':y': N(y)})
    assert_client_error(e, 'ValidationException', OVERFLOW)
    assert _get(dynamodb, hash_table, random_key) is None


def test_set_arithmetic_on_a_missing_attribute_rejected(dynamodb, hash_table, random_key):
    _put(dynamodb, hash_table, random_key, a=N(1))
    e = _update_error(dynamodb, hash_table, random_key, 'SET a = nope + :one', {':one': N(1)})
    assert_client_error(e, 'ValidationException', MISSING_OPERAND)


@pytest.mark.parametrize('expression', ['SET e = a + :one', 'SET e = b - :one', 'SET e = :one - m'])
def test_set_arithmetic_on_an_attribute_of_another_type_rejected(dynamodb, hash_table, random_key, expression):
    # dynalite ("using expression to delete/add incorrect types").
    item = _put(dynamodb, hash_table, random_key, a=S('1'), b={'NS': ['1']}, m={'M': {}})
    e = _update_error(dynamodb, hash_table, random_key, expression, {':one': N(1)})
    assert_client_error(e, 'ValidationException', WRONG_TYPE)
    assert _get(dynamodb, hash_table, random_key) == item


@pytest.mark.parametrize('expression,operator,type_name', [
    # dynalite ("incorrect types to functions in UpdateExpression"), exact.
    ('SET a = :s + :n', '+', 'S'), ('SET a = :n - :b', '-', 'B'), ('SET a = a + :bool', '+', 'BOOL'),
    ('SET a = a - :null', '-', 'NULL'), ('SET a = a + :ss', '+', 'SS'), ('SET a = a + :l', '+', 'L'),
    ('SET a = a - :m', '-', 'M'), ('SET a = list_append(:s, a)', 'list_append', 'S'),
    ('SET a = list_append(a, :n)', 'list_append', 'N'), ('SET a = list_append(:ns, a)', 'list_append', 'NS'),
    ('SET a = list_append(:m, a)', 'list_append', 'M'),
])
def test_set_operand_type_errors(dynamodb, hash_table, random_key, expression, operator, type_name):
    values = {':s': S('a'), ':n': N(1), ':b': {'B': b'a'}, ':bool': {'BOOL': True}, ':null': {'NULL': True},
              ':ss': {'SS': ['a']}, ':ns': {'NS': ['1']}, ':l': {'L': []}, ':m': {'M': {}}}
    used = {k: v for k, v in values.items() if re.search(re.escape(k) + r'\b', expression)}
    e = _update_error(dynamodb, hash_table, random_key, expression, used)
    assert_client_error(e, 'ValidationException', envelope_re(
        'Invalid UpdateExpression: Incorrect operand type for operator or function; '
        f'operator or function: {operator}, operand type: {type_name}'))


def test_if_not_exists(dynamodb, hash_table, random_key):
    # Developer Guide: if_not_exists(path, value) is the attribute's value
    # if it exists, else the operand.
    _update(dynamodb, hash_table, random_key, 'SET a = if_not_exists(a, :v)', {':v': N(2)})
    _update(dynamodb, hash_table, random_key, 'SET a = if_not_exists(a, :v)', {':v': N(3)})
    assert _get(dynamodb, hash_table, random_key)['a'] == N(2)
    _update(dynamodb, hash_table, random_key, 'SET b = if_not_exists(c, :v)', {':v': N(4)})
    _update(dynamodb, hash_table, random_key, 'SET b = if_not_exists(a, :v)', {':v': N(5)})
    _update(dynamodb, hash_table, random_key, 'SET m = if_not_exists(m, :empty)', {':empty': {'M': {}}})
    _update(dynamodb, hash_table, random_key, 'SET m.x = if_not_exists(m.x, :v)', {':v': N(6)})
    got = _get(dynamodb, hash_table, random_key)
    assert (got['a'], got['b'], got['m']) == (N(2), N(2), {'M': {'x': N(6)}})


def test_if_not_exists_plus_counter(dynamodb, hash_table, random_key):
    # The counter idiom; "+" applies outside the function (alternator
    # test_update_expression_function_plus_nesting).
    for expected in (1, 2, 3):
        response = _update(dynamodb, hash_table, random_key, 'SET c = if_not_exists(c, :zero) + :one',
                           {':zero': N(0), ':one': N(1)}, ReturnValues='UPDATED_NEW')
        assert response['Attributes'] == {'c': N(expected)}


@pytest.mark.parametrize('expression', ['SET b = if_not_exists(:v, :w)', 'SET b = if_not_exists(if_not_exists(a, :v), :w)'])
def test_if_not_exists_requires_a_path(dynamodb, hash_table, random_key, expression):
    # dynalite ("incorrect operand path type to functions"), exact.
    e = _update_error(dynamodb, hash_table, random_key, expression, {':v': N(1), ':w': N(2)})
    assert_client_error(e, 'ValidationException', envelope_re(
        'Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists'))


def test_list_append_both_orders(dynamodb, hash_table, random_key):
    _update(dynamodb, hash_table, random_key, 'SET l = :v', {':v': {'L': [S('hi'), N(2)]}})
    _update(dynamodb, hash_table, random_key, 'SET l = list_append(l, :v)', {':v': {'L': [N(4), S('hello')]}})
    _update(dynamodb, hash_table, random_key, 'SET l = list_append(:v, l)', {':v': {'L': [S('dog')]}})
    _update(dynamodb, hash_table, random_key, 'SET c = list_append(l, l)')
    got = _get(dynamodb, hash_table, random_key)
    expected = [S('dog'), S('hi'), N(2), N(4), S('hello')]
    assert got['l'] == {'L': expected}
    assert got['c'] == {'L': expected + expected}


def test_list_append_with_if_not_exists(dynamodb, hash_table, random_key):
    # The append-or-create idiom of the Developer Guide's examples.
    for batch in (['a', 'b'], ['c']):
        _update(dynamodb, hash_table, random_key, 'SET l = list_append(if_not_exists(l, :empty), :v)',
                {':empty': {'L': []}, ':v': {'L': [S(x) for x in batch]}})
    assert _get(dynamodb, hash_table, random_key)['l'] == {'L': [S('a'), S('b'), S('c')]}


@pytest.mark.parametrize('args', ['b, :v', ':v, b'])
def test_list_append_of_a_missing_attribute_rejected(dynamodb, hash_table, random_key, args):
    # dynalite: list_append(b, c) of missing attributes.
    _put(dynamodb, hash_table, random_key, a=N(2))
    e = _update_error(dynamodb, hash_table, random_key, f'SET a = list_append({args})', {':v': {'L': [N(1)]}})
    assert_client_error(e, 'ValidationException', MISSING_OPERAND)


@pytest.mark.parametrize('value', [N(7), S('hello'), {'B': b'hi'}, {'NS': ['1', '2']}, {'M': {'a': N(3)}}])
def test_list_append_of_a_non_list_attribute_rejected(dynamodb, hash_table, random_key, value):
    # dynalite ("set e = list_append(d, ...)" with d a set): wrong data type.
    _put(dynamodb, hash_table, random_key, b=value)
    e = _update_error(dynamodb, hash_table, random_key, 'SET a = list_append(b, :v)', {':v': {'L': [N(1)]}})
    assert_client_error(e, 'ValidationException', WRONG_TYPE)


@pytest.mark.parametrize('expression,function,count', [
    ('SET a = list_append(:v)', 'list_append', 1),
    ('SET a = list_append(:v, :v, :v)', 'list_append', 3),
    ('SET a = if_not_exists(a)', 'if_not_exists', 1),
])
def test_function_operand_count(dynamodb, hash_table, random_key, expression, function, count):
    # dynalite ("incorrect number of operands to functions").
    e = _update_error(dynamodb, hash_table, random_key, expression, {':v': {'L': []}} if ':v' in expression else None)
    assert_client_error(e, 'ValidationException', envelope_re(
        'Invalid UpdateExpression: Incorrect number of operands for operator or function; '
        f'operator or function: {function}, number of operands: {count}'))


@pytest.mark.parametrize('expression,function', [
    ('SET a = f(b, c, d)', 'f'),
    ('SET a = f123_hi(b)', 'f123_hi'),
    # Function names are case-sensitive (alternator).
    ('SET a = LIST_APPEND(:v, :v)', 'LIST_APPEND'),
])
def test_unknown_function(dynamodb, hash_table, random_key, expression, function):
    # dynalite: "Invalid function name; function: ".
    e = _update_error(dynamodb, hash_table, random_key, expression, {':v': {'L': []}} if ':v' in expression else None)
    assert_client_error(e, 'ValidationException', envelope_re(
        f'Invalid UpdateExpression: Invalid function name; function: {function}'))


# --------------------------------------------------------------------------
# REMOVE

def test_remove_attributes_and_nested_members(dynamodb, hash_table, random_key):
    _put(dynamodb, hash_table, random_key, a=S('x'), b=S('y'),
         m={'M': {'x': N(1), 'y': {'M': {'z': N(2), 'keep': N(3)}}, 'solo': {'M': {'one': N(1)}}}})
    _update(dynamodb, hash_table, random_key, 'REMOVE a, m.y.z, #m.solo.one, nope, m.nope',
            names={'#m': 'm'})
    # Removing the only member leaves an empty map (alternator).
    assert _get(dynamodb, hash_table, random_key) == {
        'pk': S(random_key), 'b': S('y'), 'm': {'M': {'x': N(1), 'y': {'M': {'keep': N(3)}}, 'solo': {'M': {}}}}}


def test_remove_list_elements_shifts_the_rest(dynamodb, hash_table, random_key):
    _put(dynamodb, hash_table, random_key, l={'L': [N(i) for i in range(6)]}, one={'L': [N(1)]})
    # Several indexes of one list name positions in the list before the update.
    _update(dynamodb, hash_table, random_key, 'REMOVE l[1], l[3], l[17], one[0]')
    got = _get(dynamodb, hash_table, random_key)
    assert got['l'] == {'L': [N(0), N(2), N(4), N(5)]}
    assert got['one'] == {'L': []}
    _update(dynamodb, hash_table, random_key, 'REMOVE l[0]')
    assert _get(dynamodb, hash_table, random_key)['l'] == {'L': [N(2), N(4), N(5)]}


@pytest.mark.parametrize('expression', ['REMOVE l[1] SET l[3] = :v', 'SET l[3] = :v REMOVE l[1]'])
def test_remove_and_set_indexes_refer_to_the_old_list(dynamodb, hash_table, random_key, expression):
    # alternator (test_update_expression_nested_remove_list_item_original_number).
    _put(dynamodb, hash_table, random_key, l={'L': [N(i) for i in (2, 3, 4, 5, 6, 7)]})
    _update(dynamodb, hash_table, random_key, expression, {':v': N(17)})
    assert _get(dynamodb, hash_table, random_key)['l'] == {'L': [N(2), N(4), N(17), N(6), N(7)]}


def test_remove_on_a_missing_item_creates_nothing(dynamodb, hash_table, random_key):
    # alternator test_update_item_returnvalues_all_new and
    # test_update_item_non_existent (run against DynamoDB): an update that
    # only removes attributes of an item that does not exist leaves no item
    # behind, and ALL_NEW returns nothing.
    response = _update(dynamodb, hash_table, random_key, 'REMOVE a', ReturnValues='ALL_NEW')
    assert 'Attributes' not in response
    assert _get(dynamodb, hash_table, random_key) is None
    _update(dynamodb, hash_table, random_key, 'REMOVE a, b.c[2]')
    assert _get(dynamodb, hash_table, random_key) is None
    _update(dynamodb, hash_table, random_key, AttributeUpdates={'a': {'Action': 'DELETE'}})
    assert _get(dynamodb, hash_table, random_key) is None


# --------------------------------------------------------------------------
# ADD

def test_add_number_from_absent(dynamodb, hash_table, random_key):
    # Developer Guide: an absent attribute is treated as 0; the item is created.
    _update(dynamodb, hash_table, random_key, 'ADD c :n', {':n': N(8)})
    assert _get(dynamodb, hash_table, random_key) == {'pk': S(random_key), 'c': N(8)}
    _update(dynamodb, hash_table, random_key, 'ADD c :n, d :m', {':n': N(-10), ':m': N('0.5')})
    got = _get(dynamodb, hash_table, random_key)
    assert (got['c'], got['d']) == (N(-2), N('0.5'))


@pytest.mark.parametrize('start,delta,result', [
    ('12345678901234567890123456789012345678', '1', '12345678901234567890123456789012345679'),
    ('0.1', '0.2', '0.3'),
    ('99999999999999999999999999999999999999', '1', '100000000000000000000000000000000000000'),
    ('-1.2345678901234567890123456789012345678', '1.2345678901234567890123456789012345678', '0'),
    ('1E+125', '-1E+125', '0'),
    ('1E-130', '1E-130', '2E-130'),
])
def test_add_number_is_exact(dynamodb, hash_table, random_key, start, delta, result):
    _put(dynamodb, hash_table, random_key, n=N(start))
    response = _update(dynamodb, hash_table, random_key, 'ADD n :d', {':d': N(delta)}, ReturnValues='UPDATED_NEW')
    assert Decimal(response['Attributes']['n']['N']) == Decimal(result)
    assert Decimal(_get(dynamodb, hash_table, random_key)['n']['N']) == Decimal(result)


def test_add_number_canonical_form(dynamodb, hash_table, random_key):
    # Numbers come back normalised (as with PutItem): no exponent, no
    # trailing zeros.
    _put(dynamodb, hash_table, random_key, n=N('1.50'))
    _update(dynamodb, hash_table, random_key, 'ADD n :d', {':d': N('2.50')})
    assert _get(dynamodb, hash_table, random_key)['n'] == N(4)


@pytest.mark.parametrize('start,delta', [
    ('9.9999999999999999999999999999999999999E+125', '9.9999999999999999999999999999999999999E+125'),
    ('-9.9999999999999999999999999999999999999E+125', '-1E+125'),
])
def test_add_number_overflow_rejected(dynamodb, hash_table, random_key, start, delta):
    _put(dynamodb, hash_table, random_key, n=N(start))
    e = _update_error(dynamodb, hash_table, random_key, 'ADD n :d', {':d': N(delta)})
    assert_client_error(e, 'ValidationException', OVERFLOW)
    assert Decimal(_get(dynamodb, hash_table, random_key)['n']['N']) == Decimal(start)


@pytest.mark.parametrize('kind,start,added,result', [
    ('SS', ['dog', 'cat'], ['cat', 'pig'], ['cat', 'dog', 'pig']),
    ('NS', ['1', '2.5'], ['2.50', '-3'], ['-3', '1', '2.5']),
    ('BS', [b'\x01', b'\x02'], [b'\x02', b'\x00'], [b'\x00', b'\x01', b'\x02']),
])
def test_add_set_members(dynamodb, hash_table, random_key, kind, start, added, result):
    _put(dynamodb, hash_table, random_key, s={kind: start})
    response = _update(dynamodb, hash_table, random_key, 'ADD s :v, fresh :v', {':v': {kind: added}},
                       ReturnValues='UPDATED_NEW')
    assert _canonical(response['Attributes']) == _canonical({'s': {kind: result}, 'fresh': {kind: added}})
    got = _get(dynamodb, hash_table, random_key)
    assert _canonical(got['s']) == _canonical({kind: result})
    assert _canonical(got['fresh']) == _canonical({kind: added})


def _operand_type_re(clause, type_name):
    # dynalite (recorded 2014-2019) shows the sentence without the ", typeSet:
    # ..." suffix; DynamoDB's answers quoted since (dynamoid's specs, a
    # zio-dynamodb comment, several applications) end with ", typeSet:
    # ALLOWED_FOR_ADD_OPERAND" / "ALLOWED_FOR_DELETE_OPERAND".
    return re.compile(
        r'^(?:1 validation error detected: )?Invalid UpdateExpression: Incorrect operand type for operator or '
        rf'function; operator: {clause}, operand type: {type_name}(?:, typeSet: ALLOWED_FOR_{clause}_OPERAND)?$')


@pytest.mark.parametrize('value,type_name', [
    # dynalite ("incorrect types in UpdateExpression").
    (S('a'), 'STRING'), ({'B': b'a'}, 'BINARY'), ({'BOOL': False}, 'BOOLEAN'), ({'NULL': True}, 'NULL'),
    ({'L': [N(1)]}, 'LIST'), ({'M': {'a': N(1)}}, 'MAP'),
])
def test_add_operand_type_rejected(dynamodb, hash_table, random_key, value, type_name):
    e = _update_error(dynamodb, hash_table, random_key, 'ADD a :v', {':v': value})
    assert_client_error(e, 'ValidationException', _operand_type_re('ADD', type_name))


@pytest.mark.parametrize('attribute,value', [
    (S('hello'), N(1)), ({'SS': ['1']}, {'NS': ['1']}), ({'NS': ['1']}, N(1)), (N(1), {'NS': ['1']}),
    ({'L': [N(1)]}, {'NS': ['1']}),
])
def test_add_to_an_attribute_of_another_type_rejected(dynamodb, hash_table, random_key, attribute, value):
    # dynalite ("using expression to delete/add incorrect types").
    item = _put(dynamodb, hash_table, random_key, a=attribute)
    e = _update_error(dynamodb, hash_table, random_key, 'ADD a :v', {':v': value})
    assert_client_error(e, 'ValidationException', WRONG_TYPE)
    assert _get(dynamodb, hash_table, random_key) == item


# --------------------------------------------------------------------------
# DELETE

def test_delete_set_members(dynamodb, hash_table, random_key):
    _put(dynamodb, hash_table, random_key, s={'SS': ['dog', 'cat', 'mouse']}, n={'NS': ['1', '2', '3']},
         b={'BS': [b'x', b'y']}, other=S('hi'))
    _update(dynamodb, hash_table, random_key, 'DELETE s :s, n :n, b :b',
            {':s': {'SS': ['cat', 'mouse', 'pig']}, ':n': {'NS': ['2.0']}, ':b': {'BS': [b'y']}})
    got = _get(dynamodb, hash_table, random_key)
    assert _canonical(got) == _canonical({'pk': S(random_key), 's': {'SS': ['dog']}, 'n': {'NS': ['1', '3']},
                                          'b': {'BS': [b'x']}, 'other': S('hi')})
    # Deleting every member removes the attribute (there are no empty sets).
    _update(dynamodb, hash_table, random_key, 'DELETE s :s', {':s': {'SS': ['dog']}})
    assert 's' not in _get(dynamodb, hash_table, random_key)
    # Deleting from an absent attribute does nothing.
    _update(dynamodb, hash_table, random_key, 'DELETE s :s', {':s': {'SS': ['dog']}})
    assert 's' not in _get(dynamodb, hash_table, random_key)


@pytest.mark.parametrize('value,type_name', [
    (S('a'), 'STRING'), (N(1), 'NUMBER'), ({'B': b'a'}, 'BINARY'), ({'BOOL': True}, 'BOOLEAN'),
    ({'NULL': True}, 'NULL'), ({'L': [N(1)]}, 'LIST'), ({'M': {}}, 'MAP'),
])
def test_delete_operand_type_rejected(dynamodb, hash_table, random_key, value, type_name):
    e = _update_error(dynamodb, hash_table, random_key, 'DELETE a :v', {':v': value})
    assert_client_error(e, 'ValidationException', _operand_type_re('DELETE', type_name))


@pytest.mark.parametrize('attribute,value', [
    ({'NS': ['1']}, {'SS': ['1']}), ({'M': {}}, {'NS': ['1']}), (N(1), {'NS': ['1']}),
])
def test_delete_from_an_attribute_of_another_type_rejected(dynamodb, hash_table, random_key, attribute, value):
    item = _put(dynamodb, hash_table, random_key, a=attribute)
    e = _update_error(dynamodb, hash_table, random_key, 'DELETE a :v', {':v': value})
    assert_client_error(e, 'ValidationException', WRONG_TYPE)
    assert _get(dynamodb, hash_table, random_key) == item


# --------------------------------------------------------------------------
# Clauses and paths

def test_all_four_clauses_in_any_order(dynamodb, hash_table, random_key):
    # dynalite ("just add valid ADD actions if nothing exists").
    for expression in ('REMOVE b DELETE c :c ADD d :d, e :e SET f = :f',
                       'ADD e :e,d :d DELETE c :c REMOVE b SET f = :f'):
        key = util.random_string(16)
        response = _update(dynamodb, hash_table, key, expression,
                           {':c': {'SS': ['a', 'b']}, ':d': N(5), ':e': {'SS': ['a', 'b']},
                            ':f': {'L': [S('a'), N(1)]}}, ReturnValues='UPDATED_NEW')
        expected = {'d': N(5), 'e': {'SS': ['a', 'b']}, 'f': {'L': [S('a'), N(1)]}}
        assert _canonical(response['Attributes']) == _canonical(expected)
        assert _canonical(_get(dynamodb, hash_table, key)) == _canonical({'pk': S(key), **expected})


@pytest.mark.parametrize('expression,section', [
    # dynalite ("multiple sections"), exact.
    ('SET a = :v SET b = :v', 'SET'),
    ('SET a = :v REMOVE b SET c = :v', 'SET'),
    ('REMOVE d SET a = :v REMOVE e', 'REMOVE'),
    ('ADD d :n SET a = :v ADD e :n', 'ADD'),
    ('DELETE d :s SET a = :v DELETE e :s', 'DELETE'),
])
def test_each_clause_at_most_once(dynamodb, hash_table, random_key, expression, section):
    values = {k: v for k, v in {':v': N(1), ':n': N(1), ':s': {'SS': ['x']}}.items() if k in expression}
    e = _update_error(dynamodb, hash_table, random_key, expression, values)
    assert_client_error(e, 'ValidationException', envelope_re(
        f'Invalid UpdateExpression: The "{section}" section can only be used once in an update expression;'))


@pytest.mark.parametrize('expression,names,one,two', [
    # dynalite ("overlapping paths"), exact; aiodynamo quotes the [f]/[f] form.
    ('SET a = :v REMOVE a', None, '[a]', '[a]'),
    ('REMOVE a SET a = :v', None, '[a]', '[a]'),
    ('SET a = :v, a = :w', None, '[a]', '[a]'),
    ('SET #a1 = :v, #a2 = :w', {'#a1': 'a', '#a2': 'a'}, '[a]', '[a]'),
    ('SET c.b.x = :v, c = :w', None, '[c, b, x]', '[c]'),
    ('REMOVE c, c.a', None, '[c]', '[c, a]'),
    ('SET a[1] = :v, a[1][2] = :w', None, '[a, [1]]', '[a, [1], [2]]'),
    ('SET #c[3].#d = :v, #c[3] = :w', {'#c': 'c', '#d': '[3]'}, '[c, [3], [3]]', '[c, [3]]'),
    ('ADD n :v DELETE n :w', None, '[n]', '[n]'),
])
def test_overlapping_paths(dynamodb, hash_table, random_key, expression, names, one, two):
    # The check is on the paths, whatever the item holds (alternator).
    values = {k: v for k, v in {':v': N(1), ':w': {'NS': ['2']}}.items() if k in expression} or None
    e = _update_error(dynamodb, hash_table, random_key, expression, values, names)
    assert_client_error(e, 'ValidationException', envelope_re(
        'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of '
        f'these paths; path one: {one}, path two: {two}'))
    assert _get(dynamodb, hash_table, random_key) is None


@pytest.mark.parametrize('expression,one,two', [
    # dynalite ("conflicting paths"), exact.
    ('REMOVE a.c SET a[1] = :v', '[a, c]', '[a, [1]]'),
    ('SET a.b = :v, a[1] = :w', '[a, b]', '[a, [1]]'),
    ('SET a.b.c = :v, a.b[2] = :w', '[a, b, c]', '[a, b, [2]]'),
])
def test_conflicting_paths(dynamodb, hash_table, random_key, expression, one, two):
    values = {k: v for k, v in {':v': N(1), ':w': N(2)}.items() if k in expression}
    e = _update_error(dynamodb, hash_table, random_key, expression, values)
    assert_client_error(e, 'ValidationException', envelope_re(
        'Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of '
        f'these paths; path one: {one}, path two: {two}'))


def test_non_overlapping_updates_of_one_attribute(dynamodb, hash_table, random_key):
    # alternator test_update_expression_multi_nested.
    _put(dynamodb, hash_table, random_key, a={'M': {'x': N(3), 'y': N(4), 'c': {'M': {'y': N(3)}}}},
         b={'M': {'x': N(1), 'y': N(2)}})
    _update(dynamodb, hash_table, random_key, 'SET a.b = :v1, a.c.d = :v2, b.x = :v3 REMOVE a.x, b.y',
            {':v1': N(10), ':v2': S('dog'), ':v3': N(17)})
    got = _get(dynamodb, hash_table, random_key)
    assert got['a'] == {'M': {'y': N(4), 'b': N(10), 'c': {'M': {'y': N(3), 'd': S('dog')}}}}
    assert got['b'] == {'M': {'x': N(17)}}


# --------------------------------------------------------------------------
# Keys, creation, table errors

@pytest.mark.parametrize('expression,values', [
    # dynalite ("trying to update key"); alternator test_update_expression_cannot_modify_key.
    ('SET pk = :v', {':v': S('x')}),
    ('REMOVE pk', None),
    ('ADD pk :n', {':n': N(1)}),
    ('DELETE pk :s', {':s': {'SS': ['x']}}),
    ('ADD pk.b :n', {':n': N(1)}),
    ('REMOVE d SET b = :n, pk = :n', {':n': N(1)}),
    ('SET pk = pk', None),
])
def test_updating_the_partition_key_rejected(dynamodb, hash_table, random_key, expression, values):
    e = _update_error(dynamodb, hash_table, random_key, expression, values)
    assert_client_error(e, 'ValidationException', KEY_UPDATE)
    assert _get(dynamodb, hash_table, random_key) is None


@pytest.mark.parametrize('expression,values', [
    ('SET sk = :n', {':n': N(1)}),
    ('ADD sk :n', {':n': N(1)}),
    ('SET d[1] = :n ADD sk.b :n', {':n': N(1)}),
])
def test_updating_the_sort_key_rejected(dynamodb, range_table, random_key, expression, values):
    with pytest.raises(ClientError) as e:
        dynamodb.update_item(TableName=range_table, Key={'pk': S(random_key), 'sk': N(1)},
                             UpdateExpression=expression, ExpressionAttributeValues=values)
    assert_client_error(e, 'ValidationException', envelope_re(
        f'{INVALID}Cannot update attribute sk. This attribute is part of the key'))


def test_updating_a_key_with_attribute_updates_rejected(dynamodb, hash_table, random_key):
    e = _update_error(dynamodb, hash_table, random_key,
                      AttributeUpdates={'pk': {'Action': 'PUT', 'Value': S('other')}})
    assert_client_error(e, 'ValidationException', KEY_UPDATE)


def test_update_without_changes_creates_the_item_with_its_key(dynamodb, hash_table, range_table, random_key):
    # dynalite ("should just add item with key if no action"): the response
    # is empty and the item holds only its key.
    response = dynamodb.update_item(TableName=hash_table, Key=_key(random_key))
    assert set(response) == {'ResponseMetadata'}
    assert _get(dynamodb, hash_table, random_key) == {'pk': S(random_key)}
    key = {'pk': S(random_key), 'sk': N('1.50')}
    response = dynamodb.update_item(TableName=range_table, Key=key, ReturnValues='ALL_NEW')
    assert response['Attributes'] == {'pk': S(random_key), 'sk': N('1.5')}
    assert dynamodb.get_item(TableName=range_table, Key=key, ConsistentRead=True)['Item'] == \
        {'pk': S(random_key), 'sk': N('1.5')}


def test_update_creates_a_range_item(dynamodb, range_table, random_key):
    key = {'pk': S(random_key), 'sk': N(-3)}
    dynamodb.update_item(TableName=range_table, Key=key, UpdateExpression='SET v = :v, n = sk + :one',
                         ExpressionAttributeValues={':v': S('x'), ':one': N(1)})
    assert dynamodb.get_item(TableName=range_table, Key=key, ConsistentRead=True)['Item'] == {
        'pk': S(random_key), 'sk': N(-3), 'v': S('x'), 'n': N(-2)}


@pytest.mark.parametrize('key', [
    pytest.param({}, id='empty'), pytest.param({'pk': N(1)}, id='wrong-type'),
    pytest.param({'pk': S('x'), 'extra': S('y')}, id='extra-attribute'),
])
def test_update_key_not_matching_schema(dynamodb_unvalidated, hash_table, key):
    # dynalite ("Key does not match schema"), exact.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.update_item(TableName=hash_table, Key=key, UpdateExpression='SET a = :v',
                                         ExpressionAttributeValues={':v': N(1)})
    assert_client_error(e, 'ValidationException', envelope_re('The provided key element does not match the schema'))


def test_update_unknown_table(dynamodb):
    with pytest.raises(ClientError) as e:
        dynamodb.update_item(TableName=util.unique_table_name('missing'), Key=_key('x'),
                             UpdateExpression='SET a = :v', ExpressionAttributeValues={':v': N(1)})
    assert_client_error(e, 'ResourceNotFoundException', re.compile(r'^Requested resource not found'))


# --------------------------------------------------------------------------
# ReturnValues

def test_return_values_none(dynamodb, hash_table, random_key):
    _put(dynamodb, hash_table, random_key, a=S('hi'))
    for extra in ({}, {'ReturnValues': 'NONE'}):
        response = _update(dynamodb, hash_table, random_key, 'SET b = :v', {':v': S('cat')}, **extra)
        assert set(response) == {'ResponseMetadata'}


def test_return_values_all_old(dynamodb, hash_table, random_key):
    response = _update(dynamodb, hash_table, random_key, 'SET b = :v', {':v': S('dog')}, ReturnValues='ALL_OLD')
    assert 'Attributes' not in response
    _update(dynamodb, hash_table, random_key, 'SET a = :v', {':v': S('hi')})
    response = _update(dynamodb, hash_table, random_key, 'SET b = :v', {':v': S('cat')}, ReturnValues='ALL_OLD')
    assert response['Attributes'] == {'pk': S(random_key), 'a': S('hi'), 'b': S('dog')}


def test_return_values_updated_old(dynamodb, hash_table, random_key):
    # alternator test_update_item_returnvalues_updated_old (against DynamoDB).
    _put(dynamodb, hash_table, random_key, a=S('hi'), b=S('dog'))
    response = _update(dynamodb, hash_table, random_key, 'SET b = :v, c = :w', {':v': S('cat'), ':w': S('hello')},
                       ReturnValues='UPDATED_OLD')
    assert response['Attributes'] == {'b': S('dog')}
    # Rewriting the same value still counts as an update.
    response = _update(dynamodb, hash_table, random_key, 'SET b = :v', {':v': S('cat')}, ReturnValues='UPDATED_OLD')
    assert response['Attributes'] == {'b': S('cat')}
    response = _update(dynamodb, hash_table, random_key, 'REMOVE b', ReturnValues='UPDATED_OLD')
    assert response['Attributes'] == {'b': S('cat')}
    # An attribute that did not exist before has no old value.
    response = _update(dynamodb, hash_table, random_key, 'SET b = :v', {':v': S('cat')}, ReturnValues='UPDATED_OLD')
    assert 'Attributes' not in response
    response = _update(dynamodb, hash_table, random_key, 'SET b = :v, d = :w ADD n :one',
                       {':v': S('dog'), ':w': S('lion'), ':one': N(1)}, ReturnValues='UPDATED_OLD')
    assert response['Attributes'] == {'b': S('cat')}


def test_return_values_all_new(dynamodb, hash_table, random_key):
    _put(dynamodb, hash_table, random_key, a=S('hi'), b=S('dog'), n=N(3))
    response = _update(dynamodb, hash_table, random_key, 'SET b = :v ADD n :one', {':v': S('cat'), ':one': N(1)},
                       ReturnValues='ALL_NEW')
    assert response['Attributes'] == {'pk': S(random_key), 'a': S('hi'), 'b': S('cat'), 'n': N(4)}
    response = _update(dynamodb, hash_table, random_key, 'REMOVE b SET a = :v', {':v': S('yo')},
                       ReturnValues='ALL_NEW')
    assert response['Attributes'] == {'pk': S(random_key), 'a': S('yo'), 'n': N(4)}
    other = util.random_string(16)
    response = _update(dynamodb, hash_table, other, 'SET b = :v', {':v': S('cat')}, ReturnValues='ALL_NEW')
    assert response['Attributes'] == {'pk': S(other), 'b': S('cat')}


def test_return_values_updated_new(dynamodb, hash_table, random_key):
    # alternator test_update_item_returnvalues_updated_new (against DynamoDB).
    _put(dynamodb, hash_table, random_key, a=S('hi'), b=S('dog'), n=N(1))
    response = _update(dynamodb, hash_table, random_key, 'SET b = :v, c = :w', {':v': S('cat'), ':w': S('hello')},
                       ReturnValues='UPDATED_NEW')
    assert response['Attributes'] == {'b': S('cat'), 'c': S('hello')}
    # A removed attribute has no new value.
    response = _update(dynamodb, hash_table, random_key, 'REMOVE b', ReturnValues='UPDATED_NEW')
    assert 'Attributes' not in response
    response = _update(dynamodb, hash_table, random_key, 'SET a = :v, b = :w REMOVE c ADD n :one',
                       {':v': S('dog'), ':w': S('tiger'), ':one': N(1)}, ReturnValues='UPDATED_NEW')
    assert response['Attributes'] == {'a': S('dog'), 'b': S('tiger'), 'n': N(2)}
    # Key attributes are never part of UPDATED_NEW, even for a new item.
    other = util.random_string(16)
    response = _update(dynamodb, hash_table, other, 'SET a = :v', {':v': N(1)}, ReturnValues='UPDATED_NEW')
    assert response['Attributes'] == {'a': N(1)}


def test_return_values_nested_shapes(dynamodb, hash_table, random_key):
    # alternator test_update_item_returnvalues_nested (against DynamoDB):
    # UPDATED_* return only the touched members, inside their parents.
    _put(dynamodb, hash_table, random_key, a={'M': {'b': S('dog'), 'c': {'L': [N(1), N(2), N(3)]}}}, d=S('cat'))

    def update(expression, values, mode):
        return _update(dynamodb, hash_table, random_key, expression, values, ReturnValues=mode).get('Attributes')

    assert update('SET a.b = :v', {':v': S('hi')}, 'ALL_OLD') == {
        'pk': S(random_key), 'a': {'M': {'b': S('dog'), 'c': {'L': [N(1), N(2), N(3)]}}}, 'd': S('cat')}
    assert update('SET a.b = :v', {':v': S('yo')}, 'UPDATED_OLD') == {'a': {'M': {'b': S('hi')}}}
    assert update('SET a.c[1] = :v', {':v': N(7)}, 'UPDATED_OLD') == {'a': {'M': {'c': {'L': [N(2)]}}}}
    assert update('SET a.c[1] = :v, a.b = :w', {':v': N(8), ':w': S('dog')}, 'UPDATED_OLD') == \
        {'a': {'M': {'b': S('yo'), 'c': {'L': [N(7)]}}}}
    assert update('SET a.b = :v', {':v': S('hello')}, 'UPDATED_NEW') == {'a': {'M': {'b': S('hello')}}}
    assert update('SET a.c[1] = :v, a.b = :w', {':v': N(3), ':w': S('dog')}, 'UPDATED_NEW') == \
        {'a': {'M': {'b': S('dog'), 'c': {'L': [N(3)]}}}}
    assert update('SET a.c[1] = :v', {':v': N(4)}, 'ALL_NEW') == \
        {'pk': S(random_key), 'a': {'M': {'b': S('dog'), 'c': {'L': [N(1), N(4), N(3)]}}}, 'd': S('cat')}
    # a.c[3] did not exist: only a.c[1] is an updated old value.
    assert update('REMOVE a.c[1], a.c[3]', None, 'UPDATED_OLD') == {'a': {'M': {'c': {'L': [N(4)]}}}}
    assert update('SET a.x1 = :v', {':v': N(8)}, 'UPDATED_OLD') is None
    assert update('SET a.x2 = :v', {':v': N(8)}, 'UPDATED_NEW') == {'a': {'M': {'x2': N(8)}}}
    # Observed on DynamoDB (same alternator test): UPDATED_NEW looks the
    # written paths up in the new item. SET a.c[100] appends at a.c[2], so
    # a.c[100] finds nothing; after REMOVE a.c[1], a.c[1] is the element that
    # moved into its place.
    assert update('SET a.c[100] = :v', {':v': N(70)}, 'UPDATED_NEW') is None
    assert update('REMOVE a.c[1]', None, 'UPDATED_NEW') == {'a': {'M': {'c': {'L': [N(70)]}}}}
    assert _get(dynamodb, hash_table, random_key)['a']['M']['c'] == {'L': [N(1), N(70)]}


@pytest.mark.parametrize('value', ['DOG', 'none', 'all_new'])
def test_return_values_unknown_value(dynamodb_unvalidated, hash_table, random_key, value):
    # dynalite: the enum constraint message; case matters (alternator).
    e = _update_error(dynamodb_unvalidated, hash_table, random_key, 'SET a = :v', {':v': N(1)}, ReturnValues=value)
    assert_client_error(e, 'ValidationException', re.compile(
        rf"^1 validation error detected: Value (?:'{value}' )?at '[rR]eturnValues' failed to satisfy constraint: "
        r"Member must satisfy enum value set: \[[A-Z_, ]+\]$"))
    assert _get(dynamodb_unvalidated, hash_table, random_key) is None


# --------------------------------------------------------------------------
# Item size

def test_item_size_after_update_limited_to_400kb(dynamodb, hash_table, random_key):
    # Quotas: 400 KB = 409,600 bytes, names included; dynalite: an
    # UpdateItem making the item too big fails with this exact text.
    _put(dynamodb, hash_table, random_key, a=S('x' * 200000))
    base = len('pk') + len(random_key) + len('a') + 200000 + len('b')
    exact = 'y' * (util.MAX_ITEM_SIZE - base)
    _update(dynamodb, hash_table, random_key, 'SET b = :v', {':v': S(exact)})
    assert _get(dynamodb, hash_table, random_key)['b'] == S(exact)
    e = _update_error(dynamodb, hash_table, random_key, 'SET b = :v', {':v': S(exact + 'y')})
    assert_client_error(e, 'ValidationException', UPDATE_TOO_BIG)
    e = _update_error(dynamodb, hash_table, random_key, 'SET c = :v', {':v': S('z')})
    assert_client_error(e, 'ValidationException', UPDATE_TOO_BIG)
    got = _get(dynamodb, hash_table, random_key)
    assert got['b'] == S(exact) and 'c' not in got


def test_item_size_with_attribute_updates(dynamodb, hash_table, random_key):
    e = _update_error(dynamodb, hash_table, random_key, AttributeUpdates={
        'b': {'Action': 'PUT', 'Value': S('a' * util.MAX_ITEM_SIZE)}})
    assert_client_error(e, 'ValidationException', UPDATE_TOO_BIG)
    assert _get(dynamodb, hash_table, random_key) is None


# --------------------------------------------------------------------------
# AttributeUpdates (legacy)

def test_attribute_updates_put_add_delete(dynamodb, hash_table, random_key):
    _update(dynamodb, hash_table, random_key, AttributeUpdates={
        'a': {'Action': 'PUT', 'Value': S('x')}, 'b': {'Value': N(1)},  # PUT is the default action
        'n': {'Action': 'ADD', 'Value': N(5)}, 's': {'Action': 'ADD', 'Value': {'SS': ['a', 'b']}},
        'gone': {'Action': 'DELETE'}})
    assert _canonical(_get(dynamodb, hash_table, random_key)) == _canonical({
        'pk': S(random_key), 'a': S('x'), 'b': N(1), 'n': N(5), 's': {'SS': ['a', 'b']}})
    response = _update(dynamodb, hash_table, random_key, ReturnValues='UPDATED_NEW', AttributeUpdates={
        'a': {'Action': 'DELETE'}, 'n': {'Action': 'ADD', 'Value': N(-3)},
        's': {'Action': 'DELETE', 'Value': {'SS': ['a', 'z']}}, 'l': {'Action': 'PUT', 'Value': {'L': [S('a')]}}})
    assert response['Attributes'] == {'n': N(2), 's': {'SS': ['b']}, 'l': {'L': [S('a')]}}
    # ADD of a list appends (dynalite "should add list value").
    response = _update(dynamodb, hash_table, random_key, ReturnValues='ALL_NEW', AttributeUpdates={
        'l': {'Action': 'ADD', 'Value': {'L': [S('b'), N(2)]}}, 's': {'Action': 'DELETE', 'Value': {'SS': ['b']}}})
    assert response['Attributes'] == {'pk': S(random_key), 'b': N(1), 'n': N(2), 'l': {'L': [S('a'), S('b'), N(2)]}}


def test_attribute_updates_return_values(dynamodb, hash_table, random_key):
    # dynalite ("return updated old values", nested).
    updates = {'b': {'Value': {'M': {'a': S('a'), 'b': {'L': []}}}}, 'c': {'Value': N(1)}}
    _update(dynamodb, hash_table, random_key, AttributeUpdates=updates)
    response = _update(dynamodb, hash_table, random_key, ReturnValues='UPDATED_OLD', AttributeUpdates={
        'b': {'Value': {'M': {'a': S('b')}}}, 'c': {'Action': 'ADD', 'Value': N(1)}})
    assert response['Attributes'] == {'b': {'M': {'a': S('a'), 'b': {'L': []}}}, 'c': N(1)}
    # Nothing written, nothing returned; the item keeps its attributes.
    for mode in ('UPDATED_OLD', 'UPDATED_NEW'):
        response = _update(dynamodb, hash_table, random_key, ReturnValues=mode, AttributeUpdates={})
        assert 'Attributes' not in response
    response = _update(dynamodb, hash_table, random_key, ReturnValues='ALL_NEW', AttributeUpdates={})
    assert response['Attributes'] == {'pk': S(random_key), 'b': {'M': {'a': S('b')}}, 'c': N(2)}


@pytest.mark.parametrize('update,message', [
    # dynalite, exact.
    ({'a': {'Action': 'PUT'}}, f'{INVALID}Only DELETE action is allowed when no attribute value is specified'),
    ({'a': {'Action': 'ADD'}}, f'{INVALID}Only DELETE action is allowed when no attribute value is specified'),
    ({'a': {'Action': 'DELETE', 'Value': S('1')}}, f'{INVALID}DELETE action with value is not supported for the type S'),
    ({'a': {'Action': 'DELETE', 'Value': N(1)}}, f'{INVALID}DELETE action with value is not supported for the type N'),
    ({'a': {'Action': 'DELETE', 'Value': {'L': []}}}, f'{INVALID}DELETE action with value is not supported for the type L'),
    ({'a': {'Action': 'ADD', 'Value': S('1')}}, f'{INVALID}ADD action is not supported for the type S'),
    ({'a': {'Action': 'ADD', 'Value': {'B': b'b'}}}, f'{INVALID}ADD action is not supported for the type B'),
    ({'a': {'Action': 'ADD', 'Value': {'BOOL': True}}}, f'{INVALID}ADD action is not supported for the type BOOL'),
    ({'a': {'Action': 'ADD', 'Value': {'M': {}}}}, f'{INVALID}ADD action is not supported for the type M'),
])
def test_attribute_updates_validation(dynamodb_unvalidated, hash_table, random_key, update, message):
    e = _update_error(dynamodb_unvalidated, hash_table, random_key, AttributeUpdates=update)
    assert_client_error(e, 'ValidationException', envelope_re(message))
    assert _get(dynamodb_unvalidated, hash_table, random_key) is None


@pytest.mark.parametrize('update', [
    # dynalite ("delete/add incorrect types"), exact.
    {'b': {'Action': 'DELETE', 'Value': {'NS': ['1']}}},
    {'b': {'Action': 'DELETE', 'Value': {'BS': [b'a']}}},
    {'c': {'Action': 'DELETE', 'Value': {'NS': ['1']}}},
    {'b': {'Action': 'ADD', 'Value': {'NS': ['1']}}},
    {'d': {'Action': 'ADD', 'Value': N(1)}},
])
def test_attribute_updates_type_mismatch(dynamodb, hash_table, random_key, update):
    item = _put(dynamodb, hash_table, random_key, b={'SS': ['1']}, c=N(1), d={'NS': ['1']})
    e = _update_error(dynamodb, hash_table, random_key, AttributeUpdates=update)
    assert_client_error(e, 'ValidationException', envelope_re('Type mismatch for attribute to update'))
    assert _get(dynamodb, hash_table, random_key) == item


@pytest.mark.parametrize('request_parameters,non_expression,expression', [
    # dynalite ("expression and non-expression"), exact; the lists are in
    # this order.
    (dict(AttributeUpdates={'a': {'Value': N(1)}}, UpdateExpression='SET a = :v',
          ExpressionAttributeValues={':v': N(1)}), 'AttributeUpdates', 'UpdateExpression'),
    (dict(AttributeUpdates={'a': {'Value': N(1)}}, ConditionExpression='a = :v',
          ExpressionAttributeValues={':v': N(1)}), 'AttributeUpdates', 'ConditionExpression'),
    (dict(Expected={'a': {'Exists': False}}, UpdateExpression='SET a = :v',
          ExpressionAttributeValues={':v': N(1)}), 'Expected', 'UpdateExpression'),
    (dict(AttributeUpdates={'a': {'Value': N(1)}}, Expected={'a': {'Exists': False}},
          UpdateExpression='SET a = :v', ConditionExpression='a = :v', ExpressionAttributeValues={':v': N(1)}),
     'AttributeUpdates, Expected', 'UpdateExpression, ConditionExpression'),
])
def test_mixing_legacy_and_expression_parameters(dynamodb_unvalidated, hash_table, random_key,
                                                 request_parameters, non_expression, expression):
    e = _update_error(dynamodb_unvalidated, hash_table, random_key, **request_parameters)
    assert_client_error(e, 'ValidationException', envelope_re(
        'Can not use both expression and non-expression parameters in the same request: '
        f'Non-expression parameters: {{{non_expression}}} Expression parameters: {{{expression}}}'))
    assert _get(dynamodb_unvalidated, hash_table, random_key) is None


# --------------------------------------------------------------------------
# Names, placeholders, syntax

@pytest.mark.parametrize('expression,word', [
    # dynalite ("reserved keywords"): the word as written.
    ('SET count = :v', 'count'), ('REMOVE Absolute', 'Absolute'), ('SET a = :v, abOrt = :v', 'abOrt'),
    ('SET a.status = :v', 'status'), ('ADD #m.#n.size :v', 'size'),
])
def test_reserved_word_as_a_bare_name(dynamodb, hash_table, random_key, expression, word):
    values = {':v': N(1)} if ':v' in expression else None
    names = {k: v for k, v in {'#m': 'm', '#n': 'n'}.items() if k in expression} or None
    e = _update_error(dynamodb, hash_table, random_key, expression, values, names)
    assert_client_error(e, 'ValidationException', envelope_re(
        f'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: {word}'))


def test_reserved_words_through_placeholders(dynamodb, hash_table, random_key):
    _update(dynamodb, hash_table, random_key, 'SET #c = :v, #s = :w ADD #size :v', {':v': N(1), ':w': S('ok')},
            {'#c': 'count', '#s': 'status', '#size': 'size'})
    got = _get(dynamodb, hash_table, random_key)
    assert (got['count'], got['status'], got['size']) == (N(1), S('ok'), N(1))


@pytest.mark.parametrize('name', ['alnum', 'Alpha_Numeric_123', 'A123_'])
def test_names_that_are_single_tokens(dynamodb, hash_table, random_key, name):
    # alternator test_update_expression_name_token (against DynamoDB).
    _update(dynamodb, hash_table, random_key, f'SET {name} = :v', {':v': N(1)})
    assert _get(dynamodb, hash_table, random_key)[name] == N(1)


def test_placeholders_of_any_name(dynamodb, hash_table, random_key):
    silly = '3can include any character!.#='
    for placeholder in ('#Alpha_Numeric_123', '#123a', '#123', '#_'):
        _update(dynamodb, hash_table, random_key, f'SET {placeholder} = :_', {':_': S(placeholder)},
                {placeholder: silly})
        assert _get(dynamodb, hash_table, random_key)[silly] == S(placeholder)


def test_undefined_name_placeholder(dynamodb, hash_table, random_key):
    # dynalite; an issue quoting DynamoDB (modyne #3), exact.
    e = _update_error(dynamodb, hash_table, random_key, 'SET #c = :v', {':v': N(1)}, {'#a': 'a'})
    assert_client_error(e, 'ValidationException', envelope_re(
        'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; '
        'attribute name: #c'))
    e = _update_error(dynamodb, hash_table, random_key, 'SET a = #c', None, None)
    assert_client_error(e, 'ValidationException', envelope_re(
        'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; '
        'attribute name: #c'))


def test_undefined_value_placeholder(dynamodb, hash_table, random_key):
    e = _update_error(dynamodb, hash_table, random_key, 'SET a = :c', {':a': N(1)})
    assert_client_error(e, 'ValidationException', envelope_re(
        'Invalid UpdateExpression: An expression attribute value used in expression is not defined; '
        'attribute value: :c'))
    e = _update_error(dynamodb, hash_table, random_key, 'SET a = if_not_exists(a, :c)')
    assert_client_error(e, 'ValidationException', envelope_re(
        'Invalid UpdateExpression: An expression attribute value used in expression is not defined; '
        'attribute value: :c'))


def test_unused_placeholders(dynamodb, hash_table, random_key):
    # dynalite ("extra ExpressionAttributeNames/Values"): names used in the
    # UpdateExpression or the ConditionExpression count as used.
    e = _update_error(dynamodb, hash_table, random_key, 'SET a = :a', {':a': N(1), ':c': N(2)})
    assert_client_error(e, 'ValidationException', envelope_re(
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:c}'))
    e = _update_error(dynamodb, hash_table, random_key, 'SET #a = :a', {':a': N(1)}, {'#a': 'a', '#b': 'b'})
    assert_client_error(e, 'ValidationException', envelope_re(
        'Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}'))
    e = _update_error(dynamodb, hash_table, random_key, 'REMOVE a', {':a': N(1), ':b': N(2)},
                      ConditionExpression='a = :b')
    assert_client_error(e, 'ValidationException', envelope_re(
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:a}'))
    e = _update_error(dynamodb, hash_table, random_key, 'SET b = :a', {':a': N(1)}, {'#a': 'a', '#b': 'b'})
    assert_client_error(e, 'ValidationException', re.compile(
        r'^(?:1 validation error detected: )?Value provided in ExpressionAttributeNames unused in expressions: '
        r'keys: \{(#a, #b|#b, #a)\}$'))
    # A name used only on the right-hand side is used.
    _update(dynamodb, hash_table, random_key, 'SET #one = :a', {':a': N(1)}, {'#one': 'a'})
    _update(dynamodb, hash_table, random_key, 'SET b = #two', None, {'#two': 'a'})
    assert _get(dynamodb, hash_table, random_key)['b'] == N(1)


def test_empty_update_expression(dynamodb, hash_table, random_key):
    # dynalite, exact; unlike an empty AttributeUpdates, an empty
    # UpdateExpression is an error (alternator).
    e = _update_error(dynamodb, hash_table, random_key, '')
    assert_client_error(e, 'ValidationException', envelope_re('Invalid UpdateExpression: The expression can not be empty;'))
    assert _get(dynamodb, hash_table, random_key) is None


@pytest.mark.parametrize('expression,values,token,near', [
    # aws/aws-cdk#7591 quotes DynamoDB: "ADD hits : incr".
    ('ADD hits : incr', {':incr': N(1)}, ':', 'hits : incr'),
    # nubo-db/dynoxide#12 quotes DynamoDB: an unknown first word.
    ('INVALID SYNTAX HERE', {':v': S('v')}, 'INVALID', 'INVALID SYNTAX'),
])
def test_syntax_error_message(dynamodb, hash_table, random_key, expression, values, token, near):
    e = _update_error(dynamodb, hash_table, random_key, expression, values)
    assert_client_error(e, 'ValidationException', envelope_re(
        f'Invalid UpdateExpression: Syntax error; token: "{token}", near: "{near}"'))


@pytest.mark.parametrize('expression', [
    # dynalite ("syntax errors in UpdateExpression") and alternator.
    'whatever', 'set a', 'add a', 'delete a', 'set a=set', 'remove a = b', 'add a = b', 'delete a = b',
    'remove a b', 'set a b', 'set :a = b', 'add :a b', 'remove :a', 'set a = b / c', 'set a = b * c',
    'set a[1] = "eight"', 'set a[1] = 1', 'SET if_not_exist(a, b) = a', 'set a = b + c + d',
    'SET _123 = :v', 'SET 123a = :v', 'SET hi-there = :v', 'SET a = :v,', 'SET a[:v] = :v', 'SET a[-1] = :v',
    'SET c = if_not_exists(c, :v+:v)', 'HELLO b = :v', 'SET a = _f(b)', 'SET a = (b.c).d + e',
])
def test_syntax_errors(dynamodb_unvalidated, hash_table, random_key, expression):
    e = _update_error(dynamodb_unvalidated, hash_table, random_key, expression,
                      {':v': N(1)} if ':v' in expression else None)
    assert_client_error(e, 'ValidationException', SYNTAX)
    assert _get(dynamodb_unvalidated, hash_table, random_key) is None


def test_update_expression_size_limit(dynamodb, hash_table, random_key):
    # Constraints, "Expression parameters": any expression string is at most
    # 4 KB. Observed text: "Invalid UpdateExpression: Expression size has
    # exceeded the maximum allowed size;" (optionally with the size).
    exact = 'SET a = :v' + ' ' * (4096 - len('SET a = :v'))
    _update(dynamodb, hash_table, random_key, exact, {':v': N(1)})
    e = _update_error(dynamodb, hash_table, random_key, exact + ' ', {':v': N(2)})
    assert_client_error(e, 'ValidationException', re.compile(
        r'^(?:1 validation error detected: )?Invalid UpdateExpression: Expression size has exceeded the maximum '
        r'allowed size;(?: expression size: 4097)?$'))
    assert _get(dynamodb, hash_table, random_key)['a'] == N(1)
