#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets: tests/fuzz/corpus/<target>/.

The seeds are what real clients send: request bodies serialized by
botocore's own JSON serializer from the DynamoDB service model, requests
signed by botocore's SigV4Auth and laid out as they go over the wire, and
the items, expressions and stored bytes those requests carry. The C++ build
never runs Python: the output is committed; run this again after changing it.

    python3 tests/fuzz/make_corpus.py

Signing is pinned to one time (botocore.auth.get_current_datetime, as in
tests/auth/make_fixtures.py) so that the output is the same on every run and
the sigv4 target's clock can match it. Stored items are encoded here from
docs/storage-format.md, independently of the C++ encoder.
"""

import base64
import datetime
import hashlib
import json
import os
import shutil
from unittest import mock

import botocore.session
from botocore import serialize
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, 'corpus')
SIGNING_TIME = datetime.datetime(2026, 11, 25, 12, 34, 56)  # naive UTC, as botocore uses
ACCESS_KEY = 'AKIDEXAMPLE'
SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
ENDPOINT = 'http://localhost:8000'
USER_AGENT = 'Boto3/1.43 md/Botocore#1.43'

# --- Requests, as a low-level boto3 client is given them --------------------
# Tables: those tests/fuzz/targets/api_request.cc creates (Fuzz: pk S, sk N,
# LSI ByLocal on l, GSI ByGlobal on g, a stream, TTL on ttl; FuzzHash: pk S;
# FuzzBinary: pk B).

ITEM = {
    'pk': {'S': 'alpha'}, 'sk': {'N': '1'}, 'l': {'S': 'local'}, 'g': {'S': 'global'},
    'a': {'N': '-12.5E3'}, 'b': {'B': b'\x00\xffbytes'},
    'flag': {'BOOL': True}, 'none': {'NULL': True},
    'list': {'L': [{'S': 'x'}, {'N': '2'}, {'M': {'deep': {'L': [{'SS': ['p', 'q']}]}}}]},
    'map': {'M': {'n': {'NS': ['1', '2.5', '-3']}, 'bs': {'BS': [b'a']},
                  'name with space': {'S': 'caf\u00e9 \u2603'}}},
    'ttl': {'N': '1795610096'},
}
SMALL_ITEM = {'pk': {'S': 'beta'}, 'sk': {'N': '2'}, 'a': {'N': '7'}, 'tags': {'SS': ['red', 'blue']}}
KEY = {'pk': {'S': 'alpha'}, 'sk': {'N': '1'}}

REQUESTS = [
    ('PutItem', {'TableName': 'Fuzz', 'Item': ITEM}),
    ('PutItem', {'TableName': 'Fuzz', 'Item': SMALL_ITEM, 'ReturnValues': 'ALL_OLD',
                 'ConditionExpression': 'attribute_not_exists(pk) OR #a < :max',
                 'ExpressionAttributeNames': {'#a': 'a'}, 'ExpressionAttributeValues': {':max': {'N': '100'}},
                 'ReturnConsumedCapacity': 'INDEXES', 'ReturnItemCollectionMetrics': 'SIZE'}),
    ('PutItem', {'TableName': 'FuzzHash', 'Item': {'pk': {'S': 'h'}, 'v': {'S': 'x' * 40}},
                 'Expected': {'v': {'Exists': False}}}),
    ('PutItem', {'TableName': 'FuzzBinary', 'Item': {'pk': {'B': b'\x01\x02'}},
                 'ReturnValuesOnConditionCheckFailure': 'ALL_OLD', 'ConditionExpression': 'size(pk) > :z',
                 'ExpressionAttributeValues': {':z': {'N': '0'}}}),
    ('GetItem', {'TableName': 'Fuzz', 'Key': KEY, 'ConsistentRead': True,
                 'ProjectionExpression': 'a, #l[0], map.n, list[2].deep', 'ExpressionAttributeNames': {'#l': 'list'}}),
    ('GetItem', {'TableName': 'Fuzz', 'Key': KEY, 'AttributesToGet': ['a', 'b'], 'ReturnConsumedCapacity': 'TOTAL'}),
    ('UpdateItem', {'TableName': 'Fuzz', 'Key': KEY,
                    'UpdateExpression': 'SET a = a + :one, #l = list_append(#l, :more), m2 = if_not_exists(m2, :m) '
                                        'REMOVE none, map.bs ADD tags :tags DELETE map.n :n',
                    'ExpressionAttributeNames': {'#l': 'list'},
                    'ExpressionAttributeValues': {':one': {'N': '1'}, ':more': {'L': [{'BOOL': False}]},
                                                  ':m': {'M': {}}, ':tags': {'SS': ['green']},
                                                  ':n': {'NS': ['1']}},
                    'ReturnValues': 'UPDATED_NEW'}),
    ('UpdateItem', {'TableName': 'Fuzz', 'Key': {'pk': {'S': 'gamma'}, 'sk': {'N': '3'}},
                    'AttributeUpdates': {'a': {'Action': 'ADD', 'Value': {'N': '5'}},
                                         'g': {'Action': 'PUT', 'Value': {'S': 'gg'}},
                                         'old': {'Action': 'DELETE'}},
                    'Expected': {'a': {'ComparisonOperator': 'NULL'}}, 'ReturnValues': 'ALL_NEW'}),
    ('UpdateItem', {'TableName': 'Fuzz', 'Key': KEY, 'UpdateExpression': 'SET map.#k.x[3] = :v',
                    'ConditionExpression': 'begins_with(l, :p) AND contains(tags, :t) AND attribute_type(a, :ty)',
                    'ExpressionAttributeNames': {'#k': 'k'},
                    'ExpressionAttributeValues': {':v': {'S': 'v'}, ':p': {'S': 'lo'}, ':t': {'S': 'red'},
                                                  ':ty': {'S': 'N'}},
                    'ReturnValues': 'ALL_OLD'}),
    ('DeleteItem', {'TableName': 'Fuzz', 'Key': KEY, 'ConditionExpression': 'a BETWEEN :lo AND :hi',
                    'ExpressionAttributeValues': {':lo': {'N': '-1e10'}, ':hi': {'N': '1e10'}},
                    'ReturnValues': 'ALL_OLD'}),
    ('DeleteItem', {'TableName': 'FuzzHash', 'Key': {'pk': {'S': 'h'}},
                    'Expected': {'v': {'ComparisonOperator': 'IN', 'AttributeValueList': [{'S': 'a'}, {'S': 'b'}]}},
                    'ConditionalOperator': 'OR'}),
    ('Query', {'TableName': 'Fuzz', 'KeyConditionExpression': 'pk = :pk AND sk BETWEEN :a AND :b',
               'FilterExpression': 'a > :zero OR attribute_exists(flag)', 'ProjectionExpression': 'pk, sk, a',
               'ExpressionAttributeValues': {':pk': {'S': 'alpha'}, ':a': {'N': '0'}, ':b': {'N': '10'},
                                             ':zero': {'N': '0'}},
               'ScanIndexForward': False, 'Limit': 5, 'ReturnConsumedCapacity': 'TOTAL'}),
    ('Query', {'TableName': 'Fuzz', 'IndexName': 'ByLocal',
               'KeyConditionExpression': 'pk = :pk AND begins_with(l, :p)', 'Select': 'ALL_PROJECTED_ATTRIBUTES',
               'ExpressionAttributeValues': {':pk': {'S': 'alpha'}, ':p': {'S': 'lo'}},
               'ExclusiveStartKey': {'pk': {'S': 'alpha'}, 'sk': {'N': '1'}, 'l': {'S': 'local'}}}),
    ('Query', {'TableName': 'Fuzz', 'IndexName': 'ByGlobal', 'KeyConditions': {
        'g': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'global'}]}},
               'QueryFilter': {'a': {'ComparisonOperator': 'GE', 'AttributeValueList': [{'N': '1'}]}},
               'Select': 'COUNT'}),
    ('Scan', {'TableName': 'Fuzz', 'Segment': 1, 'TotalSegments': 4, 'Limit': 100,
              'FilterExpression': 'size(list) >= :two AND NOT contains(map.n, :one)',
              'ExpressionAttributeValues': {':two': {'N': '2'}, ':one': {'N': '1'}}}),
    ('Scan', {'TableName': 'FuzzHash', 'ScanFilter': {'v': {'ComparisonOperator': 'BEGINS_WITH',
                                                            'AttributeValueList': [{'S': 'x'}]}},
              'AttributesToGet': ['v'], 'ExclusiveStartKey': {'pk': {'S': 'h'}}}),
    ('Scan', {'TableName': 'Fuzz', 'IndexName': 'ByGlobal', 'Select': 'SPECIFIC_ATTRIBUTES',
              'ProjectionExpression': 'g, a', 'ConsistentRead': False}),
    ('BatchWriteItem', {'RequestItems': {
        'Fuzz': [{'PutRequest': {'Item': SMALL_ITEM}}, {'DeleteRequest': {'Key': KEY}}],
        'FuzzHash': [{'PutRequest': {'Item': {'pk': {'S': 'b1'}, 'n': {'N': '0.001'}}}}]},
        'ReturnConsumedCapacity': 'INDEXES', 'ReturnItemCollectionMetrics': 'SIZE'}),
    ('BatchGetItem', {'RequestItems': {
        'Fuzz': {'Keys': [KEY, {'pk': {'S': 'beta'}, 'sk': {'N': '2'}}], 'ProjectionExpression': 'a, #t',
                 'ExpressionAttributeNames': {'#t': 'tags'}, 'ConsistentRead': True},
        'FuzzHash': {'Keys': [{'pk': {'S': 'h'}}], 'AttributesToGet': ['v']}}}),
    ('TransactWriteItems', {'TransactItems': [
        {'Put': {'TableName': 'Fuzz', 'Item': {'pk': {'S': 't'}, 'sk': {'N': '1'}, 'a': {'N': '1'}},
                 'ConditionExpression': 'attribute_not_exists(pk)'}},
        {'Update': {'TableName': 'Fuzz', 'Key': {'pk': {'S': 't'}, 'sk': {'N': '2'}},
                    'UpdateExpression': 'ADD a :d', 'ExpressionAttributeValues': {':d': {'N': '-1'}}}},
        {'Delete': {'TableName': 'FuzzHash', 'Key': {'pk': {'S': 'gone'}}}},
        {'ConditionCheck': {'TableName': 'FuzzHash', 'Key': {'pk': {'S': 'h'}},
                            'ConditionExpression': 'attribute_exists(v)',
                            'ReturnValuesOnConditionCheckFailure': 'ALL_OLD'}}],
        'ClientRequestToken': 'token-1', 'ReturnConsumedCapacity': 'TOTAL'}),
    ('TransactGetItems', {'TransactItems': [
        {'Get': {'TableName': 'Fuzz', 'Key': KEY, 'ProjectionExpression': 'a'}},
        {'Get': {'TableName': 'FuzzHash', 'Key': {'pk': {'S': 'h'}}}}]}),
    ('CreateTable', {'TableName': 'FuzzNew', 'AttributeDefinitions': [
        {'AttributeName': 'id', 'AttributeType': 'S'}, {'AttributeName': 'ts', 'AttributeType': 'N'}],
        'KeySchema': [{'AttributeName': 'id', 'KeyType': 'HASH'}, {'AttributeName': 'ts', 'KeyType': 'RANGE'}],
        'GlobalSecondaryIndexes': [{'IndexName': 'ByTs', 'KeySchema': [{'AttributeName': 'ts', 'KeyType': 'HASH'}],
                                    'Projection': {'ProjectionType': 'KEYS_ONLY'}}],
        'BillingMode': 'PAY_PER_REQUEST', 'Tags': [{'Key': 'k', 'Value': 'v'}],
        'SSESpecification': {'Enabled': False}, 'TableClass': 'STANDARD'}),
    ('DescribeTable', {'TableName': 'Fuzz'}),
    ('ListTables', {'ExclusiveStartTableName': 'Fuzz', 'Limit': 2}),
    ('UpdateTable', {'TableName': 'FuzzHash', 'AttributeDefinitions': [{'AttributeName': 'v', 'AttributeType': 'S'}],
                     'GlobalSecondaryIndexUpdates': [{'Create': {
                         'IndexName': 'ByV', 'KeySchema': [{'AttributeName': 'v', 'KeyType': 'HASH'}],
                         'Projection': {'ProjectionType': 'ALL'}}}]}),
    ('UpdateTable', {'TableName': 'FuzzBinary', 'BillingMode': 'PROVISIONED',
                     'ProvisionedThroughput': {'ReadCapacityUnits': 10, 'WriteCapacityUnits': 1},
                     'StreamSpecification': {'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'}}),
    ('DeleteTable', {'TableName': 'FuzzNew'}),
    ('TagResource', {'ResourceArn': 'arn:aws:dynamodb:us-east-1:000000000000:table/Fuzz',
                     'Tags': [{'Key': 'team', 'Value': 'fuzz'}]}),
    ('UntagResource', {'ResourceArn': 'arn:aws:dynamodb:us-east-1:000000000000:table/Fuzz', 'TagKeys': ['team']}),
    ('ListTagsOfResource', {'ResourceArn': 'arn:aws:dynamodb:us-east-1:000000000000:table/Fuzz'}),
    ('UpdateTimeToLive', {'TableName': 'FuzzHash',
                          'TimeToLiveSpecification': {'Enabled': True, 'AttributeName': 'expires'}}),
    ('DescribeTimeToLive', {'TableName': 'Fuzz'}),
    ('DescribeLimits', {}),
    ('DescribeEndpoints', {}),
]

STREAMS_REQUESTS = [
    ('ListStreams', {'TableName': 'Fuzz', 'Limit': 10}),
    ('DescribeStream', {'StreamArn': 'arn:aws:dynamodb:us-east-1:000000000000:table/Fuzz/stream/'
                                     '2026-11-25T12:34:56.000', 'Limit': 1}),
    ('GetShardIterator', {'StreamArn': 'arn:aws:dynamodb:us-east-1:000000000000:table/Fuzz/stream/'
                                       '2026-11-25T12:34:56.000',
                          'ShardId': 'shardId-00000001795610096000-00000000', 'ShardIteratorType': 'TRIM_HORIZON'}),
    ('GetRecords', {'ShardIterator': 'AAAA' * 8, 'Limit': 100}),
]


def serialized(service_name, requests):
    session = botocore.session.get_session()
    model = session.get_service_model(service_name)
    serializer = serialize.create_serializer(model.metadata['protocol'])
    out = []
    for operation, params in requests:
        request = serializer.serialize_to_request(params, model.operation_model(operation))
        body = request['body']
        out.append((operation, request['headers']['X-Amz-Target'], body if isinstance(body, bytes) else body.encode()))
    return out


def signed_wire(target, body, extra_headers=(), path='/'):
    """The bytes of a request botocore signed, as they go over the wire."""
    request = AWSRequest(method='POST', url=ENDPOINT + path, data=body)
    request.headers['X-Amz-Target'] = target
    request.headers['Content-Type'] = 'application/x-amz-json-1.0'
    request.headers['User-Agent'] = USER_AGENT
    for name, value in extra_headers:
        request.headers[name] = value
    with mock.patch('botocore.auth.get_current_datetime', return_value=SIGNING_TIME):
        SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), 'dynamodb', 'us-east-1').add_auth(request)
    lines = ['POST %s HTTP/1.1' % path, 'Host: localhost:8000']
    lines += ['%s: %s' % (name, value) for name, value in request.headers.items()]
    lines.append('Content-Length: %d' % len(body))
    return ('\r\n'.join(lines) + '\r\n\r\n').encode() + body


# --- Stored items (docs/storage-format.md) ----------------------------------

TYPE_BYTES = {'S': 1, 'N': 2, 'B': 3, 'BOOL': 4, 'NULL': 5, 'M': 6, 'L': 7, 'SS': 8, 'NS': 9, 'BS': 10}


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def prefixed(data):
    return varint(len(data)) + data


def encode_value(value):
    (kind, payload), = value.items()
    out = bytes([TYPE_BYTES[kind]])
    if kind in ('S', 'N'):
        return out + prefixed(payload.encode())
    if kind == 'B':
        return out + prefixed(payload)
    if kind == 'BOOL':
        return out + bytes([1 if payload else 0])
    if kind == 'NULL':
        return out
    if kind == 'M':
        return out + encode_map(payload)
    if kind == 'L':
        return out + varint(len(payload)) + b''.join(encode_value(v) for v in payload)
    members = [m if kind == 'BS' else m.encode() for m in payload]
    return out + varint(len(members)) + b''.join(prefixed(m) for m in sorted(members))


def encode_map(item):
    names = sorted(item, key=lambda name: name.encode())
    return varint(len(names)) + b''.join(prefixed(n.encode()) + encode_value(item[n]) for n in names)


def encode_item(item):
    return bytes([1]) + encode_map(item)


# --- Writing ----------------------------------------------------------------

def to_json(value):
    """JSON text of wire values, binaries (bytes here) base64-encoded as on the wire."""
    def default(o):
        if isinstance(o, bytes):
            return base64.b64encode(o).decode()
        raise TypeError(o)
    return json.dumps(value, ensure_ascii=False, default=default)


def write(target, name, data):
    directory = os.path.join(CORPUS, target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def items_in(params):
    """Every Item and Key object of a request, at any depth."""
    if isinstance(params, dict):
        for name, value in params.items():
            if name in ('Item', 'Key', 'ExclusiveStartKey') and isinstance(value, dict):
                yield value
            yield from items_in(value)
    elif isinstance(params, list):
        for value in params:
            yield from items_in(value)


def main():
    if os.path.isdir(CORPUS):
        for target in ('api_request', 'sigv4', 'http_request', 'attribute_values', 'stored_item', 'expressions'):
            shutil.rmtree(os.path.join(CORPUS, target), ignore_errors=True)

    dynamodb = serialized('dynamodb', REQUESTS)
    streams = serialized('dynamodbstreams', STREAMS_REQUESTS)
    counts = {}
    for operation, target, body in dynamodb + streams:
        n = counts[operation] = counts.get(operation, 0) + 1
        name = '%s-%d' % (operation, n)
        write('api_request', name + '.txt', target.encode() + b'\n' + body)
        write('sigv4', name + '.http', signed_wire(target, body))
    # Refusals a client meets: unknown operation, not JSON, wrong types.
    write('api_request', 'Unknown-1.txt', b'DynamoDB_20120810.Nope\n{}')
    write('api_request', 'NotJson-1.txt', b'DynamoDB_20120810.GetItem\n{"TableName":')
    write('api_request', 'WrongType-1.txt', b'DynamoDB_20120810.PutItem\n{"TableName":5,"Item":[]}')

    # sigv4: headers botocore adds for some clients, a query, a deflated body.
    list_tables = next(body for op, _, body in dynamodb if op == 'ListTables')
    write('sigv4', 'with-sha256.http', signed_wire('DynamoDB_20120810.ListTables', list_tables,
                                                   [('X-Amz-Content-SHA256',
                                                     hashlib.sha256(list_tables).hexdigest())]))
    write('sigv4', 'with-query.http', signed_wire('DynamoDB_20120810.ListTables', list_tables,
                                                  path='/?b=2&a=%20x&a=1'))
    write('sigv4', 'repeated-header.http', signed_wire('DynamoDB_20120810.ListTables', list_tables,
                                                       [('X-Custom', 'one'), ('X-Custom', '  two   spaced ')]))
    write('sigv4', 'unsigned.http', b'POST / HTTP/1.1\r\nHost: localhost:8000\r\n'
                                    b'X-Amz-Target: DynamoDB_20120810.ListTables\r\n\r\n{}')

    # http_request: what SDKs send, and the framings HTTP/1.1 allows.
    for operation, target, body in dynamodb[:12]:
        write('http_request', '%s-%d.http' % (operation, len(body)), signed_wire(target, body))
    get_item = signed_wire(*next((t, b) for op, t, b in dynamodb if op == 'GetItem'))
    write('http_request', 'pipelined.http', get_item + get_item)
    write('http_request', 'health.http', b'GET / HTTP/1.1\r\nHost: localhost:8000\r\n\r\n')
    write('http_request', 'head.http', b'HEAD / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n')
    write('http_request', 'http10.http', b'POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}')
    write('http_request', 'chunked.http', b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
                                          b'2;ext=1\r\n{}\r\n0\r\nTrailer: t\r\n\r\n')
    write('http_request', 'expect.http', b'POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n'
                                         b'Content-Length: 2\r\nConnection: keep-alive, Upgrade\r\n\r\n{}')
    write('http_request', 'obs-fold.http', b'POST / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n two\r\n'
                                           b'Content-Length: 0\r\n\r\n')
    write('http_request', 'obs-text.http', b'POST /\xc3\xa9 HTTP/1.1\r\nHost: x\r\nX-A: caf\xc3\xa9\r\n\r\n')
    write('http_request', 'close.http', b'POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n'
                                        b'Content-Length: 1\r\n\r\n{')
    write('http_request', 'smuggle.http', b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n'
                                          b'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n')
    write('http_request', 'two-lengths.http', b'POST / HTTP/1.1\r\nContent-Length: 2\r\n'
                                              b'Content-Length: 2\r\n\r\n{}')
    write('http_request', 'bare-lf.http', b'POST / HTTP/1.1\nHost: x\nContent-Length: 0\n\n')
    write('http_request', 'options.http', b'OPTIONS / HTTP/1.1\r\nOrigin: http://a\r\n'
                                          b'Access-Control-Request-Headers: x-amz-target\r\n\r\n')

    # attribute_values and stored_item: the items and keys of the requests,
    # and values of every type at their edges.
    items = [item for _, params in REQUESTS for item in items_in(params)]
    items += [
        {'n': {'N': '9.9999999999999999999999999999999999999E+125'}, 'm': {'N': '1E-130'},
         'z': {'N': '-0.000'}, 'big': {'NS': ['100', '1E2', '0.1']}},
        {'empty': {'S': ''}, 'eb': {'B': b''}, 'el': {'L': []}, 'em': {'M': {}}},
        {'nest': {'M': {'a': {'M': {'b': {'L': [{'L': [{'M': {'c': {'NULL': True}}}]}]}}}}}},
        {'u': {'S': '\u00e9\u4e2d\U0001f600'}, '\u00e9': {'BOOL': False}},
    ]
    for i, item in enumerate(items):
        write('attribute_values', 'item-%02d.json' % i, to_json(item).encode())
        write('stored_item', 'item-%02d.bin' % i, encode_item(item))
    write('stored_item', 'empty-item.bin', encode_item({}))

    # expressions: the requests' expressions with their placeholders and the
    # first item, in the target's line format.
    seeds = []
    for _, params in REQUESTS:
        lines = []
        for name, value in params.get('ExpressionAttributeNames', {}).items():
            lines.append('%s %s' % (name, value))
        for name, value in params.get('ExpressionAttributeValues', {}).items():
            lines.append('%s %s' % (name, to_json(value)))
        for member, kind in (('UpdateExpression', 'update'), ('ConditionExpression', 'condition'),
                             ('KeyConditionExpression', 'key'), ('FilterExpression', 'filter'),
                             ('ProjectionExpression', 'projection')):
            if member in params:
                lines.append('%s %s' % (kind, params[member]))
        if any(not line.startswith((':', '#')) for line in lines):
            lines.append('item %s' % to_json(ITEM))
            seeds.append(lines)
    seeds += [
        [':s {"S":"x"}', 'condition size(#m.#k) = :n AND NOT (a IN (:n, :s))', '#m map', '#k n',
         ':n {"N":"3"}', 'item %s' % to_json(ITEM)],
        [':v {"N":"1"}', 'update SET list[0] = :v, list[5] = :v REMOVE list[1]', 'item %s' % to_json(ITEM)],
        [':v {"S":"a"}', 'key pk = :v', 'filter attribute_not_exists(#x.y[0].z)', '#x x'],
        ['projection map.n, list[2].deep[0], #r', '#r ttl', 'item %s' % to_json(ITEM)],
        [':a {"L":[{"N":"1"}]}', 'update SET l2 = list_append(:a, if_not_exists(l2, :a))', 'item {}'],
    ]
    for i, lines in enumerate(seeds):
        write('expressions', 'expr-%02d.txt' % i, '\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
