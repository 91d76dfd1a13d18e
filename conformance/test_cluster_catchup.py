"""A replica that missed many writes catches up (cluster_catchup.py), both
ways: from the log when it still holds what was missed, by copying the
leader's store when the log's memory budget let those entries go. Small
here (CATCHUP_MEGABYTES, 64 by default); `make cluster-catchup` runs 1 GB
and prints the figures."""

import os

import pytest

import cluster_catchup

MEGABYTES = int(os.environ.get('CATCHUP_MEGABYTES', '64'))


@pytest.mark.parametrize('path', ['log', 'copy'])
def test_a_replica_that_missed_many_writes_catches_up(server_binary, tmp_path, path):
    # The log keeps what it holds within half its budget after a snapshot:
    # four times what is written keeps it all; a budget of 4 MiB lets all but
    # a few entries go.
    log_memory_mib = 4 * MEGABYTES if path == 'log' else 4
    summary = cluster_catchup.run(server_binary, tmp_path / 'cluster', MEGABYTES, log_memory_mib)
    print(summary)
    assert summary['path'] == path
    assert summary['items_on_replica'] == summary['items']
