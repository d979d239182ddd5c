"""Malformed input of every kind gets a clear 4xx in the documented shape, and never a crash or hang."""

import os
import socket
import tempfile
import unittest

from service import SLOWDOWN, ServiceTestCase, Service, reading


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
