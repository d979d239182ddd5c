#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/page.hpp"

namespace portfolio::api {

// Turns a store's position token into the opaque cursor clients see, and back.
//
// A cursor is base64url(token) "." base64url(HMAC-SHA256(key, scope "\n" token)[0..16)). The scope
// names the query it belongs to (for example "history:sensor-1:desc"), so a cursor from another query,
// a truncated one or one with a flipped byte fails to open. Cursors carry no authority: the MAC is
// about integrity, and the key only needs to be shared by the instances behind one load balancer.
class CursorCodec {
 public:
  explicit CursorCodec(std::string key);

  std::string seal(std::string_view scope, std::string_view token) const;
  // The token, or VALIDATION_ERROR on the `cursor` field.
  domain::Result<std::string> open(std::string_view scope, std::string_view cursor) const;
  // Sets page.after from the client's cursor, when one was given.
  domain::Result<void> resume(std::string_view scope, const std::optional<std::string>& cursor,
                              domain::PageRequest& page) const;
  // The client-facing next_cursor of a page: null on the last page.
  std::optional<std::string> next(std::string_view scope, const std::optional<std::string>& token) const;

 private:
  std::string mac(std::string_view scope, std::string_view token) const;
  std::string key_;
};

std::string base64url_encode(std::string_view bytes);
// False when the text is not base64url (unpadded) as produced by base64url_encode.
bool base64url_decode(std::string_view text, std::string& out);

}  // namespace portfolio::api
