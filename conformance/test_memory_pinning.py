"""Clients cannot pin the server's memory (issue 19, defect 3).

With --credentials, a request whose Authorization header is missing, names
an unknown key or a wrong scope is answered from its head, before its body
is read: an unauthenticated client cannot make the server buffer a body
for it. Bodies still arriving or being handled share one budget
(--max-buffered-request-mib); past it a body is answered 503
ServiceUnavailable, which SDKs retry. And memory freed after a burst of
connections goes back to the system.

Sources: the AWS common errors (ServiceUnavailable, HTTP 503, "The request
has failed due to a temporary failure of the server."), DynamoDB's
authentication errors (MissingAuthenticationTokenException,
UnrecognizedClientException), RFC 9110 §10.1.1 (a server may answer a
request before reading its body, and then closes the connection).
"""

import json
import resource
import socket
import time

import pytest

import util

STRICT_KEY = ('AKIDMEMORYPIN0000001', 'memory-pinning-secret')
BODY_LENGTH = 16 * 1024 * 1024 - 1024  # just under the 16 MiB request limit


def _head(length, authorization=None, target='ListTables'):
    lines = ['POST / HTTP/1.1', 'Host: 127.0.0.1', f'Content-Type: {util.JSON_CONTENT_TYPE}',
             f'X-Amz-Target: {util.TARGET_PREFIX}{target}', f'Content-Length: {length}']
    if authorization:
        lines += [f'Authorization: {authorization}', f'X-Amz-Date: {time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())}']
    return ('\r\n'.join(lines) + '\r\n\r\n').encode()


def _dev_authorization(key='AKIDANYTHING'):
    day = time.strftime('%Y%m%d', time.gmtime())
    return (f'AWS4-HMAC-SHA256 Credential={key}/{day}/{util.REGION}/dynamodb/aws4_request, '
            f'SignedHeaders=host;x-amz-date;x-amz-target, Signature={"0" * 64}')


def _read_answer(sock, timeout=10):
    """The first response on `sock` (status, parsed JSON body), or None if
    the server said nothing within `timeout` seconds."""
    sock.settimeout(timeout)
    data = b''
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
        if b'\r\n\r\n' in data:
            head, body = data.split(b'\r\n\r\n', 1)
            length = next((int(line.split(b':')[1]) for line in head.split(b'\r\n')
                           if line.lower().startswith(b'content-length:')), 0)
            if len(body) >= length:
                return int(head.split(b' ')[1]), json.loads(body[:length] or b'{}')
    return None


def _start_body(port, head, first_bytes=1024 * 1024):
    """A connection that sent `head` and the first bytes of its body (as
    many as the socket takes without blocking for long)."""
    sock = socket.create_connection(('127.0.0.1', port), timeout=10)
    sock.sendall(head)
    sock.settimeout(0.2)
    sent = 0
    try:
        while sent < first_bytes:
            sent += sock.send(b' ' * min(65536, first_bytes - sent))
    except (socket.timeout, OSError):
        pass  # the server stopped reading: it answered, or it is busy
    return sock


@pytest.fixture(scope='module')
def strict_server(request, tmp_path_factory):
    yield from util.start_credentials_server(request, tmp_path_factory, 'pinning', ' '.join(STRICT_KEY) + '\n')


@pytest.fixture(scope='module')
def small_budget_server(request, tmp_path_factory):
    """A development-mode server whose request bodies may hold 32 MiB at once."""
    binary = request.getfixturevalue('server_binary')
    workdir = tmp_path_factory.mktemp('budget')
    factory = util.ServerFactory(binary, log_dir=str(workdir / 'logs'),
                                 start_timeout=request.config.getoption('--server-start-timeout'))
    try:
        yield factory.start(workdir / 'data', ['--max-buffered-request-mib', '32'])
    finally:
        factory.close()


@pytest.mark.parametrize('authorization, expected', [
    (None, 'MissingAuthenticationTokenException'),
    ('unknown-key', 'UnrecognizedClientException'),
])
def test_unauthenticated_body_is_refused_from_its_head(strict_server, authorization, expected):
    _, port = util.host_port(strict_server.url)
    auth = _dev_authorization('AKIDNOTAKNOWNKEY0001') if authorization else None
    with _start_body(port, _head(BODY_LENGTH, auth), first_bytes=4096) as sock:
        answer = _read_answer(sock)
    assert answer is not None, 'no answer before the body was sent'
    status, body = answer
    assert status in (400, 403), answer
    assert body['__type'].endswith('#' + expected), body


def test_unauthenticated_connections_pin_no_memory(strict_server):
    pid = strict_server.process.pid
    before = util.rss_mb(pid)
    sockets = [_start_body(util.host_port(strict_server.url)[1], _head(BODY_LENGTH)) for _ in range(40)]
    try:
        answered = sum(1 for sock in sockets if _read_answer(sock, timeout=5) is not None)
        during = util.rss_mb(pid)
    finally:
        for sock in sockets:
            sock.close()
    assert answered == len(sockets)
    # Before this fix: 16 MiB each, 630 MB for 40.
    assert during - before < 40, (before, during)


def test_well_signed_request_with_a_large_body_still_works(strict_server):
    client = util.make_client(strict_server.url, access_key=STRICT_KEY[0], secret_key=STRICT_KEY[1])
    table = util.unique_table_name('pin')
    client.create_table(TableName=table, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    try:
        util.wait_for_active(client, table)
        # Three 390 KB items: a body that does not arrive in one read.
        items = [{'PutRequest': {'Item': {'pk': {'S': f'k{i}'}, 'v': {'S': 'x' * 390_000}}}} for i in range(3)]
        answer = client.batch_write_item(RequestItems={table: items})
        assert answer['UnprocessedItems'] == {}
        assert client.get_item(TableName=table, Key={'pk': {'S': 'k2'}})['Item']['v']['S'] == 'x' * 390_000
    finally:
        util.delete_table_quietly(client, table)


def test_bodies_past_the_budget_get_503_service_unavailable(small_budget_server):
    pid = small_budget_server.process.pid
    _, port = util.host_port(small_budget_server.url)
    before = util.rss_mb(pid)
    # Each announces ~16 MiB: two fit the 32 MiB budget, the rest are refused.
    sockets = [_start_body(port, _head(BODY_LENGTH // 2 + 1024 * 1024, _dev_authorization())) for _ in range(12)]
    try:
        answers = [_read_answer(sock, timeout=3) for sock in sockets]
        during = util.rss_mb(pid)
    finally:
        for sock in sockets:
            sock.close()
    refused = [a for a in answers if a is not None]
    assert len(refused) >= 12 - 3, answers  # at most three 9 MiB bodies fit in 32 MiB
    for status, body in refused:
        assert status == 503, (status, body)
        assert body['__type'].endswith('#ServiceUnavailable'), body
        assert body['message'] == 'The request has failed due to a temporary failure of the server.'
    assert during - before < 64, (before, during)


def test_budget_is_given_back_and_sdk_requests_go_on(small_budget_server):
    # After the refusals above, ordinary requests work again.
    client = util.make_client(small_budget_server.url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.list_tables()
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_memory_goes_back_after_a_burst_of_connections(small_budget_server):
    connections = 5000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < connections + 256:
        pytest.skip(f'open-file limit {hard} is below {connections + 256}')
    if soft != resource.RLIM_INFINITY and soft < connections + 256:
        resource.setrlimit(resource.RLIMIT_NOFILE, (connections + 256, hard))
    server_limit = next((int(line.split()[3]) for line in open(f'/proc/{small_budget_server.process.pid}/limits')
                         if line.startswith('Max open files')), 0)
    if server_limit < connections + 64:
        pytest.skip(f"the server's open-file limit {server_limit} is below {connections + 64}")
    pid = small_budget_server.process.pid
    _, port = util.host_port(small_budget_server.url)
    baseline = util.rss_mb(pid)
    head = _head(2, _dev_authorization()) + b'{}'
    sockets = []
    try:
        for _ in range(connections):
            sock = socket.create_connection(('127.0.0.1', port), timeout=10)
            sock.sendall(head)
            sockets.append(sock)
        for sock in sockets:
            assert _read_answer(sock, timeout=10) is not None
        peak = util.rss_mb(pid)
    finally:
        for sock in sockets:
            sock.close()
    # Most of what the burst took is given back within a release interval
    # (10 s) or two: before, 5,000 connections left it all held. (Some stays:
    # the event loop keeps its per-socket records for reuse.)
    grown = peak - baseline
    assert grown > 8, (baseline, peak)  # else the burst measured nothing
    deadline = time.monotonic() + 30
    while util.rss_mb(pid) - baseline > grown / 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    after = util.rss_mb(pid)
    assert after - baseline <= grown / 2, (baseline, peak, after)
