"""A bank on DynamoDB transactions: the workload and the bookkeeping behind
test_transactions_stress.py, usable against any endpoint.

Accounts (table keyed by `pk` S, attribute `balance` N):
  acct-0000 .. acct-0999   1,000 each: the regular accounts (1,000,000 in all)
  audit-00 .. audit-09     1,000 each: money moves only among these (10,000)
Ledger (table keyed by `id` S): one item {id, from, to, amount} per transfer.

A transfer is one TransactWriteItems: debit `from` on condition that
`balance >= :amt`, credit `to`, and Put the ledger item on condition that
`attribute_not_exists(id)`. DynamoDB applies all three or none (API
Reference, TransactWriteItems), so the ledger is the truth: after any crash,
every balance must equal its initial balance plus the credits minus the
debits the ledger records, whatever happened to the transfers whose answer
never arrived.

What is checked while the load runs (DynamoDB Developer Guide, "Isolation
levels for DynamoDB transactions": TransactGetItems is serializable with
TransactWriteItems; GetItem is read-committed):
  - one TransactGetItems of the ten audit accounts always sums to 10,000;
  - a strongly consistent GetItem never sees a negative balance.
What `verify` checks afterwards:
  - every acknowledged (HTTP 200) transfer is in the ledger, exactly once,
    with the amount and accounts it was sent with;
  - no cancelled transfer (TransactionCanceledException) is in the ledger,
    and the ledger holds nothing that was never sent;
  - every balance matches the ledger; none is negative; the regular accounts
    hold 1,000,000 and the audit accounts 10,000 in all.

Nothing here starts or kills servers: the caller does (with our binary), or
points it at another endpoint. Every loop is bounded in count and time.
"""

import collections
import random
import threading
import time

from botocore.exceptions import BotoCoreError, ClientError

import util

N_ACCOUNTS = 1000
N_AUDIT = 10
INITIAL_BALANCE = 1000
MAX_AMOUNT = 400          # per transfer: 1..MAX_AMOUNT, so audit accounts run dry now and then
AUDIT_SHARE = 0.2         # share of transfers among the audit accounts
MAX_TRANSFERS_PER_WRITER = 100_000
MAX_AUDITS_PER_AUDITOR = 100_000
TRANSPORT_ERROR_PAUSE = 0.02  # after a connection error, before trying again
# A transfer the server answered with this did not happen (all or nothing).
CANCELLED = 'TransactionCanceledException'


def account_key(i):
    return f'acct-{i:04}'


def audit_key(i):
    return f'audit-{i:02}'


def stress_client(url, pool=64):
    """A client shared by all the load's threads (boto3 clients are
    thread-safe): no retries, so every answer is the first one, and short
    timeouts, so a killed server is noticed at once."""
    return util.make_client(url, connect_timeout=1, read_timeout=5, max_pool_connections=pool)


class Bank:
    """The two tables and what the load did to them. `log` accumulates over
    rounds (the tables keep their contents across restarts)."""

    def __init__(self, accounts_table, ledger_table, token=None):
        self.accounts = accounts_table
        self.ledger = ledger_table
        self.token = token or util.random_string(8)
        self.account_keys = [account_key(i) for i in range(N_ACCOUNTS)]
        self.audit_keys = [audit_key(i) for i in range(N_AUDIT)]
        self.log = TransferLog()
        self.rounds = 0  # numbers the transfer ids of each run()

    # -- setup ---------------------------------------------------------------

    def create(self, client):
        for name, key in ((self.accounts, 'pk'), (self.ledger, 'id')):
            client.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **util.hash_key_schema(key, 'S'))
        for name in (self.accounts, self.ledger):
            util.wait_for_active(client, name)
        items = [{'pk': {'S': k}, 'balance': {'N': str(INITIAL_BALANCE)}}
                 for k in self.account_keys + self.audit_keys]
        util.batch_write_all(client, self.accounts, items)

    # -- the load --------------------------------------------------------------

    def _get(self, key):
        return {'Get': {'TableName': self.accounts, 'Key': {'pk': {'S': key}}}}

    def transfer_items(self, transfer_id, source, target, amount):
        amt = {'N': str(amount)}
        return [
            {'Update': {'TableName': self.accounts, 'Key': {'pk': {'S': source}},
                        'UpdateExpression': 'ADD balance :neg', 'ConditionExpression': 'balance >= :amt',
                        'ExpressionAttributeValues': {':neg': {'N': str(-amount)}, ':amt': amt}}},
            {'Update': {'TableName': self.accounts, 'Key': {'pk': {'S': target}},
                        'UpdateExpression': 'ADD balance :amt', 'ExpressionAttributeValues': {':amt': amt}}},
            {'Put': {'TableName': self.ledger,
                     'Item': {'id': {'S': transfer_id}, 'from': {'S': source}, 'to': {'S': target},
                              'amount': amt},
                     'ConditionExpression': 'attribute_not_exists(id)'}},
        ]

    def run(self, client, label, seconds, writers=32, auditors=2, kill=None, seed=None):
        """Runs `writers` transfer threads and `auditors` audit threads for at
        most `seconds`. With `kill` (a callable), calls it after a random
        delay (at least 1 s, at most `seconds`) instead, and the threads stop
        at their next failed request. Returns a RoundResult."""
        rng = random.Random(seed)
        self.rounds += 1
        id_prefix = f'{self.token}-r{self.rounds}'
        stop = threading.Event()
        deadline = time.monotonic() + seconds + 30  # the threads' own bound, past any kill
        result = RoundResult(label)
        threads = [threading.Thread(target=self._writer, name=f'writer-{w}',
                                    args=(client, id_prefix, w, rng.random(), stop, deadline, result))
                   for w in range(writers)]
        threads += [threading.Thread(target=self._auditor, name=f'auditor-{a}',
                                     args=(client, rng.random(), stop, deadline, result))
                    for a in range(auditors)]
        started = time.monotonic()
        for t in threads:
            t.start()
        if kill is not None:
            delay = rng.uniform(min(1.0, seconds), seconds)
            result.wait_or_fail(started + delay)
            kill()
            result.killed_after = time.monotonic() - started
        else:
            result.wait_or_fail(started + seconds)
        stop.set()
        join_deadline = deadline + 10
        for t in threads:
            t.join(timeout=max(0.0, join_deadline - time.monotonic()))
        result.stuck = [t.name for t in threads if t.is_alive()]
        result.seconds = time.monotonic() - started
        self.log.merge(result)
        return result

    def _writer(self, client, id_prefix, w, seed, stop, deadline, result):
        rng = random.Random(seed)
        for seq in range(MAX_TRANSFERS_PER_WRITER):
            if stop.is_set() or time.monotonic() > deadline or result.failed.is_set():
                return
            pool = self.audit_keys if rng.random() < AUDIT_SHARE else self.account_keys
            source, target = rng.sample(pool, 2)
            amount = rng.randint(1, MAX_AMOUNT)
            transfer_id = f'{id_prefix}-w{w:02}-{seq:06}'
            result.intend(transfer_id, source, target, amount)
            try:
                client.transact_write_items(TransactItems=self.transfer_items(transfer_id, source, target, amount))
            except ClientError as e:
                error = e.response.get('Error', {})
                status = e.response.get('ResponseMetadata', {}).get('HTTPStatusCode', 0)
                if error.get('Code') == CANCELLED:
                    reasons = [r.get('Code', '?') for r in e.response.get('CancellationReasons', [])]
                    result.cancelled(transfer_id, reasons)
                elif status >= 500:
                    result.unknown(transfer_id, f'HTTP {status} {error.get("Code")}')
                else:
                    result.unexpected(f'transfer {transfer_id}: HTTP {status} {error.get("Code")}: '
                                      f'{error.get("Message")}')
                    return
            except (BotoCoreError, OSError) as e:
                # No answer: the transfer may or may not have happened.
                result.unknown(transfer_id, type(e).__name__)
                if stop.is_set():
                    return
                time.sleep(TRANSPORT_ERROR_PAUSE)
            else:
                result.acknowledged(transfer_id)

    def _auditor(self, client, seed, stop, deadline, result):
        rng = random.Random(seed)
        everyone = self.account_keys + self.audit_keys
        audit = [self._get(k) for k in self.audit_keys]
        for _ in range(MAX_AUDITS_PER_AUDITOR):
            if stop.is_set() or time.monotonic() > deadline or result.failed.is_set():
                return
            try:
                try:
                    responses = client.transact_get_items(TransactItems=audit)['Responses']
                except ClientError as e:
                    # A read that meets a transfer in progress may be cancelled
                    # (reason TransactionConflict): allowed, and retried.
                    if e.response['Error']['Code'] != CANCELLED:
                        raise
                    result.count('audit cancelled')
                else:
                    balances = [int(r['Item']['balance']['N']) if 'Item' in r else None for r in responses]
                    result.count('audits')
                    if None in balances or sum(balances) != N_AUDIT * INITIAL_BALANCE or min(balances) < 0:
                        result.violation(f'TransactGetItems of the audit accounts saw {balances} '
                                         f'(sum {sum(b or 0 for b in balances)}, want {N_AUDIT * INITIAL_BALANCE})')
                key = rng.choice(everyone)
                got = client.get_item(TableName=self.accounts, Key={'pk': {'S': key}}, ConsistentRead=True)
                result.count('reads')
                balance = int(got['Item']['balance']['N']) if 'Item' in got else None
                if balance is None or balance < 0:
                    result.violation(f'GetItem {key} saw balance {balance}')
            except ClientError as e:
                status = e.response.get('ResponseMetadata', {}).get('HTTPStatusCode', 0)
                if status < 500:
                    result.unexpected(f'audit: HTTP {status} {e.response["Error"].get("Code")}: '
                                      f'{e.response["Error"].get("Message")}')
                    return
                result.count('audit errors (5xx)')
            except (BotoCoreError, OSError):
                result.count('audit connection errors')
                if stop.is_set():
                    return
                time.sleep(TRANSPORT_ERROR_PAUSE)

    # -- verification --------------------------------------------------------

    def settle(self, client, quiet=1.0, limit=15.0):
        """With the server still running, a transfer whose answer timed out
        may still be applied later: waits until the ledger's size has not
        changed for `quiet` seconds (at most `limit`). Not needed after a
        kill."""
        deadline = time.monotonic() + limit
        size = None
        while time.monotonic() < deadline:
            now = sum(page['Count'] for page in util.pages(client.scan, TableName=self.ledger, Select='COUNT',
                                                             ConsistentRead=True))
            if now == size:
                return
            size = now
            time.sleep(quiet)

    def verify(self, client):
        """Everything `log` says must hold of the tables now, with no load
        running. Returns a list of problems (empty when all is well) and a
        summary line."""
        problems = []
        log = self.log
        ledger = util.all_items(client.scan, TableName=self.ledger, ConsistentRead=True)
        ids = collections.Counter(item['id']['S'] for item in ledger)
        problems += [f'ledger holds {n} items with id {i}' for i, n in ids.items() if n != 1]
        problems += [f'acknowledged transfer {i} is not in the ledger' for i in sorted(log.acked) if i not in ids]
        problems += [f'cancelled transfer {i} is in the ledger' for i in sorted(log.cancelled_ids) if i in ids]
        expected = {k: INITIAL_BALANCE for k in self.account_keys + self.audit_keys}
        for item in ledger:
            transfer_id = item['id']['S']
            entry = (item.get('from', {}).get('S'), item.get('to', {}).get('S'),
                     int(item.get('amount', {}).get('N', -1)))
            if log.intents.get(transfer_id) != entry:
                problems.append(f'ledger item {transfer_id} is {entry}, but what was sent is '
                                f'{log.intents.get(transfer_id, "nothing")}')
                continue
            source, target, amount = entry
            expected[source] -= amount
            expected[target] += amount
        accounts = util.all_items(client.scan, TableName=self.accounts, ConsistentRead=True)
        balances = {item['pk']['S']: int(item['balance']['N']) for item in accounts}
        if set(balances) != set(expected):
            problems.append(f'accounts table holds {sorted(set(balances) ^ set(expected))[:10]} '
                            f'beyond or short of the {len(expected)} accounts')
        for key in sorted(expected):
            if balances.get(key) != expected[key]:
                problems.append(f'{key}: balance {balances.get(key)}, the ledger says {expected[key]}')
            elif balances[key] < 0:
                problems.append(f'{key}: negative balance {balances[key]}')
        regular = sum(balances.get(k, 0) for k in self.account_keys)
        audit = sum(balances.get(k, 0) for k in self.audit_keys)
        if regular != N_ACCOUNTS * INITIAL_BALANCE:
            problems.append(f'the regular accounts hold {regular}, not {N_ACCOUNTS * INITIAL_BALANCE}')
        if audit != N_AUDIT * INITIAL_BALANCE:
            problems.append(f'the audit accounts hold {audit}, not {N_AUDIT * INITIAL_BALANCE}')
        unknown_applied = sum(1 for i in log.unknown_ids if i in ids)
        summary = (f'ledger {len(ids)} transfers: {len(log.acked)} acknowledged, '
                   f'{len(log.cancelled_ids)} cancelled, {len(log.unknown_ids)} unanswered '
                   f'({unknown_applied} of them applied)')
        return problems, summary


class TransferLog:
    """What the client knows about every transfer it sent, over all rounds."""

    def __init__(self):
        self.intents = {}          # id -> (from, to, amount), everything attempted
        self.acked = set()         # HTTP 200
        self.cancelled_ids = set()  # TransactionCanceledException: not applied
        self.unknown_ids = set()   # no answer, or a 5xx: the ledger decides

    def merge(self, result):
        with result.lock:
            self.intents.update(result.intents)
            self.acked |= result.acked
            self.cancelled_ids |= set(result.cancellations)
            self.unknown_ids |= set(result.unanswered)


class RoundResult:
    """What one round's threads saw; thread-safe."""

    def __init__(self, label):
        self.label = label
        self.lock = threading.Lock()
        self.failed = threading.Event()  # set on a violation or an unexpected error
        self.intents = {}
        self.acked = set()
        self.cancellations = {}          # id -> reason codes
        self.unanswered = {}             # id -> what happened
        self.violations = []
        self.unexpected_errors = []
        self.counts = collections.Counter()
        self.killed_after = None
        self.seconds = 0.0
        self.stuck = []

    def intend(self, transfer_id, source, target, amount):
        with self.lock:
            self.intents[transfer_id] = (source, target, amount)

    def acknowledged(self, transfer_id):
        with self.lock:
            self.acked.add(transfer_id)

    def cancelled(self, transfer_id, reasons):
        with self.lock:
            self.cancellations[transfer_id] = reasons
            for reason in set(reasons) - {'None'}:
                self.counts[f'cancelled: {reason}'] += 1

    def unknown(self, transfer_id, what):
        with self.lock:
            self.unanswered[transfer_id] = what

    def count(self, what):
        with self.lock:
            self.counts[what] += 1

    def violation(self, text):
        with self.lock:
            self.violations.append(text)
        self.failed.set()

    def unexpected(self, text):
        with self.lock:
            self.unexpected_errors.append(text)
        self.failed.set()

    def wait_or_fail(self, until):
        """Sleep until `until` (monotonic), or less if a thread has failed."""
        self.failed.wait(timeout=max(0.0, until - time.monotonic()))

    def summary(self):
        with self.lock:
            kill = f', killed after {self.killed_after:.1f} s' if self.killed_after is not None else ''
            counts = ', '.join(f'{k} {v}' for k, v in sorted(self.counts.items()))
            return (f'{self.label}: {len(self.intents)} transfers in {self.seconds:.1f} s{kill}: '
                    f'{len(self.acked)} acknowledged, {len(self.cancellations)} cancelled, '
                    f'{len(self.unanswered)} unanswered; {counts}')
