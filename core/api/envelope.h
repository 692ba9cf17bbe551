// The JSON envelope of the core's text API (core/api/), the one contract of
// the WebAssembly boundary (mirrored in web/src/api/either/errors.js).
//
//   {"ok": true, "result": ...}
//   {"ok": false, "code": "invalid_argument",
//    "errors": [{"code", "pointer", "line", "column", "message"}, ...]}
//
// `code` at the top is the failure's class (failure_code::k*, README "Error
// codes"); each error's `code` is its own: a located problem in the user's
// document carries its problem code (`unknown_field`, `invalid_json`,
// `bad_reference`, ...), any other failure repeats the class.
//
//   std::string text = Guard([&] { return Ok(Json{{"now", 0}}); });
#pragma once

#include <exception>
#include <new>
#include <string>

#include "core/base/json.h"
#include "core/base/problem.h"
#include "core/base/problem_codes.h"

namespace flowproof::api {

// {"code", "pointer", "line", "column", "message"}; line and column are null
// when unknown.
Json ErrorJson(const std::string& code, const std::string& pointer, const std::string& message, int line = 0,
               int column = 0);

// Each problem with its own code.
Json ProblemsJson(const Problems& problems);

// {"ok":true,"result":RESULT}.
std::string Ok(const Json& result);
// The same around JSON text that is already serialised (a trace).
std::string OkText(const std::string& json);
// {"ok":false,"code":CODE,"errors":[{"code":CODE,"pointer":"",...,"message":MESSAGE}]}.
std::string Failure(const std::string& code, const std::string& message);
// {"ok":false,"code":"invalid_input","errors":[each problem]}.
std::string InvalidInput(const Problems& problems);

// The string option `name` of a call's options object; empty when absent or
// not a string.
std::string StringOption(const Json& options, const char* name);

// Runs `body` and returns its text; an exception becomes an `out_of_memory`
// or `internal_error` failure instead, after `on_failure` ran (a session
// drops itself there: its state is unknown after a failure halfway through
// a step). Nothing is ever thrown out of it.
template <typename Body, typename OnFailure = void (*)()>
std::string Guard(Body&& body, OnFailure&& on_failure = [] {}) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    on_failure();
    return Failure(failure_code::kOutOfMemory, "out of memory; the fixture was unloaded");
  } catch (const std::exception& e) {
    on_failure();
    return Failure(failure_code::kInternalError, std::string("internal error (a bug in flowproof): ") + e.what());
  } catch (...) {
    on_failure();
    return Failure(failure_code::kInternalError, "internal error (a bug in flowproof)");
  }
}

}  // namespace flowproof::api
