#!/bin/sh
# Exits 0 when DynamoDB Local answers a ListTables call. It wants a SigV4-shaped Authorization
# header but checks no signature, so a fixed placeholder does.
exec curl --silent --fail --max-time 2 --output /dev/null \
  --header 'Content-Type: application/x-amz-json-1.0' \
  --header 'X-Amz-Target: DynamoDB_20120810.ListTables' \
  --header 'X-Amz-Date: 20000101T000000Z' \
  --header 'Authorization: AWS4-HMAC-SHA256 Credential=local/20000101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0' \
  --data '{}' "http://127.0.0.1:${DYNAMODB_LOCAL_PORT:-8000}/"
