#pragma once

#include "domain/error.hpp"

namespace portfolio::storage {

// The errors of the Store contract (store.hpp) that more than one back end reports, worded once so
// that clients see the same message whichever store runs.

// A page request's position token is not one this store issued for the listing.
domain::Error invalid_position();
// A page request asks for no items.
domain::Error invalid_limit();
domain::Error user_not_found();
// The device has no readings at all.
domain::Error device_not_found();
// update_user's `before` is no longer the stored version.
domain::Error user_changed();
domain::Error username_taken();
domain::Error email_taken();

}  // namespace portfolio::storage
