"""DescribeEndpoints, the Date and Server response headers, and operations
DynamoDB has that this server does not implement."""

import email.utils
import time
from urllib.parse import urlparse

import pytest
import util


def test_describe_endpoints(dynamodb, endpoint_url, external_endpoint):
    # DynamoDB: [{"Address": "dynamodb.<region>.amazonaws.com", "CachePeriodInMinutes": 1440}]
    # (API Reference, DescribeEndpoints; the Address has no scheme).
    endpoints = dynamodb.describe_endpoints()['Endpoints']
    assert len(endpoints) == 1
    assert endpoints[0]['CachePeriodInMinutes'] == 1440
    if not external_endpoint:
        # Our own address as the client reached it (its Host header).
        assert endpoints[0]['Address'] == urlparse(endpoint_url).netloc
    assert '://' not in endpoints[0]['Address']


def test_date_and_server_headers(endpoint_url):
    before = time.time()
    response = util.dynamodb_request(endpoint_url, 'ListTables', {'Limit': 1})
    assert response.status == 200
    date = email.utils.parsedate_to_datetime(response.headers['date'])
    assert response.headers['date'].endswith(' GMT')
    assert before - 2 <= date.timestamp() <= time.time() + 2
    assert response.headers['server']
    # Errors and the health line carry them too.
    response = util.dynamodb_request(endpoint_url, 'NoSuchOperation', {})
    assert 'date' in response.headers and 'server' in response.headers


@pytest.mark.dynastore_only
def test_health_line_has_date_and_server(endpoint_url):
    response = util.http_request(endpoint_url + '/', method='GET')
    assert response.headers['server'] == 'Server'
    assert response.headers['date'].endswith(' GMT')


@pytest.mark.dynastore_only
@pytest.mark.parametrize('call', [
    lambda c: c.list_backups(),
    lambda c: c.list_exports(),
    lambda c: c.describe_continuous_backups(TableName='t'),
], ids=['ListBackups', 'ListExports', 'DescribeContinuousBackups'])
def test_unimplemented_operation_says_so(dynamodb, call):
    with pytest.raises(util.ClientError) as exc_info:
        call(dynamodb)
    error = exc_info.value.response['Error']
    assert error['Code'] == 'UnknownOperationException'
    operation = exc_info.value.operation_name
    assert error['Message'] == (f'The operation {operation} is part of the DynamoDB API but is not implemented '
                                f'by this server (Dynastore); docs/compatibility.md lists what is')


def test_unknown_operation_has_no_message(endpoint_url):
    response = util.dynamodb_request(endpoint_url, 'NoSuchOperation', {})
    assert response.status == 400
    assert response.json() == {'__type': 'com.amazon.coral.service#UnknownOperationException'}
