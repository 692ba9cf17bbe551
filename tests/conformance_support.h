// The third-party conformance suites (Golden Liquid, JsonLogic) live beside
// the checkout in ../shared/conformance and are never copied here. Where a
// clone has no such folder the tests say so plainly and skip; under CI
// (CI=true), which always lays shared/ beside the clone, a missing suite is a
// failure, so that a suite can never pass by not running.
#pragma once

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include <gtest/gtest.h>

namespace flowproof::testing {

inline bool ConformanceSuitesRequired() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::strcmp(ci, "true") == 0;
}

}  // namespace flowproof::testing

// In a test body: fails under CI, else prints why and skips.
#define FLOWPROOF_SUITE_MISSING(what, path)                                                             \
  do {                                                                                                  \
    if (::flowproof::testing::ConformanceSuitesRequired()) {                                            \
      FAIL() << what << " not found at " << (path) << ": under CI (CI=true) the suite must be there";   \
    }                                                                                                   \
    std::cout << what << " not found at " << (path)                                                     \
              << " (it lives beside the checkout in ../shared/conformance): skipped" << std::endl;      \
    GTEST_SKIP() << what << " not found at " << (path);                                                 \
  } while (false)
