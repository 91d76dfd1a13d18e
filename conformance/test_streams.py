"""DynamoDB Streams: StreamSpecification on CreateTable and UpdateTable, and
the DynamoDBStreams_20120810 operations ListStreams, DescribeStream,
GetShardIterator and GetRecords.

Behaviour from the API Reference (StreamSpecification, TableDescription,
the Amazon DynamoDB Streams actions and data types: Stream,
StreamDescription, Shard, SequenceNumberRange, Record, StreamRecord,
Identity) and the Developer Guide ("Change data capture for DynamoDB
Streams"):

- a stream is enabled with StreamSpecification {StreamEnabled,
  StreamViewType}; "you receive a ValidationException if you try to enable
  a stream on a table that already has a stream" or "to disable a stream on
  a table that doesn't have a stream"; "it is not possible to edit a
  StreamViewType once a stream has been setup"; "if you disable and then
  re-enable a stream on the table, a new stream is created with a different
  stream descriptor" (label), e.g. ARN
  arn:aws:dynamodb:us-west-2:111122223333:table/TestTable/stream/2015-05-11T21:21:33.291;
- "each stream record appears exactly once in the stream", and "for each
  item that is modified ... the stream records appear in the same sequence
  as the actual modifications to the item"; "if you perform a PutItem or
  UpdateItem operation that does not change any data in an item, DynamoDB
  Streams does not write a stream record for that operation";
- shards have a lineage: "an application must always process a parent
  shard before it processes a child shard"; a shard with an
  EndingSequenceNumber is closed, and when GetRecords' NextShardIterator
  is null "the shard has been closed and the requested iterator will not
  return any more data";
- "if you disable a stream, any shards that are open will be closed. The
  data in the stream will continue to be readable for 24 hours";
- a shard iterator "expires 15 minutes after it is returned to the
  requester" (ExpiredIteratorException); records older than 24 hours are
  "subject to removal (trimming)" and reading before the trim point is
  TrimmedDataAccessException;
- GetRecords returns "a maximum of 1 MB of data or 1000 stream records,
  whichever comes first"; Limit's "upper limit is 1000", ListStreams'
  is 100;
- StreamRecord: ApproximateCreationDateTime "rounded down to the closest
  second", SequenceNumber of 21 to 40 characters, SizeBytes at least 1;
  Record: eventSource "aws:dynamodb", awsRegion "the region in which the
  GetRecords request was received"; ShardId is 28 to 65 characters and a
  ShardIterator 1 to 2048 (the service model every SDK is generated from).

What DynamoDB was observed to do, and its error texts, come from: a
catalogue of texts captured live against DynamoDB in us-east-1 and
us-west-2 in October 2026 (ack-api-quirks "DDB-TABLE-029/035/050/362/378",
cited as "live catalogue"); localstack's tests/aws/services/dynamodb and
dynamodbstreams snapshots, recorded against AWS in 2024-2025 (record
bodies, SizeBytes, eventVersion "1.1", no record for an unchanged item,
the unknown-stream message); scylladb's test/alternator/test_streams.py,
run against DynamoDB (which requests are ValidationException, closed
shards, empty Records lists, sequence numbers); aws-sdk-js's integration
tests against AWS ("Invalid StreamArn"); and users quoting DynamoDB with
request ids ("Requested resource not found: Shard does not exist"). Each
test names its source; where only a stable part of a text is known, that
part is matched.

Stream records appear "in near-real time" in DynamoDB, so records are
polled for a bounded time (`stream_lag`). Tables get a stream ENABLED
before they are written to. Real DynamoDB serves streams on a separate
endpoint: pass --streams-endpoint-url with --endpoint-url.

Tests that need our own binary (a shard rollover every 2 seconds,
iterators that expire and records trimmed within seconds, kill -9) start
a server with the flags they need and are marked dynastore_only.
"""

import datetime
import re
import threading
import time
from decimal import Decimal

import pytest
from boto3.dynamodb.types import TypeDeserializer
from botocore.exceptions import ClientError

import util
from util import assert_client_error, constraint_re, S, N, rnd
# The AWS CLI runner for `aws dynamodbstreams ...`, shared with the CLI's tests.
from test_cli import AWS, aws_streams  # noqa: F401

VIEW_TYPES = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES']
INVALID = 'One or more parameter values were invalid: '
ALREADY_ENABLED = 'Table already has an enabled stream: TableName: {}'
NO_STREAM = 'Table has no stream to disable: TableName: {}'
SHARD_NOT_FOUND = 'Requested resource not found: Shard does not exist'
STREAM_NOT_FOUND = 'Requested resource not found: Stream: {} not found'
TRIMMED = re.compile(r'^The data you are trying to access has been trimmed\.?$')
MB = 1024 * 1024
KEY_SCHEMA = dict(
    KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
    AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                          {'AttributeName': 'sk', 'AttributeType': 'S'}])
# A syntactically fine ARN of a stream that does not exist (no such table).
GHOST_TABLE = 'conf-no-such-table-for-streams'


def _key(pk=None, sk='s'):
    return {'pk': S(pk or rnd()), 'sk': S(sk)}


def _spec(view_type):
    return {'StreamEnabled': True, 'StreamViewType': view_type}


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


def _label_time(label):
    return datetime.datetime.strptime(label, '%Y-%m-%dT%H:%M:%S.%f').replace(tzinfo=datetime.timezone.utc)


def _ghost_arn():
    return f'arn:aws:dynamodb:{util.REGION}:123456789012:table/{GHOST_TABLE}/stream/2024-11-18T14:36:44.149'


def _create_stream_table(factory, streams, view_type, tag='stream', **schema):
    """Create a table (pk S, sk S unless `schema` says otherwise) with a
    stream of `view_type`, wait for the table ACTIVE and the stream ENABLED;
    returns (name, stream ARN)."""
    name, _ = factory.create(name=factory.name(tag), StreamSpecification=_spec(view_type),
                             **(schema or KEY_SCHEMA))
    arn = factory.client.describe_table(TableName=name)['Table']['LatestStreamArn']
    util.wait_for_stream_status(streams, arn)
    return name, arn


def _clients(url):
    return util.make_client(url), util.make_client(url, service='dynamodbstreams')


def _summary(record):
    """(eventName, Keys, OldImage, NewImage) of a record, an image None when absent."""
    body = record['dynamodb']
    return record['eventName'], body['Keys'], body.get('OldImage'), body.get('NewImage')


def _as_seen(view_type, events):
    """What a stream of `view_type` shows of (eventName, Keys, OldImage,
    NewImage) events (API Reference, StreamSpecification: KEYS_ONLY "only the
    key attributes", NEW_IMAGE "the entire item, as it appears after it was
    modified", OLD_IMAGE "as it appeared before", NEW_AND_OLD_IMAGES both)."""
    seen = []
    for name, keys, old, new in events:
        if view_type in ('KEYS_ONLY', 'OLD_IMAGE'):
            new = None
        if view_type in ('KEYS_ONLY', 'NEW_IMAGE'):
            old = None
        seen.append((name, keys, old, new))
    return seen


def _string_size(attributes):
    """An item's size when every attribute is a string: name bytes plus
    value bytes (Developer Guide, "Item sizes and formats")."""
    total = 0
    for name, value in attributes.items():
        assert set(value) == {'S'}, 'exact sizes are only computed for string attributes'
        total += len(name.encode()) + len(value['S'].encode())
    return total


def _check_record(record, view_type):
    """The fields every record of a user's write has (API Reference, Record
    and StreamRecord; bodies recorded against AWS in localstack's
    snapshots)."""
    assert set(record) == {'eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'dynamodb'}, record
    assert isinstance(record['eventID'], str) and record['eventID'], record
    assert record['eventName'] in ('INSERT', 'MODIFY', 'REMOVE'), record
    assert record['eventVersion'] == '1.1', record
    assert record['eventSource'] == 'aws:dynamodb', record
    assert record['awsRegion'] == util.REGION, record
    body = record['dynamodb']
    assert set(body) <= {'ApproximateCreationDateTime', 'Keys', 'NewImage', 'OldImage', 'SequenceNumber',
                         'SizeBytes', 'StreamViewType'}, body
    assert {'ApproximateCreationDateTime', 'Keys', 'SequenceNumber', 'SizeBytes', 'StreamViewType'} <= set(body), body
    assert body['StreamViewType'] == view_type, body
    assert util.SEQUENCE_NUMBER_RE.match(body['SequenceNumber']), body
    assert isinstance(body['SizeBytes'], int) and body['SizeBytes'] >= 1, body
    created = body['ApproximateCreationDateTime']
    # "rounded down to the closest second"
    assert isinstance(created, datetime.datetime) and created.microsecond == 0, created
    assert abs(created - _now()) < datetime.timedelta(minutes=10), created


def _records_of(reader, keys, count, lag):
    """Poll until the stream shows `count` records of the items with these
    keys (more is a failure); returns them in stream order."""
    def check(records):
        found = util.records_for(records, *keys)
        assert len(found) >= count, f'{len(found)} of {count} records so far: {found}'
        return found
    found = reader.wait_for(check, lag)
    assert len(found) == count, f'expected {count} records, got {len(found)}: {found}'
    return found


def _assert_increasing(records):
    numbers = [int(r['dynamodb']['SequenceNumber']) for r in records]
    assert numbers == sorted(set(numbers)), numbers


@pytest.fixture(scope='module')
def stream_tables(module_tables, dynamodbstreams):
    """One table per StreamViewType (pk S, sk S), its stream ENABLED:
    view type -> (table name, stream ARN). Tests use random keys."""
    return {view: _create_stream_table(module_tables, dynamodbstreams, view,
                                       'stream-' + view.lower().replace('_', '-'))
            for view in VIEW_TYPES}


# --------------------------------------------------------------------------
# StreamSpecification on CreateTable

@pytest.mark.parametrize('view_type', VIEW_TYPES)
def test_create_table_with_stream(dynamodb, dynamodbstreams, new_table, view_type):
    started = _now()
    name, created = new_table.create(StreamSpecification=_spec(view_type), **KEY_SCHEMA)
    # API Reference (TableDescription) and alternator's
    # test_latest_stream_arn/_label/test_stream_specification (against
    # DynamoDB): CreateTable's own answer already names the stream.
    assert created['StreamSpecification'] == _spec(view_type)
    label = created['LatestStreamLabel']
    arn = created['LatestStreamArn']
    # Developer Guide: ".../table/TestTable/stream/2015-05-11T21:21:33.291";
    # the label is the time the stream was enabled (live catalogue DDB-TABLE-362).
    assert util.STREAM_LABEL_RE.match(label), label
    assert arn == f"{created['TableArn']}/stream/{label}"
    assert re.match(util.ARN_RE + re.escape(name) + '/stream/' + re.escape(label) + '$', arn), arn
    assert abs(_label_time(label) - started) < datetime.timedelta(minutes=10), label

    described = dynamodb.describe_table(TableName=name)['Table']
    assert described['StreamSpecification'] == _spec(view_type)
    assert (described['LatestStreamArn'], described['LatestStreamLabel']) == (arn, label)

    # ListStreams: Stream {StreamArn, TableName, StreamLabel}.
    listed = dynamodbstreams.list_streams(TableName=name)
    assert listed['Streams'] == [{'StreamArn': arn, 'TableName': name, 'StreamLabel': label}]
    assert 'LastEvaluatedStreamArn' not in listed

    # DescribeStream: ENABLING for a moment on DynamoDB, then ENABLED.
    desc = util.wait_for_stream_status(dynamodbstreams, arn)
    assert desc['StreamArn'] == arn
    assert desc['StreamLabel'] == label
    assert desc['StreamViewType'] == view_type
    assert desc['TableName'] == name
    assert desc['KeySchema'] == KEY_SCHEMA['KeySchema']


def test_create_table_with_stream_disabled_has_no_stream(dynamodb, dynamodbstreams, new_table):
    name, created = new_table.create(StreamSpecification={'StreamEnabled': False}, **KEY_SCHEMA)
    described = dynamodb.describe_table(TableName=name)['Table']
    for desc in (created, described):
        assert 'LatestStreamArn' not in desc and 'LatestStreamLabel' not in desc, desc
        # A table that never had a stream shows no StreamSpecification (live
        # catalogue DDB-TABLE-029); whether {StreamEnabled: false} sent at
        # creation comes back is not known, so both shapes are accepted.
        assert desc.get('StreamSpecification') in (None, {'StreamEnabled': False}), desc
    assert dynamodbstreams.list_streams(TableName=name)['Streams'] == []


CREATE_SPEC_ERRORS = [
    # Live catalogue DDB-TABLE-035 (CreateTable, exact texts).
    ('enabled-without-view-type', {'StreamEnabled': True},
     INVALID + 'Table is being created with a stream enabled, UpdateViewType is required'),
    ('disabled-with-view-type', {'StreamEnabled': False, 'StreamViewType': 'NEW_IMAGE'},
     INVALID + 'Table is being created with a stream disabled, UpdateViewType should not be specified'),
    ('view-type-only', {'StreamViewType': 'NEW_IMAGE'}, util.null_re('streamSpecification.streamEnabled')),
    ('empty', {}, util.null_re('streamSpecification.streamEnabled')),
    ('lowercase-view-type', {'StreamEnabled': True, 'StreamViewType': 'new_image'},
     constraint_re('new_image', 'streamSpecification.streamViewType',
                   'Member must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]')),
]


@pytest.mark.parametrize('spec, message', [c[1:] for c in CREATE_SPEC_ERRORS], ids=[c[0] for c in CREATE_SPEC_ERRORS])
def test_create_table_stream_specification_errors(dynamodb, dynamodb_unvalidated, new_table, spec, message):
    name = new_table.name('stream-bad')
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.create_table(TableName=name, BillingMode='PAY_PER_REQUEST',
                                          StreamSpecification=spec, **KEY_SCHEMA)
    assert_client_error(e, 'ValidationException', message)
    with pytest.raises(ClientError) as e:
        dynamodb.describe_table(TableName=name)
    assert_client_error(e, 'ResourceNotFoundException')


# --------------------------------------------------------------------------
# StreamSpecification on UpdateTable

def test_update_table_enables_stream(dynamodb, dynamodbstreams, new_table, stream_lag):
    name, created = new_table.create(**KEY_SCHEMA)
    assert 'LatestStreamArn' not in created and 'StreamSpecification' not in created
    before = _key()
    dynamodb.put_item(TableName=name, Item=before)

    response = dynamodb.update_table(TableName=name, StreamSpecification=_spec('NEW_IMAGE'))['TableDescription']
    # Live catalogue DDB-TABLE-050/362: UPDATING for about 4 s, and the
    # response already carries the new stream.
    assert response['TableStatus'] in ('UPDATING', 'ACTIVE')
    assert response['StreamSpecification'] == _spec('NEW_IMAGE')
    arn, label = response['LatestStreamArn'], response['LatestStreamLabel']
    assert util.STREAM_LABEL_RE.match(label) and arn == f"{response['TableArn']}/stream/{label}"
    described = util.wait_for_active(dynamodb, name)
    assert described['StreamSpecification'] == _spec('NEW_IMAGE')
    assert (described['LatestStreamArn'], described['LatestStreamLabel']) == (arn, label)
    util.wait_for_stream_status(dynamodbstreams, arn)

    # The stream holds changes made after it was enabled, not the items
    # that were already there.
    after = {**_key(), 'v': S('after')}
    dynamodb.put_item(TableName=name, Item=after)
    reader = util.StreamReader(dynamodbstreams, arn)
    records = reader.wait_for(lambda rs: _at_least(rs, 1), stream_lag)
    assert [_summary(r) for r in records] == [('INSERT', _key_of(after), None, after)]


def _at_least(records, count):
    assert len(records) >= count, records
    return records


def _key_of(item):
    return {k: v for k, v in item.items() if k in ('pk', 'sk')}


def test_update_table_disable_and_reenable_stream(dynamodb, dynamodbstreams, new_table, stream_lag):
    name, old_arn = _create_stream_table(new_table, dynamodbstreams, 'KEYS_ONLY')
    old_label = old_arn.rsplit('/', 1)[1]
    first = _key()
    dynamodb.put_item(TableName=name, Item=first)
    reader = util.StreamReader(dynamodbstreams, old_arn)
    reader.wait_for(lambda rs: _at_least(rs, 1), stream_lag)

    response = dynamodb.update_table(TableName=name, StreamSpecification={'StreamEnabled': False})['TableDescription']
    assert response['TableStatus'] in ('UPDATING', 'ACTIVE')
    described = util.wait_for_active(dynamodb, name)
    # Live catalogue DDB-TABLE-050: after disabling, DescribeTable has no
    # StreamSpecification while LatestStreamArn and LatestStreamLabel stay.
    assert 'StreamSpecification' not in described
    assert (described['LatestStreamArn'], described['LatestStreamLabel']) == (old_arn, old_label)
    # Disabling again: "Table has no stream to disable" (DDB-TABLE-050).
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=name, StreamSpecification={'StreamEnabled': False})
    assert_client_error(e, 'ValidationException', NO_STREAM.format(name))
    # The old stream goes DISABLING, then DISABLED, and stays describable.
    old = util.wait_for_stream_status(dynamodbstreams, old_arn, 'DISABLED')
    assert old['StreamViewType'] == 'KEYS_ONLY' and old['TableName'] == name

    # Re-enabling makes a new stream with a new label (Developer Guide;
    # DDB-TABLE-362: the UpdateTable response already carries it).
    response = dynamodb.update_table(TableName=name,
                                     StreamSpecification=_spec('NEW_AND_OLD_IMAGES'))['TableDescription']
    new_arn, new_label = response['LatestStreamArn'], response['LatestStreamLabel']
    assert new_arn != old_arn and new_label != old_label
    assert _label_time(new_label) > _label_time(old_label)
    assert new_arn == f"{response['TableArn']}/stream/{new_label}"
    described = util.wait_for_active(dynamodb, name)
    assert described['StreamSpecification'] == _spec('NEW_AND_OLD_IMAGES')
    assert described['LatestStreamArn'] == new_arn
    util.wait_for_stream_status(dynamodbstreams, new_arn)

    # ListStreams(TableName) lists both, the old one DISABLED (DDB-TABLE-378);
    # with Limit 1 it pages through them.
    listed = dynamodbstreams.list_streams(TableName=name)['Streams']
    assert sorted(s['StreamArn'] for s in listed) == sorted([old_arn, new_arn])
    assert all(s['TableName'] == name for s in listed)
    page = dynamodbstreams.list_streams(TableName=name, Limit=1)
    assert len(page['Streams']) == 1 and page['LastEvaluatedStreamArn'] == page['Streams'][0]['StreamArn']
    rest = dynamodbstreams.list_streams(TableName=name, Limit=1, ExclusiveStartStreamArn=page['LastEvaluatedStreamArn'])
    assert {page['Streams'][0]['StreamArn'], rest['Streams'][0]['StreamArn']} == {old_arn, new_arn}

    # A new write goes to the new stream only; the old one keeps its record.
    second = {**_key(), 'v': S('second')}
    dynamodb.put_item(TableName=name, Item=second)
    new_records = util.StreamReader(dynamodbstreams, new_arn).wait_for(lambda rs: _at_least(rs, 1), stream_lag)
    assert [_summary(r) for r in new_records] == [('INSERT', _key_of(second), None, second)]
    old_records = util.StreamReader(dynamodbstreams, old_arn).poll()
    assert [_summary(r) for r in old_records] == [('INSERT', first, None, None)]


def test_update_table_stream_errors(dynamodb, dynamodbstreams, new_table):
    with_stream, arn = _create_stream_table(new_table, dynamodbstreams, 'NEW_IMAGE')
    # Live catalogue DDB-TABLE-050 (exact texts); alternator's
    # test_streams_enable_on_enabled and test_streams_change_type.
    for view_type in ('NEW_IMAGE', 'KEYS_ONLY'):
        with pytest.raises(ClientError) as e:
            dynamodb.update_table(TableName=with_stream, StreamSpecification=_spec(view_type))
        assert_client_error(e, 'ValidationException', ALREADY_ENABLED.format(with_stream))
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=with_stream,
                              StreamSpecification={'StreamEnabled': False, 'StreamViewType': 'NEW_IMAGE'})
    assert_client_error(e, 'ValidationException',
                        INVALID + 'If stream is being disabled, then UpdateViewType must not be specified')
    described = dynamodb.describe_table(TableName=with_stream)['Table']
    assert described['StreamSpecification'] == _spec('NEW_IMAGE') and described['LatestStreamArn'] == arn

    without, _ = new_table.create(**KEY_SCHEMA)
    # alternator's test_streams_disable_on_disabled; DDB-TABLE-050.
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=without, StreamSpecification={'StreamEnabled': False})
    assert_client_error(e, 'ValidationException', NO_STREAM.format(without))
    with pytest.raises(ClientError) as e:
        dynamodb.update_table(TableName=without, StreamSpecification={'StreamEnabled': True})
    assert_client_error(e, 'ValidationException',
                        INVALID + 'If stream is being enabled then UpdateViewType is required')
    described = dynamodb.describe_table(TableName=without)['Table']
    assert 'StreamSpecification' not in described and 'LatestStreamArn' not in described


def test_update_table_stream_specification_missing_enabled(dynamodb_unvalidated, hash_table):
    # The same member check as CreateTable's (live catalogue: "{StreamViewType
    # only} -> Value null at streamSpecification.streamEnabled", UpdateTable).
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.update_table(TableName=hash_table, StreamSpecification={'StreamViewType': 'KEYS_ONLY'})
    assert_client_error(e, 'ValidationException', util.null_re('streamSpecification.streamEnabled'))


def test_other_table_updates_keep_the_stream(dynamodb, dynamodbstreams, new_table):
    # alternator's test_latest_stream_arn/_label/test_stream_specification
    # (against DynamoDB): an UpdateTable that changes nothing about the
    # stream (BillingMode re-sent) answers with the same stream fields.
    name, arn = _create_stream_table(new_table, dynamodbstreams, 'KEYS_ONLY')
    response = dynamodb.update_table(TableName=name, BillingMode='PAY_PER_REQUEST')['TableDescription']
    assert response['StreamSpecification'] == _spec('KEYS_ONLY')
    assert response['LatestStreamArn'] == arn
    assert response['LatestStreamLabel'] == arn.rsplit('/', 1)[1]
    util.wait_for_active(dynamodb, name)
    assert dynamodbstreams.list_streams(TableName=name)['Streams'][0]['StreamArn'] == arn


# --------------------------------------------------------------------------
# ListStreams

def test_list_streams_of_a_table_without_stream(dynamodbstreams, hash_table):
    # alternator's test_list_streams_empty: an empty list, not an error.
    listed = dynamodbstreams.list_streams(TableName=hash_table)
    assert listed['Streams'] == []
    assert 'LastEvaluatedStreamArn' not in listed


@pytest.mark.parametrize('limit', [1, 2, 3])
def test_list_streams_paging(dynamodbstreams, stream_tables, limit):
    # API Reference (ListStreams): LastEvaluatedStreamArn is "the stream ARN
    # of the item where the operation stopped"; start the next page with it
    # as ExclusiveStartStreamArn; none on the last page. alternator's
    # test_list_streams_paged: every stream comes exactly once.
    ours = {arn: name for name, arn in stream_tables.values()}
    seen = []
    request = {'Limit': limit}
    for number in range(10000):
        page = dynamodbstreams.list_streams(**request)
        assert len(page['Streams']) <= limit
        if number == 0:
            # There are at least 4 streams: the first page is full.
            assert len(page['Streams']) == limit and 'LastEvaluatedStreamArn' in page
        seen.extend(page['Streams'])
        last = page.get('LastEvaluatedStreamArn')
        if not last:
            break
        assert last == page['Streams'][-1]['StreamArn']
        request['ExclusiveStartStreamArn'] = last
    else:
        pytest.fail('ListStreams kept returning LastEvaluatedStreamArn')
    arns = [s['StreamArn'] for s in seen]
    assert len(arns) == len(set(arns)), 'a stream was listed twice'
    for arn, name in ours.items():
        entry = next(s for s in seen if s['StreamArn'] == arn)
        assert entry == {'StreamArn': arn, 'TableName': name, 'StreamLabel': arn.rsplit('/', 1)[1]}


def test_list_streams_limit_range(dynamodbstreams, dynamodbstreams_unvalidated, stream_tables):
    assert len(dynamodbstreams.list_streams(Limit=100)['Streams']) <= 100
    # "Member must have value greater than or equal to 1" (the modelled
    # minimum, message as for every Limit).
    with pytest.raises(ClientError) as e:
        dynamodbstreams_unvalidated.list_streams(Limit=0)
    assert_client_error(e, 'ValidationException',
                        constraint_re(0, 'limit', 'Member must have value greater than or equal to 1'))
    # "The upper limit is 100" (API Reference); alternator's
    # test_list_streams_too_high_limit: 101 is a ValidationException on
    # DynamoDB. Its text is not known; it is about the limit.
    with pytest.raises(ClientError) as e:
        dynamodbstreams.list_streams(Limit=101)
    assert_client_error(e, 'ValidationException', re.compile('[Ll]imit'))


def test_list_streams_malformed_exclusive_start(dynamodbstreams, stream_tables):
    # alternator's test_list_streams_with_nonexistent_last_stream: a start
    # ARN that is not an ARN is a ValidationException on DynamoDB.
    name, _ = stream_tables['KEYS_ONLY']
    with pytest.raises(ClientError) as e:
        dynamodbstreams.list_streams(TableName=name,
                                     ExclusiveStartStreamArn='kossaapaaasdafsdaasdasdasdasasdasfadfadfasdasdas')
    assert_client_error(e, 'ValidationException')


# --------------------------------------------------------------------------
# DescribeStream

def test_describe_stream(dynamodb, dynamodbstreams, stream_tables):
    name, arn = stream_tables['NEW_AND_OLD_IMAGES']
    table = dynamodb.describe_table(TableName=name)['Table']
    desc = dynamodbstreams.describe_stream(StreamArn=arn)['StreamDescription']
    # API Reference (StreamDescription); the body localstack recorded
    # against AWS has exactly these members.
    assert set(desc) - {'LastEvaluatedShardId'} == {'StreamArn', 'StreamLabel', 'StreamStatus', 'StreamViewType',
                                                     'CreationRequestDateTime', 'TableName', 'KeySchema', 'Shards'}
    assert desc['StreamArn'] == arn
    assert desc['StreamLabel'] == table['LatestStreamLabel'] == arn.rsplit('/', 1)[1]
    assert desc['StreamStatus'] == 'ENABLED'
    assert desc['StreamViewType'] == 'NEW_AND_OLD_IMAGES'
    assert desc['TableName'] == name
    assert desc['KeySchema'] == table['KeySchema']
    created = desc['CreationRequestDateTime']
    assert isinstance(created, datetime.datetime)
    assert abs(created - _label_time(desc['StreamLabel'])) < datetime.timedelta(minutes=10)
    _, shards = util.stream_shards(dynamodbstreams, arn)
    assert shards, 'an enabled stream has a shard'
    for shard in shards:
        assert set(shard) <= {'ShardId', 'SequenceNumberRange', 'ParentShardId'}, shard
        assert 28 <= len(shard['ShardId']) <= 65, shard
        assert set(shard['SequenceNumberRange']) <= {'StartingSequenceNumber', 'EndingSequenceNumber'}, shard
        # alternator #7158 (against DynamoDB): only digits; libraries rely on it.
        assert util.SEQUENCE_NUMBER_RE.match(shard['SequenceNumberRange']['StartingSequenceNumber']), shard
    # "If the SequenceNumberRange has a StartingSequenceNumber but no
    # EndingSequenceNumber, then the shard is still open": an enabled stream
    # has an open shard to write to.
    assert any('EndingSequenceNumber' not in s['SequenceNumberRange'] for s in shards)


def test_describe_stream_limit_and_paging(dynamodbstreams, dynamodbstreams_unvalidated, stream_tables):
    _, arn = stream_tables['KEYS_ONLY']
    _, everything = util.stream_shards(dynamodbstreams, arn)
    page = dynamodbstreams.describe_stream(StreamArn=arn, Limit=1)['StreamDescription']
    assert len(page['Shards']) == 1
    if 'LastEvaluatedShardId' in page:
        # alternator's list_shards (against DynamoDB): the last shard returned.
        assert page['LastEvaluatedShardId'] == page['Shards'][-1]['ShardId']
    _, paged = util.stream_shards(dynamodbstreams, arn, limit=1)
    assert [s['ShardId'] for s in paged] == [s['ShardId'] for s in everything]
    with pytest.raises(ClientError) as e:
        dynamodbstreams_unvalidated.describe_stream(StreamArn=arn, Limit=0)
    assert_client_error(e, 'ValidationException',
                        constraint_re(0, 'limit', 'Member must have value greater than or equal to 1'))


def test_describe_stream_exclusive_start_past_the_end(dynamodbstreams, stream_tables):
    # alternator's list_shards and test_describe_stream_with_nonexistent_last_shard
    # (against DynamoDB): starting after the last shard, or after a shard id
    # that sorts after every shard, gives no shards and no error.
    _, arn = stream_tables['KEYS_ONLY']
    _, shards = util.stream_shards(dynamodbstreams, arn)
    for start in (shards[-1]['ShardId'], 'zzzzzzzzzzzzzzzzzzzzzzzzsfasdgagadfadfgagkjsdfsfsdjfjks'):
        desc = dynamodbstreams.describe_stream(StreamArn=arn, ExclusiveStartShardId=start)['StreamDescription']
        assert desc['Shards'] == []
        assert 'LastEvaluatedShardId' not in desc


def test_describe_stream_unknown_stream(dynamodbstreams):
    # localstack's test_non_existent_stream, recorded against AWS
    # (2024-11-20): the exact message names the ARN.
    arn = _ghost_arn()
    with pytest.raises(ClientError) as e:
        dynamodbstreams.describe_stream(StreamArn=arn)
    assert_client_error(e, 'ResourceNotFoundException', STREAM_NOT_FOUND.format(arn))


def test_describe_stream_malformed_arn(dynamodbstreams):
    # alternator's test_describe_nonexistent_stream: ValidationException on
    # DynamoDB; aws-sdk-js's integration tests against AWS match "Invalid
    # StreamArn" (case-insensitively) in its message.
    with pytest.raises(ClientError) as e:
        dynamodbstreams.describe_stream(StreamArn='sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf')
    assert_client_error(e, 'ValidationException', re.compile('Invalid StreamArn', re.I))


# --------------------------------------------------------------------------
# GetShardIterator

def _two_changes(dynamodb, dynamodbstreams, stream_tables, view_type, lag):
    """Write an item and change it; returns (table, stream ARN, key,
    shard id, the two records)."""
    name, arn = stream_tables[view_type]
    key = _key()
    dynamodb.put_item(TableName=name, Item={**key, 'n': N(1)})
    dynamodb.put_item(TableName=name, Item={**key, 'n': N(2)})
    reader = util.StreamReader(dynamodbstreams, arn)
    records = _records_of(reader, [key], 2, lag)
    # One item's records are in one shard (or a shard and its children).
    shard_id = reader.shard_of[records[0]['eventID']]
    assert reader.shard_of[records[1]['eventID']] == shard_id
    return name, arn, key, shard_id, records


def _read_from(streams, iterator, pages=100):
    """Records from an iterator up to the shard's current end."""
    records = []
    for _ in range(pages):
        page = streams.get_records(ShardIterator=iterator)
        records.extend(page['Records'])
        iterator = page.get('NextShardIterator')
        if not page['Records'] or iterator is None:
            return records
    raise AssertionError(f'no end of the shard after {pages} pages')


def test_shard_iterator_types(dynamodb, dynamodbstreams, stream_tables, stream_lag):
    # API Reference (GetShardIterator): AT_SEQUENCE_NUMBER "start reading
    # exactly from the position denoted by a specific sequence number",
    # AFTER_SEQUENCE_NUMBER "right after", TRIM_HORIZON "at the last
    # (untrimmed) stream record, which is the oldest record in the shard",
    # LATEST "just after the most recent stream record". alternator's
    # test_streams_at_sequence_number/_after_sequence_number/_trim_horizon.
    _, arn, key, shard_id, (first, second) = _two_changes(dynamodb, dynamodbstreams, stream_tables,
                                                          'KEYS_ONLY', stream_lag)
    seq1, seq2 = first['dynamodb']['SequenceNumber'], second['dynamodb']['SequenceNumber']
    assert int(seq1) < int(seq2)   # alternator #7424: compared as big integers

    def iterator(kind, **extra):
        return dynamodbstreams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType=kind,
                                                  **extra)['ShardIterator']

    at = dynamodbstreams.get_records(ShardIterator=iterator('AT_SEQUENCE_NUMBER', SequenceNumber=seq1), Limit=1)
    assert at['Records'] == [first]
    after = dynamodbstreams.get_records(ShardIterator=iterator('AFTER_SEQUENCE_NUMBER', SequenceNumber=seq1),
                                        Limit=1)
    assert len(after['Records']) == 1 and int(after['Records'][0]['dynamodb']['SequenceNumber']) > int(seq1)
    assert util.records_for(_read_from(dynamodbstreams, iterator('AFTER_SEQUENCE_NUMBER', SequenceNumber=seq1)),
                            key) == [second]
    assert util.records_for(_read_from(dynamodbstreams, iterator('TRIM_HORIZON')), key) == [first, second]
    assert util.records_for(_read_from(dynamodbstreams, iterator('AT_SEQUENCE_NUMBER', SequenceNumber=seq2)),
                            key) == [second]
    latest = dynamodbstreams.get_records(ShardIterator=iterator('LATEST'))
    assert util.records_for(latest['Records'], key) == []


def test_latest_iterator_reads_only_later_records(dynamodb, dynamodbstreams, stream_tables, stream_lag,
                                                 external_endpoint):
    name, arn = stream_tables['NEW_IMAGE']
    old = _key()
    dynamodb.put_item(TableName=name, Item=old)
    _records_of(util.StreamReader(dynamodbstreams, arn), [old], 1, stream_lag)
    _, shards = util.stream_shards(dynamodbstreams, arn)
    iterators = [dynamodbstreams.get_shard_iterator(StreamArn=arn, ShardId=s['ShardId'],
                                                    ShardIteratorType='LATEST')['ShardIterator']
                 for s in shards if 'EndingSequenceNumber' not in s['SequenceNumberRange']]
    # alternator's test_streams_no_records (against DynamoDB): nothing to
    # read is an empty Records list, not a missing one, and an open shard
    # gives a NextShardIterator.
    following = []
    for it in iterators:
        page = dynamodbstreams.get_records(ShardIterator=it)
        assert page['Records'] == [] and page['NextShardIterator']
        following.append(page['NextShardIterator'])
    if external_endpoint:
        # alternator: on DynamoDB a LATEST iterator "sometimes" misses the
        # write right after it; only our own server is held to it.
        return
    new = {**_key(), 'v': S('new')}
    dynamodb.put_item(TableName=name, Item=new)

    def check():
        found = []
        for it in following:
            found += util.records_for(_read_from(dynamodbstreams, it), old, _key_of(new))
        assert [_summary(r) for r in found] == [('INSERT', _key_of(new), None, new)]
    util.settle(check, stream_lag)


def test_shard_iterator_errors(dynamodbstreams, dynamodbstreams_unvalidated, stream_tables):
    _, arn = stream_tables['KEYS_ONLY']
    _, shards = util.stream_shards(dynamodbstreams, arn)
    shard = shards[0]
    seq = shard['SequenceNumberRange']['StartingSequenceNumber']
    # alternator's test_get_shard_iterator (against DynamoDB): each of these
    # is a ValidationException; DynamoDB's texts are not known.
    for kind in ('AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'):
        with pytest.raises(ClientError) as e:
            dynamodbstreams.get_shard_iterator(StreamArn=arn, ShardId=shard['ShardId'], ShardIteratorType=kind)
        assert_client_error(e, 'ValidationException')
    for kind in ('TRIM_HORIZON', 'LATEST'):
        with pytest.raises(ClientError) as e:
            dynamodbstreams.get_shard_iterator(StreamArn=arn, ShardId=shard['ShardId'], ShardIteratorType=kind,
                                               SequenceNumber=seq)
        assert_client_error(e, 'ValidationException')
    with pytest.raises(ClientError) as e:
        dynamodbstreams_unvalidated.get_shard_iterator(StreamArn=arn, ShardId=shard['ShardId'],
                                                       ShardIteratorType='AT_SEQUENCE_NUMBER',
                                                       SequenceNumber='sdfsafglldfngjdafnasdflgnaldklkafdsgklnasdlv')
    assert_client_error(e, 'ValidationException')
    with pytest.raises(ClientError) as e:
        dynamodbstreams.get_shard_iterator(StreamArn='sdfadfsddafgdafsgjnadflkgnalngalsdfnlkasnlkasdfasdfasf',
                                           ShardId=shard['ShardId'], ShardIteratorType='LATEST')
    assert_client_error(e, 'ValidationException')
    # An enum outside ShardIteratorType's: the modelled constraint (values in
    # an order DynamoDB does not document).
    with pytest.raises(ClientError) as e:
        dynamodbstreams_unvalidated.get_shard_iterator(StreamArn=arn, ShardId=shard['ShardId'],
                                                       ShardIteratorType='bulle')
    assert_client_error(e, 'ValidationException', re.compile(
        r"^1 validation error detected: Value (?:'bulle' )?at '[sS]hardIteratorType' failed to satisfy "
        r"constraint: Member must satisfy enum value set: \[(?=.*\bTRIM_HORIZON\b)(?=.*\bLATEST\b)"
        r"(?=.*\bAT_SEQUENCE_NUMBER\b)(?=.*\bAFTER_SEQUENCE_NUMBER\b)[A-Z_, ]+\]$"))
    # An unknown shard: "Requested resource not found: Shard does not exist"
    # (DynamoDB quoted with request ids by users of the Kinesis adapter and
    # opensearch data-prepper, 2016-2024).
    with pytest.raises(ClientError) as e:
        dynamodbstreams.get_shard_iterator(StreamArn=arn, ShardId='shardId-00000000000000000000-00000000',
                                           ShardIteratorType='LATEST')
    assert_client_error(e, 'ResourceNotFoundException', SHARD_NOT_FOUND)


# --------------------------------------------------------------------------
# GetRecords

def test_get_records_limit(dynamodb, dynamodbstreams, dynamodbstreams_unvalidated, stream_tables, stream_lag):
    # One item changed five times: its records are in one shard, in order.
    name, arn = stream_tables['NEW_IMAGE']
    key = _key()
    for n in range(5):
        dynamodb.put_item(TableName=name, Item={**key, 'n': N(n)})
    reader = util.StreamReader(dynamodbstreams, arn)
    records = _records_of(reader, [key], 5, stream_lag)
    shard_id = reader.shard_of[records[0]['eventID']]
    iterator = dynamodbstreams.get_shard_iterator(
        StreamArn=arn, ShardId=shard_id, ShardIteratorType='AT_SEQUENCE_NUMBER',
        SequenceNumber=records[0]['dynamodb']['SequenceNumber'])['ShardIterator']
    # Limit: "The maximum number of records to return from the shard."
    read = []
    for _ in range(20):
        page = dynamodbstreams.get_records(ShardIterator=iterator, Limit=2)
        assert len(page['Records']) <= 2
        read.extend(page['Records'])
        iterator = page.get('NextShardIterator')
        if not page['Records'] or iterator is None:
            break
    assert util.records_for(read, key) == records
    assert 'Records' in dynamodbstreams.get_records(ShardIterator=_trim_horizon(dynamodbstreams, arn, shard_id),
                                                    Limit=1000)
    # alternator's test_get_records_too_high_limit (against DynamoDB): 1000
    # is the upper limit, 1001, 0 and -1 are ValidationExceptions about the
    # limit; below 1 the modelled minimum's message.
    fresh = _trim_horizon(dynamodbstreams, arn, shard_id)
    for limit in (0, -1):
        with pytest.raises(ClientError) as e:
            dynamodbstreams_unvalidated.get_records(ShardIterator=fresh, Limit=limit)
        assert_client_error(e, 'ValidationException',
                            constraint_re(limit, 'limit', 'Member must have value greater than or equal to 1'))
    with pytest.raises(ClientError) as e:
        dynamodbstreams.get_records(ShardIterator=fresh, Limit=1001)
    assert_client_error(e, 'ValidationException', re.compile('[Ll]imit'))


def _trim_horizon(streams, arn, shard_id):
    return streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id,
                                      ShardIteratorType='TRIM_HORIZON')['ShardIterator']


def test_get_records_bad_iterator(dynamodbstreams, dynamodbstreams_unvalidated):
    # alternator's test_get_records_nonexistent_iterator (against DynamoDB):
    # a string that is no iterator is a ValidationException.
    with pytest.raises(ClientError) as e:
        dynamodbstreams.get_records(ShardIterator='sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg', Limit=1000)
    assert_client_error(e, 'ValidationException')
    # ShardIterator is 1 to 2048 characters (the modelled constraint).
    too_long = 'x' * 2049
    with pytest.raises(ClientError) as e:
        dynamodbstreams_unvalidated.get_records(ShardIterator=too_long)
    assert_client_error(e, 'ValidationException',
                        constraint_re(too_long, 'shardIterator', 'Member must have length less than or equal to 2048'))


def test_get_records_one_megabyte_pages(dynamodb, dynamodbstreams, new_table, stream_lag):
    # "GetRecords can retrieve a maximum of 1 MB of data or 1000 stream
    # records, whichever comes first." 12 records of about 100 KB do not fit
    # in one page; as with Scan's 1 MB (test_scan.py), the records before a
    # page's last one stay under 1 MB.
    name, arn = _create_stream_table(new_table, dynamodbstreams, 'NEW_IMAGE', 'stream-big')
    blob = 'b' * (100 * 1024)
    keys = [_key(f'big-{i:02}') for i in range(12)]
    for key in keys:
        dynamodb.put_item(TableName=name, Item={**key, 'blob': S(blob)})
    reader = util.StreamReader(dynamodbstreams, arn)
    records = _records_of(reader, keys, 12, stream_lag)
    assert sorted(r['dynamodb']['Keys']['pk']['S'] for r in records) == [k['pk']['S'] for k in keys]
    pages = [p['Records'] for p in reader.pages if p['Records']]
    for page in pages:
        sizes = [r['dynamodb']['SizeBytes'] for r in page]
        assert sum(sizes[:-1]) < MB, f'a page of {len(page)} records and {sum(sizes)} bytes'
    assert len(pages) >= 2
    for record in records:
        assert record['dynamodb']['SizeBytes'] >= 100 * 1024


def test_get_records_at_most_1000_records(dynamodb, dynamodbstreams, new_table, stream_lag):
    name, arn = _create_stream_table(new_table, dynamodbstreams, 'KEYS_ONLY', 'stream-many')
    keys = [_key(f'many-{i:04}') for i in range(1010)]
    util.batch_write_all(dynamodb, name, keys)
    reader = util.StreamReader(dynamodbstreams, arn)
    records = _records_of(reader, keys, 1010, stream_lag)
    assert sorted(r['dynamodb']['Keys']['pk']['S'] for r in records) == [k['pk']['S'] for k in keys]
    assert all(len(p['Records']) <= 1000 for p in reader.pages)


# --------------------------------------------------------------------------
# Records

@pytest.mark.parametrize('view_type', VIEW_TYPES)
def test_record_format(dynamodb, dynamodbstreams, stream_tables, stream_lag, view_type):
    name, arn = stream_tables[view_type]
    key = _key()
    one = {**key, 'a': S('one')}
    two = {**one, 'b': S('two')}
    three = {**key, 'c': S('three')}
    dynamodb.put_item(TableName=name, Item=one)
    dynamodb.update_item(TableName=name, Key=key, AttributeUpdates={'b': {'Value': S('two'), 'Action': 'PUT'}})
    dynamodb.put_item(TableName=name, Item=three)   # replaces the item: a MODIFY, not a REMOVE and an INSERT
    dynamodb.delete_item(TableName=name, Key=key)
    records = _records_of(util.StreamReader(dynamodbstreams, arn), [key], 4, stream_lag)
    # Images are whole items, keys included (alternator's
    # test_streams_new_image/test_streams_updateitem_old_image, against DynamoDB).
    assert [_summary(r) for r in records] == _as_seen(view_type, [
        ('INSERT', key, None, one), ('MODIFY', key, one, two), ('MODIFY', key, two, three),
        ('REMOVE', key, three, None)])
    for record in records:
        _check_record(record, view_type)
        # SizeBytes is the size of Keys plus the images in the record
        # (localstack's snapshots against AWS: 12 for {Username: "Fred"}
        # KEYS_ONLY, 26 for a MODIFY of {id} to {id, name}, ...).
        body = record['dynamodb']
        assert body['SizeBytes'] == sum(_string_size(body[m]) for m in ('Keys', 'OldImage', 'NewImage') if m in body)
    _assert_increasing(records)
    assert len({r['eventID'] for r in records}) == 4   # "a globally unique identifier"


def test_no_record_for_writes_that_change_nothing(dynamodb, dynamodbstreams, stream_tables, stream_lag):
    # Developer Guide: "If you perform a PutItem or UpdateItem operation that
    # does not change any data in an item, DynamoDB Streams does not write a
    # stream record"; localstack's snapshots against AWS (2025) show no
    # record for an identical Put in BatchWriteItem and TransactWriteItems
    # or an Update to the same value; alternator's do_updates_1: no record
    # for deleting an item that does not exist. A write that fails changes
    # nothing either. A final change proves nothing came in between: each
    # item's records are in the order of its changes.
    name, arn = stream_tables['NEW_AND_OLD_IMAGES']
    key, absent = _key(), _key()
    item = {**key, 'a': S('same'), 'n': N(1)}
    dynamodb.put_item(TableName=name, Item=item)
    dynamodb.put_item(TableName=name, Item=item)
    dynamodb.put_item(TableName=name, Item={**key, 'n': N('1.0'), 'a': S('same')})   # the same number
    dynamodb.update_item(TableName=name, Key=key, AttributeUpdates={'a': {'Value': S('same'), 'Action': 'PUT'}})
    dynamodb.update_item(TableName=name, Key=key, AttributeUpdates={'missing': {'Action': 'DELETE'}})
    dynamodb.delete_item(TableName=name, Key=absent)
    with pytest.raises(ClientError) as e:
        dynamodb.put_item(TableName=name, Item={**key, 'a': S('blocked')},
                          Expected={'a': {'Value': S('other'), 'ComparisonOperator': 'EQ'}})
    assert_client_error(e, 'ConditionalCheckFailedException')
    util.batch_write_all(dynamodb, name, [item], deletes=[absent])
    final = {**item, 'a': S('changed')}
    dynamodb.put_item(TableName=name, Item=final)
    records = _records_of(util.StreamReader(dynamodbstreams, arn), [key, absent], 2, stream_lag)
    assert [_summary(r) for r in records] == [('INSERT', key, None, item), ('MODIFY', key, item, final)]


@pytest.mark.expressions
def test_no_record_for_update_expressions_that_change_nothing(dynamodb, dynamodbstreams, stream_tables, stream_lag):
    # As above, with UpdateExpression, and a cancelled transaction.
    name, arn = stream_tables['NEW_AND_OLD_IMAGES']
    key, absent = _key(), _key()
    item = {**key, 'a': S('same'), 'tags': {'SS': ['x', 'y']}}
    dynamodb.put_item(TableName=name, Item=item)
    dynamodb.update_item(TableName=name, Key=key, UpdateExpression='SET a = :a REMOVE nothing_here',
                         ExpressionAttributeValues={':a': S('same')})
    dynamodb.update_item(TableName=name, Key=key, UpdateExpression='ADD tags :x',
                         ExpressionAttributeValues={':x': {'SS': ['x']}})
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[
            {'Update': {'TableName': name, 'Key': key, 'UpdateExpression': 'SET a = :b',
                        'ExpressionAttributeValues': {':b': S('blocked')}}},
            {'ConditionCheck': {'TableName': name, 'Key': absent, 'ConditionExpression': 'attribute_exists(pk)'}},
        ])
    assert_client_error(e, 'TransactionCanceledException')
    final = {**item, 'a': S('changed')}
    dynamodb.update_item(TableName=name, Key=key, UpdateExpression='SET a = :a',
                         ExpressionAttributeValues={':a': S('changed')})
    records = _records_of(util.StreamReader(dynamodbstreams, arn), [key, absent], 2, stream_lag)
    assert [_summary(r) for r in records] == [('INSERT', key, None, item), ('MODIFY', key, item, final)]


def test_update_item_creating_an_item_is_an_insert(dynamodb, dynamodbstreams, stream_tables, stream_lag):
    # alternator's do_updates_1 and test_streams_updateitem_old_image_empty_item
    # (against DynamoDB): an UpdateItem that creates the item is an INSERT;
    # an item of only its key is an item (its image is the key).
    name, arn = stream_tables['NEW_AND_OLD_IMAGES']
    created, bare = _key(), _key()
    dynamodb.update_item(TableName=name, Key=created, AttributeUpdates={'x': {'Value': N(5), 'Action': 'PUT'}})
    dynamodb.update_item(TableName=name, Key=bare)
    dynamodb.update_item(TableName=name, Key=bare, AttributeUpdates={'y': {'Value': N(3), 'Action': 'PUT'}})
    records = _records_of(util.StreamReader(dynamodbstreams, arn), [created, bare], 3, stream_lag)
    assert [_summary(r) for r in records] == [
        ('INSERT', created, None, {**created, 'x': N(5)}),
        ('INSERT', bare, None, bare),
        ('MODIFY', bare, bare, {**bare, 'y': N(3)}),
    ]


def test_batch_write_records(dynamodb, dynamodbstreams, stream_tables, stream_lag):
    # One record per item a BatchWriteItem changes (localstack's
    # test_batch_write_items_streaming against AWS: INSERT for the new key,
    # nothing for the identical Put, REMOVE, MODIFY).
    name, arn = stream_tables['NEW_AND_OLD_IMAGES']
    same, changed, removed, new, absent = (_key() for _ in range(5))
    for key in (same, changed, removed):
        dynamodb.put_item(TableName=name, Item={**key, 'v': S('old')})
    dynamodb.batch_write_item(RequestItems={name: [
        {'PutRequest': {'Item': {**same, 'v': S('old')}}},
        {'PutRequest': {'Item': {**changed, 'v': S('new')}}},
        {'DeleteRequest': {'Key': removed}},
        {'PutRequest': {'Item': {**new, 'v': S('new')}}},
        {'DeleteRequest': {'Key': absent}},
    ]})
    reader = util.StreamReader(dynamodbstreams, arn)
    records = _records_of(reader, [same, changed, removed, new, absent], 6, stream_lag)
    by_key = lambda key: [_summary(r) for r in util.records_for(records, key)]  # noqa: E731
    old = lambda key: {**key, 'v': S('old')}  # noqa: E731
    assert by_key(same) == [('INSERT', same, None, old(same))]
    assert by_key(changed) == [('INSERT', changed, None, old(changed)),
                               ('MODIFY', changed, old(changed), {**changed, 'v': S('new')})]
    assert by_key(removed) == [('INSERT', removed, None, old(removed)), ('REMOVE', removed, old(removed), None)]
    assert by_key(new) == [('INSERT', new, None, {**new, 'v': S('new')})]
    assert by_key(absent) == []


@pytest.mark.expressions
def test_transact_write_records(dynamodb, dynamodbstreams, stream_tables, stream_lag):
    # localstack's test_transact_write_items_streaming (against AWS): one
    # record per item a transaction changes, in each table's own stream; a
    # ConditionCheck changes nothing and writes no record.
    name, arn = stream_tables['NEW_AND_OLD_IMAGES']
    other, other_arn = stream_tables['KEYS_ONLY']
    put, updated, deleted, checked, elsewhere = (_key() for _ in range(5))
    for key in (updated, deleted, checked):
        dynamodb.put_item(TableName=name, Item={**key, 'v': S('old')})
    dynamodb.transact_write_items(TransactItems=[
        {'Put': {'TableName': name, 'Item': {**put, 'v': S('new')}}},
        {'Update': {'TableName': name, 'Key': updated, 'UpdateExpression': 'SET v = :v',
                    'ExpressionAttributeValues': {':v': S('new')}}},
        {'Delete': {'TableName': name, 'Key': deleted}},
        {'ConditionCheck': {'TableName': name, 'Key': checked, 'ConditionExpression': 'attribute_exists(v)'}},
        {'Put': {'TableName': other, 'Item': elsewhere}},
    ])
    # Three records of the setup, three of the transaction.
    records = _records_of(util.StreamReader(dynamodbstreams, arn), [put, updated, deleted, checked], 6, stream_lag)
    by_key = lambda key: [_summary(r) for r in util.records_for(records, key)]  # noqa: E731
    old = lambda key: {**key, 'v': S('old')}  # noqa: E731
    assert by_key(put) == [('INSERT', put, None, {**put, 'v': S('new')})]
    assert by_key(updated) == [('INSERT', updated, None, old(updated)),
                               ('MODIFY', updated, old(updated), {**updated, 'v': S('new')})]
    assert by_key(deleted) == [('INSERT', deleted, None, old(deleted)), ('REMOVE', deleted, old(deleted), None)]
    assert by_key(checked) == [('INSERT', checked, None, old(checked))]
    other_records = _records_of(util.StreamReader(dynamodbstreams, other_arn), [elsewhere], 1, stream_lag)
    assert [_summary(r) for r in other_records] == [('INSERT', elsewhere, None, None)]


def test_identifier_formats_sdks_rely_on(dynamodb, dynamodbstreams, stream_tables, stream_lag):
    # The service model every SDK is generated from (API Reference): ShardId
    # 28-65 characters, SequenceNumber 21-40, ShardIterator 1-2048, StreamArn
    # 37-1024; sequence numbers are decimal (alternator #7158: "libraries
    # rely on this") and compared as integers (#7424). KCL's DynamoDB Streams
    # adapter checks these lengths.
    name, arn, key, shard_id, records = _two_changes(dynamodb, dynamodbstreams, stream_tables, 'KEYS_ONLY',
                                                     stream_lag)
    assert 37 <= len(arn) <= 1024
    _, shards = util.stream_shards(dynamodbstreams, arn)
    for shard in shards:
        assert 28 <= len(shard['ShardId']) <= 65
        for number in shard['SequenceNumberRange'].values():
            assert util.SEQUENCE_NUMBER_RE.match(number)
        if 'ParentShardId' in shard:
            assert 28 <= len(shard['ParentShardId']) <= 65
    seq = records[0]['dynamodb']['SequenceNumber']
    iterators = []
    for kind in ('TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'):
        extra = {'SequenceNumber': seq} if 'SEQUENCE' in kind else {}
        iterators.append(dynamodbstreams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType=kind,
                                                            **extra)['ShardIterator'])
    following = [dynamodbstreams.get_records(ShardIterator=it).get('NextShardIterator') for it in iterators]
    for iterator in iterators + [it for it in following if it is not None]:
        assert isinstance(iterator, str) and 1 <= len(iterator) <= 2048, iterator
    for record in records:
        assert util.SEQUENCE_NUMBER_RE.match(record['dynamodb']['SequenceNumber'])


def test_orders_stream_seed_example(dynamodb, dynamodb_resource, dynamodbstreams, new_table, stream_lag):
    # The seed example: an orders table whose stream has old and new images,
    # read back with boto3 and turned into Python values.
    name, arn = _create_stream_table(new_table, dynamodbstreams, 'NEW_AND_OLD_IMAGES', 'orders',
                                     **util.hash_key_schema('order_id'))
    orders = dynamodb_resource.Table(name)
    orders.put_item(Item={'order_id': 'o-1001', 'customer': 'ana', 'total': Decimal('42.50'), 'status': 'PLACED'})
    orders.update_item(Key={'order_id': 'o-1001'},
                       AttributeUpdates={'status': {'Value': 'SHIPPED', 'Action': 'PUT'}})
    records = util.StreamReader(dynamodbstreams, arn).wait_for(lambda rs: _at_least(rs, 2), stream_lag)
    python = TypeDeserializer().deserialize

    def image(record, which):
        return {k: python(v) for k, v in record['dynamodb'][which].items()}
    placed = {'order_id': 'o-1001', 'customer': 'ana', 'total': Decimal('42.5'), 'status': 'PLACED'}
    assert [r['eventName'] for r in records] == ['INSERT', 'MODIFY']
    assert 'OldImage' not in records[0]['dynamodb'] and image(records[0], 'NewImage') == placed
    assert image(records[1], 'OldImage') == placed
    assert image(records[1], 'NewImage') == {**placed, 'status': 'SHIPPED'}
    assert [python(v) for v in records[1]['dynamodb']['Keys'].values()] == ['o-1001']


# --------------------------------------------------------------------------
# Disabled streams

def test_disabled_stream_stays_readable(dynamodb, dynamodbstreams, new_table, stream_lag):
    # Developer Guide: "If you disable a stream, any shards that are open will
    # be closed. The data in the stream will continue to be readable for 24
    # hours." alternator's test_streams_disabled_stream/_closed_read
    # (written against DynamoDB): DISABLED, every shard has an
    # EndingSequenceNumber, iterators taken before still work, and a closed
    # shard read to its end has no NextShardIterator.
    name, arn = _create_stream_table(new_table, dynamodbstreams, 'KEYS_ONLY')
    keys = [_key(), _key()]
    for key in keys:
        dynamodb.put_item(TableName=name, Item=key)
    reader = util.StreamReader(dynamodbstreams, arn)
    _records_of(reader, keys, 2, stream_lag)
    _, shards = util.stream_shards(dynamodbstreams, arn)
    earlier = {s['ShardId']: _trim_horizon(dynamodbstreams, arn, s['ShardId']) for s in shards}

    dynamodb.update_table(TableName=name, StreamSpecification={'StreamEnabled': False})
    util.wait_for_active(dynamodb, name)
    desc = util.wait_for_stream_status(dynamodbstreams, arn, 'DISABLED')
    assert desc['StreamViewType'] == 'KEYS_ONLY' and desc['TableName'] == name
    _, shards = util.stream_shards(dynamodbstreams, arn)
    for shard in shards:
        assert util.SEQUENCE_NUMBER_RE.match(shard['SequenceNumberRange'].get('EndingSequenceNumber', '')), shard
    for source in ('earlier', 'fresh'):
        found = []
        for shard in shards:
            iterator = earlier[shard['ShardId']] if source == 'earlier' else \
                _trim_horizon(dynamodbstreams, arn, shard['ShardId'])
            for _ in range(100):
                page = dynamodbstreams.get_records(ShardIterator=iterator)
                found.extend(page['Records'])
                iterator = page.get('NextShardIterator')
                if iterator is None:
                    break
            else:
                pytest.fail(f'closed shard {shard["ShardId"]} still gave a NextShardIterator after 100 pages')
        assert sorted(r['dynamodb']['Keys']['pk']['S'] for r in found) == sorted(k['pk']['S'] for k in keys), source


def test_deleted_table_stream_stays_readable(dynamodb, dynamodbstreams, new_table, stream_lag):
    # Live catalogue DDB-TABLE-378/386: after DeleteTable the stream is
    # DISABLING at once and DISABLED seconds later, and stays listed by
    # ListStreams(TableName) and describable; its data stays readable
    # (24 hours, as for any disabled stream).
    name, arn = _create_stream_table(new_table, dynamodbstreams, 'NEW_IMAGE')
    item = {**_key(), 'v': S('kept')}
    dynamodb.put_item(TableName=name, Item=item)
    _records_of(util.StreamReader(dynamodbstreams, arn), [_key_of(item)], 1, stream_lag)
    dynamodb.delete_table(TableName=name)
    util.wait_for_gone(dynamodb, name)
    desc = util.wait_for_stream_status(dynamodbstreams, arn, 'DISABLED')
    assert desc['TableName'] == name
    assert arn in [s['StreamArn'] for s in dynamodbstreams.list_streams(TableName=name)['Streams']]
    records = util.StreamReader(dynamodbstreams, arn).poll()
    assert [_summary(r) for r in records] == [('INSERT', _key_of(item), None, item)]


# --------------------------------------------------------------------------
# The AWS CLI

@pytest.mark.skipif(AWS is None, reason='the AWS CLI (aws) is not installed')
def test_cli_reads_a_stream(aws_streams, dynamodb, stream_tables, stream_lag):  # noqa: F811 (the fixture)
    # As a user would: aws dynamodbstreams list-streams, describe-stream,
    # get-shard-iterator, get-records.
    name, arn = stream_tables['NEW_AND_OLD_IMAGES']
    item = {**_key(), 'note': S('via the CLI')}
    dynamodb.put_item(TableName=name, Item=item)
    listed, _ = aws_streams('list-streams', '--table-name', name)
    assert [s['StreamArn'] for s in listed['Streams']] == [arn]
    described, _ = aws_streams('describe-stream', '--stream-arn', arn)
    assert described['StreamDescription']['StreamViewType'] == 'NEW_AND_OLD_IMAGES'
    shard_ids = [s['ShardId'] for s in described['StreamDescription']['Shards']]

    def check():
        found = []
        for shard_id in shard_ids:
            started, _ = aws_streams('get-shard-iterator', '--stream-arn', arn, '--shard-id', shard_id,
                                     '--shard-iterator-type', 'TRIM_HORIZON')
            iterator = started['ShardIterator']
            for _ in range(20):
                page, _ = aws_streams('get-records', '--shard-iterator', iterator)
                found += [r for r in page['Records'] if r['dynamodb']['Keys'] == _key_of(item)]
                iterator = page.get('NextShardIterator')
                if not page['Records'] or not iterator:
                    break
        assert len(found) == 1, found
        return found[0]
    record = util.settle(check, stream_lag)
    assert record['eventName'] == 'INSERT' and record['eventSource'] == 'aws:dynamodb'
    assert record['dynamodb']['NewImage'] == item
    assert record['dynamodb']['StreamViewType'] == 'NEW_AND_OLD_IMAGES'


# --------------------------------------------------------------------------
# Our server: shard rollover, crashes, iterator expiry, trimming

def _server_stream_table(client, streams, view_type='NEW_IMAGE'):
    name = util.unique_table_name('srv-stream')
    client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', StreamSpecification=_spec(view_type),
                        **util.hash_key_schema())
    arn = util.wait_for_active(client, name)['LatestStreamArn']
    util.wait_for_stream_status(streams, arn)
    return name, arn


def _version_of(record):
    return record['dynamodb']['Keys']['pk']['S'], int(record['dynamodb']['NewImage']['v']['N'])


@pytest.mark.dynastore_only
def test_consumer_follows_shard_lineage_across_rollovers(server_factory, tmp_path):
    # A consumer as the Developer Guide describes it: every shard from
    # TRIM_HORIZON, parents before children, a closed shard until its
    # NextShardIterator is null. With a shard rolled over every 2 s and
    # writes spread over about 5 s, it gets every record exactly once and
    # each item's records in order.
    url, _ = server_factory(tmp_path / 'data', ['--stream-shard-rollover-seconds', '2'])
    client, streams = _clients(url)
    name, arn = _server_stream_table(client, streams)
    keys = [f'k{i}' for i in range(5)]
    versions = dict.fromkeys(keys, 0)
    written = []
    started = time.monotonic()
    while time.monotonic() - started < 5.0 and len(written) < 500:
        key = keys[len(written) % len(keys)]
        client.put_item(TableName=name, Item={'pk': S(key), 'v': N(versions[key])})
        written.append((key, versions[key]))
        versions[key] += 1
        time.sleep(0.1)

    # DescribeStream one shard per page: LastEvaluatedShardId is the last
    # shard returned; shards are listed in ShardId order, oldest first
    # (alternator's list_shards, against DynamoDB).
    _, shards = util.stream_shards(streams, arn, limit=1)
    ids = [s['ShardId'] for s in shards]
    assert len(ids) == len(set(ids)) and ids == sorted(ids)
    assert len(shards) >= 3, f'{len(shards)} shards after 5 s with a rollover every 2 s'
    # The old shard is closed (EndingSequenceNumber) and the new one names it
    # as its ParentShardId: one chain, the newest shard open.
    assert 'ParentShardId' not in shards[0]
    for parent, child in zip(shards, shards[1:]):
        assert child['ParentShardId'] == parent['ShardId']
        assert int(parent['SequenceNumberRange']['EndingSequenceNumber']) >= \
            int(parent['SequenceNumberRange']['StartingSequenceNumber'])
    assert 'EndingSequenceNumber' not in shards[-1]['SequenceNumberRange']

    read = []
    for shard in shards:
        bounds = shard['SequenceNumberRange']
        closed = 'EndingSequenceNumber' in bounds
        iterator = _trim_horizon(streams, arn, shard['ShardId'])
        in_shard = []
        for _ in range(200):
            page = streams.get_records(ShardIterator=iterator)
            in_shard.extend(page['Records'])
            iterator = page.get('NextShardIterator')
            if iterator is None or (not closed and not page['Records']):
                break
        else:
            pytest.fail(f'shard {shard["ShardId"]} did not end within 200 pages')
        # "If set to null, the shard has been closed": only closed shards end
        # (the newest may have rolled over since it was listed).
        if iterator is None and not closed:
            _, now = util.stream_shards(streams, arn)
            latest = next(s for s in now if s['ShardId'] == shard['ShardId'])
            closed = 'EndingSequenceNumber' in latest['SequenceNumberRange']
        assert (iterator is None) == closed, shard
        _assert_increasing(in_shard)
        for record in in_shard:
            number = int(record['dynamodb']['SequenceNumber'])
            assert number >= int(bounds['StartingSequenceNumber'])
            if closed:
                assert number <= int(bounds['EndingSequenceNumber'])
        read.extend(in_shard)
    assert len(read) == len(written)
    assert sorted(_version_of(r) for r in read) == sorted(written)   # each exactly once
    for key in keys:
        mine = [r for r in read if r['dynamodb']['Keys'] == {'pk': S(key)}]
        assert [_version_of(r)[1] for r in mine] == list(range(versions[key]))
        assert [r['eventName'] for r in mine] == ['INSERT'] + ['MODIFY'] * (versions[key] - 1)


@pytest.mark.dynastore_only
def test_describe_stream_child_shards_filter(server_factory, tmp_path):
    # Developer Guide ("Shard discovery"): DescribeStream with ShardFilter
    # {Type: CHILD_SHARDS, ShardId: parent} returns the parent's immediate
    # child shards.
    url, _ = server_factory(tmp_path / 'data', ['--stream-shard-rollover-seconds', '1'])
    client, streams = _clients(url)
    name, arn = _server_stream_table(client, streams)
    started = time.monotonic()
    count = 0
    while time.monotonic() - started < 2.5 and count < 200:
        client.put_item(TableName=name, Item={'pk': S(f'k{count}'), 'v': N(0)})
        count += 1
        time.sleep(0.1)
    _, shards = util.stream_shards(streams, arn)
    assert len(shards) >= 2
    for parent, child in zip(shards, shards[1:]):
        desc = streams.describe_stream(StreamArn=arn, ShardFilter={'Type': 'CHILD_SHARDS',
                                                                    'ShardId': parent['ShardId']})['StreamDescription']
        assert [s['ShardId'] for s in desc['Shards']] == [child['ShardId']]
        assert desc['Shards'][0]['ParentShardId'] == parent['ShardId']


@pytest.mark.dynastore_only
@pytest.mark.parametrize('flags', [[], ['--sync']], ids=['default', 'sync'])
def test_stream_records_survive_kill_9(server_factory, tmp_path, flags):
    # Writers change their own items (v = 0, 1, 2, ...) until the server is
    # killed with SIGKILL. After a restart on the same data directory each
    # item's records are exactly its versions 0..v, v being what the table
    # holds: every acknowledged write has its record, and there is no record
    # of a change the table does not have.
    data_dir = tmp_path / 'data'
    url, server = server_factory(data_dir, flags)
    client, streams = _clients(url)
    name, arn = _server_stream_table(client, streams)
    acknowledged, lock, stop = {}, threading.Lock(), threading.Event()

    def writer(w):
        own = util.make_client(url)
        keys = [f'w{w:02}-k{j}' for j in range(4)]
        version = dict.fromkeys(keys, 0)
        for i in range(100000):
            if stop.is_set():
                return
            key = keys[i % len(keys)]
            try:
                own.put_item(TableName=name, Item={'pk': S(key), 'v': N(version[key])})
            except Exception:  # pylint: disable=broad-except
                return   # the server is gone: this write was never acknowledged
            with lock:
                acknowledged[key] = version[key]
            version[key] += 1

    writers = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for t in writers:
        t.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with lock:
            if sum(v + 1 for v in acknowledged.values()) >= 400:
                break
        time.sleep(0.02)
    server.kill()
    stop.set()
    for t in writers:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in writers)
    assert sum(v + 1 for v in acknowledged.values()) >= 400

    url, server = server_factory(data_dir, flags)
    client, streams = _clients(url)
    assert client.describe_table(TableName=name)['Table']['LatestStreamArn'] == arn
    table = {item['pk']['S']: int(item['v']['N'])
             for item in util.all_items(client.scan, TableName=name, ConsistentRead=True)}
    records = util.StreamReader(streams, arn).poll()
    by_key = {}
    for record in records:
        key, version = _version_of(record)
        by_key.setdefault(key, []).append((record['eventName'], version))
    for key, last in acknowledged.items():
        assert table.get(key, -1) >= last, f'acknowledged write {key} v{last} lost from the table'
    for key in set(table) | set(by_key):
        expected = list(range(table.get(key, -1) + 1))
        got = by_key.get(key, [])
        assert [v for _, v in got] == expected, f'{key}: records {got}, table v{table.get(key)}'
        assert [e for e, _ in got] == ['INSERT', *['MODIFY'] * (len(got) - 1)][:len(got)]
    _assert_increasing(records)
    # The stream goes on after the restart, numbering after what it had.
    client.put_item(TableName=name, Item={'pk': S('after-restart'), 'v': N(0)})
    later = util.StreamReader(streams, arn).poll()
    tail = util.records_for(later, {'pk': S('after-restart')})
    assert len(tail) == 1
    assert int(tail[0]['dynamodb']['SequenceNumber']) > max(int(r['dynamodb']['SequenceNumber']) for r in records)


@pytest.mark.dynastore_only
def test_shard_iterators_expire(server_factory, tmp_path):
    # "A shard iterator expires 15 minutes after it is returned to the
    # requester" (API Reference, GetShardIterator) - here 2 s. Using an
    # expired one is ExpiredIteratorException ("The shard iterator has
    # expired and can no longer be used to retrieve stream records"); its
    # message is not known. Each GetRecords returns a fresh NextShardIterator,
    # so a consumer that keeps reading never sees one expire.
    url, _ = server_factory(tmp_path / 'data', ['--stream-iterator-ttl-seconds', '2'])
    client, streams = _clients(url)
    name, arn = _server_stream_table(client, streams)
    client.put_item(TableName=name, Item={'pk': S('a'), 'v': N(0)})
    shard_id = util.stream_shards(streams, arn)[1][0]['ShardId']
    first = _trim_horizon(streams, arn, shard_id)
    page = streams.get_records(ShardIterator=first)
    assert [_version_of(r) for r in page['Records']] == [('a', 0)]
    returned = page['NextShardIterator']
    following = returned
    started = time.monotonic()
    while time.monotonic() - started < 3.5:
        time.sleep(0.5)
        following = streams.get_records(ShardIterator=following)['NextShardIterator']
    for expired in (first, returned):
        with pytest.raises(ClientError) as e:
            streams.get_records(ShardIterator=expired)
        assert_client_error(e, 'ExpiredIteratorException')
        assert e.value.response['Error']['Message']
    client.put_item(TableName=name, Item={'pk': S('a'), 'v': N(1)})
    assert [_version_of(r) for r in streams.get_records(ShardIterator=following)['Records']] == [('a', 1)]
    # A new iterator for the same shard is fine.
    assert len(_read_from(streams, _trim_horizon(streams, arn, shard_id))) == 2


@pytest.mark.dynastore_only
def test_trimmed_records(server_factory, tmp_path):
    # Records older than the retention period (24 hours; here 2 s) are
    # "subject to removal (trimming)". TrimmedDataAccessException (API
    # Reference) when "you request a shard iterator with a sequence number
    # older than the trim point" or when "you obtain a shard iterator, but
    # before you use the iterator in a GetRecords request, a stream record
    # in the shard exceeds the 24 hour period and is trimmed". Its message:
    # the API Reference documents it as "The data you are trying to access
    # has been trimmed.", and a user of ironSource/node-dynamodb-stream
    # quoted DynamoDB with that text (2019, issue 13).
    url, _ = server_factory(tmp_path / 'data', ['--stream-retention-seconds', '2'])
    client, streams = _clients(url)
    name, arn = _server_stream_table(client, streams)
    client.put_item(TableName=name, Item={'pk': S('old'), 'v': N(0)})
    shard_id = util.stream_shards(streams, arn)[1][0]['ShardId']
    (record,) = streams.get_records(ShardIterator=_trim_horizon(streams, arn, shard_id))['Records']
    old_number = record['dynamodb']['SequenceNumber']
    before = streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType='AT_SEQUENCE_NUMBER',
                                        SequenceNumber=old_number)['ShardIterator']

    def trimmed():
        try:
            streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType='AT_SEQUENCE_NUMBER',
                                       SequenceNumber=old_number)
        except ClientError as e:
            assert_client_error(e, 'TrimmedDataAccessException', TRIMMED)
            return
        raise AssertionError(f'record {old_number} not trimmed yet')
    util.settle(trimmed, 10)
    with pytest.raises(ClientError) as e:
        streams.get_records(ShardIterator=before)
    assert_client_error(e, 'TrimmedDataAccessException', TRIMMED)
    # TRIM_HORIZON is now after the trimmed record.
    client.put_item(TableName=name, Item={'pk': S('new'), 'v': N(0)})
    assert [_version_of(r) for r in _read_from(streams, _trim_horizon(streams, arn, shard_id))] == [('new', 0)]
