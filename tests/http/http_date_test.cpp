#include "http/http_date.hpp"

#include <gtest/gtest.h>

namespace portfolio::http {
namespace {

TEST(HttpDate, ImfFixdate) {
  EXPECT_EQ(format_http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110's example
  EXPECT_EQ(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(format_http_date(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
  EXPECT_EQ(format_http_date(253402300799), "Fri, 31 Dec 9999 23:59:59 GMT");
}

TEST(HttpDate, CurrentDateIsWellFormed) {
  const auto date = current_http_date();
  EXPECT_EQ(date.size(), 29U);
  EXPECT_EQ(date.substr(25), " GMT");
}

}  // namespace
}  // namespace portfolio::http
