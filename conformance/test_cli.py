"""End to end with the AWS CLI: create a table, put an item, read it back.

`aws dynamodb ... --endpoint-url URL --region us-east-1 --output json`
with credentials from the environment, as a user would run it. Skipped
when no `aws` command is installed.
"""

import json
import os
import shutil
import subprocess
import time

import pytest

import util

AWS = shutil.which('aws')
pytestmark = pytest.mark.skipif(AWS is None, reason='the AWS CLI (aws) is not installed')


def _cli(service, endpoint_url, use_env_credentials, tmp_path):
    """A runner for `aws <service> ...` against `endpoint_url`."""
    env = dict(os.environ)
    if not use_env_credentials:
        for var in ('AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'):
            env.pop(var, None)
        env.update(AWS_ACCESS_KEY_ID=util.ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY=util.SECRET_ACCESS_KEY,
                   # Keep the user's own configuration out of it.
                   AWS_CONFIG_FILE=str(tmp_path / 'no-config'),
                   AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / 'no-credentials'))
    env.update(AWS_PAGER='', AWS_MAX_ATTEMPTS='1', AWS_RETRY_MODE='standard')

    def run(*args, check=True):
        command = [AWS, service, *args, '--endpoint-url', endpoint_url,
                   '--region', util.REGION, '--output', 'json']
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            pytest.fail(f'{" ".join(command)} exited {done.returncode}:\n{done.stderr}', pytrace=False)
        return json.loads(done.stdout) if done.stdout.strip() else None, done

    return run


@pytest.fixture
def aws(endpoint_url, use_env_credentials, tmp_path):
    """`aws dynamodb ...`: returns (parsed JSON output or None, CompletedProcess)."""
    return _cli('dynamodb', endpoint_url, use_env_credentials, tmp_path)


@pytest.fixture
def aws_streams(streams_endpoint_url, use_env_credentials, tmp_path):
    """`aws dynamodbstreams ...`, like `aws`."""
    return _cli('dynamodbstreams', streams_endpoint_url, use_env_credentials, tmp_path)


def test_cli_create_put_get(aws, dynamodb):
    name = util.unique_table_name('cli')
    try:
        created, _ = aws('create-table', '--table-name', name,
                         '--attribute-definitions', 'AttributeName=pk,AttributeType=S',
                         'AttributeName=sk,AttributeType=N',
                         '--key-schema', 'AttributeName=pk,KeyType=HASH', 'AttributeName=sk,KeyType=RANGE',
                         '--billing-mode', 'PAY_PER_REQUEST')
        assert created['TableDescription']['TableName'] == name
        assert created['TableDescription']['TableStatus'] in ('CREATING', 'ACTIVE')

        deadline = time.monotonic() + util.TABLE_WAIT_SECONDS
        while True:
            described, _ = aws('describe-table', '--table-name', name)
            if described['Table']['TableStatus'] == 'ACTIVE' or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert described['Table']['TableStatus'] == 'ACTIVE'
        assert described['Table']['KeySchema'] == [{'AttributeName': 'pk', 'KeyType': 'HASH'},
                                                   {'AttributeName': 'sk', 'KeyType': 'RANGE'}]

        item = {'pk': {'S': 'cli-key'}, 'sk': {'N': '1.50'}, 'name': {'S': 'héllo'},
                'tags': {'SS': ['a', 'b']}, 'nested': {'M': {'ok': {'BOOL': True}}}}
        put, _ = aws('put-item', '--table-name', name, '--item', json.dumps(item))
        assert put is None or put == {}

        got, _ = aws('get-item', '--table-name', name, '--consistent-read',
                     '--key', json.dumps({'pk': {'S': 'cli-key'}, 'sk': {'N': '1.5'}}))
        expected = dict(item, sk={'N': '1.5'})
        got_item = got['Item']
        got_item['tags']['SS'] = sorted(got_item['tags']['SS'])
        assert got_item == expected

        # The same item through boto3: the CLI and the SDK agree.
        via_sdk = dynamodb.get_item(TableName=name, Key={'pk': {'S': 'cli-key'}, 'sk': {'N': '1.5'}},
                                    ConsistentRead=True)['Item']
        assert via_sdk['name'] == {'S': 'héllo'}

        listed, _ = aws('list-tables')
        assert name in listed['TableNames']
    finally:
        util.delete_table_quietly(dynamodb, name)


def test_cli_reports_errors(aws):
    name = util.unique_table_name('missing')
    _, done = aws('describe-table', '--table-name', name, check=False)
    assert done.returncode != 0
    assert 'ResourceNotFoundException' in done.stderr
    assert f'Requested resource not found: Table: {name} not found' in done.stderr
