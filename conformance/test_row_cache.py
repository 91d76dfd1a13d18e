"""Our server's row cache (--row-cache-mb) changes no answer: reads after
writes, overwrites, deletes, conditional writes and batches read the
same with the cache off, with the default cache, and with
one so small that it evicts all the time. The rest of the suite runs with
the default cache; these tests start separate servers, so they need our
binary and skip with --endpoint-url.
"""

import subprocess

import pytest

import util

N_ITEMS = 200


def _key(i):
    return {'pk': {'S': f'key-{i:04}'}}


def _item(i, version):
    # 1 to 3 KB, so a 1 MB cache (16 KiB a shard) holds only a few per shard.
    return dict(_key(i), version={'N': str(version)}, payload={'S': f'{i}:{version}:' + 'x' * (1000 + (i % 3) * 1000)})


def _get(client, table, i):
    return client.get_item(TableName=table, Key=_key(i), ConsistentRead=True).get('Item')


@pytest.mark.parametrize('flags', [['--row-cache-mb', '0'], [], ['--row-cache-mb', '1']],
                         ids=['off', 'default', 'tiny'])
def test_reads_see_every_acknowledged_write(server_factory, tmp_path, flags):
    url, _ = server_factory(tmp_path / 'data', flags)
    client = util.make_client(url)
    table = util.unique_table_name('rowcache')
    client.create_table(TableName=table, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    util.wait_for_active(client, table)

    for i in range(N_ITEMS):
        client.put_item(TableName=table, Item=_item(i, 1))
    for i in range(N_ITEMS):  # read, so that the cache holds what it can
        assert _get(client, table, i) == _item(i, 1)

    # Overwrites, updates and deletes of items the cache holds.
    for i in range(0, N_ITEMS, 2):
        client.put_item(TableName=table, Item=_item(i, 2))
    for i in range(1, N_ITEMS, 4):
        client.update_item(TableName=table, Key=_key(i), UpdateExpression='SET version = :v',
                           ExpressionAttributeValues={':v': {'N': '3'}})
    for i in range(3, N_ITEMS, 4):
        client.delete_item(TableName=table, Key=_key(i))

    # A failed condition changes nothing; a conditional write that holds and
    # a batch do.
    with pytest.raises(client.exceptions.ConditionalCheckFailedException):
        client.put_item(TableName=table, Item=_item(0, 9), ConditionExpression='attribute_not_exists(pk)')
    client.put_item(TableName=table, Item=_item(2, 4), ConditionExpression='version = :two',
                    ExpressionAttributeValues={':two': {'N': '2'}})
    client.delete_item(TableName=table, Key=_key(4), ConditionExpression='attribute_exists(pk)')
    client.batch_write_item(RequestItems={table: [
        {'PutRequest': {'Item': _item(6, 5)}},
        {'DeleteRequest': {'Key': _key(8)}},
    ]})

    def expected(i):
        if i in (4, 8) or i % 4 == 3:
            return None
        if i == 2:
            return _item(2, 4)
        if i == 6:
            return _item(6, 5)
        if i % 2 == 0:
            return _item(i, 2)
        return dict(_item(i, 1), version={'N': '3'})

    for _ in range(2):  # the second pass reads what the first one cached
        for i in range(N_ITEMS):
            assert _get(client, table, i) == expected(i), f'item {i}'
    batch = client.batch_get_item(RequestItems={table: {'Keys': [_key(i) for i in range(10)], 'ConsistentRead': True}})
    got = {item['pk']['S']: item for item in batch['Responses'][table]}
    assert got == {f'key-{i:04}': expected(i) for i in range(10) if expected(i) is not None}

    # A table deleted and created again under the same name starts empty.
    client.delete_table(TableName=table)
    util.wait_for_gone(client, table)
    client.create_table(TableName=table, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    util.wait_for_active(client, table)
    for i in range(10):
        assert _get(client, table, i) is None


@pytest.mark.parametrize('value', ['-1', 'lots', '1048577'])
def test_bad_row_cache_size_is_refused(server_binary, value):
    done = subprocess.run([server_binary, '--in-memory', '--port', '0', '--row-cache-mb', value],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert '--row-cache-mb must be 0..1048576' in done.stderr
