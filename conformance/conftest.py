"""Fixtures for the conformance suite.

By default the suite starts `build/dynastore` on a free loopback port with a
fresh data directory and stops it at the end. With `--endpoint-url URL` it
runs against any DynamoDB-compatible endpoint instead (Amazon DynamoDB,
DynamoDB Local, another emulator); tests that need our own binary then skip.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import util

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BINARY = REPO_ROOT / 'build' / 'dynastore'


def pytest_addoption(parser):
    group = parser.getgroup('dynastore conformance')
    group.addoption('--endpoint-url', default=None,
                    help='run against this DynamoDB endpoint instead of starting build/dynastore')
    group.addoption('--server-binary', default=str(DEFAULT_BINARY),
                    help='the dynastore binary to start (default: %(default)s)')
    group.addoption('--server-start-timeout', type=float, default=10.0,
                    help='seconds to wait for a started server to answer GET / (default: %(default)s)')
    group.addoption('--streams-endpoint-url', default=None,
                    help='the DynamoDB Streams endpoint (default: the DynamoDB endpoint; real DynamoDB '
                         'serves streams at https://streams.dynamodb.<region>.amazonaws.com)')
    group.addoption('--cluster', action='store_true', default=False,
                    help='start a three-node cluster of build/dynastore (--cluster) and run every test through '
                         'one of its followers; tests that start their own servers skip, and those listed in '
                         'cluster_exclusions.txt (single-node behaviour, with the reason) skip too')
    group.addoption('--use-env-credentials', action='store_true', default=False,
                    help='with --endpoint-url: sign with the default AWS credential chain '
                         'instead of the dummy example key')


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'dynastore_only: needs our own server binary; skipped with --endpoint-url')


def cluster_exclusions():
    """{test id: reason} from cluster_exclusions.txt."""
    exclusions = {}
    with open(Path(__file__).resolve().parent / 'cluster_exclusions.txt') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            test, _, reason = line.partition('  # ')
            exclusions[test.strip()] = reason.strip()
    return exclusions


def pytest_collection_modifyitems(config, items):
    if config.getoption('--cluster'):
        exclusions = cluster_exclusions()
        own_servers = pytest.mark.skip(reason='starts its own servers (the single-node run covers it)')
        for item in items:
            test_id = item.nodeid.split('[')[0]
            reason = exclusions.get(test_id) or exclusions.get(item.nodeid)
            if reason:
                item.add_marker(pytest.mark.skip(reason=f'single-node behaviour: {reason}'))
            elif 'dynastore_only' in item.keywords or {'server_binary', 'server_factory'} & set(item.fixturenames):
                item.add_marker(own_servers)
        return
    if config.getoption('--endpoint-url') is None:
        return
    skip = pytest.mark.skip(reason='needs the dynastore binary (not run with --endpoint-url)')
    for item in items:
        if 'dynastore_only' in item.keywords:
            item.add_marker(skip)


# --------------------------------------------------------------------------
# The endpoint

@pytest.fixture(scope='session')
def external_endpoint(request):
    """True when the suite runs against --endpoint-url rather than our binary."""
    return request.config.getoption('--endpoint-url') is not None


@pytest.fixture(scope='session')
def server_binary(request):
    """Path of the dynastore binary; skips the test under --endpoint-url."""
    if request.config.getoption('--endpoint-url') is not None:
        pytest.skip('needs the dynastore binary (not run with --endpoint-url)')
    binary = Path(request.config.getoption('--server-binary'))
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.exit(f'server binary {binary} not found or not executable: build it first '
                    f'(cmake -S . -B build && cmake --build build) or pass --server-binary PATH '
                    f'or --endpoint-url URL', returncode=1)
    return binary


def cluster_follower_url(request):
    """Starts a three-node cluster; yields the URL of one of its followers."""
    from cluster import Cluster
    binary = Path(request.config.getoption('--server-binary'))
    workdir = tempfile.mkdtemp(prefix='dynastore-conformance-cluster-')
    cluster = None
    try:
        cluster = Cluster(binary, workdir, election_timeout_ms=1000)
        leader = cluster.leader()
        follower = next(i for i in cluster.ids if i != leader)
        yield cluster.url(follower)
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope='session')
def endpoint_url(request):
    """The URL every boto3 fixture talks to."""
    url = request.config.getoption('--endpoint-url')
    if url is not None:
        yield url.rstrip('/')
        return
    if request.config.getoption('--cluster'):
        yield from cluster_follower_url(request)
        return
    binary = request.getfixturevalue('server_binary')
    workdir = tempfile.mkdtemp(prefix='dynastore-conformance-')
    server = None
    try:
        try:
            server = util.ServerProcess(binary, os.path.join(workdir, 'data'),
                                        log_dir=workdir,
                                        start_timeout=request.config.getoption('--server-start-timeout'))
        except util.ServerStartError as e:
            pytest.exit(f'could not start the server under test: {e}', returncode=1)
        yield server.url
    finally:
        if server is not None:
            status = server.stop()
            if status not in (0, None):
                print(f'\nnote: the session server exited with status {status}; '
                      f'its output:\n{server.output()}')
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope='session')
def use_env_credentials(request):
    return bool(request.config.getoption('--use-env-credentials'))


# --------------------------------------------------------------------------
# Clients

@pytest.fixture(scope='session')
def dynamodb(endpoint_url, use_env_credentials):
    """A boto3 DynamoDB client (us-east-1, dummy credentials, no retries)."""
    return util.make_client(endpoint_url, use_env_credentials=use_env_credentials)


@pytest.fixture(scope='session')
def dynamodb_unvalidated(endpoint_url, use_env_credentials):
    """A client with botocore's own parameter validation off, so that requests
    botocore would refuse (too-small numbers, empty lists, missing members)
    reach the server and test *its* validation."""
    return util.make_client(endpoint_url, use_env_credentials=use_env_credentials,
                            parameter_validation=False)


@pytest.fixture(scope='session')
def dynamodb_resource(endpoint_url, use_env_credentials):
    return util.make_resource(endpoint_url, use_env_credentials=use_env_credentials)


@pytest.fixture(scope='session')
def streams_endpoint_url(request, endpoint_url):
    """Where DynamoDB Streams requests go: --streams-endpoint-url, else the
    DynamoDB endpoint (our server, DynamoDB Local and moto answer both)."""
    url = request.config.getoption('--streams-endpoint-url')
    return url.rstrip('/') if url else endpoint_url


@pytest.fixture(scope='session')
def dynamodbstreams(streams_endpoint_url, use_env_credentials):
    """A boto3 DynamoDB Streams client (us-east-1, dummy credentials, no retries)."""
    return util.make_client(streams_endpoint_url, use_env_credentials=use_env_credentials,
                            service='dynamodbstreams')


@pytest.fixture(scope='session')
def dynamodbstreams_unvalidated(streams_endpoint_url, use_env_credentials):
    """Like `dynamodbstreams`, with botocore's parameter validation off."""
    return util.make_client(streams_endpoint_url, use_env_credentials=use_env_credentials,
                            service='dynamodbstreams', parameter_validation=False)


@pytest.fixture(scope='session')
def stream_lag(external_endpoint):
    """Seconds a change may take to show in its stream. DynamoDB writes
    stream records "in near-real time" (Developer Guide, "Change data
    capture for DynamoDB Streams"); our server has them at once."""
    return 60 if external_endpoint else 5


# --------------------------------------------------------------------------
# Tables

def _create_shared_table(client, tag, **schema):
    name = util.unique_table_name(tag)
    client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **schema)
    util.wait_for_active(client, name)
    return name


@pytest.fixture(scope='session')
def hash_table(dynamodb):
    """Name of a shared table keyed by `pk` (S). Tests use random keys."""
    name = _create_shared_table(dynamodb, 'hash', **util.hash_key_schema('pk', 'S'))
    yield name
    util.delete_table_quietly(dynamodb, name)


@pytest.fixture(scope='session')
def range_table(dynamodb):
    """Name of a shared table keyed by `pk` (S) and `sk` (N)."""
    name = _create_shared_table(
        dynamodb, 'range',
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'},
                   {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'sk', 'AttributeType': 'N'}])
    yield name
    util.delete_table_quietly(dynamodb, name)


class TableFactory:
    """Creates tables with unique names (prefix conf-) and deletes them all
    at teardown, deletion protection or not."""

    def __init__(self, client):
        self.client = client
        self.names = []

    def name(self, tag=''):
        """Reserve a unique name whose table, if created, is cleaned up."""
        name = util.unique_table_name(tag)
        self.names.append(name)
        return name

    def create(self, name=None, wait=True, **kwargs):
        """CreateTable (default schema: hash key pk S, PAY_PER_REQUEST);
        returns (name, CreateTable's TableDescription)."""
        if name is None:
            name = self.name()
        elif name not in self.names:
            self.names.append(name)
        if 'KeySchema' not in kwargs:
            kwargs.update(util.hash_key_schema())
        if 'BillingMode' not in kwargs and 'ProvisionedThroughput' not in kwargs:
            kwargs['BillingMode'] = 'PAY_PER_REQUEST'
        desc = self.client.create_table(TableName=name, **kwargs)['TableDescription']
        if wait:
            util.wait_for_active(self.client, name)
        return name, desc

    def cleanup(self):
        for name in self.names:
            util.delete_table_quietly(self.client, name)
        self.names.clear()


@pytest.fixture
def new_table(dynamodb):
    """Factory for temporary tables: `new_table.create(**CreateTable args)`."""
    factory = TableFactory(dynamodb)
    yield factory
    factory.cleanup()


@pytest.fixture(scope='module')
def module_tables(dynamodb):
    """Like `new_table`, but the tables live for the whole test module: for
    tables filled once with a known item set and read by many tests."""
    factory = TableFactory(dynamodb)
    yield factory
    factory.cleanup()


# --------------------------------------------------------------------------
# Separate servers (crash, credentials, ...)

@pytest.fixture
def server_factory(request, server_binary, tmp_path):
    """`server_factory(data_dir, extra_args=(), env=None) -> (url, server)`:
    starts a separate dynastore on a free port (with environment `env`, by
    default ours) and waits for GET / to answer 200.
    `server.kill()` is kill -9, `server.stop()` SIGTERM then SIGKILL; every
    server still running is stopped at teardown."""
    factory = util.ServerFactory(server_binary, log_dir=str(tmp_path / 'server-logs'),
                                 start_timeout=request.config.getoption('--server-start-timeout'))

    def start(data_dir, extra_args=(), env=None, tls_ca=None):
        try:
            server = factory.start(data_dir, extra_args, env, tls_ca=tls_ca)
        except util.ServerStartError as e:
            pytest.fail(str(e), pytrace=False)
        return server.url, server

    yield start
    factory.close()


# --------------------------------------------------------------------------
# The AWS SDK for JavaScript v3

JS_DIR = Path(__file__).resolve().parent / 'js'
NODE_DIR = Path(__file__).resolve().parent / '.node'


class JsSdk:
    """Runs the scripts in conformance/js/ with the pinned SDK."""

    def __init__(self, env=None):
        self.env = env

    def run(self, mode, endpoint, table, key, env=None, timeout=60, script='wire_client.mjs'):
        """Runs conformance/js/`script` MODE ENDPOINT TABLE KEY; returns the
        JSON object it prints last."""
        merged = dict(os.environ, NODE_PATH=str(NODE_DIR / 'node_modules'), **(self.env or {}), **(env or {}))
        # ESM ignores NODE_PATH: run a copy of the script next to node_modules.
        source = JS_DIR / script
        script = NODE_DIR / script
        shutil.copyfile(source, script)
        done = subprocess.run(['node', str(script), mode, endpoint, table, key], env=merged,
                              capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f'node {mode} failed:\n{done.stderr[-4000:]}'
        return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope='session')
def js_sdk():
    """The AWS SDK for JavaScript v3 (conformance/js/package.json, pinned),
    installed into conformance/.node with npm on first use, as bench/ installs
    dynalite. Skips when node or npm is missing."""
    if shutil.which('node') is None or shutil.which('npm') is None:
        pytest.skip('needs node and npm (the AWS SDK for JavaScript v3)')
    marker = NODE_DIR / 'node_modules' / '@aws-sdk' / 'client-dynamodb' / 'package.json'
    pinned = json.loads((JS_DIR / 'package.json').read_text())['dependencies']['@aws-sdk/client-dynamodb']
    if not marker.is_file() or json.loads(marker.read_text())['version'] != pinned:
        NODE_DIR.mkdir(exist_ok=True)
        shutil.copyfile(JS_DIR / 'package.json', NODE_DIR / 'package.json')
        done = subprocess.run(['npm', 'install', '--prefix', str(NODE_DIR), '--no-audit', '--no-fund',
                               '--loglevel=error'], capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            pytest.fail(f'npm install of the AWS SDK for JavaScript v3 failed:\n{done.stderr[-4000:]}')
    return JsSdk()


@pytest.fixture
def random_key():
    return util.random_string(16)


def pytest_report_header(config):
    url = config.getoption('--endpoint-url')
    if url:
        return f'dynastore conformance: endpoint {url}'
    return f'dynastore conformance: starting {config.getoption("--server-binary")}'

