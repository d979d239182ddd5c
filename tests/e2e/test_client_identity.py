"""Which client a request counts against: the viewer behind CloudFront and the load balancer, never an
address a direct client makes up.

The service trusts 127.0.0.1 as its load balancer (TRUSTED_PROXIES). A request from 127.0.0.1 is one
that came through that proxy; a request from 127.0.0.2 (also loopback on Linux) is a client that
reached the service directly. Rate limit: 3 general requests per minute per client."""

import http.client
import time
import unittest

from service import Service

SECRET = "e2e-origin-verify-secret-0123456789"
EDGE = "130.176.9.9"  # a CloudFront edge: what X-Forwarded-For ends with behind CloudFront
VIEWERS = ["198.51.100.1", "198.51.100.2", "2001:db8::3", "203.0.113.4"]


def get(port, headers, source="127.0.0.1"):
    """One request on a fresh connection from the given loopback source address; returns the status."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        conn.request("GET", "/api/v1/users", headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def viewer_address(viewer, port=40000):
    # CloudFront's own forms: "ip:port", and IPv6 unbracketed with the port as the last group.
    return f"{viewer}:{port}"


class ClientIdentityTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.service = Service(env={
            "RATE_LIMIT_ENABLED": "true",
            "RATE_LIMIT_PER_MINUTE": "3",
            "TRUSTED_PROXIES": "127.0.0.1",
            "ORIGIN_VERIFY_SECRET": SECRET,
        }).start()

    @classmethod
    def tearDownClass(cls):
        cls.service.stop()

    def statuses(self, headers, count=4, source="127.0.0.1"):
        return [get(self.service.port, headers, source) for _ in range(count)]

    def access_lines(self, request_ids, timeout=10):
        """The access log lines of the given request ids (the logger writes from a background thread)."""
        deadline = time.monotonic() + timeout
        while True:
            lines = {l.get("request_id"): l for l in self.service.log_lines() if l.get("msg") == "request"}
            if all(rid in lines for rid in request_ids) or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)

    def test_four_viewers_through_cloudfront_have_four_limits(self):
        for viewer in VIEWERS:
            headers = {"CloudFront-Viewer-Address": viewer_address(viewer),
                       "X-Forwarded-For": f"{viewer}, {EDGE}",
                       "X-Origin-Verify": SECRET}
            self.assertEqual(self.statuses(headers), [200, 200, 200, 429], viewer)

    def test_the_viewer_is_in_the_access_log(self):
        viewer = "198.51.100.77"
        get(self.service.port, {"CloudFront-Viewer-Address": viewer_address(viewer, 5555),
                                "X-Forwarded-For": f"{viewer}, {EDGE}", "X-Origin-Verify": SECRET,
                                "X-Request-Id": "identity-viewer-1"})
        lines = self.access_lines(["identity-viewer-1"])
        self.assertEqual(lines["identity-viewer-1"]["client_ip"], viewer)

    def test_without_the_origin_secret_the_viewer_header_is_not_believed(self):
        # Four "viewers" whose requests do not prove they came through CloudFront: each claims its own
        # CloudFront-Viewer-Address, but the key is the right-most untrusted X-Forwarded-For hop, the
        # same edge for all four: together they get three requests.
        edge = "130.176.7.7"
        results = []
        for i, viewer in enumerate(VIEWERS):
            headers = {"CloudFront-Viewer-Address": viewer_address(viewer),
                       "X-Forwarded-For": f"{viewer}, {edge}",
                       "X-Origin-Verify": "wrong-secret" if i % 2 else ""}
            results.append(get(self.service.port, headers))
        self.assertEqual(results, [200, 200, 200, 429])

    def test_four_viewers_through_a_plain_trusted_proxy_have_four_limits(self):
        # Without CloudFront (the ALB alone): X-Forwarded-For read from the right past trusted hops.
        for viewer in ["192.0.2.11", "192.0.2.12", "192.0.2.13", "2001:db8::14"]:
            headers = {"X-Forwarded-For": f"10.9.9.9, {viewer}, 127.0.0.1"}
            self.assertEqual(self.statuses(headers), [200, 200, 200, 429], viewer)

    def test_a_direct_client_cannot_choose_its_address(self):
        # 127.0.0.2 is not a trusted proxy. It sends every header that would name a viewer, the right
        # origin secret included, a different address each time: all count against 127.0.0.2 itself.
        results = []
        for i in range(4):
            forged = f"192.0.2.{100 + i}"
            headers = {"CloudFront-Viewer-Address": viewer_address(forged),
                       "X-Forwarded-For": forged,
                       "X-Origin-Verify": SECRET,
                       "X-Request-Id": f"identity-direct-{i}"}
            results.append(get(self.service.port, headers, source="127.0.0.2"))
        self.assertEqual(results, [200, 200, 200, 429])
        lines = self.access_lines([f"identity-direct-{i}" for i in range(4)])
        self.assertEqual({lines[f"identity-direct-{i}"]["client_ip"] for i in range(4)}, {"127.0.0.2"})

    def test_the_secret_is_never_logged(self):
        get(self.service.port, {"X-Origin-Verify": SECRET, "X-Request-Id": "identity-secret-1"})
        self.access_lines(["identity-secret-1"])
        self.assertNotIn(SECRET, self.service.logs())


if __name__ == "__main__":
    unittest.main()
