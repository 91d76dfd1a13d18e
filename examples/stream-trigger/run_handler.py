#!/usr/bin/env python3
"""Runs an AWS Lambda Python handler, unchanged, as the command target of
a dynastore stream trigger.

    run_handler.py MODULE.FUNCTION

reads the event ({"Records": [...]}) from standard input, imports MODULE
from the task root - $LAMBDA_TASK_ROOT if set, else this file's directory,
as Lambda imports it from /var/task -, calls FUNCTION(event, context) with a
small stand-in for Lambda's context object, and prints what it returns as
JSON on standard output. If the handler raises (or cannot be imported), it
prints Lambda's error document ({"errorMessage", "errorType",
"stackTrace"}) on standard error and exits 1, so the trigger retries the
batch.

For a dynastore trigger:

    --stream-trigger 'table=Orders,target=cmd:python3 examples/stream-trigger/run_handler.py handler.lambda_handler'

The context's values come from the environment variables Lambda's runtime
sets (AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_VERSION,
AWS_LAMBDA_FUNCTION_MEMORY_SIZE, AWS_LAMBDA_FUNCTION_TIMEOUT in seconds,
AWS_REGION) where they are set, with defaults otherwise. The remaining time
is counted from AWS_LAMBDA_FUNCTION_TIMEOUT (default 30 s, the trigger's
default timeout-ms); the trigger's own timeout-ms is what really ends a run.
"""

import importlib
import json
import os
import sys
import time
import traceback
import uuid


class LambdaContext:
    """The attributes and method of Lambda's Python context object that
    handlers use."""

    def __init__(self, function_name):
        region = os.environ.get('AWS_REGION', 'us-east-1')
        self.function_name = os.environ.get('AWS_LAMBDA_FUNCTION_NAME', function_name)
        self.function_version = os.environ.get('AWS_LAMBDA_FUNCTION_VERSION', '$LATEST')
        self.invoked_function_arn = f'arn:aws:lambda:{region}:000000000000:function:{self.function_name}'
        self.memory_limit_in_mb = os.environ.get('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', '128')
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f'/aws/lambda/{self.function_name}'
        self.log_stream_name = time.strftime('%Y/%m/%d/[$LATEST]') + uuid.uuid4().hex
        self.identity = None
        self.client_context = None
        timeout_s = float(os.environ.get('AWS_LAMBDA_FUNCTION_TIMEOUT', '30'))
        self._deadline = time.monotonic() + timeout_s

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def _error_document(error):
    return {
        'errorMessage': str(error),
        'errorType': type(error).__name__,
        'stackTrace': traceback.format_tb(error.__traceback__),
    }


def main(argv):
    if len(argv) != 2 or '.' not in argv[1]:
        print('usage: run_handler.py MODULE.FUNCTION  (the event on standard input)', file=sys.stderr)
        return 2
    module_name, function_name = argv[1].rsplit('.', 1)
    task_root = os.environ.get('LAMBDA_TASK_ROOT') or os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, task_root)
    try:
        event = json.load(sys.stdin)
        handler = getattr(importlib.import_module(module_name), function_name)
        result = handler(event, LambdaContext(module_name))
    except Exception as error:  # the function failed: the trigger retries the batch
        print(json.dumps(_error_document(error)), file=sys.stderr)
        return 1
    print(json.dumps(result, default=str))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
