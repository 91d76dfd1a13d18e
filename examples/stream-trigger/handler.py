"""An AWS Lambda function for a DynamoDB stream: it keeps an audit log of
order status changes.

Nothing in it knows about dynastore. In AWS it is deployed as is, with the
handler setting `handler.lambda_handler` and an event source mapping on the
Orders table's stream. Locally, dynastore's stream trigger runs it through
run_handler.py (see docs/stream-trigger.md):

    dynastore --stream-trigger \
      'table=Orders,batch-size=10,target=cmd:python3 examples/stream-trigger/run_handler.py handler.lambda_handler'

Each record of the event becomes one JSON line in the file named by the
environment variable ORDERS_AUDIT_FILE (default /tmp/orders-audit.jsonl).
A command target's process inherits the server's environment, so setting
the variable for dynastore sets it here.
"""

import json
import os
from decimal import Decimal


def _plain(value):
    """A DynamoDB AttributeValue ({"S": "x"}, {"N": "1"}, ...) as plain Python."""
    (kind, data), = value.items()
    if kind == 'S' or kind == 'B':
        return data
    if kind == 'N':
        number = Decimal(data)
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == 'BOOL':
        return data
    if kind == 'NULL':
        return None
    if kind == 'M':
        return {k: _plain(v) for k, v in data.items()}
    if kind == 'L':
        return [_plain(v) for v in data]
    if kind == 'SS' or kind == 'BS':
        return sorted(data)
    if kind == 'NS':
        return sorted(_plain({'N': n}) for n in data)
    raise ValueError(f'unknown attribute type {kind}')


def _image(record, name):
    image = record['dynamodb'].get(name)
    return None if image is None else {k: _plain(v) for k, v in image.items()}


def _audit_line(record):
    new, old = _image(record, 'NewImage'), _image(record, 'OldImage')
    identity = record.get('userIdentity') or {}
    return {
        'event': record['eventName'],                              # INSERT, MODIFY or REMOVE
        'table': record['eventSourceARN'].split('/')[1],           # arn:...:table/<name>/stream/<label>
        'key': {k: _plain(v) for k, v in record['dynamodb']['Keys'].items()},
        'status': (new or {}).get('status'),
        'previous_status': (old or {}).get('status'),
        'expired': identity.get('principalId') == 'dynamodb.amazonaws.com',   # a Time to Live deletion
        'sequence_number': record['dynamodb']['SequenceNumber'],
    }


def lambda_handler(event, context):
    lines = [_audit_line(record) for record in event['Records']]
    with open(os.environ.get('ORDERS_AUDIT_FILE', '/tmp/orders-audit.jsonl'), 'a') as audit:
        for line in lines:
            audit.write(json.dumps(line, sort_keys=True) + '\n')
    # Lambda sends what a function prints to CloudWatch Logs; dynastore's
    # command targets print to the server's output.
    print(f'{context.function_name}: audited {len(lines)} record(s)')
    # The partial batch response shape (FunctionResponseTypes
    # ReportBatchItemFailures): nothing failed.
    return {'batchItemFailures': []}
