// ForecastCsv (forecast_output.h): one row per figure, its deviation over
// runs beside it.
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/forecast/forecast_output.h"
#include "core/forecast/forecast_output_parts.h"

namespace flowproof {
namespace {

using namespace forecast_internal;

std::string CsvField(const std::string& text) {
  bool quote = text.find_first_of(",\"\r\n") != std::string::npos || (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@'));
  if (!quote) return text;
  std::string out = "\"";
  // A leading = + - @ would be a formula to a spreadsheet: quoted and
  // prefixed with ' (OWASP's CSV injection advice); numbers never start so
  // except negative ones, which have no other reason to appear here.
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '@')) out += "'";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Leaves of `value` under `path`, by_day keyed by day and ci95 as low/high.
void Flatten(const Json& value, std::vector<std::string>& path, std::vector<std::pair<std::vector<std::string>, Json>>& out) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      path.push_back(it.key());
      Flatten(it.value(), path, out);
      path.pop_back();
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      const Json& item = value[i];
      if (item.is_object() && item.contains("day")) {
        path.push_back(item["day"].get<std::string>());
        Json rest = item;
        rest.erase("day");
        Flatten(rest, path, out);
      } else {
        path.push_back(value.size() == 2 && path.back() == "ci95" ? (i == 0 ? "low" : "high") : std::to_string(i));
        Flatten(item, path, out);
      }
      path.pop_back();
    }
  } else {
    out.emplace_back(path, value);
  }
}

const Json* Find(const Json& root, const std::vector<std::string>& path) {
  const Json* at = &root;
  for (const std::string& key : path) {
    if (at->is_object()) {
      auto it = at->find(key);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array()) {
      const Json* next = nullptr;
      for (std::size_t i = 0; i < at->size(); ++i) {
        const Json& item = (*at)[i];
        if ((item.is_object() && item.value("day", "") == key) || key == std::to_string(i) ||
            (at->size() == 2 && ((key == "low" && i == 0) || (key == "high" && i == 1)))) {
          next = &item;
          break;
        }
      }
      if (next == nullptr) return nullptr;
      at = next;
    } else {
      return nullptr;
    }
  }
  return at;
}


}  // namespace

std::string ForecastCsv(const Json& result) {
  std::vector<std::pair<std::vector<std::string>, Json>> leaves;
  std::vector<std::string> path;
  Json body = result;
  Json sd = body.contains("sd") ? body["sd"] : Json();
  body.erase("sd");
  // A portfolio's workflows carry their own "sd": in the sd column too, not
  // as rows of their own.
  if (IsPortfolio(result) && body.contains("workflows") && body["workflows"].is_object()) {
    for (auto it = body["workflows"].begin(); it != body["workflows"].end(); ++it) {
      if (!it.value().contains("sd")) continue;
      sd["workflows"][it.key()] = std::move(it.value()["sd"]);
      it.value().erase("sd");
    }
  }
  Flatten(body, path, leaves);
  std::ostringstream out;
  out << "section,item,detail,value,sd\r\n";
  for (const auto& [where, value] : leaves) {
    std::string detail;
    for (std::size_t i = 2; i < where.size(); ++i) detail += (i > 2 ? "." : "") + where[i];
    const Json* deviation = sd.is_null() ? nullptr : Find(sd, where);
    out << CsvField(where[0]) << "," << CsvField(where.size() > 1 ? where[1] : "") << "," << CsvField(detail) << ","
        << CsvField(Scalar(value)) << "," << (deviation != nullptr && deviation->is_number() ? CsvField(Scalar(*deviation)) : "") << "\r\n";
  }
  return out.str();
}

}  // namespace flowproof
