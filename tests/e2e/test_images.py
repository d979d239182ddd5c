"""Device photos and user avatars against the real binary: IMAGE_STORE=local by default, or S3 on
moto when E2E_S3_ENDPOINT is set (scripts/ci/30-dynamodb.sh)."""

import hashlib
import http.client
import json
import os
import socket
import threading
import unittest
import uuid

import image_samples as samples
from service import Service, ServiceTestCase, now_ms, reading

S3_ENDPOINT = os.environ.get("E2E_S3_ENDPOINT", "")
MAX_BYTES = 5 * 1024 * 1024


def image_env():
    if not S3_ENDPOINT:
        return {"IMAGE_STORE": "local"}
    bucket = "e2e-images-" + uuid.uuid4().hex[:8]
    host, port = S3_ENDPOINT.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("PUT", "/" + bucket)  # moto accepts unsigned requests
    status = conn.getresponse().status
    assert status == 200, status
    # Versioned, as Terraform makes the bucket: a download survives a concurrent replacement.
    conn.request("PUT", "/" + bucket + "?versioning",
                 b'<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status>'
                 b'</VersioningConfiguration>')
    status = conn.getresponse().status
    conn.close()
    assert status == 200, status
    return {"IMAGE_STORE": "s3", "IMAGES_BUCKET": bucket, "IMAGES_PREFIX": "e2e/", "IMAGES_ENDPOINT": S3_ENDPOINT,
            "IMAGES_KMS_KEY_ID": "alias/portfolio-images", "AWS_ACCESS_KEY_ID": "local-test-key",
            "AWS_SECRET_ACCESS_KEY": "local-test-secret"}


def etag_of(body):
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class Raw:
    """Bytes in, bytes out (the shared client decodes bodies as text)."""

    def __init__(self, port):
        self.port = port

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()


class ImagesCase(ServiceTestCase):
    """One service with an image store, and the helpers of the image tests (no tests of its own)."""

    service_env = None
    extra_env = {}

    @classmethod
    def setUpClass(cls):
        cls.service_env = dict(image_env(), **cls.extra_env)
        super().setUpClass()
        cls.raw = Raw(cls.service.port)

    def device(self):
        device_id = "cam-" + uuid.uuid4().hex[:8]
        r = self.api.post("/api/v1/metrics", reading(device=device_id, ts=now_ms()))
        self.assertIn(r.status, (200, 201), r)
        return device_id

    def user(self):
        suffix = uuid.uuid4().hex[:10]
        r = self.api.post("/api/v1/users", {"username": f"u_{suffix}", "email": f"u.{suffix}@example.com"})
        self.assertEqual(r.status, 201, r)
        return r.json()["user_id"]

    def put(self, path, body, content_type="application/octet-stream"):
        return self.raw.request("PUT", path, body, {"Content-Type": content_type})

    def version_in(self, url, prefix):
        """The version of an image_url that must be `prefix` + "?v=" + a URL-safe token."""
        self.assertTrue(url.startswith(prefix + "?v="), url)
        version = url[len(prefix) + 3:]
        self.assertRegex(version, r"^[0-9A-Za-z_-]+$")
        return version

    def assert_raw_error(self, result, status, code, field=None):
        got_status, headers, body = result
        self.assertEqual(got_status, status, body[:300])
        payload = json.loads(body)
        self.assertEqual(payload["error_code"], code, payload)
        for key in ("error", "message", "timestamp", "request_id", "details"):
            self.assertIn(key, payload)
        if field is not None:
            self.assertEqual(payload["details"][0]["field"], field, payload)
        return payload


class ImagesTest(ImagesCase):
    def test_png_round_trip_with_etag_and_conditional_get(self):
        device_id = self.device()
        path = f"/api/v1/devices/{device_id}/image"
        image = samples.png(40, 30, pad=5000)
        status, _, body = self.put(path, image, "image/png")
        self.assertEqual(status, 200, body)
        meta = json.loads(body)
        version = self.version_in(meta.pop("image_url"), path)
        if not S3_ENDPOINT:
            self.assertEqual(version, etag_of(image).strip('"'), "the local store's version is the image's ETag")
        self.assertEqual(meta, {"content_type": "image/png", "bytes": len(image), "width": 40, "height": 30,
                                "etag": etag_of(image)})
        replaced = samples.png(40, 30, pad=6000)
        status, _, body = self.put(path, replaced, "image/png")
        self.assertEqual(status, 200, body)
        self.assertNotEqual(self.version_in(json.loads(body)["image_url"], path), version,
                            "a replaced image has a new URL, so no cache shows the old one")
        image = replaced
        status, headers, served = self.raw.request("GET", path)
        self.assertEqual(status, 200)
        self.assertEqual(served, image)
        self.assertEqual(headers["content-type"], "image/png")
        self.assertEqual(headers["etag"], etag_of(image))
        self.assertEqual(headers["cache-control"], "public, no-cache")
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        status, headers, served = self.raw.request("GET", path, headers={"If-None-Match": etag_of(image)})
        self.assertEqual(status, 304)
        self.assertEqual(served, b"")
        self.assertEqual(headers["etag"], etag_of(image))
        status, _, served = self.raw.request("GET", path, headers={"If-None-Match": '"other"'})
        self.assertEqual((status, served), (200, image))
        status, headers, served = self.raw.request("HEAD", path)
        self.assertEqual((status, served, headers["content-length"]), (200, b"", str(len(image))))

    def test_jpeg_avatar_and_image_url_on_users_and_devices(self):
        user_id = self.user()
        image = samples.jpeg(640, 480, pad=1000)
        status, _, body = self.put(f"/api/v1/users/{user_id}/avatar", image, "image/png")  # header ignored
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["content_type"], "image/jpeg")
        self.assertEqual((json.loads(body)["width"], json.loads(body)["height"]), (640, 480))
        url = json.loads(body)["image_url"]
        self.version_in(url, f"/api/v1/users/{user_id}/avatar")
        got = self.api.get(f"/api/v1/users/{user_id}").json()
        self.assertEqual(got["image_url"], url)
        listed = {u["user_id"]: u for u in self.api.get("/api/v1/users?limit=100").json()["items"]}
        if user_id in listed:
            self.assertEqual(listed[user_id]["image_url"], url)
        other = self.user()
        self.assertNotIn("image_url", self.api.get(f"/api/v1/users/{other}").json())

        device_id = self.device()
        status, _, body = self.put(f"/api/v1/devices/{device_id}/image", samples.webp(100, 50))
        self.assertEqual(status, 200, body)
        url = json.loads(body)["image_url"]
        self.version_in(url, f"/api/v1/devices/{device_id}/image")
        devices = {d["device_id"]: d for d in self.api.get("/api/v1/devices?limit=1000").json()["items"]}
        self.assertEqual(devices[device_id]["image_url"], url)
        status, headers, _ = self.raw.request("GET", url)  # the version in the query is ignored by the API
        self.assertEqual((status, headers["content-type"]), (200, "image/webp"))

    def test_every_refusal_has_the_documented_shape(self):
        device_id = self.device()
        path = f"/api/v1/devices/{device_id}/image"
        self.assert_raw_error(self.put(path, samples.SVG, "image/svg+xml"), 415, "UNSUPPORTED_MEDIA_TYPE")
        self.assert_raw_error(self.put(path, samples.HTML, "image/png"), 415, "UNSUPPORTED_MEDIA_TYPE")
        self.assert_raw_error(self.put(path, b"GIF89a" + b"\x00" * 20), 415, "UNSUPPORTED_MEDIA_TYPE")
        self.assert_raw_error(self.put(path, samples.png(4, 4)[:20]), 400, "VALIDATION_ERROR", "image")
        self.assert_raw_error(self.put(path, b"\xff\xd8\xff\xe0\x00\x10JFIF"), 400, "VALIDATION_ERROR", "image")
        self.assert_raw_error(self.put(path, b""), 400, "VALIDATION_ERROR", "image")
        self.assert_raw_error(self.put(path, samples.png_header(8193, 10)), 400, "VALIDATION_ERROR", "image")
        self.assert_raw_error(self.put(path, samples.webp(10, 9000)), 400, "VALIDATION_ERROR", "image")
        self.assertEqual(self.put(path, samples.png_header(8192, 8192))[0], 200)
        too_big = samples.png(4, 4, pad=MAX_BYTES)
        self.assert_raw_error(self.put(path, too_big), 413, "PAYLOAD_TOO_LARGE")
        exactly = samples.png(4, 4)
        exactly = samples.png(4, 4, pad=MAX_BYTES - len(exactly) - 12)
        self.assertEqual(len(exactly), MAX_BYTES)
        status, _, body = self.put(path, exactly)
        self.assertEqual(status, 200, body[:200])
        self.assertEqual(self.raw.request("GET", path)[2], exactly)
        # Other routes keep the 1 MiB limit.
        self.assert_raw_error(self.raw.request("POST", "/api/v1/metrics", b"{" + b" " * (1024 * 1024 + 10) + b"}",
                                               {"Content-Type": "application/json"}), 413, "PAYLOAD_TOO_LARGE")

    def test_unknown_owners_and_missing_images(self):
        image = samples.png()
        self.assert_raw_error(self.put("/api/v1/devices/never-reported/image", image), 404, "DEVICE_NOT_FOUND")
        self.assert_raw_error(self.raw.request("GET", "/api/v1/devices/never-reported/image"), 404, "DEVICE_NOT_FOUND")
        self.assert_raw_error(self.raw.request("DELETE", "/api/v1/devices/never-reported/image"), 404,
                              "DEVICE_NOT_FOUND")
        self.assert_raw_error(self.put("/api/v1/devices/bad%20id/image", image), 404, "DEVICE_NOT_FOUND")
        missing_user = str(uuid.uuid4())
        self.assert_raw_error(self.put(f"/api/v1/users/{missing_user}/avatar", image), 404, "USER_NOT_FOUND")
        self.assert_raw_error(self.raw.request("GET", f"/api/v1/users/{missing_user}/avatar"), 404, "USER_NOT_FOUND")
        self.assert_raw_error(self.raw.request("GET", "/api/v1/users/not-a-uuid/avatar"), 404, "USER_NOT_FOUND")

        device_id = self.device()
        path = f"/api/v1/devices/{device_id}/image"
        self.assert_raw_error(self.raw.request("GET", path), 404, "NOT_FOUND")
        self.assert_raw_error(self.raw.request("DELETE", path), 404, "NOT_FOUND")
        self.assertEqual(self.put(path, image)[0], 200)
        status, _, body = self.raw.request("DELETE", path)
        self.assertEqual((status, body), (204, b""))
        self.assert_raw_error(self.raw.request("GET", path), 404, "NOT_FOUND")
        self.assertNotIn("image_url", {d["device_id"]: d for d in
                                       self.api.get("/api/v1/devices?limit=1000").json()["items"]}[device_id])
        user_id = self.user()
        self.assert_raw_error(self.raw.request("GET", f"/api/v1/users/{user_id}/avatar"), 404, "NOT_FOUND")

    def test_a_failed_or_interrupted_upload_leaves_the_old_image(self):
        device_id = self.device()
        path = f"/api/v1/devices/{device_id}/image"
        old = samples.png(8, 8, pad=20000, seed=1)
        self.assertEqual(self.put(path, old)[0], 200)
        self.assertEqual(self.put(path, samples.SVG)[0], 415)
        self.assertEqual(self.put(path, samples.png(4, 4, pad=MAX_BYTES))[0], 413)
        # Half of a 3 MiB body, then the client goes away.
        new = samples.png(8, 8, pad=3 * 1024 * 1024, seed=2)
        with socket.create_connection(("127.0.0.1", self.service.port), timeout=10) as s:
            s.sendall(f"PUT {path} HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                      f"Content-Length: {len(new)}\r\n\r\n".encode() + new[:len(new) // 2])
        status, headers, served = self.raw.request("GET", path)
        self.assertEqual((status, headers["etag"]), (200, etag_of(old)))
        self.assertEqual(served, old)
        self.assertTrue(self.service.process.poll() is None)

    def test_concurrent_replaces_one_wins_and_no_torn_image_is_served(self):
        device_id = self.device()
        path = f"/api/v1/devices/{device_id}/image"
        first = samples.png(8, 8, pad=300000, seed=100)
        self.assertEqual(self.put(path, first)[0], 200)
        images = [samples.png(8, 8, pad=600000 + 1000 * i, seed=i) for i in range(6)]
        known = {etag_of(b): b for b in images + [first]}
        results, served, errors = [], [], []
        stop = threading.Event()

        def writer(image):
            results.append(self.put(path, image)[0])

        def reader():
            while not stop.is_set():
                try:
                    status, headers, body = self.raw.request("GET", path)
                except (OSError, http.client.HTTPException) as e:
                    errors.append(repr(e))
                    continue
                if status == 200:
                    served.append((headers["etag"], body))

        readers = [threading.Thread(target=reader) for _ in range(3)]
        for t in readers:
            t.start()
        writers = [threading.Thread(target=writer, args=(image,)) for image in images]
        for t in writers:
            t.start()
        for t in writers:
            t.join()
        stop.set()
        for t in readers:
            t.join()
        self.assertEqual(results, [200] * len(images))
        self.assertEqual(errors, [])
        self.assertTrue(served)
        for etag, body in served:
            self.assertIn(etag, known)
            self.assertEqual(body, known[etag], "a served image does not match its ETag")
        status, headers, final = self.raw.request("GET", path)
        self.assertEqual(status, 200)
        self.assertEqual(sum(1 for image in images if image == final), 1)
        self.assertEqual(headers["etag"], etag_of(final))


class PublicBaseTest(ImagesCase):
    """IMAGES_PUBLIC_BASE_URL (CloudFront's /images/ in AWS): image_url is the object under it, keyed
    as the store keys it (devices/<id>, users/<id>), with a version that changes when the image does."""

    base = "/images/"
    extra_env = {"IMAGES_PUBLIC_BASE_URL": base}

    def url_of(self, kind, owner, version):
        return f"{self.base}{kind}/{owner}?v={version}"

    def version_of(self, url, kind, owner):
        return self.version_in(url, f"{self.base}{kind}/{owner}")

    def test_image_url_points_at_the_public_base_with_the_version(self):
        device_id = self.device()
        first = samples.png(20, 10, pad=1000)
        status, _, body = self.put(f"/api/v1/devices/{device_id}/image", first, "image/png")
        self.assertEqual(status, 200, body)
        put_url = json.loads(body)["image_url"]
        v1 = self.version_of(put_url, "devices", device_id)
        if not S3_ENDPOINT:
            self.assertEqual(v1, etag_of(first).strip('"'), "the local store's version is the image's ETag")
        devices = {d["device_id"]: d for d in self.api.get("/api/v1/devices?limit=1000").json()["items"]}
        self.assertEqual(devices[device_id]["image_url"], put_url, "the list links what the upload answered")

        second = samples.png(20, 10, pad=2000)
        status, _, body = self.put(f"/api/v1/devices/{device_id}/image", second, "image/png")
        self.assertEqual(status, 200, body)
        v2 = self.version_of(json.loads(body)["image_url"], "devices", device_id)
        self.assertNotEqual(v2, v1, "a replaced image has a new URL")
        devices = {d["device_id"]: d for d in self.api.get("/api/v1/devices?limit=1000").json()["items"]}
        self.assertEqual(devices[device_id]["image_url"], self.url_of("devices", device_id, v2))

        # The API still serves the image itself.
        status, headers, served = self.raw.request("GET", f"/api/v1/devices/{device_id}/image")
        self.assertEqual((status, served), (200, second))

        self.assertEqual(self.raw.request("DELETE", f"/api/v1/devices/{device_id}/image")[0], 204)
        devices = {d["device_id"]: d for d in self.api.get("/api/v1/devices?limit=1000").json()["items"]}
        self.assertNotIn("image_url", devices[device_id])

    def test_avatar_url_points_at_the_public_base(self):
        user_id = self.user()
        status, _, body = self.put(f"/api/v1/users/{user_id}/avatar", samples.jpeg(32, 32, pad=500))
        self.assertEqual(status, 200, body)
        url = json.loads(body)["image_url"]
        self.version_of(url, "users", user_id)
        self.assertEqual(self.api.get(f"/api/v1/users/{user_id}").json()["image_url"], url)

    def test_a_malformed_public_base_is_refused_at_start(self):
        import subprocess
        from service import BINARY
        for base in ("images/", "/images", "ftp://cdn.example/images/"):
            full = dict(os.environ, IMAGE_STORE="local", IMAGES_PUBLIC_BASE_URL=base)
            p = subprocess.run([BINARY], env=full, capture_output=True, text=True, timeout=10)
            self.assertNotEqual(p.returncode, 0, base)
            self.assertIn("IMAGES_PUBLIC_BASE_URL", p.stderr + p.stdout, base)


if __name__ == "__main__":
    unittest.main()
