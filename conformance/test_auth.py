"""SigV4 authentication against a server started with --credentials FILE.

The file holds one `ACCESS_KEY_ID SECRET [ACCOUNT_ID]` per line; `#` starts
a comment. DynamoDB's answers to bad credentials (Developer Guide, "Error
handling": UnrecognizedClientException and InvalidSignatureException, HTTP
400) with their texts as DynamoDB sends them ("The security token included
in the request is invalid" - quoted from DynamoDB responses in many public
issues, with or without a final period over the years; "The request
signature we calculated does not match the signature you provided. Check
your AWS Secret Access Key and signing method. ...").

These tests need our binary (they start their own server) and skip with
--endpoint-url.
"""

import re

import pytest
from botocore.exceptions import ClientError

import util
from util import assert_client_error

KEY_WITH_ACCOUNT = ('AKIDCONFORMANCE00001', 'conformance-secret-one', '246813579024')
KEY_WITHOUT_ACCOUNT = ('AKIDCONFORMANCE00002', 'conformance/secret+two')
COMMENTED_OUT_KEY = ('AKIDCONFORMANCE00003', 'commented-out-secret')

CREDENTIALS_FILE = f"""\
# Conformance-test credentials: ACCESS_KEY_ID SECRET [ACCOUNT_ID]
{' '.join(KEY_WITH_ACCOUNT)}

{' '.join(KEY_WITHOUT_ACCOUNT)}
# {' '.join(COMMENTED_OUT_KEY)} 210987654321
"""

UNRECOGNIZED = re.compile(r'^The security token included in the request is invalid\.?$')
BAD_SIGNATURE = re.compile(r'^The request signature we calculated does not match the signature you provided')


@pytest.fixture(scope='module')
def auth_server(request, tmp_path_factory):
    yield from util.start_credentials_server(request, tmp_path_factory, 'auth', CREDENTIALS_FILE)


def _client(server, key_id, secret):
    return util.make_client(server.url, access_key=key_id, secret_key=secret)


def test_valid_key_works(auth_server):
    client = _client(auth_server, *KEY_WITH_ACCOUNT[:2])
    assert isinstance(client.list_tables()['TableNames'], list)


def test_account_id_appears_in_table_arn(auth_server):
    key_id, secret, account = KEY_WITH_ACCOUNT
    client = _client(auth_server, key_id, secret)
    name = util.unique_table_name('auth')
    try:
        created = client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST',
                                      **util.hash_key_schema())['TableDescription']
        assert created['TableArn'] == f'arn:aws:dynamodb:us-east-1:{account}:table/{name}'
        described = util.wait_for_active(client, name)
        assert described['TableArn'] == created['TableArn']
    finally:
        util.delete_table_quietly(client, name)


def test_arn_of_another_account_is_refused(auth_server):
    # Tables are shared by every credential here, but each caller's ARNs name
    # its own account (docs/compatibility.md). An ARN naming another account
    # is AccessDeniedException naming the caller as its account's root
    # (test_table_arns.py, test_tagging.py); the caller's own ARN for the
    # same table works.
    key_id, secret, account = KEY_WITH_ACCOUNT
    owner = _client(auth_server, key_id, secret)
    other = _client(auth_server, *KEY_WITHOUT_ACCOUNT)
    name = util.unique_table_name('auth')
    try:
        arn = owner.create_table(TableName=name, BillingMode='PAY_PER_REQUEST',
                                 **util.hash_key_schema())['TableDescription']['TableArn']
        util.wait_for_active(owner, name)
        assert owner.list_tags_of_resource(ResourceArn=arn)['Tags'] == []
        for call, action in [(lambda: other.describe_table(TableName=arn), 'DescribeTable'),
                             (lambda: other.get_item(TableName=arn, Key={'pk': {'S': 'k'}}), 'GetItem'),
                             (lambda: other.list_tags_of_resource(ResourceArn=arn), 'ListTagsOfResource')]:
            with pytest.raises(ClientError) as e:
                call()
            assert_client_error(e, 'AccessDeniedException',
                                f'User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:{action} '
                                f'on resource: {arn} because no resource-based policy allows the dynamodb:{action} action')
        own_arn = other.describe_table(TableName=name)['Table']['TableArn']
        assert own_arn == arn.replace(account, '000000000000')
        assert other.list_tags_of_resource(ResourceArn=own_arn)['Tags'] == []
    finally:
        util.delete_table_quietly(owner, name)


def test_key_without_account_id_works(auth_server):
    client = _client(auth_server, *KEY_WITHOUT_ACCOUNT)
    name = util.unique_table_name('auth')
    try:
        created = client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST',
                                      **util.hash_key_schema())['TableDescription']
        assert re.fullmatch(util.ARN_RE + re.escape(name), created['TableArn']), created['TableArn']
        client.put_item(TableName=name, Item={'pk': {'S': 'k'}})
        assert client.get_item(TableName=name, Key={'pk': {'S': 'k'}}, ConsistentRead=True)['Item'] == \
            {'pk': {'S': 'k'}}
    finally:
        util.delete_table_quietly(client, name)


@pytest.mark.parametrize('key_id,secret', [
    ('AKIDNOTINTHEFILE0001', 'whatever'),
    COMMENTED_OUT_KEY,
    (util.ACCESS_KEY_ID, util.SECRET_ACCESS_KEY),   # the suite's default dummy key
], ids=['unknown', 'commented-out', 'default-dummy'])
def test_unknown_key_rejected(auth_server, key_id, secret):
    client = _client(auth_server, key_id, secret)
    with pytest.raises(ClientError) as e:
        client.list_tables()
    assert_client_error(e, 'UnrecognizedClientException', UNRECOGNIZED)


@pytest.mark.parametrize('key', [KEY_WITH_ACCOUNT[:2], KEY_WITHOUT_ACCOUNT], ids=['with-account', 'no-account'])
def test_wrong_secret_rejected(auth_server, key):
    key_id, secret = key
    client = _client(auth_server, key_id, secret + 'x')
    with pytest.raises(ClientError) as e:
        client.list_tables()
    assert_client_error(e, 'InvalidSignatureException', BAD_SIGNATURE)


def test_tampered_body_rejected(auth_server):
    # The signature covers the body: changing it after signing must fail.
    key_id, secret = KEY_WITH_ACCOUNT[:2]
    signed_body = b'{"Limit": 1}'
    headers = util.signed_headers(auth_server.url, signed_body, util.TARGET_PREFIX + 'ListTables',
                                  access_key=key_id, secret_key=secret)
    response = util.http_request(auth_server.url, body=b'{"Limit": 2}', headers=headers)
    assert response.status == 400, response
    assert response.json()['__type'].rsplit('#', 1)[-1] == 'InvalidSignatureException'


def test_correctly_signed_raw_request_accepted(auth_server):
    key_id, secret = KEY_WITH_ACCOUNT[:2]
    response = util.dynamodb_request(auth_server.url, 'ListTables', {'Limit': 1},
                                     access_key=key_id, secret_key=secret)
    assert response.status == 200, response


def test_missing_authorization_rejected(auth_server):
    response = util.dynamodb_request(auth_server.url, 'ListTables', {}, sign=False)
    assert response.status == 400, response
    assert response.json()['__type'].rsplit('#', 1)[-1] == 'MissingAuthenticationTokenException'
    assert response.json().get('message') == 'Request is missing Authentication Token'
