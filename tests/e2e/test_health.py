import datetime
import unittest

from service import ServiceTestCase, Service


class HealthTest(ServiceTestCase):

    def test_liveness(self):
        r = self.api.get("/health")
        self.assertEqual(r.status, 200)
        body = r.json()
        self.assertEqual(body["status"], "healthy")
        self.assertEqual(body["service"], "portfolio-api")
        for key in ("version", "timestamp", "uptime_seconds"):
            self.assertIn(key, body)
        self.assertRegex(body["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

    def test_database_round_trip(self):
        r = self.api.get("/health/db")
        self.assertEqual(r.status, 200)
        body = r.json()
        self.assertEqual(body["database"], "connected")
        self.assertIn(body["backend"], ("sqlite", "memory", "dynamodb"))
        self.assertGreaterEqual(body["response_time_ms"], 0)

    def test_detailed_counts_requests(self):
        before = self.api.get("/health/detailed").json()["requests_total"]
        self.api.get("/no/such/path")
        body = self.api.get("/health/detailed").json()
        self.assertGreaterEqual(body["requests_total"], before + 2)
        self.assertGreaterEqual(body["errors_4xx_total"], 1)
        self.assertGreater(body["memory"]["rss_bytes"], 0)
        self.assertIn("commit", body["build"])

    def test_prometheus_exposition(self):
        self.api.get("/health")
        r = self.api.get("/metrics")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("content-type").startswith("text/plain"))
        self.assertRegex(r.body, r'http_requests_total\{method="GET",route="/health",status="2xx"\} [1-9]')
        self.assertIn("http_request_duration_seconds_bucket", r.body)

    def test_every_response_has_request_id_and_security_headers(self):
        for path in ("/health", "/api/v1/users", "/nope"):
            r = self.api.get(path)
            self.assertTrue(r.header("x-request-id"), path)
            self.assertEqual(r.header("x-content-type-options"), "nosniff")
            self.assertEqual(r.header("x-frame-options"), "DENY")
            self.assertIn("frame-ancestors 'none'", r.header("content-security-policy"))

    def test_request_id_is_echoed_and_logged(self):
        r = self.api.get("/api/v1/users", headers={"X-Request-Id": "trace-abc.123"})
        self.assertEqual(r.header("x-request-id"), "trace-abc.123")
        bogus = self.api.get("/health", headers={"X-Request-Id": "has spaces and <html>"})
        self.assertNotEqual(bogus.header("x-request-id"), "has spaces and <html>")
        # A generated id is a version 4 UUID.
        self.assertRegex(bogus.header("x-request-id"),
                         r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        self.service.process.poll()
        lines = self.service.wait_for_log(lambda line: line.get("request_id") == "trace-abc.123", timeout=5)
        self.assertTrue(lines, "access log line with the request id")
        line = lines[0]
        self.assertEqual(line["route"], "GET /api/v1/users")
        self.assertEqual(line["status"], 200)
        for key in ("ts", "level", "method", "path", "latency_ms", "bytes", "client_ip"):
            self.assertIn(key, line)
        self.assertRegex(line["ts"], r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
        logged = datetime.datetime.strptime(line["ts"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
        self.assertLess(abs((datetime.datetime.now(datetime.timezone.utc) - logged).total_seconds()), 60)


if __name__ == "__main__":
    unittest.main()
