// The AWS SDK for JavaScript v3's own retries, for the conformance suite
// (test_fault_injection.py, through the js_sdk fixture). Usage:
//   node retry_client.mjs put ENDPOINT TABLE KEY
// PutItem {pk: KEY, by: "js"} with the client's default retry strategy
// (standard, 3 attempts), then prints {"attempts": N, "totalRetryDelay": MS}
// from the answer's $metadata; exits non-zero when the put fails.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const [mode, endpoint, table, key] = process.argv.slice(2);
if (mode !== 'put') throw new Error(`unknown mode ${mode}`);
const client = new DynamoDBClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
});
const answer = await client.send(
  new PutItemCommand({ TableName: table, Item: { pk: { S: key }, by: { S: 'js' } } }),
);
console.log(JSON.stringify({ attempts: answer.$metadata.attempts, totalRetryDelay: answer.$metadata.totalRetryDelay }));
