#include "core/model/memory_file_loader.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace flowproof {

FileLoader MemoryFileLoader(const Json& files) {
  auto texts = std::make_shared<std::map<std::string, std::string>>();
  if (files.is_object()) {
    for (const auto& [path, text] : files.items()) {
      if (text.is_string()) (*texts)[path] = text.get<std::string>();
    }
  }
  return [texts](const std::string& path, std::string* error) -> std::optional<std::string> {
    std::string key = path;
    while (key.rfind("./", 0) == 0) key.erase(0, 2);
    for (const std::string& candidate : {path, key}) {
      if (auto it = texts->find(candidate); it != texts->end()) return it->second;
    }
    *error = "cannot read '" + path + "': the page could not fetch it beside the fixture";
    return std::nullopt;
  };
}

}  // namespace flowproof
