"""The cluster under faults (cluster_faults.py): kill -9 of leaders and
followers, nodes cut off, a leader cut off from the other nodes, in network
namespaces, under a client workload; then every acknowledged write, every
counter and each register's linearizability is checked. Needs root (network
namespaces); `make cluster-soak` runs it long with 100 leader kills.

And the linearizability checker itself, shown to reject what it must."""

import json
import math
import os
import subprocess
import sys
import uuid

import pytest

from linearizability import Op, linearizable

HERE = os.path.dirname(os.path.abspath(__file__))


def test_checker_accepts_linearizable_histories():
    # w(a) then a concurrent read that sees either value.
    assert linearizable([Op('write', 'a', 0, 1), Op('read', 'a', 2, 3)])
    assert linearizable([Op('write', 'a', 0, 1), Op('write', 'b', 2, 5), Op('read', 'a', 3, 4)])
    assert linearizable([Op('write', 'a', 0, 1), Op('write', 'b', 2, 5), Op('read', 'b', 3, 4)])
    # A write whose answer was lost may have happened, late...
    assert linearizable([Op('write', 'a', 0, 1), Op('write', 'b', 2), Op('read', 'b', 10, 11)])
    # ...or never.
    assert linearizable([Op('write', 'a', 0, 1), Op('write', 'b', 2), Op('read', 'a', 10, 11)])
    assert linearizable([Op('read', None, 0, 1)])


def test_checker_rejects_stale_and_invented_reads():
    # A read after a completed write must not see the value before it.
    assert not linearizable([Op('write', 'a', 0, 1), Op('write', 'b', 2, 3), Op('read', 'a', 4, 5)])
    # Once a read saw b, a later read cannot see a again (no write of a after).
    assert not linearizable([Op('write', 'a', 0, 1), Op('write', 'b', 2), Op('read', 'b', 3, 4),
                             Op('read', 'a', 5, 6)])
    # Nobody wrote c.
    assert not linearizable([Op('write', 'a', 0, 1), Op('read', 'c', 2, 3)])
    assert not linearizable([Op('read', 'a', 0, 1)])
    assert math.isinf(Op('write', 'x', 0).completed)


def namespaces_available():
    if os.geteuid() != 0:
        return False
    name = f'dsprobe{uuid.uuid4().hex[:6]}'
    made = subprocess.run(['ip', 'netns', 'add', name], capture_output=True).returncode == 0
    if made:
        subprocess.run(['ip', 'netns', 'del', name], capture_output=True)
    return made


def test_no_acknowledged_write_is_lost_under_faults(server_binary, tmp_path):
    if not namespaces_available():
        pytest.skip('needs root and network namespaces (ip netns)')
    seed = int(os.environ.get('DYNASTORE_FAULT_SEED', '7'))
    seconds = os.environ.get('DYNASTORE_FAULT_SECONDS', '30')
    result = subprocess.run(
        [sys.executable, os.path.join(HERE, 'cluster_faults.py'), '--binary', str(server_binary), '--workdir',
         str(tmp_path / 'faults'), '--seconds', seconds, '--seed', str(seed)],
        capture_output=True, text=True, timeout=float(seconds) + 240)
    lines = result.stdout.strip().splitlines()
    assert lines, f'no summary; stderr:\n{result.stderr[-4000:]}'
    summary = json.loads(lines[-1])
    print(json.dumps(summary))
    assert summary['problems'] == [], (summary, result.stderr[-4000:])
    assert result.returncode == 0
    assert summary['acknowledged_puts'] > 0 and summary['register_operations'] > 0
