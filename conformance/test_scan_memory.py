"""A scan streams: reading a table far larger than the store's block cache
keeps the server's memory flat (issue "Query, Scan and batch operations":
scans and queries read a consistent snapshot without holding the whole table
in memory). Our own binary only: it watches the server process's RSS."""
import os
import time

import pytest

import util

ITEM_BYTES = 350 * 1024     # under the 400 KB item limit
ITEMS = 600                 # about 210 MB of items
CACHE_MB = 16
# The scan may use the block cache, a page (1 MB) and per-request buffers;
# it must not grow with the table (210 MB).
ALLOWED_GROWTH_MB = 80


@pytest.fixture
def big_table_server(request, server_factory, tmp_path):
    if request.config.getoption('--endpoint-url'):
        pytest.skip('needs our own server process')
    url, server = server_factory(str(tmp_path / 'data'), ['--block-cache-mb', str(CACHE_MB)])
    return url, server


def test_scan_of_a_table_larger_than_memory_budget_keeps_rss_flat(big_table_server):
    url, server = big_table_server
    client = util.make_client(url)
    name = 'conf-scan-memory'
    client.create_table(TableName=name, KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}],
                        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'}],
                        BillingMode='PAY_PER_REQUEST')
    payload = 'x' * ITEM_BYTES
    deadline = time.monotonic() + 120
    for i in range(ITEMS):
        assert time.monotonic() < deadline, 'writing the table took too long'
        client.put_item(TableName=name, Item={'pk': {'S': f'item-{i:05d}'}, 'payload': {'S': payload}})

    pid = server.process.pid
    before = util.rss_mb(pid)
    peak = before
    seen = set()
    pages = 0
    start_key = None
    while True:
        assert time.monotonic() < deadline + 120, 'the scan took too long'
        kwargs = {'TableName': name}
        if start_key:
            kwargs['ExclusiveStartKey'] = start_key
        page = client.scan(**kwargs)
        pages += 1
        seen.update(item['pk']['S'] for item in page['Items'])
        peak = max(peak, util.rss_mb(pid))
        start_key = page.get('LastEvaluatedKey')
        if not start_key:
            break
    assert len(seen) == ITEMS
    # Pages of about 1 MB: a page ends with the item that reaches 1 MB.
    assert pages >= ITEMS * ITEM_BYTES // (1024 * 1024 + ITEM_BYTES)
    print(f'server RSS {before:.0f} MB before the scan, {peak:.0f} MB at most during it')
    assert peak - before < ALLOWED_GROWTH_MB, f'RSS grew from {before:.0f} MB to {peak:.0f} MB during the scan'
