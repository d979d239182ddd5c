"""Malformed input of every kind gets a clear 4xx in the documented shape, and never a crash or hang."""

import gzip
import http.client
import json
import os
import socket
import tempfile
import time
import unittest

from service import SLOWDOWN, ServiceTestCase, Service, now_ms, reading


def raw_exchange(port, data, timeout=5):
    """Sends raw bytes and returns everything the server answers before it closes or goes quiet."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and b"Connection: close" not in b"".join(chunks):
                    # keep-alive: one response is enough
                    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
                    length = next((int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")), 0)
                    if len(body) >= length:
                        break
        except socket.timeout:
            pass
        return b"".join(chunks)


class ProtocolTest(ServiceTestCase):

    def tearDown(self):
        self.assertIsNone(self.service.process.poll(), "the service must survive every test")
        self.assertEqual(self.api.get("/health").status, 200)


    def test_malformed_json(self):
        for raw in (b"{", b"{\"username\":}", b"nul", b"\"unterminated", b"{}}", b"[" * 1000 + b"]" * 1000):
            r = self.api.post("/api/v1/users", raw=raw, headers={"Content-Type": "application/json"})
            self.assert_error(r, 400, "MALFORMED_JSON")
        r = self.api.post("/api/v1/users", raw=b"", headers={"Content-Type": "application/json"})
        self.assert_error(r, 400, "MALFORMED_JSON")

    def test_bad_utf8_is_malformed_json(self):
        r = self.api.post("/api/v1/users", raw=b'{"username":"ab\xff\xfe","email":"a@b.co"}',
                          headers={"Content-Type": "application/json"})
        self.assert_error(r, 400, "MALFORMED_JSON")

    def test_wrong_content_type(self):
        for ctype in ("text/plain", "application/x-www-form-urlencoded", "application/jsonx"):
            r = self.api.post("/api/v1/users", raw=b'{"username":"abc","email":"a@b.co"}', headers={"Content-Type": ctype})
            self.assert_error(r, 415, "UNSUPPORTED_MEDIA_TYPE")
        r = self.api.post("/api/v1/metrics", raw=b"{}")
        self.assert_error(r, 415, "UNSUPPORTED_MEDIA_TYPE")
        r = self.api.post("/api/v1/metrics", raw=b'{"device_id":"d","temperature":1,"humidity":1,"status":"active"}',
                          headers={"Content-Type": "Application/JSON; charset=utf-8"})
        self.assertEqual(r.status, 201)

    def test_body_over_one_mebibyte(self):
        big = b'{"readings":[' + b"1," * (600 * 1024) + b"1]}"
        r = self.api.post("/api/v1/metrics/batch", raw=big, headers={"Content-Type": "application/json"})
        self.assert_error(r, 413, "PAYLOAD_TOO_LARGE")
        # Chunked bodies are limited as well.
        chunk = b"x" * 65536
        data = (b"POST /api/v1/metrics HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n" + (b"10000\r\n" + chunk + b"\r\n") * 20 + b"0\r\n\r\n")
        answer = raw_exchange(self.service.port, data)
        self.assertIn(b" 413 ", answer.split(b"\r\n")[0])

    def test_oversized_headers(self):
        answer = raw_exchange(self.service.port, b"GET /health HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
        self.assertIn(b" 431 ", answer.split(b"\r\n")[0])
        self.assertIn(b"HEADERS_TOO_LARGE", answer)

    def test_garbage_request_line(self):
        answer = raw_exchange(self.service.port, b"HELLO\x00\x01 WORLD\r\n\r\n")
        self.assertIn(b" 400 ", answer.split(b"\r\n")[0])
        # An HTTP version the service does not speak: a 400 in the documented shape, not silence or a 200.
        answer = raw_exchange(self.service.port, b"GET /health HTTP/9.9\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 400 "), answer[:200])
        self.assertIn(b'"error_code":"BAD_REQUEST"', answer)

    def test_not_found_and_method_not_allowed(self):
        self.assert_error(self.api.get("/api/v1/nothing"), 404, "NOT_FOUND")
        r = self.api.request("DELETE", "/api/v1/users")
        self.assert_error(r, 405, "METHOD_NOT_ALLOWED")
        self.assertEqual(r.header("allow"), "GET, POST")
        r = self.api.get("/api/v1/metrics/batch")
        self.assert_error(r, 405, "METHOD_NOT_ALLOWED")
        self.assert_error(self.api.request("POST", "/health"), 405, "METHOD_NOT_ALLOWED")

    def test_absurd_query_values(self):
        for q in ("limit=-1", "limit=999999999999999999999999", "limit=%00", "limit=1%20", "cursor=%ff%fe",
                  "cursor=" + "A" * 5000):
            r = self.api.get("/api/v1/users?" + q)
            self.assert_error(r, 400, "VALIDATION_ERROR")
        self.assertEqual(self.api.get("/api/v1/users?unknown=1").status, 200)

    def test_head_answers_like_get_without_body(self):
        r = self.api.request("HEAD", "/health")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, "")
        self.assertGreater(int(r.header("content-length")), 0)

    def test_slow_client_is_cut_off_not_waited_on_forever(self):
        # A client that opens a connection and sends half a request does not block others, and is
        # disconnected, unanswered, once the idle timeout (one second here) has passed.
        with Service(env={"IDLE_TIMEOUT_SECONDS": "1"}) as service, \
                socket.create_connection(("127.0.0.1", service.port), timeout=10 * SLOWDOWN) as s:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
            self.assertEqual(service.client().get("/health").status, 200)
            try:
                answer = s.recv(65536)
            except ConnectionResetError:
                answer = b""
            except socket.timeout:
                self.fail("a half-sent request kept its connection open past the idle timeout")
            self.assertEqual(answer, b"", "a half-sent request must get no answer")

    def test_many_connections_at_once(self):
        sockets = [socket.create_connection(("127.0.0.1", self.service.port)) for _ in range(200)]
        try:
            self.assertEqual(self.service.client().get("/health").status, 200)
        finally:
            for s in sockets:
                s.close()

    # --- RFC 9110/9112 exactness

    def test_date_header_on_every_response(self):
        from email.utils import parsedate_to_datetime
        import datetime
        for r in (self.api.get("/health"), self.api.get("/api/v1/nothing"), self.api.request("DELETE", "/api/v1/users")):
            date = r.header("date")
            self.assertIsNotNone(date, r)
            self.assertRegex(date, r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$")
            skew = abs((parsedate_to_datetime(date) - datetime.datetime.now(datetime.timezone.utc)).total_seconds())
            self.assertLess(skew, 5)
        answer = raw_exchange(self.service.port, b"GET /health HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
        self.assertIn(b"\r\nDate: ", answer)

    def assert_refused_and_closed(self, data):
        answer = raw_exchange(self.service.port, data)
        status_line, _, rest = answer.partition(b"\r\n")
        self.assertIn(b" 400 ", status_line, answer)
        if not status_line.startswith(b"HTTP/1.0"):  # HTTP/1.0 closes unless it says keep-alive
            self.assertIn(b"Connection: close", rest, answer)
        self.assertNotIn(b"keep-alive", rest.lower())
        head, _, body = rest.partition(b"\r\n\r\n")
        self.assertEqual(json.loads(body)["error_code"], "BAD_REQUEST")

    def test_transfer_encoding_must_end_in_chunked(self):
        body = b'{"device_id":"te","temperature":1,"humidity":1,"status":"active"}'
        start = b"POST /api/v1/metrics HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        for te in (b"gzip", b"identity", b"chunked, identity", b"chunked, chunked"):
            with self.subTest(te=te):
                self.assert_refused_and_closed(start + b"Transfer-Encoding: " + te + b"\r\nContent-Length: "
                                               + str(len(body)).encode() + b"\r\n\r\n" + body)
                self.assert_refused_and_closed(start + b"Transfer-Encoding: " + te + b"\r\n\r\n" + body)
        # Both framings at once, even when the last coding is chunked.
        self.assert_refused_and_closed(start + b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n")
        # Chunked alone is fine.
        chunked = start + b"Transfer-Encoding: chunked\r\n\r\n" + hex(len(body))[2:].encode() + b"\r\n" + body + b"\r\n0\r\n\r\n"
        self.assertIn(b" 201 ", raw_exchange(self.service.port, chunked).split(b"\r\n")[0])

    def test_a_body_is_read_whole_however_it_arrives(self):
        def post(ts):
            body = json.dumps(reading(device="pieces", ts=ts)).encode()
            return (b"POST /api/v1/metrics HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"), body
        head, body = post(now_ms() - 2000)
        # In pieces: the header alone, then the body in two parts. The pauses are the input.
        with socket.create_connection(("127.0.0.1", self.service.port), timeout=5) as s:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for piece in (head, body[:7], body[7:]):
                s.sendall(piece)
                time.sleep(0.05)
            answer = s.recv(65536)
        self.assertIn(b" 201 ", answer.split(b"\r\n")[0], answer)
        # With the header, and followed by the next request in the same packet: both are answered, in order.
        with socket.create_connection(("127.0.0.1", self.service.port), timeout=5) as s:
            s.sendall(b"".join(post(now_ms() - 1000)) + b"GET /api/v1/metrics/pieces HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := s.recv(65536):
                answer += chunk
        first, second = answer.split(b"HTTP/1.1 ")[1:]
        self.assertTrue(first.startswith(b"201 "), answer)
        self.assertTrue(second.startswith(b"200 "), answer)
        self.assertEqual(json.loads(second.partition(b"\r\n\r\n")[2])["count"], 2, answer)

    def test_exactly_one_host_in_http11(self):
        self.assert_refused_and_closed(b"GET /health HTTP/1.1\r\n\r\n")
        self.assert_refused_and_closed(b"GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
        self.assert_refused_and_closed(b"GET /health HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n")
        self.assertIn(b" 200 ", raw_exchange(self.service.port, b"GET /health HTTP/1.0\r\n\r\n").split(b"\r\n")[0])
        self.assertIn(b" 200 ", raw_exchange(self.service.port, b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n").split(b"\r\n")[0])

    def test_encoded_slash_stays_in_its_segment(self):
        # A device id cannot hold '/', so the id "a/b" is refused as a value; it is not a different route.
        r = self.api.get("/api/v1/metrics/a%2Fb")
        body = self.assert_error(r, 400, "VALIDATION_ERROR")
        self.assertEqual(body["details"][0]["field"], "device_id")
        self.assert_error(self.api.get("/api/v1/metrics/a/b"), 404, "NOT_FOUND")
        self.assertEqual(self.api.post("/api/v1/metrics", reading(device="enc:1")).status, 201)
        r = self.api.get("/api/v1/metrics/enc%3A1")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["items"][0]["device_id"], "enc:1")

    def test_length_limits_count_characters(self):
        r = self.api.post("/api/v1/metrics", reading(device="utf8", location="\u00e9" * 64))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["location"], "\u00e9" * 64)
        r = self.api.post("/api/v1/metrics", reading(device="utf8", location="\u00e9" * 65))
        self.assertEqual(self.assert_error(r, 400, "VALIDATION_ERROR")["details"][0]["field"], "location")

    # --- JSON numbers as written, not as parsed

    def test_numbers_are_shortest_decimals_in_raw_text(self):
        ts = now_ms()
        r = self.api.post("/api/v1/metrics", reading(device="num-1", ts=ts, temperature=20.5, humidity=0.186,
                                                     battery_level=7.8))
        self.assertEqual(r.status, 201, r)
        for text in ('"temperature":20.5', '"humidity":0.186', '"battery_level":7.8', f'"timestamp":{ts}'):
            self.assertIn(text, r.body)
        self.assertNotRegex(r.body, r"\d[eE][-+]?\d")
        history = self.api.get("/api/v1/metrics/num-1").body
        self.assertIn('"temperature":20.5', history)
        self.assertIn('"battery_level":7.8', history)
        self.assertRegex(history, r'"count":1\b')
        r = self.api.post("/api/v1/metrics", reading(device="num-2", ts=ts, temperature=-0.0, humidity=100))
        self.assertEqual(r.status, 201, r)
        self.assertIn('"temperature":-0.0', r.body)
        self.assertIn('"humidity":100.0', r.body)
        db = self.api.get("/health/db").body
        self.assertRegex(db, r'"response_time_ms":\d+\.\d+[,}]')
        self.assertNotRegex(db, r"\d[eE][-+]?\d")
        uptime = self.api.get("/health").body
        self.assertNotRegex(uptime, r"\d[eE][-+]?\d")

    def test_log_lines_write_plain_numbers(self):
        self.api.get("/health")
        self.assertTrue(self.service.wait_for_log(lambda line: line.get("msg") == "request"))
        # The raw text, which json.loads would hide.
        lines = [line for line in self.service.logs().splitlines() if '"msg":"request"' in line]
        for line in lines:
            self.assertRegex(line, r'"latency_ms":\d+(\.\d+)?[,}]')
            self.assertNotRegex(line, r'"latency_ms":[^,}]*[eE]')

    # --- compression

    def raw_get(self, path, headers):
        conn = http.client.HTTPConnection("127.0.0.1", self.service.port, timeout=10)
        try:
            conn.request("GET", path, headers=headers)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def test_large_json_is_gzipped_when_accepted(self):
        readings = [reading(device="gz-1", ts=now_ms() - 1000 + i, temperature=20 + i / 8) for i in range(40)]
        self.assertEqual(self.api.post("/api/v1/metrics/batch", {"readings": readings}).status, 200)
        status, headers, plain = self.raw_get("/api/v1/metrics/gz-1", {})
        self.assertEqual(status, 200)
        self.assertGreaterEqual(len(plain), 1024)
        self.assertNotIn("content-encoding", headers)
        self.assertIn("Accept-Encoding", headers.get("vary", ""))
        status, headers, packed = self.raw_get("/api/v1/metrics/gz-1", {"Accept-Encoding": "br, gzip;q=0.8"})
        self.assertEqual(headers.get("content-encoding"), "gzip")
        self.assertEqual(int(headers["content-length"]), len(packed))
        self.assertLess(len(packed), len(plain) / 3)
        self.assertEqual(json.loads(gzip.decompress(packed))["items"], json.loads(plain)["items"])
        status, headers, _ = self.raw_get("/api/v1/metrics/gz-1", {"Accept-Encoding": "gzip;q=0"})
        self.assertNotIn("content-encoding", headers)

    def test_small_responses_are_never_compressed(self):
        status, headers, body = self.raw_get("/health", {"Accept-Encoding": "gzip"})
        self.assertEqual(status, 200)
        self.assertLess(len(body), 1024)
        self.assertNotIn("content-encoding", headers)


class CrossCuttingTest(unittest.TestCase):
    def test_rate_limits(self):
        with Service(env={"RATE_LIMIT_ENABLED": "true", "RATE_LIMIT_PER_MINUTE": "5",
                          "RATE_LIMIT_INGEST_PER_MINUTE": "7"}) as service:
            api = service.client()
            statuses = [api.get("/api/v1/users") for _ in range(6)]
            self.assertEqual([r.status for r in statuses], [200] * 5 + [429])
            self.assertEqual(statuses[0].header("x-ratelimit-limit"), "5")
            self.assertEqual(statuses[0].header("x-ratelimit-remaining"), "4")
            self.assertEqual(statuses[4].header("x-ratelimit-remaining"), "0")
            limited = statuses[5]
            self.assertEqual(limited.json()["error_code"], "RATE_LIMITED")
            self.assertTrue(1 <= int(limited.header("retry-after")) <= 60)
            self.assertTrue(1 <= int(limited.header("x-ratelimit-reset")) <= 60)
            # Ingestion has its own, larger budget; health checks have none.
            ingest = [api.post("/api/v1/metrics", reading()).status for _ in range(8)]
            self.assertEqual(ingest, [201] * 7 + [429])
            self.assertEqual({api.get("/health").status for _ in range(20)}, {200})
            # X-Forwarded-For from an untrusted peer changes nothing.
            self.assertEqual(api.get("/api/v1/users", headers={"X-Forwarded-For": "203.0.113.9"}).status, 429)

    def test_forwarded_for_is_believed_from_trusted_proxies_only(self):
        with Service(env={"RATE_LIMIT_ENABLED": "true", "RATE_LIMIT_PER_MINUTE": "2",
                          "TRUSTED_PROXIES": "127.0.0.1/32"}) as service:
            api = service.client()
            for client_ip in ("203.0.113.1", "203.0.113.2"):
                headers = {"X-Forwarded-For": f"198.51.100.7, {client_ip}"}
                self.assertEqual([api.get("/api/v1/users", headers=headers).status for _ in range(3)], [200, 200, 429])

    def test_api_keys_guard_writes_only(self):
        with Service(env={"API_KEYS": "k1-secret,k2-secret"}) as service:
            api = service.client()
            r = api.post("/api/v1/metrics", reading())
            self.assertEqual(r.status, 401)
            self.assertEqual(r.json()["error_code"], "UNAUTHORIZED")
            self.assertEqual(api.post("/api/v1/metrics", reading(), headers={"X-API-Key": "wrong"}).status, 401)
            self.assertEqual(api.post("/api/v1/metrics", reading(), headers={"X-API-Key": "k2-secret"}).status, 201)
            self.assertEqual(api.get("/api/v1/users").status, 200)
            self.assertNotIn("k1-secret", service.logs())

    def test_cors(self):
        with Service(env={"CORS_ORIGINS": "https://dash.example.com"}) as service:
            api = service.client()
            r = api.get("/health", headers={"Origin": "https://dash.example.com"})
            self.assertEqual(r.header("access-control-allow-origin"), "https://dash.example.com")
            self.assertIsNone(api.get("/health", headers={"Origin": "https://evil.example"}).header("access-control-allow-origin"))
            pre = api.request("OPTIONS", "/api/v1/users", headers={"Origin": "https://dash.example.com",
                                                                  "Access-Control-Request-Method": "POST"})
            self.assertEqual(pre.status, 204)
            self.assertIn("POST", pre.header("access-control-allow-methods"))
            self.assertIn("Content-Type", pre.header("access-control-allow-headers"))

    def test_configuration_errors_are_clear(self):
        import subprocess
        from service import BINARY
        for env, needle in (({"STORAGE": "mongodb"}, "storage"), ({"TRUSTED_PROXIES": "10.0.0.0/99"}, "TRUSTED_PROXIES"),
                            ({"PORT": "http"}, "port"), ({"LOG_LEVEL": "loud"}, "LOG_LEVEL")):
            full = dict(os.environ, **env)
            p = subprocess.run([BINARY], env=full, capture_output=True, text=True, timeout=10)
            self.assertNotEqual(p.returncode, 0, env)
            self.assertIn(needle.lower(), (p.stderr + p.stdout).lower(), env)

    def test_static_files_stay_inside_their_directory(self):
        static = tempfile.mkdtemp()
        os.makedirs(os.path.join(static, "assets"))
        with open(os.path.join(static, "index.html"), "w") as f:
            f.write("<!doctype html><title>dash</title>")
        with open(os.path.join(static, "assets", "app-1234.js"), "w") as f:
            f.write("console.log(1)")
        with open(os.path.join(static, "assets", "app-1234.js.gz"), "wb") as f:
            f.write(gzip.compress(b"console.log(1)"))
        secret = os.path.join(os.path.dirname(static), "secret.txt")
        with open(secret, "w") as f:
            f.write("do not serve")
        try:
            with Service(env={"STATIC_DIR": static}) as service:
                api = service.client()
                index = api.get("/")
                self.assertEqual(index.status, 200)
                self.assertIn("<title>dash</title>", index.body)
                self.assertTrue(index.header("content-type").startswith("text/html"))
                js = api.get("/assets/app-1234.js")
                self.assertEqual(js.header("content-type"), "text/javascript; charset=utf-8")
                self.assertIn("immutable", js.header("cache-control"))
                self.assertEqual(api.get("/", headers={"If-None-Match": index.header("etag")}).status, 304)
                # A precompressed file beside an asset is its gzip variant.
                conn = http.client.HTTPConnection("127.0.0.1", service.port, timeout=10)
                conn.request("GET", "/assets/app-1234.js", headers={"Accept-Encoding": "gzip"})
                packed = conn.getresponse()
                self.assertEqual(packed.getheader("Content-Encoding"), "gzip")
                self.assertEqual(packed.getheader("Vary"), "Accept-Encoding")
                self.assertEqual(gzip.decompress(packed.read()), b"console.log(1)")
                conn.close()
                self.assertIsNone(js.header("content-encoding"))
                self.assertEqual(js.body, "console.log(1)")
                self.assertNotEqual(packed.getheader("ETag"), js.header("etag"))
                for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt", "/..%2fsecret.txt",
                             "/assets/%2e%2e%2f%2e%2e%2fsecret.txt", "//etc/passwd"):
                    r = api.get(path)
                    self.assertEqual(r.status, 404, path)
                    self.assertNotIn("do not serve", r.body)
                self.assertEqual(api.get("/health").status, 200)
        finally:
            os.remove(secret)


if __name__ == "__main__":
    unittest.main()
