// Running a command of core/cli inside a test, and reading a file the test
// compares with.
//
//   CliResult r = RunCli(cli::Diff, {"old.json", "new.json", "--format", "json"});
//   EXPECT_EQ(r.status, 1) << r.err;
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "core/cli/commands.h"

namespace flowproof {

// What the command printed on standard output and error, and its exit status.
struct CliResult {
  int status;
  std::string out;
  std::string err;
};

inline CliResult RunCli(int (*command)(const cli::Args&, std::ostream&, std::ostream&), const cli::Args& args) {
  std::ostringstream out, err;
  int status = command(args, out, err);
  return {status, out.str(), err.str()};
}

// A file's bytes; empty when it cannot be read.
inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace flowproof
