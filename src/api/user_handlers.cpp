#include "api/user_handlers.hpp"

#include <boost/json.hpp>

#include "api/image_handlers.hpp"
#include "api/json_codec.hpp"
#include "api/page_json.hpp"
#include "api/query_reader.hpp"
#include "api/responses.hpp"
#include "api/user_text.hpp"
#include "domain/clock.hpp"
#include "domain/user_rules.hpp"

namespace portfolio::api {
namespace json = boost::json;
using boost::asio::awaitable;
using domain::UserRules;

namespace {

constexpr std::string_view kListScope = "users";
// Concurrent updates of one user are rare; a few optimistic attempts settle them.
constexpr int kUpdateAttempts = 3;

domain::Error user_not_found(std::string_view id) {
  return {domain::ErrorCode::user_not_found, "no user with id " + std::string(id), {}};
}

}  // namespace

awaitable<ApiResponse> UserHandlers::list(const ApiRequest& request) {
  QueryReader query(request);
  domain::PageRequest page;
  page.limit = static_cast<std::size_t>(query.integer("limit", 50, 1, 100));
  const auto cursor = query.text("cursor");
  if (auto ok = query.finish(); !ok) co_return error_response(ok.error(), request);
  if (auto ok = ctx_.cursors.resume(kListScope, cursor, page); !ok)
    co_return error_response(ok.error(), request);
  auto list = [&store = ctx_.store, &page] { return store.list_users(page); };
  auto result = co_await ctx_.runner.run(std::move(list));
  if (!result) co_return error_response(result.error(), request);
  auto body = page_json(*result, ctx_.cursors, kListScope);
  add_image_urls(body, ctx_, storage::images::OwnerKind::user, "user_id");
  co_return json_response(200, body);
}

awaitable<ApiResponse> UserHandlers::create(const ApiRequest& request) {
  auto body = json_body(request);
  if (!body) co_return error_response(body.error(), request.request_id);
  auto fields = user_fields_from_json(*body);
  if (!fields) co_return error_response(fields.error(), request);
  auto user =
      UserRules::create(*fields, domain::new_user_id(), domain::format_iso8601(domain::now_epoch_ms()));
  if (!user) co_return error_response(user.error(), request);
  auto create_user = [&store = ctx_.store, &u = *user] { return store.create_user(u); };
  auto stored = co_await ctx_.runner.run(create_user);
  if (!stored) co_return error_response(stored.error(), request);
  auto response = json_response(201, to_json(*user));
  response.headers.emplace_back("Location", "/api/v1/users/" + user->user_id);
  co_return response;
}

awaitable<ApiResponse> UserHandlers::get(const ApiRequest& request) {
  const auto id = request.path_param("user_id");
  if (!domain::looks_like_uuid(id)) co_return error_response(user_not_found(id), request);
  auto get_user = [&store = ctx_.store, id] { return store.get_user(id); };
  auto user = co_await ctx_.runner.run(std::move(get_user));
  if (!user) co_return error_response(user.error(), request);
  // Written without a DOM: the same text as to_json(*user) with add_image_url.
  const auto url = linked_image_url(ctx_, storage::images::OwnerKind::user, user->user_id);
  co_return json_text_response(200, user_text(*user, url));
}

awaitable<ApiResponse> UserHandlers::replace(const ApiRequest& request) {
  co_return co_await update(request, Change::replace);
}

awaitable<ApiResponse> UserHandlers::patch(const ApiRequest& request) {
  co_return co_await update(request, Change::patch);
}

awaitable<ApiResponse> UserHandlers::update(const ApiRequest& request, Change change) {
  const auto id = std::string(request.path_param("user_id"));
  auto body = json_body(request);
  if (!body) co_return error_response(body.error(), request.request_id);
  auto fields = user_fields_from_json(*body);
  if (!fields) co_return error_response(fields.error(), request);
  if (!domain::looks_like_uuid(id)) co_return error_response(user_not_found(id), request);

  for (int attempt = 1;; ++attempt) {
    auto get_user = [&store = ctx_.store, &id] { return store.get_user(id); };
    auto current = co_await ctx_.runner.run(std::move(get_user));
    if (!current) co_return error_response(current.error(), request);
    const auto now = domain::format_iso8601(domain::now_epoch_ms());
    auto next = change == Change::replace ? UserRules::replace(*current, *fields, now)
                                          : UserRules::patch(*current, *fields, now);
    if (!next) co_return error_response(next.error(), request);
    auto update_user = [&store = ctx_.store, &before = *current, &after = *next] {
      return store.update_user(before, after);
    };
    auto stored = co_await ctx_.runner.run(std::move(update_user));
    if (stored) co_return json_response(200, to_json(*next));
    if (stored.error().code != domain::ErrorCode::conflict || attempt == kUpdateAttempts) {
      co_return error_response(stored.error(), request);
    }
  }
}

awaitable<ApiResponse> UserHandlers::remove(const ApiRequest& request) {
  const auto id = request.path_param("user_id");
  if (!domain::looks_like_uuid(id)) co_return error_response(user_not_found(id), request);
  auto delete_user = [&store = ctx_.store, id] { return store.delete_user(id); };
  auto deleted = co_await ctx_.runner.run(std::move(delete_user));
  if (!deleted) co_return error_response(deleted.error(), request);
  if (ctx_.images != nullptr && ctx_.images->has({storage::images::OwnerKind::user, std::string(id)})) {
    // The avatar goes with its user; should that fail, the user is still deleted (the image is unreachable).
    auto delete_avatar = [images = ctx_.images, id] {
      return images->remove({storage::images::OwnerKind::user, std::string(id)});
    };
    (void)co_await ctx_.runner.run(std::move(delete_avatar));
  }
  ApiResponse response;
  response.status = 204;
  response.content_type.clear();
  co_return response;
}

}  // namespace portfolio::api
