#!/usr/bin/env python3
"""A counting proxy in front of a DynamoDB endpoint, for bench/scale.sh: forwards every POST and
counts, per operation (X-Amz-Target), the calls and the bytes sent and received.
GET /__stats answers the counts as JSON; POST /__reset zeroes them.
Usage: dynamodb_counting_proxy.py LISTEN_PORT UPSTREAM_URL"""
import http.client
import json
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UPSTREAM = urllib.parse.urlsplit(sys.argv[2])
LOCK = threading.Lock()
STATS = {}
LOCAL = threading.local()


def upstream():
    conn = getattr(LOCAL, "conn", None)
    if conn is None:
        conn = LOCAL.conn = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=60)
    return conn


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Answers go out as headers, then body: with Nagle's algorithm on, the body waits for the
    # client's delayed ACK of the headers (40 ms on Linux), which made every call through the proxy
    # take 40 ms and capped it at about 130 calls/s.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with LOCK:
            body = json.dumps(STATS).encode()
        self.reply(200, body, [("Content-Type", "application/json")])

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path == "/__reset":
            with LOCK:
                STATS.clear()
            self.reply(204, b"")
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
        for attempt in range(2):
            try:
                conn = upstream()
                conn.request("POST", self.path, body, headers)
                response = conn.getresponse()
                answer = response.read()
                break
            except (http.client.HTTPException, OSError):
                LOCAL.conn = None
                if attempt == 1:
                    raise
        operation = self.headers.get("X-Amz-Target", "?").split(".")[-1]
        with LOCK:
            entry = STATS.setdefault(operation, {"calls": 0, "bytes_out": 0, "bytes_in": 0})
            entry["calls"] += 1
            entry["bytes_out"] += len(body)
            entry["bytes_in"] += len(answer)
        passed = [(k, v) for k, v in response.getheaders()
                  if k.lower() not in ("content-length", "connection", "transfer-encoding")]
        self.reply(response.status, answer, passed)


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
