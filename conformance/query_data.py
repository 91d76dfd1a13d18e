"""Known item sets for the Query tests (test_query.py, test_query_expressions.py).

Three tables keyed by `pk` (S) and a sort key `sk` of each key type, each
holding one large partition (MAIN) whose sort keys are chosen to expose
ordering mistakes, a second partition (OTHER) that a query of MAIN must never
return, and a tiny partition (TINY, three small items) for exact capacity
numbers.

Ordering rules, from the Developer Guide ("Query operations in DynamoDB"):
"Query results are always sorted by the sort key value. If the data type of
the sort key is Number, the results are returned in numeric order; otherwise,
the results are returned in order of UTF-8 bytes." Binary values are compared
as unsigned bytes ("DynamoDB treats each byte of the binary data as
unsigned", "Supported data types and naming rules").
"""

import base64
from decimal import Decimal

import util

MAIN = 'main-partition'
OTHER = 'other-partition'
TINY = 'tiny-partition'


def _number_keys():
    values = set()
    values.update(Decimal(i) for i in range(-100, 101))                    # 201 integers
    values.update(Decimal(i) + Decimal('0.5') for i in range(-40, 40))     # 80 halves, -39.5 .. 39.5
    values.update(Decimal(text) for text in [
        '0.001', '-0.001', '0.25', '-0.25', '3.14159', '-3.14159', '0.1', '-0.1',
        '99.999999', '100.000001', '1000', '-1000', '1E+20', '-1E+20',
        '12345678901234567890123456789012345678',                          # 38 digits
        '-12345678901234567890123456789012345678',
        '9.9999999999999999999999999999999999999E+125',                    # the largest magnitude
        '-9.9999999999999999999999999999999999999E+125',
        '1E-130', '-1E-130',                                               # the smallest magnitude
    ])
    return sorted(values)


# Numbers, in numeric order: negative, fractional, huge and tiny magnitudes.
NUMBER_KEYS = _number_keys()

# Strings. UTF-8 byte order equals code point order, which Python's own str
# ordering uses; it differs from UTF-16 order for characters beyond U+FFFF
# ('😀' sorts after U+FFFD here, before it in UTF-16), and from any
# case-insensitive or locale order ('B' < 'Z' < 'a').
STRING_KEYS = sorted({
    'a', 'aa', 'aaa', 'aab', 'ab', 'abc', 'ae', 'a~', 'aé', 'b', 'B', 'Z', 'z',
    '0', '1', '10', '100', '2', ' ', '~', '\u007f', '\u0080', '\u07ff', '\u0800',
    'pre', 'pref', 'prefix', 'prefix-1', 'prefix-10', 'prefix-2', 'prefiy', 'preg',
    'é', 'é!', 'ê', 'ü', 'ÿ', 'ÿa', 'ÿÿ', 'ÿÿÿ', '€', '€uro', '日本', '日本語',
    'ｚ', '\ufffd', '😀', '😀😀', '😁',
}, key=lambda s: s.encode('utf-8'))

# Binary values, in unsigned byte order (Python's bytes order).
BINARY_KEYS = sorted({
    b'\x00', b'\x00\x00', b'\x00\x01', b'\x01', b'\x10\x20', b'\x7f', b'\x7f\xff',
    b'\x80', b'\x80\x00', b'\xfe', b'\xff', b'\xff\x00', b'\xff\xff', b'\xff\xff\xff',
    b'a', b'ab', b'abc', b'b',
})

KEYS = {'N': NUMBER_KEYS, 'S': STRING_KEYS, 'B': BINARY_KEYS}


def wire(type_, value):
    """The AttributeValue of a sort key value."""
    if type_ == 'N':
        return {'N': str(value)}
    return {type_: value}


def native(type_, attribute_value):
    """The Python value of a returned sort key (Decimal, str or bytes)."""
    value = attribute_value[type_]
    if type_ == 'N':
        return Decimal(value)
    if type_ == 'B' and isinstance(value, str):
        return base64.b64decode(value)
    return value


def order_key(type_, value):
    return value.encode('utf-8') if type_ == 'S' else value


def matches(type_, op, args, value):
    """Whether sort key `value` satisfies `op` with `args` (native values)."""
    v = order_key(type_, value)
    a = [order_key(type_, x) for x in args]
    if op == 'EQ':
        return v == a[0]
    if op == 'LT':
        return v < a[0]
    if op == 'LE':
        return v <= a[0]
    if op == 'GT':
        return v > a[0]
    if op == 'GE':
        return v >= a[0]
    if op == 'BETWEEN':
        return a[0] <= v <= a[1]
    if op == 'BEGINS_WITH':
        return v.startswith(a[0])
    raise ValueError(op)


def expected(type_, op=None, args=(), forward=True):
    """The MAIN sort keys a query returns, in the order it returns them."""
    keys = [k for k in KEYS[type_] if op is None or matches(type_, op, args, k)]
    return keys if forward else keys[::-1]


def main_item(type_, index, value):
    return {'pk': {'S': MAIN}, 'sk': wire(type_, value), 'idx': {'N': str(index)},
            'parity': {'S': 'even' if index % 2 == 0 else 'odd'}, 'payload': {'S': f'v{index}'}}


# Sort key values of the OTHER partition: overlapping MAIN's, so that a query
# that ignores the partition key would return them.
OTHER_KEYS = {'N': [Decimal(0), Decimal(1), Decimal('3.5')], 'S': ['a', 'prefix', 'z'],
              'B': [b'\x00', b'\x80', b'\xff']}
TINY_KEYS = {'N': [Decimal(1), Decimal(2), Decimal(3)], 'S': ['x', 'y', 'z'], 'B': [b'x', b'y', b'z']}


def create_query_tables(factory, client):
    """Create and fill one table per sort key type; returns {type: table name}."""
    names = {}
    for type_ in ('N', 'S', 'B'):
        name, _ = factory.create(
            name=factory.name(f'query-{type_.lower()}'),
            KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'},
                       {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
            AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                                  {'AttributeName': 'sk', 'AttributeType': type_}])
        items = [main_item(type_, i, v) for i, v in enumerate(KEYS[type_])]
        items += [{'pk': {'S': OTHER}, 'sk': wire(type_, v), 'payload': {'S': 'other'}}
                  for v in OTHER_KEYS[type_]]
        items += [{'pk': {'S': TINY}, 'sk': wire(type_, v), 'payload': {'S': 'tiny'}}
                  for v in TINY_KEYS[type_]]
        util.batch_write_all(client, name, items)
        names[type_] = name
    return names


def sort_keys(type_, items):
    """The native sort key values of returned items, in order."""
    return [native(type_, item['sk']) for item in items]


# (op, args) cases per type, each against MAIN: every operator, empty results,
# bounds equal to stored values, prefixes of each other.
CONDITION_CASES = {
    'N': [
        ('EQ', [Decimal('3.5')]), ('EQ', [Decimal('1E-130')]), ('EQ', [Decimal('7.25')]),
        ('LT', [Decimal(0)]), ('LE', [Decimal(0)]), ('LT', [Decimal('-1E+20')]),
        ('GT', [Decimal('39.5')]), ('GE', [Decimal('-0.25')]), ('GT', [Decimal('9.9999999999999999999999999999999999999E+125')]),
        ('BETWEEN', [Decimal(-1), Decimal(1)]), ('BETWEEN', [Decimal('-0.001'), Decimal('0.001')]),
        ('BETWEEN', [Decimal(5), Decimal(5)]), ('BETWEEN', [Decimal('1E+20'), Decimal('1E+21')]),
    ],
    'S': [
        ('EQ', ['prefix']), ('EQ', ['😀']), ('EQ', ['prefix-3']),
        ('LT', ['b']), ('LE', ['b']), ('LT', ['pref']),
        ('GT', ['ÿ']), ('GE', ['€']), ('GT', ['\ufffd']),
        ('BETWEEN', ['a', 'b']), ('BETWEEN', ['Z', 'a']), ('BETWEEN', ['ｚ', '😀']),
        ('BEGINS_WITH', ['prefix']), ('BEGINS_WITH', ['pre']), ('BEGINS_WITH', ['ÿ']),
        ('BEGINS_WITH', ['😀']), ('BEGINS_WITH', ['日本']), ('BEGINS_WITH', ['a']),
        ('BEGINS_WITH', ['zzz']),
    ],
    'B': [
        ('EQ', [b'\x80']), ('EQ', [b'\x42']),
        ('LT', [b'\x80']), ('LE', [b'\x80']), ('GT', [b'\x7f']), ('GE', [b'\xff']),
        ('BETWEEN', [b'\x7f', b'\x80']), ('BETWEEN', [b'\x00', b'\x00\x01']),
        ('BEGINS_WITH', [b'\xff']), ('BEGINS_WITH', [b'\x00']), ('BEGINS_WITH', [b'a']),
        ('BEGINS_WITH', [b'\x7f']),
    ],
}


def case_id(type_, op, args):
    shown = ','.join(repr(a) if type_ != 'N' else str(a) for a in args)
    return f'{type_}-{op}-{shown}'


def all_condition_cases():
    return [(t, op, args) for t, cases in CONDITION_CASES.items() for op, args in cases]
