// Exits 0 when the emulator answers a DynamoDB ListTables call on its port, 1 otherwise.
const http = require('http');

const request = http.request(
  {
    host: '127.0.0.1',
    port: Number(process.env.DYNALITE_PORT || 4567),
    method: 'POST',
    path: '/',
    timeout: 2000,
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': 'DynamoDB_20120810.ListTables',
      // dynalite checks that a SigV4 header is present, not that it is valid.
      Authorization:
        'AWS4-HMAC-SHA256 Credential=local/20000101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      'X-Amz-Date': '20000101T000000Z',
    },
  },
  (response) => {
    response.resume();
    process.exit(response.statusCode === 200 ? 0 : 1);
  },
);
request.on('timeout', () => request.destroy(new Error('timeout')));
request.on('error', () => process.exit(1));
request.end('{}');
