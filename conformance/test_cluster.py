"""Three nodes replicating with Raft (--cluster; docs/replication.md): a
request answered through any node, eventually consistent reads from any
replica, consistent reads and writes through the leader, no acknowledged
write lost when the leader is killed, and an error rather than a hang
without a quorum."""

import random
import shutil
import time

import botocore.exceptions
import pytest

import util
from cluster import Cluster

pytestmark = pytest.mark.usefixtures('server_binary')


@pytest.fixture
def cluster(server_binary, tmp_path):
    c = Cluster(server_binary, tmp_path / 'cluster')
    yield c
    c.close()


def client(cluster, i, read_timeout=15):
    return util.make_client(cluster.url(i), retries={'max_attempts': 1, 'mode': 'standard'},
                            connect_timeout=2, read_timeout=read_timeout)


def make_table(cluster, via):
    name = util.unique_table_name('cluster')
    c = client(cluster, via)
    c.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    util.wait_for_active(c, name)
    return name


def test_every_node_answers_and_every_replica_holds_the_writes(cluster):
    leader = cluster.leader()
    follower = next(i for i in cluster.ids if i != leader)
    table = make_table(cluster, via=follower)  # forwarded to the leader
    for i in cluster.ids:
        client(cluster, i).put_item(TableName=table, Item={'pk': {'S': f'k{i}'}, 'via': {'N': str(i)}})
    # A consistent read through a follower sees the write just acknowledged.
    got = client(cluster, follower).get_item(TableName=table, Key={'pk': {'S': f'k{leader}'}}, ConsistentRead=True)
    assert got['Item']['via'] == {'N': str(leader)}
    # Eventually consistent reads are answered by each replica from its own copy.
    for i in cluster.ids:
        util.settle(lambda: _assert_count(client(cluster, i), table, 3), timeout=10)
        assert client(cluster, i).describe_table(TableName=table)['Table']['TableName'] == table


def _assert_count(c, table, expected):
    assert c.scan(TableName=table)['Count'] == expected


def _assert_all_name(cluster, leader):
    assert [cluster.status(i)['leaderId'] for i in cluster.ids] == [leader] * len(cluster.ids)


def test_status_names_role_term_and_leader(cluster):
    leader = cluster.leader()
    # A follower learns who leads from the leader's first message, which can
    # reach the third node after the leader already serves.
    util.settle(lambda: _assert_all_name(cluster, leader), timeout=10)
    for i in cluster.ids:
        status = cluster.status(i)
        assert status['nodeId'] == i
        assert status['role'] == ('leader' if i == leader else 'follower')
        assert status['leaderId'] == leader
        assert status['leaderApiAddress'] == f'127.0.0.1:{cluster.api_ports[leader]}'
        assert status['term'] >= 1
    assert set(cluster.status(leader)['matchIndex']) == {str(i) for i in cluster.ids}


def test_killing_the_leader_loses_no_acknowledged_write(cluster):
    """Writers keep going through live nodes while the leader is killed
    (kill -9) and comes back: every acknowledged put is on every replica,
    and a counter moved by acknowledged ADDs holds exactly those (plus at
    most the ones whose answer was an error: those may have landed)."""
    table = make_table(cluster, via=cluster.leader())
    acked, ambiguous_adds, acked_adds = set(), 0, 0
    rng = random.Random(7)

    def write_round(n):
        nonlocal ambiguous_adds, acked_adds
        via = rng.choice(cluster.live())
        c = client(cluster, via, read_timeout=8)
        try:
            c.put_item(TableName=table, Item={'pk': {'S': f'item{n}'}})
            acked.add(f'item{n}')
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError):
            pass
        try:
            c.update_item(TableName=table, Key={'pk': {'S': 'counter'}}, UpdateExpression='ADD n :one',
                          ExpressionAttributeValues={':one': {'N': '1'}})
            acked_adds += 1
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError):
            ambiguous_adds += 1

    for n in range(40):
        write_round(n)
    victim = cluster.leader()
    cluster.kill(victim)
    killed_at = time.monotonic()
    n = 40
    while len(acked) < 41 and time.monotonic() - killed_at < 20:  # the first write after the kill
        write_round(n)
        n += 1
    failover = time.monotonic() - killed_at
    assert len(acked) >= 41, 'no write acknowledged within 20 s of the leader being killed'
    print(f'first acknowledged write {failover:.2f} s after the leader was killed')
    for _ in range(40):
        write_round(n)
        n += 1
    cluster.start(victim)  # comes back and catches up from the log

    def all_there(i):
        c = client(cluster, i)
        items = util.all_items(c.scan, TableName=table)
        keys = [item['pk']['S'] for item in items]
        assert len(keys) == len(set(keys))
        assert acked <= set(keys), f'node {i} misses {sorted(acked - set(keys))[:5]}'
        counter = next(item for item in items if item['pk']['S'] == 'counter')
        assert acked_adds <= int(counter['n']['N']) <= acked_adds + ambiguous_adds

    for i in cluster.ids:
        util.settle(lambda: all_there(i), timeout=20)


def test_without_a_quorum_a_write_fails_instead_of_hanging(cluster):
    table = make_table(cluster, via=cluster.leader())
    leader = cluster.leader()
    for i in cluster.ids:
        if i != leader:
            cluster.kill(i)
    began = time.monotonic()
    with pytest.raises(botocore.exceptions.ClientError) as error:
        client(cluster, leader).put_item(TableName=table, Item={'pk': {'S': 'lonely'}})
    assert time.monotonic() - began < 10
    assert error.value.response['ResponseMetadata']['HTTPStatusCode'] in (500, 503)
    assert error.value.response['Error']['Code'] in ('InternalServerError', 'ServiceUnavailable')


@pytest.fixture
def short_log_cluster(server_binary, tmp_path):
    """A cluster whose Raft log keeps few entries, so a replica that was away
    falls behind it quickly."""
    c = Cluster(server_binary, tmp_path / 'cluster',
                extra_args=['--raft-snapshot-entries', '64', '--raft-log-trailing', '32'])
    yield c
    c.close()


def _all_keys(c, table):
    return {item['pk']['S'] for item in util.all_items(c.scan, TableName=table)}


def test_a_replica_behind_the_log_copies_the_leaders_data(short_log_cluster):
    cluster = short_log_cluster
    leader = cluster.leader()
    table = make_table(cluster, via=leader)
    away = next(i for i in cluster.ids if i != leader)
    cluster.nodes[away].stop()
    c = client(cluster, leader)
    for n in range(200):  # far more entries than the log keeps
        c.put_item(TableName=table, Item={'pk': {'S': f'k{n}'}})
    cluster.start(away)
    # It is sent a snapshot it cannot restore, restarts, copies the leader's
    # store, and takes the log from there.
    target = cluster.status(leader)['commitIndex']

    def caught_up():
        assert 'restarting to copy the leader' in cluster.nodes[away].output()
        status = cluster.status(away)
        assert status['appliedIndex'] >= target and status['needsDataCopy'] is False
        assert status['leaderId'] == leader

    util.settle(lambda: _retry_refused(caught_up), timeout=30)
    assert _all_keys(client(cluster, away), table) == {f'k{n}' for n in range(200)}


def _retry_refused(check):
    """`check`, with a node that is restarting counted as not there yet."""
    try:
        check()
    except OSError as e:
        raise AssertionError(f'not answering yet: {e}')


def _assert_keys(c, table, expected):
    assert _all_keys(c, table) == expected


def test_a_dead_node_is_replaced_by_an_empty_one(short_log_cluster):
    cluster = short_log_cluster
    leader = cluster.leader()
    table = make_table(cluster, via=leader)
    dead = next(i for i in cluster.ids if i != leader)
    cluster.kill(dead)
    shutil.rmtree(cluster.nodes[dead].data_dir)  # its disk is gone
    c = client(cluster, leader)
    for n in range(100):
        c.put_item(TableName=table, Item={'pk': {'S': f'k{n}'}})
    cluster.start(dead)  # a new, empty machine with the dead node's id
    util.settle(lambda: _assert_keys(client(cluster, dead), table, {f'k{n}' for n in range(100)}), timeout=30)
    # The cluster kept serving throughout, and the new node takes writes too.
    client(cluster, dead).put_item(TableName=table, Item={'pk': {'S': 'after'}})
    util.settle(lambda: _assert_keys(client(cluster, leader), table, {f'k{n}' for n in range(100)} | {'after'}),
                timeout=10)


def test_checkpoints_and_membership_are_only_for_the_clusters_members(cluster):
    # Members are on 127.0.0.1; a request from 127.0.0.2 is not a member's.
    import socket
    for request in (b'POST /cluster/checkpoints HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
                    b'DELETE /cluster/members/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'):
        with socket.create_connection(('127.0.0.1', cluster.api_ports[1]), timeout=5,
                                      source_address=('127.0.0.2', 0)) as s:
            s.sendall(request)
            head = s.recv(4096).decode('latin-1')
        assert head.startswith('HTTP/1.1 403'), head
    assert len(cluster.status(1)['members']) == 3


def test_a_fourth_node_joins_and_a_member_leaves_online(cluster):
    leader = cluster.leader()
    table = make_table(cluster, via=leader)
    client(cluster, leader).put_item(TableName=table, Item={'pk': {'S': 'before'}})
    follower = next(i for i in cluster.ids if i != leader)
    new, body = cluster.new_member()
    # Added through a follower (relayed to the leader); it copies, catches up, votes.
    status, answer = cluster.change_members(follower, 'POST', body=body)
    assert status == 200, answer
    assert answer['members'][str(new)] == 'voter'
    assert len(answer['members']) == 4
    c = client(cluster, new)
    c.put_item(TableName=table, Item={'pk': {'S': 'via-new'}})
    assert c.get_item(TableName=table, Key={'pk': {'S': 'before'}}, ConsistentRead=True)['Item']
    util.settle(lambda: _assert_keys(c, table, {'before', 'via-new'}), timeout=10)
    # Adding it twice, or a malformed member, is refused and changes nothing.
    status, answer = cluster.change_members(leader, 'POST', body=body)
    assert status == 400, answer
    status, _ = cluster.change_members(leader, 'POST', body='{"id": 9, "raftAddress": "name:1", "apiAddress": "x:2"}')
    assert status == 400

    # One of the original followers leaves; the other three go on.
    leaving = next(i for i in cluster.ids if i not in (leader, new))
    status, answer = cluster.change_members(new, 'DELETE', path=f'/{leaving}')
    assert status == 200, answer
    assert str(leaving) not in answer['members'] and len(answer['members']) == 3
    cluster.nodes[leaving].stop()
    client(cluster, leader).put_item(TableName=table, Item={'pk': {'S': 'after'}})
    util.settle(lambda: _assert_keys(client(cluster, new), table, {'before', 'via-new', 'after'}), timeout=10)
