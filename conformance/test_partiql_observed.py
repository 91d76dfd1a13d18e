"""PartiQL behaviour and texts DynamoDB answers with that its documentation
does not give, as public conformance suites recorded them against DynamoDB
(paritysuite/dynamodb-conformance tests/tier2/partiql/*.test.ts and
tests/tier3/error-messages/partiql*.test.ts, "verified against real AWS,
eu-west-2, October 2026"; nubo-db/dynamodb-conformance
tests/tier2/partiql/executeStatement.test.ts, batchExecuteStatement.test.ts
and executeTransaction.test.ts, "characterised against real AWS"). test_partiql.py has what the
documentation says; this file pins the rest: exact refusal texts, comments
and number literals, IS NULL and IS <type>, FROM-first UPDATE, what writes
answer, and how a nested projection comes back.
"""
import time

import pytest
from botocore.exceptions import ClientError

import util
from util import assert_client_error, S, N

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "
LEFTOVER = NOT_WELL_FORMED + 'Unexpected token after expression'
OVERFLOW = 'Number overflow. Attempting to store a number with magnitude larger than supported range'
UNDERFLOW = 'Number underflow. Attempting to store a number with magnitude smaller than supported range'
UNCONVERTIBLE = 'The parameter cannot be converted to a numeric value'
NESTED = ('Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond '
          'supported limit')


@pytest.fixture(scope='module')
def t(module_tables, dynamodb):
    """'hash' (pk S), 'num' (pk N), 'range' (pk S, sk N), 'multi' (id S,
    with a GSI of two HASH attributes) and 'proj' (pk S, with GSIs on g:
    gsi2 projecting 'kept', gsi3 only the keys)."""
    hash_name, _ = module_tables.create(name=module_tables.name('pqo-hash'))
    num_name, _ = module_tables.create(
        name=module_tables.name('pqo-num'),
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'N'}])
    range_name, _ = module_tables.create(
        name=module_tables.name('pqo-range'),
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'sk', 'AttributeType': 'N'}])
    multi_name, _ = module_tables.create(
        name=module_tables.name('pqo-multi'),
        KeySchema=[{'AttributeName': 'id', 'KeyType': 'HASH'}],
        AttributeDefinitions=[{'AttributeName': n, 'AttributeType': 'S'} for n in ('id', 'h1', 'h2')],
        GlobalSecondaryIndexes=[{'IndexName': 'gsi',
                                 'KeySchema': [{'AttributeName': 'h1', 'KeyType': 'HASH'},
                                               {'AttributeName': 'h2', 'KeyType': 'HASH'}],
                                 'Projection': {'ProjectionType': 'ALL'}}])
    projected_name, _ = module_tables.create(
        name=module_tables.name('pqo-proj'),
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}],
        AttributeDefinitions=[{'AttributeName': n, 'AttributeType': 'S'} for n in ('pk', 'g')],
        GlobalSecondaryIndexes=[{'IndexName': 'gsi2', 'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'}],
                                 'Projection': {'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['kept']}},
                                {'IndexName': 'gsi3', 'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'}],
                                 'Projection': {'ProjectionType': 'KEYS_ONLY'}}])
    return {'hash': hash_name, 'num': num_name, 'range': range_name, 'multi': multi_name, 'proj': projected_name}


def _run(client, statement, parameters=None, **extra):
    request = {'Statement': statement, **extra}
    if parameters is not None:
        request['Parameters'] = parameters
    return client.execute_statement(**request)


def _refused(client, statement, message, parameters=None):
    with pytest.raises(ClientError) as exc_info:
        _run(client, statement, parameters)
    assert_client_error(exc_info, 'ValidationException', message)


def _transaction_refused(client, statement, message):
    with pytest.raises(ClientError) as exc_info:
        client.execute_transaction(TransactStatements=[{'Statement': statement}])
    assert_client_error(exc_info, 'ValidationException', message)


def _get(client, table, key):
    return client.get_item(TableName=table, Key=key, ConsistentRead=True).get('Item')


def _item(client, table, **attributes):
    pk = 'pqo-' + util.random_string()
    client.put_item(TableName=table, Item={'pk': S(pk), **attributes})
    return pk


# --------------------------------------------------------------------------
# Grammar: comments, number literals, leftovers, aliases

def test_number_literals_with_exponents_and_no_leading_digit(dynamodb, t):
    q = f'"{t["num"]}"'
    dynamodb.put_item(TableName=t['num'], Item={'pk': N('7310000')})
    dynamodb.put_item(TableName=t['num'], Item={'pk': N('-7.3')})
    for literal in ('7.31e6', '7.31E6', '7.31e+6', '731e4', '73100000e-1'):
        assert _run(dynamodb, f'SELECT * FROM {q} WHERE pk = {literal}')['Items'] == [{'pk': N('7310000')}], literal
    assert _run(dynamodb, f'SELECT * FROM {q} WHERE pk = -.73e1')['Items'] == [{'pk': N('-7.3')}]
    _run(dynamodb, f"INSERT INTO {q} VALUE {{'pk': .7325e1}}")
    assert _get(dynamodb, t['num'], {'pk': N('7.325')}) is not None


def test_comments(dynamodb, t):
    q = f'"{t["hash"]}"'
    pk = _item(dynamodb, t['hash'])
    for statement in (f"SELECT * FROM {q} WHERE pk = '{pk}' -- a note",
                      f"SELECT * FROM {q} -- a note\nWHERE pk = '{pk}'",
                      f"-- a note\nSELECT * FROM {q} WHERE pk = '{pk}'",
                      f"SELECT * FROM {q} /* a note */ WHERE pk = '{pk}'"):
        assert _run(dynamodb, statement, ConsistentRead=True)['Items'] == [{'pk': S(pk)}], statement
    # Nothing after the colon for what the parser cannot read at all.
    _refused(dynamodb, f"SELECT * FROM {q} WHERE pk = '{pk}' # a note", NOT_WELL_FORMED)
    _refused(dynamodb, f"SELECT * FROM {q} WHERE pk = '{pk}' /* a note", NOT_WELL_FORMED)


def test_leftovers_aliases_and_broken_off_statements(dynamodb, t):
    q, n = f'"{t["hash"]}"', f'"{t["num"]}"'
    for statement in (f'SELECT * FROM {n} WHERE pk = 1 foo', f'SELECT * FROM {n} WHERE pk = 1 e5',
                      f"INSERT INTO {n} VALUE {{'pk': 970001}} foo", f'UPDATE {n} SET a = 9 WHERE pk = 970002 foo',
                      f'DELETE FROM {n} WHERE pk = 970003 foo', f'SELECT * FROM {n} WHERE pk = 1)',
                      f'DELETE FROM {n} WHERE pk = 970004 ORDER BY pk', f'SELECT * FROM {n} ORDER BY pk WHERE pk = 1',
                      f"INSERT INTO {q} t VALUE {{'pk': 'x'}}"):
        _refused(dynamodb, statement, LEFTOVER)
    for statement in (f"SELECT * FROM {q} t WHERE pk = 'x'", f"SELECT * FROM {q} AS t WHERE pk = 'x'",
                      f"UPDATE {q} t SET a = 3 WHERE pk = 'x'", f"DELETE FROM {q} t WHERE pk = 'x'"):
        _refused(dynamodb, statement, 'Aliasing is not supported')
    _refused(dynamodb, f'SELECT * FROM {q} WHERE', NOT_WELL_FORMED + 'Unexpected term')
    assert _get(dynamodb, t['num'], {'pk': N('970001')}) is None


def test_number_literals_dynamodb_cannot_store(dynamodb, t):
    n = f'"{t["num"]}"'
    for exponent in ('1e2147483648', '1e99999999999', '1.5e-2147483647'):
        _refused(dynamodb, f'SELECT * FROM {n} WHERE pk = {exponent}', NOT_WELL_FORMED)
    _refused(dynamodb, f'SELECT * FROM {n} WHERE pk = 1e126', OVERFLOW + ' under root')
    _refused(dynamodb, f'SELECT * FROM {n} WHERE pk = 1e-131', UNDERFLOW + ' under root')
    _refused(dynamodb, f'SELECT * FROM {n} WHERE pk = 123456789012345678901234567890123456789',
             'Attempting to store more than 38 significant digits in a Number under root')
    _refused(dynamodb, f'UPDATE {n} SET a = 1e-131 WHERE pk = 970005', UNDERFLOW + ' under root')
    _refused(dynamodb, f"INSERT INTO {n} VALUE {{'pk': 970006, 'm': {{'x': 1e126}}}}", OVERFLOW + ' under root.x')
    _refused(dynamodb, f"INSERT INTO {n} VALUE {{'pk': 970007, 'l': [1, 1e126]}}", OVERFLOW + ' under root[1]')
    assert _get(dynamodb, t['num'], {'pk': N('970006')}) is None


@pytest.mark.parametrize('value', ['1e99999999999', '-1e99999999999', '1e-99999999999', '1e2147483648',
                                   '1e-2147483648', 'abc'])
def test_parameter_numbers_that_cannot_be_converted(dynamodb, t, value):
    q = f'"{t["range"]}"'
    for statement in (f"SELECT * FROM {q} WHERE pk = 'x' AND n = ?", f"UPDATE {q} SET n = ? WHERE pk = 'x' AND sk = 1",
                      f"INSERT INTO {q} VALUE {{'pk': 'x', 'sk': 1, 'n': ?}}"):
        _refused(dynamodb, statement, f'{UNCONVERTIBLE}: {value}', [N(value)])
    _refused(dynamodb, f"SELECT * FROM {q} WHERE pk = 'x' AND n = ?", UNCONVERTIBLE, [N('')])
    # The exponent fits, but precision less scale wraps in 32 bits.
    _refused(dynamodb, f"SELECT * FROM {q} WHERE pk = 'x' AND n = ?", UNDERFLOW, [N('1e2147483647')])


def test_parameters_report_their_first_problem_in_document_order(dynamodb, t):
    q = f'"{t["range"]}"'
    deep = S('leaf')
    for _ in range(40):
        deep = {'M': {'n': deep}}
    pair = f"SELECT * FROM {q} WHERE pk = 'x' AND a = ? AND b = ?"
    _refused(dynamodb, pair, NESTED, [deep, N('abc')])
    _refused(dynamodb, pair, f'{UNCONVERTIBLE}: abc', [N('abc'), deep])
    _refused(dynamodb, f"SELECT * FROM {q} WHERE pk = 'x' AND a = ?", f'{UNCONVERTIBLE}: 1e99999999999',
             [{'NS': ['1', '1e99999999999']}])


# --------------------------------------------------------------------------
# WHERE: IS, functions, comparisons

def test_is_null_is_not_null_and_is_a_type(dynamodb, t):
    q = f'"{t["hash"]}"'
    pk = _item(dynamodb, t['hash'], s=S('str'), nul={'NULL': True}, flag={'BOOL': True})

    def holds(condition):
        items = _run(dynamodb, f"SELECT pk FROM {q} WHERE pk = '{pk}' AND {condition}", ConsistentRead=True)['Items']
        return items == [{'pk': S(pk)}]

    assert holds('nul IS NULL') and not holds('s IS NULL')
    assert holds('s IS NOT NULL') and not holds('nul IS NOT NULL')
    assert holds('flag IS BOOL') and holds('s IS STRING') and not holds('s IS BOOL')
    assert holds('attribute_exists(s) = true') and holds('ATTRIBUTE_EXISTS("s")')
    assert holds('(attribute_exists(nope) OR attribute_exists(s))') and holds('NOT attribute_exists(nope)')


def test_refused_functions_and_operands(dynamodb, t):
    q = f'"{t["hash"]}"'
    where = f"SELECT * FROM {q} WHERE pk = 'x' AND "
    _refused(dynamodb, where + "attribute_exists('s')",
             'Operator or function requires a document path; operator or function: attribute_exists')
    _refused(dynamodb, where + 'attribute_exists()', 'Incorrect number of operands for operator or function; '
             'operator or function: attribute_exists, number of operands: 0')
    _refused(dynamodb, where + 'attribute_exists(s, n)', 'Incorrect number of operands for operator or function; '
             'operator or function: attribute_exists, number of operands: 2')
    statement = where + 'EXISTS(s)'
    _refused(dynamodb, statement, f'Unrecognized function: exists at 1:{statement.index("EXISTS") + 1}:6')
    statement = f"SELECT attribute_exists(s) FROM {q} WHERE pk = 'x'"
    _refused(dynamodb, statement, f'Unexpected path component at 1:{statement.index("attribute_exists") + 1}:16')
    _refused(dynamodb, where + 'attribute_exists(m.inner)', NOT_WELL_FORMED + 'Invalid path dot component')
    for op in ('<', '<=', '>', '>='):
        _refused(dynamodb, where + f'v {op} ?',
                 f'Incorrect operand type for operator or function; operator or function: {op}, operand type: BOOL',
                 [{'BOOL': True}])


# --------------------------------------------------------------------------
# UPDATE: set_add, set_delete, FROM first

def test_set_add_and_set_delete(dynamodb, t):
    q = f'"{t["hash"]}"'
    pk = _item(dynamodb, t['hash'], ss={'SS': ['a', 'b', 'c']}, ns={'NS': ['1', '2', '3']}, s=S('str'))
    _run(dynamodb, f"UPDATE {q} SET ss = SET_ADD(ss, <<'z'>>) SET ns = set_add(ns, <<4>>) WHERE pk = '{pk}'")
    _run(dynamodb, f"UPDATE {q} SET nss = set_add(nss, <<'x'>>) WHERE pk = '{pk}'")
    _run(dynamodb, f"UPDATE {q} SET ns = set_delete(ns, <<1, 2, 3, 4>>) WHERE pk = '{pk}'")
    item = _get(dynamodb, t['hash'], {'pk': S(pk)})
    assert sorted(item['ss']['SS']) == ['a', 'b', 'c', 'z'] and item['nss'] == {'SS': ['x']} and 'ns' not in item

    update = f"UPDATE {q} SET {{}} WHERE pk = '{pk}'"
    for set_clause, message in (
            ("t = set_add(ss, <<'x'>>)", 'The first argument to SET_ADD must equal the assignment value at {fn}'),
            ("ss = set_add(<<'a'>>, <<'b'>>)", 'The first argument to SET_ADD must equal the assignment value at {fn}'),
            ("ss = set_add(ss, 'x')", 'The second argument to SET_ADD must be a value with type SET at {arg}'),
            ("ss = set_delete(ss, ['a'])", 'The second argument to SET_DELETE must be a value with type SET at {arg}'),
            ('ss = set_add(ss)', 'SET_ADD must have exactly two arguments at {fn}'),
            ("ss = set_add(ss, <<'x'>>, <<'y'>>)", 'SET_ADD must have exactly two arguments at {fn}')):
        statement = update.format(set_clause)
        fn = statement.index('set_')
        name_length = len('set_delete') if statement[fn:].startswith('set_delete') else len('set_add')
        arg = statement.find('ss', fn)  # the first argument, where the second is refused
        _refused(dynamodb, statement, message.format(fn=f'1:{fn + 1}:{name_length}', arg=f'1:{arg + 1}:2'))
    _refused(dynamodb, update.format('ss = set_add(ss, <<>>)'), 'Empty bags are not supported')
    _refused(dynamodb, update.format('ss = set_add(ss, <<1>>)'),
             'An operand in the update expression has an incorrect data type')
    statement = f"SELECT * FROM {q} WHERE pk = 'x' AND set_add(ss, <<'x'>>) = ss"
    _refused(dynamodb, statement, f'Unrecognized function: set_add at 1:{statement.index("set_add") + 1}:7')
    statement = f"INSERT INTO {q} VALUE {{'pk': 'x', 'ss': set_add(<<'a'>>, <<'b'>>)}}"
    _refused(dynamodb, statement, f'Unsupported data type: set_add under key root at 1:{statement.index("set_add") + 1}:7')


def test_update_written_from_first(dynamodb, t):
    q = f'"{t["hash"]}"'
    pk = _item(dynamodb, t['hash'], a=N(1), b=S('bee'))
    _run(dynamodb, f"FROM {q} WHERE pk = '{pk}' SET c = 1 REMOVE b")
    response = _run(dynamodb, f"from {q} where pk = ? AND a = 1 set d = ? RETURNING ALL NEW *", [S(pk), N(3)])
    assert response['Items'] == [{'pk': S(pk), 'a': N(1), 'c': N(1), 'd': N(3)}]
    with pytest.raises(ClientError) as exc_info:
        _run(dynamodb, f"FROM {q} WHERE pk = '{pk}' AND a = 2 SET c = 5")
    assert_client_error(exc_info, 'ConditionalCheckFailedException')
    missing = 'pqo-' + util.random_string()
    with pytest.raises(ClientError) as exc_info:
        _run(dynamodb, f"FROM {q} WHERE pk = '{missing}' SET c = 1")
    assert_client_error(exc_info, 'ConditionalCheckFailedException')
    assert _get(dynamodb, t['hash'], {'pk': S(missing)}) is None
    dynamodb.execute_transaction(TransactStatements=[{'Statement': f"FROM {q} WHERE pk = '{pk}' SET e = 1"}])
    assert _get(dynamodb, t['hash'], {'pk': S(pk)})['e'] == N(1)


# --------------------------------------------------------------------------
# What reads and writes answer

def test_writes_answer_empty_lists(dynamodb, t):
    q = f'"{t["hash"]}"'
    pk = _item(dynamodb, t['hash'], a=N(1))
    fresh = 'pqo-' + util.random_string()
    assert _run(dynamodb, f"INSERT INTO {q} VALUE {{'pk': '{fresh}'}}")['Items'] == []
    assert _run(dynamodb, f"UPDATE {q} SET a = 2 WHERE pk = '{pk}'")['Items'] == []
    assert _run(dynamodb, f"DELETE FROM {q} WHERE pk = '{fresh}'")['Items'] == []
    assert _run(dynamodb, f"DELETE FROM {q} WHERE pk = 'pqo-never-written'")['Items'] == []
    response = dynamodb.execute_transaction(
        TransactStatements=[{'Statement': f"UPDATE {q} SET a = 3 WHERE pk = '{pk}'"}], ReturnConsumedCapacity='TOTAL')
    assert response['Responses'] == []
    assert [c['TableName'] for c in response['ConsumedCapacity']] == [t['hash']]


def test_a_nested_path_comes_back_under_its_last_name(dynamodb, t):
    q = f'"{t["hash"]}"'
    pk = _item(dynamodb, t['hash'], mymap={'M': {'nested': S('deep'), 'other': S('x')}},
               l={'L': [S('zero'), {'M': {'x': N(1), 'y': N(2)}}]}, extra=S('no'))
    items = _run(dynamodb, f"SELECT mymap.nested, l[1].x FROM {q} WHERE pk = '{pk}'", ConsistentRead=True)['Items']
    assert items == [{'nested': S('deep'), 'x': N(1)}]
    batch = dynamodb.batch_execute_statement(Statements=[
        {'Statement': f"SELECT mymap.nested FROM {q} WHERE pk = '{pk}'", 'ConsistentRead': True}])
    assert batch['Responses'][0]['Item'] == {'nested': S('deep')}
    assert _run(dynamodb, f"SELECT pk, mymap FROM {q} WHERE pk = '{pk}'")['Items'] == [
        {'pk': S(pk), 'mymap': {'M': {'nested': S('deep'), 'other': S('x')}}}]


# --------------------------------------------------------------------------
# Batches, transactions and indexes

def test_single_item_reads_must_name_the_primary_key(dynamodb, t):
    q = f'"{t["hash"]}"'
    batch = dynamodb.batch_execute_statement(Statements=[
        {'Statement': f"SELECT * FROM {q} WHERE pk = 'x' AND attribute_exists(s)"},
        {'Statement': f"SELECT * FROM {q} WHERE s = 'x'"}])
    for response in batch['Responses']:
        assert response['Error'] == {'Code': 'ValidationError', 'Message': 'Select statements within '
                                     'BatchExecuteStatement must specify the primary key in the where clause.'}
    _transaction_refused(dynamodb, f"SELECT * FROM {q} WHERE pk = 'x' AND attribute_exists(s)",
                         'Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction '
                         'must specify the primary key in the where clause.')


def test_a_gsi_with_a_multi_attribute_key_is_refused(dynamodb, t):
    refused = ('PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute '
               'RANGE keys.')
    g = f'"{t["multi"]}"."gsi"'
    for statement in (f"SELECT * FROM {g} WHERE h1 = 'a'", f'SELECT * FROM {g}', f"SELECT * FROM {g} WHERE id = 'i'"):
        _refused(dynamodb, statement, refused)
    _refused(dynamodb, f'SELECT * FROM {g} WHERE', NOT_WELL_FORMED + 'Unexpected term')
    # The table itself reads and writes as any other.
    _run(dynamodb, f"INSERT INTO \"{t['multi']}\" VALUE {{'id': 'i1'}}")
    assert _run(dynamodb, f"SELECT * FROM \"{t['multi']}\" WHERE id = 'i1'", ConsistentRead=True)['Items'] == [
        {'id': S('i1')}]
    batch = dynamodb.batch_execute_statement(Statements=[
        {'Statement': f"SELECT * FROM {g} WHERE h1 = 'a' AND h2 = 'x'"}])
    assert batch['Responses'][0]['Error'] == {'Code': 'ValidationError', 'Message': refused}


def test_a_gsi_read_cannot_select_what_the_index_does_not_project(dynamodb, t):
    g = f'"{t["proj"]}"."gsi2"'
    _refused(dynamodb, f"SELECT alternate, kept, pk, g, mymap.x FROM {g} WHERE g = 'a'",
             'One or more parameter values were invalid: Global secondary index gsi2 does not project [alternate, mymap]')
    _refused(dynamodb, f'SELECT alternate FROM {g}',
             'One or more parameter values were invalid: Global secondary index gsi2 does not project [alternate]')
    assert _run(dynamodb, f"SELECT kept, pk FROM {g} WHERE g = 'none'")['Items'] == []


def test_statement_level_refusals(dynamodb, t):
    q = f'"{t["hash"]}"'
    _refused(dynamodb, f"SLECT * FROM {q} WHERE pk = 'x'", NOT_WELL_FORMED + 'Expected data manipulation')
    _refused(dynamodb, f"DELETE FROM {q} WHERE pk = 'x' RETURNING MODIFIED OLD *",
             'Invalid returning clause: RETURNING MODIFIED OLD *. Only RETURNING ALL OLD * is allowed in DELETE '
             'statements.')
    # Both with a full stop and the statement's place (Ketlark/
    # dynamodb-conformance tests/tier3/error-messages/partiql.test.ts and
    # the paritysuite index-qualifier tests, recorded against DynamoDB).
    _transaction_refused(dynamodb, f"UPDATE {q} SET a = 1 WHERE pk = 'x' RETURNING ALL NEW *",
                         'Validation failed in TransactStatements[0]: RETURNING clause is not supported in '
                         'ExecuteTransaction.')
    _transaction_refused(dynamodb, f'SELECT * FROM "{t["proj"]}"."gsi2" WHERE g = \'x\'',
                         'Validation failed in TransactStatements[0]: Reads on indices are not supported within '
                         'transactions.')


def test_batch_members_answer_on_their_own(dynamodb, t):
    q = f'"{t["hash"]}"'
    pk = _item(dynamodb, t['hash'], val=S('here'), data=S('old'))
    gone = _item(dynamodb, t['hash'], data=S('bye'))
    batch = dynamodb.batch_execute_statement(Statements=[
        {'Statement': f"UPDATE {q} SET data = 'new' WHERE pk = '{pk}' RETURNING MODIFIED NEW *"},
        {'Statement': f"DELETE FROM {q} WHERE pk = '{gone}' RETURNING ALL OLD *"},
        {'Statement': f"UPDATE {q} SET t = 'yes' WHERE pk = ? AND val = ?", 'Parameters': [S(pk), S('wrong')],
         'ReturnValuesOnConditionCheckFailure': 'ALL_OLD'},
        {'Statement': f"INSERT INTO {q} VALUE {{'pk': ?}}", 'Parameters': [S(pk)]},
        {'Statement': f"UPDATE {q} REMOVE val WHERE pk = '{pk}' RETURNING MODIFIED NEW *"},
        {'Statement': f"SLECT * FROM {q}"},
    ])['Responses']
    assert batch[0] == {'TableName': t['hash'], 'Item': {'data': S('new')}}
    assert batch[1] == {'TableName': t['hash'], 'Item': {'pk': S(gone), 'data': S('bye')}}
    # A member that ran names its table, and ReturnValuesOnConditionCheckFailure returns nothing here.
    assert batch[2] == {'TableName': t['hash'], 'Error': {'Code': 'ConditionalCheckFailed',
                                                          'Message': 'The conditional request failed'}}
    assert batch[3]['TableName'] == t['hash'] and batch[3]['Error']['Code'] == 'DuplicateItem'
    assert batch[4] == {'TableName': t['hash']}  # nothing modified is left to return
    assert batch[5] == {'Error': {'Code': 'ValidationError', 'Message': NOT_WELL_FORMED + 'Expected data manipulation'}}


def test_an_index_in_a_write_or_a_keyed_filter(dynamodb, t):
    p = f'"{t["proj"]}"'
    with pytest.raises(ClientError) as exc_info:
        _run(dynamodb, f"INSERT INTO {p}.\"gsi2\" VALUE {{'pk': 'w1'}}")
    assert_client_error(exc_info, 'ValidationException')
    assert 'FROM clause may only contain a single table name' in exc_info.value.response['Error']['Message']
    for statement in (f"UPDATE {p}.\"gsi2\" SET kept = 'z' WHERE pk = 'w1'", f"DELETE FROM {p}.\"gsi2\" WHERE pk = 'w1'"):
        _refused(dynamodb, statement, 'This operation is not supported on an index')
    # Keyed on the index, a filter may only name what it projects; unkeyed
    # the read scans the index, where the attribute is not, and finds nothing.
    g = f'{p}."gsi2"'
    for where in ("g = 'y' AND other = 'v'", "g IN ['y', 'z'] AND other = 'v'", "g = 'y' AND other IS NOT MISSING",
                  "g = 'y' AND NOT other = 'v'"):
        with pytest.raises(ClientError) as exc_info:
            _run(dynamodb, f'SELECT pk FROM {g} WHERE {where}')
        assert_client_error(exc_info, 'ValidationException')
    pk = _item(dynamodb, t['proj'], g=S('pqo-unkeyed'), other=S('v'))
    assert _run(dynamodb, f"SELECT pk FROM {g} WHERE other = 'v'")['Items'] == []
    assert _run(dynamodb, f"SELECT pk FROM {g} WHERE g = 'pqo-unkeyed' AND kept IS MISSING")['Items'] in (
        [], [{'pk': S(pk)}])  # an index read may lag its write


def test_a_next_token_continues_only_its_own_read(dynamodb, t):
    g = 'pqo-token-' + util.random_string()
    for _ in range(3):
        _item(dynamodb, t['proj'], g=S(g))
    statement = f"SELECT pk FROM \"{t['proj']}\".\"{{}}\" WHERE g = '{g}'"
    deadline = time.monotonic() + 10
    while True:  # an index read may lag its writes
        first = _run(dynamodb, statement.format('gsi2'), Limit=1)
        if first.get('NextToken') or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert first.get('NextToken')
    rest = _run(dynamodb, statement.format('gsi2'), NextToken=first['NextToken'])
    assert len(first['Items'] + rest['Items']) >= 2
    with pytest.raises(ClientError) as exc_info:
        _run(dynamodb, statement.format('gsi3'), NextToken=first['NextToken'])
    assert_client_error(exc_info, 'ValidationException')



def test_index_qualifier_refusals(dynamodb, t):
    # The public suites' PartiQL error-message tests, recorded against
    # DynamoDB: a keyed read filtering on what the index does not project
    # ("Secondary index", whatever its kind), a qualifier naming no index
    # (no name appended, unlike Query's text), three path components or an
    # empty one (before the table is looked up), and ConsistentRead on a GSI
    # (in other words than Query's).
    g = f'"{t["proj"]}"."gsi2"'
    _refused(dynamodb, f"SELECT pk FROM {g} WHERE g = 'a' AND other = 1 AND kept = 2 AND other = 3",
             'One or more parameter values were invalid: Secondary index gsi2 does not project one or more filter '
             'attributes: [other]')
    _refused(dynamodb, f'SELECT * FROM "{t["proj"]}"."no-such-index" WHERE pk = \'p\'',
             'The table does not have the specified index')
    _refused(dynamodb, f'SELECT * FROM {g}."extra" WHERE pk = \'p\'',
             'A path may contain at most 2 components in the FROM clause')
    _refused(dynamodb, f'SELECT * FROM "{t["proj"]}"."" WHERE pk = \'p\'', 'Path component cannot be an empty string')
    _refused(dynamodb, 'SELECT * FROM "" WHERE pk = \'p\'', 'Path component cannot be an empty string')
    with pytest.raises(ClientError) as e:
        _run(dynamodb, f"SELECT * FROM {g} WHERE g = 'x'", ConsistentRead=True)
    assert_client_error(e, 'ValidationException', 'Strongly consistent read is not supported on Global Secondary Indexes')
