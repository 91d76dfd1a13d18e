"""GET /metrics and the request log (issue 20, "Observability").

/metrics is Prometheus's text format, parsed here with Prometheus's own
parser (prometheus_client): request counters, errors by exception name and
latency histograms per operation and table, named after CloudWatch's
DynamoDB metrics where one exists (SuccessfulRequestLatency, UserErrors,
SystemErrors, ThrottledRequests, ReturnedItemCount,
ConditionalCheckFailedRequests, ConsumedReadCapacityUnits,
ConsumedWriteCapacityUnits), plus the server's own: connections,
RocksDB, the row cache, write health, GSI backfills. The health line stays
on GET /; other paths are 404.

--access-log writes one line per API request (text or JSON lines) with its
request id, operation, table, status, exception name, items, bytes and
latency; an authentication failure carries its reason, never a signature.

Sources: CloudWatch's "DynamoDB metrics and dimensions" (the metric names),
Prometheus's "Exposition formats" (text format 0.0.4).
"""

import json
import socket
import time

import pytest

import util

prometheus_parser = pytest.importorskip('prometheus_client.parser')


def _scrape(url):
    response = util.http_request(url + '/metrics', method='GET')
    assert response.status == 200, response
    assert response.headers['content-type'].startswith('text/plain; version=0.0.4'), response.headers
    families = {}
    for family in prometheus_parser.text_string_to_metric_families(response.body.decode()):
        families[family.name] = family
    return families


def _value(families, family, sample_name=None, **labels):
    """The value of the sample of `family` with these labels (0 if none)."""
    sample_name = sample_name or family
    if family not in families:
        return 0
    for sample in families[family].samples:
        if sample.name == sample_name and all(sample.labels.get(k) == v for k, v in labels.items()):
            return sample.value
    return 0


def _counter(families, name, **labels):
    # prometheus_client names counter families without "_total".
    return _value(families, name[:-len('_total')], name, **labels)


def test_metrics_page_parses_and_has_the_families(endpoint_url, server_binary):
    families = _scrape(endpoint_url)
    for name in ['dynastore_requests', 'dynastore_user_errors', 'dynastore_system_errors',
                 'dynastore_throttled_requests', 'dynastore_conditional_check_failed_requests',
                 'dynastore_returned_items', 'dynastore_errors', 'dynastore_successful_request_latency_seconds',
                 'dynastore_http_connections', 'dynastore_write_healthy', 'dynastore_tables',
                 'dynastore_rocksdb_block_cache_capacity_bytes', 'dynastore_rocksdb_pending_compaction_bytes',
                 'dynastore_rocksdb_write_stopped', 'dynastore_rocksdb_block_cache_hits',
                 'dynastore_row_cache_hits', 'dynastore_gsi_backfill_entries',
                 'dynastore_consumed_read_capacity_units', 'dynastore_consumed_write_capacity_units']:
        assert name in families, (name, sorted(families))
    assert _value(families, 'dynastore_write_healthy') == 1
    assert _value(families, 'dynastore_http_connections', scheme='http') >= 1


def test_requests_errors_and_items_are_counted_per_operation_and_table(endpoint_url, dynamodb, hash_table,
                                                                       random_key):
    before = _scrape(endpoint_url)
    dynamodb.put_item(TableName=hash_table, Item={'pk': {'S': random_key}, 'v': {'N': '1'}})
    dynamodb.get_item(TableName=hash_table, Key={'pk': {'S': random_key}})
    dynamodb.get_item(TableName=hash_table, Key={'pk': {'S': random_key + '-absent'}})
    with pytest.raises(dynamodb.exceptions.ConditionalCheckFailedException):
        dynamodb.put_item(TableName=hash_table, Item={'pk': {'S': random_key}},
                          ConditionExpression='attribute_not_exists(pk)')
    with pytest.raises(dynamodb.exceptions.ResourceNotFoundException):
        dynamodb.get_item(TableName=hash_table + '-missing', Key={'pk': {'S': 'x'}})
    after = _scrape(endpoint_url)

    def delta(name, **labels):
        return _counter(after, name, **labels) - _counter(before, name, **labels)

    assert delta('dynastore_requests_total', operation='PutItem', table=hash_table) == 2
    assert delta('dynastore_requests_total', operation='GetItem', table=hash_table) == 2
    assert delta('dynastore_returned_items_total', operation='GetItem', table=hash_table) == 1
    assert delta('dynastore_conditional_check_failed_requests_total', operation='PutItem', table=hash_table) == 1
    assert delta('dynastore_user_errors_total', operation='PutItem', table=hash_table) == 1
    assert delta('dynastore_errors_total', operation='PutItem', table=hash_table,
                 exception='ConditionalCheckFailedException') == 1
    assert delta('dynastore_errors_total', operation='GetItem', table=hash_table + '-missing',
                 exception='ResourceNotFoundException') == 1
    assert delta('dynastore_system_errors_total', operation='PutItem', table=hash_table) == 0


def test_consumed_capacity_is_counted_per_operation_and_table(endpoint_url, dynamodb, hash_table, random_key):
    # CloudWatch's ConsumedReadCapacityUnits / ConsumedWriteCapacityUnits,
    # counted whether or not the request asked for ReturnConsumedCapacity
    # (test_capacity.py has a case per rule).
    before = _scrape(endpoint_url)
    dynamodb.put_item(TableName=hash_table, Item={'pk': {'S': random_key}, 'p': {'S': 'x' * 1500}})  # 2 units
    dynamodb.get_item(TableName=hash_table, Key={'pk': {'S': random_key}})  # 0.5
    dynamodb.get_item(TableName=hash_table, Key={'pk': {'S': random_key}}, ConsistentRead=True)  # 1
    after = _scrape(endpoint_url)

    def delta(name, operation):
        return (_counter(after, name, operation=operation, table=hash_table)
                - _counter(before, name, operation=operation, table=hash_table))

    assert delta('dynastore_consumed_write_capacity_units_total', 'PutItem') == 2.0
    assert delta('dynastore_consumed_read_capacity_units_total', 'PutItem') == 0.0
    assert delta('dynastore_consumed_read_capacity_units_total', 'GetItem') == 1.5


def test_query_counts_returned_items(endpoint_url, dynamodb, hash_table, random_key):
    dynamodb.put_item(TableName=hash_table, Item={'pk': {'S': random_key}})
    before = _scrape(endpoint_url)
    dynamodb.query(TableName=hash_table, KeyConditionExpression='pk = :k',
                   ExpressionAttributeValues={':k': {'S': random_key}})
    after = _scrape(endpoint_url)
    assert (_counter(after, 'dynastore_returned_items_total', operation='Query', table=hash_table)
            - _counter(before, 'dynastore_returned_items_total', operation='Query', table=hash_table)) == 1


def test_latency_histogram_is_cumulative_and_counts_successes(endpoint_url, dynamodb, hash_table, random_key):
    for _ in range(5):
        dynamodb.put_item(TableName=hash_table, Item={'pk': {'S': random_key}})
    families = _scrape(endpoint_url)
    histogram = families['dynastore_successful_request_latency_seconds']
    buckets = [(s.labels['le'], s.value) for s in histogram.samples
               if s.name.endswith('_bucket') and s.labels['operation'] == 'PutItem' and s.labels['table'] == hash_table]
    assert buckets and buckets[-1][0] == '+Inf', buckets
    values = [v for _, v in buckets]
    assert values == sorted(values), buckets
    count = _value(families, 'dynastore_successful_request_latency_seconds',
                   'dynastore_successful_request_latency_seconds_count', operation='PutItem', table=hash_table)
    assert values[-1] == count >= 5
    total = _value(families, 'dynastore_successful_request_latency_seconds',
                   'dynastore_successful_request_latency_seconds_sum', operation='PutItem', table=hash_table)
    assert 0 < total < count  # each well under a second


def test_health_line_stays_and_unknown_paths_are_404(endpoint_url):
    health = util.http_request(endpoint_url + '/', method='GET')
    assert health.status == 200 and health.body.startswith(b'healthy: ')
    assert util.http_request(endpoint_url + '/no-such-page', method='GET').status == 404


# --------------------------------------------------------------------------
# The request log

@pytest.fixture(scope='module', params=['text', 'json'])
def logged_server(request, tmp_path_factory):
    binary = request.getfixturevalue('server_binary')
    workdir = tmp_path_factory.mktemp('access-log-' + request.param)
    factory = util.ServerFactory(binary, log_dir=str(workdir / 'logs'),
                                 start_timeout=request.config.getoption('--server-start-timeout'))
    try:
        yield request.param, factory.start(workdir / 'data', ['--log-level', 'info', '--access-log', 'info',
                                                              '--access-log-format', request.param])
    finally:
        factory.close()


def _log_lines(server, needle, timeout=5):
    deadline = time.monotonic() + timeout
    while True:
        lines = [line for line in server.output(limit=1 << 20).splitlines() if needle in line]
        if lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_access_log_has_one_line_per_request(logged_server):
    form, server = logged_server
    client = util.make_client(server.url)
    table = util.unique_table_name('log')
    client.create_table(TableName=table, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    util.wait_for_active(client, table)
    client.put_item(TableName=table, Item={'pk': {'S': 'a'}})
    answer = client.get_item(TableName=table, Key={'pk': {'S': 'a'}})
    request_id = answer['ResponseMetadata']['RequestId']
    lines = _log_lines(server, request_id)
    assert len(lines) == 1, lines
    line = lines[0]
    if form == 'json':
        entry = json.loads(line[line.index('{'):])
        assert entry['request_id'] == request_id
        assert entry['operation'] == 'GetItem'
        assert entry['table'] == table
        assert entry['status'] == 200 and entry['error'] == ''
        assert entry['items'] == 1
        assert entry['request_bytes'] > 0 and entry['response_bytes'] > 0
        assert entry['latency_us'] >= 0
    else:
        for part in ['GetItem', f'table={table}', 'status=200', 'error=-', 'items=1', 'latency=']:
            assert part in line, (part, line)


def test_access_log_gives_an_auth_failures_reason_without_the_signature(logged_server):
    form, server = logged_server
    secret_signature = 'feedfacecafe' * 5
    day = time.strftime('%Y%m%d', time.gmtime())
    # No SignedHeaders: IncompleteSignature, whose text quotes the header.
    headers = {'Content-Type': util.JSON_CONTENT_TYPE, 'X-Amz-Target': util.TARGET_PREFIX + 'ListTables',
               'X-Amz-Date': time.strftime('%Y%m%dT%H%M%SZ', time.gmtime()),
               'Authorization': f'AWS4-HMAC-SHA256 Credential=AKIDLOG/{day}/{util.REGION}/dynamodb/aws4_request, '
                                f'Signature={secret_signature}'}
    response = util.http_request(server.url, body=b'{}', headers=headers)
    assert response.status == 400
    request_id = response.headers['x-amzn-requestid']
    lines = _log_lines(server, request_id)
    assert len(lines) == 1, lines
    assert 'IncompleteSignatureException' in lines[0]
    assert 'SignedHeaders' in lines[0]  # the reason: what is missing
    assert secret_signature not in server.output(limit=1 << 20)
