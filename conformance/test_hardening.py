"""Hostile and malformed input (issue 19, "Hardening"): invalid UTF-8,
request smuggling set-ups, parts of a request left unsigned, items nested
past the limit and lax parsing. Each test sends what a careless or hostile
client could and checks the server refuses it cleanly, stores nothing
invalid and answers only valid UTF-8.

Sources: Developer Guide "Supported data types and naming rules" (strings
are Unicode with UTF-8 binary encoding; nesting up to 32 levels), RFC 3629
(well-formed UTF-8), RFC 9112 §6.1 (Transfer-Encoding), the botocore
service model (Limit, Segment: integers with ranges) and dynalite's
recordings of DynamoDB's answers. Where DynamoDB's answer is not documented
the tests ask for the strict one the server documents in
docs/compatibility.md.
"""

import json
import socket

import pytest

import util


def _signed_raw(url, operation, body):
    """A signed request with `body` (bytes) as it stands."""
    return util.dynamodb_request(url, operation, None, raw_body=body)


# --------------------------------------------------------------------------
# Invalid UTF-8 (defect 2)

INVALID_UTF8 = {
    'raw-ff': b'\xff',
    'lone-continuation': b'\x80',
    'overlong-slash': b'\xc0\xaf',
    'overlong-3': b'\xe0\x80\xaf',
    'encoded-surrogate': b'\xed\xa0\x80',
    'past-10ffff': b'\xf4\x90\x80\x80',
    'truncated': b'\xe2\x82',
    'escaped-lone-low-surrogate': b'\\udc00',
    'escaped-lone-high-surrogate': b'\\ud800x',
}


@pytest.mark.parametrize('where', ['value', 'name', 'key'])
@pytest.mark.parametrize('bad', list(INVALID_UTF8.values()), ids=list(INVALID_UTF8))
def test_invalid_utf8_is_refused_and_never_stored(endpoint_url, dynamodb, hash_table, random_key, where, bad):
    key = random_key.encode()
    if where == 'value':
        item = b'{"pk":{"S":"' + key + b'"},"v":{"S":"a' + bad + b'b"}}'
    elif where == 'name':
        item = b'{"pk":{"S":"' + key + b'"},"n' + bad + b'":{"S":"x"}}'
    else:
        item = b'{"pk":{"S":"' + key + bad + b'"}}'
    body = b'{"TableName":"' + hash_table.encode() + b'","Item":' + item + b'}'
    response = _signed_raw(endpoint_url, 'PutItem', body)
    assert response.status == 400, response
    response.body.decode('utf-8')  # the answer itself is valid UTF-8
    assert util.error_type(response) == 'SerializationException'
    # Nothing was stored under the key, and the table still reads.
    assert 'Item' not in dynamodb.get_item(TableName=hash_table, Key={'pk': {'S': random_key}})
    dynamodb.scan(TableName=hash_table, Limit=5)


def test_invalid_utf8_in_an_expression_is_refused(endpoint_url, hash_table, random_key):
    body = (b'{"TableName":"' + hash_table.encode() + b'","Key":{"pk":{"S":"' + random_key.encode() +
            b'"}},"UpdateExpression":"SET #n = :v","ExpressionAttributeNames":{"#n":"a\xff"},'
            b'"ExpressionAttributeValues":{":v":{"S":"x"}}}')
    response = _signed_raw(endpoint_url, 'UpdateItem', body)
    assert response.status == 400, response
    assert util.error_type(response) == 'SerializationException'


def test_valid_utf8_and_surrogate_pairs_are_stored(endpoint_url, dynamodb, hash_table, random_key):
    value = 'é€😀\U0010ffff'
    body = ('{"TableName":"%s","Item":{"pk":{"S":"%s"},"v":{"S":"\\ud83d\\ude00%s"}}}'
            % (hash_table, random_key, value)).encode('utf-8')
    response = _signed_raw(endpoint_url, 'PutItem', body)
    assert response.status == 200, response
    item = dynamodb.get_item(TableName=hash_table, Key={'pk': {'S': random_key}})['Item']
    assert item['v']['S'] == '😀' + value


def test_error_messages_never_echo_invalid_bytes(endpoint_url):
    # An Authorization header the server quotes back in its message.
    headers = {'Content-Type': util.JSON_CONTENT_TYPE, 'X-Amz-Target': util.TARGET_PREFIX + 'ListTables',
               'X-Amz-Date': '20260101T000000Z'}
    host, port = util.host_port(endpoint_url)
    raw = (b'POST / HTTP/1.1\r\nHost: ' + f'{host}:{port}'.encode() + b'\r\n' +
           b''.join(f'{k}: {v}\r\n'.encode() for k, v in headers.items()) +
           b'Authorization: AWS4-HMAC-SHA256 Credential=\xff\xfe\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}')
    status, _, body = _exchange(host, port, raw)
    assert status == 400, body
    text = body.decode('utf-8')
    assert 'IncompleteSignatureException' in text, text


# --------------------------------------------------------------------------
# Raw HTTP helpers

def _exchange(host, port, raw, timeout=10):
    """Send `raw` on a new connection; read until the server closes it (at
    most `timeout` seconds). Returns (status of the first answer, every
    status line seen, all bytes)."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(raw)
        data = b''
        try:
            while len(data) < 1 << 20:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (socket.timeout, ConnectionResetError):
            pass
    statuses = [int(line.split(b' ')[1]) for line in data.split(b'\r\n') if line.startswith(b'HTTP/1.')]
    body = data.split(b'\r\n\r\n', 1)[1] if b'\r\n\r\n' in data else b''
    return (statuses[0] if statuses else None), statuses, body


# --------------------------------------------------------------------------
# Transfer-Encoding (defect 6)

@pytest.mark.parametrize('coding', ['gzip', 'identity', 'chunked, gzip', 'xchunked', 'gzip, chunked',
                                    'chunked\r\nTransfer-Encoding: chunked'])
def test_transfer_encoding_other_than_chunked_is_refused_and_closes(endpoint_url, coding):
    # RFC 9112 §6.3: a request whose Transfer-Encoding does not end in
    # "chunked" has no reliable length: 400, and the connection is closed,
    # so the body can never be read as a request of its own.
    host, port = util.host_port(endpoint_url)
    smuggled = f'GET / HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n'.encode()
    raw = (f'POST / HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: {util.JSON_CONTENT_TYPE}\r\n'
           f'X-Amz-Target: {util.TARGET_PREFIX}ListTables\r\nTransfer-Encoding: {coding}\r\n\r\n').encode() + smuggled
    status, statuses, _ = _exchange(host, port, raw)
    assert status == 400, statuses
    assert statuses == [400], statuses


def test_chunked_transfer_encoding_still_works(endpoint_url):
    host, port = util.host_port(endpoint_url)
    body = b'{}'
    headers = util.signed_headers(endpoint_url, body, util.TARGET_PREFIX + 'ListTables')
    head = f'POST / HTTP/1.1\r\nHost: {host}:{port}\r\n' + ''.join(f'{k}: {v}\r\n' for k, v in headers.items()
                                          if k.lower() != 'content-length')
    raw = (head + 'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n').encode() + b'2\r\n{}\r\n0\r\n\r\n'
    status, statuses, body = _exchange(host, port, raw)
    assert statuses == [200], (statuses, body)
    assert 'TableNames' in json.loads(body)


# --------------------------------------------------------------------------
# The nesting limit holds for items built by updates (defect 7)

def _nested_maps(depth):
    """`depth` nested maps (each under key 'a'), the innermost empty."""
    value = {'M': {}}
    for _ in range(depth - 1):
        value = {'M': {'a': value}}
    return value


def test_update_cannot_build_an_item_nested_past_the_limit(dynamodb, hash_table, random_key):
    # Developer Guide: maps and lists nest up to 32 levels; the API
    # Reference (UpdateItem, TransactionCanceledException) names the error
    # "Nesting Levels have exceeded supported limits". PutItem refuses such
    # an item, so an update must not build one either.
    key = {'pk': {'S': random_key}}
    dynamodb.put_item(TableName=hash_table, Item={**key, 'd': _nested_maps(25)})
    path = '.'.join(['d'] + ['a'] * 24)  # the innermost map
    update = dict(TableName=hash_table, Key=key, UpdateExpression=f'SET {path}.x = :v',
                  ExpressionAttributeValues={':v': _nested_maps(20)})
    with pytest.raises(util.ClientError) as e:
        dynamodb.update_item(**update)
    util.assert_client_error(e, 'ValidationException', util.envelope_re('Nesting Levels have exceeded supported limits'))
    assert dynamodb.get_item(TableName=hash_table, Key=key, ConsistentRead=True)['Item']['d'] == _nested_maps(25)
    # Within the limit the same update works, and the item reads back and
    # can be written back as it is.
    update['ExpressionAttributeValues'] = {':v': _nested_maps(5)}
    dynamodb.update_item(**update)
    item = dynamodb.get_item(TableName=hash_table, Key=key, ConsistentRead=True)['Item']
    dynamodb.put_item(TableName=hash_table, Item=item)


def test_transact_update_cannot_build_an_item_nested_past_the_limit(dynamodb, hash_table, random_key):
    key = {'pk': {'S': random_key}}
    dynamodb.put_item(TableName=hash_table, Item={**key, 'd': _nested_maps(25)})
    path = '.'.join(['d'] + ['a'] * 24)
    with pytest.raises(util.ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[{'Update': {
            'TableName': hash_table, 'Key': key, 'UpdateExpression': f'SET {path}.x = :v',
            'ExpressionAttributeValues': {':v': _nested_maps(20)}}}])
    # API Reference (TransactionCanceledException): reason code
    # ValidationError, message "Nesting Levels have exceeded supported limits".
    assert e.value.response['Error']['Code'] == 'TransactionCanceledException'
    reason = e.value.response['CancellationReasons'][0]
    assert reason['Code'] == 'ValidationError', reason
    assert reason['Message'] == 'Nesting Levels have exceeded supported limits', reason


# --------------------------------------------------------------------------
# Every part of a request is signed, with --credentials (defect 5)

STRICT_KEY = ('AKIDHARDENING0000001', 'hardening-secret-one')


@pytest.fixture(scope='module')
def strict_server(request, tmp_path_factory):
    yield from util.start_credentials_server(request, tmp_path_factory, 'strict', ' '.join(STRICT_KEY) + '\n')


def _sign(url, body, headers, region=util.REGION):
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    request = AWSRequest(method='POST', url=url, data=body, headers=dict(headers))
    SigV4Auth(Credentials(*STRICT_KEY), 'dynamodb', region).add_auth(request)
    return dict(request.headers.items())


def _list_tables_headers(**extra):
    return {'Content-Type': util.JSON_CONTENT_TYPE, 'X-Amz-Target': util.TARGET_PREFIX + 'ListTables', **extra}


def test_strict_correctly_signed_request_works(strict_server):
    headers = _sign(strict_server.url, b'{}', _list_tables_headers())
    response = util.http_request(strict_server.url, body=b'{}', headers=headers)
    assert response.status == 200, response


def test_strict_unsigned_payload_is_refused(strict_server):
    # A captured request signed with UNSIGNED-PAYLOAD must not carry
    # another body: the body hash is always checked.
    headers = _sign(strict_server.url, b'{}', _list_tables_headers(**{'X-Amz-Content-SHA256': 'UNSIGNED-PAYLOAD'}))
    response = util.http_request(strict_server.url, body=b'{"Limit": 1}', headers=headers)
    assert response.status == 400, response
    assert util.error_type(response) == 'InvalidSignatureException'


def test_strict_target_must_be_signed(strict_server):
    # Signed without X-Amz-Target, the request could be replayed as any
    # operation (a GetItem as a DeleteItem).
    headers = _sign(strict_server.url, b'{}', {'Content-Type': util.JSON_CONTENT_TYPE})
    headers['X-Amz-Target'] = util.TARGET_PREFIX + 'ListTables'
    response = util.http_request(strict_server.url, body=b'{}', headers=headers)
    assert response.status == 400, response
    assert util.error_type(response) == 'InvalidSignatureException'
    assert 'X-Amz-Target' in response.json()['message']


def test_strict_scope_region_must_be_the_servers(strict_server):
    headers = _sign(strict_server.url, b'{}', _list_tables_headers(), region='eu-west-1')
    response = util.http_request(strict_server.url, body=b'{}', headers=headers)
    assert response.status == 400, response
    assert util.error_type(response) == 'InvalidSignatureException'
    assert response.json()['message'].startswith('Credential should be scoped to a valid region'), response


def test_strict_unknown_session_token_is_refused(strict_server):
    headers = _sign(strict_server.url, b'{}', _list_tables_headers(**{'X-Amz-Security-Token': 'FQoGZXIvYXdzEXAMPLE'}))
    response = util.http_request(strict_server.url, body=b'{}', headers=headers)
    assert response.status == 400, response
    assert util.error_type(response) == 'UnrecognizedClientException'
    assert response.json()['message'] == 'The security token included in the request is invalid.'


# --------------------------------------------------------------------------
# Lax parsing (defect 8)

@pytest.mark.parametrize('member, value', [
    ('Limit', '1.5'), ('Limit', '4294967297'), ('Limit', '1e400'), ('Limit', '18446744073709551616'),
])
def test_limit_must_be_an_int(endpoint_url, hash_table, member, value):
    # botocore's model: Limit is an "integer" (Java Integer), not truncated
    # or wrapped.
    body = ('{"TableName":"%s","%s":%s}' % (hash_table, member, value)).encode()
    for operation in ('Scan', 'Query'):
        response = _signed_raw(endpoint_url, operation, body)
        assert response.status == 400, response
        assert util.error_type(response) == 'SerializationException', (operation, response)


@pytest.mark.parametrize('segment', ['1.5', '4294967296'])
def test_segment_must_be_an_int(endpoint_url, hash_table, segment):
    body = ('{"TableName":"%s","Segment":%s,"TotalSegments":2}' % (hash_table, segment)).encode()
    response = _signed_raw(endpoint_url, 'Scan', body)
    assert response.status == 400, response
    assert util.error_type(response) == 'SerializationException'


def test_integral_limit_still_works(endpoint_url, hash_table):
    response = _signed_raw(endpoint_url, 'Scan', ('{"TableName":"%s","Limit":2147483647}' % hash_table).encode())
    assert response.status == 200, response


@pytest.mark.parametrize('value', ['5', '{}', '[]', 'true', '"XOR"'])
def test_conditional_operator_is_checked_without_expected(endpoint_url, hash_table, random_key, value):
    body = ('{"TableName":"%s","Item":{"pk":{"S":"%s"}},"ConditionalOperator":%s}'
            % (hash_table, random_key, value)).encode()
    response = _signed_raw(endpoint_url, 'PutItem', body)
    assert response.status == 400, response
    expected = 'ValidationException' if value.startswith('"') else 'SerializationException'
    assert util.error_type(response) == expected, response


def test_oversized_expression_attribute_name_is_refused(dynamodb, hash_table, random_key):
    with pytest.raises(util.ClientError) as e:
        dynamodb.update_item(TableName=hash_table, Key={'pk': {'S': random_key}}, UpdateExpression='SET #n = :v',
                             ExpressionAttributeNames={'#n': 'x' * 300_000},
                             ExpressionAttributeValues={':v': {'S': 'v'}})
    assert e.value.response['Error']['Code'] == 'ValidationException'
    assert 'Item' not in dynamodb.get_item(TableName=hash_table, Key={'pk': {'S': random_key}})


@pytest.mark.parametrize('content_type', [None, 'text/plain', 'application/xml', 'application/x-www-form-urlencoded'])
def test_content_type_must_be_json(endpoint_url, content_type):
    # dynalite's recordings: DynamoDB answers 404 UnknownOperationException
    # to a body of any other media type.
    headers = util.signed_headers(endpoint_url, b'{}', util.TARGET_PREFIX + 'ListTables')
    headers.pop('Content-Type', None)
    if content_type is not None:
        headers['Content-Type'] = content_type
    response = util.http_request(endpoint_url, body=b'{}', headers=headers)
    assert response.status == 404, response


@pytest.mark.parametrize('content_type', ['application/x-amz-json-1.0', 'application/x-amz-json-1.1',
                                          'application/json', 'Application/X-Amz-Json-1.0; charset=utf-8'])
def test_json_content_types_are_taken(endpoint_url, content_type):
    headers = util.signed_headers(endpoint_url, b'{}', util.TARGET_PREFIX + 'ListTables')
    headers['Content-Type'] = content_type
    response = util.http_request(endpoint_url, body=b'{}', headers=headers)
    assert response.status == 200, response


@pytest.mark.parametrize('body', [
    '{"TableName":"%(t)s","TableName":"other","Item":{"pk":{"S":"%(k)s"}}}',
    '{"TableName":"%(t)s","Item":{"pk":{"S":"%(k)s"},"a":{"S":"1"},"a":{"S":"2"}}}',
    '{"TableName":"%(t)s","Item":{"pk":{"S":"%(k)s"},"m":{"M":{"x":{"N":"1"},"x":{"N":"2"}}}}}',
    '{"TableName":"%(t)s","Item":{"pk":{"S":"%(k)s"},"v":{"S":"1","S":"2"}}}',
])
def test_duplicate_json_keys_are_refused(endpoint_url, dynamodb, hash_table, random_key, body):
    response = _signed_raw(endpoint_url, 'PutItem', (body % {'t': hash_table, 'k': random_key}).encode())
    assert response.status == 400, response
    assert util.error_type(response) == 'SerializationException'
    assert 'Item' not in dynamodb.get_item(TableName=hash_table, Key={'pk': {'S': random_key}})
