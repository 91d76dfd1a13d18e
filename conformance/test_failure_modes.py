"""What our own server does when its disk fails it (issue "Hardening"):
a full disk and a damaged write-ahead log. docs/failure-modes.md says the
same in prose.

DynamoDB's contract is that an acknowledged write is durable and that a
request the service cannot serve gets InternalServerError (HTTP 500), which
SDKs retry. So: a full disk answers writes with InternalServerError while
reads go on, and nothing acknowledged is lost; a damaged log never drops
acknowledged writes silently. These tests start separate servers on their
own data directories, so they need our binary and skip with --endpoint-url.
The full-disk test mounts a tmpfs and skips where mounting is not
allowed (not root, or no CAP_SYS_ADMIN).
"""

import glob
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import botocore.exceptions
import pytest

import util

TABLE = 'conf-failure-modes'
BIG_VALUE_BYTES = 150_000  # a few dozen items fill the tmpfs
MAX_PUTS = 1000            # bounds the filling loop (28 MiB fill up in ~190)


def _client(url):
    return util.make_client(url)  # retries off: each refusal is seen


def _create_table(client):
    client.create_table(TableName=TABLE, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    util.wait_for_active(client, TABLE)


def _health(url):
    try:
        with urllib.request.urlopen(url + '/', timeout=5) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@pytest.fixture
def small_disk(tmp_path):
    """A 128 MiB tmpfs, 100 MiB of it taken by a filler file that can be
    deleted to give space back: RocksDB resumes writes only once 64 MiB
    (a memtable's flush) are free."""
    mount_point = tmp_path / 'small-disk'
    mount_point.mkdir()
    mounted = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=128m', 'tmpfs', str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f'cannot mount a tmpfs here: {mounted.stderr.strip()}')
    try:
        filler = mount_point / 'filler'
        with open(filler, 'wb') as f:
            f.write(b'\0' * (100 << 20))
        yield mount_point, filler
    finally:
        subprocess.run(['umount', '-l', str(mount_point)], capture_output=True)


@pytest.mark.parametrize('flags', [[], ['--sync']], ids=['default', 'sync'])
def test_full_disk_refuses_writes_keeps_reads_and_recovers(server_factory, server_binary, small_disk, flags):
    mount_point, filler = small_disk
    url, server = server_factory(mount_point / 'data', flags)
    client = _client(url)
    _create_table(client)

    acknowledged = []
    failures = []
    for i in range(MAX_PUTS):
        key = f'k{i:04}'
        try:
            client.put_item(TableName=TABLE, Item={'pk': {'S': key}, 'v': {'S': 'x' * BIG_VALUE_BYTES}})
            acknowledged.append(key)
        except botocore.exceptions.ClientError as e:
            failures.append(e)
            if len(failures) >= 3:
                break
    assert len(failures) == 3, 'the disk never filled up'
    for e in failures:
        assert e.response['Error']['Code'] == 'InternalServerError'
        assert e.response['ResponseMetadata']['HTTPStatusCode'] == 500
    assert server.alive(), server.output()
    assert acknowledged, 'not one write fitted'

    # Reads go on; the health check says why writes fail. With --sync an
    # answer waits until everything it could reveal is on disk, and the
    # write that failed is in the memtable but not in the log: reads are
    # refused too, until the writes resume.
    if '--sync' in flags:
        with pytest.raises(botocore.exceptions.ClientError) as refused:
            client.get_item(TableName=TABLE, Key={'pk': {'S': acknowledged[0]}}, ConsistentRead=True)
        assert refused.value.response['Error']['Code'] == 'InternalServerError'
    else:
        got = client.get_item(TableName=TABLE, Key={'pk': {'S': acknowledged[0]}}, ConsistentRead=True)
        assert got['Item']['pk'] == {'S': acknowledged[0]}
    status, text = _health(url)
    assert status == 503 and 'No space left on device' in text, (status, text)
    probe = subprocess.run([server_binary, '--health-check', url + '/'], capture_output=True, text=True, timeout=30)
    assert probe.returncode == 1 and probe.stdout.startswith('unhealthy: writes are failing'), probe.stdout

    # Space comes back: writes work again within seconds, nothing was lost.
    os.remove(filler)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.put_item(TableName=TABLE, Item={'pk': {'S': 'after'}, 'v': {'S': 'small'}})
            break
        except botocore.exceptions.ClientError as e:
            assert e.response['Error']['Code'] == 'InternalServerError'
            assert time.monotonic() < deadline, 'writes did not resume after space came back'
            time.sleep(0.5)
    assert _health(url)[0] == 200
    for key in acknowledged + ['after']:
        got = client.get_item(TableName=TABLE, Key={'pk': {'S': key}}, ConsistentRead=True)
        assert got.get('Item', {}).get('pk') == {'S': key}, f'acknowledged item {key} lost'

    # The cause is logged once, not once per refused request.
    assert server.output(limit=10**6).count('storage: writes are failing') == 1, server.output()
    server.kill()
    url, server = server_factory(mount_point / 'data', flags)
    client = _client(url)
    for key in acknowledged + ['after']:
        got = client.get_item(TableName=TABLE, Key={'pk': {'S': key}}, ConsistentRead=True)
        assert got.get('Item', {}).get('pk') == {'S': key}, f'acknowledged item {key} lost after restart'


def _write_items(url, count):
    client = util.make_client(url)
    _create_table(client)
    for i in range(count):
        client.put_item(TableName=TABLE, Item={'pk': {'S': f'k{i:05}'}, 'v': {'S': f'value {i} ' + 'y' * 200}})


def _count_items(url):
    client = util.make_client(url)
    return sum(1 for _ in util.all_items(client.scan, TableName=TABLE, ConsistentRead=True))


def _only_log(data_dir):
    logs = sorted(glob.glob(os.path.join(data_dir, '*.log')))
    logs = [path for path in logs if os.path.getsize(path) > 0]
    assert len(logs) == 1, logs
    return logs[0]


def test_damaged_write_ahead_log_refuses_to_start_until_told(server_factory, server_binary, tmp_path):
    data_dir = str(tmp_path / 'data')
    url, server = server_factory(data_dir)
    _write_items(url, 3000)
    server.kill()  # the writes are in the write-ahead log only
    log = _only_log(data_dir)
    size = os.path.getsize(log)
    with open(log, 'r+b') as f:
        f.seek(size // 2)
        byte = f.read(1)
        f.seek(size // 2)
        f.write(bytes([byte[0] ^ 0xFF]))
    saved = str(tmp_path / 'saved')
    shutil.copytree(data_dir, saved)

    # Refuses to start, says why and what to do, changes nothing.
    started = subprocess.run([server_binary, '--host', '127.0.0.1', '--port', str(util.free_port()),
                              '--data-dir', data_dir, '--log-level', 'warn'],
                             capture_output=True, text=True, timeout=60)
    assert started.returncode != 0
    assert '--recover-tolerate-corruption' in started.stderr + started.stdout, started.stderr
    with open(log, 'rb') as damaged, open(os.path.join(saved, os.path.basename(log)), 'rb') as before:
        assert damaged.read() == before.read()

    # Told to, it starts with the writes logged before the damage.
    url, server = server_factory(data_dir, ['--recover-tolerate-corruption'])
    left = _count_items(url)
    assert 0 < left < 3000


def test_log_cut_short_by_a_crash_is_replayed(server_factory, tmp_path):
    # A crash can leave the last record half written: that is normal, and
    # the start replays everything before it without asking.
    data_dir = str(tmp_path / 'data')
    url, server = server_factory(data_dir)
    _write_items(url, 500)
    server.kill()
    log = _only_log(data_dir)
    with open(log, 'r+b') as f:
        f.truncate(os.path.getsize(log) - 100)  # into the last record
    url, server = server_factory(data_dir)
    assert _count_items(url) == 499
