"""CreateTable: the TableDescription it returns, and what it rejects.

Behaviour from the DynamoDB API Reference (CreateTable, TableDescription,
BillingModeSummary, TableClassSummary) and the Developer Guide ("Naming rules
and data types": table names 3-255 characters of [a-zA-Z0-9_.-], names are
case-sensitive, key attributes are S, N or B; "Service, account, and table
quotas": key attribute names 1-255 bytes).

Error texts not given in the documentation come from DynamoDB as observed by
test suites recorded against it: dynalite's test/createTable.js (exact
messages), scylladb's test/alternator/test_table.py and test_limits.py (the
stable parts they match), and AWS SDK / Terraform error reports quoted in
public issues. Each test names its source.
"""

import datetime
import re

import pytest
from botocore.exceptions import ClientError

import util
from util import assert_client_error, envelope_re

PPR = {'BillingMode': 'PAY_PER_REQUEST'}


# Names of tables that tests expect CreateTable to refuse. A server that
# wrongly creates them must not be left with them: they are deleted when the
# module ends.
_refused_names = []


def _bad_name(name=None):
    name = name or util.unique_table_name('bad')
    _refused_names.append(name)
    return name


@pytest.fixture(scope='module', autouse=True)
def _delete_wrongly_created_tables(dynamodb):
    yield
    for name in _refused_names:
        util.delete_table_quietly(dynamodb, name)
    _refused_names.clear()


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


def _check_description(desc, name, key_schema, attribute_definitions, before, after):
    """The fields every TableDescription of a new, empty table carries."""
    assert desc['TableName'] == name
    assert desc['KeySchema'] == key_schema
    assert sorted(desc['AttributeDefinitions'], key=lambda d: d['AttributeName']) == \
        sorted(attribute_definitions, key=lambda d: d['AttributeName'])
    created = desc['CreationDateTime']
    assert isinstance(created, datetime.datetime)
    # Allow for clock skew against a remote endpoint.
    slack = datetime.timedelta(minutes=5)
    assert before - slack <= created <= after + slack, (before, created, after)
    assert desc['ItemCount'] == 0
    assert desc['TableSizeBytes'] == 0
    assert re.fullmatch(util.ARN_RE + re.escape(name), desc['TableArn']), desc['TableArn']
    assert util.UUID_RE.match(desc['TableId']), desc['TableId']


# --------------------------------------------------------------------------
# Success shapes

def test_create_pay_per_request_description(dynamodb, new_table):
    name = new_table.name()
    schema = util.hash_key_schema('pk', 'S')
    before = _now()
    created = dynamodb.create_table(TableName=name, **PPR, **schema)['TableDescription']
    after = _now()
    _check_description(created, name, schema['KeySchema'], schema['AttributeDefinitions'], before, after)
    assert created['TableStatus'] in ('CREATING', 'ACTIVE')
    assert created['BillingModeSummary']['BillingMode'] == 'PAY_PER_REQUEST'

    described = util.wait_for_active(dynamodb, name)
    _check_description(described, name, schema['KeySchema'], schema['AttributeDefinitions'], before, after)
    assert described['TableStatus'] == 'ACTIVE'
    assert described['BillingModeSummary']['BillingMode'] == 'PAY_PER_REQUEST'
    # On-demand tables report zero provisioned capacity (API Reference,
    # ProvisionedThroughputDescription; also observed by alternator's
    # test_describe_table_provisioned_throughput).
    assert described['ProvisionedThroughput']['ReadCapacityUnits'] == 0
    assert described['ProvisionedThroughput']['WriteCapacityUnits'] == 0
    assert described['ProvisionedThroughput']['NumberOfDecreasesToday'] == 0
    # The identity of the table does not change between calls.
    assert described['TableId'] == created['TableId']
    assert described['TableArn'] == created['TableArn']
    assert described['CreationDateTime'] == created['CreationDateTime']


def test_create_provisioned_description(dynamodb, new_table):
    name = new_table.name()
    schema = util.hash_key_schema('id', 'N')
    before = _now()
    created = dynamodb.create_table(
        TableName=name, BillingMode='PROVISIONED',
        ProvisionedThroughput={'ReadCapacityUnits': 3, 'WriteCapacityUnits': 4},
        **schema)['TableDescription']
    after = _now()
    _check_description(created, name, schema['KeySchema'], schema['AttributeDefinitions'], before, after)
    assert created['TableStatus'] in ('CREATING', 'ACTIVE')
    assert created['ProvisionedThroughput']['ReadCapacityUnits'] == 3
    assert created['ProvisionedThroughput']['WriteCapacityUnits'] == 4
    assert created['ProvisionedThroughput']['NumberOfDecreasesToday'] == 0

    described = util.wait_for_active(dynamodb, name)
    assert described['ProvisionedThroughput']['ReadCapacityUnits'] == 3
    assert described['ProvisionedThroughput']['WriteCapacityUnits'] == 4
    summary = described.get('BillingModeSummary')
    assert summary is None or summary['BillingMode'] == 'PROVISIONED'


def test_default_billing_mode_is_provisioned(dynamodb, new_table):
    # API Reference, CreateTable BillingMode: "If not specified, the default
    # is PROVISIONED."
    name, _ = new_table.create(ProvisionedThroughput={'ReadCapacityUnits': 1, 'WriteCapacityUnits': 2},
                               **util.hash_key_schema())
    described = dynamodb.describe_table(TableName=name)['Table']
    assert described['ProvisionedThroughput']['ReadCapacityUnits'] == 1
    assert described['ProvisionedThroughput']['WriteCapacityUnits'] == 2
    summary = described.get('BillingModeSummary')
    assert summary is None or summary['BillingMode'] == 'PROVISIONED'


@pytest.mark.parametrize('hash_type,range_type', [('S', 'N'), ('N', 'B'), ('B', 'S')])
def test_create_hash_and_range_table(dynamodb, new_table, hash_type, range_type):
    key_schema = [{'AttributeName': 'h', 'KeyType': 'HASH'}, {'AttributeName': 'r', 'KeyType': 'RANGE'}]
    definitions = [{'AttributeName': 'r', 'AttributeType': range_type},
                   {'AttributeName': 'h', 'AttributeType': hash_type}]
    before = _now()
    name, created = new_table.create(KeySchema=key_schema, AttributeDefinitions=definitions, **PPR)
    after = _now()
    _check_description(created, name, key_schema, definitions, before, after)
    described = dynamodb.describe_table(TableName=name)['Table']
    _check_description(described, name, key_schema, definitions, before, after)


@pytest.mark.parametrize('make_name', [
    pytest.param(lambda: util.random_string(3), id='3-chars'),
    pytest.param(lambda: (util.unique_table_name() + 'x' * 255)[:255], id='255-chars'),
    pytest.param(lambda: util.unique_table_name() + '_.-AZaz09', id='all-allowed-characters'),
    pytest.param(lambda: '.' + util.random_string(10), id='leading-dot'),
])
def test_table_name_rules_accepted(dynamodb, new_table, make_name):
    name = make_name()
    new_table.create(name=name)
    assert dynamodb.describe_table(TableName=name)['Table']['TableName'] == name


def test_table_names_are_case_sensitive(dynamodb, new_table):
    # Developer Guide, "Naming rules": names are case-sensitive.
    lower = new_table.name('case')
    upper = lower.upper()
    new_table.create(name=lower)
    new_table.create(name=upper)
    assert dynamodb.describe_table(TableName=lower)['Table']['TableId'] != \
        dynamodb.describe_table(TableName=upper)['Table']['TableId']


def test_key_attribute_name_of_255_bytes_accepted(dynamodb, new_table):
    # Key attribute names are 1-255 bytes (alternator's
    # test_limit_attribute_length_key_good passes on DynamoDB).
    h = 'h' * 255
    r = 'r' * 255
    name, _ = new_table.create(
        KeySchema=[{'AttributeName': h, 'KeyType': 'HASH'}, {'AttributeName': r, 'KeyType': 'RANGE'}],
        AttributeDefinitions=[{'AttributeName': h, 'AttributeType': 'S'},
                              {'AttributeName': r, 'AttributeType': 'S'}], **PPR)
    dynamodb.put_item(TableName=name, Item={h: {'S': 'a'}, r: {'S': 'b'}, 'v': {'N': '1'}})
    item = dynamodb.get_item(TableName=name, Key={h: {'S': 'a'}, r: {'S': 'b'}}, ConsistentRead=True)['Item']
    assert item == {h: {'S': 'a'}, r: {'S': 'b'}, 'v': {'N': '1'}}


def test_table_class(dynamodb, new_table):
    # API Reference, TableClassSummary. A table created without TableClass
    # shows no TableClassSummary on DynamoDB (alternator's
    # test_tableclass_describe_table_default), or the default STANDARD.
    default, _ = new_table.create()
    summary = dynamodb.describe_table(TableName=default)['Table'].get('TableClassSummary')
    assert summary is None or summary['TableClass'] == 'STANDARD'

    name, _ = new_table.create(TableClass='STANDARD_INFREQUENT_ACCESS')
    described = dynamodb.describe_table(TableName=name)['Table']
    assert described['TableClassSummary']['TableClass'] == 'STANDARD_INFREQUENT_ACCESS'


def test_invalid_table_class(dynamodb_unvalidated, new_table):
    # Case-sensitive enum; DynamoDB's message names the table class
    # (alternator's test_tableclass_create_table_bad_tableclass).
    for table_class in ('standard', 'invalid_class'):
        with pytest.raises(ClientError) as e:
            dynamodb_unvalidated.create_table(TableName=new_table.name(), TableClass=table_class,
                                              **PPR, **util.hash_key_schema())
        assert_client_error(e, 'ValidationException', re.compile(r'(?i)table.?class'))


def test_deletion_protection_flag(dynamodb, new_table):
    # API Reference, TableDescription.DeletionProtectionEnabled.
    plain, _ = new_table.create()
    assert dynamodb.describe_table(TableName=plain)['Table'].get('DeletionProtectionEnabled', False) is False
    protected, created = new_table.create(DeletionProtectionEnabled=True)
    assert created['DeletionProtectionEnabled'] is True
    assert dynamodb.describe_table(TableName=protected)['Table']['DeletionProtectionEnabled'] is True


def test_create_with_tags(dynamodb, new_table):
    tags = [{'Key': 'team', 'Value': 'storage'}, {'Key': 'env', 'Value': 'test'}]
    name, created = new_table.create(Tags=tags)
    got = dynamodb.list_tags_of_resource(ResourceArn=created['TableArn'])['Tags']
    assert sorted(got, key=lambda t: t['Key']) == sorted(tags, key=lambda t: t['Key'])


def test_create_with_global_secondary_index(dynamodb, new_table):
    name, created = new_table.create(
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'g', 'AttributeType': 'S'}],
        GlobalSecondaryIndexes=[{'IndexName': 'by-g',
                                 'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'}],
                                 'Projection': {'ProjectionType': 'ALL'}}],
        **PPR)
    indexes = dynamodb.describe_table(TableName=name)['Table']['GlobalSecondaryIndexes']
    assert [i['IndexName'] for i in indexes] == ['by-g']
    assert indexes[0]['KeySchema'] == [{'AttributeName': 'g', 'KeyType': 'HASH'}]
    assert indexes[0]['Projection'] == {'ProjectionType': 'ALL'}


def test_create_with_local_secondary_index(dynamodb, new_table):
    name, created = new_table.create(
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                              {'AttributeName': 'sk', 'AttributeType': 'S'},
                              {'AttributeName': 'l', 'AttributeType': 'N'}],
        LocalSecondaryIndexes=[{'IndexName': 'by-l',
                                'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'},
                                              {'AttributeName': 'l', 'KeyType': 'RANGE'}],
                                'Projection': {'ProjectionType': 'KEYS_ONLY'}}],
        **PPR)
    indexes = dynamodb.describe_table(TableName=name)['Table']['LocalSecondaryIndexes']
    assert [i['IndexName'] for i in indexes] == ['by-l']
    assert indexes[0]['Projection'] == {'ProjectionType': 'KEYS_ONLY'}


def test_create_with_stream(dynamodb, new_table):
    name, created = new_table.create(
        StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'})
    described = dynamodb.describe_table(TableName=name)['Table']
    assert described['StreamSpecification'] == {'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'}
    assert described['LatestStreamArn'].startswith(described['TableArn'] + '/stream/')


# --------------------------------------------------------------------------
# Existing table

def test_create_existing_table(dynamodb, hash_table):
    # "ResourceInUseException: Table already exists: <name>" is what SDKs
    # report from DynamoDB (e.g. Terraform's aws provider logs quoted in
    # public issues); API Reference: ResourceInUseException.
    before = dynamodb.describe_table(TableName=hash_table)['Table']
    with pytest.raises(ClientError) as e:
        dynamodb.create_table(TableName=hash_table, **PPR, **util.hash_key_schema('other', 'N'))
    assert_client_error(e, 'ResourceInUseException', f'Table already exists: {hash_table}')
    after = dynamodb.describe_table(TableName=hash_table)['Table']
    assert after['KeySchema'] == before['KeySchema']
    assert after['TableId'] == before['TableId']


# --------------------------------------------------------------------------
# Table names

@pytest.mark.parametrize('bad_name,pattern', [
    ('ab', r'(?i)tablename.*\b3\b'),
    ('x' * 256, r'(?i)tablename.*\b255\b'),
])
def test_table_name_length_rejected(dynamodb_unvalidated, bad_name, pattern):
    # Developer Guide, naming rules: 3-255 characters. The text differs
    # between DynamoDB's generic constraint message ("Value 'ab' at
    # 'tableName' failed to satisfy constraint: Member must have length
    # greater than or equal to 3") and its older CreateTable-specific one
    # ("TableName must be at least 3 characters long and at most 255
    # characters long", dynalite); both name the table name and the bound.
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.create_table(TableName=_bad_name(bad_name), **PPR, **util.hash_key_schema())
    assert_client_error(e, 'ValidationException', re.compile(pattern))


def test_missing_table_name(endpoint_url):
    # A sentence of its own, not the "Value null at 'tableName'" constraint
    # form (nubo-db/dynamodb-conformance tests/tier3/error-messages/
    # createTable.test.ts, run against DynamoDB). Sent raw: botocore needs
    # the name.
    response = util.dynamodb_request(endpoint_url, 'CreateTable', {
        'AttributeDefinitions': [{'AttributeName': 'pk', 'AttributeType': 'S'}],
        'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'}], 'BillingMode': 'PAY_PER_REQUEST'})
    assert response.status == 400
    assert util.error_type(response) == 'ValidationException'
    assert response.json()['message'] == "The parameter 'TableName' is required but was not present in the request"


@pytest.mark.parametrize('bad_name', ['abc;', 'has space', 'slash/name', 'name#1', 'ünïcode'])
def test_table_name_characters_rejected(dynamodb_unvalidated, bad_name):
    # dynalite: "Value 'abc;' at 'tableName' failed to satisfy constraint:
    # Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+".
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.create_table(TableName=_bad_name(bad_name), **PPR, **util.hash_key_schema())
    assert_client_error(e, 'ValidationException', re.compile(
        r"Member must satisfy regular expression pattern: \[a-zA-Z0-9_\.-\]\+"))


# --------------------------------------------------------------------------
# Key schema

def _create(client, key_schema, definitions, **kwargs):
    kwargs.setdefault('BillingMode', 'PAY_PER_REQUEST')
    return client.create_table(TableName=_bad_name(), KeySchema=key_schema,
                               AttributeDefinitions=definitions, **kwargs)


def _defs(*names_types):
    return [{'AttributeName': n, 'AttributeType': t} for n, t in names_types]


def test_two_hash_keys_rejected(dynamodb):
    # dynalite: exact message.
    with pytest.raises(ClientError) as e:
        _create(dynamodb, [{'AttributeName': 'a', 'KeyType': 'HASH'}, {'AttributeName': 'b', 'KeyType': 'HASH'}],
                _defs(('a', 'S'), ('b', 'S')))
    assert_client_error(e, 'ValidationException',
                        envelope_re('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type'))


@pytest.mark.parametrize('key_schema', [
    [{'AttributeName': 'a', 'KeyType': 'RANGE'}, {'AttributeName': 'b', 'KeyType': 'HASH'}],
    [{'AttributeName': 'a', 'KeyType': 'RANGE'}, {'AttributeName': 'b', 'KeyType': 'RANGE'}],
], ids=['range-then-hash', 'two-ranges'])
def test_hash_key_must_come_first(dynamodb, key_schema):
    # dynalite: exact message.
    with pytest.raises(ClientError) as e:
        _create(dynamodb, key_schema, _defs(('a', 'S'), ('b', 'S')))
    assert_client_error(e, 'ValidationException',
                        envelope_re('Invalid KeySchema: The first KeySchemaElement is not a HASH key type'))


def test_range_key_alone_rejected(dynamodb):
    with pytest.raises(ClientError) as e:
        _create(dynamodb, [{'AttributeName': 'a', 'KeyType': 'RANGE'}], _defs(('a', 'S')))
    assert_client_error(e, 'ValidationException',
                        envelope_re('Invalid KeySchema: The first KeySchemaElement is not a HASH key type'))


def test_hash_and_range_with_same_name_rejected(dynamodb):
    # dynalite: exact message.
    with pytest.raises(ClientError) as e:
        _create(dynamodb, [{'AttributeName': 'a', 'KeyType': 'HASH'}, {'AttributeName': 'a', 'KeyType': 'RANGE'}],
                _defs(('a', 'S'), ('b', 'S')))
    assert_client_error(e, 'ValidationException', envelope_re(
        'Both the Hash Key and the Range Key element in the KeySchema have the same name'))


def test_three_key_elements_rejected(dynamodb):
    # At most one HASH and one RANGE. DynamoDB echoes the list as its Java
    # model prints it (paritysuite/dynamodb-conformance captures/
    # cross-region-latest.json, c_ct_3keys, eu-west-2, 2026-09-20;
    # nubo-db/dynamodb-conformance tests/tier3/error-messages/
    # createTable.test.ts, which also saw the elements printed as
    # "com.amazonaws.dynamodb.v20120810.KeySchemaElement@<hash>" from some
    # of DynamoDB's hosts).
    with pytest.raises(ClientError) as e:
        _create(dynamodb, [{'AttributeName': 'a', 'KeyType': 'HASH'}, {'AttributeName': 'b', 'KeyType': 'RANGE'},
                           {'AttributeName': 'c', 'KeyType': 'RANGE'}],
                _defs(('a', 'S'), ('b', 'S'), ('c', 'S')))
    assert_client_error(e, 'ValidationException', re.compile(re.escape(
        "1 validation error detected: Value '[KeySchemaElement(attributeName=a, keyType=HASH), "
        "KeySchemaElement(attributeName=b, keyType=RANGE), KeySchemaElement(attributeName=c, keyType=RANGE)]' "
        "at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2") + '$'))


def test_empty_key_schema_rejected(dynamodb_unvalidated):
    # dynalite: "Value '[]' at 'keySchema' failed to satisfy constraint:
    # Member must have length greater than or equal to 1".
    with pytest.raises(ClientError) as e:
        _create(dynamodb_unvalidated, [], _defs(('a', 'S')))
    assert_client_error(e, 'ValidationException', util.constraint_re(
        '[]', 'keySchema', 'Member must have length greater than or equal to 1'))


@pytest.mark.parametrize('key_type', ['HASH', 'RANGE'])
def test_key_attribute_name_over_255_bytes_rejected(dynamodb, key_type):
    # alternator's test_limit_attribute_length_key_bad: DynamoDB's message
    # names the limit (255, or the offending 256).
    long_name = 'n' * 256
    if key_type == 'HASH':
        schema = [{'AttributeName': long_name, 'KeyType': 'HASH'}]
        defs = _defs((long_name, 'S'))
    else:
        schema = [{'AttributeName': 'h', 'KeyType': 'HASH'}, {'AttributeName': long_name, 'KeyType': 'RANGE'}]
        defs = _defs(('h', 'S'), (long_name, 'S'))
    with pytest.raises(ClientError) as e:
        _create(dynamodb, schema, defs)
    assert_client_error(e, 'ValidationException', re.compile(r'25[56]'))


def test_empty_key_attribute_name_rejected(dynamodb_unvalidated):
    with pytest.raises(ClientError) as e:
        _create(dynamodb_unvalidated, [{'AttributeName': '', 'KeyType': 'HASH'}], _defs(('', 'S')))
    assert_client_error(e, 'ValidationException')


def test_invalid_key_type_rejected(dynamodb_unvalidated):
    # dynalite: "Value 'Woop' at 'keySchema.1.member.keyType' failed to
    # satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]".
    with pytest.raises(ClientError) as e:
        _create(dynamodb_unvalidated, [{'AttributeName': 'a', 'KeyType': 'PARTITION'}], _defs(('a', 'S')))
    assert_client_error(e, 'ValidationException', re.compile(
        r"'PARTITION'.*enum value set: \[(HASH, RANGE|RANGE, HASH)\]"))


# --------------------------------------------------------------------------
# Attribute definitions

def test_extra_attribute_definition_rejected(dynamodb):
    # dynalite: exact message (also the current behaviour per alternator's
    # test_create_table_spurious_attribute_definitions).
    with pytest.raises(ClientError) as e:
        _create(dynamodb, [{'AttributeName': 'a', 'KeyType': 'HASH'}], _defs(('a', 'S'), ('b', 'S')))
    assert_client_error(e, 'ValidationException', envelope_re(
        'One or more parameter values were invalid: Number of attributes in KeySchema does not '
        'exactly match number of attributes defined in AttributeDefinitions'))


def test_extra_attribute_definition_with_range_key_rejected(dynamodb):
    with pytest.raises(ClientError) as e:
        _create(dynamodb, [{'AttributeName': 'a', 'KeyType': 'HASH'}, {'AttributeName': 'b', 'KeyType': 'RANGE'}],
                _defs(('a', 'S'), ('c', 'S'), ('b', 'S')))
    assert_client_error(e, 'ValidationException', envelope_re(
        'One or more parameter values were invalid: Number of attributes in KeySchema does not '
        'exactly match number of attributes defined in AttributeDefinitions'))


def test_key_attribute_not_defined_rejected(dynamodb):
    # dynalite: exact message.
    with pytest.raises(ClientError) as e:
        _create(dynamodb, [{'AttributeName': 'a', 'KeyType': 'HASH'}], _defs(('b', 'S')))
    assert_client_error(e, 'ValidationException', envelope_re(
        'One or more parameter values were invalid: Some index key attributes are not defined in '
        'AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]'))


def test_no_attribute_definitions_rejected(dynamodb_unvalidated):
    # dynalite (PAY_PER_REQUEST case): exact message.
    with pytest.raises(ClientError) as e:
        _create(dynamodb_unvalidated, [{'AttributeName': 'a', 'KeyType': 'HASH'}], [])
    assert_client_error(e, 'ValidationException',
                        envelope_re('Invalid KeySchema: Some index key attribute have no definition'))


def test_duplicate_attribute_definition_rejected(dynamodb):
    # alternator's test_create_table_duplicate_attribute_name: DynamoDB's
    # message says "duplicate" and names the attribute.
    with pytest.raises(ClientError) as e:
        _create(dynamodb, [{'AttributeName': 'xyz', 'KeyType': 'HASH'}], _defs(('xyz', 'S'), ('xyz', 'N')))
    assert_client_error(e, 'ValidationException', re.compile(r'(?i)duplicate.*xyz'))


@pytest.mark.parametrize('bad_type', ['BOOL', 'NULL', 'SS', 'NS', 'BS', 'M', 'L', 'Q'])
@pytest.mark.parametrize('key_type', ['HASH', 'RANGE'])
def test_key_types_other_than_s_n_b_rejected(dynamodb_unvalidated, bad_type, key_type):
    # Developer Guide: key attributes are string, number or binary. dynalite:
    # "1 validation error detected: Value 'SS' at
    # 'attributeDefinitions.1.member.attributeType' failed to satisfy
    # constraint: Member must satisfy enum value set: [B, N, S]".
    if key_type == 'HASH':
        schema = [{'AttributeName': 'k', 'KeyType': 'HASH'}]
        defs = _defs(('k', bad_type))
    else:
        schema = [{'AttributeName': 'h', 'KeyType': 'HASH'}, {'AttributeName': 'k', 'KeyType': 'RANGE'}]
        defs = _defs(('h', 'S'), ('k', bad_type))
    with pytest.raises(ClientError) as e:
        _create(dynamodb_unvalidated, schema, defs)
    assert_client_error(e, 'ValidationException', re.compile(
        rf"Value '{bad_type}' at 'attributeDefinitions\.\d+\.member\.attributeType' failed to satisfy "
        r"constraint: Member must satisfy enum value set: \[[BNS], [BNS], [BNS]\]"))


# --------------------------------------------------------------------------
# Billing mode and throughput

def test_pay_per_request_forbids_provisioned_throughput(dynamodb):
    # dynalite and alternator: exact message.
    with pytest.raises(ClientError) as e:
        _create(dynamodb, [{'AttributeName': 'a', 'KeyType': 'HASH'}], _defs(('a', 'S')),
                BillingMode='PAY_PER_REQUEST',
                ProvisionedThroughput={'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5})
    assert_client_error(e, 'ValidationException', envelope_re(
        'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits '
        'can be specified when BillingMode is PAY_PER_REQUEST'))


@pytest.mark.parametrize('billing', [{'BillingMode': 'PROVISIONED'}, {}], ids=['explicit', 'default'])
def test_provisioned_requires_throughput(dynamodb, billing):
    # dynalite: exact message; PROVISIONED is the default billing mode.
    with pytest.raises(ClientError) as e:
        dynamodb.create_table(TableName=_bad_name(), **billing, **util.hash_key_schema())
    assert_client_error(e, 'ValidationException', envelope_re(
        'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both '
        'be specified when BillingMode is PROVISIONED'))


def test_invalid_billing_mode_rejected(dynamodb_unvalidated):
    # Case-sensitive enum (alternator's test_create_table_billing_mode_errors);
    # dynalite: "Value 'A' at 'billingMode' failed to satisfy constraint:
    # Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]".
    for mode in ('pay_per_request', 'ON_DEMAND'):
        with pytest.raises(ClientError) as e:
            dynamodb_unvalidated.create_table(TableName=_bad_name(), BillingMode=mode,
                                              **util.hash_key_schema())
        assert_client_error(e, 'ValidationException', re.compile(
            rf"'{mode}' at 'billingMode'.*enum value set: "
            r"\[(PROVISIONED, PAY_PER_REQUEST|PAY_PER_REQUEST, PROVISIONED)\]"))


@pytest.mark.parametrize('member', ['readCapacityUnits', 'writeCapacityUnits'])
@pytest.mark.parametrize('value', [0, -1])
def test_throughput_below_one_rejected(dynamodb_unvalidated, member, value):
    # dynalite: "1 validation error detected: Value '-1' at
    # 'provisionedThroughput.writeCapacityUnits' failed to satisfy
    # constraint: Member must have value greater than or equal to 1".
    throughput = {'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1}
    throughput[member[0].upper() + member[1:]] = value
    with pytest.raises(ClientError) as e:
        dynamodb_unvalidated.create_table(TableName=_bad_name(), BillingMode='PROVISIONED',
                                          ProvisionedThroughput=throughput, **util.hash_key_schema())
    assert_client_error(e, 'ValidationException', util.constraint_re(
        value, f'provisionedThroughput.{member}', 'Member must have value greater than or equal to 1'))


def test_validation_error_creates_nothing(dynamodb):
    name = _bad_name()
    with pytest.raises(ClientError) as e:
        dynamodb.create_table(TableName=name, BillingMode='PAY_PER_REQUEST',
                              KeySchema=[{'AttributeName': 'a', 'KeyType': 'HASH'}],
                              AttributeDefinitions=_defs(('a', 'S'), ('b', 'S')))
    assert_client_error(e, 'ValidationException')
    with pytest.raises(ClientError) as e:
        dynamodb.describe_table(TableName=name)
    assert_client_error(e, 'ResourceNotFoundException')
