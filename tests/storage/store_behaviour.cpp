#include "store_behaviour.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <latch>
#include <set>
#include <thread>

#include "store_behaviour_support.hpp"

namespace portfolio::storage {

std::vector<std::string> foreign_position_tokens() {
  return {"", "!!!", "not a position token", std::string("\xff\xfe\x00\x01", 4), "{\"user_id\":42}"};
}

int link_store_behaviour_readings();
int link_store_behaviour_fleet();
int link_store_behaviour_rollups();

int link_store_behaviour_tests() {
  return 1 + link_store_behaviour_readings() + link_store_behaviour_fleet() + link_store_behaviour_rollups();
}

void StoreBehaviour::SetUp() {
  store_ = GetParam().make();
  ASSERT_NE(store_, nullptr) << "the factory of " << GetParam().name << " made no store";
}

void StoreBehaviour::TearDown() {
  store_.reset();
}

namespace {

using namespace behaviour;  // NOLINT(google-build-using-namespace): the suite's own helpers

// ---- health ------------------------------------------------------------------------------------

TEST_P(StoreBehaviour, PingAnswersAndNamesItsBackend) {
  EXPECT_EQ(outcome(store().ping()), "OK");
  EXPECT_EQ(store().backend(), GetParam().name);
}

// ---- users: create, read, update, delete --------------------------------------------------------

TEST_P(StoreBehaviour, CreatedUserReadsBackUnchanged) {
  auto user = make_user("Alice_01", 1, "Alice.Smith@Example.com");
  user.status = domain::UserStatus::inactive;
  ASSERT_EQ(outcome(store().create_user(user)), "OK");
  auto stored = store().get_user(user.user_id);
  ASSERT_TRUE(stored) << outcome(stored);
  EXPECT_EQ(*stored, user);  // case of username and e-mail kept as given
}

TEST_P(StoreBehaviour, UnknownUserIsNotFound) {
  EXPECT_EQ(code_of(store().get_user("00000000-0000-4000-8000-000000000999")), "USER_NOT_FOUND");
  EXPECT_EQ(code_of(store().delete_user("00000000-0000-4000-8000-000000000999")), "USER_NOT_FOUND");
}

TEST_P(StoreBehaviour, UsernameIsUniqueIgnoringCase) {
  ASSERT_EQ(outcome(store().create_user(make_user("Alice", 1, "one@example.com"))), "OK");
  EXPECT_EQ(code_of(store().create_user(make_user("aLICE", 2, "two@example.com"))), "DUPLICATE_USERNAME");
  EXPECT_EQ(code_of(store().create_user(make_user("alice", 3, "three@example.com"))), "DUPLICATE_USERNAME");
  EXPECT_EQ(code_of(store().get_user(make_user("aLICE", 2).user_id)), "USER_NOT_FOUND");
  EXPECT_EQ(outcome(store().create_user(make_user("alice2", 4, "four@example.com"))), "OK");
}

TEST_P(StoreBehaviour, EmailIsUniqueIgnoringCase) {
  ASSERT_EQ(outcome(store().create_user(make_user("first", 1, "Same@Example.com"))), "OK");
  EXPECT_EQ(code_of(store().create_user(make_user("second", 2, "same@EXAMPLE.COM"))), "DUPLICATE_EMAIL");
  EXPECT_EQ(code_of(store().get_user(make_user("second", 2).user_id)), "USER_NOT_FOUND");
  // The failed attempt must not have reserved its username either.
  EXPECT_EQ(outcome(store().create_user(make_user("second", 3, "other@example.com"))), "OK");
}

TEST_P(StoreBehaviour, UpdateReplacesTheUserAndMovesTheUniqueNames) {
  const auto before = make_user("old_name", 1, "old@example.com");
  ASSERT_EQ(outcome(store().create_user(before)), "OK");
  auto after = before;
  after.username = "New_Name";
  after.email = "New@Example.com";
  after.status = domain::UserStatus::inactive;
  after.updated_at = domain::format_iso8601(kBase + 60'000);
  ASSERT_EQ(outcome(store().update_user(before, after)), "OK");

  auto stored = store().get_user(before.user_id);
  ASSERT_TRUE(stored) << outcome(stored);
  EXPECT_EQ(*stored, after);
  // The old names are free again; the new ones are taken.
  EXPECT_EQ(outcome(store().create_user(make_user("OLD_NAME", 2, "OLD@example.com"))), "OK");
  EXPECT_EQ(code_of(store().create_user(make_user("new_name", 3, "x@example.com"))), "DUPLICATE_USERNAME");
  EXPECT_EQ(code_of(store().create_user(make_user("other", 4, "new@example.com"))), "DUPLICATE_EMAIL");
}

TEST_P(StoreBehaviour, UpdateMayChangeTheCaseOfItsOwnNames) {
  const auto before = make_user("casey", 1, "casey@example.com");
  ASSERT_EQ(outcome(store().create_user(before)), "OK");
  auto after = before;
  after.username = "Casey";
  after.email = "CASEY@example.com";
  after.updated_at = domain::format_iso8601(kBase + 1000);
  EXPECT_EQ(outcome(store().update_user(before, after)), "OK");
  auto stored = store().get_user(before.user_id);
  ASSERT_TRUE(stored) << outcome(stored);
  EXPECT_EQ(stored->username, "Casey");
}

TEST_P(StoreBehaviour, UpdateToAnotherUsersNamesIsRejectedIgnoringCase) {
  ASSERT_EQ(outcome(store().create_user(make_user("taken", 1, "taken@example.com"))), "OK");
  const auto before = make_user("mine", 2, "mine@example.com");
  ASSERT_EQ(outcome(store().create_user(before)), "OK");

  auto after = before;
  after.updated_at = domain::format_iso8601(kBase + 1000);
  after.username = "TAKEN";
  EXPECT_EQ(code_of(store().update_user(before, after)), "DUPLICATE_USERNAME");
  after.username = "mine";
  after.email = "Taken@Example.COM";
  EXPECT_EQ(code_of(store().update_user(before, after)), "DUPLICATE_EMAIL");

  auto stored = store().get_user(before.user_id);
  ASSERT_TRUE(stored) << outcome(stored);
  EXPECT_EQ(*stored, before);  // a rejected update changes nothing
}

TEST_P(StoreBehaviour, StaleUpdateIsAConflict) {
  const auto original = make_user("racer", 1);
  ASSERT_EQ(outcome(store().create_user(original)), "OK");
  auto first = original;
  first.status = domain::UserStatus::inactive;
  first.updated_at = domain::format_iso8601(kBase + 1000);
  ASSERT_EQ(outcome(store().update_user(original, first)), "OK");

  auto second = original;  // based on the version the first writer already replaced
  second.username = "racer_two";
  second.updated_at = domain::format_iso8601(kBase + 2000);
  EXPECT_EQ(code_of(store().update_user(original, second)), "CONFLICT");

  auto stored = store().get_user(original.user_id);
  ASSERT_TRUE(stored) << outcome(stored);
  EXPECT_EQ(*stored, first);
  // The name the losing writer wanted was not reserved.
  EXPECT_EQ(outcome(store().create_user(make_user("racer_two", 2))), "OK");
}

TEST_P(StoreBehaviour, UpdateOfMissingUserIsNotFound) {
  const auto ghost = make_user("ghost", 1);
  auto after = ghost;
  after.updated_at = domain::format_iso8601(kBase + 1000);
  EXPECT_EQ(code_of(store().update_user(ghost, after)), "USER_NOT_FOUND");
  EXPECT_EQ(code_of(store().get_user(ghost.user_id)), "USER_NOT_FOUND");
}

TEST_P(StoreBehaviour, DeleteRemovesTheUserAndFreesItsNames) {
  const auto user = make_user("leaving", 1, "leaving@example.com");
  ASSERT_EQ(outcome(store().create_user(user)), "OK");
  ASSERT_EQ(outcome(store().delete_user(user.user_id)), "OK");
  EXPECT_EQ(code_of(store().get_user(user.user_id)), "USER_NOT_FOUND");
  EXPECT_EQ(code_of(store().delete_user(user.user_id)), "USER_NOT_FOUND");
  auto stale = user;
  stale.updated_at = domain::format_iso8601(kBase + 5000);
  EXPECT_EQ(code_of(store().update_user(user, stale)), "USER_NOT_FOUND");
  EXPECT_EQ(outcome(store().create_user(make_user("Leaving", 2, "LEAVING@example.com"))), "OK");
}

TEST_P(StoreBehaviour, ParallelCreatesOfOneUsernameHaveExactlyOneWinner) {
  constexpr int kThreads = 16;
  std::latch start(kThreads);
  std::atomic<int> created{0};
  std::atomic<int> duplicates{0};
  std::vector<std::string> unexpected(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      // Same name in a different case each time, distinct e-mails: only the username collides.
      std::string name = i % 2 == 0 ? "contested" : "CONTESTED";
      auto user = make_user(name, 100 + i, "racer" + std::to_string(i) + "@example.com");
      start.arrive_and_wait();
      auto result = store().create_user(user);
      if (result) {
        ++created;
      } else if (result.error().code == domain::ErrorCode::duplicate_username) {
        ++duplicates;
      } else {
        unexpected[i] = outcome(result);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (const auto& error : unexpected) {
    EXPECT_EQ(error, "");
  }
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(duplicates.load(), kThreads - 1);
  EXPECT_EQ(all_users(store(), 100).size(), 1U);
}

TEST_P(StoreBehaviour, ParallelCreatesOfOneEmailHaveExactlyOneWinner) {
  constexpr int kThreads = 16;
  std::latch start(kThreads);
  std::atomic<int> created{0};
  std::atomic<int> duplicates{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto user = make_user("mailer" + std::to_string(i), 200 + i,
                            i % 2 ? "Shared@Example.com" : "shared@example.com");
      start.arrive_and_wait();
      auto result = store().create_user(user);
      if (result) {
        ++created;
      } else if (result.error().code == domain::ErrorCode::duplicate_email) {
        ++duplicates;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(duplicates.load(), kThreads - 1);
}

// ---- users: listing ----------------------------------------------------------------------------

TEST_P(StoreBehaviour, EmptyStoreListsNoUsers) {
  auto page = store().list_users({.limit = 10});
  ASSERT_TRUE(page) << outcome(page);
  EXPECT_TRUE(page->items.empty());
  EXPECT_FALSE(page->next.has_value());
}

TEST_P(StoreBehaviour, UserPagesCoverEveryUserOnce) {
  std::set<std::string> expected;
  for (int i = 0; i < 23; ++i) {
    auto user = make_user("user_" + std::to_string(i), i);
    ASSERT_EQ(outcome(store().create_user(user)), "OK");
    expected.insert(user.user_id);
  }
  for (std::size_t limit : {1U, 7U, 23U, 100U}) {
    SCOPED_TRACE("limit " + std::to_string(limit));
    const auto users = all_users(store(), limit);
    std::set<std::string> seen;
    for (const auto& user : users) {
      EXPECT_TRUE(seen.insert(user.user_id).second) << "repeated " << user.user_id;
    }
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(users.size(), expected.size());
  }
}

TEST_P(StoreBehaviour, UserPagesStayConsistentWhenUsersChangeBetweenPages) {
  for (int i = 0; i < 9; ++i) {
    ASSERT_EQ(outcome(store().create_user(make_user("u" + std::to_string(i) + "x", i))), "OK");
  }
  auto first = store().list_users({.limit = 4});
  ASSERT_TRUE(first) << outcome(first);
  ASSERT_EQ(first->items.size(), 4U);
  ASSERT_TRUE(first->next.has_value());
  // Deleting a user already listed must not shift the rest of the listing.
  ASSERT_EQ(outcome(store().delete_user(first->items.front().user_id)), "OK");
  std::set<std::string> seen;
  for (const auto& user : first->items) {
    seen.insert(user.user_id);
  }
  domain::PageRequest request{.limit = 4, .after = first->next};
  for (int pages = 0; pages < 100 && request.after; ++pages) {
    auto page = store().list_users(request);
    ASSERT_TRUE(page) << outcome(page);
    for (const auto& user : page->items) {
      EXPECT_TRUE(seen.insert(user.user_id).second);
    }
    request.after = page->next;
  }
  EXPECT_EQ(seen.size(), 9U);
}

// ---- position tokens ---------------------------------------------------------------------------

TEST_P(StoreBehaviour, ForeignPositionTokensAreValidationErrors) {
  ASSERT_EQ(outcome(store().create_user(make_user("someone", 1))), "OK");
  ASSERT_EQ(outcome(store().put_reading(make_reading("dev-1", kBase))), "OK");
  for (const auto& token : foreign_position_tokens()) {
    SCOPED_TRACE("token '" + token + "'");
    EXPECT_EQ(code_of(store().list_users({.limit = 10, .after = token})), "VALIDATION_ERROR");
    EXPECT_EQ(code_of(store().list_devices({.page = {.limit = 10, .after = token}})), "VALIDATION_ERROR");
    HistoryQuery query{.device_id = "dev-1", .page = {.limit = 10, .after = token}};
    EXPECT_EQ(code_of(store().device_history(query)), "VALIDATION_ERROR");
    query.order = SortOrder::ascending;
    EXPECT_EQ(code_of(store().device_history(query)), "VALIDATION_ERROR");
    EXPECT_EQ(code_of(store().summarize({.page = {.limit = 10, .after = token}})), "VALIDATION_ERROR");
    EXPECT_EQ(message_of(store().list_devices({.page = {.limit = 10, .after = token}})),
              "cursor: is not a valid position");
  }
}
}  // namespace
}  // namespace portfolio::storage
