"""The OpenAPI document, the routes the service answers, and the documentation pages agree."""

import json
import re
import unittest
import uuid

from service import ServiceTestCase, Service, reading

# Every route the service implements (method, template). The test below proves each is answered
# (not 404/405) and described in /openapi.json, and that the document describes nothing else.
ROUTES = {
    ("get", "/health"), ("get", "/health/db"), ("get", "/health/detailed"),
    ("get", "/api/v1/users"), ("post", "/api/v1/users"),
    ("get", "/api/v1/users/{user_id}"), ("put", "/api/v1/users/{user_id}"),
    ("patch", "/api/v1/users/{user_id}"), ("delete", "/api/v1/users/{user_id}"),
    ("post", "/api/v1/metrics"), ("post", "/api/v1/metrics/batch"),
    ("get", "/api/v1/metrics/latest"), ("get", "/api/v1/metrics/summary"),
    ("get", "/api/v1/metrics/{device_id}"), ("get", "/api/v1/devices"),
    ("get", "/api/v1/metrics/{device_id}/series"), ("get", "/api/v1/devices/stats"),
    ("get", "/openapi.json"), ("get", "/docs"), ("get", "/redoc"), ("get", "/metrics"),
    ("put", "/api/v1/devices/{device_id}/image"), ("get", "/api/v1/devices/{device_id}/image"),
    ("delete", "/api/v1/devices/{device_id}/image"),
    ("put", "/api/v1/users/{user_id}/avatar"), ("get", "/api/v1/users/{user_id}/avatar"),
    ("delete", "/api/v1/users/{user_id}/avatar"),
}
# A 1x1 PNG header: enough for the image routes to have something to serve and delete.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


class OpenApiTest(ServiceTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.doc = cls.api.get("/openapi.json").json()

    def test_document_has_no_duplicate_keys(self):
        # Python keeps the last of two equal keys; ReDoc refuses the whole document.
        def unique(pairs):
            keys = [key for key, _ in pairs]
            self.assertEqual(sorted(keys), sorted(set(keys)), "duplicate keys in one object")
            return dict(pairs)

        json.loads(self.api.get("/openapi.json").body, object_pairs_hook=unique)

    def test_document_is_openapi_3_1(self):
        self.assertEqual(self.doc["openapi"], "3.1.0")
        self.assertEqual(self.doc["info"]["version"], self.api.get("/health").json()["version"])

    def test_document_lists_exactly_the_implemented_routes(self):
        documented = {(m, p) for p, ops in self.doc["paths"].items() for m in ops if m in
                      ("get", "post", "put", "patch", "delete")}
        self.assertEqual(documented, ROUTES)

    def test_every_documented_route_is_answered(self):
        user = self.api.post("/api/v1/users", {"username": "doc_" + uuid.uuid4().hex[:8],
                                               "email": f"doc.{uuid.uuid4().hex[:8]}@example.com"}).json()
        self.api.post("/api/v1/metrics", reading("doc-device"))
        for image_path in ("/api/v1/devices/doc-device/image", f"/api/v1/users/{user['user_id']}/avatar"):
            self.assertEqual(self.api.request("PUT", image_path, raw=PNG).status, 200)
        # DELETE last, and the user's DELETE after its avatar's, so the user exists for the others.
        for method, template in sorted(ROUTES, key=lambda r: (r[0] == "delete", r == ("delete", "/api/v1/users/{user_id}"), r)):
            path = template.replace("{user_id}", user["user_id"]).replace("{device_id}", "doc-device")
            body = None
            if method in ("post", "put", "patch"):
                body = {}
            r = self.api.request(method.upper(), path, body=body)
            self.assertNotIn(r.status, (404, 405), f"{method} {template}: {r}")
            if r.status >= 400:
                # A JSON body is no image: the image PUTs refuse it as 415.
                allowed = ("UNSUPPORTED_MEDIA_TYPE",) if template.endswith(("/image", "/avatar")) else ()
                self.assertIn(r.json()["error_code"], ("VALIDATION_ERROR",) + allowed, f"{method} {template}")

    def test_every_documented_error_code_exists(self):
        codes = set(re.findall(r"[A-Z][A-Z_]{3,}", str(self.doc["components"]["schemas"]["Error"])))
        for code in ("VALIDATION_ERROR", "MALFORMED_JSON", "USER_NOT_FOUND", "DEVICE_NOT_FOUND", "NOT_FOUND",
                     "METHOD_NOT_ALLOWED", "DUPLICATE_USERNAME", "DUPLICATE_EMAIL", "PAYLOAD_TOO_LARGE",
                     "UNSUPPORTED_MEDIA_TYPE", "RATE_LIMITED", "INTERNAL_ERROR", "STORAGE_UNAVAILABLE"):
            self.assertIn(code, codes)

    def test_docs_pages_load_their_assets_from_this_service(self):
        for page, assets in (("/docs", ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-init.js")),
                             ("/redoc", ("redoc.standalone.js", "redoc-init.js"))):
            r = self.api.get(page)
            self.assertEqual(r.status, 200)
            self.assertNotRegex(r.body, r"https?://")
            for asset in assets:
                self.assertIn(f"/docs/assets/{asset}", r.body)
                a = self.api.get(f"/docs/assets/{asset}")
                self.assertEqual(a.status, 200, asset)
                self.assertGreater(len(a.body), 50, asset)
        self.assertGreater(len(self.api.get("/docs/assets/swagger-ui-bundle.js").body), 500_000)
        self.assertEqual(self.api.get("/docs/assets/nope.js").status, 404)


if __name__ == "__main__":
    unittest.main()
