"""A three-node dynastore cluster on loopback, for the cluster tests.

Each node is a `dynastore --cluster ... --node-id N` process with its own
data directory, API port and Raft port (docs/replication.md)."""

import json
import os
import time
import urllib.error
import urllib.request

import util


class Cluster:
    def __init__(self, binary, root, size=3, election_timeout_ms=500, extra_args=()):
        self.binary = binary
        self.root = str(root)
        self.extra_args = list(extra_args)
        self.election_timeout_ms = election_timeout_ms
        self.ids = list(range(1, size + 1))
        self.api_ports = {i: util.free_port() for i in self.ids}
        self.raft_ports = {i: util.free_port() for i in self.ids}
        self.spec = ','.join(f'{i}=127.0.0.1:{self.raft_ports[i]}/127.0.0.1:{self.api_ports[i]}' for i in self.ids)
        self.nodes = {}
        try:
            for i in self.ids:
                self.start(i)
        except BaseException:
            self.close()
            raise

    def start(self, i, spec=None):
        self.nodes[i] = util.ServerProcess(
            self.binary, os.path.join(self.root, f'node{i}'),
            ['--cluster', spec or self.spec, '--node-id', i, '--election-timeout-ms', self.election_timeout_ms,
             *self.extra_args],
            port=self.api_ports[i])
        return self.nodes[i]

    def new_member(self):
        """Starts one more node (not a member yet: see POST /cluster/members);
        returns its id and the JSON that adds it."""
        i = max(self.ids) + 1
        self.api_ports[i] = util.free_port()
        self.raft_ports[i] = util.free_port()
        spec = self.spec + f',{i}=127.0.0.1:{self.raft_ports[i]}/127.0.0.1:{self.api_ports[i]}'
        self.ids.append(i)
        self.start(i, spec)
        return i, json.dumps({'id': i, 'raftAddress': f'127.0.0.1:{self.raft_ports[i]}',
                              'apiAddress': f'127.0.0.1:{self.api_ports[i]}'})

    def change_members(self, via, method, path='', body=None):
        """POST/DELETE /cluster/members[/ID] on node `via`: (HTTP status, JSON)."""
        request = urllib.request.Request(self.url(via) + '/cluster/members' + path, method=method,
                                         data=body.encode() if body else None)
        try:
            with urllib.request.urlopen(request, timeout=150) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b'{}')

    def url(self, i):
        return f'http://127.0.0.1:{self.api_ports[i]}'

    def live(self):
        return [i for i in self.ids if i in self.nodes and self.nodes[i].alive()]

    def status(self, i):
        with urllib.request.urlopen(self.url(i) + '/cluster/status', timeout=2) as response:
            return json.loads(response.read())

    def leader(self, timeout=15.0):
        """The id of the serving leader, once the live nodes agree on one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i in self.live():
                try:
                    if self.status(i)['serving']:
                        return i
                except OSError:
                    pass
            time.sleep(0.05)
        raise AssertionError(f'no serving leader within {timeout} s')

    def kill(self, i):
        self.nodes[i].kill()

    def close(self):
        for node in self.nodes.values():
            try:
                node.stop()
            except Exception:
                pass
