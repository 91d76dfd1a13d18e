"""Fault injection (issue 20, "Test realism"): faults armed through the
admin endpoint (--admin-port, loopback only) or --faults-file make requests
fail exactly as DynamoDB's failures look to a client, or answer late, so a
test can check an application's error handling and retries.

What a client sees of each kind comes from DynamoDB's documentation and
from answers clients have quoted:
- InternalServerError: HTTP 500, "Internal server error" (API Reference,
  Common Errors; every operation's Errors).
- ProvisionedThroughputExceededException: HTTP 400, "The level of
  configured provisioned throughput for the table was exceeded. Consider
  increasing your provisioning level with the UpdateTable API." (quoted in
  many public issues, e.g. mifi/dynamodump#20, apache/hadoop#1814).
- ThrottlingException: HTTP 400; on item operations "Throughput exceeds the
  current capacity of your table or index. ..." (quoted in
  praetorian-inc/chariot-ui#684), on control-plane ones "Rate of requests
  exceeds the allowed throughput." (Developer Guide, "Error handling").
- TransactionConflictException (PutItem, UpdateItem, DeleteItem): HTTP 400,
  "Transaction is ongoing for the item"; TransactWriteItems and
  TransactGetItems are cancelled instead: TransactionCanceledException with
  a TransactionConflict reason (API Reference, TransactWriteItems).
An injected error changes nothing: the request is not run.

The SDKs' own retries (boto3's standard mode, the AWS SDK for JavaScript
v3's default) are shown recovering from a count of throttling errors.
"""

import json
import subprocess
import threading
import time

import pytest

import util

pytestmark = pytest.mark.dynastore_only

ITEM_THROTTLING = ('Throughput exceeds the current capacity of your table or index. DynamoDB is automatically '
                   'scaling your table or index so please try again shortly. If exceptions persist, check if you '
                   'have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/'
                   'bp-partition-key-design.html')
PROVISIONED = ('The level of configured provisioned throughput for the table was exceeded. Consider increasing '
               'your provisioning level with the UpdateTable API.')


class FaultServer:
    """A dynastore with an admin endpoint and an access log."""

    def __init__(self, server, admin_url):
        self.server = server
        self.url = server.url
        self.admin_url = admin_url

    def arm(self, rule):
        response = util.http_request(self.admin_url + '/faults', method='POST', body=json.dumps(rule))
        assert response.status == 200, response
        return response.json()['faults']

    def armed(self):
        response = util.http_request(self.admin_url + '/faults', method='GET')
        assert response.status == 200, response
        assert response.headers['content-type'] == 'application/json'
        return response.json()['faults']

    def reset(self):
        response = util.http_request(self.admin_url + '/faults', method='DELETE')
        assert response.status == 200, response
        assert response.json() == {'faults': []}


@pytest.fixture(scope='module')
def fault_server(request, server_binary, tmp_path_factory):
    workdir = tmp_path_factory.mktemp('faults')
    admin_port = util.free_port()
    factory = util.ServerFactory(server_binary, log_dir=str(workdir / 'logs'),
                                 start_timeout=request.config.getoption('--server-start-timeout'))
    try:
        server = factory.start(workdir / 'data', ['--admin-port', admin_port, '--log-level', 'info',
                                                  '--access-log', 'info'])
        yield FaultServer(server, f'http://127.0.0.1:{admin_port}')
    finally:
        factory.close()


@pytest.fixture
def faults(fault_server):
    fault_server.reset()
    yield fault_server
    fault_server.reset()


@pytest.fixture(scope='module')
def client(fault_server):
    return util.make_client(fault_server.url)  # no retries: each answer is seen


@pytest.fixture(scope='module')
def tables(fault_server, client):
    names = [util.unique_table_name('faults'), util.unique_table_name('faults')]
    for name in names:
        client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
    for name in names:
        util.wait_for_active(client, name)
    return names


def _item(client, table, key):
    return client.get_item(TableName=table, Key={'pk': {'S': key}}, ConsistentRead=True).get('Item')


def test_nothing_is_armed_by_default(faults):
    assert faults.armed() == []


@pytest.mark.parametrize('error, status, message', [
    ('InternalServerError', 500, 'Internal server error'),
    ('ThrottlingException', 400, ITEM_THROTTLING),
    ('ProvisionedThroughputExceededException', 400, PROVISIONED),
    ('TransactionConflictException', 400, 'Transaction is ongoing for the item'),
])
def test_each_error_kind_fails_the_request_and_changes_nothing(faults, client, tables, random_key, error, status,
                                                               message):
    faults.arm({'operation': 'PutItem', 'table': tables[0], 'error': error, 'count': 1})
    with pytest.raises(client.exceptions.ClientError) as e:
        client.put_item(TableName=tables[0], Item={'pk': {'S': random_key}})
    util.assert_client_error(e, error, message, status=status)
    assert _item(client, tables[0], random_key) is None  # not run
    assert faults.armed() == []  # its count is used up
    client.put_item(TableName=tables[0], Item={'pk': {'S': random_key}})
    assert _item(client, tables[0], random_key) == {'pk': {'S': random_key}}


def test_control_plane_throttling_has_its_own_message(faults, client):
    faults.arm({'operation': 'ListTables', 'error': 'ThrottlingException', 'count': 1})
    with pytest.raises(client.exceptions.ClientError) as e:
        client.list_tables()
    util.assert_client_error(e, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.')
    client.list_tables()


def test_wire_error_types(faults, tables):
    """The __type namespaces DynamoDB sends (clients read the part after #)."""
    faults.arm({'error': 'ProvisionedThroughputExceededException', 'count': 1})
    faults.arm({'error': 'ThrottlingException', 'count': 1})
    payload = {'TableName': tables[0], 'Key': {'pk': {'S': 'x'}}}
    first = util.dynamodb_request(faults.url, 'GetItem', payload)
    assert first.status == 400
    assert first.json()['__type'] == 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException'
    second = util.dynamodb_request(faults.url, 'GetItem', payload)
    assert second.json()['__type'] == 'com.amazon.coral.availability#ThrottlingException'
    third = util.dynamodb_request(faults.url, 'GetItem', payload)
    assert third.status == 200, third


def test_transact_write_is_cancelled_with_a_transaction_conflict_reason(faults, client, tables, random_key):
    faults.arm({'operation': 'TransactWriteItems', 'error': 'TransactionConflict', 'count': 1})
    actions = [{'Put': {'TableName': tables[0], 'Item': {'pk': {'S': random_key}}}},
               {'Put': {'TableName': tables[1], 'Item': {'pk': {'S': random_key}}}}]
    with pytest.raises(client.exceptions.TransactionCanceledException) as e:
        client.transact_write_items(TransactItems=actions)
    util.assert_client_error(e, 'TransactionCanceledException',
                             'Transaction cancelled, please refer cancellation reasons for specific reasons '
                             '[TransactionConflict, None]')
    assert e.value.response['CancellationReasons'] == [
        {'Code': 'TransactionConflict', 'Message': 'Transaction is ongoing for the item'}, {'Code': 'None'}]
    assert _item(client, tables[0], random_key) is None
    assert _item(client, tables[1], random_key) is None
    client.transact_write_items(TransactItems=actions)
    assert _item(client, tables[1], random_key) is not None


def test_transact_get_is_cancelled_with_a_transaction_conflict_reason(faults, client, tables, random_key):
    faults.arm({'operation': 'TransactGetItems', 'error': 'TransactionConflictException', 'count': 1})
    with pytest.raises(client.exceptions.TransactionCanceledException) as e:
        client.transact_get_items(TransactItems=[{'Get': {'TableName': tables[0], 'Key': {'pk': {'S': random_key}}}}])
    assert e.value.response['CancellationReasons'] == [
        {'Code': 'TransactionConflict', 'Message': 'Transaction is ongoing for the item'}]


def test_operation_and_table_filters(faults, client, tables, random_key):
    faults.arm({'operation': 'GetItem', 'table': tables[0], 'error': 'InternalServerError'})
    client.put_item(TableName=tables[0], Item={'pk': {'S': random_key}})  # another operation
    client.get_item(TableName=tables[1], Key={'pk': {'S': random_key}})  # another table
    for _ in range(3):  # no count: every matching request
        with pytest.raises(client.exceptions.ClientError) as e:
            client.get_item(TableName=tables[0], Key={'pk': {'S': random_key}})
        util.assert_client_error(e, 'InternalServerError', status=500)
    assert faults.armed()[0]['injected'] == 3

    faults.reset()
    faults.arm({'table': tables[1], 'error': 'ProvisionedThroughputExceededException', 'count': 1})
    # A batch naming the table anywhere matches.
    with pytest.raises(client.exceptions.ProvisionedThroughputExceededException):
        client.batch_write_item(RequestItems={
            tables[0]: [{'PutRequest': {'Item': {'pk': {'S': random_key + 'a'}}}}],
            tables[1]: [{'PutRequest': {'Item': {'pk': {'S': random_key + 'b'}}}}]})
    assert _item(client, tables[0], random_key + 'a') is None


def test_kinds_fire_only_where_dynamodb_can_answer_them(faults, client, tables, random_key):
    """A rule for any operation skips those that never answer its error."""
    faults.arm({'error': 'TransactionConflictException'})
    client.get_item(TableName=tables[0], Key={'pk': {'S': random_key}})
    client.describe_table(TableName=tables[0])
    with pytest.raises(client.exceptions.TransactionConflictException):
        client.delete_item(TableName=tables[0], Key={'pk': {'S': random_key}})


def test_probability_is_repeatable_under_a_seed(faults, client, tables, random_key):
    def pattern():
        faults.reset()
        faults.arm({'operation': 'GetItem', 'error': 'InternalServerError', 'probability': 0.5, 'seed': 42})
        fired = ''
        for _ in range(24):
            try:
                client.get_item(TableName=tables[0], Key={'pk': {'S': random_key}})
                fired += '.'
            except client.exceptions.ClientError as e:
                assert e.response['Error']['Code'] == 'InternalServerError'
                fired += 'x'
        return fired

    first = pattern()
    assert first == pattern()
    assert 4 <= first.count('x') <= 20, first


def test_delay_holds_the_answer_and_nothing_else(faults, client, tables, random_key):
    faults.arm({'operation': 'PutItem', 'table': tables[0], 'delay_ms': 600, 'count': 1})
    other = util.make_client(faults.url)
    done = {}

    def slow_put():
        started = time.monotonic()
        client.put_item(TableName=tables[0], Item={'pk': {'S': random_key}})
        done['seconds'] = time.monotonic() - started

    thread = threading.Thread(target=slow_put)
    thread.start()
    try:
        time.sleep(0.15)
        # The delayed answer holds no I/O thread: another connection is
        # answered meanwhile, and the write itself ran at once.
        started = time.monotonic()
        assert _item(other, tables[0], random_key) == {'pk': {'S': random_key}}
        assert time.monotonic() - started < 0.3
        assert 'seconds' not in done
    finally:
        thread.join(timeout=10)
    assert 0.6 <= done['seconds'] < 5, done
    started = time.monotonic()
    client.put_item(TableName=tables[0], Item={'pk': {'S': random_key}})
    assert time.monotonic() - started < 0.5


def test_listing_shows_remaining_counts_and_delete_resets(faults):
    armed = faults.arm({'operation': 'Query', 'error': 'ThrottlingException', 'count': 3})
    assert armed == [{'id': armed[0]['id'], 'operation': 'Query', 'error': 'ThrottlingException', 'count': 3,
                      'remaining': 3, 'injected': 0}]
    armed = faults.arm({'seed': 5, 'faults': [{'delay_ms': 20, 'probability': 0.25},
                                              {'table': 'x-table', 'error': 'InternalServerError'}]})
    assert len(armed) == 3
    assert armed[1]['delay_ms'] == 20 and armed[1]['probability'] == 0.25 and armed[1]['seed'] == 5
    assert armed[2]['seed'] == 6 and armed[2]['table'] == 'x-table'
    assert faults.armed() == armed
    faults.reset()
    assert faults.armed() == []


@pytest.mark.parametrize('rule, reason', [
    ({'operation': 'GetItem', 'error': 'TransactionConflictException'}, 'GetItem never answers'),
    ({'operation': 'Frobnicate', 'error': 'InternalServerError'}, 'unknown operation'),
    ({'error': 'Throttled'}, 'error must be'),
    ({'error': 'InternalServerError', 'count': 0}, 'count must be at least 1'),
    ({'error': 'InternalServerError', 'probability': 2}, 'probability'),
    ({'delay_ms': 0}, 'delay_ms must be'),
    ({'error': 'InternalServerError', 'tabel': 'x'}, 'unknown member "tabel"'),
])
def test_bad_rules_are_refused_and_nothing_is_armed(faults, rule, reason):
    response = util.http_request(faults.admin_url + '/faults', method='POST',
                                 body=json.dumps([{'error': 'InternalServerError'}, rule]))
    assert response.status == 400, response
    assert reason in response.body.decode(), response
    assert faults.armed() == []


def test_admin_endpoint_answers_only_faults(faults):
    assert util.http_request(faults.admin_url + '/', method='GET').status == 404
    assert util.http_request(faults.admin_url + '/faults', method='PUT', body=b'{}').status == 405
    # The DynamoDB port has no /faults.
    assert util.http_request(faults.url + '/faults', method='GET').status == 404


def test_injected_faults_are_counted_and_logged(faults, client, tables, random_key):
    prometheus_parser = pytest.importorskip('prometheus_client.parser')

    def scrape():
        body = util.http_request(faults.url + '/metrics', method='GET').body.decode()
        values = {}
        for family in prometheus_parser.text_string_to_metric_families(body):
            for sample in family.samples:
                if sample.labels.get('operation') == 'UpdateItem' and sample.labels.get('table') == tables[0]:
                    values[sample.name] = values.get(sample.name, 0) + sample.value
        return values

    before = scrape()
    faults.arm({'operation': 'UpdateItem', 'error': 'InternalServerError', 'count': 1})
    faults.arm({'operation': 'UpdateItem', 'error': 'ThrottlingException', 'count': 1})
    request_ids = []
    for _ in range(2):
        with pytest.raises(client.exceptions.ClientError) as e:
            client.update_item(TableName=tables[0], Key={'pk': {'S': random_key}},
                               UpdateExpression='SET v = :v', ExpressionAttributeValues={':v': {'N': '1'}})
        request_ids.append(e.value.response['ResponseMetadata']['RequestId'])
    after = scrape()

    def delta(name):
        return after.get(name, 0) - before.get(name, 0)

    assert delta('dynastore_system_errors_total') == 1  # SystemErrors
    assert delta('dynastore_throttled_requests_total') == 1  # ThrottledRequests
    assert delta('dynastore_user_errors_total') == 1
    deadline = time.monotonic() + 5
    while True:
        log = faults.server.output(limit=1 << 20)
        lines = [line for line in log.splitlines() if any(rid in line for rid in request_ids)]
        if len(lines) == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(lines) == 2, lines
    assert 'status=500 error=InternalServerError' in lines[0] and 'injected="InternalServerError"' in lines[0]
    assert 'error=ThrottlingException' in lines[1] and 'injected="ThrottlingException"' in lines[1]
    # An injected 500 is not logged as a server error.
    assert 'request ' + request_ids[0] + ': Internal server error' not in log


def test_faults_file_arms_rules_at_start(server_factory, tmp_path):
    rules = tmp_path / 'faults.json'
    rules.write_text(json.dumps({'seed': 1, 'faults': [{'operation': 'ListTables', 'error': 'InternalServerError',
                                                         'count': 2}]}))
    url, _ = server_factory(tmp_path / 'data', ['--faults-file', rules])
    client = util.make_client(url)
    for _ in range(2):
        with pytest.raises(client.exceptions.ClientError) as e:
            client.list_tables()
        util.assert_client_error(e, 'InternalServerError', status=500)
    assert client.list_tables()['TableNames'] == []


def _run_to_exit(binary, args):
    return subprocess.run([str(binary), *map(str, args)], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=30)


def test_bad_faults_file_or_public_admin_host_stop_the_start(server_binary, tmp_path):
    rules = tmp_path / 'faults.json'
    rules.write_text('{"error": "Throttled"}')
    bad_file = _run_to_exit(server_binary, ['--in-memory', '--host', '127.0.0.1', '--port', '0',
                                            '--faults-file', rules])
    assert bad_file.returncode == 1
    assert 'bad --faults-file' in bad_file.stderr + bad_file.stdout
    public = _run_to_exit(server_binary, ['--in-memory', '--admin-port', '1', '--admin-host', '0.0.0.0'])
    assert public.returncode == 2
    assert '--admin-host must be a loopback address' in public.stderr


# --------------------------------------------------------------------------
# The SDKs' own retries

@pytest.mark.parametrize('error', ['ThrottlingException', 'ProvisionedThroughputExceededException'])
def test_boto3_standard_retries_recover(faults, tables, random_key, error):
    retrying = util.make_client(faults.url, retries={'mode': 'standard', 'total_max_attempts': 4})
    faults.arm({'operation': 'PutItem', 'table': tables[0], 'error': error, 'count': 2})
    answer = retrying.put_item(TableName=tables[0], Item={'pk': {'S': random_key}, 'n': {'N': '7'}})
    assert answer['ResponseMetadata']['RetryAttempts'] == 2
    assert faults.armed() == []
    assert _item(retrying, tables[0], random_key) == {'pk': {'S': random_key}, 'n': {'N': '7'}}


@pytest.mark.parametrize('error', ['ThrottlingException', 'ProvisionedThroughputExceededException'])
def test_js_sdk_v3_default_retries_recover(faults, js_sdk, client, tables, random_key, error):
    faults.arm({'operation': 'PutItem', 'table': tables[0], 'error': error, 'count': 2})
    result = js_sdk.run('put', faults.url, tables[0], random_key, script='retry_client.mjs')
    assert result['attempts'] == 3, result  # two throttled, then written
    assert faults.armed() == []
    assert _item(client, tables[0], random_key) == {'pk': {'S': random_key}, 'by': {'S': 'js'}}
