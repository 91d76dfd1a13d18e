"""The stream trigger (--stream-trigger): our server's local stand-in for an
AWS Lambda event source mapping on a DynamoDB stream (docs/stream-trigger.md).

It is not a DynamoDB API, so every test here needs our binary (marked
dynastore_only, skipped with --endpoint-url): each starts its own server
with the trigger flags it needs, and an HTTP endpoint
(util.RecordingHttpServer) or a command as the trigger's target.

What Lambda does, and so what the trigger must do, comes from the Lambda
Developer Guide: "Process DynamoDB records with Lambda" (the event: each
record as DynamoDB Streams' GetRecords returns it, plus eventSourceARN;
batches of at most BatchSize records, in order; StartingPosition
TRIM_HORIZON or LATEST; MaximumBatchingWindowInSeconds), "Lambda parameters
for Amazon DynamoDB event source mappings" (defaults: BatchSize 100, at
most 10,000; MaximumRetryAttempts -1), "Configuring partial batch response
with DynamoDB and Lambda" (ReportBatchItemFailures: "if the
batchItemFailures array contains multiple items, Lambda uses the record
with the lowest sequence number as the checkpoint. Lambda then retries all
records starting from that checkpoint"; an empty or null list, or an empty
or null response, is a complete success; an empty-string, null or bad
itemIdentifier a complete failure), "Retaining discarded records for a
DynamoDB event source" (a failing batch is retried until MaximumRetryAttempts,
then its invocation record - requestContext.condition
"RetryAttemptsExhausted", approximateInvokeCount, DDBStreamBatchInfo - goes
to the on-failure destination and processing goes on), and "DynamoDB
Streams and Time to Live" (a TTL deletion's record has userIdentity
{"type": "Service", "principalId": "dynamodb.amazonaws.com"}, the Lambda
event's lower-case spelling of the Streams API's Identity). A function
error reaches the caller of Lambda's Invoke API as an X-Amz-Function-Error
header, and Lambda's runtime interface emulator answers a failed
invocation with just the error document {"errorType", "errorMessage"}.

The trigger polls every 100 ms, so deliveries are awaited for a bounded
time (DELIVERY_WAIT) and a short quiet period shows nothing more comes.
"""

import json
import os
import re
import shlex
import sys
import threading
import time
from pathlib import Path

import pytest

import util
from util import S, N
from test_local_compat import run_binary

pytestmark = pytest.mark.dynastore_only

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DIR = REPO_ROOT / 'examples' / 'stream-trigger'
# Where the trigger POSTs in the examples: the invocation path of Lambda's
# runtime interface emulator.
INVOKE_PATH = '/2015-03-31/functions/function/invocations'
DELIVERY_WAIT = 15      # seconds a record may take to reach the target
QUIET = 0.8             # seconds without a delivery that show nothing more comes
BACKOFF = 50            # retry-backoff-ms for the retry tests
TTL_SERVICE = {'type': 'Service', 'principalId': 'dynamodb.amazonaws.com'}
SPEC_ERROR = 'dynastore: --stream-trigger: '
UTC_TIME_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$')


# --------------------------------------------------------------------------
# Helpers

def _spec(table, target, **settings):
    """--stream-trigger's value: table first, settings (dashes for
    underscores), target last."""
    def text(value):
        return ('true' if value else 'false') if isinstance(value, bool) else str(value)
    parts = [f'table={table}'] + [f'{k.replace("_", "-")}={text(v)}' for k, v in settings.items()]
    return ','.join(parts + [f'target={target}'])


def _start(server_factory, data_dir, *specs, extra=(), env=None):
    """A server with one --stream-trigger per spec: (client, url, server)."""
    args = [arg for spec in specs for arg in ('--stream-trigger', spec)]
    url, server = server_factory(data_dir, [*args, *extra], env=env)
    return util.make_client(url), url, server


def _create_stream_table(client, name, view_type='NEW_AND_OLD_IMAGES'):
    """A table keyed by pk (S) with a stream; returns its LatestStreamArn."""
    client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema(),
                        StreamSpecification={'StreamEnabled': True, 'StreamViewType': view_type})
    return util.wait_for_active(client, name)['LatestStreamArn']


def _put(client, table, pk, **attributes):
    item = {'pk': S(pk), **attributes}
    client.put_item(TableName=table, Item=item)
    return item


def _put_all(client, table, pks):
    """The items in one BatchWriteItem, so their records are in the stream
    together (or nearly)."""
    util.batch_write_all(client, table, [{'pk': S(pk)} for pk in pks])


def _pk(record):
    return record['dynamodb']['Keys']['pk']['S']


def _events(endpoint):
    return [request.json() for request in endpoint.received()]


def _batches(endpoint):
    """The pk of each record, per delivery."""
    return [[_pk(r) for r in event['Records']] for event in _events(endpoint)]


def _records(endpoint):
    return [record for event in _events(endpoint) for record in event['Records']]


def _wait_for_pks(endpoint, pks, timeout=DELIVERY_WAIT):
    """Wait until every pk in `pks` has been delivered; returns all records."""
    def check():
        delivered = {_pk(r) for r in _records(endpoint)}
        missing = [pk for pk in pks if pk not in delivered]
        assert not missing, f'not delivered yet: {missing}; deliveries: {_batches(endpoint)}'
        return _records(endpoint)
    return util.settle(check, timeout)


def _wait_for_requests(endpoint, count, timeout=DELIVERY_WAIT):
    def check():
        received = endpoint.received()
        assert len(received) >= count, f'{len(received)} deliveries, waiting for {count}: {_batches(endpoint)}'
        return received
    return util.settle(check, timeout)


def _assert_quiet(endpoint, count, seconds=QUIET):
    """Nothing beyond the first `count` deliveries comes within `seconds`."""
    time.sleep(seconds)
    assert len(endpoint.received()) == count, _batches(endpoint)


def _stream_label(arn):
    return arn.rsplit('/stream/', 1)[1]


def _raw_stream_records(url, arn):
    """Every record of the stream as GetRecords returns it on the wire (not
    parsed by boto3, which turns dates into datetimes)."""
    def call(operation, payload):
        response = util.dynamodb_request(url, 'DynamoDBStreams_20120810.' + operation, payload)
        assert response.status == 200, response
        return response.json()
    records = []
    for shard in call('DescribeStream', {'StreamArn': arn})['StreamDescription']['Shards']:
        iterator = call('GetShardIterator', {'StreamArn': arn, 'ShardId': shard['ShardId'],
                                             'ShardIteratorType': 'TRIM_HORIZON'})['ShardIterator']
        for _ in range(100):
            page = call('GetRecords', {'ShardIterator': iterator})
            records.extend(page['Records'])
            iterator = page.get('NextShardIterator')
            if not page['Records'] or not iterator:
                break
    return records


def _assert_lambda_record(record, arn, view_type):
    """The fields every record of a Lambda event for a DynamoDB stream has."""
    assert record['eventSource'] == 'aws:dynamodb'
    assert record['eventVersion'] == '1.1'
    assert record['awsRegion'] == util.REGION
    assert record['eventSourceARN'] == arn
    assert record['eventName'] in ('INSERT', 'MODIFY', 'REMOVE')
    assert isinstance(record['eventID'], str) and record['eventID']
    body = record['dynamodb']
    assert body['StreamViewType'] == view_type
    assert util.SEQUENCE_NUMBER_RE.match(body['SequenceNumber'])
    assert isinstance(body['SizeBytes'], int) and body['SizeBytes'] > 0
    assert isinstance(body['ApproximateCreationDateTime'], (int, float))


@pytest.fixture
def endpoint():
    """A local HTTP endpoint standing in for a Lambda function: records
    every POST, answers 200 with an empty body unless the test sets
    `endpoint.respond`."""
    with util.RecordingHttpServer() as server:
        yield server


# --------------------------------------------------------------------------
# The HTTP target and the event

def test_http_target_delivers_lambda_events_in_batches(server_factory, tmp_path, endpoint):
    # Seven records written before the trigger starts; with batch-size 3
    # and the trigger at TRIM_HORIZON they arrive as 3 + 3 + 1, in order,
    # each exactly as GetRecords returns it plus eventSourceARN.
    data = tmp_path / 'data'
    client, url, server = _start(server_factory, data)
    table = util.unique_table_name('trigger')
    arn = _create_stream_table(client, table)
    _put(client, table, 'k1', v=N(1))
    _put(client, table, 'k1', v=N(2))
    client.delete_item(TableName=table, Key={'pk': S('k1')})
    for pk in ('k2', 'k3', 'k4'):
        _put(client, table, pk, v=N(1))
    client.update_item(TableName=table, Key={'pk': S('k2')}, UpdateExpression='SET v = :v',
                       ExpressionAttributeValues={':v': N(5)})
    wire_records = _raw_stream_records(url, arn)
    assert len(wire_records) == 7
    assert server.stop() == 0

    _start(server_factory, data, _spec(table, endpoint.url + INVOKE_PATH, batch_size=3))
    _wait_for_pks(endpoint, ['k2', 'k3', 'k4'])
    _assert_quiet(endpoint, 3)
    requests = endpoint.received()
    for request in requests:
        assert request.method == 'POST'
        assert request.path == INVOKE_PATH
        assert request.headers['content-type'].split(';')[0].strip() == 'application/json'
        assert set(request.json()) == {'Records'}
    assert [len(r.json()['Records']) for r in requests] == [3, 3, 1]

    records = _records(endpoint)
    assert records == [dict(r, eventSourceARN=arn) for r in wire_records]
    assert [(r['eventName'], _pk(r)) for r in records] == [
        ('INSERT', 'k1'), ('MODIFY', 'k1'), ('REMOVE', 'k1'),
        ('INSERT', 'k2'), ('INSERT', 'k3'), ('INSERT', 'k4'), ('MODIFY', 'k2')]
    for record in records:
        _assert_lambda_record(record, arn, 'NEW_AND_OLD_IMAGES')
        assert 'userIdentity' not in record
    assert records[1]['dynamodb']['OldImage'] == {'pk': S('k1'), 'v': N(1)}
    assert records[1]['dynamodb']['NewImage'] == {'pk': S('k1'), 'v': N(2)}
    assert records[2]['dynamodb']['OldImage'] == {'pk': S('k1'), 'v': N(2)}
    assert 'NewImage' not in records[2]['dynamodb']
    sequence_numbers = [int(r['dynamodb']['SequenceNumber']) for r in records]
    assert sequence_numbers == sorted(set(sequence_numbers))


def test_account_id_matches_the_callers_latest_stream_arn(server_factory, tmp_path, endpoint):
    # With --credentials naming an account, LatestStreamArn shows the
    # caller's account; account-id puts the same one in eventSourceARN.
    credentials = tmp_path / 'credentials'
    credentials.write_text(f'{util.ACCESS_KEY_ID} {util.SECRET_ACCESS_KEY} 123456789012\n')
    client, _, _ = _start(server_factory, tmp_path / 'data',
                          _spec('Accounts', endpoint.url + INVOKE_PATH, account_id='123456789012'),
                          extra=['--credentials', str(credentials)])
    arn = _create_stream_table(client, 'Accounts')
    assert ':123456789012:table/Accounts/stream/' in arn
    _put(client, 'Accounts', 'a1')
    (record,) = _wait_for_pks(endpoint, ['a1'])
    assert record['eventSourceARN'] == arn


@pytest.mark.parametrize('view_type, images', [
    # Which images an INSERT, a MODIFY and a REMOVE carry, per view type
    # (API Reference, StreamSpecification.StreamViewType).
    ('KEYS_ONLY', [(), (), ()]),
    ('NEW_IMAGE', [('NewImage',), ('NewImage',), ()]),
    ('OLD_IMAGE', [(), ('OldImage',), ('OldImage',)]),
    ('NEW_AND_OLD_IMAGES', [('NewImage',), ('NewImage', 'OldImage'), ('OldImage',)]),
])
def test_records_per_view_type(server_factory, tmp_path, endpoint, view_type, images):
    # The trigger is configured before the table exists: it waits for it.
    table = util.unique_table_name('trigger-view')
    client, _, _ = _start(server_factory, tmp_path / 'data', _spec(table, endpoint.url + '/' + view_type))
    arn = _create_stream_table(client, table, view_type)
    first = _put(client, table, 'item', colour=S('red'))
    second = _put(client, table, 'item', colour=S('blue'), size=N(3))
    client.delete_item(TableName=table, Key={'pk': S('item')})

    def three():
        records = _records(endpoint)
        assert len(records) >= 3, records
        return records
    records = util.settle(three, DELIVERY_WAIT)
    _assert_quiet(endpoint, len(endpoint.received()))
    assert len(_records(endpoint)) == 3
    assert all(r.path == '/' + view_type for r in endpoint.received())
    assert [r['eventName'] for r in records] == ['INSERT', 'MODIFY', 'REMOVE']
    expected_images = [{'NewImage': first}, {'NewImage': second, 'OldImage': first}, {'OldImage': second}]
    for record, present, possible in zip(records, images, expected_images):
        _assert_lambda_record(record, arn, view_type)
        assert record['dynamodb']['Keys'] == {'pk': S('item')}
        shown = {name: record['dynamodb'][name] for name in ('NewImage', 'OldImage') if name in record['dynamodb']}
        assert shown == {name: possible[name] for name in present}


def test_two_triggers_on_one_table_each_get_every_record(server_factory, tmp_path):
    # Like two event source mappings on one stream: each has its own
    # position and receives every record.
    with util.RecordingHttpServer() as first, util.RecordingHttpServer() as second:
        table = util.unique_table_name('trigger-two')
        client, _, _ = _start(server_factory, tmp_path / 'data',
                              _spec(table, first.url + '/a', batch_size=2),
                              _spec(table, second.url + '/b', batch_size=5))
        _create_stream_table(client, table)
        pks = [f'p{i}' for i in range(6)]
        for pk in pks:
            _put(client, table, pk)
        _wait_for_pks(first, pks)
        _wait_for_pks(second, pks)
        time.sleep(QUIET)
        assert [_pk(r) for r in _records(first)] == pks
        assert [_pk(r) for r in _records(second)] == pks
        assert all(len(batch) <= 2 for batch in _batches(first))
        assert all(len(batch) <= 5 for batch in _batches(second))


# --------------------------------------------------------------------------
# The command target

APPEND_EVENT = '''\
import json, sys
event = json.load(sys.stdin)
with open(sys.argv[1], 'a') as out:
    out.write(json.dumps({'args': sys.argv[2:], 'event': event}) + '\\n')
'''


def _read_lines(path):
    try:
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def test_command_target_gets_the_event_on_stdin(server_factory, tmp_path):
    # target=cmd: runs the rest of the text with /bin/sh -c, commas and all,
    # with the event JSON on standard input.
    script = tmp_path / 'append_event.py'
    script.write_text(APPEND_EVENT)
    out = tmp_path / 'events.jsonl'
    command = f'{shlex.quote(sys.executable)} {shlex.quote(str(script))} {shlex.quote(str(out))} a,b "c d,e"'
    table = util.unique_table_name('trigger-cmd')
    client, _, _ = _start(server_factory, tmp_path / 'data', _spec(table, 'cmd:' + command, batch_size=2))
    arn = _create_stream_table(client, table, 'NEW_IMAGE')
    pks = ['one', 'two', 'three', 'four', 'five']
    for pk in pks:
        _put(client, table, pk, n=N(len(pk)))

    def all_delivered():
        lines = _read_lines(out)
        delivered = [_pk(r) for line in lines for r in line['event']['Records']]
        assert delivered == pks, delivered
        return lines
    lines = util.settle(all_delivered, DELIVERY_WAIT)
    time.sleep(QUIET)
    assert len(_read_lines(out)) == len(lines)
    for line in lines:
        assert line['args'] == ['a,b', 'c d,e']
        assert set(line['event']) == {'Records'}
        assert 1 <= len(line['event']['Records']) <= 2
        for record in line['event']['Records']:
            _assert_lambda_record(record, arn, 'NEW_IMAGE')
            assert record['eventName'] == 'INSERT'
            assert record['dynamodb']['NewImage'] == {'pk': S(_pk(record)), 'n': N(len(_pk(record)))}


def test_command_target_environment_is_the_servers(server_factory, tmp_path):
    # "The child inherits the server's environment."
    out = tmp_path / 'env.txt'
    table = util.unique_table_name('trigger-env')
    env = dict(os.environ, TRIGGER_TEST_MARKER='marker-value-42')
    client, _, _ = _start(server_factory, tmp_path / 'data',
                          _spec(table, f'cmd:cat >/dev/null; printf %s "$TRIGGER_TEST_MARKER" >> {shlex.quote(str(out))}'),
                          env=env)
    _create_stream_table(client, table)
    _put(client, table, 'x')

    def written():
        assert out.exists() and out.read_text() == 'marker-value-42'
    util.settle(written, DELIVERY_WAIT)


# --------------------------------------------------------------------------
# Failures and retries

FAILURES = {
    # Not a 2xx.
    'http-500': (500, {}, 'internal error'),
    # Lambda's runtime interface emulator: 200 with only the error document.
    'error-document': (200, {'Content-Type': 'application/json'},
                       {'errorType': 'RuntimeError', 'errorMessage': 'the handler raised'}),
    # Lambda's Invoke API: X-Amz-Function-Error marks a function error
    # (here with a body that is no error document, so the header alone
    # decides).
    'function-error-header': (200, {'X-Amz-Function-Error': 'Unhandled'}, {'result': 'whatever'}),
}


@pytest.mark.parametrize('failure', sorted(FAILURES))
def test_failed_batch_is_retried_whole_before_later_records(server_factory, tmp_path, endpoint, failure):
    # The first two deliveries fail: the same batch (same records, same
    # event) comes again, with the backoff doubling, and the records written
    # meanwhile come only after it succeeded.
    def respond(request):
        return FAILURES[failure] if request.index < 2 else (200, {}, b'')
    endpoint.respond = respond
    table = util.unique_table_name('trigger-retry')
    client, _, _ = _start(server_factory, tmp_path / 'data',
                          _spec(table, endpoint.url + '/', retry_backoff_ms=BACKOFF))
    _create_stream_table(client, table)
    _put(client, table, 'first')
    _wait_for_requests(endpoint, 1)
    _put(client, table, 'second')
    _put(client, table, 'third')
    _wait_for_pks(endpoint, ['second', 'third'])
    time.sleep(QUIET)

    requests = endpoint.received()
    assert _batches(endpoint)[:3] == [['first']] * 3
    assert requests[1].body == requests[0].body and requests[2].body == requests[0].body
    later = [pk for batch in _batches(endpoint)[3:] for pk in batch]
    assert later == ['second', 'third']
    # First retry after retry-backoff-ms, the second after twice that.
    assert requests[1].time - requests[0].time >= BACKOFF / 1000 * 0.9
    assert requests[2].time - requests[1].time >= 2 * BACKOFF / 1000 * 0.9


def test_successful_answers(server_factory, tmp_path, endpoint):
    # Any 2xx that is no function error is a success: no redelivery. An
    # object with only one of errorType and errorMessage is no error
    # document, and without report-batch-item-failures a batchItemFailures
    # answer means nothing.
    answers = [
        (204, {}, b''),
        (202, {'Content-Type': 'text/plain'}, 'accepted'),
        (200, {}, {'errorMessage': 'only a message'}),
        (200, {}, {'errorType': 'OnlyAType'}),
        (200, {}, {'errorType': 'NotAString', 'errorMessage': 7}),
        (200, {}, {'batchItemFailures': [{'itemIdentifier': ''}]}),
    ]
    endpoint.respond = lambda request: answers[min(request.index, len(answers) - 1)]
    table = util.unique_table_name('trigger-ok')
    client, _, _ = _start(server_factory, tmp_path / 'data',
                          _spec(table, endpoint.url + '/', retry_backoff_ms=BACKOFF))
    _create_stream_table(client, table)
    for i in range(len(answers)):
        _put(client, table, f'r{i}')
        _wait_for_requests(endpoint, i + 1)
    _assert_quiet(endpoint, len(answers))
    assert _batches(endpoint) == [[f'r{i}'] for i in range(len(answers))]


def test_timeout_is_a_failure(server_factory, tmp_path, endpoint):
    # A delivery that takes longer than timeout-ms fails and is retried.
    def respond(request):
        if request.index == 0:
            time.sleep(1.5)
        return 200, {}, b''
    endpoint.respond = respond
    table = util.unique_table_name('trigger-timeout')
    client, _, _ = _start(server_factory, tmp_path / 'data',
                          _spec(table, endpoint.url + '/', timeout_ms=300, retry_backoff_ms=BACKOFF))
    _create_stream_table(client, table)
    _put(client, table, 'slow')
    requests = _wait_for_requests(endpoint, 2)
    assert requests[1].body == requests[0].body
    # The retry came before the first answer would have.
    assert requests[1].time - requests[0].time < 1.5
    _assert_quiet(endpoint, 2)


def test_command_failure_is_retried(server_factory, tmp_path):
    # A command that exits non-zero failed; it gets the same event again.
    out = tmp_path / 'attempts.jsonl'
    script = tmp_path / 'fail_twice.py'
    script.write_text(
        'import json, sys\n'
        'event = sys.stdin.read()\n'
        f'path = {str(out)!r}\n'
        'with open(path, "a") as f:\n'
        '    f.write(json.dumps(event) + "\\n")\n'
        'with open(path) as f:\n'
        '    attempts = sum(1 for _ in f)\n'
        'sys.exit(3 if attempts <= 2 else 0)\n')
    table = util.unique_table_name('trigger-cmd-retry')
    client, _, _ = _start(server_factory, tmp_path / 'data',
                          _spec(table, f'cmd:{shlex.quote(sys.executable)} {shlex.quote(str(script))}',
                                retry_backoff_ms=BACKOFF))
    _create_stream_table(client, table)
    _put(client, table, 'again')

    def three_attempts():
        attempts = _read_lines(out)
        assert len(attempts) >= 3, attempts
        return attempts
    attempts = util.settle(three_attempts, DELIVERY_WAIT)
    time.sleep(QUIET)
    assert len(_read_lines(out)) == 3
    assert attempts[0] == attempts[1] == attempts[2]
    assert [_pk(r) for r in json.loads(attempts[0])['Records']] == ['again']


def test_timed_out_command_is_stopped(server_factory, tmp_path):
    # Lambda ends an invocation that times out; a timed-out command must not
    # go on working (and overlap the retry of its batch).
    out = tmp_path / 'progress.txt'
    script = tmp_path / 'slow.py'
    script.write_text(
        'import sys, time\n'
        'sys.stdin.read()\n'
        f'path = {str(out)!r}\n'
        'open(path, "a").write("start\\n")\n'
        'time.sleep(2)\n'
        'open(path, "a").write("late\\n")\n')
    table = util.unique_table_name('trigger-slow-cmd')
    client, _, _ = _start(server_factory, tmp_path / 'data',
                          _spec(table, f'cmd:{shlex.quote(sys.executable)} {shlex.quote(str(script))}',
                                timeout_ms=500, max_retries=0))
    _create_stream_table(client, table)
    _put(client, table, 'slow')

    def started():
        assert out.exists() and out.read_text().startswith('start'), out.exists() and out.read_text()
    util.settle(started, DELIVERY_WAIT)
    time.sleep(3)
    assert out.read_text() == 'start\n'


# --------------------------------------------------------------------------
# Dead letters

def _dead_letters(directory):
    return sorted(directory.glob('*.json')) if directory.exists() else []


def _shard_ids(url, arn):
    streams = util.make_client(url, service='dynamodbstreams')
    return [shard['ShardId'] for shard in util.stream_shards(streams, arn)[1]]


def test_exhausted_batch_goes_to_the_dead_letter_dir(server_factory, tmp_path, endpoint):
    # max-retries=1: two attempts, then the invocation record goes to the
    # dead-letter directory and the trigger moves on to later records.
    endpoint.respond = lambda request: ((500, {}, 'poisoned batch')
                                        if b'"poison"' in request.body else (200, {}, b''))
    dead = tmp_path / 'dead letters'
    table = util.unique_table_name('trigger-dlq')
    client, url, _ = _start(server_factory, tmp_path / 'data',
                            _spec(table, endpoint.url + '/', max_retries=1, retry_backoff_ms=BACKOFF,
                                  dead_letter_dir=dead))
    arn = _create_stream_table(client, table)
    _put(client, table, 'before')
    _wait_for_pks(endpoint, ['before'])
    _put(client, table, 'poison')
    _wait_for_pks(endpoint, ['poison'])
    _put(client, table, 'after')
    _wait_for_pks(endpoint, ['after'])
    util.settle(lambda: _assert_count(_dead_letters(dead), 1), DELIVERY_WAIT)
    time.sleep(QUIET)

    assert _batches(endpoint) == [['before'], ['poison'], ['poison'], ['after']]
    poison_event = endpoint.received()[1].json()
    poison = poison_event['Records'][0]
    sequence = poison['dynamodb']['SequenceNumber']
    [path] = _dead_letters(dead)
    label = _stream_label(arn).replace(':', '_')
    assert path.name == f'{table}-{label}-{int(sequence):021d}.json'
    letter = json.loads(path.read_text())
    assert set(letter) == {'requestContext', 'responseContext', 'version', 'timestamp',
                           'DDBStreamBatchInfo', 'event'}
    assert letter['requestContext'] == {'condition': 'RetryAttemptsExhausted', 'approximateInvokeCount': 2}
    assert set(letter['responseContext']) == {'errorMessage'}
    assert '500' in letter['responseContext']['errorMessage']
    assert letter['version'] == '1.0'
    assert UTC_TIME_RE.match(letter['timestamp'])
    info = letter['DDBStreamBatchInfo']
    assert set(info) == {'shardId', 'startSequenceNumber', 'endSequenceNumber', 'approximateArrivalOfFirstRecord',
                         'approximateArrivalOfLastRecord', 'batchSize', 'streamArn'}
    assert info['shardId'] in _shard_ids(url, arn)
    assert info['startSequenceNumber'] == info['endSequenceNumber'] == sequence
    assert UTC_TIME_RE.match(info['approximateArrivalOfFirstRecord'])
    assert info['approximateArrivalOfFirstRecord'] == info['approximateArrivalOfLastRecord']
    assert info['batchSize'] == 1
    assert info['streamArn'] == arn
    assert letter['event'] == poison_event


def _assert_count(things, count):
    assert len(things) == count, things
    return things


def test_command_dead_letters_and_moves_on(server_factory, tmp_path):
    # cmd:exit 1 always fails; with max-retries=0 each batch is tried once
    # and then written to the dead-letter directory, one file per batch.
    dead = tmp_path / 'dlq'
    table = util.unique_table_name('trigger-dlq-cmd')
    client, _, _ = _start(server_factory, tmp_path / 'data',
                          _spec(table, 'cmd:exit 1', batch_size=2, max_retries=0, dead_letter_dir=dead))
    arn = _create_stream_table(client, table)
    _put(client, table, 'a')
    util.settle(lambda: _assert_count(_dead_letters(dead), 1), DELIVERY_WAIT)
    _put_all(client, table, ['b', 'c', 'd'])
    letters = util.settle(lambda: _assert_count(_dead_letters(dead), 3), DELIVERY_WAIT)
    letters = [json.loads(path.read_text()) for path in letters]
    letters.sort(key=lambda letter: int(letter['DDBStreamBatchInfo']['startSequenceNumber']))
    assert [[_pk(r) for r in letter['event']['Records']] for letter in letters] == [['a'], ['b', 'c'], ['d']]
    for letter in letters:
        assert letter['requestContext'] == {'condition': 'RetryAttemptsExhausted', 'approximateInvokeCount': 1}
        assert 'exit status 1' in letter['responseContext']['errorMessage']
        info = letter['DDBStreamBatchInfo']
        records = letter['event']['Records']
        assert info['batchSize'] == len(records)
        assert info['startSequenceNumber'] == records[0]['dynamodb']['SequenceNumber']
        assert info['endSequenceNumber'] == records[-1]['dynamodb']['SequenceNumber']
        assert info['streamArn'] == arn
        assert all(r['eventSourceARN'] == arn for r in records)


def test_exhausted_batch_without_dead_letter_dir_is_dropped(server_factory, tmp_path, endpoint):
    endpoint.respond = lambda request: ((500, {}, 'no') if b'"poison"' in request.body else (200, {}, b''))
    table = util.unique_table_name('trigger-drop')
    client, _, _ = _start(server_factory, tmp_path / 'data',
                          _spec(table, endpoint.url + '/', max_retries=0, retry_backoff_ms=BACKOFF))
    _create_stream_table(client, table)
    _put(client, table, 'poison')
    _wait_for_pks(endpoint, ['poison'])
    _put(client, table, 'after')
    _wait_for_pks(endpoint, ['after'])
    _assert_quiet(endpoint, 2)
    assert _batches(endpoint) == [['poison'], ['after']]


def test_expired_records_go_to_the_dead_letter_dir(server_factory, tmp_path):
    # With max-retries -1 (the default) a failing batch is retried until its
    # records expire (here: --stream-retention-seconds 2); then it is
    # discarded with the condition RecordAgeExceeded.
    dead = tmp_path / 'dlq'
    table = util.unique_table_name('trigger-age')
    client, _, _ = _start(server_factory, tmp_path / 'data',
                          _spec(table, 'cmd:cat >/dev/null; exit 1', retry_backoff_ms=200, dead_letter_dir=dead),
                          extra=['--stream-retention-seconds', '2'])
    arn = _create_stream_table(client, table)
    _put(client, table, 'doomed')
    [path] = util.settle(lambda: _assert_count(_dead_letters(dead), 1), DELIVERY_WAIT)
    letter = json.loads(path.read_text())
    assert letter['requestContext']['condition'] == 'RecordAgeExceeded'
    assert letter['requestContext']['approximateInvokeCount'] >= 2
    assert 'exit status 1' in letter['responseContext']['errorMessage']
    assert letter['DDBStreamBatchInfo']['streamArn'] == arn
    assert [_pk(r) for r in letter['event']['Records']] == ['doomed']


# --------------------------------------------------------------------------
# ReportBatchItemFailures

def _failures(*identifiers):
    return {'batchItemFailures': [{'itemIdentifier': i} for i in identifiers]}


# Each case: the first answer (given the batch's three sequence numbers)
# and the records of each delivery that follows from it.
WHOLE = [['r1', 'r2', 'r3']]
PARTIAL_CASES = {
    'second-failed': (lambda s: _failures(s[1]), WHOLE + [['r2', 'r3']]),
    'lowest-of-several': (lambda s: _failures(s[2], s[1]), WHOLE + [['r2', 'r3']]),
    'first-failed': (lambda s: _failures(s[0]), WHOLE * 2),
    'last-failed': (lambda s: _failures(s[2]), WHOLE + [['r3']]),
    # "Lambda treats a batch as a complete success if you return ... an
    # empty batchItemFailure list, a null batchItemFailure list, an empty
    # EventResponse, a null EventResponse".
    'empty-list': (lambda s: {'batchItemFailures': []}, WHOLE),
    'null-list': (lambda s: {'batchItemFailures': None}, WHOLE),
    'empty-object': (lambda s: {}, WHOLE),
    'empty-body': (lambda s: b'', WHOLE),
    'null-body': (lambda s: b'null', WHOLE),
    # "... as a complete failure if you return ... an empty string
    # itemIdentifier, a null itemIdentifier, an itemIdentifier with a bad
    # key name."
    'empty-identifier': (lambda s: _failures(''), WHOLE * 2),
    'null-identifier': (lambda s: _failures(None), WHOLE * 2),
    'missing-identifier': (lambda s: {'batchItemFailures': [{'id': s[1]}]}, WHOLE * 2),
    'identifier-not-in-batch': (lambda s: _failures(str(int(s[2]) + 1000).zfill(21)), WHOLE * 2),
    'identifier-not-a-sequence-number': (lambda s: _failures('r2'), WHOLE * 2),
}


@pytest.mark.parametrize('case', sorted(PARTIAL_CASES))
def test_report_batch_item_failures(server_factory, tmp_path, endpoint, case):
    first_answer, expected = PARTIAL_CASES[case]

    def respond(request):
        if request.index == 0:
            sequences = [r['dynamodb']['SequenceNumber'] for r in request.json()['Records']]
            return 200, {'Content-Type': 'application/json'}, first_answer(sequences)
        return 200, {}, {'batchItemFailures': []}
    endpoint.respond = respond
    table = util.unique_table_name('trigger-partial')
    # A full batch of 3 goes at once; the batching window only makes sure
    # the three records written together are one batch.
    client, _, _ = _start(server_factory, tmp_path / 'data',
                          _spec(table, endpoint.url + '/', batch_size=3, batching_window_ms=1000,
                                retry_backoff_ms=BACKOFF, report_batch_item_failures=True))
    _create_stream_table(client, table)
    _put_all(client, table, ['r1', 'r2', 'r3'])
    _wait_for_requests(endpoint, len(expected))
    _assert_quiet(endpoint, len(expected), seconds=1.5)
    assert _batches(endpoint) == expected


@pytest.mark.parametrize('window_ms', [
    0,
    1000,
])
def test_partial_failure_counts_as_a_failed_attempt(server_factory, tmp_path, endpoint, window_ms):
    # With max-retries=1 a batch whose second record keeps failing is tried
    # twice (the second time from that record on); then the records from
    # the failed one on go to the dead-letter directory, and the first
    # record, reported as done, does not.
    def respond(request):
        records = request.json()['Records']
        failed = [r['dynamodb']['SequenceNumber'] for r in records if _pk(r) == 'r2']
        return 200, {}, _failures(*failed)
    endpoint.respond = respond
    data = tmp_path / 'data'
    dead = tmp_path / 'dlq'
    table = util.unique_table_name('trigger-partial-dlq')
    # The three records are in the stream before the trigger starts: one batch.
    client, _, server = _start(server_factory, data)
    _create_stream_table(client, table)
    _put_all(client, table, ['r1', 'r2', 'r3'])
    assert server.stop() == 0
    client, _, _ = _start(server_factory, data,
                          _spec(table, endpoint.url + '/', batch_size=3, batching_window_ms=window_ms,
                                max_retries=1, retry_backoff_ms=BACKOFF, dead_letter_dir=dead,
                                report_batch_item_failures=True))
    [path] = util.settle(lambda: _assert_count(_dead_letters(dead), 1), DELIVERY_WAIT)
    _put(client, table, 'r4')
    _wait_for_pks(endpoint, ['r4'])
    _assert_quiet(endpoint, 3, seconds=QUIET + window_ms / 1000)
    assert _batches(endpoint) == [['r1', 'r2', 'r3'], ['r2', 'r3'], ['r4']]
    letter = json.loads(path.read_text())
    assert letter['requestContext'] == {'condition': 'RetryAttemptsExhausted', 'approximateInvokeCount': 2}
    assert [_pk(r) for r in letter['event']['Records']] == ['r2', 'r3']
    info = letter['DDBStreamBatchInfo']
    assert info['batchSize'] == 2
    assert info['startSequenceNumber'] == letter['event']['Records'][0]['dynamodb']['SequenceNumber']
    assert info['endSequenceNumber'] == letter['event']['Records'][1]['dynamodb']['SequenceNumber']


# --------------------------------------------------------------------------
# Position: checkpoints, restarts, LATEST, new streams

def test_checkpoint_survives_a_restart(server_factory, tmp_path, endpoint):
    # The position after the last delivered record is kept in the data
    # directory: records delivered before a restart are not delivered again,
    # and records written while the trigger was not configured are.
    data = tmp_path / 'data'
    table = util.unique_table_name('trigger-restart')
    spec = _spec(table, endpoint.url + '/', batch_size=2)
    client, _, server = _start(server_factory, data, spec)
    _create_stream_table(client, table)
    for pk in ('a', 'b', 'c'):
        _put(client, table, pk)
    _wait_for_pks(endpoint, ['a', 'b', 'c'])
    time.sleep(QUIET)   # the checkpoint is written just after the answer
    assert server.stop() == 0

    client, _, server = _start(server_factory, data)   # no trigger
    for pk in ('d', 'e'):
        _put(client, table, pk)
    time.sleep(QUIET)
    assert server.stop() == 0
    assert [_pk(r) for r in _records(endpoint)] == ['a', 'b', 'c']

    client, _, _ = _start(server_factory, data, spec)
    _wait_for_pks(endpoint, ['d', 'e'])
    _put(client, table, 'f')
    _wait_for_pks(endpoint, ['f'])
    time.sleep(QUIET)
    assert [_pk(r) for r in _records(endpoint)] == ['a', 'b', 'c', 'd', 'e', 'f']


def test_stopping_the_server_cancels_a_delivery_in_progress(server_factory, tmp_path, endpoint):
    # A delivery still waiting for its answer when the server stops is not
    # counted as done: after the restart the same records come again.
    release = threading.Event()

    def respond(request):
        if request.index == 0:
            release.wait(30)
        return 200, {}, b''
    endpoint.respond = respond
    data = tmp_path / 'data'
    table = util.unique_table_name('trigger-cancel')
    spec = _spec(table, endpoint.url + '/', timeout_ms=60000)
    try:
        client, _, server = _start(server_factory, data, spec)
        _create_stream_table(client, table)
        _put(client, table, 'in-flight')
        _wait_for_requests(endpoint, 1)
        started = time.monotonic()
        assert server.stop(timeout=20) == 0
        assert time.monotonic() - started < 10, 'the server waited for the delivery instead of cancelling it'
        _start(server_factory, data, spec)
        requests = _wait_for_requests(endpoint, 2)
        assert requests[1].body == requests[0].body
        _assert_quiet(endpoint, 2)
    finally:
        release.set()


def test_latest_starts_after_the_records_already_there(server_factory, tmp_path, endpoint):
    # starting-position=LATEST: a new trigger skips what the stream held
    # when it started; once it has a position, a restart goes on from there
    # (records written while it was not running are delivered).
    data = tmp_path / 'data'
    table = util.unique_table_name('trigger-latest')
    client, _, server = _start(server_factory, data)
    _create_stream_table(client, table)
    for pk in ('old1', 'old2'):
        _put(client, table, pk)
    assert server.stop() == 0

    spec = _spec(table, endpoint.url + '/', starting_position='LATEST')
    client, _, server = _start(server_factory, data, spec)
    # The trigger takes its position on its first poll after the start;
    # records written before that are "already there". Write markers until
    # one arrives.
    markers = []
    deadline = time.monotonic() + DELIVERY_WAIT
    while not endpoint.received():
        assert time.monotonic() < deadline, 'no marker delivered'
        markers.append(f'marker{len(markers)}')
        _put(client, table, markers[-1])
        time.sleep(0.3)
    _put(client, table, 'new1')
    _wait_for_pks(endpoint, ['new1'])
    time.sleep(QUIET)
    delivered = [_pk(r) for r in _records(endpoint)]
    assert delivered[-1] == 'new1'
    first = markers.index(delivered[0])
    assert delivered == markers[first:] + ['new1']
    assert server.stop() == 0

    client, _, server = _start(server_factory, data)   # no trigger
    _put(client, table, 'while-stopped')
    assert server.stop() == 0
    _start(server_factory, data, spec)
    _wait_for_pks(endpoint, ['while-stopped'])
    time.sleep(QUIET)
    assert [_pk(r) for r in _records(endpoint)] == delivered + ['while-stopped']


def test_follows_a_re_enabled_stream(server_factory, tmp_path, endpoint):
    # A disabled stream is read to its end; the stream enabled later (a new
    # label, a new ARN) is followed from its first record. Writes made while
    # the table had no stream are in no stream.
    table = util.unique_table_name('trigger-reenable')
    client, _, _ = _start(server_factory, tmp_path / 'data', _spec(table, endpoint.url + '/'))
    old_arn = _create_stream_table(client, table, 'KEYS_ONLY')
    _put(client, table, 'a')
    # The trigger is on the first stream (a trigger that first sees the
    # table after the re-enabling starts on the newest stream).
    _wait_for_pks(endpoint, ['a'])
    # 'b' is (most likely) still undelivered when the stream is disabled.
    _put(client, table, 'b')
    client.update_table(TableName=table, StreamSpecification={'StreamEnabled': False})
    util.wait_for_active(client, table)
    _put(client, table, 'unstreamed')
    client.update_table(TableName=table, StreamSpecification={'StreamEnabled': True,
                                                              'StreamViewType': 'NEW_IMAGE'})
    new_arn = util.wait_for_active(client, table)['LatestStreamArn']
    assert new_arn != old_arn
    _put(client, table, 'c')
    _wait_for_pks(endpoint, ['a', 'b', 'c'])
    time.sleep(QUIET)
    records = _records(endpoint)
    assert [_pk(r) for r in records] == ['a', 'b', 'c']
    assert [r['eventSourceARN'] for r in records] == [old_arn, old_arn, new_arn]
    assert [r['dynamodb']['StreamViewType'] for r in records] == ['KEYS_ONLY', 'KEYS_ONLY', 'NEW_IMAGE']


def test_follows_a_recreated_table(server_factory, tmp_path, endpoint):
    # A deleted table's stream goes with it here; the trigger waits, and
    # follows the stream of a new table of that name from its first record.
    table = util.unique_table_name('trigger-recreate')
    client, _, _ = _start(server_factory, tmp_path / 'data', _spec(table, endpoint.url + '/'))
    old_arn = _create_stream_table(client, table)
    _put(client, table, 'first-life')
    _wait_for_pks(endpoint, ['first-life'])
    client.delete_table(TableName=table)
    util.wait_for_gone(client, table)
    new_arn = _create_stream_table(client, table)
    assert new_arn != old_arn
    _put(client, table, 'second-life')
    _wait_for_pks(endpoint, ['second-life'])
    time.sleep(QUIET)
    records = _records(endpoint)
    assert [(_pk(r), r['eventSourceARN']) for r in records] == [('first-life', old_arn), ('second-life', new_arn)]


# --------------------------------------------------------------------------
# Batching window

def test_batching_window_gathers_a_batch(server_factory, tmp_path, endpoint):
    # MaximumBatchingWindowInSeconds: records wait up to the window for a
    # fuller batch; a full batch goes at once.
    table = util.unique_table_name('trigger-window')
    client, _, _ = _start(server_factory, tmp_path / 'data',
                          _spec(table, endpoint.url + '/', batch_size=10, batching_window_ms=1500))
    _create_stream_table(client, table)
    started = time.monotonic()
    for pk in ('w1', 'w2', 'w3'):
        _put(client, table, pk)
    [request] = _wait_for_requests(endpoint, 1)
    assert request.time - started >= 1.3
    _assert_quiet(endpoint, 1, seconds=0.3)
    assert _batches(endpoint) == [['w1', 'w2', 'w3']]

    full = [f'f{i:02d}' for i in range(10)]
    _put_all(client, table, full)
    _wait_for_requests(endpoint, 2)
    _assert_quiet(endpoint, 2)
    assert _batches(endpoint)[1] == full


# --------------------------------------------------------------------------
# Time to Live

def test_ttl_deletion_reaches_the_trigger(server_factory, tmp_path, endpoint):
    # A TTL deletion is a REMOVE with userIdentity {"type": "Service",
    # "principalId": "dynamodb.amazonaws.com"} in the Lambda event's
    # lower-case keys; a user's delete has no userIdentity.
    table = util.unique_table_name('trigger-ttl')
    client, _, _ = _start(server_factory, tmp_path / 'data', _spec(table, endpoint.url + '/'),
                          extra=['--ttl-sweep-interval-ms', '200'])
    arn = _create_stream_table(client, table)
    client.update_time_to_live(TableName=table, TimeToLiveSpecification={'AttributeName': 'expires',
                                                                         'Enabled': True})
    expired = _put(client, table, 'expired', expires=N(int(time.time()) - 60))
    _put(client, table, 'deleted')
    client.delete_item(TableName=table, Key={'pk': S('deleted')})

    def four():
        records = _records(endpoint)
        assert len(records) >= 4, _batches(endpoint)
        return records
    records = util.settle(four, DELIVERY_WAIT)
    _assert_quiet(endpoint, len(endpoint.received()))
    assert len(_records(endpoint)) == 4
    by_ttl = [r for r in records if _pk(r) == 'expired']
    by_user = [r for r in records if _pk(r) == 'deleted']
    assert [r['eventName'] for r in by_ttl] == ['INSERT', 'REMOVE']
    assert [r['eventName'] for r in by_user] == ['INSERT', 'REMOVE']
    assert by_ttl[1]['userIdentity'] == TTL_SERVICE
    assert by_ttl[1]['dynamodb']['OldImage'] == expired
    assert 'NewImage' not in by_ttl[1]['dynamodb']
    assert 'userIdentity' not in by_ttl[0]
    assert all('userIdentity' not in r for r in by_user)
    for record in records:
        _assert_lambda_record(record, arn, 'NEW_AND_OLD_IMAGES')


# --------------------------------------------------------------------------
# Bad specs

@pytest.mark.parametrize('spec, message', [
    ('batch-size=3,target=http://127.0.0.1:9/', 'table= is missing'),
    ('table=T', 'target= is missing'),
    ('table=T,batch-size=3', 'target= is missing'),
    ('table=T,target=', 'target= is missing'),
    ('target=http://127.0.0.1:9/,table=T', 'table= is missing'),   # target runs to the end
    ('table=T,target=https://127.0.0.1:9/', 'target must be http://host:port/path or cmd:<command>, not https://'),
    ('table=T,target=ftp://127.0.0.1/', 'target must be http://host:port/path or cmd:<command>'),
    ('table=T,target=cmd:', "cmd: target needs a command"),
    ('table=T,target=http://:80/', 'HTTP target is http://HOST[:PORT][/PATH]'),
    ('table=T,batch-size=0,target=cmd:true', 'batch-size=0 is not a whole number from 1 to 10000'),
    ('table=T,batch-size=10001,target=cmd:true', 'batch-size=10001 is not a whole number from 1 to 10000'),
    ('table=T,batch-size=lots,target=cmd:true', 'batch-size=lots is not a whole number'),
    ('table=T,batching-window-ms=300001,target=cmd:true', 'batching-window-ms=300001 is not a whole number'),
    ('table=T,max-retries=-2,target=cmd:true', 'max-retries=-2 is not a whole number'),
    ('table=T,retry-backoff-ms=0,target=cmd:true', 'retry-backoff-ms=0 is not a whole number'),
    ('table=T,timeout-ms=0,target=cmd:true', 'timeout-ms=0 is not a whole number'),
    ('table=T,starting-position=AT_TIMESTAMP,target=cmd:true', 'starting-position must be TRIM_HORIZON or LATEST'),
    ('table=T,report-batch-item-failures=yes,target=cmd:true', 'report-batch-item-failures must be true or false'),
    ('table=T,colour=red,target=cmd:true', 'unknown setting "colour"'),
    ('table=T,batchsize,target=cmd:true', '"batchsize" is not key=value'),
    ('table=,target=cmd:true', 'table= needs a table name'),
])
def test_bad_specs_are_refused(server_binary, tmp_path, spec, message):
    done = run_binary(server_binary, '--data-dir', str(tmp_path / 'data'), '--port', '0',
                      '--stream-trigger', spec)
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.startswith(SPEC_ERROR)]
    assert len(lines) == 1, done.stderr
    assert message in lines[0]


# --------------------------------------------------------------------------
# The examples of docs/stream-trigger.md

def test_python_handler_example_runs_unchanged(server_factory, tmp_path):
    # Example (a): examples/stream-trigger/handler.py, a plain Lambda
    # handler, run by run_handler.py as a command target. It appends one
    # line per record to $ORDERS_AUDIT_FILE, which it sees because the
    # command inherits the server's environment.
    audit = tmp_path / 'audit.jsonl'
    env = dict(os.environ, ORDERS_AUDIT_FILE=str(audit))
    env.pop('LAMBDA_TASK_ROOT', None)
    command = (f'{shlex.quote(sys.executable)} {shlex.quote(str(EXAMPLE_DIR / "run_handler.py"))} '
               f'handler.lambda_handler')
    table = util.unique_table_name('orders')
    client, _, server = _start(server_factory, tmp_path / 'data', _spec(table, 'cmd:' + command, batch_size=10),
                               extra=['--ttl-sweep-interval-ms', '200'], env=env)
    _create_stream_table(client, table)
    client.update_time_to_live(TableName=table, TimeToLiveSpecification={'AttributeName': 'expires',
                                                                         'Enabled': True})
    _put(client, table, 'order-1', status=S('PLACED'), total=N('12.50'))
    client.update_item(TableName=table, Key={'pk': S('order-1')}, UpdateExpression='SET #s = :s',
                       ExpressionAttributeNames={'#s': 'status'}, ExpressionAttributeValues={':s': S('SHIPPED')})
    _put(client, table, 'order-2', status=S('PLACED'))
    client.delete_item(TableName=table, Key={'pk': S('order-2')})
    _put(client, table, 'cart-3', status=S('ABANDONED'), expires=N(int(time.time()) - 60))

    expected = [
        ('INSERT', 'order-1', 'PLACED', None, False),
        ('MODIFY', 'order-1', 'SHIPPED', 'PLACED', False),
        ('INSERT', 'order-2', 'PLACED', None, False),
        ('REMOVE', 'order-2', None, 'PLACED', False),
        ('INSERT', 'cart-3', 'ABANDONED', None, False),
        ('REMOVE', 'cart-3', None, 'ABANDONED', True),
    ]

    def audited():
        lines = _read_lines(audit)
        assert len(lines) >= len(expected), f'{lines}\nserver output:\n{server.output()}'
        return lines
    lines = util.settle(audited, DELIVERY_WAIT)
    time.sleep(QUIET)
    lines = _read_lines(audit)
    assert [(l['event'], l['key']['pk'], l['status'], l['previous_status'], l['expired']) for l in lines] == expected
    assert all(l['table'] == table for l in lines)
    sequence_numbers = [int(l['sequence_number']) for l in lines]
    assert sequence_numbers == sorted(set(sequence_numbers))
    # What the handler prints and returns goes to the server's output.
    assert 'audited' in server.output() and '"batchItemFailures": []' in server.output()


def test_run_handler_failure_is_retried(server_factory, tmp_path):
    # run_handler.py exits non-zero when the handler raises, so the trigger
    # retries the batch; $LAMBDA_TASK_ROOT says where the module is.
    (tmp_path / 'task').mkdir()
    calls = tmp_path / 'calls.txt'
    (tmp_path / 'task' / 'flaky.py').write_text(
        'import os\n'
        'def handle(event, context):\n'
        '    path = os.environ["FLAKY_CALLS"]\n'
        '    with open(path, "a") as f:\n'
        '        f.write(",".join(r["dynamodb"]["Keys"]["pk"]["S"] for r in event["Records"]) + "\\n")\n'
        '    with open(path) as f:\n'
        '        if sum(1 for _ in f) == 1:\n'
        '            raise RuntimeError("first call fails")\n'
        '    assert context.get_remaining_time_in_millis() > 0\n'
        '    return {"ok": context.function_name}\n')
    env = dict(os.environ, FLAKY_CALLS=str(calls), LAMBDA_TASK_ROOT=str(tmp_path / 'task'))
    command = f'{shlex.quote(sys.executable)} {shlex.quote(str(EXAMPLE_DIR / "run_handler.py"))} flaky.handle'
    table = util.unique_table_name('trigger-flaky')
    client, _, server = _start(server_factory, tmp_path / 'data',
                               _spec(table, 'cmd:' + command, retry_backoff_ms=BACKOFF), env=env)
    _create_stream_table(client, table)
    _put(client, table, 'x')

    def twice():
        lines = calls.read_text().splitlines() if calls.exists() else []
        assert len(lines) >= 2, f'{lines}\nserver output:\n{server.output()}'
        return lines
    util.settle(twice, DELIVERY_WAIT)
    time.sleep(QUIET)
    assert calls.read_text().splitlines() == ['x', 'x']
    output = server.output()
    assert '"errorType": "RuntimeError"' in output and '"errorMessage": "first call fails"' in output
    assert '{"ok": "flaky"}' in output
