"""PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction.

Behaviour from the Developer Guide's PartiQL chapter and the API Reference:

- "PartiQL select statements for DynamoDB" (ql-reference.select): `SELECT
  expression [, ...] FROM table[.index] [WHERE condition]`; the projection is
  `*` or "one or more attribute names or document paths"; "You must add
  double quotation marks to the table name and index name when querying an
  index" (`FROM "TableName"."IndexName"`); a WHERE with an equality or IN on
  the partition key is a query, anything else a full scan ("WHERE Total
  BETWEEN 500 AND 600", "Total IN [500, 600]", "Devices.FireStick.
  DateWatched[0] >= '12/12/19'"); "If you omit the WHERE clause, then all of
  the items in the table are retrieved".
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.select.html
- "PartiQL insert statements" (ql-reference.insert): `INSERT INTO table VALUE
  item`, one item, attribute names and strings in single quotes; "If the
  DynamoDB table already has an item with the same primary key as the
  primary key of the item being inserted, DuplicateItemException is
  returned".
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.insert.html
- "PartiQL update statements" (ql-reference.update): `UPDATE table [SET |
  REMOVE] path [= data] [...] WHERE condition [RETURNING returnvalues]`,
  `<returnvalues> ::= [ALL OLD | MODIFIED OLD | ALL NEW | MODIFIED NEW] *`;
  SET data may be LIST_APPEND, SET_ADD, SET_DELETE; the condition "must
  resolve to a single primary key value"; "This statement does not return a
  value unless returnvalues parameter is specified"; "If the WHERE clause of
  the UPDATE statement does not evaluate to true for any item in the
  DynamoDB table, ConditionalCheckFailedException is returned" - so an
  UPDATE never creates an item.
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.update.html
- "PartiQL delete statements" (ql-reference.delete): `DELETE FROM table WHERE
  condition [RETURNING ALL OLD *]`; "If the DynamoDB table does not have any
  item with the same primary key as that of the item for which the DELETE is
  issued, SUCCESS is returned with 0 items deleted. If the table has an item
  with same primary key, but the condition in the WHERE clause of the DELETE
  statement evaluates to false, ConditionalCheckFailedException is
  returned".
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.delete.html
- "PartiQL data types" (ql-reference.data-types): literals for strings,
  numbers, maps `{'k': v}`, lists `[..]`, number and string sets `<<..>>`;
  `SET NumberType=NumberType + 100`, `NumberType - 1`, `LIST_APPEND`,
  `SET_ADD`, `SET_DELETE`, `REMOVE ListType[1]`, `REMOVE MapType.NewMapEntry`.
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.data-types.html
- Operators (ql-operators): + -, = <> > < >= <=, AND BETWEEN IN IS NOT OR.
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-operators.html
- Functions (ql-functions): size, EXISTS (transactions only, not tested),
  attribute_type, begins_with, contains, `attributename IS | IS NOT MISSING`.
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-functions.html
- ExecuteStatement (API Reference): Statement, Parameters, ConsistentRead,
  Limit ("The maximum number of items to evaluate (not necessarily the
  number of matching items)"), NextToken ("If set, you can use that this
  value in the subsequent request to get the remaining results"); Items "For
  the write operations this value will be empty"; errors include
  ConditionalCheckFailedException, DuplicateItemException,
  ResourceNotFoundException.
  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html
- BatchExecuteStatement (API Reference, "Running batch operations with
  PartiQL"): 1 to 25 statements; "Each read statement in a
  BatchExecuteStatement must specify an equality condition on all key
  attributes"; "The entire batch must consist of either read statements or
  write statements, you cannot mix both in one batch"; "A HTTP 200 response
  does not mean that all statements in the BatchExecuteStatement succeeded.
  Error details for individual statements can be found under the Error field
  of the BatchStatementResponse for each statement"; Responses "are ordered
  according to the ordering of the request statements"; BatchStatementError
  Code is one of ConditionalCheckFailed | ... | ValidationError | ... |
  ResourceNotFound | AccessDenied | DuplicateItem.
  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchExecuteStatement.html
  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchStatementResponse.html
  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchStatementError.html
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.multiplestatements.batching.html
- ExecuteTransaction (API Reference, "Performing transactions with
  PartiQL"): 1 to 100 statements, all reads or all writes; "If any of the
  singleton INSERT, UPDATE, or DELETE operations return an error, the
  transactions are cancelled with the TransactionCanceledException
  exception, and the cancellation reason code includes the errors from the
  individual singleton operations"; Responses is a list of ItemResponse
  ({Item}).
  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteTransaction.html
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.multiplestatements.transactions.html

Error messages are not in the documentation. Where a test checks one, the
comment says where the text was observed; otherwise only the error code is
asserted.
"""

import re

import pytest
from botocore.exceptions import ClientError

import util
from util import assert_client_error, S, N

# The syntax-error envelope DynamoDB's PartiQL parser answers with (not in the
# docs): "Statement wasn't well formed, can't be processed: <detail>", quoted
# from DynamoDB by public conformance suites recorded against it (e.g.
# "Statement wasn't well formed, can't be processed: Unexpected token after
# expression" for a token left after a complete statement).
NOT_WELL_FORMED = re.compile(r"^Statement wasn't well formed, can't be processed: ")
# DuplicateItemException's message as DynamoDB answers it (not in the docs;
# seen in AWS CLI transcripts: "An error occurred (DuplicateItemException)
# when calling the ExecuteStatement operation: Duplicate primary key exists
# in table").
DUPLICATE = 'Duplicate primary key exists in table'
# TransactionCanceledException's message lists the reason codes in statement
# order, as for TransactWriteItems (test_transactions.py, observed on
# DynamoDB); ExecuteTransaction raises the same exception.
CANCELLED = 'Transaction cancelled, please refer cancellation reasons for specific reasons [{}]'


# --------------------------------------------------------------------------
# Tables and helpers

def _range_schema(**extra):
    schema = dict(
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'sk', 'AttributeType': 'N'}])
    for key, value in extra.items():
        if key == 'AttributeDefinitions':
            schema['AttributeDefinitions'] = schema['AttributeDefinitions'] + value
        else:
            schema[key] = value
    return schema


# The read-only data set: (pk, sk) -> item. Every WHERE test below checks the
# exact set of keys it selects from these six items.
DATA = [
    {'pk': S('a'), 'sk': N(1), 'n': N(10), 's': S('apple'), 'g': S('G1'),
     'tags': {'SS': ['x', 'y']}, 'l': {'L': [N(1), N(2), N(3)]},
     'm': {'M': {'k': S('v'), 'sub': {'M': {'d': N(5)}}}}, 'flag': {'BOOL': True}},
    {'pk': S('a'), 'sk': N(2), 'n': N(20), 's': S('apricot'), 'l': {'L': [N(4)]}},
    {'pk': S('a'), 'sk': N(3), 'n': N(30), 's': S('banana'), 'nul': {'NULL': True}},
    {'pk': S('b'), 'sk': N(1), 'n': N(15), 's': S('blueberry'), 'g': S('G1'), 'tags': {'SS': ['y']}},
    {'pk': S('b'), 'sk': N(2), 'n': N(25)},
    {'pk': S('c'), 'sk': N(1), 'n': N(5), 's': S("it's"), 'g': S('G2'), 'odd-name': S('q')},
]
ALL_KEYS = sorted((i['pk']['S'], int(i['sk']['N'])) for i in DATA)


@pytest.fixture(scope='module')
def tables(module_tables, dynamodb):
    """'data' (pk S, sk N, GSI 'by-g' on g, filled with DATA, read only),
    'hash' and 'hash2' (pk S) and 'range' (pk S, sk N) for writes."""
    data, _ = module_tables.create(
        name=module_tables.name('pq-data'),
        **_range_schema(
            AttributeDefinitions=[{'AttributeName': 'g', 'AttributeType': 'S'}],
            GlobalSecondaryIndexes=[{'IndexName': 'by-g',
                                     'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'}],
                                     'Projection': {'ProjectionType': 'ALL'}}]))
    hash_name, _ = module_tables.create(name=module_tables.name('pq-hash'))
    hash2_name, _ = module_tables.create(name=module_tables.name('pq-hash2'))
    range_name, _ = module_tables.create(name=module_tables.name('pq-range'), **_range_schema())
    util.batch_write_all(dynamodb, data, DATA)
    return {'data': data, 'hash': hash_name, 'hash2': hash2_name, 'range': range_name}


@pytest.fixture(scope='session')
def gsi_lag(external_endpoint):
    """Seconds a GSI read may lag behind a write ("within a fraction of a
    second, under normal conditions", Developer Guide; as test_indexes.py)."""
    return 30 if external_endpoint else 5


def _q(name):
    """A table (or index) name as a double-quoted PartiQL identifier."""
    return f'"{name}"'


def _execute(client, statement, parameters=None, **extra):
    request = {'Statement': statement, **extra}
    if parameters is not None:
        request['Parameters'] = parameters
    return client.execute_statement(**request)


def _select_pages(client, statement, parameters=None, max_pages=100, **extra):
    """Every page of a SELECT, following NextToken (bounded)."""
    pages = []
    token = None
    for _ in range(max_pages):
        request = dict(extra)
        if token is not None:
            request['NextToken'] = token
        page = _execute(client, statement, parameters, **request)
        pages.append(page)
        token = page.get('NextToken')
        if not token:
            return pages
    raise AssertionError(f'still a NextToken after {max_pages} pages: {statement}')


def _select(client, statement, parameters=None, **extra):
    items = []
    for page in _select_pages(client, statement, parameters, **extra):
        items.extend(page.get('Items', []))
    return items


def _keys(items):
    return sorted((i['pk']['S'], int(i['sk']['N'])) for i in items)


def _where(client, tables, condition, parameters=None):
    """The (pk, sk) keys of the DATA items a WHERE condition selects."""
    return _keys(_select(client, f'SELECT * FROM {_q(tables["data"])} WHERE {condition}', parameters,
                         ConsistentRead=True))


def _get(client, table, key):
    return client.get_item(TableName=table, Key=key, ConsistentRead=True).get('Item')


def _hkey(pk):
    return {'pk': S(pk)}


def _put(client, table, pk, **attributes):
    item = {'pk': S(pk), **attributes}
    client.put_item(TableName=table, Item=item)
    return item


def _no_items(response):
    # "For the write operations this value will be empty" (API Reference,
    # ExecuteStatement, Items): an empty list, or no member at all.
    assert response.get('Items', []) == [], response


def _as_sets(item):
    """The item with set values turned into Python sets, for comparisons
    that must not depend on the order of set members."""
    out = {}
    for name, value in item.items():
        (kind, inner), = value.items()
        out[name] = (kind, frozenset(inner)) if kind in ('SS', 'NS', 'BS') else value
    return out


# --------------------------------------------------------------------------
# SELECT: projections

def test_select_star_by_full_key(dynamodb, tables):
    items = _select(dynamodb, f"SELECT * FROM {_q(tables['data'])} WHERE pk = 'a' AND sk = 1")
    assert [_as_sets(i) for i in items] == [_as_sets(DATA[0])]


def test_select_missing_item_is_empty(dynamodb, tables):
    # "If the filter criteria in WHERE clause does not match any data, the
    # read will return an empty result set" (API Reference, ExecuteStatement).
    response = _execute(dynamodb, f"SELECT * FROM {_q(tables['data'])} WHERE pk = 'zzz' AND sk = 1")
    assert response['Items'] == []
    assert 'NextToken' not in response


def test_select_without_where_returns_every_item(dynamodb, tables):
    # "If you omit the WHERE clause, then all of the items in the table are
    # retrieved" (ql-reference.select).
    items = _select(dynamodb, f"SELECT * FROM {_q(tables['data'])}", ConsistentRead=True)
    assert _keys(items) == ALL_KEYS
    by_key = {(i['pk']['S'], i['sk']['N']): i for i in items}
    for item in DATA:
        assert _as_sets(by_key[(item['pk']['S'], item['sk']['N'])]) == _as_sets(item)


def test_select_attribute_list(dynamodb, tables):
    # "a projection list of one or more attribute names" (ql-reference.select,
    # "SELECT OrderID, Total FROM "Orders" WHERE OrderID = 1").
    items = _select(dynamodb, f"SELECT pk, n, s FROM {_q(tables['data'])} WHERE pk = 'a' AND sk = 2")
    assert items == [{'pk': S('a'), 'n': N(20), 's': S('apricot')}]


def test_select_quoted_attribute_name(dynamodb, tables):
    # Double-quoted identifiers name attributes (ql-reference.delete example:
    # WHERE "Artist" = 'Acme Band'; ql-functions.size: size("Image")).
    items = _select(dynamodb, f'SELECT "odd-name", "n" FROM {_q(tables["data"])} WHERE "pk" = \'c\' AND "sk" = 1')
    assert items == [{'odd-name': S('q'), 'n': N(5)}]


def test_select_document_paths(dynamodb, tables):
    # Document paths in the projection are documented
    # (ql-reference.select: "SELECT Devices.FireStick.DateWatched[0] FROM
    # WatchList ..."), but not the shape of the result. Accepted: the value
    # under the path's last name (PartiQL's implicit alias), or the nested
    # form a ProjectionExpression returns. Unsure which DynamoDB answers.
    items = _select(dynamodb, f"SELECT m.sub.d FROM {_q(tables['data'])} WHERE pk = 'a' AND sk = 1")
    assert len(items) == 1, items
    assert items[0] in ({'d': N(5)}, {'m': {'M': {'sub': {'M': {'d': N(5)}}}}}), items

    items = _select(dynamodb, f"SELECT l[1] FROM {_q(tables['data'])} WHERE pk = 'a' AND sk = 1")
    assert len(items) == 1, items
    only = items[0]
    assert only == {'l': {'L': [N(2)]}} or (len(only) == 1 and list(only.values()) == [N(2)]), items


def test_select_from_index(dynamodb, tables, gsi_lag):
    # FROM "TableName"."IndexName" (ql-reference.select). A global secondary
    # index is eventually consistent, hence the retries (against DynamoDB).
    def check():
        items = _select(dynamodb, f"SELECT * FROM {_q(tables['data'])}.\"by-g\" WHERE g = 'G1'")
        assert _keys(items) == [('a', 1), ('b', 1)]
        by_key = {(i['pk']['S'], i['sk']['N']): i for i in items}
        assert _as_sets(by_key[('a', '1')]) == _as_sets(DATA[0])
        assert by_key[('b', '1')] == DATA[3]
    util.settle(check, gsi_lag)


def test_select_from_index_projection_and_filter(dynamodb, tables, gsi_lag):
    def check():
        items = _select(dynamodb, f"SELECT pk, sk FROM {_q(tables['data'])}.\"by-g\" WHERE g = 'G1' AND n > 10")
        assert items == [{'pk': S('b'), 'sk': N(1)}]
    util.settle(check, gsi_lag)


def test_select_lowercase_keywords(dynamodb, tables):
    # The docs write keywords in either case ("INSERT INTO Music value {...}",
    # "... where Artist=? and SongTitle=?": ql-gettingstarted).
    items = _select(dynamodb, f"select pk, sk from {_q(tables['data'])} where pk = 'a' and sk >= 2")
    assert _keys(items) == [('a', 2), ('a', 3)]


def test_select_consistent_read_sees_a_fresh_write(dynamodb, tables):
    key = util.rnd()
    _put(dynamodb, tables['hash'], key, v=S('fresh'))
    items = _select(dynamodb, f"SELECT v FROM {_q(tables['hash'])} WHERE pk = ?", [S(key)], ConsistentRead=True)
    assert items == [{'v': S('fresh')}]


# --------------------------------------------------------------------------
# SELECT: WHERE

@pytest.mark.parametrize('condition, expected', [
    ("pk = 'a'", [('a', 1), ('a', 2), ('a', 3)]),
    ("pk = 'a' AND sk = 2", [('a', 2)]),
    ("pk = 'a' AND sk > 1", [('a', 2), ('a', 3)]),
    ("pk = 'a' AND sk >= 2", [('a', 2), ('a', 3)]),
    ("pk = 'a' AND sk < 3", [('a', 1), ('a', 2)]),
    ("pk = 'a' AND sk <= 1", [('a', 1)]),
    ("pk = 'a' AND sk <> 2", [('a', 1), ('a', 3)]),
    ("pk = 'a' AND sk BETWEEN 2 AND 3", [('a', 2), ('a', 3)]),
    ("pk IN ['a', 'c']", [('a', 1), ('a', 2), ('a', 3), ('c', 1)]),
    ("pk = 'a' OR pk = 'c'", [('a', 1), ('a', 2), ('a', 3), ('c', 1)]),
    ('"pk" = \'b\' AND "sk" = 2', [('b', 2)]),
], ids=['pk-eq', 'pk-sk-eq', 'sk-gt', 'sk-ge', 'sk-lt', 'sk-le', 'sk-ne', 'sk-between', 'pk-in', 'pk-or',
        'quoted-key-names'])
def test_where_on_keys(dynamodb, tables, condition, expected):
    assert _where(dynamodb, tables, condition) == expected


@pytest.mark.parametrize('condition, expected', [
    # Full scans with comparison operators on a non-key attribute
    # (ql-reference.select: "WHERE Total > 500", "Total IN [500, 600]",
    # "Total BETWEEN 500 AND 600").
    ('n = 20', [('a', 2)]),
    ('n <> 20', [('a', 1), ('a', 3), ('b', 1), ('b', 2), ('c', 1)]),
    ('n > 20', [('a', 3), ('b', 2)]),
    ('n >= 20', [('a', 2), ('a', 3), ('b', 2)]),
    ('n < 15', [('a', 1), ('c', 1)]),
    ('n <= 15', [('a', 1), ('b', 1), ('c', 1)]),
    ('n BETWEEN 15 AND 25', [('a', 2), ('b', 1), ('b', 2)]),
    ('n IN [10, 25, 99]', [('a', 1), ('b', 2)]),
    ("s < 'b'", [('a', 1), ('a', 2)]),
    ("s = 'it''s'", [('c', 1)]),
    ('flag = TRUE', [('a', 1)]),
    ('n > 10 AND n < 30', [('a', 2), ('b', 1), ('b', 2)]),
    ('n = 5 OR n = 30', [('a', 3), ('c', 1)]),
    ('NOT n >= 15', [('a', 1), ('c', 1)]),
    ('NOT (n >= 15)', [('a', 1), ('c', 1)]),
    ("(pk = 'a' OR pk = 'b') AND n > 15", [('a', 2), ('a', 3), ('b', 2)]),
    ("pk = 'a' AND (n = 10 OR n = 30)", [('a', 1), ('a', 3)]),
    ('m.sub.d = 5', [('a', 1)]),
    ("m.k = 'v'", [('a', 1)]),
    ('l[0] = 4', [('a', 2)]),
    ('"odd-name" = \'q\'', [('c', 1)]),
], ids=['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'between', 'in', 'string-lt', 'escaped-quote', 'bool-literal',
        'and', 'or', 'not', 'not-parenthesised', 'or-in-parentheses', 'and-of-or', 'map-path', 'map-path-string',
        'list-index', 'quoted-name'])
def test_where_on_attributes(dynamodb, tables, condition, expected):
    # `'it''s'`: a quote inside a string literal is written twice (PartiQL's
    # string literal syntax, https://partiql.org/docs.html; the DynamoDB
    # docs only say strings are in single quotes - unsure beyond that).
    assert _where(dynamodb, tables, condition) == expected


@pytest.mark.parametrize('condition, expected', [
    # "attributename IS | IS NOT MISSING" (ql-functions.missing).
    ('s IS MISSING', [('b', 2)]),
    ('s IS NOT MISSING', [('a', 1), ('a', 2), ('a', 3), ('b', 1), ('c', 1)]),
    ("pk = 'a' AND nul IS NOT MISSING", [('a', 3)]),
    # begins_with(path, value) (ql-functions.beginswith).
    ("begins_with(s, 'ap')", [('a', 1), ('a', 2)]),
    ("pk = 'a' AND begins_with(\"s\", 'b')", [('a', 3)]),
    # contains(path, substring-or-set-member) (ql-functions.contains).
    ("contains(s, 'an')", [('a', 3)]),
    ("contains(tags, 'y')", [('a', 1), ('b', 1)]),
    ("contains(tags, 'x')", [('a', 1)]),
    # attribute_type(attributename, type) (ql-functions.attribute_type).
    ("attribute_type(nul, 'NULL')", [('a', 3)]),
    ("attribute_type(tags, 'SS')", [('a', 1), ('b', 1)]),
    ("attribute_type(n, 'S')", []),
    # size(path) (ql-functions.size: "size("Image") >300").
    ('size(l) = 3', [('a', 1)]),
    ('size(s) > 6', [('a', 2), ('b', 1)]),
    ('size(tags) = 1', [('b', 1)]),
], ids=['is-missing', 'is-not-missing', 'key-and-is-not-missing', 'begins-with', 'key-and-begins-with',
        'contains-substring', 'contains-set-member', 'contains-set-member-2', 'attribute-type-null',
        'attribute-type-ss', 'attribute-type-mismatch', 'size-list', 'size-string', 'size-set'])
def test_where_functions(dynamodb, tables, condition, expected):
    assert _where(dynamodb, tables, condition) == expected


@pytest.mark.parametrize('condition, expected', [
    ('attribute_exists(l)', [('a', 1), ('a', 2)]),
    ('attribute_not_exists(l)', [('a', 3), ('b', 1), ('b', 2), ('c', 1)]),
    ("pk = 'a' AND attribute_exists(m.sub)", [('a', 1)]),
])
def test_where_attribute_exists(dynamodb, tables, condition, expected):
    # Not in the documented function list (ql-functions: "Any SQL functions
    # that are not included in this list are not currently supported"), but
    # reported working on DynamoDB by suites run against it. Unsure.
    assert _where(dynamodb, tables, condition) == expected


def test_where_with_parameters(dynamodb, tables):
    # `?` placeholders take their values from Parameters, in order
    # (ql-gettingstarted: "SELECT * FROM Music where Artist=? and
    # SongTitle=?" with two string parameters).
    assert _where(dynamodb, tables, 'pk = ? AND sk = ?', [S('a'), N(2)]) == [('a', 2)]
    assert _where(dynamodb, tables, 'pk IN [?, ?]', [S('b'), S('c')]) == [('b', 1), ('b', 2), ('c', 1)]
    assert _where(dynamodb, tables, 'n BETWEEN ? AND ?', [N(10), N(15)]) == [('a', 1), ('b', 1)]
    assert _where(dynamodb, tables, 'tags = ?', [{'SS': ['y', 'x']}]) == [('a', 1)]


# --------------------------------------------------------------------------
# SELECT: Limit and NextToken

def test_limit_pages_with_next_token(dynamodb, tables):
    # Limit: "The maximum number of items to evaluate"; NextToken: "If set, you
    # can use that this value in the subsequent request to get the remaining
    # results" (API Reference, ExecuteStatement).
    statement = f"SELECT * FROM {_q(tables['data'])}"
    pages = _select_pages(dynamodb, statement, Limit=2, ConsistentRead=True)
    assert len(pages[0]['Items']) <= 2
    assert pages[0].get('NextToken'), pages[0]
    assert all(len(p.get('Items', [])) <= 2 for p in pages)
    items = [i for p in pages for i in p.get('Items', [])]
    assert _keys(items) == ALL_KEYS  # every item once, none twice
    assert len(pages) >= 3


def test_limit_on_a_partition(dynamodb, tables):
    statement = f"SELECT * FROM {_q(tables['data'])} WHERE pk = 'a'"
    first = _execute(dynamodb, statement, Limit=2)
    assert len(first['Items']) == 2
    assert first.get('NextToken')
    rest = _select(dynamodb, statement, NextToken=first['NextToken'])
    assert _keys(first['Items'] + rest) == [('a', 1), ('a', 2), ('a', 3)]


def test_order_by_the_sort_key(dynamodb, tables):
    # "SELECT expression FROM table[.index] [WHERE condition] [[ORDER BY key
    # [DESC|ASC], ...]" (ql-reference.select): one partition in sort key
    # order, ascending unless DESC.
    base = f"SELECT pk, sk FROM {_q(tables['data'])} WHERE pk = 'a' ORDER BY sk"
    in_order = lambda statement: [(i['pk']['S'], int(i['sk']['N'])) for i in _select(dynamodb, statement)]
    assert in_order(base + ' DESC') == [('a', 3), ('a', 2), ('a', 1)]
    assert in_order(base + ' ASC') == [('a', 1), ('a', 2), ('a', 3)]
    assert in_order(base) == [('a', 1), ('a', 2), ('a', 3)]


def test_order_by_refusals(dynamodb, tables):
    # ORDER BY needs a partition key equality, names key attributes only;
    # the texts are DynamoDB's PartiQL messages (as DynamoDB Local ships
    # them).
    q = _q(tables['data'])
    for statement, message in [
            (f'SELECT * FROM {q} ORDER BY sk', 'Must have WHERE clause in the statement when using ORDER BY clause.'),
            (f'SELECT * FROM {q} WHERE n = 30 ORDER BY sk',
             'Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.'),
            (f"SELECT * FROM {q} WHERE pk = 'a' ORDER BY n",
             'Variable reference n in ORDER BY clause must be part of the primary key')]:
        with pytest.raises(ClientError) as e:
            dynamodb.execute_statement(Statement=statement)
        assert_client_error(e, 'ValidationException', message)


def test_limit_counts_evaluated_items_not_matches(dynamodb, tables):
    # "The maximum number of items to evaluate (not necessarily the number of
    # matching items)": with Limit=1 over six items each page evaluates at
    # most one item, so the only match takes several pages to reach.
    pages = _select_pages(dynamodb, f"SELECT pk, sk FROM {_q(tables['data'])} WHERE n = 30", Limit=1)
    assert all(len(p.get('Items', [])) <= 1 for p in pages)
    assert len(pages) >= len(DATA)
    assert [i for p in pages for i in p.get('Items', [])] == [{'pk': S('a'), 'sk': N(3)}]


# --------------------------------------------------------------------------
# INSERT

def test_insert_then_read_back(dynamodb, tables):
    key = util.rnd()
    response = _execute(dynamodb, f"INSERT INTO {_q(tables['hash'])} VALUE {{'pk': '{key}', 'a': 'x'}}")
    _no_items(response)
    assert _get(dynamodb, tables['hash'], _hkey(key)) == {'pk': S(key), 'a': S('x')}


def test_insert_every_literal_type(dynamodb, tables):
    # ql-reference.data-types: strings, numbers, maps, lists, number sets,
    # string sets. TRUE/FALSE/NULL are PartiQL literals (partiql.org);
    # `''` escapes a quote inside a string (PartiQL syntax).
    key = util.rnd()
    _execute(dynamodb, f"""INSERT INTO {_q(tables['hash'])} VALUE {{
        'pk': '{key}', 's': 'it''s', 'n': 1, 'f': 4.5, 'neg': -3,
        't': TRUE, 'fa': FALSE, 'z': NULL,
        'm': {{'entryname1': 'value', 'entryname2': 4}},
        'l': [1, 'stringval', [2], {{'k': 'v'}}],
        'ns': <<1, 34, 32, 4.5>>, 'ss': <<'stringval', 'stringval2'>>,
        'odd-name': 'q'}}""")
    item = _get(dynamodb, tables['hash'], _hkey(key))
    assert _as_sets(item) == _as_sets({
        'pk': S(key), 's': S("it's"), 'n': N(1), 'f': N('4.5'), 'neg': N(-3),
        't': {'BOOL': True}, 'fa': {'BOOL': False}, 'z': {'NULL': True},
        'm': {'M': {'entryname1': S('value'), 'entryname2': N(4)}},
        'l': {'L': [N(1), S('stringval'), {'L': [N(2)]}, {'M': {'k': S('v')}}]},
        'ns': {'NS': ['1', '34', '32', '4.5']}, 'ss': {'SS': ['stringval', 'stringval2']},
        'odd-name': S('q')})


def test_insert_with_parameters(dynamodb, tables):
    # "INSERT INTO Music value {'Artist':?,'SongTitle':?}" with parameters
    # (ql-gettingstarted); a parameter carries any AttributeValue, binary too.
    key = util.rnd()
    _execute(dynamodb, f"INSERT INTO {_q(tables['range'])} VALUE {{'pk': ?, 'sk': ?, 'b': ?, 'bs': ?, 'm': ?}}",
             [S(key), N(7), {'B': b'\x00\x01'}, {'BS': [b'\x02', b'\x03']}, {'M': {'x': {'L': [S('y')]}}}])
    item = _get(dynamodb, tables['range'], {'pk': S(key), 'sk': N(7)})
    assert _as_sets(item) == _as_sets({'pk': S(key), 'sk': N(7), 'b': {'B': b'\x00\x01'},
                                       'bs': {'BS': [b'\x02', b'\x03']}, 'm': {'M': {'x': {'L': [S('y')]}}}})


def test_insert_existing_key_is_duplicate_item(dynamodb, tables):
    # "If the DynamoDB table already has an item with the same primary key as
    # the primary key of the item being inserted, DuplicateItemException is
    # returned" (ql-reference.insert). Unlike PutItem, nothing is replaced.
    key = util.rnd()
    original = _put(dynamodb, tables['hash'], key, a=S('original'))
    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, f"INSERT INTO {_q(tables['hash'])} VALUE {{'pk': '{key}', 'a': 'replaced'}}")
    assert_client_error(exc_info, 'DuplicateItemException', DUPLICATE)
    assert _get(dynamodb, tables['hash'], _hkey(key)) == original


def test_insert_same_partition_other_sort_key(dynamodb, tables):
    key = util.rnd()
    _execute(dynamodb, f"INSERT INTO {_q(tables['range'])} VALUE {{'pk': '{key}', 'sk': 1}}")
    _execute(dynamodb, f"INSERT INTO {_q(tables['range'])} VALUE {{'pk': '{key}', 'sk': 2}}")
    assert _keys(_select(dynamodb, f"SELECT * FROM {_q(tables['range'])} WHERE pk = ?", [S(key)],
                         ConsistentRead=True)) == [(key, 1), (key, 2)]


def test_insert_without_the_key_is_rejected(dynamodb, tables):
    # The item must be "a valid DynamoDB item" (ql-reference.insert).
    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, f"INSERT INTO {_q(tables['range'])} VALUE {{'pk': 'only-the-hash-key'}}")
    assert_client_error(exc_info, 'ValidationException')


# --------------------------------------------------------------------------
# UPDATE

def test_update_set_attributes(dynamodb, tables):
    # ql-reference.update: "UPDATE "Music" SET AwardsWon=1 SET
    # AwardDetail={'Grammys':[2020, 2018]} WHERE ..."; "If the attribute does
    # not exist, it is created".
    key = util.rnd()
    _put(dynamodb, tables['hash'], key, a=N(1))
    response = _execute(dynamodb, f"UPDATE {_q(tables['hash'])} SET a = 2 SET d = {{'Grammys': [2020, 2018]}} "
                                  f"WHERE pk = '{key}'")
    _no_items(response)
    assert _get(dynamodb, tables['hash'], _hkey(key)) == {
        'pk': S(key), 'a': N(2), 'd': {'M': {'Grammys': {'L': [N(2020), N(2018)]}}}}


def test_update_set_comma_separated(dynamodb, tables):
    # The docs repeat SET for each assignment; a comma-separated list is the
    # form UpdateExpression uses. Unsure DynamoDB's PartiQL takes it
    # (ql-reference.update syntax: "[SET | REMOVE] path [= data] [...]").
    key = util.rnd()
    _put(dynamodb, tables['hash'], key)
    _execute(dynamodb, f"UPDATE {_q(tables['hash'])} SET a = 'x', b = 2 WHERE pk = '{key}'")
    assert _get(dynamodb, tables['hash'], _hkey(key)) == {'pk': S(key), 'a': S('x'), 'b': N(2)}


def test_update_arithmetic(dynamodb, tables):
    # "SET NumberType=NumberType + 100", "SET NumberType=NumberType - 1"
    # (ql-reference.data-types).
    key = util.rnd()
    _put(dynamodb, tables['hash'], key, n=N(5), m=N(10))
    _execute(dynamodb, f"UPDATE {_q(tables['hash'])} SET n = n + 100 SET m = m - 1 WHERE pk = '{key}'")
    item = _get(dynamodb, tables['hash'], _hkey(key))
    assert item['n'] == N(105)
    assert item['m'] == N(9)


def test_update_list_append_and_nested_paths(dynamodb, tables):
    # "SET AwardDetail.Grammys =list_append(AwardDetail.Grammys,[2016])",
    # "SET AwardDetail.BillBoard=[2020]", "REMOVE AwardDetail.Grammys[2]"
    # (ql-reference.update).
    key = util.rnd()
    _put(dynamodb, tables['hash'], key, d={'M': {'Grammys': {'L': [N(2020), N(2018)]}}})
    table = _q(tables['hash'])
    _execute(dynamodb, f"UPDATE {table} SET d.Grammys = list_append(d.Grammys, [2016]) WHERE pk = '{key}'")
    _execute(dynamodb, f"UPDATE {table} SET d.BillBoard = [2020] WHERE pk = '{key}'")
    assert _get(dynamodb, tables['hash'], _hkey(key))['d'] == {'M': {
        'Grammys': {'L': [N(2020), N(2018), N(2016)]}, 'BillBoard': {'L': [N(2020)]}}}
    _execute(dynamodb, f"UPDATE {table} REMOVE d.Grammys[1] WHERE pk = '{key}'")
    assert _get(dynamodb, tables['hash'], _hkey(key))['d'] == {'M': {
        'Grammys': {'L': [N(2020), N(2016)]}, 'BillBoard': {'L': [N(2020)]}}}


def test_update_set_add_and_set_delete(dynamodb, tables):
    # "SET BandMembers =set_add(BandMembers, <<'newbandmember'>>)"
    # (ql-reference.update); "SET_ADD(NumberSetType, <<345, 48.4>>)",
    # "SET_DELETE( StringSetType, <<'stringsetvalue1'>>)"
    # (ql-reference.data-types).
    key = util.rnd()
    _put(dynamodb, tables['hash'], key, ss={'SS': ['a', 'b']}, ns={'NS': ['1', '2']})
    table = _q(tables['hash'])
    _execute(dynamodb, f"UPDATE {table} SET ss = set_add(ss, <<'c'>>) SET ns = SET_ADD(ns, <<345, 48.4>>) "
                       f"WHERE pk = '{key}'")
    item = _get(dynamodb, tables['hash'], _hkey(key))
    assert set(item['ss']['SS']) == {'a', 'b', 'c'}
    assert set(item['ns']['NS']) == {'1', '2', '345', '48.4'}
    _execute(dynamodb, f"UPDATE {table} SET ss = set_delete(ss, <<'a'>>) SET ns = SET_DELETE(ns, <<2, 345>>) "
                       f"WHERE pk = '{key}'")
    item = _get(dynamodb, tables['hash'], _hkey(key))
    assert set(item['ss']['SS']) == {'b', 'c'}
    assert set(item['ns']['NS']) == {'1', '48.4'}


def test_update_set_literal_set(dynamodb, tables):
    # "SET BandMembers =<<'member1', 'member2'>>" (ql-reference.update).
    key = util.rnd()
    _put(dynamodb, tables['hash'], key)
    _execute(dynamodb, f"UPDATE {_q(tables['hash'])} SET members = <<'member1', 'member2'>> SET ns = <<3, 1>> "
                       f"WHERE pk = '{key}'")
    item = _get(dynamodb, tables['hash'], _hkey(key))
    assert set(item['members']['SS']) == {'member1', 'member2'}
    assert set(item['ns']['NS']) == {'1', '3'}


def test_update_remove(dynamodb, tables):
    # "REMOVE ListType[1]", "REMOVE MapType.NewMapEntry", mixed with SET in
    # one statement (ql-reference.data-types).
    key = util.rnd()
    _put(dynamodb, tables['hash'], key, a=S('gone'), n=N(1), l={'L': [N(1), N(2), N(3)]},
         m={'M': {'keep': N(1), 'drop': N(2)}})
    _execute(dynamodb, f"UPDATE {_q(tables['hash'])} SET n = n - 1 REMOVE a REMOVE l[1] REMOVE m.drop "
                       f"WHERE pk = '{key}'")
    assert _get(dynamodb, tables['hash'], _hkey(key)) == {
        'pk': S(key), 'n': N(0), 'l': {'L': [N(1), N(3)]}, 'm': {'M': {'keep': N(1)}}}


def test_update_with_parameters(dynamodb, tables):
    key = util.rnd()
    _put(dynamodb, tables['hash'], key, a=N(1))
    _execute(dynamodb, f"UPDATE {_q(tables['hash'])} SET a = ? SET b = ? WHERE pk = ?",
             [N(42), {'L': [S('x'), {'BOOL': False}]}, S(key)])
    assert _get(dynamodb, tables['hash'], _hkey(key)) == {
        'pk': S(key), 'a': N(42), 'b': {'L': [S('x'), {'BOOL': False}]}}


def test_update_range_table_by_full_key(dynamodb, tables):
    key = util.rnd()
    dynamodb.put_item(TableName=tables['range'], Item={'pk': S(key), 'sk': N(1), 'v': S('one')})
    dynamodb.put_item(TableName=tables['range'], Item={'pk': S(key), 'sk': N(2), 'v': S('two')})
    _execute(dynamodb, f"UPDATE {_q(tables['range'])} SET v = 'changed' WHERE pk = '{key}' AND sk = 2")
    assert _get(dynamodb, tables['range'], {'pk': S(key), 'sk': N(1)})['v'] == S('one')
    assert _get(dynamodb, tables['range'], {'pk': S(key), 'sk': N(2)})['v'] == S('changed')


def test_update_missing_item_fails_and_creates_nothing(dynamodb, tables):
    # "If the WHERE clause of the UPDATE statement does not evaluate to true
    # for any item in the DynamoDB table, ConditionalCheckFailedException is
    # returned" (ql-reference.update).
    key = util.rnd()
    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, f"UPDATE {_q(tables['hash'])} SET a = 1 WHERE pk = '{key}'")
    assert_client_error(exc_info, 'ConditionalCheckFailedException')
    assert _get(dynamodb, tables['hash'], _hkey(key)) is None


def test_update_condition_beyond_the_key(dynamodb, tables):
    # Other conditions in the WHERE clause guard the write; false ones give
    # ConditionalCheckFailedException (ql-reference.update, Return value).
    key = util.rnd()
    original = _put(dynamodb, tables['hash'], key, n=N(5), s=S('abc'))
    table = _q(tables['hash'])
    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, f"UPDATE {table} SET n = 6 WHERE pk = '{key}' AND n = 4")
    assert_client_error(exc_info, 'ConditionalCheckFailedException')
    assert _get(dynamodb, tables['hash'], _hkey(key)) == original

    _execute(dynamodb, f"UPDATE {table} SET n = 6 WHERE pk = '{key}' AND n = 5 AND begins_with(s, 'ab')")
    assert _get(dynamodb, tables['hash'], _hkey(key))['n'] == N(6)

    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, f"UPDATE {table} SET n = 7 WHERE pk = '{key}' AND missing_attr IS NOT MISSING")
    assert_client_error(exc_info, 'ConditionalCheckFailedException')
    _execute(dynamodb, f"UPDATE {table} SET n = 7 WHERE pk = '{key}' AND missing_attr IS MISSING")
    assert _get(dynamodb, tables['hash'], _hkey(key))['n'] == N(7)


def test_update_returning_all_old_and_all_new(dynamodb, tables):
    # "ALL OLD * - Returns all of the attributes of the item, as they appeared
    # before the update operation"; "ALL NEW * - Returns all of the attributes
    # of the item, as they appear after the update operation"
    # (ql-reference.update). The page's ALL NEW example output lists only the
    # updated attributes, which contradicts its own definition; the
    # definition is asserted here.
    key = util.rnd()
    _put(dynamodb, tables['hash'], key, a=N(1), b=S('x'))
    table = _q(tables['hash'])
    old = _execute(dynamodb, f"UPDATE {table} SET a = 2 WHERE pk = '{key}' RETURNING ALL OLD *")
    assert old['Items'] == [{'pk': S(key), 'a': N(1), 'b': S('x')}]
    new = _execute(dynamodb, f"UPDATE {table} SET a = 3 SET c = 'new' WHERE pk = '{key}' RETURNING ALL NEW *")
    assert new['Items'] == [{'pk': S(key), 'a': N(3), 'b': S('x'), 'c': S('new')}]


def test_update_returning_modified_old_and_modified_new(dynamodb, tables):
    # "MODIFIED OLD * - Returns only the updated attributes, as they appeared
    # before the update operation"; "MODIFIED NEW * - Returns only the
    # updated attributes, as they appear after the UpdateItem operation"
    # (ql-reference.update).
    key = util.rnd()
    _put(dynamodb, tables['hash'], key, a=N(1), b=S('x'), c=S('untouched'))
    table = _q(tables['hash'])
    old = _execute(dynamodb, f"UPDATE {table} SET a = 2 SET b = 'y' WHERE pk = '{key}' RETURNING MODIFIED OLD *")
    assert old['Items'] == [{'a': N(1), 'b': S('x')}]
    new = _execute(dynamodb, f"UPDATE {table} SET a = a + 5 WHERE pk = '{key}' RETURNING MODIFIED NEW *")
    assert new['Items'] == [{'a': N(7)}]
    assert _get(dynamodb, tables['hash'], _hkey(key)) == {'pk': S(key), 'a': N(7), 'b': S('y'),
                                                          'c': S('untouched')}


def test_update_without_full_key_is_rejected(dynamodb, tables):
    # The condition "must resolve to a single primary key value"
    # (ql-reference.update): the sort key is missing here.
    key = util.rnd()
    dynamodb.put_item(TableName=tables['range'], Item={'pk': S(key), 'sk': N(1)})
    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, f"UPDATE {_q(tables['range'])} SET v = 1 WHERE pk = '{key}'")
    assert_client_error(exc_info, 'ValidationException')
    assert _get(dynamodb, tables['range'], {'pk': S(key), 'sk': N(1)}) == {'pk': S(key), 'sk': N(1)}


# --------------------------------------------------------------------------
# DELETE

def test_delete_existing_item(dynamodb, tables):
    key = util.rnd()
    _put(dynamodb, tables['hash'], key, a=N(1))
    response = _execute(dynamodb, f"DELETE FROM {_q(tables['hash'])} WHERE pk = '{key}'")
    _no_items(response)
    assert _get(dynamodb, tables['hash'], _hkey(key)) is None


def test_delete_missing_item_succeeds(dynamodb, tables):
    # "If the DynamoDB table does not have any item with the same primary key
    # as that of the item for which the DELETE is issued, SUCCESS is returned
    # with 0 items deleted" (ql-reference.delete).
    key = util.rnd()
    response = _execute(dynamodb, f"DELETE FROM {_q(tables['hash'])} WHERE pk = '{key}'")
    _no_items(response)
    assert _get(dynamodb, tables['hash'], _hkey(key)) is None


def test_delete_with_false_condition_keeps_the_item(dynamodb, tables):
    # "If the table has an item with same primary key, but the condition in
    # the WHERE clause of the DELETE statement evaluates to false,
    # ConditionalCheckFailedException is returned" (ql-reference.delete).
    key = util.rnd()
    original = _put(dynamodb, tables['hash'], key, n=N(5))
    table = _q(tables['hash'])
    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, f"DELETE FROM {table} WHERE pk = '{key}' AND n > 5")
    assert_client_error(exc_info, 'ConditionalCheckFailedException')
    assert _get(dynamodb, tables['hash'], _hkey(key)) == original
    _execute(dynamodb, f"DELETE FROM {table} WHERE pk = '{key}' AND n >= 5")
    assert _get(dynamodb, tables['hash'], _hkey(key)) is None


def test_delete_returning_all_old(dynamodb, tables):
    # "You can add the parameter RETURNING ALL OLD * to return the data that
    # was deleted" (ql-reference.delete).
    key = util.rnd()
    original = _put(dynamodb, tables['hash'], key, a=N(1), l={'L': [S('x')]})
    response = _execute(dynamodb, f"DELETE FROM {_q(tables['hash'])} WHERE \"pk\" = ? RETURNING ALL OLD *",
                        [S(key)])
    assert response['Items'] == [original]
    assert _get(dynamodb, tables['hash'], _hkey(key)) is None


def test_delete_range_table_by_full_key(dynamodb, tables):
    key = util.rnd()
    dynamodb.put_item(TableName=tables['range'], Item={'pk': S(key), 'sk': N(1)})
    dynamodb.put_item(TableName=tables['range'], Item={'pk': S(key), 'sk': N(2)})
    _execute(dynamodb, f"DELETE FROM {_q(tables['range'])} WHERE pk = '{key}' AND sk = 1")
    assert _get(dynamodb, tables['range'], {'pk': S(key), 'sk': N(1)}) is None
    assert _get(dynamodb, tables['range'], {'pk': S(key), 'sk': N(2)}) is not None


def test_delete_without_full_key_is_rejected(dynamodb, tables):
    # "this condition must resolve to a single primary key value"
    # (ql-reference.delete).
    key = util.rnd()
    dynamodb.put_item(TableName=tables['range'], Item={'pk': S(key), 'sk': N(1)})
    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, f"DELETE FROM {_q(tables['range'])} WHERE pk = '{key}'")
    assert_client_error(exc_info, 'ValidationException')
    assert _get(dynamodb, tables['range'], {'pk': S(key), 'sk': N(1)}) is not None


# --------------------------------------------------------------------------
# Errors common to every statement

def test_missing_table(dynamodb):
    missing = _q(util.unique_table_name('pq-missing'))
    for statement in (f"SELECT * FROM {missing} WHERE pk = 'a'",
                      f"INSERT INTO {missing} VALUE {{'pk': 'a'}}",
                      f"UPDATE {missing} SET a = 1 WHERE pk = 'a'",
                      f"DELETE FROM {missing} WHERE pk = 'a'"):
        with pytest.raises(ClientError) as exc_info:
            _execute(dynamodb, statement)
        assert_client_error(exc_info, 'ResourceNotFoundException')


def test_token_after_statement_is_a_syntax_error(dynamodb, tables):
    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, f"SELECT * FROM {_q(tables['data'])} WHERE pk = 'a' bogus")
    assert_client_error(exc_info, 'ValidationException', NOT_WELL_FORMED)


def test_malformed_insert_writes_nothing(dynamodb, tables):
    key = util.rnd()
    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, f"INSERT INTO {_q(tables['hash'])} VALUE {{'pk': '{key}'}} bogus")
    assert_client_error(exc_info, 'ValidationException', NOT_WELL_FORMED)
    assert _get(dynamodb, tables['hash'], _hkey(key)) is None


@pytest.mark.parametrize('statement', [
    'SELEC * FROM {t}',
    "SELECT * FROM {t} WHERE pk = 'unterminated",
    "SELECT * FROM {t} WHERE (pk = 'a'",
    "SELECT FROM {t} WHERE pk = 'a'",
    "UPDATE {t} SET a = 1",
    "DELETE FROM {t}",
    "INSERT INTO {t} VALUE",
    "INSERT INTO {t} VALUES {{'pk': 'a'}} {{'pk': 'b'}}",
], ids=['misspelled-keyword', 'unterminated-string', 'unbalanced-parenthesis', 'empty-projection',
        'update-without-where', 'delete-without-where', 'insert-without-item', 'insert-two-items'])
def test_syntax_errors(dynamodb, tables, statement):
    # Only the code is checked: the texts are not documented.
    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, statement.format(t=_q(tables['hash'])))
    assert_client_error(exc_info, 'ValidationException')


def test_parameter_count_mismatch(dynamodb, tables):
    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, f"SELECT * FROM {_q(tables['data'])} WHERE pk = ? AND sk = ?", [S('a')])
    assert_client_error(exc_info, 'ValidationException')


# --------------------------------------------------------------------------
# BatchExecuteStatement

def _statement_list(statements):
    """(statement, parameters-or-None) pairs as the requests' statement list."""
    request = []
    for statement, parameters in statements:
        entry = {'Statement': statement}
        if parameters is not None:
            entry['Parameters'] = parameters
        request.append(entry)
    return request


def _batch(client, *statements):
    """BatchExecuteStatement of (statement, parameters-or-None) pairs."""
    return client.batch_execute_statement(Statements=_statement_list(statements))


def test_batch_writes_across_tables(dynamodb, tables):
    new1, new2, updated, deleted = util.rnd(), util.rnd(), util.rnd(), util.rnd()
    _put(dynamodb, tables['hash'], updated, a=N(1))
    _put(dynamodb, tables['hash2'], deleted, a=N(1))
    h, h2 = _q(tables['hash']), _q(tables['hash2'])
    response = _batch(dynamodb,
                      (f"INSERT INTO {h} VALUE {{'pk': ?, 'v': ?}}", [S(new1), S('one')]),
                      (f"INSERT INTO {h2} VALUE {{'pk': '{new2}', 'v': 'two'}}", None),
                      (f"UPDATE {h} SET a = a + 1 WHERE pk = '{updated}'", None),
                      (f"DELETE FROM {h2} WHERE pk = '{deleted}'", None))
    responses = response['Responses']
    assert len(responses) == 4
    assert [r.get('Error') for r in responses] == [None] * 4, responses
    assert [r.get('TableName') for r in responses] == [tables['hash'], tables['hash2'], tables['hash'],
                                                       tables['hash2']]
    assert _get(dynamodb, tables['hash'], _hkey(new1)) == {'pk': S(new1), 'v': S('one')}
    assert _get(dynamodb, tables['hash2'], _hkey(new2)) == {'pk': S(new2), 'v': S('two')}
    assert _get(dynamodb, tables['hash'], _hkey(updated))['a'] == N(2)
    assert _get(dynamodb, tables['hash2'], _hkey(deleted)) is None


def test_batch_reads(dynamodb, tables):
    # "Each read statement in a BatchExecuteStatement must specify an equality
    # condition on all key attributes. This enforces that each SELECT
    # statement in a batch returns at most a single item" (API Reference).
    key = util.rnd()
    item = _put(dynamodb, tables['hash'], key, v=S('x'))
    d = _q(tables['data'])
    response = _batch(dynamodb,
                      (f"SELECT * FROM {d} WHERE pk = 'a' AND sk = 1", None),
                      (f"SELECT * FROM {d} WHERE pk = ? AND sk = ?", [S('zzz'), N(1)]),
                      (f"SELECT * FROM {_q(tables['hash'])} WHERE pk = ?", [S(key)]),
                      (f"SELECT pk, n FROM {d} WHERE pk = 'b' AND sk = 2", None))
    responses = response['Responses']
    assert len(responses) == 4
    assert [r.get('Error') for r in responses] == [None] * 4, responses
    assert [r.get('TableName') for r in responses] == [tables['data'], tables['data'], tables['hash'],
                                                       tables['data']]
    assert _as_sets(responses[0]['Item']) == _as_sets(DATA[0])
    assert 'Item' not in responses[1]
    assert responses[2]['Item'] == item
    assert responses[3]['Item'] == {'pk': S('b'), 'n': N(25)}


def test_batch_errors_are_per_statement(dynamodb, tables):
    # "A HTTP 200 response does not mean that all statements in the
    # BatchExecuteStatement succeeded. Error details for individual
    # statements can be found under the Error field" (API Reference);
    # BatchStatementError codes include DuplicateItem and
    # ConditionalCheckFailed (API_BatchStatementError).
    existing, new, guarded, missing = util.rnd(), util.rnd(), util.rnd(), util.rnd()
    original = _put(dynamodb, tables['hash'], existing, v=S('original'))
    guarded_item = _put(dynamodb, tables['hash'], guarded, n=N(1))
    h = _q(tables['hash'])
    response = _batch(dynamodb,
                      (f"INSERT INTO {h} VALUE {{'pk': '{existing}', 'v': 'replaced'}}", None),
                      (f"INSERT INTO {h} VALUE {{'pk': '{new}'}}", None),
                      (f"UPDATE {h} SET n = 2 WHERE pk = '{guarded}' AND n = 99", None),
                      (f"UPDATE {h} SET n = 2 WHERE pk = '{missing}'", None))
    responses = response['Responses']
    assert len(responses) == 4
    assert responses[0].get('Error', {}).get('Code') == 'DuplicateItem', responses
    assert 'Error' not in responses[1], responses
    assert responses[2].get('Error', {}).get('Code') == 'ConditionalCheckFailed', responses
    assert responses[3].get('Error', {}).get('Code') == 'ConditionalCheckFailed', responses
    for failed in (responses[0], responses[2], responses[3]):
        assert isinstance(failed['Error'].get('Message', ''), str)
    assert _get(dynamodb, tables['hash'], _hkey(existing)) == original
    assert _get(dynamodb, tables['hash'], _hkey(new)) == {'pk': S(new)}
    assert _get(dynamodb, tables['hash'], _hkey(guarded)) == guarded_item
    assert _get(dynamodb, tables['hash'], _hkey(missing)) is None


def test_batch_select_needs_the_full_key(dynamodb, tables):
    # "Each read statement in a BatchExecuteStatement must specify an equality
    # condition on all key attributes" (API Reference). Whether DynamoDB
    # refuses the whole request or answers a per-statement ValidationError is
    # not documented; either is accepted.
    d = _q(tables['data'])
    try:
        response = _batch(dynamodb,
                          (f"SELECT * FROM {d} WHERE pk = 'a'", None),
                          (f"SELECT * FROM {d} WHERE pk = 'a' AND sk = 1", None))
    except ClientError as e:
        assert_client_error(e, 'ValidationException')
        return
    assert response['Responses'][0].get('Error', {}).get('Code') == 'ValidationError', response
    assert 'Item' not in response['Responses'][0]


def test_batch_cannot_mix_reads_and_writes(dynamodb, tables):
    # "The entire batch must consist of either read statements or write
    # statements, you cannot mix both in one batch" (API Reference,
    # BatchExecuteStatement). How the refusal is answered is not documented:
    # a ValidationException for the request, or ValidationError entries.
    key = util.rnd()
    try:
        response = _batch(dynamodb,
                          (f"SELECT * FROM {_q(tables['data'])} WHERE pk = 'a' AND sk = 1", None),
                          (f"INSERT INTO {_q(tables['hash'])} VALUE {{'pk': '{key}'}}", None))
    except ClientError as e:
        assert_client_error(e, 'ValidationException')
        assert _get(dynamodb, tables['hash'], _hkey(key)) is None
        return
    codes = [r.get('Error', {}).get('Code') for r in response['Responses']]
    assert 'ValidationError' in codes, response


def test_batch_size_limits(dynamodb, dynamodb_unvalidated, tables):
    # PartiQLBatchRequest: "Array Members: Minimum number of 1 item. Maximum
    # number of 25 items" (API Reference, BatchExecuteStatement).
    d = _q(tables['data'])
    statements = [{'Statement': f"SELECT * FROM {d} WHERE pk = 'a' AND sk = {i}"} for i in range(26)]
    with pytest.raises(ClientError) as exc_info:
        dynamodb.batch_execute_statement(Statements=statements)
    assert_client_error(exc_info, 'ValidationException', re.compile(r'less than or equal to 25'))
    with pytest.raises(ClientError) as exc_info:
        dynamodb_unvalidated.batch_execute_statement(Statements=[])
    assert_client_error(exc_info, 'ValidationException')
    response = dynamodb.batch_execute_statement(Statements=statements[:25])
    assert len(response['Responses']) == 25
    assert [('Item' in r) for r in response['Responses']] == [i in (1, 2, 3) for i in range(25)]


# --------------------------------------------------------------------------
# ExecuteTransaction

def _transact(client, *statements, **extra):
    return client.execute_transaction(TransactStatements=_statement_list(statements), **extra)


def _cancellation(exc_info, codes):
    """TransactionCanceledException with CancellationReasons of `codes`, in
    statement order ("ordered according to the ordering of the ... request
    parameter", API Reference, CancellationReason)."""
    assert_client_error(exc_info, 'TransactionCanceledException', CANCELLED.format(', '.join(codes)))
    reasons = exc_info.value.response.get('CancellationReasons')
    assert isinstance(reasons, list), exc_info.value.response
    assert [r.get('Code') for r in reasons] == codes, reasons
    return reasons


def test_transaction_of_writes(dynamodb, tables):
    new, updated, deleted = util.rnd(), util.rnd(), util.rnd()
    _put(dynamodb, tables['hash'], updated, n=N(1))
    _put(dynamodb, tables['hash2'], deleted)
    response = _transact(dynamodb,
                         (f"INSERT INTO {_q(tables['hash'])} VALUE {{'pk': ?, 'v': 'new'}}", [S(new)]),
                         (f"UPDATE {_q(tables['hash'])} SET n = n + 1 SET w = 'x' WHERE pk = '{updated}'", None),
                         (f"DELETE FROM {_q(tables['hash2'])} WHERE pk = '{deleted}'", None))
    # Writes return no items ("This statement does not return any values",
    # ql-reference.multiplestatements.transactions).
    assert all('Item' not in r for r in response.get('Responses', [])), response
    assert _get(dynamodb, tables['hash'], _hkey(new)) == {'pk': S(new), 'v': S('new')}
    assert _get(dynamodb, tables['hash'], _hkey(updated)) == {'pk': S(updated), 'n': N(2), 'w': S('x')}
    assert _get(dynamodb, tables['hash2'], _hkey(deleted)) is None


def test_transaction_failed_condition_cancels_everything(dynamodb, tables):
    # "If any of the singleton INSERT, UPDATE, or DELETE operations return an
    # error, the transactions are cancelled with the
    # TransactionCanceledException exception, and the cancellation reason
    # code includes the errors from the individual singleton operations"
    # (ql-reference.multiplestatements.transactions).
    new, guarded, deleted = util.rnd(), util.rnd(), util.rnd()
    guarded_item = _put(dynamodb, tables['hash'], guarded, n=N(1))
    deleted_item = _put(dynamodb, tables['hash2'], deleted)
    h = _q(tables['hash'])
    with pytest.raises(ClientError) as exc_info:
        _transact(dynamodb,
                  (f"INSERT INTO {h} VALUE {{'pk': '{new}'}}", None),
                  (f"UPDATE {h} SET n = 2 WHERE pk = '{guarded}' AND n = 99", None),
                  (f"DELETE FROM {_q(tables['hash2'])} WHERE pk = '{deleted}'", None))
    _cancellation(exc_info, ['None', 'ConditionalCheckFailed', 'None'])
    assert _get(dynamodb, tables['hash'], _hkey(new)) is None
    assert _get(dynamodb, tables['hash'], _hkey(guarded)) == guarded_item
    assert _get(dynamodb, tables['hash2'], _hkey(deleted)) == deleted_item


def test_transaction_update_of_missing_item_cancels(dynamodb, tables):
    # An UPDATE whose WHERE matches no item fails its condition
    # (ql-reference.update), which cancels the transaction.
    new, missing = util.rnd(), util.rnd()
    h = _q(tables['hash'])
    with pytest.raises(ClientError) as exc_info:
        _transact(dynamodb,
                  (f"UPDATE {h} SET a = 1 WHERE pk = '{missing}'", None),
                  (f"INSERT INTO {h} VALUE {{'pk': '{new}'}}", None))
    _cancellation(exc_info, ['ConditionalCheckFailed', 'None'])
    assert _get(dynamodb, tables['hash'], _hkey(missing)) is None
    assert _get(dynamodb, tables['hash'], _hkey(new)) is None


def test_transaction_duplicate_insert_cancels(dynamodb, tables):
    # The failing INSERT's reason code is not documented for transactions
    # (BatchStatementError has DuplicateItem); only that it is not None.
    new, existing = util.rnd(), util.rnd()
    original = _put(dynamodb, tables['hash'], existing, v=S('original'))
    h = _q(tables['hash'])
    with pytest.raises(ClientError) as exc_info:
        _transact(dynamodb,
                  (f"INSERT INTO {h} VALUE {{'pk': '{new}'}}", None),
                  (f"INSERT INTO {h} VALUE {{'pk': '{existing}', 'v': 'replaced'}}", None))
    assert_client_error(exc_info, 'TransactionCanceledException')
    reasons = exc_info.value.response.get('CancellationReasons')
    assert [r.get('Code') for r in reasons][0] == 'None', reasons
    assert reasons[1].get('Code') not in (None, 'None'), reasons
    assert _get(dynamodb, tables['hash'], _hkey(new)) is None
    assert _get(dynamodb, tables['hash'], _hkey(existing)) == original


def test_transaction_of_reads(dynamodb, tables):
    # Responses: "The response to a PartiQL transaction", a list of
    # ItemResponse ({Item}) in statement order (API Reference,
    # ExecuteTransaction, ItemResponse). A missing item has no Item.
    key = util.rnd()
    item = _put(dynamodb, tables['hash'], key, v=S('x'))
    d = _q(tables['data'])
    response = _transact(dynamodb,
                         (f"SELECT * FROM {d} WHERE pk = 'a' AND sk = 1", None),
                         (f"SELECT * FROM {d} WHERE pk = ? AND sk = ?", [S('zzz'), N(9)]),
                         (f"SELECT * FROM {_q(tables['hash'])} WHERE pk = ?", [S(key)]),
                         (f"SELECT pk, s FROM {d} WHERE pk = 'b' AND sk = 1", None))
    responses = response['Responses']
    assert len(responses) == 4
    assert _as_sets(responses[0]['Item']) == _as_sets(DATA[0])
    assert 'Item' not in responses[1]
    assert responses[2].get('Item') == item
    assert responses[3].get('Item') == {'pk': S('b'), 's': S('blueberry')}


def test_transaction_exists_is_a_condition_on_one_item(dynamodb, tables):
    # "You can use EXISTS to perform the same function as ConditionCheck does
    # in the TransactWriteItems API. The EXISTS function can only be used in
    # transactions"; its SELECT "must specify a full primary key" and returns
    # TRUE for a non-empty result (ql-functions.exists). A false EXISTS
    # cancels the transaction like a failed ConditionCheck.
    h = _q(tables['hash'])
    guard, target = util.rnd(), util.rnd()
    _put(dynamodb, tables['hash'], guard, state=S('open'))
    _put(dynamodb, tables['hash'], target, n=N(0))
    bump = (f"UPDATE {h} SET n = n + 1 WHERE pk = ?", [S(target)])
    _transact(dynamodb, (f"EXISTS(SELECT * FROM {h} WHERE pk = ? AND state = 'open')", [S(guard)]), bump)
    assert _get(dynamodb, tables['hash'], _hkey(target))['n'] == N(1)

    for key, state in ((guard, 'closed'), (util.rnd(), 'open')):
        with pytest.raises(ClientError) as exc_info:
            _transact(dynamodb, (f"EXISTS(SELECT * FROM {h} WHERE pk = ? AND state = '{state}')", [S(key)]), bump)
        assert_client_error(exc_info, 'TransactionCanceledException')
        reasons = [r['Code'] for r in exc_info.value.response['CancellationReasons']]
        assert reasons == ['ConditionalCheckFailed', 'None']
    assert _get(dynamodb, tables['hash'], _hkey(target))['n'] == N(1)

    # Without a condition beyond the key it is refused, as DynamoDB does
    # (paritysuite/dynamodb-conformance, tests/tier3/error-messages/partiqlFunctions.test.ts).
    with pytest.raises(ClientError) as exc_info:
        _transact(dynamodb, (f"EXISTS(SELECT * FROM {h} WHERE pk = ?)", [S(guard)]), bump)
    assert_client_error(exc_info, 'ValidationException', 'Validation failed in TransactStatements[0]: EXISTS() must '
                        'contain a single item read with additional condition')

    # Outside a transaction it is refused.
    with pytest.raises(ClientError) as exc_info:
        _execute(dynamodb, f"EXISTS(SELECT * FROM {h} WHERE pk = ?)", [S(guard)])
    assert_client_error(exc_info, 'ValidationException')


def test_transaction_cannot_mix_reads_and_writes(dynamodb, tables):
    # "The entire transaction must consist of either read statements or write
    # statements; you cannot mix both in one transaction"
    # (ql-reference.multiplestatements.transactions). The error code is our
    # expectation (a request-level ValidationException); not documented.
    key = util.rnd()
    with pytest.raises(ClientError) as exc_info:
        _transact(dynamodb,
                  (f"SELECT * FROM {_q(tables['data'])} WHERE pk = 'a' AND sk = 1", None),
                  (f"INSERT INTO {_q(tables['hash'])} VALUE {{'pk': '{key}'}}", None))
    assert_client_error(exc_info, 'ValidationException')
    assert _get(dynamodb, tables['hash'], _hkey(key)) is None


def test_transaction_missing_table(dynamodb, tables):
    # ExecuteTransaction lists ResourceNotFoundException among its errors
    # (API Reference).
    key = util.rnd()
    missing = _q(util.unique_table_name('pq-missing'))
    with pytest.raises(ClientError) as exc_info:
        _transact(dynamodb,
                  (f"INSERT INTO {_q(tables['hash'])} VALUE {{'pk': '{key}'}}", None),
                  (f"INSERT INTO {missing} VALUE {{'pk': '{key}'}}", None))
    assert_client_error(exc_info, 'ResourceNotFoundException')
    assert _get(dynamodb, tables['hash'], _hkey(key)) is None


def test_transaction_size_limits(dynamodb, dynamodb_unvalidated, tables):
    # ParameterizedStatements: 1 to 100 members (API Reference,
    # ExecuteTransaction, TransactStatements).
    keys = [util.rnd() for _ in range(101)]
    statements = [{'Statement': f"INSERT INTO {_q(tables['hash'])} VALUE {{'pk': '{k}'}}"} for k in keys]
    with pytest.raises(ClientError) as exc_info:
        dynamodb.execute_transaction(TransactStatements=statements)
    assert_client_error(exc_info, 'ValidationException', re.compile(r'less than or equal to 100'))
    assert _get(dynamodb, tables['hash'], _hkey(keys[0])) is None
    with pytest.raises(ClientError) as exc_info:
        dynamodb_unvalidated.execute_transaction(TransactStatements=[])
    assert_client_error(exc_info, 'ValidationException')
    dynamodb.execute_transaction(TransactStatements=statements[:100])
    assert _get(dynamodb, tables['hash'], _hkey(keys[0])) == {'pk': S(keys[0])}
    assert _get(dynamodb, tables['hash'], _hkey(keys[99])) == {'pk': S(keys[99])}
    assert _get(dynamodb, tables['hash'], _hkey(keys[100])) is None


# --------------------------------------------------------------------------
# A real client: the AWS SDK for JavaScript v3

@pytest.mark.dynastore_only
def test_js_sdk_v3_runs_partiql(endpoint_url, dynamodb, tables, js_sdk):
    # The SDK's ExecuteStatementCommand, ExecuteTransactionCommand and
    # BatchExecuteStatementCommand, with their Parameters, against the server.
    key = 'js-' + util.random_string()
    result = js_sdk.run('partiql', endpoint_url, tables['hash'], key)
    assert result['duplicate'] == 'DuplicateItemException'
    assert result['items'] == [{'pk': key, 'v': 42}]
    assert result['batch'] == [{'table': tables['hash'], 'item': {'v': 42}}]
