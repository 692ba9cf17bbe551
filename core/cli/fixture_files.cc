#include "core/cli/fixture_files.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "core/json/json_input.h"

namespace flowproof {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Join(const std::string& folder, const std::string& name) {
  if (folder.empty() || folder.back() == '/') return folder + name;
  return folder + "/" + name;
}

// The same file named twice (a folder and a file in it, "a/" and "a") runs once.
bool FirstSighting(const std::string& path, std::set<std::string>* seen) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  return seen->insert(ec ? path : canonical.string()).second;
}

void ReadFixture(const std::string& path, FixtureSearch* found) {
  std::string error;
  std::optional<std::string> text = ReadFile(path, JsonLimits{}.max_bytes, &error);
  if (!text) {
    found->errors.emplace_back(path, error.empty() ? "cannot read the file" : error);
    return;
  }
  found->fixtures.push_back({path, std::move(*text)});
}

// Whether a *.json file found in a folder is a fixture.
bool IsFixtureFile(const std::string& path, std::string* text, std::string* error) {
  std::optional<std::string> read = ReadFile(path, JsonLimits{}.max_bytes, error);
  if (!read) return EndsWith(path, ".fixture.json");  // report it only when it claims to be one
  *text = std::move(*read);
  if (EndsWith(path, ".fixture.json")) return true;
  JsonInputResult parsed = ParseJsonText(*text);
  if (!parsed.ok()) return false;
  const Json& value = parsed.value;
  return value.is_object() && value.contains("format") && value["format"] == "flowproof.fixture/1";
}

void Search(const std::string& folder, int depth, int max_depth, std::set<std::string>* seen, FixtureSearch* found) {
  if (depth > max_depth) {
    found->errors.emplace_back(folder, "folders nest deeper than " + std::to_string(max_depth) + " levels; not searched");
    return;
  }
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  if (ec) {
    found->errors.emplace_back(folder, "cannot list the folder: " + ec.message());
    return;
  }
  std::vector<std::string> names;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    names.push_back(it->path().filename().string());
  }
  if (ec) {
    found->errors.emplace_back(folder, "cannot list the folder: " + ec.message());
    return;
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (name.empty() || name[0] == '.' || name == "node_modules") continue;
    std::string path = Join(folder, name);
    std::error_code status_ec;
    fs::file_status link = fs::symlink_status(path, status_ec);
    fs::file_status target = fs::status(path, status_ec);
    if (fs::is_directory(target)) {
      if (fs::is_symlink(link)) continue;
      Search(path, depth + 1, max_depth, seen, found);
    } else if (EndsWith(name, ".json") && FirstSighting(path, seen)) {
      std::string text, error;
      if (IsFixtureFile(path, &text, &error)) {
        if (!error.empty()) found->errors.emplace_back(path, error);
        else found->fixtures.push_back({path, std::move(text)});
      }
    }
  }
}

}  // namespace

FixtureSearch FindFixtures(const std::vector<std::string>& paths, int max_depth) {
  FixtureSearch found;
  std::set<std::string> seen;
  for (const std::string& path : paths) {
    try {
      std::error_code ec;
      if (fs::is_directory(path, ec)) {
        Search(path, 0, max_depth, &seen, &found);
      } else if (FirstSighting(path, &seen)) {
        ReadFixture(path, &found);
      }
    } catch (const std::exception& error) {
      found.errors.emplace_back(path, std::string("cannot search: ") + error.what());
    }
  }
  return found;
}

}  // namespace flowproof
