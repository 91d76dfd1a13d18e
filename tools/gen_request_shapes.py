#!/usr/bin/env python3
"""Writes src/protocol/request_shapes_generated.cc: the request-shape
constraints of every operation this server implements, read from botocore's
service models for dynamodb and dynamodbstreams (2012-08-10).

Usage:
  tools/gen_request_shapes.py            rewrite the generated file
  tools/gen_request_shapes.py --check    exit 1 if it is out of date (77, a
                                         skip for ctest, when this machine's
                                         botocore is not the one it was made
                                         from, or there is none)

The output is committed, so the build needs no Python and no botocore; run
this again after a botocore update and review the diff. The checker that
walks a request against these tables is src/protocol/request_validator.cc.

What DynamoDB's request validator does, and where each fact comes from:

- It reports every violation of a modelled constraint (required member,
  string/list/map length, number range, enum, pattern) in one message,
  "N validation errors detected: Value ... at '<path>' failed to satisfy
  constraint: ...; Value ...". Paths use the member names with the first
  letter lowered ("sSESpecification"), list elements as "<list>.<i>.member"
  (from 1) and map values as "<map>.<key>.member".
- The order of a structure's members in that message is not the model's:
  it is the iteration order of a Java HashMap keyed by the camelCase member
  names (initial capacity 16, doubled past a load of 0.75; within a bucket,
  model order). Captures that fix it: TransactWriteItems' clientRequestToken
  before returnConsumedCapacity before returnItemCollectionMetrics
  (conformance/test_transactions.py, observed in us-east-1), UpdateTable's
  provisionedThroughput.writeCapacityUnits before readCapacityUnits (a 2026
  capture of "2 validation errors detected: Value null at
  'globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.
  writeCapacityUnits' ...; Value null at '...readCapacityUnits'"), and
  other AWS JSON services' multi-member messages (SNS AddPermission
  "aWSAccountId; label; actionName", SWF "execution; domain") follow the
  same rule. The model order matches none of them.
- Enum sets are printed in an order that is neither the model's nor a Java
  HashSet's; the orders DynamoDB was seen to print are in ENUM_ORDER below,
  any other enum is printed in model order.
- TableName members are "TableArn" shapes (1..1024) since resource-based
  policies, yet DynamoDB still answers a bare name with TableName's
  constraints (3..255, [a-zA-Z0-9_.-]+): such members get the kind
  kTableNameOrArn, and an ARN is left to the operation (api/table_lookup).
- Some members are reported in the newer form DynamoDB is rolling out
  (NEWER_FORM below).
- AttributeValues are not descended into: their rules are DynamoDB's own
  (protocol/wire.h), not the model's.
"""

import argparse
import glob
import gzip
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, 'src', 'protocol', 'request_shapes_generated.cc')

# The operations the server implements (src/api/operation_registry.cc).
OPERATIONS = {
    'dynamodb': [
        'BatchExecuteStatement', 'BatchGetItem', 'BatchWriteItem', 'CreateTable', 'DeleteItem', 'DeleteTable', 'DescribeEndpoints',
        'DescribeLimits', 'DescribeTable', 'DescribeTimeToLive', 'ExecuteStatement', 'ExecuteTransaction', 'GetItem', 'ListTables', 'ListTagsOfResource',
        'PutItem', 'Query', 'Scan', 'TagResource', 'TransactGetItems', 'TransactWriteItems', 'UntagResource',
        'UpdateItem', 'UpdateTable', 'UpdateTimeToLive',
    ],
    'dynamodbstreams': ['DescribeStream', 'GetRecords', 'GetShardIterator', 'ListStreams'],
}

# Enum sets as DynamoDB prints them, where seen (the test or capture that
# pins each is cited in the code that used to print it; all are exercised
# by conformance/). Values must be the model's, in another order.
ENUM_ORDER = {
    'ReturnValue': ['ALL_NEW', 'UPDATED_OLD', 'ALL_OLD', 'NONE', 'UPDATED_NEW'],
    'ReturnConsumedCapacity': ['INDEXES', 'TOTAL', 'NONE'],
    'ReturnItemCollectionMetrics': ['SIZE', 'NONE'],
    'ReturnValuesOnConditionCheckFailure': ['ALL_OLD', 'NONE'],
    'ScalarAttributeType': ['B', 'N', 'S'],
    'KeyType': ['HASH', 'RANGE'],
    'ComparisonOperator': ['IN', 'NULL', 'BETWEEN', 'LT', 'NOT_CONTAINS', 'EQ', 'GT', 'NOT_NULL', 'NE', 'LE',
                           'BEGINS_WITH', 'GE', 'CONTAINS'],
    'ConditionalOperator': ['AND', 'OR'],
    'AttributeAction': ['ADD', 'PUT', 'DELETE'],
    'ProjectionType': ['ALL', 'INCLUDE', 'KEYS_ONLY'],
    'BillingMode': ['PROVISIONED', 'PAY_PER_REQUEST'],
    'TableClass': ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'],
    'Select': ['SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES'],
    'StreamViewType': ['OLD_IMAGE', 'KEYS_ONLY', 'NEW_AND_OLD_IMAGES', 'NEW_IMAGE'],
    'ShardIteratorType': ['AFTER_SEQUENCE_NUMBER', 'LATEST', 'AT_SEQUENCE_NUMBER', 'TRIM_HORIZON'],
    'ShardFilterType': ['CHILD_SHARDS'],
}

# Members whose length or value bounds DynamoDB now reports in its validation
# framework's newer form, without the value and with the members' own names
# ("Value at 'RequestItems' failed to satisfy constraint: ..."): an empty
# RequestItems (captures in conformance/test_batch.py,
# empty_request_items_re), a BatchGetItem table's Keys empty or over 100
# ("Value at 'RequestItems.<table>.member.Keys'", conformance/test_batch.py),
# Query's Limit ("Value at 'Limit'", conformance/test_query.py; Scan's is
# still in the older form in most regions).
NEWER_FORM = {('BatchGetItemInput', 'RequestItems'), ('KeysAndAttributes', 'Keys'), ('QueryInput', 'Limit')}

# Maps whose keys are table names (or ARNs), checked by the table-name rules
# and reported once for the map: BatchGetItem's RequestItems ("Map keys must
# satisfy constraint: [...]", conformance/test_batch.py). BatchWriteItem
# reports its keys after the other members (api/ops/batch_write_item.cc).
TABLE_NAME_KEYED_MAPS = {'BatchGetRequestMap'}

# Members the model requires that DynamoDB's own model does not: their
# absence is the operation's to report, in a sentence of its own. CreateTable
# without TableName is "The parameter 'TableName' is required but was not
# present in the request" (conformance/test_create_table.py).
NOT_REQUIRED = {('CreateTableInput', 'TableName')}

# Length bounds the operation checks itself, with a text of its own
# (api/ops/batch_write_item.cc): BatchWriteItem's empty RequestItems ("The
# requestItems parameter is required for BatchWriteItem").
LENGTHS_LEFT_TO_OPERATION = {'BatchWriteItemRequestMap': ('min',)}

# Values DynamoDB echoes other than as Java's toString of plain maps and
# lists (request_shapes.h, Echo): BatchGetItem's RequestItems as JSON,
# BatchWriteItem's as its model's classes print themselves (captures in
# conformance/test_batch.py).
ECHO = {'BatchGetRequestMap': 'kJson', 'BatchWriteItemRequestMap': 'kWriteRequests'}

# The patterns the checker implements (request_validator.cc), by model text.
PATTERNS = {'[a-zA-Z0-9_.-]+': 'kTableName'}

# Shapes checked by rules of their own (see the docstring).
TABLE_NAME_OR_ARN = 'TableArn'
OPAQUE = {'AttributeValue'}

# shapes::kMaxStructureMembers in include/dynastore/protocol/request_shapes.h.
MAX_STRUCTURE_MEMBERS = 32

KINDS = {
    'structure': 'kStructure', 'list': 'kList', 'map': 'kMap', 'string': 'kString', 'integer': 'kInteger',
    'long': 'kLong', 'boolean': 'kBoolean', 'double': 'kDouble', 'blob': 'kBlob', 'timestamp': 'kTimestamp',
}


SKIP = 77


def botocore_model(service):
    import botocore  # only the generator needs it
    base = os.path.join(os.path.dirname(botocore.__file__), 'data', service, '2012-08-10')
    path = glob.glob(os.path.join(base, 'service-2.json*'))[0]
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt', encoding='utf-8') as f:
        return json.load(f), botocore.__version__


def camel(name):
    return name[0].lower() + name[1:]


def java_string_hash(text):
    h = 0
    units = text.encode('utf-16-be')
    for i in range(0, len(units), 2):
        h = (31 * h + int.from_bytes(units[i:i + 2], 'big')) & 0xFFFFFFFF
    return h


def hashmap_order(names):
    """The iteration order of a java.util.HashMap filled with `names` in
    this order (default capacity 16, load factor 0.75)."""
    capacity = 16
    while len(names) > capacity * 3 // 4:
        capacity *= 2
    def bucket(name):
        h = java_string_hash(name)
        return (h ^ (h >> 16)) & (capacity - 1)
    return sorted(names, key=lambda n: (bucket(n), names.index(n)))


def cpp_string(text):
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'


class Generator:
    def __init__(self):
        self.shapes = []        # rows of kShapes
        self.members = []       # rows of kMembers
        self.enum_values = []   # rows of kEnumValues
        self.index = {}         # (service, shape name) -> row
        self.roots = []         # (operation constant, row)

    def shape(self, service, model, name):
        key = (service, name)
        if key in self.index:
            return self.index[key]
        row = len(self.shapes)
        self.index[key] = row
        self.shapes.append(None)  # reserved: structures may refer to themselves
        spec = model['shapes'][name]
        kind = KINDS[spec['type']]
        entry = {'name': name, 'kind': kind, 'min': spec.get('min'), 'max': spec.get('max'), 'echo': ECHO.get(name, 'kToString'),
                 'first': 0, 'count': 0, 'element': 0, 'enum_first': 0, 'enum_count': 0,
                 'enum_shown': '', 'pattern': 'kNone'}
        for bound in LENGTHS_LEFT_TO_OPERATION.get(name, ()):
            entry[bound] = None
        if name in OPAQUE:
            entry['kind'] = 'kOpaque'
            entry['min'] = entry['max'] = None
        elif name == TABLE_NAME_OR_ARN:
            entry['kind'] = 'kTableNameOrArn'
        elif kind == 'kStructure':
            names = list(spec['members'])
            if len(names) > MAX_STRUCTURE_MEMBERS:
                sys.exit(f'shape {name} has {len(names)} members: raise kMaxStructureMembers (request_shapes.h)')
            camel_names = [camel(x) for x in names]
            ordered = [names[camel_names.index(c)] for c in hashmap_order(camel_names)]
            required = {member for member in spec.get('required', []) if (name, member) not in NOT_REQUIRED}
            member_rows = []
            for member in ordered:
                member_rows.append((member, self.shape(service, model, spec['members'][member]['shape']),
                                    member in required, (name, member) in NEWER_FORM))
            entry['first'] = len(self.members)
            entry['count'] = len(member_rows)
            self.members.extend(member_rows)
        elif kind == 'kList':
            entry['element'] = self.shape(service, model, spec['member']['shape'])
        elif kind == 'kMap':
            entry['element'] = self.shape(service, model, spec['value']['shape'])
            if name in TABLE_NAME_KEYED_MAPS:
                entry['pattern'] = 'kTableName'
        if 'enum' in spec and entry['kind'] == 'kString':
            values = spec['enum']
            shown = ENUM_ORDER.get(name, values)
            if sorted(shown) != sorted(values):
                sys.exit(f'ENUM_ORDER[{name}] {shown} does not list the model values {values}')
            entry['enum_first'] = len(self.enum_values)
            entry['enum_count'] = len(values)
            entry['enum_shown'] = '[' + ', '.join(shown) + ']'
            self.enum_values.extend(values)
        if 'pattern' in spec and entry['kind'] == 'kString':
            if spec['pattern'] not in PATTERNS:
                sys.exit(f'shape {name}: pattern {spec["pattern"]!r} has no checker (PATTERNS)')
            entry['pattern'] = PATTERNS[spec['pattern']]
        self.shapes[row] = entry
        return row

    def render(self, version):
        out = []
        w = out.append
        w('// GENERATED by tools/gen_request_shapes.py from botocore ' + version + "'s service models")
        w('// (dynamodb and dynamodbstreams, 2012-08-10). Do not edit: run the tool.')
        w('#include "dynastore/protocol/request_shapes.h"')
        w('')
        w('namespace dynastore::protocol::shapes {')
        w('')
        w('namespace {')
        w('')
        w('constexpr std::int64_t kNo = kNoLimit;')
        w('')
        w(f'constexpr std::array<std::string_view, {max(1, len(self.enum_values))}> kEnumValues = {{{{')
        for value in self.enum_values or ['']:
            w(f'    {cpp_string(value)},')
        w('}};')
        w('')
        w(f'constexpr std::array<Member, {len(self.members)}> kMembers = {{{{')
        for name, shape, required, newer_form in self.members:
            w(f'    {{{cpp_string(name)}, {cpp_string(camel(name))}, {shape}, {"true" if required else "false"}, '
              f'{"true" if newer_form else "false"}}},')
        w('}};')
        w('')
        w(f'constexpr std::array<Shape, {len(self.shapes)}> kShapes = {{{{')
        for i, s in enumerate(self.shapes):
            lo = 'kNo' if s['min'] is None else str(s['min'])
            hi = 'kNo' if s['max'] is None else str(s['max'])
            w(f'    /* {i} {s["name"]} */ {{ShapeKind::{s["kind"]}, {lo}, {hi}, {s["first"]}, {s["count"]}, '
              f'{s["element"]}, {s["enum_first"]}, {s["enum_count"]}, {cpp_string(s["enum_shown"])}, '
              f'Pattern::{s["pattern"]}, Echo::{s["echo"]}}},')
        w('}};')
        w('')
        w('}  // namespace')
        w('')
        w('const Shape& shape(std::uint16_t index) { return kShapes[index]; }')
        w('const Member& member(std::uint16_t index) { return kMembers[index]; }')
        w('std::string_view enum_value(std::uint16_t index) { return kEnumValues[index]; }')
        w('')
        w('const Shape* input_shape(RequestShape request) {')
        w('  switch (request) {')
        for constant, row in self.roots:
            w(f'    case RequestShape::{constant}:')
            w(f'      return &kShapes[{row}];')
        w('    case RequestShape::kNone:')
        w('      break;')
        w('  }')
        w('  return nullptr;')
        w('}')
        w('')
        w('}  // namespace dynastore::protocol::shapes')
        return '\n'.join(out) + '\n'


def generate():
    generator = Generator()
    version = None
    for service, operations in OPERATIONS.items():
        model, version = botocore_model(service)
        for operation in operations:
            spec = model['operations'][operation]
            constant = 'k' + operation
            if 'input' not in spec:
                continue
            generator.roots.append((constant, generator.shape(service, model, spec['input']['shape'])))
    return generator.render(version)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--check', action='store_true', help='exit 1 if the committed file is out of date')
    args = parser.parse_args()
    if args.check:
        try:
            import botocore
        except ImportError:
            print('no botocore: not checked', file=sys.stderr)
            return SKIP
        with open(OUTPUT, encoding='utf-8') as f:
            committed = f.read()
        if f"from botocore {botocore.__version__}'s" not in committed.split('\n', 1)[0]:
            print(f'botocore {botocore.__version__} is not the one {OUTPUT} was made from: not checked',
                  file=sys.stderr)
            return SKIP
        if committed != generate():
            print(f'{OUTPUT} is out of date: run tools/gen_request_shapes.py', file=sys.stderr)
            return 1
        return 0
    text = generate()
    with open(OUTPUT, 'w', encoding='utf-8') as f:
        f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
