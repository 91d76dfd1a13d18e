"""A small Wing-Gong linearizability checker for single-key histories.

A register's history is a list of operations, each a write of a value or a
read that returned a value, with the times it was invoked and completed. A
write whose outcome is unknown (an error or a timeout: it may or may not
have taken effect) has no completion time: it may take effect at any point
after its invocation, or never. The history is linearizable when some total
order of the operations (every completed one, any subset of the unknown
ones) respects real time (an operation that completed before another was
invoked comes first) and makes every read return the latest write before it.

The search tries, at each step, every operation that could come next (none
that is still pending completed before it was invoked), remembering which
(set of done operations, register value) states failed."""

import math
from dataclasses import dataclass


@dataclass
class Op:
    kind: str            # 'write' or 'read'
    value: object        # written, or read (None: the item was absent)
    invoked: float
    completed: float = math.inf  # inf: unknown outcome (writes only)

    @property
    def known(self):
        return self.completed != math.inf


def linearizable(ops, initial=None, max_states=2_000_000):
    """True when `ops` (one key's history) is linearizable from `initial`.
    Raises RuntimeError when the search passes `max_states`.

    Written values are taken to be unique (as the harness writes them): an
    unknown write whose value no read returned may be taken never to have
    happened, so it is left out; without that, every such write stays a
    candidate for every later step and the search explodes."""
    read_values = {op.value for op in ops if op.kind == 'read'}
    ops = [op for op in ops if op.known or op.kind != 'write' or op.value in read_values]
    ops = sorted(ops, key=lambda op: op.invoked)
    n = len(ops)
    required = 0
    for i, op in enumerate(ops):
        if op.known:
            required |= 1 << i
    failed = set()
    stack = [(0, initial)]
    # Depth-first, iterative: (done mask, value) states still to expand.
    seen = 0
    while stack:
        done, value = stack.pop()
        if done & required == required:
            return True
        if (done, value) in failed:
            continue
        failed.add((done, value))  # expanded once; a success returns at once
        seen += 1
        if seen > max_states:
            raise RuntimeError('linearizability search too large')
        # Whatever comes next must have been invoked before every pending
        # operation's completion.
        horizon = min((ops[i].completed for i in range(n) if not done >> i & 1), default=math.inf)
        for i in range(n):
            if done >> i & 1:
                continue
            op = ops[i]
            if op.invoked > horizon:
                break  # sorted by invocation: none later qualifies either
            if op.kind == 'read':
                if op.value != value:
                    continue
                stack.append((done | 1 << i, value))
            else:
                stack.append((done | 1 << i, op.value))
    return False
