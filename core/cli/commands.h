// The `flowproof` command line (FORMAT.md, "Command line"): one function per
// command, each returning the process exit status.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace flowproof::cli {

using Args = std::vector<std::string>;

int Validate(const Args& args, std::ostream& out, std::ostream& err);
int Simulate(const Args& args, std::ostream& out, std::ostream& err);
int Run(const Args& args, std::ostream& out, std::ostream& err);
int Render(const Args& args, std::ostream& out, std::ostream& err);
int Liquid(const Args& args, std::ostream& out, std::ostream& err);
int Logic(const Args& args, std::ostream& out, std::ostream& err);
int Vocabulary(const Args& args, std::ostream& out, std::ostream& err);  // vocabulary_command.cc
int Diff(const Args& args, std::ostream& out, std::ostream& err);        // diff_command.cc
int Docs(const Args& args, std::ostream& out, std::ostream& err);        // docs_command.cc
int Lint(const Args& args, std::ostream& out, std::ostream& err);        // lint_command.cc
int Forecast(const Args& args, std::ostream& out, std::ostream& err);    // forecast_command.cc
int Import(const Args& args, std::ostream& out, std::ostream& err);      // import_command.cc

// Exit statuses shared by every command.
constexpr int kOk = 0;
constexpr int kProblems = 1;      // validate: problems found; run: an expectation failed
constexpr int kInvalidInput = 2;  // unreadable or invalid input, bad usage

}  // namespace flowproof::cli
