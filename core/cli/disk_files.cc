#include "core/cli/disk_files.h"

#include "core/json/json_input.h"

namespace flowproof {

FileLoader DiskFileLoader() {
  return [](const std::string& file, std::string* error) { return ReadFile(file, JsonLimits{}.max_bytes, error); };
}

std::string DirectoryOf(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

}  // namespace flowproof
