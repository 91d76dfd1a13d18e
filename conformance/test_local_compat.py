"""DynamoDB Local compatibility: its command line, CORS, and the namespace.

Users switch from amazon/dynamodb-local by changing the image name, keeping
their `command:` line, which looks like
`-jar DynamoDBLocal.jar -sharedDb -dbPath ./data` or, spelled out,
`java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -inMemory`.
DynamoDB Local's flags (its `-help`, and the Developer Guide's "DynamoDB
Local usage notes") must work with the same meaning; those with no effect
here are logged, never errors. CORS follows DynamoDB Local's `-cors`
(default `*`) so browser applications can call the endpoint.

These tests start our own binary with such command lines, so they skip
with --endpoint-url.
"""

import json
import os
import re
import subprocess

import boto3
import pytest
from botocore.exceptions import ClientError

import util

pytestmark = pytest.mark.dynastore_only

LOCAL_FLAGS = ['-port', '-inMemory', '-dbPath', '-sharedDb', '-cors', '-delayTransientStatuses',
               '-help', '-version', '-disableTelemetry', '-optimizeDbBeforeStartup']
BROWSER_ORIGIN = 'http://localhost:3000'


# --------------------------------------------------------------------------
# Starting the server with a DynamoDB Local command line

class LocalStyleServer(util.ServerProcess):
    """`dynastore ARGS...` exactly as given (no --data-dir or --log-level of
    ours), run in `cwd`, expected to answer on 127.0.0.1:`port`."""

    def __init__(self, binary, args, port, cwd, log_dir, start_timeout):  # pylint: disable=super-init-not-called
        self.binary = str(binary)
        self.data_dir = str(cwd)
        self.port = port
        self.url = f'http://127.0.0.1:{port}'
        os.makedirs(log_dir, exist_ok=True)
        self.log_path = os.path.join(log_dir, f'dynastore-{port}.log')
        self.args = [self.binary, *map(str, args)]
        self._log = open(self.log_path, 'wb')  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(self.args, cwd=cwd, stdin=subprocess.DEVNULL,
                                        stdout=self._log, stderr=subprocess.STDOUT)
        try:
            self._wait_until_healthy(start_timeout)
        except BaseException:
            self.stop()
            raise


@pytest.fixture
def local_server(request, server_binary, tmp_path):
    """`local_server(make_args, cwd=tmp_path) -> server`: `make_args(port)`
    returns the command line for a free port. Every server is stopped at
    teardown."""
    servers = []
    timeout = request.config.getoption('--server-start-timeout')

    def start(make_args, cwd=None):
        port = util.free_port()
        try:
            server = LocalStyleServer(server_binary, make_args(port), port, cwd or tmp_path,
                                      str(tmp_path / 'server-logs'), timeout)
        except util.ServerStartError as e:
            pytest.fail(str(e), pytrace=False)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def run_binary(binary, *args, cwd=None):
    return subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=30, cwd=cwd)


def create_and_fill(client, name):
    client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    util.wait_for_active(client, name)
    client.put_item(TableName=name, Item={'pk': {'S': 'k'}, 'v': {'S': 'hello'}})


# --------------------------------------------------------------------------
# The command line

def test_jar_prefix_port_in_memory_shared_db_cors(local_server, tmp_path):
    # DynamoDB Local listens on every interface and has no flag for it: our
    # --host after its flags keeps the test on loopback.
    server = local_server(lambda port: ['-jar', 'DynamoDBLocal.jar', '-port', port, '-inMemory',
                                        '-sharedDb', '-cors', '*', '--host', '127.0.0.1'])
    client = util.make_client(server.url)
    name = util.unique_table_name('local')
    create_and_fill(client, name)
    assert client.get_item(TableName=name, Key={'pk': {'S': 'k'}})['Item']['v'] == {'S': 'hello'}
    assert not (tmp_path / 'dynastore-data').exists(), '-inMemory wrote a data directory'
    log = server.output()
    assert 'DynamoDBLocal.jar' in log and 'ignoring' in log
    assert '-sharedDb' in log

    # In memory: nothing survives a restart.
    server.stop()
    server = local_server(lambda port: ['-jar', 'DynamoDBLocal.jar', '-port', port, '-inMemory',
                                        '--host', '127.0.0.1'])
    assert name not in util.make_client(server.url).list_tables()['TableNames']


def test_java_launcher_line_with_db_path_persists(local_server, tmp_path):
    def args(port):
        return ['java', '-Djava.library.path=./DynamoDBLocal_lib', '-Xmx256m', '-jar', 'DynamoDBLocal.jar',
                '-sharedDb', '-dbPath', './data', '-port', port, '--host', '127.0.0.1']

    server = local_server(args)
    name = util.unique_table_name('dbpath')
    create_and_fill(util.make_client(server.url), name)
    assert server.stop() == 0
    # -dbPath is relative to the working directory, as in DynamoDB Local.
    assert (tmp_path / 'data').is_dir() and any((tmp_path / 'data').iterdir())

    server = local_server(args)
    client = util.make_client(server.url)
    assert client.describe_table(TableName=name)['Table']['TableStatus'] == 'ACTIVE'
    assert client.get_item(TableName=name, Key={'pk': {'S': 'k'}}, ConsistentRead=True)['Item']['v'] == {'S': 'hello'}


def test_local_flags_are_logged_not_errors(local_server):
    server = local_server(lambda port: ['-port', port, '-inMemory', '-delayTransientStatuses',
                                        '-disableTelemetry', '-optimizeDbBeforeStartup', '--host', '127.0.0.1'])
    client = util.make_client(server.url)
    assert 'TableNames' in client.list_tables()
    log = server.output()
    for flag in ('-delayTransientStatuses', '-disableTelemetry', '-optimizeDbBeforeStartup'):
        assert re.search(rf' info {re.escape(flag)}: ', log), f'{flag} not logged at info:\n{log}'
    assert ' error ' not in log and 'critical' not in log


def test_help_lists_dynamodb_local_flags(server_binary):
    for args in (['-help'], ['--help'], ['-jar', 'DynamoDBLocal.jar', '-help']):
        done = run_binary(server_binary, *args)
        assert done.returncode == 0, done.stderr
        for flag in LOCAL_FLAGS:
            assert re.search(rf'(^|\s){re.escape(flag)}(\s|,|$)', done.stdout, re.M), f'{flag} missing from help'
        assert '--data-dir' in done.stdout   # our own flags are still there


def test_version(server_binary):
    single = run_binary(server_binary, '-version')
    double = run_binary(server_binary, '--version')
    assert single.returncode == 0 and double.returncode == 0
    assert re.fullmatch(r'dynastore \d+\.\d+\.\d+\S*\n', single.stdout)
    assert single.stdout == double.stdout


@pytest.mark.parametrize('args, message', [
    (['-port', '70000'], '-port must be 0..65535'),
    (['-port'], '-port needs a value'),
    (['-dbPath'], '-dbPath needs a value'),
    (['-cors'], '-cors needs a value'),
    (['-bogusFlag'], 'unknown option -bogusFlag'),
    (['-sharedDb', '--tables-per-access-key'], 'contradict'),
])
def test_bad_command_lines_are_refused(server_binary, args, message):
    done = run_binary(server_binary, *args)
    assert done.returncode == 2
    assert message in done.stderr


def test_health_check_mode(server_binary, endpoint_url):
    ok = run_binary(server_binary, '--health-check', endpoint_url + '/')
    assert ok.returncode == 0, ok.stdout
    assert ok.stdout.startswith('healthy: ')
    closed = run_binary(server_binary, '--health-check', f'http://127.0.0.1:{util.free_port()}/')
    assert closed.returncode == 1
    assert 'unhealthy' in closed.stdout
    assert run_binary(server_binary, '--health-check', 'ftp://example/').returncode == 1


# --------------------------------------------------------------------------
# Namespace

def test_tables_are_shared_across_keys_and_regions(local_server):
    server = local_server(lambda port: ['-port', port, '-inMemory', '-sharedDb', '--host', '127.0.0.1'])
    name = util.unique_table_name('shared')
    create_and_fill(util.make_client(server.url, access_key='AKIAFIRSTKEY0000000A'), name)
    other = util.make_client(server.url, access_key='AKIASECONDKEY000000B')
    assert name in other.list_tables()['TableNames']
    assert other.get_item(TableName=name, Key={'pk': {'S': 'k'}})['Item']['v'] == {'S': 'hello'}


def client_for(url, access_key, region=util.REGION):
    return boto3.client('dynamodb', endpoint_url=url, region_name=region, aws_access_key_id=access_key,
                        aws_secret_access_key=util.SECRET_ACCESS_KEY, config=util.client_config())


def test_tables_per_access_key_keeps_keys_and_regions_apart(local_server):
    # DynamoDB Local without -sharedDb keeps one database per access key ID
    # and region ("Usage notes"); --tables-per-access-key restores that.
    server = local_server(lambda port: ['-port', port, '-inMemory', '--tables-per-access-key',
                                        '--host', '127.0.0.1'])
    name = util.unique_table_name('isolated')
    first = client_for(server.url, 'AKIAFIRSTKEY0000000A')
    create_and_fill(first, name)
    other_key = client_for(server.url, 'AKIASECONDKEY000000B')
    other_region = client_for(server.url, 'AKIAFIRSTKEY0000000A', region='eu-west-1')
    for client in (other_key, other_region):
        assert name not in client.list_tables()['TableNames']
        with pytest.raises(ClientError) as e:
            client.describe_table(TableName=name)
        util.assert_client_error(e, 'ResourceNotFoundException',
                                 f'Requested resource not found: Table: {name} not found')
        with pytest.raises(ClientError) as e:
            client.get_item(TableName=name, Key={'pk': {'S': 'k'}})
        util.assert_client_error(e, 'ResourceNotFoundException', 'Requested resource not found')

    # The same name is another table for another caller.
    create_and_fill(other_region, name)
    other_region.put_item(TableName=name, Item={'pk': {'S': 'k'}, 'v': {'S': 'west'}})
    assert first.get_item(TableName=name, Key={'pk': {'S': 'k'}})['Item']['v'] == {'S': 'hello'}
    arn = other_region.describe_table(TableName=name)['Table']['TableArn']
    assert arn.startswith('arn:aws:dynamodb:eu-west-1:') and arn.endswith(f':table/{name}')
    other_region.delete_table(TableName=name)
    assert first.get_item(TableName=name, Key={'pk': {'S': 'k'}})['Item']['v'] == {'S': 'hello'}
    # A new client with the first key and region sees its table again.
    again = client_for(server.url, 'AKIAFIRSTKEY0000000A')
    assert name in again.list_tables()['TableNames']


# --------------------------------------------------------------------------
# CORS

def preflight(url, origin=BROWSER_ORIGIN, request_headers='authorization,content-type,x-amz-date,x-amz-target'):
    headers = {'Access-Control-Request-Method': 'POST'}
    if origin is not None:
        headers['Origin'] = origin
    if request_headers is not None:
        headers['Access-Control-Request-Headers'] = request_headers
    return util.http_request(url + '/', method='OPTIONS', headers=headers)


def list_tables_from(url, origin):
    body = b'{}'
    headers = util.signed_headers(url + '/', body, util.TARGET_PREFIX + 'ListTables')
    if origin is not None:
        headers['Origin'] = origin
    return util.http_request(url + '/', body=body, headers=headers)


def test_cors_preflight_default_allows_any_origin(endpoint_url):
    requested = 'authorization,content-type,x-amz-date,x-amz-target,x-amz-user-agent,amz-sdk-invocation-id'
    resp = preflight(endpoint_url, request_headers=requested)
    assert resp.status == 200
    assert resp.headers['access-control-allow-origin'] == '*'
    methods = [m.strip() for m in resp.headers['access-control-allow-methods'].split(',')]
    assert 'POST' in methods and 'GET' in methods and 'OPTIONS' in methods
    assert resp.headers['access-control-allow-headers'] == requested
    assert int(resp.headers['access-control-max-age']) > 0
    assert resp.body == b''


def test_cors_preflight_without_requested_headers_allows_the_sdk_headers(endpoint_url):
    resp = preflight(endpoint_url, request_headers=None)
    assert resp.status == 200
    allowed = {h.strip().lower() for h in resp.headers['access-control-allow-headers'].split(',')}
    assert {'authorization', 'content-type', 'x-amz-date', 'x-amz-target'} <= allowed


def test_cors_headers_on_responses_with_origin(endpoint_url):
    resp = list_tables_from(endpoint_url, BROWSER_ORIGIN)
    assert resp.status == 200, resp
    assert resp.headers['access-control-allow-origin'] == '*'
    exposed = {h.strip().lower() for h in resp.headers['access-control-expose-headers'].split(',')}
    assert {'x-amzn-requestid', 'x-amz-crc32'} <= exposed
    # Errors too: a browser must be able to read the error body.
    error = util.dynamodb_request(endpoint_url + '/', 'NoSuchOperation', {}, extra_headers={'Origin': BROWSER_ORIGIN})
    assert error.status == 400
    assert error.headers['access-control-allow-origin'] == '*'
    # And the health line.
    health = util.http_request(endpoint_url + '/', method='GET', headers={'Origin': BROWSER_ORIGIN})
    assert health.headers['access-control-allow-origin'] == '*'


def test_no_cors_headers_without_origin(endpoint_url):
    resp = list_tables_from(endpoint_url, None)
    assert resp.status == 200
    assert not any(name.startswith('access-control-') for name in resp.headers)


@pytest.mark.parametrize('flag', ['-cors', '--cors'])
def test_cors_allow_list(local_server, flag):
    allowed = 'https://app.example.com'
    server = local_server(lambda port: ['-port', port, '-inMemory', flag, f'http://other.example, {allowed}',
                                        '--host', '127.0.0.1'])
    resp = preflight(server.url, origin=allowed)
    assert resp.status == 200
    assert resp.headers['access-control-allow-origin'] == allowed
    assert 'origin' in resp.headers.get('vary', '').lower()
    assert 'POST' in resp.headers['access-control-allow-methods']

    resp = list_tables_from(server.url, allowed)
    assert resp.status == 200
    assert resp.headers['access-control-allow-origin'] == allowed
    assert 'origin' in resp.headers.get('vary', '').lower()

    # An origin not in the list gets no permission: the browser refuses.
    denied = preflight(server.url, origin='https://evil.example')
    assert 'access-control-allow-origin' not in denied.headers
    assert 'access-control-allow-methods' not in denied.headers
    resp = list_tables_from(server.url, 'https://evil.example')
    assert resp.status == 200   # a non-browser client is not affected
    assert 'access-control-allow-origin' not in resp.headers
    assert 'TableNames' in json.loads(resp.body)


def test_cors_empty_list_sends_no_cors_headers(local_server):
    server = local_server(lambda port: ['-port', port, '-inMemory', '--cors', '', '--host', '127.0.0.1'])
    resp = preflight(server.url)
    assert resp.status == 200
    assert not any(name.startswith('access-control-') for name in resp.headers)
    resp = list_tables_from(server.url, BROWSER_ORIGIN)
    assert resp.status == 200
    assert not any(name.startswith('access-control-') for name in resp.headers)
