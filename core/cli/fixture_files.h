// Finding the fixtures that `flowproof run PATH...` names.
//
//   FixtureSearch found = FindFixtures({"fixtures/", "extra.fixture.json"}, 32);
//   for (const FoundFixture& f : found.fixtures) Session::Load(f.text, ...);
//   for (const auto& [path, message] : found.errors) ...;  // unreadable paths
//
// A file named on the command line is always a fixture. A folder is searched
// recursively (entries in byte order of their names, so runs are repeatable)
// for *.json files that are fixtures: those whose top-level "format" is
// "flowproof.fixture/1", and every *.fixture.json whatever it holds (so that a
// broken fixture is reported, not skipped). Other files are skipped silently,
// as are hidden entries, node_modules and symbolic links to folders (no
// cycles); folders deeper than `max_depth` below a named one are reported.
// A file reached twice (named and inside a named folder) is found once.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace flowproof {

struct FoundFixture {
  std::string path;  // as named, or the folder joined with the relative path
  std::string text;  // the file's contents
};

struct FixtureSearch {
  std::vector<FoundFixture> fixtures;  // in the order found
  // (path, message) for each path that could not be read or searched.
  std::vector<std::pair<std::string, std::string>> errors;
};

// Never throws; file-system failures become `errors`.
FixtureSearch FindFixtures(const std::vector<std::string>& paths, int max_depth);

}  // namespace flowproof
