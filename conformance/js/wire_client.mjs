// Drives the AWS SDK for JavaScript v3 against a dynastore endpoint for the
// conformance suite (the js_sdk fixture in conftest.py). Usage:
//   node wire_client.mjs MODE ENDPOINT TABLE KEY
// Prints one JSON object on stdout; exits non-zero on error.
//
// MODE compressed-get: GetItem asking for gzip. The SDK neither asks for
// compressed responses nor decodes them, so two middlewares do what a user
// would add: one sets Accept-Encoding, the other checks x-amz-crc32 over the
// bytes received (the compressed ones) and gunzips before deserialisation.
// MODE roundtrip: PutItem then GetItem, plain (used over HTTPS).
// MODE partiql: INSERT with parameters, a duplicate INSERT, SELECT by key,
// an UPDATE in an ExecuteTransaction and a BatchExecuteStatement read.
import {
  BatchExecuteStatementCommand,
  DescribeEndpointsCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

const [mode, endpoint, table, key] = process.argv.slice(2);
const client = new DynamoDBClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  maxAttempts: 1,
});

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const seen = { contentEncoding: null, crc32Checked: false };

if (mode === 'compressed-get') {
  client.middlewareStack.add(
    (next) => async (args) => {
      args.request.headers['accept-encoding'] = 'gzip';
      return next(args);
    },
    { step: 'build', name: 'acceptGzip' },
  );
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response;
      const raw = await readAll(response.body);
      const expected = response.headers['x-amz-crc32'];
      if (expected !== undefined) {
        const actual = zlib.crc32(raw) >>> 0;
        if (actual !== Number(expected)) throw new Error(`x-amz-crc32 mismatch: ${expected} != ${actual}`);
        seen.crc32Checked = true;
      }
      seen.contentEncoding = response.headers['content-encoding'] ?? null;
      const body = seen.contentEncoding === 'gzip' ? zlib.gunzipSync(raw) : raw;
      response.body = Readable.from([body]);
      return result;
    },
    { step: 'deserialize', name: 'gunzipAndCrc32', priority: 'low' },
  );
}

function plain(item) {
  const out = {};
  for (const [name, value] of Object.entries(item ?? {})) {
    out[name] = value.S ?? (value.N !== undefined ? Number(value.N) : value);
  }
  return out;
}

try {
  if (mode === 'compressed-get') {
    const out = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: key } } }));
    console.log(JSON.stringify({ ...seen, item: plain(out.Item) }));
  } else if (mode === 'roundtrip') {
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: key }, v: { N: '42' } } }));
    const out = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: key } }, ConsistentRead: true }));
    const endpoints = await client.send(new DescribeEndpointsCommand({}));
    console.log(JSON.stringify({ item: plain(out.Item), endpoints: endpoints.Endpoints }));
  } else if (mode === 'partiql') {
    const insert = `INSERT INTO "${table}" VALUE {'pk': ?, 'v': ?}`;
    await client.send(new ExecuteStatementCommand({ Statement: insert, Parameters: [{ S: key }, { N: '1' }] }));
    let duplicate = null;
    try {
      await client.send(new ExecuteStatementCommand({ Statement: insert, Parameters: [{ S: key }, { N: '2' }] }));
    } catch (e) {
      duplicate = e.name;
    }
    await client.send(new ExecuteTransactionCommand({
      TransactStatements: [{ Statement: `UPDATE "${table}" SET v = v + 41 WHERE pk = ?`, Parameters: [{ S: key }] }],
    }));
    const select = await client.send(new ExecuteStatementCommand({
      Statement: `SELECT * FROM "${table}" WHERE pk = ?`, Parameters: [{ S: key }], ConsistentRead: true,
    }));
    const batch = await client.send(new BatchExecuteStatementCommand({
      Statements: [{ Statement: `SELECT v FROM "${table}" WHERE pk = '${key}'`, ConsistentRead: true }],
    }));
    console.log(JSON.stringify({
      duplicate,
      items: select.Items.map(plain),
      batch: batch.Responses.map((r) => ({ table: r.TableName, item: plain(r.Item) })),
    }));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} catch (e) {
  console.error(String(e?.stack ?? e));
  process.exit(1);
} finally {
  client.destroy();
}
