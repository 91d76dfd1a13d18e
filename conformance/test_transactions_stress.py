"""Transactions under load and kill -9: money is neither created nor lost.

32 threads move money between 1,000 accounts with TransactWriteItems (debit
on condition, credit, and a ledger entry, all or nothing) while 2 threads
audit: a TransactGetItems of ten audit accounts that only move money among
themselves must always sum to 10,000, and no read may see a negative
balance. In each round the server is killed with SIGKILL at a random moment
and restarted on the same data directory; then every acknowledged transfer
must be in the ledger exactly once and every balance must match the ledger
(txn_stress.py has the workload and the checks, and what DynamoDB documents
that they rest on).

Environment:
  DYNASTORE_STRESS_ROUNDS          kill -9 rounds (default 3; `make
                                   stress-transactions` runs more)
  DYNASTORE_STRESS_ROUND_SECONDS   the kill comes 1 s to this many seconds
                                   into each round; the run without a kill
                                   lasts this long (default 4)
  DYNASTORE_STRESS_WRITERS         transfer threads (default 32)
  DYNASTORE_STRESS_SEED            the random choices (default: random,
                                   printed; pytest -s shows it)

test_transfers_balance_without_kill runs the same load and checks without a
kill against the suite's endpoint, so it also runs with --endpoint-url, e.g.
against another implementation.
"""

import os
import random

import pytest

import txn_stress
import util


def _env_int(name, default, low, high):
    value = int(os.environ.get(name, default))
    assert low <= value <= high, f'{name}={value}: want {low}..{high}'
    return value


ROUNDS = _env_int('DYNASTORE_STRESS_ROUNDS', 3, 1, 1000)
ROUND_SECONDS = _env_int('DYNASTORE_STRESS_ROUND_SECONDS', 4, 1, 600)
WRITERS = _env_int('DYNASTORE_STRESS_WRITERS', 32, 1, 256)
SEED = _env_int('DYNASTORE_STRESS_SEED', random.randrange(1 << 30), 0, 1 << 62)
AUDITORS = 2


def _new_bank(tag):
    return txn_stress.Bank(util.unique_table_name(f'{tag}-accounts'), util.unique_table_name(f'{tag}-ledger'))


def _create(bank, client):
    """Creates and fills the tables."""
    bank.create(client)
    print(f'seed {SEED} (DYNASTORE_STRESS_SEED), {WRITERS} writers, {AUDITORS} auditors')


def _check_round(result):
    print(result.summary())
    assert not result.stuck, f'threads still running after the round: {result.stuck}'
    assert not result.unexpected_errors, '\n'.join(result.unexpected_errors[:10])
    assert not result.violations, '\n'.join(result.violations[:10])
    assert result.acked, f'no transfer was acknowledged in {result.label}: {result.summary()}'


def _check_books(bank, client):
    problems, summary = bank.verify(client)
    print(summary)
    assert not problems, f'{len(problems)} problems, e.g.:\n' + '\n'.join(problems[:20])


@pytest.mark.dynastore_only
def test_transfers_survive_kill_9(server_factory, tmp_path):
    data_dir = tmp_path / 'data'
    url, server = server_factory(data_dir)
    bank = _new_bank('stress')
    _create(bank, util.make_client(url))
    for round_number in range(ROUNDS):
        client = txn_stress.stress_client(url, pool=WRITERS + AUDITORS)
        result = bank.run(client, f'round {round_number + 1} of {ROUNDS}', ROUND_SECONDS, writers=WRITERS,
                          auditors=AUDITORS, kill=server.kill, seed=SEED + round_number)
        assert not server.alive()
        url, server = server_factory(data_dir)   # the same data directory
        _check_round(result)
        _check_books(bank, util.make_client(url))


def test_transfers_balance_without_kill(dynamodb, endpoint_url):
    bank = _new_bank('bank')
    try:
        _create(bank, dynamodb)
        client = txn_stress.stress_client(endpoint_url, pool=WRITERS + AUDITORS)
        result = bank.run(client, 'no kill', ROUND_SECONDS, writers=WRITERS, auditors=AUDITORS, seed=SEED)
        _check_round(result)
        if result.unanswered:
            bank.settle(dynamodb)
        _check_books(bank, dynamodb)
    finally:
        for table in (bank.accounts, bank.ledger):
            util.delete_table_quietly(dynamodb, table)
