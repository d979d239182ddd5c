import threading
import unittest
import uuid

from service import ServiceTestCase, Service


def new_user(suffix=None):
    suffix = suffix or uuid.uuid4().hex[:10]
    return {"username": f"user_{suffix}", "email": f"user.{suffix}@example.com"}


class UsersTest(ServiceTestCase):

    def create(self, **overrides):
        body = new_user()
        body.update(overrides)
        r = self.api.post("/api/v1/users", body)
        self.assertEqual(r.status, 201, r)
        return r.json()


    def test_create_and_read(self):
        body = new_user()
        r = self.api.post("/api/v1/users", body)
        self.assertEqual(r.status, 201)
        user = r.json()
        uuid.UUID(user["user_id"], version=4)
        self.assertEqual(user["username"], body["username"])
        self.assertEqual(user["status"], "active")
        self.assertEqual(user["created_at"], user["updated_at"])
        self.assertEqual(r.header("location"), f"/api/v1/users/{user['user_id']}")
        got = self.api.get(f"/api/v1/users/{user['user_id']}")
        self.assertEqual(got.status, 200)
        self.assertEqual(got.json(), user)

    def test_username_and_email_unique_case_insensitively(self):
        user = self.create()
        dup_name = self.api.post("/api/v1/users", {"username": user["username"].upper(), "email": "other." + user["email"]})
        self.assert_error(dup_name, 409, "DUPLICATE_USERNAME")
        dup_mail = self.api.post("/api/v1/users", {"username": "x" + user["username"], "email": user["email"].upper()})
        self.assert_error(dup_mail, 409, "DUPLICATE_EMAIL")

    def test_validation_errors_name_fields(self):
        r = self.api.post("/api/v1/users", {"username": "a!", "email": "not-an-email", "status": "gone"})
        body = self.assert_error(r, 400, "VALIDATION_ERROR")
        fields = {d["field"] for d in body["details"]}
        self.assertEqual(fields, {"username", "email", "status"})
        r = self.api.post("/api/v1/users", {"username": "valid_name", "email": "a@b.co", "admin": True})
        body = self.assert_error(r, 400, "VALIDATION_ERROR")
        self.assertEqual(body["details"][0]["field"], "admin")
        r = self.api.post("/api/v1/users", {"username": 12345, "email": "a@b.co"})
        self.assert_error(r, 400, "VALIDATION_ERROR")
        r = self.api.post("/api/v1/users", {"email": "a@b.co"})
        body = self.assert_error(r, 400, "VALIDATION_ERROR")
        self.assertEqual(body["details"], [{"field": "username", "message": "is required"}])
        self.assert_error(self.api.post("/api/v1/users", {"username": "x" * 51, "email": "a@b.co"}), 400, "VALIDATION_ERROR")
        self.assert_error(self.api.post("/api/v1/users", {"username": "ab", "email": "a@b.co"}), 400, "VALIDATION_ERROR")

    def test_put_replaces_and_requires_every_field(self):
        user = self.create()
        path = f"/api/v1/users/{user['user_id']}"
        self.assert_error(self.api.put(path, {"username": "only_name"}), 400, "VALIDATION_ERROR")
        replacement = new_user()
        replacement["status"] = "inactive"
        r = self.api.put(path, replacement)
        self.assertEqual(r.status, 200, r)
        updated = r.json()
        self.assertEqual(updated["username"], replacement["username"])
        self.assertEqual(updated["status"], "inactive")
        self.assertEqual(updated["created_at"], user["created_at"])
        self.assertEqual(self.api.get(path).json(), updated)
        # The old username is free again.
        self.create(username=user["username"])

    def test_put_without_status_takes_the_default(self):
        user = self.create()
        path = f"/api/v1/users/{user['user_id']}"
        self.assertEqual(self.api.patch(path, {"status": "inactive"}).status, 200)
        replacement = new_user()
        replacement.pop("status", None)
        r = self.api.put(path, replacement)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["status"], "active")

    def test_patch_changes_only_given_fields(self):
        user = self.create()
        path = f"/api/v1/users/{user['user_id']}"
        r = self.api.patch(path, {"status": "inactive"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["status"], "inactive")
        self.assertEqual(r.json()["email"], user["email"])
        self.assert_error(self.api.patch(path, {}), 400, "VALIDATION_ERROR")
        other = self.create()
        self.assert_error(self.api.patch(path, {"email": other["email"].upper()}), 409, "DUPLICATE_EMAIL")
        # Changing only the letter case of one's own name is allowed.
        r = self.api.patch(path, {"username": user["username"].upper()})
        self.assertEqual(r.status, 200, r)

    def test_delete(self):
        user = self.create()
        path = f"/api/v1/users/{user['user_id']}"
        r = self.api.delete(path)
        self.assertEqual(r.status, 204)
        self.assertEqual(r.body, "")
        self.assert_error(self.api.get(path), 404, "USER_NOT_FOUND")
        self.assert_error(self.api.delete(path), 404, "USER_NOT_FOUND")
        self.assert_error(self.api.patch(path, {"status": "active"}), 404, "USER_NOT_FOUND")
        # The username and e-mail can be taken again.
        self.create(username=user["username"], email=user["email"])

    def test_unknown_and_malformed_ids(self):
        self.assert_error(self.api.get(f"/api/v1/users/{uuid.uuid4()}"), 404, "USER_NOT_FOUND")
        self.assert_error(self.api.get("/api/v1/users/not-a-uuid"), 404, "USER_NOT_FOUND")
        self.assert_error(self.api.get("/api/v1/users/%00%ff"), 404, "USER_NOT_FOUND")

    def test_pagination_walks_every_user_once(self):
        service = Service().start()
        try:
            api = service.client()
            created = {self_id for self_id in (api.post("/api/v1/users", new_user()).json()["user_id"] for _ in range(23))}
            seen = []
            cursor = None
            pages = 0
            while True:
                path = "/api/v1/users?limit=5" + (f"&cursor={cursor}" if cursor else "")
                r = api.get(path)
                self.assertEqual(r.status, 200, r)
                body = r.json()
                self.assertLessEqual(body["count"], 5)
                self.assertEqual(body["count"], len(body["items"]))
                seen += [u["user_id"] for u in body["items"]]
                pages += 1
                cursor = body["next_cursor"]
                if cursor is None:
                    break
            self.assertEqual(len(seen), len(set(seen)))
            self.assertEqual(set(seen), created)
            self.assertGreaterEqual(pages, 5)
        finally:
            service.stop()

    def test_tampered_cursor_is_rejected(self):
        for _ in range(3):
            self.create()
        cursor = self.api.get("/api/v1/users?limit=1").json()["next_cursor"]
        self.assertIsNotNone(cursor)
        flipped = cursor[:-2] + ("A" if cursor[-2] != "A" else "B") + cursor[-1]
        for bad in (flipped, "garbage", cursor + "x", "", "." * 10, cursor.split(".")[0]):
            r = self.api.get(f"/api/v1/users?limit=1&cursor={bad}")
            body = self.assert_error(r, 400, "VALIDATION_ERROR")
            self.assertEqual(body["details"][0]["field"], "cursor")
        # A device-history cursor does not open a users page.
        self.assert_error(self.api.get("/api/v1/users?limit=101"), 400, "VALIDATION_ERROR")
        self.assert_error(self.api.get("/api/v1/users?limit=abc"), 400, "VALIDATION_ERROR")

    def test_parallel_creates_of_one_username_yield_exactly_one_201(self):
        name = "race_" + uuid.uuid4().hex[:8]
        statuses = []
        lock = threading.Lock()
        barrier = threading.Barrier(16)

        def attempt(i):
            client = self.service.client()
            barrier.wait()
            r = client.post("/api/v1/users", {"username": name if i % 2 else name.upper(), "email": f"{name}.{i}@example.com"})
            with lock:
                statuses.append((r.status, r.json().get("error_code")))
            client.close()

        threads = [threading.Thread(target=attempt, args=(i,)) for i in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sum(1 for s, _ in statuses if s == 201), 1, statuses)
        self.assertEqual(sum(1 for s, c in statuses if s == 409 and c == "DUPLICATE_USERNAME"), 15, statuses)


if __name__ == "__main__":
    unittest.main()
