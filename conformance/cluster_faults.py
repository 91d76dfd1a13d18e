#!/usr/bin/env python3
"""Fault harness for a three-node cluster in network namespaces.

Each node runs in its own network namespace, joined to the others and to
the client's namespace by veth links on a bridge (in a hub namespace). The
addresses are in 127.1.0.0/24 (allowed on those links by route_localnet in
the test's own namespaces), so nothing here is reachable from outside the
machine, or even from its root namespace.

Under a client workload (unique puts, ADD counters, writes and consistent
reads of a few registers, through random nodes), a seeded schedule injects
faults: kill -9 of the leader or of a follower (restarted a little later),
a node cut off from everyone (its link down, then up), and the leader cut
off from the other nodes while the client still reaches it. At the end
everything heals and the history is checked:
- every acknowledged put is on every replica;
- every counter holds its acknowledged ADDs, plus at most the ones whose
  answer was an error (they may have landed), so none applied twice;
- each register's writes and consistent reads are linearizable
  (linearizability.py);
- every replica holds the same items.

Usage (as root):
  cluster_faults.py --binary build/dynastore --seconds 30 --seed 7 --workdir DIR
prints a JSON summary on its last line and exits 0 when every check passed.
`make cluster-soak` runs it long (LEADER_KILLS=100)."""

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import urllib.request

import boto3
import botocore.config
import botocore.exceptions

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from linearizability import Op, linearizable  # noqa: E402

API_PORT = 8000
RAFT_PORT = 9000
SUBNET = '127.1.0.'
CLIENT_HOST = 100
# Registers written and read consistently: more keys, shorter histories to check.
REGISTERS = 16


def enter_namespace(name):
    """Moves this process (before it starts threads) into network namespace
    `name`: its sockets then see the namespaces' network."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    clone_newnet = 0x40000000
    fd = os.open(f'/var/run/netns/{name}', os.O_RDONLY)
    try:
        if libc.setns(fd, clone_newnet) != 0:
            raise OSError(ctypes.get_errno(), f'setns {name}')
    finally:
        os.close(fd)


def run(*args, check=True):
    return subprocess.run(list(map(str, args)), check=check, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=30)


class Network:
    """The namespaces, bridge and links; close() removes them all."""

    def __init__(self, prefix, size):
        self.prefix = prefix
        self.hub = f'{prefix}hub'
        self.client = f'{prefix}cl'
        self.nodes = {i: f'{prefix}n{i}' for i in range(1, size + 1)}
        self.created = []
        try:
            self._build()
        except BaseException:
            self.close()
            raise

    def _build(self):
        for name in [self.hub, self.client, *self.nodes.values()]:
            run('ip', 'netns', 'add', name)
            self.created.append(name)
        run('ip', '-n', self.hub, 'link', 'add', 'br0', 'type', 'bridge')
        run('ip', '-n', self.hub, 'link', 'set', 'br0', 'up')
        members = [(self.client, CLIENT_HOST)] + [(ns, i) for i, ns in self.nodes.items()]
        for ns, host in members:
            outer, inner = f'{self.prefix}h{host}', f'{self.prefix}x{host}'
            run('ip', 'link', 'add', outer, 'type', 'veth', 'peer', 'name', inner)
            run('ip', 'link', 'set', outer, 'netns', self.hub)
            run('ip', 'link', 'set', inner, 'netns', ns)
            run('ip', '-n', self.hub, 'link', 'set', outer, 'master', 'br0', 'up')
            for setting in ('all', inner):
                run('ip', 'netns', 'exec', ns, 'sysctl', '-qw', f'net.ipv4.conf.{setting}.route_localnet=1')
            run('ip', '-n', ns, 'addr', 'add', f'{SUBNET}{host}/24', 'dev', inner)
            run('ip', '-n', ns, 'link', 'set', inner, 'up')

    def set_link(self, node, up):
        """Connects or disconnects node `node` from everyone (client included)."""
        run('ip', '-n', self.hub, 'link', 'set', f'{self.prefix}h{node}', 'up' if up else 'down')

    def isolate_from_nodes(self, node, others, cut):
        """Drops (or stops dropping) traffic between `node` and the other
        nodes only: the client still reaches it."""
        for other in others:
            for chain, flag in (('INPUT', '-s'), ('OUTPUT', '-d')):
                run('ip', 'netns', 'exec', self.nodes[node], 'iptables', '-A' if cut else '-D', chain, flag,
                    f'{SUBNET}{other}', '-j', 'DROP', check=cut)

    def close(self):
        for name in reversed(self.created):
            run('ip', 'netns', 'del', name, check=False)
        self.created.clear()


class Node:
    def __init__(self, binary, network, node_id, members, workdir):
        self.binary, self.network, self.id = binary, network, node_id
        self.members, self.workdir = members, workdir
        self.process = None
        self.log = open(os.path.join(workdir, f'node{node_id}.log'), 'ab')
        self.start()

    @property
    def url(self):
        return f'http://{SUBNET}{self.id}:{API_PORT}'

    def start(self):
        self.process = subprocess.Popen(
            ['ip', 'netns', 'exec', self.network.nodes[self.id], self.binary, '--host', f'{SUBNET}{self.id}',
             '--port', str(API_PORT), '--data-dir', os.path.join(self.workdir, f'node{self.id}'), '--cluster',
             self.members, '--node-id', str(self.id), '--election-timeout-ms', '500', '--log-level', 'warn'],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        if self.alive():
            self.process.kill()
        if self.process is not None:
            self.process.wait(timeout=10)

    def stop(self):
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def status(self):
        with urllib.request.urlopen(self.url + '/cluster/status', timeout=1) as response:
            return json.loads(response.read())


def client(url, timeout=6):
    config = botocore.config.Config(retries={'max_attempts': 1, 'mode': 'standard'}, connect_timeout=1,
                                    read_timeout=timeout, max_pool_connections=4)
    return boto3.client('dynamodb', endpoint_url=url, region_name='us-east-1', aws_access_key_id='fault',
                        aws_secret_access_key='fault', config=config)


class Harness:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        prefix = f'df{os.getpid() % 10000:04d}'
        # Its own copy of the binary: a rebuild meanwhile must not stop restarts.
        binary = os.path.join(args.workdir, 'dynastore')
        shutil.copy2(args.binary, binary)
        self.network = Network(prefix, 3)
        enter_namespace(self.network.client)
        members = ','.join(f'{i}={SUBNET}{i}:{RAFT_PORT}/{SUBNET}{i}:{API_PORT}' for i in (1, 2, 3))
        self.nodes = {i: Node(binary, self.network, i, members, args.workdir) for i in (1, 2, 3)}
        self.table = 'faults'
        self.lock = threading.Lock()
        self.acked_puts = set()
        self.adds = {}            # counter -> [acked, unknown]
        self.registers = {}       # register -> [Op]
        self.events = []
        self.leader_kills = 0
        self.failovers = []
        self.stop_workload = threading.Event()
        self.leaderless = False

    def close(self):
        for node in self.nodes.values():
            node.stop()
        self.network.close()

    def leader(self, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for node in self.nodes.values():
                if not node.alive():
                    continue
                try:
                    if node.status()['serving']:
                        return node.id
                except OSError:
                    pass
            time.sleep(0.05)
        return None

    def create_table(self):
        leader = self.leader()
        assert leader, 'no leader at start'
        c = client(self.nodes[leader].url, timeout=10)
        c.create_table(TableName=self.table, BillingMode='PAY_PER_REQUEST',
                       AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'}],
                       KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}])

    # --- workload -------------------------------------------------------

    def worker(self, index):
        rng = random.Random(self.args.seed * 1000 + index)
        clients = {i: client(node.url) for i, node in self.nodes.items()}
        n = 0
        while not self.stop_workload.is_set():
            n += 1
            c = clients[rng.choice(list(clients))]
            choice = rng.random()
            try:
                if choice < 0.4:
                    self.put(c, f'w{index}-{n}')
                elif choice < 0.6:
                    self.add(c, f'counter{rng.randrange(3)}')
                elif choice < 0.8:
                    self.write_register(c, f'reg{rng.randrange(REGISTERS)}', f'{index}-{n}')
                else:
                    self.read_register(c, f'reg{rng.randrange(REGISTERS)}')
            except Exception as e:  # noqa: BLE001 - the workload must go on; errors are recorded per op
                self.note(f'worker {index}: {type(e).__name__}: {e}')
            time.sleep(rng.uniform(0, 0.01))

    def put(self, c, key):
        try:
            c.put_item(TableName=self.table, Item={'pk': {'S': key}})
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError):
            return
        with self.lock:
            self.acked_puts.add(key)

    def add(self, c, key):
        try:
            c.update_item(TableName=self.table, Key={'pk': {'S': key}}, UpdateExpression='ADD n :one',
                          ExpressionAttributeValues={':one': {'N': '1'}})
            outcome = 0
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError):
            outcome = 1
        with self.lock:
            self.adds.setdefault(key, [0, 0])[outcome] += 1

    def write_register(self, c, key, value):
        invoked = time.monotonic()
        try:
            c.put_item(TableName=self.table, Item={'pk': {'S': key}, 'v': {'S': value}})
            completed = time.monotonic()
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError):
            completed = math.inf  # unknown: it may still take effect
        with self.lock:
            self.registers.setdefault(key, []).append(Op('write', value, invoked, completed))

    def read_register(self, c, key):
        invoked = time.monotonic()
        try:
            item = c.get_item(TableName=self.table, Key={'pk': {'S': key}}, ConsistentRead=True).get('Item')
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError):
            return  # a failed read tells nothing
        completed = time.monotonic()
        with self.lock:
            self.registers.setdefault(key, []).append(
                Op('read', item['v']['S'] if item else None, invoked, completed))

    def note(self, text):
        with self.lock:
            if len(self.events) < 2000:
                self.events.append(f'{time.monotonic():.3f} {text}')

    # --- faults ---------------------------------------------------------

    def faults(self, deadline):
        kinds = ['kill-leader', 'kill-leader', 'kill-follower', 'cut-off', 'leader-partitioned']
        while time.monotonic() < deadline and (not self.args.leader_kills or self.leader_kills < self.args.leader_kills):
            time.sleep(self.rng.uniform(0.5, 1.5))
            leader = self.leader(timeout=60)
            if leader is None:
                self.leaderless = True  # every node healed and running, yet no leader: a failure
                self.note('no leader for 60 s')
                return
            kind = self.rng.choice(kinds) if not self.args.leader_kills else 'kill-leader'
            followers = [i for i in self.nodes if i != leader]
            self.note(f'fault {kind} (leader {leader})')
            if kind == 'kill-leader':
                began = time.monotonic()
                self.nodes[leader].kill()
                self.leader_kills += 1
                if self.leader() is not None:
                    self.failovers.append(time.monotonic() - began)
                time.sleep(self.rng.uniform(0.2, 1.0))
                self.nodes[leader].start()
            elif kind == 'kill-follower':
                victim = self.rng.choice(followers)
                self.nodes[victim].kill()
                time.sleep(self.rng.uniform(0.2, 1.5))
                self.nodes[victim].start()
            elif kind == 'cut-off':
                victim = self.rng.choice(list(self.nodes))
                self.network.set_link(victim, False)
                time.sleep(self.rng.uniform(1.0, 2.5))
                self.network.set_link(victim, True)
            else:
                self.network.isolate_from_nodes(leader, followers, cut=True)
                time.sleep(self.rng.uniform(1.0, 2.5))
                self.network.isolate_from_nodes(leader, followers, cut=False)

    # --- checks -----------------------------------------------------------

    def final_items(self, node_id):
        c = client(self.nodes[node_id].url, timeout=15)
        items, start = [], None
        for _ in range(10_000):
            request = {'TableName': self.table}
            if start:
                request['ExclusiveStartKey'] = start
            page = c.scan(**request)
            items.extend(page['Items'])
            start = page.get('LastEvaluatedKey')
            if not start:
                return items
        raise AssertionError('scan did not end')

    def check(self):
        problems = []
        leader = self.leader(timeout=30)
        if leader is None:
            return ['no leader after healing']
        # Every replica applies everything committed: wait for it.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            statuses = [node.status() for node in self.nodes.values()]
            commit = max(s['commitIndex'] for s in statuses)
            if all(s['appliedIndex'] >= commit for s in statuses):
                break
            time.sleep(0.1)
        contents = {}
        for i in self.nodes:
            items = self.final_items(i)
            contents[i] = sorted(json.dumps(item, sort_keys=True) for item in items)
            keys = {item['pk']['S'] for item in items}
            missing = self.acked_puts - keys
            if missing:
                problems.append(f'node {i} misses {len(missing)} acknowledged puts, e.g. {sorted(missing)[:3]}')
            for counter, (acked, unknown) in self.adds.items():
                item = next((it for it in items if it['pk']['S'] == counter), None)
                value = int(item['n']['N']) if item else 0
                if not acked <= value <= acked + unknown:
                    problems.append(f'node {i}: {counter} = {value}, acknowledged ADDs {acked}, unknown {unknown}')
        if len({tuple(c) for c in contents.values()}) != 1:
            problems.append('the replicas do not hold the same items')
        for key, ops in self.registers.items():
            try:
                if not linearizable(ops):
                    problems.append(f'register {key}: history not linearizable ({len(ops)} operations)')
            except RuntimeError as e:
                problems.append(f'register {key}: {e}')
        return problems

    def run(self):
        self.create_table()
        threads = [threading.Thread(target=self.worker, args=(i,), daemon=True) for i in range(self.args.workers)]
        for t in threads:
            t.start()
        began = time.monotonic()
        self.faults(began + self.args.seconds)
        self.stop_workload.set()
        for t in threads:
            t.join(timeout=30)
        for i, node in self.nodes.items():
            self.network.set_link(i, True)
            if not node.alive():
                node.start()
        problems = ['no leader for 60 s during the schedule'] if self.leaderless else []
        problems += self.check()
        return {
            'seconds': round(time.monotonic() - began, 1),
            'leader_kills': self.leader_kills,
            'failover_seconds': {
                'max': round(max(self.failovers), 2) if self.failovers else None,
                'median': round(sorted(self.failovers)[len(self.failovers) // 2], 2) if self.failovers else None,
            },
            'acknowledged_puts': len(self.acked_puts),
            'acknowledged_adds': sum(a for a, _ in self.adds.values()),
            'unknown_adds': sum(u for _, u in self.adds.values()),
            'register_operations': sum(len(ops) for ops in self.registers.values()),
            'problems': problems,
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--binary', required=True)
    parser.add_argument('--workdir', required=True)
    parser.add_argument('--seconds', type=float, default=30)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--workers', type=int, default=6)
    parser.add_argument('--leader-kills', type=int, default=0,
                        help='only kill leaders, this many times (then --seconds is an upper bound)')
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    harness = Harness(args)
    try:
        summary = harness.run()
    finally:
        harness.close()
    with open(os.path.join(args.workdir, 'events.log'), 'w') as f:
        f.write('\n'.join(harness.events))
    # The register histories, for checking again (linearizability.py).
    with open(os.path.join(args.workdir, 'registers.json'), 'w') as f:
        json.dump({key: [[op.kind, op.value, op.invoked, None if op.completed == math.inf else op.completed]
                         for op in ops] for key, ops in harness.registers.items()}, f)
    print(json.dumps(summary))
    return 0 if not summary['problems'] else 1


if __name__ == '__main__':
    sys.exit(main())
