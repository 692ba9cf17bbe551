#include "core/api/envelope.h"

#include "core/base/json_dump.h"
#include "core/base/problem_codes.h"

namespace flowproof::api {

Json ErrorJson(const std::string& code, const std::string& pointer, const std::string& message, int line,
               int column) {
  return {{"code", code}, {"pointer", pointer}, {"message", message},
          {"line", line > 0 ? Json(line) : Json()}, {"column", column > 0 ? Json(column) : Json()}};
}

Json ProblemsJson(const Problems& problems) {
  Json out = Json::array();
  for (const Problem& p : problems) out.push_back(ErrorJson(p.code, p.pointer, p.message, p.line, p.column));
  return out;
}

std::string Ok(const Json& result) { return DumpJson(Json{{"ok", true}, {"result", result}}); }

std::string OkText(const std::string& json) { return "{\"ok\":true,\"result\":" + json + "}"; }

std::string Failure(const std::string& code, const std::string& message) {
  return DumpJson(Json{{"ok", false}, {"code", code}, {"errors", Json::array({ErrorJson(code, "", message)})}});
}

std::string StringOption(const Json& options, const char* name) {
  auto it = options.find(name);
  return it != options.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string InvalidInput(const Problems& problems) {
  return DumpJson(Json{{"ok", false}, {"code", failure_code::kInvalidInput}, {"errors", ProblemsJson(problems)}});
}

}  // namespace flowproof::api
