"""HTTP-level fuzzing of a running server (issue 19, "Hardening").

Mutated raw requests go over sockets to a server of the test's own, started
with --credentials so that signatures are checked: heads and framing
(request line, fields, Content-Length, chunked bodies, pipelining), bodies
and their JSON, expressions, compressed bodies and signatures. Most
requests are signed after they were mutated, so they get past SigV4 to the
operations; some are changed after signing. The seeds are the committed
corpus of the C++ fuzz targets (tests/fuzz/corpus/api_request: bodies
botocore serialized; tests/fuzz/corpus/http_request: raw framings).

Checked, for every connection: the server answers or closes it within
CONNECTION_SECONDS of the client's last byte (the client half-closes after
sending); every answer is a well-formed HTTP/1.1 response with a status
below 500; the server is alive at the end; and its resident memory after
the run is within RSS_SLACK of its value after a warm-up.

DYNASTORE_FUZZ_HTTP_REQUESTS (default 3000; `make fuzz-http` sends more)
and DYNASTORE_FUZZ_HTTP_SEED (default 1) set the run. A failing request is
written to the test's temporary directory and printed.
"""

import base64
import concurrent.futures
import gzip
import json
import os
import random
import socket
import time
import zlib
from pathlib import Path

import pytest

import util

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / 'tests' / 'fuzz' / 'corpus'
REQUESTS = int(os.environ.get('DYNASTORE_FUZZ_HTTP_REQUESTS', '3000'))
SEED = int(os.environ.get('DYNASTORE_FUZZ_HTTP_SEED', '1'))
WARM_UP = min(1000, REQUESTS // 3)
CONNECTION_SECONDS = 10
CLIENTS = 4
# Resident memory may grow by this much after the warm-up: the answers'
# buffers, RocksDB's memtable taking what the run writes (small items with
# keys from the corpus) and allocator caching; a leak of even a few hundred
# bytes per request outgrows it over `make fuzz-http`'s 50,000 requests.
RSS_SLACK_MB = 24

TABLES = [
    {'TableName': 'Fuzz',
     'AttributeDefinitions': [{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'sk', 'AttributeType': 'N'},
                              {'AttributeName': 'l', 'AttributeType': 'S'},
                              {'AttributeName': 'g', 'AttributeType': 'S'}],
     'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
     'LocalSecondaryIndexes': [{'IndexName': 'ByLocal',
                                'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'},
                                              {'AttributeName': 'l', 'KeyType': 'RANGE'}],
                                'Projection': {'ProjectionType': 'ALL'}}],
     'GlobalSecondaryIndexes': [{'IndexName': 'ByGlobal', 'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'}],
                                 'Projection': {'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['a']}}],
     'StreamSpecification': {'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'},
     'BillingMode': 'PAY_PER_REQUEST'},
    {'TableName': 'FuzzHash', 'AttributeDefinitions': [{'AttributeName': 'pk', 'AttributeType': 'S'}],
     'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'}], 'BillingMode': 'PAY_PER_REQUEST'},
    {'TableName': 'FuzzBinary', 'AttributeDefinitions': [{'AttributeName': 'pk', 'AttributeType': 'B'}],
     'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'}], 'BillingMode': 'PAY_PER_REQUEST'},
]


@pytest.fixture(scope='module')
def fuzz_server(request, tmp_path_factory):
    credentials = f'{util.ACCESS_KEY_ID} {util.SECRET_ACCESS_KEY}\n'
    yield from util.start_credentials_server(request, tmp_path_factory, 'fuzz-http', credentials)


# --------------------------------------------------------------------------
# Seeds and mutations

def load_seeds():
    bodies = []
    for path in sorted((CORPUS / 'api_request').iterdir()):
        target, _, body = path.read_bytes().partition(b'\n')
        bodies.append((target.decode('latin-1'), body))
    framings = [path.read_bytes() for path in sorted((CORPUS / 'http_request').iterdir())]
    return bodies, framings


TOKENS = [b'{', b'}', b'[', b']', b'"', b':', b',', b'\\', b'\\u0000', b'\\ud800', b'\xff', b'\xc0\xaf', b'\x00',
          b'null', b'true', b'1e400', b'-0', b'9' * 40, b'{"S":""}', b'{"N":"x"}', b'{"NULL":false}', b'{"SS":[]}',
          b'{"M":' * 40, b'[' * 600, b' AND ', b' OR ', b'NOT ', b'(', b')', b'#', b':', b'size(', b'[99999]',
          b'SET ', b'REMOVE ', b'list_append(', b'if_not_exists(']
EXPRESSION_TOKENS = ['(', ')', ' AND ', ' OR ', 'NOT ', ' BETWEEN ', ' IN ', 'size(', 'contains(', 'begins_with(',
                     'attribute_exists(', 'attribute_type(', '[0]', '[999999999999]', '.', '#a', ':v', ':max',
                     ' = ', ' <> ', ' < ', ', ', 'SET ', 'REMOVE ', 'ADD ', 'DELETE ', ' + ', 'if_not_exists(',
                     'list_append(', '\u00e9', '\U0001f600', '\x00', 'x' * 300]


def mutate_bytes(rng, data, rounds=None):
    data = bytearray(data)
    for _ in range(rounds or rng.randint(1, 4)):
        at = rng.randint(0, len(data))
        kind = rng.randrange(6)
        if kind == 0 and data:
            data[at % len(data)] ^= 1 << rng.randrange(8)
        elif kind == 1:
            data[at:at] = rng.choice(TOKENS)
        elif kind == 2 and data:
            del data[at:at + rng.randint(1, 16)]
        elif kind == 3 and data:
            start = rng.randrange(len(data))
            data[at:at] = data[start:start + rng.randint(1, 64)]
        elif kind == 4:
            del data[at:]
        else:
            data[at:at] = bytes([rng.randrange(256)])
    return bytes(data)


def random_json_value(rng, depth=0):
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return rng.choice(['', 'x', '\u00e9', 'a' * rng.randint(1, 2000), 'Fuzz', 'pk', '#a', ':v'])
    if kind == 1:
        return rng.choice([0, -1, 1, 2 ** 31, 2 ** 63, -2 ** 63 - 1, 10 ** 30, 1.5, 1e300])
    if kind == 2:
        return rng.choice([True, False, None])
    if kind == 3:
        return {rng.choice(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'BOOL', 'NULL']):
                random_json_value(rng, depth + 1)}
    if kind == 4:
        return rng.choice(['1', '-0.0', '1E126', '1E-131', '0x10', ' 1', 'NaN', '9' * 39])
    if kind == 5:
        return base64.b64encode(bytes(rng.randrange(256) for _ in range(rng.randint(0, 8)))).decode()
    if kind == 6:
        return [random_json_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(['pk', 'sk', 'a', 'S', 'N', 'M', 'L', 'Key', 'Item', 'TableName', 'x']):
            random_json_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def json_nodes(value, path=()):
    """(path, value) of every node of a JSON document."""
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from json_nodes(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from json_nodes(child, path + (index,))


def replace_at(document, path, new):
    if not path:
        return new
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    return document


def mutate_json(rng, body):
    try:
        document = json.loads(body)
    except ValueError:
        return mutate_bytes(rng, body)
    for _ in range(rng.randint(1, 3)):
        nodes = list(json_nodes(document))
        path, value = rng.choice(nodes)
        choice = rng.randrange(5)
        if choice == 0 and path:  # drop a member or element
            parent = document
            for step in path[:-1]:
                parent = parent[step]
            del parent[path[-1]]
        elif choice == 1 and isinstance(value, str):  # an expression or string edited
            text = list(value)
            for _ in range(rng.randint(1, 3)):
                text.insert(rng.randint(0, len(text)), rng.choice(EXPRESSION_TOKENS))
            document = replace_at(document, path, ''.join(text))
        elif choice == 2 and isinstance(value, dict):  # a member added
            value[rng.choice(['pk', 'sk', 'Limit', 'Select', 'ReturnValues', 'IndexName', 'Segment', 'x',
                              'ExpressionAttributeValues', 'ExpressionAttributeNames', 'ExclusiveStartKey'])] = \
                random_json_value(rng)
        else:
            document = replace_at(document, path, random_json_value(rng))
    return json.dumps(document, ensure_ascii=rng.random() < 0.5).encode()


def signed_request(target, body, extra=(), content_encoding=None):
    headers = dict(extra)
    if content_encoding:
        headers['Content-Encoding'] = content_encoding
    signed = util.signed_headers('http://localhost:8000/', body, target, extra_headers=headers)
    lines = [b'POST / HTTP/1.1', b'Host: localhost:8000']
    lines += [f'{name}: {value}'.encode('latin-1') for name, value in signed.items()]
    lines.append(b'Content-Length: %d' % len(body))
    return b'\r\n'.join(lines) + b'\r\n\r\n' + body


def chunked(body, rng):
    out = bytearray()
    while body:
        size = rng.randint(1, max(1, len(body)))
        out += b'%x\r\n' % size + body[:size] + b'\r\n'
        body = body[size:]
    return bytes(out) + b'0\r\n\r\n'


def make_request(rng, bodies, framings):
    """One mutated byte stream for one connection, and what it exercises."""
    target, body = rng.choice(bodies)
    kind = rng.randrange(10)
    if kind <= 2:
        return 'json', signed_request(target, mutate_json(rng, body))
    if kind == 3:
        return 'body-bytes', signed_request(target, mutate_bytes(rng, body))
    if kind == 4:  # a compressed body, sometimes damaged after compressing
        coding = rng.choice(['gzip', 'deflate'])
        packed = gzip.compress(mutate_json(rng, body)) if coding == 'gzip' else zlib.compress(body)
        if rng.random() < 0.3:
            packed = mutate_bytes(rng, packed, 1)
        return 'compressed', signed_request(target, packed, content_encoding=coding)
    if kind == 5:  # changed after signing: the signature must no longer hold
        return 'after-signing', mutate_bytes(rng, signed_request(target, body))
    if kind == 6:  # the head: fields added, repeated or mangled, then signed
        extra = rng.choice([[('X-Amz-Security-Token', 'tok')], [('X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD')],
                            [('Accept-Encoding', 'gzip;q=0.5, deflate, br, *;q=0')], [('X-Amz-Target', target)],
                            [('Content-Type', rng.choice(['text/plain', 'application/json', '', 'a/b;c=d']))],
                            [('Expect', '100-continue')], [('X-A', 'b' * rng.randint(1, 3000))]])
        return 'head', signed_request(target, body, extra)
    if kind == 7:  # chunked framing, valid or not
        request = signed_request(target, body)
        head, _, payload = request.partition(b'\r\n\r\n')
        head = b'\r\n'.join(line for line in head.split(b'\r\n') if not line.startswith(b'Content-Length'))
        request = head + b'\r\nTransfer-Encoding: chunked\r\n\r\n' + chunked(payload, rng)
        return 'chunked', mutate_bytes(rng, request, 1) if rng.random() < 0.5 else request
    if kind == 8:  # pipelined: two requests on one connection
        first = signed_request(target, mutate_json(rng, body))
        other_target, other_body = rng.choice(bodies)
        return 'pipelined', first + signed_request(other_target, other_body)
    return 'framing', mutate_bytes(rng, rng.choice(framings))


# --------------------------------------------------------------------------
# The client side of one connection

class Problem(Exception):
    pass


def read_responses(data, may_head):
    """The statuses of the HTTP responses in `data` (everything the server
    sent before closing). Raises Problem for bytes that are not responses.
    `may_head`: a request of the stream may be a HEAD, whose answer states
    a Content-Length but has no body."""
    statuses = []
    while data:
        head, sep, rest = data.partition(b'\r\n\r\n')
        if not sep:
            raise Problem(f'an incomplete response head: {data[:200]!r}')
        lines = head.split(b'\r\n')
        parts = lines[0].split(b' ', 2)
        if len(parts) < 2 or parts[0] not in (b'HTTP/1.1', b'HTTP/1.0') or not parts[1].isdigit():
            raise Problem(f'not a status line: {lines[0][:200]!r}')
        status = int(parts[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(b':')
            if name.strip().lower() == b'content-length':
                length = int(value.strip())
        if status == 100:
            data = rest
            continue
        if may_head and rest[:7] in (b'', b'HTTP/1.'):
            statuses.append((status, b''))
            data = rest
            continue
        if len(rest) < length:
            raise Problem(f'a response body cut short: {status} wants {length}, got {len(rest)}')
        statuses.append((status, rest[:length]))
        data = rest[length:]
    return statuses


def exchange(port, request):
    """Sends `request`, half-closes, and reads until the server closes."""
    deadline = time.monotonic() + CONNECTION_SECONDS
    with socket.create_connection(('127.0.0.1', port), timeout=CONNECTION_SECONDS) as s:
        try:
            s.sendall(request)
            s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server refused early (431, 413) and closed: read its answer
        received = bytearray()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Problem(f'no close within {CONNECTION_SECONDS} s; got {bytes(received[:300])!r}')
            s.settimeout(remaining)
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                continue
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
    return read_responses(bytes(received), b'HEAD ' in request)


def run(port, rng, count, bodies, framings, failures, counts):
    requests = [make_request(rng, bodies, framings) for _ in range(count)]

    def one(item):
        kind, request = item
        try:
            responses = exchange(port, request)
        except Problem as e:
            return kind, request, str(e), []
        bad = [(status, body) for status, body in responses if status >= 500]
        return kind, request, f'answered {bad[0][0]}: {bad[0][1][:300]!r}' if bad else None, responses

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        for kind, request, problem, responses in pool.map(one, requests):
            counts[kind] = counts.get(kind, 0) + 1
            for status, _ in responses:
                counts[status // 100 * 100] = counts.get(status // 100 * 100, 0) + 1
            if problem:
                failures.append((kind, request, problem))


def test_mutated_requests_get_4xx_and_memory_stays_flat(fuzz_server, tmp_path):
    server = fuzz_server
    client = util.make_client(server.url)
    for table in TABLES:
        client.create_table(**table)
    for table in TABLES:
        util.wait_for_active(client, table['TableName'])
    client.update_time_to_live(TableName='Fuzz', TimeToLiveSpecification={'Enabled': True, 'AttributeName': 'ttl'})

    bodies, framings = load_seeds()
    assert len(bodies) >= 20 and len(framings) >= 10
    port = util.host_port(server.url)[1]
    rng = random.Random(SEED)
    failures, counts = [], {}
    started = time.monotonic()
    run(port, rng, WARM_UP, bodies, framings, failures, counts)
    warm_rss = util.rss_mb(server.process.pid)
    run(port, rng, REQUESTS - WARM_UP, bodies, framings, failures, counts)
    final_rss = util.rss_mb(server.process.pid)
    elapsed = time.monotonic() - started
    print(f'\n{REQUESTS} connections in {elapsed:.1f} s; {counts}; RSS after warm-up {warm_rss:.1f} MiB, '
          f'at the end {final_rss:.1f} MiB')

    assert server.alive(), f'the server died; its output:\n{server.output()}'
    if failures:
        for i, (kind, request, problem) in enumerate(failures[:20]):
            (tmp_path / f'failure-{i}.http').write_bytes(request)
        kind, request, problem = failures[0]
        pytest.fail(f'{len(failures)} of {REQUESTS} connections failed (inputs in {tmp_path}); first '
                    f'({kind}): {problem}\nrequest: {request[:1500]!r}\nserver output:\n{server.output(3000)}')
    # Some requests must have reached the operations and succeeded, or the
    # mutations are too shallow to test them.
    assert counts.get(200, 0) > REQUESTS // 20, counts
    assert final_rss <= warm_rss + RSS_SLACK_MB, \
        f'resident memory grew from {warm_rss:.1f} MiB after the warm-up to {final_rss:.1f} MiB'
    # GET / still answers healthy.
    assert util.http_request(server.url + '/', method='GET').status == 200
