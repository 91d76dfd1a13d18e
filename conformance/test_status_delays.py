"""Transient table and index statuses (`--status-delay-ms`, `-delayTransientStatuses`).

DynamoDB takes time to create, update and delete tables and indexes, and
applications wait for it (boto3's `table_exists` waiter, SDK waiters,
Terraform). With a status delay the server shows those states for that long,
so the waiting code is exercised. What DynamoDB does meanwhile, from the API
Reference and observed from the service:

- CreateTable answers CREATING; data-plane operations on a CREATING table
  answer ResourceNotFoundException; UpdateTable, DeleteTable and a second
  CreateTable answer ResourceInUseException "Attempt to change a resource
  which is still in use: Table is being created: <name>".
- UpdateTable leaves the table UPDATING, still usable for reads and writes;
  another UpdateTable or a DeleteTable answers ResourceInUseException
  "... Table is being updated: <name>".
- DeleteTable answers DELETING; the table stays listed and described as
  DELETING, then disappears. Meanwhile DeleteTable again and TagResource
  answer "... Table is being deleted: <name>", CreateTable of the name
  "Table already exists: <name>".
- A GSI added by UpdateTable is CREATING ("Cannot read from backfilling
  global secondary index: <name>"), a deleted one DELETING (reads: "The table
  does not have the specified index: <name>") until it is gone.

These tests start their own server with the flag, so they skip with
--endpoint-url.
"""

import time

import pytest
from botocore.exceptions import ClientError

import util
from util import assert_client_error

pytestmark = pytest.mark.dynastore_only

DELAY_MS = 700
WAIT_SECONDS = 15  # bound on every wait below
KEY = {'pk': {'S': 'k'}}
TABLE_SPEC = dict(BillingMode='PAY_PER_REQUEST', **util.hash_key_schema())
NOT_FOUND = 'ResourceNotFoundException'
IN_USE = 'ResourceInUseException'


def refused(call, code, message, **request):
    """`call(**request)` fails with `code` and exactly `message`."""
    with pytest.raises(ClientError) as e:
        call(**request)
    assert_client_error(e, code, message)


def in_use(name, doing):
    return f'Attempt to change a resource which is still in use: Table is being {doing}: {name}'


@pytest.fixture
def delayed(server_factory, tmp_path):
    """A client of a server started with --status-delay-ms DELAY_MS."""
    url, server = server_factory(str(tmp_path / 'data'), ['--status-delay-ms', str(DELAY_MS)])
    return util.make_client(url), server


def wait_until(predicate, what, timeout=WAIT_SECONDS):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    pytest.fail(f'timed out waiting for {what}')


def table_status(client, name):
    try:
        return client.describe_table(TableName=name)['Table']['TableStatus']
    except ClientError as e:
        if e.response['Error']['Code'] == 'ResourceNotFoundException':
            return None
        raise


def index_of(client, name, index):
    for g in client.describe_table(TableName=name)['Table'].get('GlobalSecondaryIndexes', []):
        if g['IndexName'] == index:
            return g
    return None


def create_active(client, name, **extra):
    client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema(), **extra)
    util.wait_for_active(client, name, timeout=WAIT_SECONDS)


# --------------------------------------------------------------------------
# CREATING

def test_create_table_is_creating_then_active(delayed):
    client, _ = delayed
    name = util.unique_table_name('creating')
    started = time.monotonic()
    created = client.create_table(TableName=name, **TABLE_SPEC)
    assert created['TableDescription']['TableStatus'] == 'CREATING'
    assert table_status(client, name) == 'CREATING'
    assert name in client.list_tables()['TableNames']

    refused(client.put_item, NOT_FOUND, 'Requested resource not found', TableName=name, Item=KEY)
    refused(client.get_item, NOT_FOUND, 'Requested resource not found', TableName=name, Key=KEY)
    refused(client.create_table, IN_USE, in_use(name, 'created'), TableName=name, **TABLE_SPEC)
    refused(client.delete_table, IN_USE, in_use(name, 'created'), TableName=name)
    refused(client.update_table, IN_USE, in_use(name, 'created'), TableName=name, DeletionProtectionEnabled=True)

    # boto3's own waiter sees the transition.
    client.get_waiter('table_exists').wait(TableName=name, WaiterConfig={'Delay': 0.2, 'MaxAttempts': 75})
    assert time.monotonic() - started >= DELAY_MS / 1000 - 0.1
    client.put_item(TableName=name, Item=KEY)
    assert client.get_item(TableName=name, Key=KEY)['Item'] == KEY


def test_create_table_gsis_are_creating_with_the_table(delayed):
    client, _ = delayed
    name = util.unique_table_name('creating-gsi')
    created = client.create_table(
        TableName=name, BillingMode='PAY_PER_REQUEST',
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'x', 'AttributeType': 'S'}],
        GlobalSecondaryIndexes=[{'IndexName': 'by-x', 'KeySchema': [{'AttributeName': 'x', 'KeyType': 'HASH'}],
                                 'Projection': {'ProjectionType': 'ALL'}}])['TableDescription']
    assert created['GlobalSecondaryIndexes'][0]['IndexStatus'] == 'CREATING'
    util.wait_for_active(client, name, timeout=WAIT_SECONDS)
    assert index_of(client, name, 'by-x')['IndexStatus'] == 'ACTIVE'


# --------------------------------------------------------------------------
# UPDATING

def test_update_table_is_updating_and_usable(delayed):
    client, _ = delayed
    name = util.unique_table_name('updating')
    create_active(client, name)
    updated = client.update_table(TableName=name, BillingMode='PROVISIONED',
                                  ProvisionedThroughput={'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5})
    assert updated['TableDescription']['TableStatus'] == 'UPDATING'
    assert table_status(client, name) == 'UPDATING'
    # "The table/index remains available for data operations when UPDATING."
    client.put_item(TableName=name, Item=KEY)
    assert client.get_item(TableName=name, Key=KEY)['Item'] == KEY

    refused(client.update_table, IN_USE, in_use(name, 'updated'), TableName=name, DeletionProtectionEnabled=True)
    refused(client.delete_table, IN_USE, in_use(name, 'updated'), TableName=name)

    final = util.wait_for_active(client, name, timeout=WAIT_SECONDS)
    assert final['BillingModeSummary']['BillingMode'] == 'PROVISIONED'
    assert final['ProvisionedThroughput']['ReadCapacityUnits'] == 5


# --------------------------------------------------------------------------
# DELETING

def test_delete_table_is_deleting_then_gone(delayed):
    client, _ = delayed
    name = util.unique_table_name('deleting')
    create_active(client, name, Tags=[{'Key': 'team', 'Value': 'a'}])
    client.put_item(TableName=name, Item={**KEY, 'v': {'S': 'old'}})
    arn = client.describe_table(TableName=name)['Table']['TableArn']

    deleted = client.delete_table(TableName=name)['TableDescription']
    assert deleted['TableStatus'] == 'DELETING'
    assert deleted['ItemCount'] == 1
    assert table_status(client, name) == 'DELETING'
    assert name in client.list_tables()['TableNames']

    refused(client.get_item, NOT_FOUND, 'Requested resource not found', TableName=name, Key=KEY)
    refused(client.delete_table, IN_USE, in_use(name, 'deleted'), TableName=name)
    refused(client.update_table, IN_USE, in_use(name, 'deleted'), TableName=name, DeletionProtectionEnabled=True)
    refused(client.tag_resource, IN_USE, in_use(name, 'deleted'),
            ResourceArn=arn, Tags=[{'Key': 'k', 'Value': 'v'}])
    refused(client.create_table, IN_USE, f'Table already exists: {name}', TableName=name, **TABLE_SPEC)

    client.get_waiter('table_not_exists').wait(TableName=name, WaiterConfig={'Delay': 0.2, 'MaxAttempts': 75})
    assert name not in client.list_tables()['TableNames']
    refused(client.delete_table, NOT_FOUND, f'Requested resource not found: Table: {name} not found',
            TableName=name)

    # The name is free again, and the new table starts empty.
    create_active(client, name)
    assert 'Item' not in client.get_item(TableName=name, Key=KEY)


# --------------------------------------------------------------------------
# GSIs added and removed by UpdateTable

def test_gsi_create_and_delete_go_through_creating_and_deleting(delayed):
    client, _ = delayed
    name = util.unique_table_name('gsi-status')
    create_active(client, name)
    for i in range(20):
        client.put_item(TableName=name, Item={'pk': {'S': f'k{i}'}, 'x': {'S': f'x{i % 2}'}})

    response = client.update_table(
        TableName=name, AttributeDefinitions=[{'AttributeName': 'x', 'AttributeType': 'S'}],
        GlobalSecondaryIndexUpdates=[{'Create': {
            'IndexName': 'by-x', 'KeySchema': [{'AttributeName': 'x', 'KeyType': 'HASH'}],
            'Projection': {'ProjectionType': 'ALL'}}}])['TableDescription']
    assert response['TableStatus'] == 'UPDATING'
    assert response['GlobalSecondaryIndexes'][0]['IndexStatus'] == 'CREATING'
    query = dict(TableName=name, IndexName='by-x', KeyConditionExpression='x = :x',
                 ExpressionAttributeValues={':x': {'S': 'x1'}})
    refused(client.query, 'ValidationException', 'Cannot read from backfilling global secondary index: by-x',
            **query)

    wait_until(lambda: index_of(client, name, 'by-x')['IndexStatus'] == 'ACTIVE', 'the GSI to be ACTIVE')
    assert client.query(**query)['Count'] == 10
    util.wait_for_active(client, name, timeout=WAIT_SECONDS)

    response = client.update_table(TableName=name,
                                   GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'by-x'}}])
    assert response['TableDescription']['GlobalSecondaryIndexes'][0]['IndexStatus'] == 'DELETING'
    assert index_of(client, name, 'by-x')['IndexStatus'] == 'DELETING'
    refused(client.query, 'ValidationException', 'The table does not have the specified index: by-x', **query)
    client.put_item(TableName=name, Item={'pk': {'S': 'during'}, 'x': {'S': 'x1'}})  # writes go on
    wait_until(lambda: index_of(client, name, 'by-x') is None, 'the GSI to be removed')


# --------------------------------------------------------------------------
# Restarts, and DynamoDB Local's flag

def test_transient_statuses_survive_a_restart(server_factory, tmp_path):
    data = str(tmp_path / 'data')
    url, server = server_factory(data, ['--status-delay-ms', '4000'])
    client = util.make_client(url)
    creating, deleting = util.unique_table_name('restart-c'), util.unique_table_name('restart-d')
    started = time.monotonic()
    client.create_table(TableName=creating, **TABLE_SPEC)
    server.kill()  # kill -9: the status was persisted with the table

    url, server = server_factory(data, ['--status-delay-ms', '4000'])
    client = util.make_client(url)
    status = table_status(client, creating)
    if time.monotonic() - started < 3.5:
        assert status == 'CREATING'
    util.wait_for_active(client, creating, timeout=WAIT_SECONDS)

    # A DELETING table left by a stopped server is removed after a restart
    # that has no delay at all.
    client.put_item(TableName=creating, Item=KEY)
    client.delete_table(TableName=creating)
    client.create_table(TableName=deleting, **TABLE_SPEC)
    server.stop()
    url, server = server_factory(data)
    client = util.make_client(url)
    wait_until(lambda: table_status(client, creating) is None, 'the DELETING table to go')
    wait_until(lambda: table_status(client, deleting) == 'ACTIVE', 'the CREATING table to become ACTIVE')
    create_active(client, creating)
    assert 'Item' not in client.get_item(TableName=creating, Key=KEY)


def test_delay_transient_statuses_flag_keeps_tables_creating(server_factory, tmp_path):
    url, _ = server_factory(str(tmp_path / 'data'), ['-delayTransientStatuses'])
    client = util.make_client(url)
    name = util.unique_table_name('realistic')
    client.create_table(TableName=name, **TABLE_SPEC)
    time.sleep(1.0)
    # Seconds, like DynamoDB, not milliseconds.
    assert table_status(client, name) == 'CREATING'


def test_no_delay_by_default(dynamodb, new_table):
    name, _ = new_table.create(**util.hash_key_schema())
    assert table_status(dynamodb, name) == 'ACTIVE'
    dynamodb.put_item(TableName=name, Item=KEY)
