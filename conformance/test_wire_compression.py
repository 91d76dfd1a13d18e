"""Compressed request and response bodies (HTTP content codings).

Requests: SDKs compress a body and then sign it, so the SigV4 payload hash
covers the compressed bytes (botocore's RequestCompressor runs before the
signer; its docs: "Compression ... occurs before signing"). No DynamoDB
operation in botocore's model carries the `requestcompression` trait, so
boto3 never compresses DynamoDB requests on its own: these tests send raw
signed gzip/deflate bodies, and also drive botocore's own compressor by
giving it a copy of the model with the trait added to PutItem.

Responses: a client sending `Accept-Encoding: gzip` (the Java SDK's
`withGzip`) gets a gzip body, and x-amz-crc32 is the CRC32 of the bytes on
the wire, which is what botocore's CRC32Checker (retryhandler.py: crc32 of
`response.content`, read with decode_content=False) and the Java SDK
(DynamoDB's `calculateCrc32FromCompressedData`) check.
"""

import copy
import gzip
import json
import os
import zlib

import boto3
import botocore
import botocore.retryhandler
import botocore.session
import pytest
import util

pytestmark = pytest.mark.dynastore_only


def _put_payload(table, pk, **extra):
    item = {'pk': {'S': pk}}
    item.update(extra)
    return {'TableName': table, 'Item': item}


def _get(dynamodb, table, pk):
    return dynamodb.get_item(TableName=table, Key={'pk': {'S': pk}}, ConsistentRead=True).get('Item')


def _send(url, operation, body, content_encoding=None, accept_encoding=None, sign_body=None):
    """POST `body` (bytes, already encoded) signed over `sign_body` (default:
    `body`, the bytes as sent)."""
    extra = {}
    if content_encoding is not None:
        extra['Content-Encoding'] = content_encoding
    if accept_encoding is not None:
        extra['Accept-Encoding'] = accept_encoding
    headers = util.signed_headers(url, body if sign_body is None else sign_body,
                                  util.TARGET_PREFIX + operation, extra_headers=extra)
    return util.http_request(url, body=body, headers=headers)


def _raw_deflate(data):
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


# --------------------------------------------------------------------------
# Requests

@pytest.mark.parametrize('coding, encode', [
    ('gzip', gzip.compress),
    ('x-gzip', gzip.compress),
    ('deflate', zlib.compress),             # RFC 9110's "deflate": the zlib format
    ('deflate', _raw_deflate),              # raw DEFLATE, which some clients send
    ('deflate, gzip', lambda b: gzip.compress(zlib.compress(b))),
], ids=['gzip', 'x-gzip', 'deflate-zlib', 'deflate-raw', 'deflate-then-gzip'])
def test_compressed_request_is_signed_over_compressed_bytes(endpoint_url, dynamodb, hash_table, coding, encode):
    pk = util.random_string()
    body = json.dumps(_put_payload(hash_table, pk, v={'S': 'x' * 3000})).encode()
    response = _send(endpoint_url, 'PutItem', encode(body), content_encoding=coding)
    assert response.status == 200, response
    assert _get(dynamodb, hash_table, pk)['v'] == {'S': 'x' * 3000}


def test_concatenated_gzip_members(endpoint_url, dynamodb, hash_table):
    pk = util.random_string()
    body = json.dumps(_put_payload(hash_table, pk)).encode()
    members = b''.join(gzip.compress(body[i:i + 7]) for i in range(0, len(body), 7))
    response = _send(endpoint_url, 'PutItem', members, content_encoding='gzip')
    assert response.status == 200, response
    assert _get(dynamodb, hash_table, pk) == {'pk': {'S': pk}}


def test_signature_covers_the_compressed_bytes(server_factory, tmp_path):
    # Checked signatures need --credentials (without it any well-formed
    # credential is accepted).
    credentials = tmp_path / 'credentials'
    credentials.write_text(f'{util.ACCESS_KEY_ID} {util.SECRET_ACCESS_KEY}\n')
    url, _ = server_factory(str(tmp_path / 'data'), ['--in-memory', '--credentials', str(credentials)])
    client = util.make_client(url)
    client.create_table(TableName='tls-sig', BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    body = json.dumps(_put_payload('tls-sig', 'signed-over-plain')).encode()
    response = _send(url, 'PutItem', gzip.compress(body), content_encoding='gzip', sign_body=body)
    assert response.status == 400
    assert response.json()['__type'].endswith('#InvalidSignatureException')
    assert _get(client, 'tls-sig', 'signed-over-plain') is None
    body = json.dumps(_put_payload('tls-sig', 'signed-over-gzip')).encode()
    response = _send(url, 'PutItem', gzip.compress(body), content_encoding='gzip')
    assert response.status == 200, response
    assert _get(client, 'tls-sig', 'signed-over-gzip') == {'pk': {'S': 'signed-over-gzip'}}


@pytest.mark.parametrize('coding, mangle', [
    ('gzip', lambda b: b),                                  # not compressed at all
    ('gzip', lambda b: gzip.compress(b)[:-6]),              # truncated
    ('gzip', lambda b: gzip.compress(b) + b'garbage'),      # trailing bytes
    ('gzip', lambda b: gzip.compress(b)[:-8] + b'\0\0\0\0' + gzip.compress(b)[-4:]),  # bad CRC
    ('deflate', lambda b: zlib.compress(b)[:-3]),
    ('deflate', lambda b: b'\xff' * 40),
], ids=['plain', 'truncated', 'trailing', 'bad-crc', 'deflate-truncated', 'deflate-garbage'])
def test_broken_compressed_body_is_refused_and_nothing_written(endpoint_url, dynamodb, hash_table, coding, mangle):
    pk = util.random_string()
    body = json.dumps(_put_payload(hash_table, pk)).encode()
    response = _send(endpoint_url, 'PutItem', mangle(body), content_encoding=coding)
    assert response.status == 400, response
    error = response.json()
    assert error['__type'] == 'com.amazon.coral.service#SerializationException'
    assert error['Message'].startswith(f'Request body could not be decoded as its Content-Encoding ({coding})')
    assert _get(dynamodb, hash_table, pk) is None


def test_unknown_content_encoding_is_refused(endpoint_url, dynamodb, hash_table):
    pk = util.random_string()
    body = json.dumps(_put_payload(hash_table, pk)).encode()
    response = _send(endpoint_url, 'PutItem', body, content_encoding='br')
    assert response.status == 400
    assert response.json() == {'__type': 'com.amazon.coral.service#SerializationException',
                               'Message': 'Unsupported Content-Encoding: br (supported: gzip, deflate)'}
    assert _get(dynamodb, hash_table, pk) is None


def test_zip_bomb_is_refused_past_the_request_limit(endpoint_url, dynamodb, hash_table):
    # 64 MiB of JSON whitespace inside a valid request, about 64 KiB gzipped:
    # past DynamoDB's 16 MiB request limit once inflated.
    pk = util.random_string()
    body = json.dumps(_put_payload(hash_table, pk)).encode()
    bomb = gzip.compress(body[:-1] + b' ' * (64 * 1024 * 1024) + b'}', 9)
    assert len(bomb) < 1024 * 1024
    response = _send(endpoint_url, 'PutItem', bomb, content_encoding='gzip')
    assert response.status == 413, response
    assert response.json() == {'__type': 'com.amazon.coral.service#RequestEntityTooLarge',
                               'message': 'Request body exceeds 16777216 bytes once decompressed'}
    assert _get(dynamodb, hash_table, pk) is None
    # Still serving, and a body just under the limit once inflated is fine.
    body = json.dumps(_put_payload(hash_table, pk)).encode()
    response = _send(endpoint_url, 'PutItem', gzip.compress(body[:-1] + b' ' * (15 * 1024 * 1024) + b'}'),
                     content_encoding='gzip')
    assert response.status == 200, response
    assert _get(dynamodb, hash_table, pk) == {'pk': {'S': pk}}


def _client_with_compression_trait(endpoint_url, tmp_path, **config):
    """A botocore client whose DynamoDB model gives PutItem the
    `requestcompression` trait (gzip), so that botocore's own
    RequestCompressor compresses its requests as it does for services that
    have the trait."""
    original = botocore.session.get_session().get_component('data_loader')
    model = copy.deepcopy(original.load_service_model('dynamodb', 'service-2'))
    model['operations']['PutItem']['requestcompression'] = {'encodings': ['gzip']}
    model_dir = tmp_path / 'models' / 'dynamodb' / model['metadata']['apiVersion']
    model_dir.mkdir(parents=True)
    (model_dir / 'service-2.json').write_text(json.dumps(model))
    # A fresh session whose loader finds the copy first (nothing cached yet).
    session = botocore.session.get_session()
    session.get_component('data_loader').search_paths.insert(0, str(tmp_path / 'models'))
    return boto3.Session(botocore_session=session).client(
        'dynamodb', endpoint_url=endpoint_url, region_name=util.REGION,
        aws_access_key_id=util.ACCESS_KEY_ID, aws_secret_access_key=util.SECRET_ACCESS_KEY,
        config=util.client_config(**config))


def test_botocore_request_compression(endpoint_url, dynamodb, hash_table, tmp_path):
    client = _client_with_compression_trait(endpoint_url, tmp_path, request_min_compression_size_bytes=1,
                                            disable_request_compression=False)
    sent = []
    client.meta.events.register('before-send.dynamodb.PutItem',
                                lambda request, **_: sent.append((dict(request.headers), request.body)))
    pk = util.random_string()
    client.put_item(TableName=hash_table, Item={'pk': {'S': pk}, 'n': {'N': '12.50'}})
    headers, body = sent[0]
    assert headers['Content-Encoding'] in ('gzip', b'gzip')
    assert json.loads(gzip.decompress(body))['Item']['pk'] == {'S': pk}
    assert _get(dynamodb, hash_table, pk) == {'pk': {'S': pk}, 'n': {'N': '12.5'}}


# --------------------------------------------------------------------------
# Responses

@pytest.fixture(scope='module')
def big_item(dynamodb, hash_table):
    pk = util.random_string()
    item = {'pk': {'S': pk}, 'text': {'S': 'lorem ipsum ' * 1000}, 'n': {'N': '7'}}
    dynamodb.put_item(TableName=hash_table, Item=item)
    return item


@pytest.mark.parametrize('accept, coding, decode', [
    ('gzip', 'gzip', gzip.decompress),
    ('deflate', 'deflate', zlib.decompress),
    ('gzip;q=0.5, deflate', 'deflate', zlib.decompress),
    ('br, gzip, deflate', 'gzip', gzip.decompress),
])
def test_compressed_response_and_its_crc32(endpoint_url, hash_table, big_item, accept, coding, decode):
    payload = json.dumps({'TableName': hash_table, 'Key': {'pk': big_item['pk']}}).encode()
    response = _send(endpoint_url, 'GetItem', payload, accept_encoding=accept)
    assert response.status == 200
    assert response.headers['content-encoding'] == coding
    # The CRC32 of the bytes on the wire, as botocore computes it.
    assert int(response.headers['x-amz-crc32']) == zlib.crc32(response.body) & 0xFFFFFFFF
    assert len(response.body) < 2000
    assert json.loads(decode(response.body)) == {'Item': big_item}


@pytest.mark.parametrize('accept', [None, 'identity', 'br', 'gzip;q=0'])
def test_uncompressed_when_not_asked(endpoint_url, hash_table, big_item, accept):
    payload = json.dumps({'TableName': hash_table, 'Key': {'pk': big_item['pk']}}).encode()
    response = _send(endpoint_url, 'GetItem', payload, accept_encoding=accept)
    assert response.status == 200
    assert 'content-encoding' not in response.headers
    assert int(response.headers['x-amz-crc32']) == zlib.crc32(response.body) & 0xFFFFFFFF
    assert response.json() == {'Item': big_item}


def test_small_response_is_not_compressed(endpoint_url, hash_table):
    payload = json.dumps({'TableName': hash_table, 'Key': {'pk': {'S': util.random_string()}}}).encode()
    response = _send(endpoint_url, 'GetItem', payload, accept_encoding='gzip')
    assert response.status == 200
    assert 'content-encoding' not in response.headers
    assert response.json() == {}


def test_botocore_reads_compressed_responses_and_checks_their_crc32(endpoint_url, hash_table, big_item):
    """botocore asks for identity and never decodes a body, so a user who
    wants gzip adds the header and a decoder (before-parse) as below. With
    legacy retries botocore's CRC32Checker runs on the raw (compressed)
    bytes; a mismatch would raise ChecksumError."""
    client = util.make_client(endpoint_url, retries={'mode': 'legacy', 'max_attempts': 1})
    seen = []

    def ask_for_gzip(request, **_):
        request.headers['Accept-Encoding'] = 'gzip'

    def decode(response_dict, **_):
        seen.append({name.lower(): value for name, value in response_dict['headers'].items()})
        if response_dict['headers'].get('content-encoding') == 'gzip':
            response_dict['body'] = gzip.decompress(response_dict['body'])

    client.meta.events.register('before-sign.dynamodb.GetItem', ask_for_gzip)
    client.meta.events.register('before-parse.dynamodb.GetItem', decode)
    raw = []
    client.meta.events.register('needs-retry.dynamodb.GetItem',
                                lambda response=None, **_: raw.append(response) and None, unique_id='raw')
    result = client.get_item(TableName=hash_table, Key={'pk': big_item['pk']})
    assert result['Item'] == big_item
    assert seen[-1]['content-encoding'] == 'gzip'
    # botocore's own checker, on the response botocore received.
    http_response = raw[-1][0]
    checker = botocore.retryhandler.CRC32Checker(header='x-amz-crc32')
    assert checker._check_response(1, (http_response, result)) is None
    tampered = botocore.awsrequest.AWSResponse(http_response.url, 200, dict(http_response.headers), None)
    tampered._content = http_response.content[:-1] + bytes([http_response.content[-1] ^ 1])
    with pytest.raises(botocore.exceptions.ChecksumError):
        checker._check_response(1, (tampered, result))


def test_js_sdk_v3_reads_compressed_responses(endpoint_url, hash_table, big_item, js_sdk):
    result = js_sdk.run('compressed-get', endpoint_url, hash_table, big_item['pk']['S'])
    assert result['contentEncoding'] == 'gzip'
    assert result['crc32Checked'] is True
    assert result['item'] == {'pk': big_item['pk']['S'], 'text': big_item['text']['S'], 'n': 7}
