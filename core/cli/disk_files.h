// The command line's access to the host's files: the core itself never opens
// a file (the browser has none); it is handed a FileLoader instead.
//
//   SessionLoadResult loaded = Session::Load(text, DirectoryOf(path), DiskFileLoader());
#pragma once

#include <string>

#include "core/model/fixture_parser.h"  // FileLoader

namespace flowproof {

// Reads files from disk within the JSON size limit (README, "Limits").
FileLoader DiskFileLoader();

// The folder of a fixture's path ("" for none), which its relative workflow
// paths are read from.
std::string DirectoryOf(const std::string& path);

}  // namespace flowproof
