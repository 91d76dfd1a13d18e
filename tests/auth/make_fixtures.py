#!/usr/bin/env python3
"""Prints SigV4 test fixtures for tests/auth/sigv4_test.cc, signed by botocore.

The verifier must accept exactly what real clients send, so the fixtures come
from botocore's own signer (botocore.auth.SigV4Auth) rather than from our own
idea of the algorithm. The C++ test never runs Python: paste this script's
output over the block between the "BEGIN GENERATED" / "END GENERATED" markers
in sigv4_test.cc.

    python3 tests/auth/make_fixtures.py

botocore reads the signing time through botocore.auth.get_current_datetime()
(a name imported into botocore.auth from botocore.compat), so patching that
one name pins X-Amz-Date / Date and the credential scope date.
"""

import datetime
import hashlib
import logging
from unittest import mock

import botocore
from botocore.auth import SigV4Auth, _host_from_url
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SIGNING_TIME = datetime.datetime(2026, 11, 25, 12, 34, 56)  # naive UTC, as botocore uses
ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLE//////////wEaDEXAMPLETOKEN+/="
ENDPOINT = "http://localhost:8000"


def fixture(name, *, target, body, region="us-east-1", token=None,
            extra_headers=(), params=None, url_suffix="/"):
    headers = [
        ("Content-Type", "application/x-amz-json-1.0"),
        ("X-Amz-Target", "DynamoDB_20120810." + target),
        ("User-Agent", "Boto3/1.43 md/Botocore#" + botocore.__version__),
    ]
    headers.extend(extra_headers)
    request = AWSRequest(method="POST", url=ENDPOINT + url_suffix,
                         data=body, params=params or {})
    for key, value in headers:
        request.headers[key] = value  # HTTPHeaders appends: duplicates allowed
    credentials = Credentials(ACCESS_KEY, SECRET_KEY, token)
    capture = _CanonicalRequestCapture()
    auth_logger = logging.getLogger("botocore.auth")
    auth_logger.addHandler(capture)
    auth_logger.setLevel(logging.DEBUG)
    try:
        with mock.patch("botocore.auth.get_current_datetime", return_value=SIGNING_TIME):
            SigV4Auth(credentials, "dynamodb", region).add_auth(request)
    finally:
        auth_logger.removeHandler(capture)
    prepared = request.prepare()
    path, _, query = prepared.url[len(ENDPOINT):].partition("?")
    # What the server sees: the signed headers plus those the HTTP client adds
    # after signing (Host is derived from the URL when not set explicitly).
    # request.headers, not prepared.headers: the prepared request keeps one
    # value per name, but the signer saw (and signed) every repeated header.
    wire_headers = list(request.headers.items())
    if not any(k.lower() == "host" for k, _ in wire_headers):
        wire_headers.insert(0, ("Host", _host_from_url(prepared.url)))
    if "Content-Length" in prepared.headers:
        wire_headers.append(("Content-Length", prepared.headers["Content-Length"]))
    return dict(name=name, method=prepared.method, path=path, query=query,
                headers=wire_headers, body=body, region=region,
                canonical_request=capture.canonical_request)


class _CanonicalRequestCapture(logging.Handler):
    """Keeps the canonical request botocore logs while signing (at DEBUG), so
    the test can check our canonicalisation against botocore's directly."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.canonical_request = None

    def emit(self, record):
        if record.msg.startswith("CanonicalRequest:"):
            self.canonical_request = record.args[0] if isinstance(record.args, tuple) else record.args


def cpp_string(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    out = []
    for byte in data:
        ch = chr(byte)
        if ch == "\\" or ch == '"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif 0x20 <= byte < 0x7F:
            out.append(ch)
        else:
            out.append("\\%03o" % byte)  # octal: never swallows a following digit
    return '"' + "".join(out) + '"'


def main():
    put_item_body = (
        '{"TableName":"Music","Item":{"Artist":{"S":"Caf\u00e9 \u263a"},'
        '"SongTitle":{"S":"Call Me Today"},"Year":{"N":"2026"}}}'
    ).encode("utf-8")
    query_body = b'{"TableName":"Music","KeyConditionExpression":"Artist = :a",' \
                 b'"ExpressionAttributeValues":{":a":{"S":"No One You Know"}}}'
    fixtures = [
        fixture("ListTables", target="ListTables", body=b"{}"),
        fixture("PutItemUtf8EuWest1", target="PutItem", body=put_item_body,
                region="eu-west-1"),
        fixture("QueryWithSessionToken", target="Query", body=query_body,
                token=SESSION_TOKEN),
        fixture("EmptyBodyMessyHeaders", target="DescribeEndpoints", body=b"",
                extra_headers=[("X-Custom-Multi", "  a   b\t c  "),
                               ("X-Custom-Multi", "second"),
                               ("x-lower-case", "v")]),
        fixture("QueryString", target="ListTables", body=b'{"Limit":5}',
                params={"b": "x y+z", "a": "1/2~", "empty": ""}),
        fixture("DateHeaderInsteadOfXAmzDate", target="ListTables", body=b"{}",
                extra_headers=[("Date", "placeholder, replaced by botocore")]),
        fixture("ExplicitContentSha256", target="GetItem",
                body=b'{"TableName":"Music","Key":{"Artist":{"S":"A"}}}',
                region="ap-southeast-2",
                extra_headers=[("X-Amz-Content-SHA256", hashlib.sha256(
                    b'{"TableName":"Music","Key":{"Artist":{"S":"A"}}}').hexdigest())]),
    ]

    print("// BEGIN GENERATED by tests/auth/make_fixtures.py (botocore %s)" % botocore.__version__)
    print("constexpr const char* kFixtureAccessKey = %s;" % cpp_string(ACCESS_KEY))
    print("constexpr const char* kFixtureSecretKey = %s;" % cpp_string(SECRET_KEY))
    print("// Signing time: %sZ" % SIGNING_TIME.isoformat())
    print("constexpr std::int64_t kFixtureUnixTime = %d;"
          % int(SIGNING_TIME.replace(tzinfo=datetime.timezone.utc).timestamp()))
    print("const std::vector<Fixture>& fixtures() {")
    print("  static const std::vector<Fixture> kFixtures = {")
    for f in fixtures:
        print("      {%s, %s, %s, %s, %s," % (cpp_string(f["name"]), cpp_string(f["method"]),
                                            cpp_string(f["path"]), cpp_string(f["query"]),
                                            cpp_string(f["region"])))
        print("       {")
        for key, value in f["headers"]:
            print("           {%s, %s}," % (cpp_string(key), cpp_string(value)))
        print("       },")
        print("       std::string(%s, %d)," % (cpp_string(f["body"]), len(f["body"])))
        print("       %s}," % cpp_string(f["canonical_request"]))
    print("  };")
    print("  return kFixtures;")
    print("}")
    print("// END GENERATED")


if __name__ == "__main__":
    main()
