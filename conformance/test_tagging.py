"""TagResource, UntagResource and ListTagsOfResource (API Reference pages of
the same names; Developer Guide "Tagging restrictions": keys 1..128
characters, values 0..256, at most 50 tags, one value per key)."""
import re

import pytest
from botocore.exceptions import ClientError

from util import assert_client_error


def _tags(dynamodb, arn):
    return sorted(dynamodb.list_tags_of_resource(ResourceArn=arn)['Tags'], key=lambda t: t['Key'])


def test_tag_untag_list(dynamodb, new_table):
    name, created = new_table.create()
    arn = created['TableArn']
    assert _tags(dynamodb, arn) == []
    dynamodb.tag_resource(ResourceArn=arn, Tags=[{'Key': 'a', 'Value': '1'}, {'Key': 'b', 'Value': ''}])
    assert _tags(dynamodb, arn) == [{'Key': 'a', 'Value': '1'}, {'Key': 'b', 'Value': ''}]
    # Tagging an existing key replaces its value.
    dynamodb.tag_resource(ResourceArn=arn, Tags=[{'Key': 'a', 'Value': '2'}])
    assert _tags(dynamodb, arn) == [{'Key': 'a', 'Value': '2'}, {'Key': 'b', 'Value': ''}]
    # Untagging a key that is absent is not an error.
    dynamodb.untag_resource(ResourceArn=arn, TagKeys=['b', 'never-there'])
    assert _tags(dynamodb, arn) == [{'Key': 'a', 'Value': '2'}]


def test_tags_survive_other_table_updates(dynamodb, new_table):
    name, created = new_table.create(Tags=[{'Key': 'team', 'Value': 'x'}])
    dynamodb.update_table(TableName=name, DeletionProtectionEnabled=False)
    assert _tags(dynamodb, created['TableArn']) == [{'Key': 'team', 'Value': 'x'}]


def test_too_many_tags(dynamodb, new_table):
    name, created = new_table.create()
    arn = created['TableArn']
    dynamodb.tag_resource(ResourceArn=arn, Tags=[{'Key': f'k{i}', 'Value': 'v'} for i in range(50)])
    with pytest.raises(ClientError) as e:
        dynamodb.tag_resource(ResourceArn=arn, Tags=[{'Key': 'one-more', 'Value': 'v'}])
    assert e.value.response['Error']['Code'] in ('ValidationException', 'LimitExceededException')
    assert len(_tags(dynamodb, arn)) == 50


def test_tag_key_too_long(dynamodb_unvalidated, new_table):
    name, created = new_table.create()
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.tag_resource(ResourceArn=created['TableArn'], Tags=[{'Key': 'k' * 129, 'Value': 'v'}])
    assert_client_error(e, 'ValidationException', re.compile('128'))


def test_unknown_table_arn(dynamodb):
    arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/conf-no-such-table-for-tags'
    with pytest.raises(ClientError) as e:
        dynamodb.list_tags_of_resource(ResourceArn=arn)
    # Observed from DynamoDB: "Requested resource not found: ResourcArn: <arn> not found"
    # (the misspelling is DynamoDB's; newer responses may spell it ResourceArn).
    assert_client_error(e, 'ResourceNotFoundException',
                        re.compile(r'^Requested resource not found: Resourc?e?Arn: ' + re.escape(arn) + ' not found'))


def test_malformed_arn(dynamodb):
    with pytest.raises(ClientError) as e:
        dynamodb.list_tags_of_resource(ResourceArn='not-an-arn-at-all')
    assert_client_error(e, 'ValidationException', re.compile('Invalid'))
