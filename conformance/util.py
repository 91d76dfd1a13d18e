"""Shared helpers for the conformance suite.

Nothing here knows about a particular server: these helpers talk HTTP and
the DynamoDB wire protocol, and start a `dynastore` process when asked to.
"""

import contextlib
import http.server
import json
import os
import random
import re
import signal
import socket
import ssl
import string
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

REGION = 'us-east-1'
# The example key pair from AWS's own documentation: never a real credential.
ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
TARGET_PREFIX = 'DynamoDB_20120810.'
JSON_CONTENT_TYPE = 'application/x-amz-json-1.0'

TABLE_PREFIX = 'conf-'
ARN_RE = r'arn:aws:dynamodb:us-east-1:\d{12}:table/'
UUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')

# DynamoDB's size limits (Developer Guide, "Service, account, and table
# quotas"): an item is at most 400 KB counted in binary units.
MAX_ITEM_SIZE = 400 * 1024

# How long we wait for tables to become ACTIVE or go away. Our server answers
# at once; real DynamoDB takes seconds, so the bound is generous but finite.
TABLE_WAIT_SECONDS = 120


# --------------------------------------------------------------------------
# Random names

def random_string(length=12, alphabet=string.ascii_lowercase + string.digits):
    return ''.join(random.choice(alphabet) for _ in range(length))


def unique_table_name(tag=''):
    """A table name no other test (or run) will use: conf-<tag>-<random>."""
    middle = f'{tag}-' if tag else ''
    return f'{TABLE_PREFIX}{middle}{random_string(16)}'


# --------------------------------------------------------------------------
# Error assertions

def envelope_re(text):
    """Regex for DynamoDB message `text`, exact except for the optional
    "1 validation error detected: " envelope.

    DynamoDB wraps some request-validation messages in the envelope of its
    request framework (Coral) and has changed which ones over the years:
    dynalite's tests (recorded against DynamoDB around 2014-2019) show e.g.
    "ReturnValues can only be ALL_OLD or NONE" bare, while suites recorded
    in 2025-2026 show the same text after "1 validation error detected: ".
    Either form is DynamoDB's; anything else is not.
    """
    return re.compile(r'^(?:1 validation error detected: )?' + re.escape(text) + r'$')


def constraint_re(value, member, constraint):
    """Regex for DynamoDB's message about one member failing a modelled
    constraint, e.g. "1 validation error detected: Value '101' at 'limit'
    failed to satisfy constraint: Member must have value less than or equal
    to 100" (dynalite, recorded against DynamoDB). Newer captures of
    DynamoDB show the same sentence without the value and with capitalised
    member names ("Value at 'Limit' failed to ..."); both are accepted.
    `member` is the dotted path in the older, camelCase form."""
    def segment(name):
        return f'[{name[0].lower()}{name[0].upper()}]' + re.escape(name[1:]) if name else ''
    path = r'\.'.join(segment(part) for part in member.split('.'))
    return re.compile(rf"^1 validation error detected: Value (?:'{re.escape(str(value))}' )?at '{path}' "
                      rf"failed to satisfy constraint: {re.escape(constraint)}$")


def null_re(member):
    """Regex for DynamoDB's message about a required member that is missing:
    "1 validation error detected: Value null at 'streamSpecification.streamEnabled'
    failed to satisfy constraint: Member must not be null" (captured live,
    2026). Like constraint_re, it also accepts the newer form without the
    value and with capitalised member names."""
    def segment(name):
        return f'[{name[0].lower()}{name[0].upper()}]' + re.escape(name[1:])
    path = r'\.'.join(segment(part) for part in member.split('.'))
    return re.compile(rf"^1 validation error detected: Value (?:null )?at '{path}' "
                      rf"failed to satisfy constraint: Member must not be null$")


# --- Table ARNs of other accounts and regions (test_tagging.py,
# test_describe_list_delete_update_table.py, test_items.py).

def _arn_parts(arn):
    """arn:aws:dynamodb:<region>:<account>:table/<name>, split."""
    prefix, partition, service, region, account, resource = arn.split(':', 5)
    return prefix, partition, service, region, account, resource


def arn_with(arn, region=None, account=None, resource=None):
    """`arn` with its region, account or resource (table/<name>) replaced."""
    parts = list(_arn_parts(arn))
    if region is not None:
        parts[3] = region
    if account is not None:
        parts[4] = account
    if resource is not None:
        parts[5] = resource
    return ':'.join(parts)


def other_account(arn):
    """The same table ARN in another account."""
    account = _arn_parts(arn)[4]
    return arn_with(arn, account='111122223333' if account != '111122223333' else '444455556666')


def other_region(arn):
    """The same table ARN in another region."""
    region = _arn_parts(arn)[3]
    return arn_with(arn, region='eu-west-3' if region != 'eu-west-3' else 'ap-south-2')


def access_denied_re(action, arn):
    """IAM's implicit deny for another account's table (IAM User Guide,
    "Troubleshoot access denied error messages": "User: <principal> is not
    authorized to perform: <action> on resource: <resource> because no
    resource-based policy allows the <action> action"). The principal is
    whatever the caller is (a user, a role session, our server's
    arn:aws:iam::<account>:root); the "because" clause is optional, as older
    DynamoDB answers (dynalite's listTagsOfResource tests) end at the
    resource."""
    return re.compile(r'^User: arn:aws:(?:iam|sts)::\d{12}:\S+ is not authorized to perform: dynamodb:' + action +
                      ' on resource: ' + re.escape(arn) +
                      f'(?: because no resource-based policy allows the dynamodb:{action} action)?$')


def assert_client_error(exc_info, code, message=None, status=400):
    """Check a botocore ClientError (or pytest's ExceptionInfo of one).

    `code` is the exception name (the part of `__type` after '#');
    `status` the HTTP status; `message` is None (not checked), a str (must
    match exactly) or a compiled regex (must match with re.search).
    """
    err = getattr(exc_info, 'value', exc_info)
    assert isinstance(err, ClientError), f'expected a ClientError, got {err!r}'
    got_code = err.response.get('Error', {}).get('Code')
    got_message = err.response.get('Error', {}).get('Message', '')
    got_status = err.response.get('ResponseMetadata', {}).get('HTTPStatusCode')
    assert got_code == code, f'expected {code}, got {got_code}: {got_message!r}'
    assert got_status == status, f'expected HTTP {status}, got {got_status} ({got_code}: {got_message!r})'
    if message is None:
        return
    if isinstance(message, re.Pattern):
        assert message.search(got_message), f'message {got_message!r} does not match /{message.pattern}/'
    else:
        assert got_message == message, f'message {got_message!r} != expected {message!r}'


def assert_consumed_capacity(consumed, table, units=None, indexes=False):
    """Check one ConsumedCapacity entry (API Reference, ConsumedCapacity):
    TableName and CapacityUnits (== `units` unless None); with
    ReturnConsumedCapacity=INDEXES also Table.CapacityUnits, with TOTAL no
    per-table or per-index breakdown. ReadCapacityUnits/WriteCapacityUnits
    may accompany CapacityUnits."""
    assert isinstance(consumed, dict), consumed
    assert consumed.get('TableName') == table, consumed
    assert isinstance(consumed.get('CapacityUnits'), (int, float)), consumed
    if units is not None:
        assert consumed['CapacityUnits'] == units, consumed
    else:
        assert consumed['CapacityUnits'] > 0, consumed
    allowed = {'TableName', 'CapacityUnits', 'ReadCapacityUnits', 'WriteCapacityUnits'}
    if indexes:
        allowed |= {'Table', 'LocalSecondaryIndexes', 'GlobalSecondaryIndexes'}
        assert consumed.get('Table', {}).get('CapacityUnits') == consumed['CapacityUnits'], consumed
    assert set(consumed) <= allowed, consumed


# --------------------------------------------------------------------------
# Clients

def client_config(**overrides):
    settings = dict(
        region_name=REGION,
        # Retries off: a conformance test must see the first answer.
        retries={'total_max_attempts': 1, 'mode': 'standard'},
        connect_timeout=5,
        read_timeout=60,
    )
    settings.update(overrides)
    return Config(**settings)


def make_client(endpoint_url, access_key=ACCESS_KEY_ID, secret_key=SECRET_ACCESS_KEY,
                use_env_credentials=False, service='dynamodb', **config_overrides):
    """A boto3 client for `service` ('dynamodb' or 'dynamodbstreams'; both
    sign for 'dynamodb', and our server answers both on one endpoint)."""
    kwargs = dict(endpoint_url=endpoint_url, region_name=REGION,
                  config=client_config(**config_overrides))
    if not use_env_credentials:
        kwargs.update(aws_access_key_id=access_key, aws_secret_access_key=secret_key)
    return boto3.client(service, **kwargs)


def make_resource(endpoint_url, access_key=ACCESS_KEY_ID, secret_key=SECRET_ACCESS_KEY,
                  use_env_credentials=False):
    kwargs = dict(endpoint_url=endpoint_url, region_name=REGION, config=client_config())
    if not use_env_credentials:
        kwargs.update(aws_access_key_id=access_key, aws_secret_access_key=secret_key)
    return boto3.resource('dynamodb', **kwargs)


# --------------------------------------------------------------------------
# Tables

def wait_for_active(client, name, timeout=TABLE_WAIT_SECONDS):
    """Wait with botocore's `table_exists` waiter (DescribeTable until
    TableStatus is ACTIVE); returns the final description."""
    attempts = max(1, int(timeout))
    client.get_waiter('table_exists').wait(
        TableName=name, WaiterConfig={'Delay': 1, 'MaxAttempts': attempts})
    return client.describe_table(TableName=name)['Table']


def wait_for_gone(client, name, timeout=TABLE_WAIT_SECONDS):
    attempts = max(1, int(timeout))
    client.get_waiter('table_not_exists').wait(
        TableName=name, WaiterConfig={'Delay': 1, 'MaxAttempts': attempts})


def hash_key_schema(name='pk', type_='S'):
    return dict(KeySchema=[{'AttributeName': name, 'KeyType': 'HASH'}],
                AttributeDefinitions=[{'AttributeName': name, 'AttributeType': type_}])


def delete_table_quietly(client, name):
    """Best-effort cleanup: turn deletion protection off, wait out transient
    states, delete, and never raise. Bounded by TABLE_WAIT_SECONDS."""
    retryable = ('ResourceInUseException', 'LimitExceededException', 'ThrottlingException',
                 'ProvisionedThroughputExceededException', 'InternalServerError')
    deadline = time.monotonic() + TABLE_WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            desc = client.describe_table(TableName=name)['Table']
            status = desc.get('TableStatus')
            if status == 'DELETING':
                return
            if status not in ('ACTIVE', None):
                time.sleep(0.5)
                continue
            if desc.get('DeletionProtectionEnabled'):
                client.update_table(TableName=name, DeletionProtectionEnabled=False)
                continue
            client.delete_table(TableName=name)
            return
        except ClientError as e:
            # Not found (or not even a valid name): nothing to clean up.
            if e.response.get('Error', {}).get('Code') not in retryable:
                return
            time.sleep(0.5)
        except Exception:
            return


def batch_write_all(client, table, items, deletes=(), max_rounds=50):
    """Put `items` (and delete the keys in `deletes`) in `table` with
    BatchWriteItem, 25 requests at a time, resending UnprocessedItems
    (bounded: at most `max_rounds` resends per chunk)."""
    requests = [{'PutRequest': {'Item': item}} for item in items]
    requests += [{'DeleteRequest': {'Key': key}} for key in deletes]
    for start in range(0, len(requests), 25):
        pending = {table: requests[start:start + 25]}
        for _ in range(max_rounds):
            pending = client.batch_write_item(RequestItems=pending).get('UnprocessedItems') or {}
            if not pending:
                break
        else:
            raise AssertionError(f'BatchWriteItem kept returning UnprocessedItems for {table}')


def pages(call, max_pages=1000, **request):
    """Yield the pages of a Query or Scan (`call` is e.g. client.scan),
    following LastEvaluatedKey; fails after `max_pages` pages."""
    request = dict(request)
    for _ in range(max_pages):
        page = call(**request)
        yield page
        key = page.get('LastEvaluatedKey')
        if not key:
            return
        request['ExclusiveStartKey'] = key
    raise AssertionError(f'still a LastEvaluatedKey after {max_pages} pages')


def all_items(call, max_pages=1000, **request):
    """Every item of a Query or Scan, all pages concatenated in order."""
    items = []
    for page in pages(call, max_pages=max_pages, **request):
        items.extend(page.get('Items', []))
    return items


# --------------------------------------------------------------------------
# Raw HTTP

class RawResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self):
        return json.loads(self.body.decode('utf-8'))

    def __repr__(self):
        return f'RawResponse({self.status}, {self.headers}, {self.body[:300]!r})'


def signed_headers(url, body, target=None, access_key=ACCESS_KEY_ID,
                   secret_key=SECRET_ACCESS_KEY, extra_headers=None):
    """Headers of a POST to `url` signed with SigV4 by botocore."""
    headers = {'Content-Type': JSON_CONTENT_TYPE}
    if target is not None:
        headers['X-Amz-Target'] = target
    headers.update(extra_headers or {})
    request = AWSRequest(method='POST', url=url, data=body, headers=headers)
    SigV4Auth(Credentials(access_key, secret_key), 'dynamodb', REGION).add_auth(request)
    return dict(request.headers.items())


def http_request(url, method='POST', body=b'', headers=None, timeout=30):
    """Send one request with urllib and return a RawResponse (also for 4xx/5xx)."""
    if isinstance(body, str):
        body = body.encode('utf-8')
    req = urllib.request.Request(url, data=body if method != 'GET' else None,
                                 headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return RawResponse(resp.status, resp.getheaders(), resp.read())
    except urllib.error.HTTPError as e:
        with contextlib.closing(e):
            return RawResponse(e.code, e.headers.items(), e.read())


def dynamodb_request(url, operation, payload, sign=True, raw_body=None, **sign_kwargs):
    """POST one DynamoDB JSON request. `raw_body` (bytes/str) replaces the
    JSON encoding of `payload`, e.g. to send malformed JSON."""
    body = raw_body if raw_body is not None else json.dumps(payload)
    if isinstance(body, str):
        body = body.encode('utf-8')
    target = operation if operation is None or '.' in operation or operation == '' \
        else TARGET_PREFIX + operation
    if sign:
        headers = signed_headers(url, body, target, **sign_kwargs)
    else:
        headers = {'Content-Type': JSON_CONTENT_TYPE}
        if target is not None:
            headers['X-Amz-Target'] = target
    return http_request(url, body=body, headers=headers)


class ReceivedRequest:
    """One request a RecordingHttpServer received."""

    def __init__(self, index, method, path, headers, body):
        self.index = index            # 0 for the first request, 1 for the next, ...
        self.method = method
        self.path = path
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body              # bytes
        self.time = time.monotonic()  # when it arrived

    def json(self):
        return json.loads(self.body.decode('utf-8'))

    def __repr__(self):
        return f'ReceivedRequest({self.index}, {self.method} {self.path}, {self.body[:300]!r})'


class RecordingHttpServer:
    """A plain-HTTP endpoint on 127.0.0.1 (a free port) that records every
    request and answers it with `respond(request) -> (status, headers,
    body)` (body: bytes, str, or anything json.dumps takes; default 200
    with an empty body). Use as a context manager, or call close()."""

    def __init__(self, respond=None):
        self.respond = respond or (lambda request: (200, {}, b''))
        self.requests = []
        self._lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def _serve(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length) if length else b''
                with outer._lock:
                    request = ReceivedRequest(len(outer.requests), self.command, self.path,
                                              self.headers.items(), body)
                    outer.requests.append(request)
                try:
                    status, headers, answer = outer.respond(request)
                except Exception as e:   # a broken test answer must still answer
                    status, headers, answer = 599, {}, f'respond() raised {e!r}'
                if not isinstance(answer, (bytes, str)):
                    answer = json.dumps(answer)
                if isinstance(answer, str):
                    answer = answer.encode('utf-8')
                try:
                    self.send_response(status)
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.send_header('Content-Length', str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except (BrokenPipeError, ConnectionResetError):
                    pass   # the client gave up waiting (a timeout test)

            do_POST = do_PUT = do_GET = _serve

            def log_message(self, format, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f'http://127.0.0.1:{self.port}'
        self._thread = threading.Thread(target=self._server.serve_forever, name='recording-http-server',
                                        daemon=True)
        self._thread.start()

    def received(self):
        """A copy of the requests received so far, in arrival order."""
        with self._lock:
            return list(self.requests)

    def close(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --------------------------------------------------------------------------
# Starting our own server

def error_type(response):
    """The exception name of a raw error answer (`__type` without its namespace)."""
    body = response.json()
    assert '__type' in body, body
    return body['__type'].rsplit('#', 1)[-1]


def host_port(url):
    parsed = urllib.parse.urlsplit(url)
    return parsed.hostname, parsed.port or (443 if parsed.scheme == 'https' else 80)


def start_credentials_server(request, tmp_path_factory, name, credentials_text):
    """A generator for module fixtures: one server verifying signatures
    against `credentials_text` (a --credentials file), stopped at the end."""
    binary = request.getfixturevalue('server_binary')  # skips under --endpoint-url
    workdir = tmp_path_factory.mktemp(name)
    credentials = workdir / 'credentials'
    credentials.write_text(credentials_text)
    factory = ServerFactory(binary, log_dir=str(workdir / 'logs'),
                            start_timeout=request.config.getoption('--server-start-timeout'))
    try:
        server = factory.start(workdir / 'data', ['--credentials', str(credentials)])
    except ServerStartError as e:
        factory.close()
        pytest.fail(str(e), pytrace=False)
    yield server
    factory.close()


def rss_mb(pid):
    """Resident memory of process `pid`, in MiB (from /proc)."""
    with open(f'/proc/{pid}/status') as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    raise AssertionError('no VmRSS')


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class ServerStartError(Exception):
    pass


class ServerProcess:
    """One `dynastore` process on a loopback port, with its stderr in a file."""

    def __init__(self, binary, data_dir, extra_args=(), log_dir=None,
                 start_timeout=10.0, env=None, tls_ca=None, port=None):
        """With `tls_ca` (a CA file), --port serves HTTPS: the URL is
        https://... and the health check trusts that CA. `port`: a port
        chosen beforehand (a cluster's members name each other's)."""
        self.binary = str(binary)
        self.data_dir = str(data_dir)
        self.port = port or free_port()
        self.url = f'{"https" if tls_ca else "http"}://127.0.0.1:{self.port}'
        self._ssl_context = ssl.create_default_context(cafile=str(tls_ca)) if tls_ca else None
        log_dir = log_dir or self.data_dir
        os.makedirs(self.data_dir, exist_ok=True)
        os.makedirs(log_dir, exist_ok=True)
        self.log_path = os.path.join(log_dir, f'dynastore-{self.port}.log')
        self.args = [self.binary, '--host', '127.0.0.1', '--port', str(self.port),
                     '--data-dir', self.data_dir, '--log-level', 'warn', *map(str, extra_args)]
        self._log = open(self.log_path, 'wb')
        try:
            self.process = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, env=env,
                                            stdout=self._log, stderr=subprocess.STDOUT)
        except OSError as e:
            self._log.close()
            raise ServerStartError(f'cannot run {self.binary}: {e}') from e
        try:
            self._wait_until_healthy(start_timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_until_healthy(self, timeout):
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerStartError(
                    f'{" ".join(self.args)} exited with status {self.process.returncode} '
                    f'before answering GET /; its output:\n{self.output()}')
            try:
                # Subclasses that set up their own process may lack the context.
                context = getattr(self, '_ssl_context', None)
                with urllib.request.urlopen(self.url + '/', timeout=1, context=context) as resp:
                    if resp.status == 200:
                        return
                    last_error = f'HTTP {resp.status}'
            except urllib.error.HTTPError as e:
                last_error = f'HTTP {e.code}'
            except (urllib.error.URLError, OSError) as e:
                last_error = str(e)
            time.sleep(0.05)
        raise ServerStartError(
            f'{" ".join(self.args)} did not answer GET / with 200 within {timeout:.0f} s '
            f'(last: {last_error}); its output:\n{self.output()}')

    def output(self, limit=8000):
        try:
            self._log.flush()
            with open(self.log_path, 'rb') as f:
                data = f.read()
        except OSError:
            return '(no output captured)'
        text = data.decode('utf-8', 'replace')
        return text[-limit:] if text else '(empty)'

    def alive(self):
        return self.process.poll() is None

    def kill(self):
        """SIGKILL, as a crash would: nothing gets a chance to flush."""
        if self.alive():
            self.process.kill()
        self.process.wait(timeout=10)

    def stop(self, timeout=10):
        """SIGTERM, wait, then SIGKILL. Returns the exit status."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if not self._log.closed:
            self._log.close()
        return self.process.returncode


class ServerFactory:
    """Starts separate servers and stops every one of them in close()."""

    def __init__(self, binary, log_dir=None, start_timeout=10.0):
        self.binary = binary
        self.log_dir = log_dir
        self.start_timeout = start_timeout
        self.servers = []

    def start(self, data_dir, extra_args=(), env=None, tls_ca=None):
        server = ServerProcess(self.binary, data_dir, extra_args, log_dir=self.log_dir,
                               start_timeout=self.start_timeout, env=env, tls_ca=tls_ca)
        self.servers.append(server)
        return server

    def close(self):
        for server in self.servers:
            try:
                server.stop()
            except Exception:
                pass
        self.servers.clear()


def settle(check, timeout):
    """Run `check` until it stops raising AssertionError (GSIs are
    eventually consistent in DynamoDB); at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


# --------------------------------------------------------------------------
# DynamoDB Streams

# A stream's label is the time it was enabled, ISO 8601 with milliseconds
# and no zone ("2015-05-11T21:21:33.291" in the Developer Guide's example
# ARN; "2026-10-08T23:07:31.275" observed).
STREAM_LABEL_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$')
# API Reference, SequenceNumber: "Length Constraints: Minimum length of 21.
# Maximum length of 40", and only digits (SDKs compare them as big integers).
SEQUENCE_NUMBER_RE = re.compile(r'^[0-9]{21,40}$')


def stream_shards(streams, arn, limit=None, max_pages=200, **request):
    """Every shard of a stream, DescribeStream page by page (following
    LastEvaluatedShardId). Returns (the first page's StreamDescription,
    the shards in listing order)."""
    request = dict(request, StreamArn=arn)
    if limit is not None:
        request['Limit'] = limit
    first, shards = None, []
    for _ in range(max_pages):
        desc = streams.describe_stream(**request)['StreamDescription']
        first = first or desc
        shards.extend(desc.get('Shards', []))
        last = desc.get('LastEvaluatedShardId')
        if not last:
            return first, shards
        request['ExclusiveStartShardId'] = last
    raise AssertionError(f'still a LastEvaluatedShardId after {max_pages} DescribeStream pages')


def wait_for_stream_status(streams, arn, status='ENABLED', timeout=TABLE_WAIT_SECONDS):
    """DescribeStream until StreamStatus is `status`; DynamoDB shows ENABLING
    or DISABLING for a few seconds first. Returns the description."""
    deadline = time.monotonic() + timeout
    while True:
        desc = streams.describe_stream(StreamArn=arn)['StreamDescription']
        if desc.get('StreamStatus') == status:
            return desc
        if time.monotonic() >= deadline:
            raise AssertionError(f'stream {arn} is {desc.get("StreamStatus")}, not {status}, after {timeout} s')
        time.sleep(0.2)


def _frozen_key(key):
    return repr(sorted(key.items()))


def records_for(records, *keys):
    """The records of the items with these keys (AttributeValue maps), in order."""
    wanted = {_frozen_key(k) for k in keys}
    return [r for r in records if _frozen_key(r['dynamodb']['Keys']) in wanted]


class StreamReader:
    """Reads every record of a stream once, in order, as a consumer would:
    each shard from TRIM_HORIZON, and a child shard only once its parent has
    been read to its end ("an application must always process a parent
    shard before it processes a child shard", Developer Guide, "Change data
    capture for DynamoDB Streams"). `poll()` reads what is there now and
    can be called again for what came since; new shards are picked up on
    every call. Each poll makes at most `max_calls` GetRecords calls."""

    def __init__(self, streams, arn, max_calls=500):
        self.streams = streams
        self.arn = arn
        self.max_calls = max_calls
        self.shards = {}      # shard id -> its latest Shard description, in listing order
        self.iterators = {}   # shard id -> where to read next; None once read to its end
        self.records = []     # every record read, in the order read
        self.pages = []       # every GetRecords response
        self.shard_of = {}    # eventID -> the shard the record was read from

    def _discover(self):
        _, shards = stream_shards(self.streams, self.arn)
        for shard in shards:
            shard_id = shard['ShardId']
            self.shards[shard_id] = shard
            if shard_id not in self.iterators:
                self.iterators[shard_id] = self.streams.get_shard_iterator(
                    StreamArn=self.arn, ShardId=shard_id, ShardIteratorType='TRIM_HORIZON')['ShardIterator']

    def _ready(self, shard_id):
        parent = self.shards[shard_id].get('ParentShardId')
        # A parent no longer listed (trimmed away) does not hold its child back.
        return parent is None or parent not in self.shards or self.iterators.get(parent) is None

    def finished(self, shard_id):
        return shard_id in self.iterators and self.iterators[shard_id] is None

    def poll(self):
        """Read every shard up to its current end (an empty page, or no
        NextShardIterator for a closed shard); returns all records so far."""
        self._discover()
        calls = 0
        progress = True
        while progress:
            progress = False
            for shard_id in list(self.shards):
                iterator = self.iterators.get(shard_id)
                if iterator is None or not self._ready(shard_id):
                    continue
                while iterator is not None:
                    if calls >= self.max_calls:
                        raise AssertionError(f'more than {self.max_calls} GetRecords calls in one poll of {self.arn}')
                    calls += 1
                    page = self.streams.get_records(ShardIterator=iterator)
                    self.pages.append(page)
                    for record in page.get('Records', []):
                        self.records.append(record)
                        self.shard_of[record.get('eventID')] = shard_id
                    iterator = page.get('NextShardIterator')
                    if not page.get('Records'):
                        break
                self.iterators[shard_id] = iterator
                if iterator is None:
                    progress = True   # a child of this shard may be readable now
        return self.records

    def wait_for(self, check, timeout):
        """poll() until check(records) stops raising AssertionError; returns
        what check returned. At most `timeout` seconds."""
        def attempt():
            self.poll()
            return check(self.records)
        return settle(attempt, timeout)


# Attribute values in DynamoDB's JSON, for the low-level clients.
def S(text):
    return {'S': text}


def N(number):
    return {'N': str(number)}


def rnd():
    """A random 16-character name part, so tests never share keys."""
    return random_string(16)
