"""The wire protocol under the SDKs, with raw HTTP: targets, JSON errors,
response headers, authentication and size limits.

Sources: Developer Guide "Error handling with DynamoDB" (the error body
{"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
"message": ...} and the x-amzn-RequestId header) and "DynamoDB low-level API"
(X-Amz-Target, application/x-amz-json-1.0, x-amz-crc32 = CRC32 of the
body). Responses to malformed requests as recorded against DynamoDB in
dynalite's test/connection.js and test/helpers.js: DynamoDB's request
framework (Coral) answers those itself, so their __type namespace is
com.amazon.coral.service (and com.amazon.coral.validate for
ValidationException) rather than com.amazonaws.dynamodb.v20120810.
"""

import socket
import time
import zlib

import pytest

import util


# --------------------------------------------------------------------------
# Targets and bodies

@pytest.mark.parametrize('target', [
    'DynamoDB_20120810.NoSuchOperation',
    'DynamoDB_20120810.ListTable',
    'DynamoDB_20120810.',
    'Whatever',
])
def test_unknown_operation(endpoint_url, target):
    # dynalite: HTTP 400, {"__type":"com.amazon.coral.service#UnknownOperationException"}.
    response = util.dynamodb_request(endpoint_url, target, {})
    assert response.status == 400, response
    assert util.error_type(response) == 'UnknownOperationException'


def test_missing_target(endpoint_url):
    response = util.dynamodb_request(endpoint_url, None, {})
    assert response.status == 400, response
    assert util.error_type(response) == 'UnknownOperationException'


@pytest.mark.parametrize('body', ['hi', '{', '{"Limit": 1,}', '{"Limit": 1', "{'Limit': 1}"])
def test_malformed_json(endpoint_url, body):
    # dynalite: a body that is not JSON is a SerializationException (400).
    response = util.dynamodb_request(endpoint_url, 'ListTables', None, raw_body=body)
    assert response.status == 400, response
    assert util.error_type(response) == 'SerializationException'


def test_wrongly_typed_member(endpoint_url):
    # dynalite's assertType: a member of the wrong JSON type is a
    # SerializationException too (its message is Java's, not checked).
    response = util.dynamodb_request(endpoint_url, 'ListTables', {'Limit': 'ten'})
    assert response.status == 400, response
    assert util.error_type(response) == 'SerializationException'


def test_valid_request_succeeds(endpoint_url):
    response = util.dynamodb_request(endpoint_url, 'ListTables', {'Limit': 1})
    assert response.status == 200, response
    body = response.json()
    assert isinstance(body['TableNames'], list)


# --------------------------------------------------------------------------
# Response headers

def _check_headers(response):
    # Developer Guide: every response carries x-amzn-RequestId; the low-level
    # API adds x-amz-crc32, the CRC32 checksum of the response body, which
    # the SDKs verify.
    assert response.headers.get('x-amzn-requestid'), response.headers
    assert response.headers.get('x-amz-crc32') == str(zlib.crc32(response.body) & 0xffffffff), response
    assert response.headers.get('content-type', '').startswith(util.JSON_CONTENT_TYPE), response.headers
    if 'content-length' in response.headers:
        assert int(response.headers['content-length']) == len(response.body)


def test_success_headers(endpoint_url):
    response = util.dynamodb_request(endpoint_url, 'ListTables', {})
    assert response.status == 200, response
    _check_headers(response)


def test_error_headers(endpoint_url):
    response = util.dynamodb_request(endpoint_url, 'DescribeTable',
                                     {'TableName': util.unique_table_name('missing')})
    assert response.status == 400, response
    _check_headers(response)


def test_request_ids_are_unique(endpoint_url):
    ids = {util.dynamodb_request(endpoint_url, 'ListTables', {}).headers['x-amzn-requestid'] for _ in range(5)}
    assert len(ids) == 5


# --------------------------------------------------------------------------
# Error bodies

def test_resource_not_found_error_body(endpoint_url):
    # Developer Guide, "Error handling with DynamoDB": this exact body shape.
    name = util.unique_table_name('missing')
    response = util.dynamodb_request(endpoint_url, 'DescribeTable', {'TableName': name})
    assert response.status == 400, response
    body = response.json()
    assert set(body) == {'__type', 'message'}, body
    assert body['__type'] == 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException'
    assert body['message'] == f'Requested resource not found: Table: {name} not found'


def test_validation_error_body(endpoint_url):
    # dynalite's assertValidation: {"__type": "...#ValidationException",
    # "message": ...} with a lower-case "message".
    response = util.dynamodb_request(endpoint_url, 'ListTables', {'Limit': 101})
    assert response.status == 400, response
    body = response.json()
    assert set(body) == {'__type', 'message'}, body
    assert util.error_type(response) == 'ValidationException'
    assert util.constraint_re(101, 'limit', 'Member must have value less than or equal to 100').match(
        body['message']), body


def _existing_table_response(endpoint_url, table):
    return util.dynamodb_request(endpoint_url, 'CreateTable', {
        'TableName': table, 'BillingMode': 'PAY_PER_REQUEST',
        'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'}],
        'AttributeDefinitions': [{'AttributeName': 'pk', 'AttributeType': 'S'}]})


@pytest.mark.parametrize('case,expected_type', [
    # Developer Guide example; dynalite's assertNotFound/assertInUse.
    ('not-found', 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException'),
    ('in-use', 'com.amazonaws.dynamodb.v20120810#ResourceInUseException'),
    # dynalite's assertValidation; DynamoDB bodies quoted in public issues
    # ({"__type":"com.amazon.coral.validate#ValidationException", ...}).
    ('validation', 'com.amazon.coral.validate#ValidationException'),
    # dynalite's connection.js.
    ('unknown-operation', 'com.amazon.coral.service#UnknownOperationException'),
    ('serialization', 'com.amazon.coral.service#SerializationException'),
    ('missing-token', 'com.amazon.coral.service#MissingAuthenticationTokenException'),
])
def test_error_type_namespaces(endpoint_url, hash_table, case, expected_type):
    """The full __type DynamoDB sends. SDKs look only at the name after '#',
    so a different namespace breaks no client, but it is what DynamoDB sends."""
    if case == 'not-found':
        response = util.dynamodb_request(endpoint_url, 'DescribeTable',
                                         {'TableName': util.unique_table_name('missing')})
    elif case == 'in-use':
        response = _existing_table_response(endpoint_url, hash_table)
    elif case == 'validation':
        response = util.dynamodb_request(endpoint_url, 'ListTables', {'Limit': 101})
    elif case == 'unknown-operation':
        response = util.dynamodb_request(endpoint_url, 'DynamoDB_20120810.NoSuchOperation', {})
    elif case == 'serialization':
        response = util.dynamodb_request(endpoint_url, 'ListTables', None, raw_body='{')
    else:
        response = util.dynamodb_request(endpoint_url, 'ListTables', {}, sign=False)
    assert response.status == 400, response
    assert response.json()['__type'] == expected_type


# --------------------------------------------------------------------------
# Authentication

def test_missing_authorization_header(endpoint_url):
    # dynalite (connection.js), recorded against DynamoDB: exact body.
    response = util.dynamodb_request(endpoint_url, 'ListTables', {}, sign=False)
    assert response.status == 400, response
    assert util.error_type(response) == 'MissingAuthenticationTokenException'
    assert response.json().get('message') == 'Request is missing Authentication Token'


# --------------------------------------------------------------------------
# Our own server: health check and request size limit

@pytest.mark.dynastore_only
def test_get_root_is_a_health_check(endpoint_url):
    # DynamoDB answers GET / with 200 and a one-line "healthy: ..." text; our
    # server's readiness check (used by this suite) relies on the 200.
    response = util.http_request(endpoint_url + '/', method='GET')
    assert response.status == 200, response
    text = response.body.decode('utf-8')
    assert text.strip(), 'empty health response'
    assert '\n' not in text.strip(), text


@pytest.mark.dynastore_only
def test_oversized_body_rejected_before_it_is_sent(endpoint_url):
    """A request announcing more than 16 MiB is refused from its headers: the
    server answers at once instead of waiting for (and buffering) the body.
    The request is validly signed, so only its size is wrong."""
    size = 16 * 1024 * 1024 + 1
    body = b' ' * size  # signed over, never sent
    headers = util.signed_headers(endpoint_url, body, util.TARGET_PREFIX + 'ListTables')
    host, port = util.host_port(endpoint_url)
    lines = ['POST / HTTP/1.1', f'Host: {host}:{port}', f'Content-Length: {size}']
    lines += [f'{k}: {v}' for k, v in headers.items() if k.lower() not in ('host', 'content-length')]
    head = ('\r\n'.join(lines) + '\r\n\r\n').encode()
    del body

    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(head + b'     ')
        started = time.monotonic()
        received = b''
        sock.settimeout(1)
        while b'\r\n\r\n' not in received and time.monotonic() - started < 10:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                break
            received += chunk
        elapsed = time.monotonic() - started

    assert b'\r\n\r\n' in received, f'no response within {elapsed:.1f} s (got {received!r})'
    assert elapsed < 5, f'response took {elapsed:.1f} s'
    status_line = received.split(b'\r\n', 1)[0].decode()
    status = int(status_line.split()[1])
    assert status in (400, 413), status_line
    assert b'MissingAuthenticationToken' not in received and b'InvalidSignature' not in received, received


@pytest.mark.dynastore_only
def test_body_at_a_normal_size_accepted(endpoint_url, hash_table):
    # Control for the test above: a large but legal request (a 350 KB item)
    # goes through on the same server.
    payload = {'TableName': hash_table,
               'Item': {'pk': {'S': util.random_string()}, 'v': {'S': 'x' * 350_000}}}
    response = util.dynamodb_request(endpoint_url, 'PutItem', payload)
    assert response.status == 200, response
    assert response.json() == {}
