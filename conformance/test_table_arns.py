"""Table ARNs in TableName: the caller's own table is served, another
account's ARN is refused with AccessDeniedException, another region's with
ValidationException, and only a missing table of the caller's own account and
region is ResourceNotFoundException (API Reference: every TableName below
takes "the name of the table ... You can also provide the Amazon Resource
Name (ARN) of the table"; TagResource and friends are in test_tagging.py).

Evidence for the refusals:
- AccessDeniedException for another account: suites run against DynamoDB
  (nubo-db/dynamodb-conformance tests/tier2/tags/basic.test.ts) and
  ExtendDB/extenddb#227 ("verified against DynamoDB", 2026-07-27). Its text
  is IAM's implicit deny (IAM User Guide, "Troubleshoot access denied error
  messages"); the action is the operation's, and a transaction's item's
  ("Using IAM with DynamoDB transactions": Put, Update, Delete and Get need
  dynamodb:PutItem, UpdateItem, DeleteItem and GetItem, ConditionCheck
  dynamodb:ConditionCheckItem). See util.access_denied_re.
- "1 validation error detected: Invalid AWS region in '<arn>'" for another
  region: captured for DescribeTable, DescribeTimeToLive,
  DescribeContinuousBackups and DescribeContributorInsights (ack-api-quirks
  DDB-TABLE-442, us-east-1 and us-west-2, 2026-10-09; also
  hashicorp/terraform-provider-aws#42792). The other operations are only
  required to refuse with ValidationException naming the ARN: no capture
  shows their text.
"""
import re

import pytest
from botocore.exceptions import ClientError

from util import access_denied_re, arn_with, assert_client_error, other_account, other_region

S = lambda s: {'S': s}  # noqa: E731

# TableName operations: (IAM action, call(client, table_name_or_arn, key)).
TABLE_NAME_CALLS = {
    'DescribeTable': lambda c, t, k: c.describe_table(TableName=t),
    'DescribeTimeToLive': lambda c, t, k: c.describe_time_to_live(TableName=t),
    'PutItem': lambda c, t, k: c.put_item(TableName=t, Item={'pk': S(k)}),
    'GetItem': lambda c, t, k: c.get_item(TableName=t, Key={'pk': S(k)}),
    'UpdateItem': lambda c, t, k: c.update_item(TableName=t, Key={'pk': S(k)}, UpdateExpression='SET a = :v',
                                                ExpressionAttributeValues={':v': S('x')}),
    'DeleteItem': lambda c, t, k: c.delete_item(TableName=t, Key={'pk': S(k)}),
    'Query': lambda c, t, k: c.query(TableName=t, KeyConditionExpression='pk = :k',
                                     ExpressionAttributeValues={':k': S(k)}),
    'Scan': lambda c, t, k: c.scan(TableName=t, Limit=1),
}

# Refused before any table is touched, but a wrong implementation would
# change or drop the table: run on a table of their own.
CHANGING_CALLS = {
    'UpdateTable': lambda c, t: c.update_table(TableName=t, DeletionProtectionEnabled=False),
    'DeleteTable': lambda c, t: c.delete_table(TableName=t),
    'UpdateTimeToLive': lambda c, t: c.update_time_to_live(
        TableName=t, TimeToLiveSpecification={'Enabled': True, 'AttributeName': 'ttl'}),
}

# Captured texts for another region (module docstring).
CAPTURED_REGION_TEXT = {'DescribeTable', 'DescribeTimeToLive'}


def _arn(dynamodb, table):
    return dynamodb.describe_table(TableName=table)['Table']['TableArn']


def _region_re(action, arn):
    if action in CAPTURED_REGION_TEXT:
        return re.compile('^' + re.escape(f"1 validation error detected: Invalid AWS region in '{arn}'") + '$')
    return re.compile(re.escape(arn))


@pytest.mark.parametrize('action', TABLE_NAME_CALLS)
def test_own_arn_is_served(dynamodb, hash_table, random_key, action):
    TABLE_NAME_CALLS[action](dynamodb, _arn(dynamodb, hash_table), random_key)


def test_own_arn_reaches_the_same_items(dynamodb, hash_table, random_key):
    arn = _arn(dynamodb, hash_table)
    dynamodb.put_item(TableName=arn, Item={'pk': S(random_key), 'via': S('arn')})
    assert dynamodb.get_item(TableName=hash_table, Key={'pk': S(random_key)},
                             ConsistentRead=True)['Item'] == {'pk': S(random_key), 'via': S('arn')}


@pytest.mark.parametrize('action', TABLE_NAME_CALLS)
def test_other_account_arn(dynamodb, hash_table, random_key, action):
    arn = other_account(_arn(dynamodb, hash_table))
    with pytest.raises(ClientError) as e:
        TABLE_NAME_CALLS[action](dynamodb, arn, random_key)
    assert_client_error(e, 'AccessDeniedException', access_denied_re(action, arn))
    # Nothing was written through it.
    assert 'Item' not in dynamodb.get_item(TableName=hash_table, Key={'pk': S(random_key)}, ConsistentRead=True)


@pytest.mark.parametrize('action', TABLE_NAME_CALLS)
def test_other_region_arn(dynamodb, hash_table, random_key, action):
    arn = other_region(_arn(dynamodb, hash_table))
    with pytest.raises(ClientError) as e:
        TABLE_NAME_CALLS[action](dynamodb, arn, random_key)
    assert_client_error(e, 'ValidationException', _region_re(action, arn))
    assert 'Item' not in dynamodb.get_item(TableName=hash_table, Key={'pk': S(random_key)}, ConsistentRead=True)


@pytest.mark.parametrize('action', TABLE_NAME_CALLS)
def test_missing_table_in_own_account(dynamodb, hash_table, random_key, action):
    arn = arn_with(_arn(dynamodb, hash_table), resource='table/conf-no-such-table-for-arns')
    with pytest.raises(ClientError) as e:
        TABLE_NAME_CALLS[action](dynamodb, arn, random_key)
    assert_client_error(e, 'ResourceNotFoundException', re.compile(r'^Requested resource not found'))


@pytest.mark.parametrize('action', CHANGING_CALLS)
def test_other_account_or_region_arn_changes_nothing(dynamodb, new_table, action):
    name, created = new_table.create()
    arn = created['TableArn']
    with pytest.raises(ClientError) as e:
        CHANGING_CALLS[action](dynamodb, other_account(arn))
    assert_client_error(e, 'AccessDeniedException', access_denied_re(action, other_account(arn)))
    with pytest.raises(ClientError) as e:
        CHANGING_CALLS[action](dynamodb, other_region(arn))
    assert_client_error(e, 'ValidationException', _region_re(action, other_region(arn)))
    table = dynamodb.describe_table(TableName=name)['Table']
    assert table['TableStatus'] == 'ACTIVE'
    assert dynamodb.describe_time_to_live(TableName=name)['TimeToLiveDescription']['TimeToLiveStatus'] == 'DISABLED'


@pytest.mark.parametrize('kind,action', [('Put', 'PutItem'), ('Update', 'UpdateItem'), ('Delete', 'DeleteItem'),
                                         ('ConditionCheck', 'ConditionCheckItem')])
def test_transact_write_other_account_arn(dynamodb, hash_table, random_key, kind, action):
    # TransactWriteItems: "These actions can target items in different
    # tables, but not in different AWS accounts or Regions" (API Reference).
    arn = other_account(_arn(dynamodb, hash_table))
    spec = {'TableName': arn}
    if kind == 'Put':
        spec['Item'] = {'pk': S(random_key)}
    else:
        spec['Key'] = {'pk': S(random_key)}
    if kind == 'Update':
        spec.update(UpdateExpression='SET a = :v', ExpressionAttributeValues={':v': S('x')})
    if kind == 'ConditionCheck':
        spec['ConditionExpression'] = 'attribute_not_exists(pk)'
    with pytest.raises(ClientError) as e:
        dynamodb.transact_write_items(TransactItems=[
            {kind: spec}, {'Put': {'TableName': hash_table, 'Item': {'pk': S(random_key + '-other')}}}])
    assert_client_error(e, 'AccessDeniedException', access_denied_re(action, arn))
    assert 'Item' not in dynamodb.get_item(TableName=hash_table, Key={'pk': S(random_key + '-other')},
                                           ConsistentRead=True)


def test_transact_get_other_account_and_region_arn(dynamodb, hash_table, random_key):
    arn = _arn(dynamodb, hash_table)
    with pytest.raises(ClientError) as e:
        dynamodb.transact_get_items(TransactItems=[{'Get': {'TableName': other_account(arn),
                                                            'Key': {'pk': S(random_key)}}}])
    assert_client_error(e, 'AccessDeniedException', access_denied_re('GetItem', other_account(arn)))
    with pytest.raises(ClientError) as e:
        dynamodb.transact_get_items(TransactItems=[{'Get': {'TableName': other_region(arn),
                                                            'Key': {'pk': S(random_key)}}}])
    assert_client_error(e, 'ValidationException', re.compile(re.escape(other_region(arn))))
    response = dynamodb.transact_get_items(TransactItems=[{'Get': {'TableName': arn, 'Key': {'pk': S(random_key)}}}])
    assert response['Responses'] == [{}]


# --------------------------------------------------------------------------
# BatchGetItem and BatchWriteItem: RequestItems keyed by a table ARN (API
# Reference: RequestItems maps "table name or table ARN" to its requests;
# ConsumedCapacity: "If you had specified the Amazon Resource Name (ARN) of
# a table in the input, you'll see the table ARN in the response").

BATCH_CALLS = {
    'BatchGetItem': lambda c, t, k: c.batch_get_item(RequestItems={t: {'Keys': [{'pk': S(k)}]}},
                                                     ReturnConsumedCapacity='TOTAL'),
    'BatchWriteItem': lambda c, t, k: c.batch_write_item(RequestItems={t: [{'PutRequest': {'Item': {'pk': S(k)}}}]},
                                                         ReturnConsumedCapacity='TOTAL'),
}


def test_batch_with_own_arn(dynamodb, hash_table, random_key):
    arn = _arn(dynamodb, hash_table)
    written = BATCH_CALLS['BatchWriteItem'](dynamodb, arn, random_key)
    assert written['UnprocessedItems'] == {}
    assert [c['TableName'] for c in written['ConsumedCapacity']] == [arn]
    read = BATCH_CALLS['BatchGetItem'](dynamodb, arn, random_key)
    assert read['Responses'] == {arn: [{'pk': S(random_key)}]}
    assert [c['TableName'] for c in read['ConsumedCapacity']] == [arn]
    # The same table by name and by ARN in one request: two entries, each
    # answered under its own key.
    both = dynamodb.batch_get_item(RequestItems={arn: {'Keys': [{'pk': S(random_key)}]},
                                                 hash_table: {'Keys': [{'pk': S(random_key)}]}})
    assert both['Responses'] == {arn: [{'pk': S(random_key)}], hash_table: [{'pk': S(random_key)}]}


@pytest.mark.parametrize('action', BATCH_CALLS)
def test_batch_other_account_arn(dynamodb, hash_table, random_key, action):
    arn = other_account(_arn(dynamodb, hash_table))
    with pytest.raises(ClientError) as e:
        BATCH_CALLS[action](dynamodb, arn, random_key)
    assert_client_error(e, 'AccessDeniedException', access_denied_re(action, arn))
    assert 'Item' not in dynamodb.get_item(TableName=hash_table, Key={'pk': S(random_key)}, ConsistentRead=True)


@pytest.mark.parametrize('action', BATCH_CALLS)
def test_batch_other_region_arn(dynamodb, hash_table, random_key, action):
    arn = other_region(_arn(dynamodb, hash_table))
    with pytest.raises(ClientError) as e:
        BATCH_CALLS[action](dynamodb, arn, random_key)
    assert_client_error(e, 'ValidationException', re.compile(re.escape(arn)))
    assert 'Item' not in dynamodb.get_item(TableName=hash_table, Key={'pk': S(random_key)}, ConsistentRead=True)


@pytest.mark.parametrize('action', BATCH_CALLS)
def test_batch_missing_table_arn(dynamodb, hash_table, random_key, action):
    arn = arn_with(_arn(dynamodb, hash_table), resource='table/conf-no-such-table-for-arns')
    with pytest.raises(ClientError) as e:
        BATCH_CALLS[action](dynamodb, arn, random_key)
    assert_client_error(e, 'ResourceNotFoundException', re.compile(r'^Requested resource not found'))


@pytest.mark.parametrize('action', BATCH_CALLS)
def test_batch_index_arn(dynamodb, hash_table, random_key, action):
    arn = _arn(dynamodb, hash_table) + '/index/gsi'
    with pytest.raises(ClientError) as e:
        BATCH_CALLS[action](dynamodb, arn, random_key)
    assert_client_error(e, 'ValidationException', 'Invalid TableArn: Invalid ResourceArn provided as input ' + arn)
