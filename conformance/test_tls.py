"""HTTPS: --tls-cert/--tls-key (PEM, chains), --https-port, TLS 1.2 and 1.3
only, --tls-client-ca (mutual TLS), reload on SIGHUP. Driven by boto3, the
AWS CLI and the AWS SDK for JavaScript v3, each trusting a throwaway CA
generated here with the openssl command (loopback only, free ports)."""

import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time

import pytest
import util

pytestmark = [
    pytest.mark.dynastore_only,
    pytest.mark.skipif(shutil.which('openssl') is None, reason='needs the openssl command'),
]

OPENSSL_TIMEOUT = 30


def _openssl(*args, cwd):
    subprocess.run(['openssl', *args], cwd=cwd, check=True, capture_output=True, timeout=OPENSSL_TIMEOUT)


def _issue(directory, name, issuer, subject, extensions):
    """A P-256 key `name`.key and certificate `name`.pem signed by `issuer`
    (a name whose .key/.pem exist)."""
    ext = directory / f'{name}.ext'
    ext.write_text('\n'.join(extensions + ['subjectKeyIdentifier=hash',
                                           'authorityKeyIdentifier=keyid,issuer']) + '\n')
    _openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
             '-keyout', f'{name}.key', '-out', f'{name}.csr', '-subj', subject, cwd=directory)
    _openssl('x509', '-req', '-in', f'{name}.csr', '-CA', f'{issuer}.pem', '-CAkey', f'{issuer}.key',
             '-CAcreateserial', '-days', '2', '-sha256', '-extfile', ext.name, '-out', f'{name}.pem', cwd=directory)


class Pki:
    """A root CA, an intermediate, server certificates (leaf + intermediate
    chain files) and a client certificate."""

    def __init__(self, directory):
        self.dir = directory
        _openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
                 '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Dynastore Test Root CA',
                 '-addext', 'basicConstraints=critical,CA:TRUE',
                 '-addext', 'keyUsage=critical,keyCertSign,cRLSign', cwd=directory)
        _issue(directory, 'intermediate', 'ca', '/CN=Dynastore Test Intermediate CA',
               ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign,cRLSign'])
        for name in ('server', 'server2'):
            _issue(directory, name, 'intermediate', f'/CN=dynastore-{name}',
                   ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature',
                    'extendedKeyUsage=serverAuth', 'subjectAltName=IP:127.0.0.1,DNS:localhost'])
            chain = (directory / f'{name}.pem').read_text() + (directory / 'intermediate.pem').read_text()
            (directory / f'{name}-chain.pem').write_text(chain)
        _issue(directory, 'client', 'ca', '/CN=dynastore-client',
               ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature',
                'extendedKeyUsage=clientAuth'])
        self.ca = directory / 'ca.pem'

    def path(self, name):
        return str(self.dir / name)


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    return Pki(tmp_path_factory.mktemp('pki'))


@pytest.fixture
def tls_server(server_factory, pki, tmp_path):
    """A server with plain HTTP on --port and HTTPS on --https-port, its
    certificate files copied into tmp_path (so a test may replace them).
    Returns (https_url, server, cert_path, key_path)."""
    cert = tmp_path / 'cert.pem'
    key = tmp_path / 'key.pem'
    shutil.copyfile(pki.path('server-chain.pem'), cert)
    shutil.copyfile(pki.path('server.key'), key)
    https_port = util.free_port()
    _, server = server_factory(str(tmp_path / 'data'), ['--in-memory', '--tls-cert', cert, '--tls-key', key,
                                                        '--https-port', https_port])
    url = f'https://127.0.0.1:{https_port}'
    _wait_for_https(url, pki.ca)
    return url, server, cert, key


def _wait_for_https(url, ca, timeout=10):
    context = ssl.create_default_context(cafile=str(ca))
    deadline = time.monotonic() + timeout
    while True:
        try:
            with _connect(url, context) as conn:
                return conn.version()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _connect(url, context, server_hostname='127.0.0.1'):
    host, port = url.removeprefix('https://').split(':')
    sock = socket.create_connection((host, int(port)), timeout=10)
    try:
        return context.wrap_socket(sock, server_hostname=server_hostname)
    except BaseException:
        sock.close()
        raise


def _peer_cn(url, ca):
    with _connect(url, ssl.create_default_context(cafile=str(ca))) as conn:
        subject = dict(item[0] for item in conn.getpeercert()['subject'])
        return subject['commonName']


def _client(url, ca, **config):
    return util.make_client(url, **config) if ca is None else _with_verify(url, ca, **config)


def _with_verify(url, ca, **config):
    import boto3
    return boto3.client('dynamodb', endpoint_url=url, region_name=util.REGION, verify=str(ca),
                        aws_access_key_id=util.ACCESS_KEY_ID, aws_secret_access_key=util.SECRET_ACCESS_KEY,
                        config=util.client_config(**config))


def _roundtrip(client):
    name = util.unique_table_name('tls')
    client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    util.wait_for_active(client, name)
    client.put_item(TableName=name, Item={'pk': {'S': 'k'}, 'v': {'N': '1'}})
    assert client.get_item(TableName=name, Key={'pk': {'S': 'k'}})['Item'] == {'pk': {'S': 'k'}, 'v': {'N': '1'}}
    return name


# --------------------------------------------------------------------------

def test_boto3_over_https_with_a_chain(tls_server, pki):
    url, _, _, _ = tls_server
    client = _client(url, pki.ca)
    _roundtrip(client)
    endpoints = client.describe_endpoints()['Endpoints']
    assert endpoints == [{'Address': url.removeprefix('https://'), 'CachePeriodInMinutes': 1440}]
    # The chain file's intermediate reaches the client: it trusts only the root.
    assert _peer_cn(url, pki.ca) == 'dynastore-server'


def test_boto3_refuses_an_untrusted_server(tls_server):
    url, _, _, _ = tls_server
    client = _with_verify(url, util.__file__)  # a CA bundle without our CA (not even PEM)
    with pytest.raises(Exception) as exc_info:
        client.list_tables()
    assert 'SSL' in repr(exc_info.value) or 'certificate' in repr(exc_info.value).lower()


def test_plain_http_port_still_serves(tls_server):
    _, server, _, _ = tls_server
    assert util.make_client(server.url).list_tables()['TableNames'] is not None


@pytest.mark.skipif(shutil.which('aws') is None, reason='the AWS CLI (aws) is not installed')
def test_aws_cli_over_https(tls_server, pki, tmp_path):
    url, _, _, _ = tls_server
    env = dict(os.environ, AWS_ACCESS_KEY_ID=util.ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY=util.SECRET_ACCESS_KEY,
               AWS_DEFAULT_REGION=util.REGION, AWS_PAGER='', AWS_MAX_ATTEMPTS='1',
               AWS_CONFIG_FILE=str(tmp_path / 'none'), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / 'none'))
    env.pop('AWS_PROFILE', None)
    env.pop('AWS_SESSION_TOKEN', None)
    name = util.unique_table_name('tlscli')
    base = ['aws', 'dynamodb', '--endpoint-url', url, '--ca-bundle', str(pki.ca), '--output', 'json']
    done = subprocess.run(base + ['create-table', '--table-name', name, '--billing-mode', 'PAY_PER_REQUEST',
                                  '--attribute-definitions', 'AttributeName=pk,AttributeType=S',
                                  '--key-schema', 'AttributeName=pk,KeyType=HASH'],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    done = subprocess.run(base + ['list-tables'], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert name in json.loads(done.stdout)['TableNames']
    # Without the CA the CLI refuses the certificate.
    done = subprocess.run(['aws', 'dynamodb', '--endpoint-url', url, 'list-tables'], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert 'SSL' in done.stderr or 'certificate' in done.stderr


def test_js_sdk_v3_over_https(tls_server, pki, js_sdk):
    url, _, _, _ = tls_server
    name = _roundtrip(_client(url, pki.ca))
    result = js_sdk.run('roundtrip', url, name, 'js-key', env={'NODE_EXTRA_CA_CERTS': str(pki.ca)})
    assert result['item'] == {'pk': 'js-key', 'v': 42}
    assert result['endpoints'] == [{'Address': url.removeprefix('https://'), 'CachePeriodInMinutes': 1440}]


@pytest.mark.parametrize('version', ['TLSv1_2', 'TLSv1_3'])
def test_tls_1_2_and_1_3_are_served(tls_server, pki, version):
    url, _, _, _ = tls_server
    context = ssl.create_default_context(cafile=str(pki.ca))
    context.minimum_version = context.maximum_version = getattr(ssl.TLSVersion, version)
    with _connect(url, context) as conn:
        assert conn.version() == version.replace('_', '.')


@pytest.mark.filterwarnings('ignore::DeprecationWarning')
@pytest.mark.parametrize('version', ['TLSv1', 'TLSv1_1'])
def test_tls_below_1_2_is_refused(tls_server, pki, version):
    url, _, _, _ = tls_server
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(cafile=str(pki.ca))
    try:
        context.set_ciphers('DEFAULT:@SECLEVEL=0')  # let this client offer the old protocol
        context.minimum_version = context.maximum_version = getattr(ssl.TLSVersion, version)
    except (ValueError, ssl.SSLError):
        pytest.skip(f'this Python/OpenSSL cannot offer {version} at all')
    with pytest.raises(ssl.SSLError):
        with _connect(url, context):
            pass


def test_keep_alive_over_tls(tls_server, pki):
    url, _, _, _ = tls_server
    host, port = url.removeprefix('https://').split(':')
    conn = http.client.HTTPSConnection(host, int(port), timeout=10,
                                       context=ssl.create_default_context(cafile=str(pki.ca)))
    try:
        sockets = set()
        for _ in range(5):
            body = b'{}'
            headers = util.signed_headers(url + '/', body, util.TARGET_PREFIX + 'ListTables')
            conn.request('POST', '/', body=body, headers=headers)
            response = conn.getresponse()
            assert response.status == 200
            json.loads(response.read())
            sockets.add(id(conn.sock))
        assert len(sockets) == 1
    finally:
        conn.close()


def test_plain_http_on_the_https_port_gets_no_answer(tls_server):
    url, _, _, _ = tls_server
    host, port = url.removeprefix('https://').split(':')
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b'GET / HTTP/1.1\r\nHost: x\r\n\r\n')
        data = b''
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(4096)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
        assert b'HTTP/1.1 200' not in data


def test_https_on_port_alone(server_factory, pki, tmp_path):
    url, _ = server_factory(str(tmp_path / 'data'), ['--in-memory', '--tls-cert', pki.path('server-chain.pem'),
                                                     '--tls-key', pki.path('server.key')], tls_ca=pki.ca)
    assert url.startswith('https://')
    _roundtrip(_client(url, pki.ca))


def test_sighup_reloads_the_certificate(tls_server, pki):
    url, server, cert, key = tls_server
    assert _peer_cn(url, pki.ca) == 'dynastore-server'
    # A broken file: the reload fails and the old certificate stays.
    cert.write_text('not a certificate\n')
    server.process.send_signal(signal.SIGHUP)
    time.sleep(0.5)
    assert _peer_cn(url, pki.ca) == 'dynastore-server'
    # A renewed one: new connections get it.
    shutil.copyfile(pki.path('server2-chain.pem'), cert)
    shutil.copyfile(pki.path('server2.key'), key)
    server.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while _peer_cn(url, pki.ca) != 'dynastore-server2':
        assert time.monotonic() < deadline, 'the certificate was not reloaded within 10 s'
        time.sleep(0.05)
    assert server.alive()
    assert 'TLS reload failed' in server.output()


def test_client_certificates(server_factory, pki, tmp_path):
    https_port = util.free_port()
    server_factory(str(tmp_path / 'data'), ['--in-memory', '--tls-cert', pki.path('server-chain.pem'),
                                            '--tls-key', pki.path('server.key'),
                                            '--tls-client-ca', pki.path('ca.pem'), '--https-port', https_port])
    url = f'https://127.0.0.1:{https_port}'
    with_cert = _with_verify(url, pki.ca, client_cert=(pki.path('client.pem'), pki.path('client.key')))
    deadline = time.monotonic() + 10
    while True:
        try:
            with_cert.list_tables()
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    without = _with_verify(url, pki.ca)
    with pytest.raises(Exception) as exc_info:
        without.list_tables()
    assert 'SSL' in repr(exc_info.value) or 'Connection' in repr(exc_info.value)
    # A certificate from another CA (the server's own, issued by the
    # intermediate, which the client CA file does not hold) is refused too.
    other = _with_verify(url, pki.ca, client_cert=(pki.path('server.pem'), pki.path('server.key')))
    with pytest.raises(Exception):
        other.list_tables()


@pytest.mark.parametrize('args, message', [
    (['--tls-cert', 'x.pem'], '--tls-cert and --tls-key go together'),
    (['--https-port', '8443'], '--https-port needs --tls-cert and --tls-key'),
])
def test_bad_tls_flags(server_binary, args, message):
    done = subprocess.run([str(server_binary), '--in-memory', *args], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert message in done.stderr


def test_missing_certificate_file_stops_startup(server_binary, tmp_path, pki):
    done = subprocess.run([str(server_binary), '--in-memory', '--host', '127.0.0.1', '--port', '0',
                           '--tls-cert', str(tmp_path / 'missing.pem'), '--tls-key', pki.path('server.key')],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode != 0
    assert 'missing.pem' in done.stdout + done.stderr


def test_mismatched_key_stops_startup(server_binary, pki):
    done = subprocess.run([str(server_binary), '--in-memory', '--host', '127.0.0.1', '--port', '0',
                           '--tls-cert', pki.path('server-chain.pem'), '--tls-key', pki.path('server2.key')],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert 'server2.key' in output and ('mismatch' in output or 'does not match' in output)
