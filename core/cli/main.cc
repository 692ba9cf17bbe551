// flowproof: what exactly happens to this contact, when, and what does the
// message say? See FORMAT.md ("Command line") for the contract.
#include <cstring>
#include <iostream>
#include <string>

#include "core/cli/commands.h"

namespace {

constexpr const char* kUsage = R"(usage: flowproof COMMAND ...

  validate WORKFLOW.json                      check a workflow (or a fixture); problems as POINTER: message
  simulate FIXTURE.json [--until T] [--format jsonl|text]
                                              run a fixture and print its trace
  run FIXTURE.json|DIR... [--format text|json|junit] [--coverage]
                                              run fixtures and check their expectations
  render FIXTURE.json --contact ID --template NAME [--at T]
                                              print a rendered message as JSON
  liquid TEMPLATE.liquid DATA.json [--partials PARTIALS.json] [--strict]
                                              render a bare Liquid template
  logic RULE.json DATA.json                   evaluate a JsonLogic rule
  lint WORKFLOW.json|FIXTURE.json [--format text|json|sarif]
                                              findings: unreachable nodes, branches never taken, ...
  forecast FIXTURE.json [--contacts N] [--runs K] [--format text|json|csv|html]
                                              what the fixture's population will do, counted
  vocabulary                                  print every problem code and trace word as JSON
  diff OLD.json NEW.json [--fixture FIXTURE.json] [--publish-at T] [--format text|json|md]
                                              what changed between two versions (exit 1: something differs)
  docs WORKFLOW.json|FIXTURE.json [--since OLD.json] [--format md|html]
                                              write the workflow's documentation
  import --from dittofeed|klaviyo|hubspot INPUT.json [-o WORKFLOW.json] [--names NAMES.json]
                                              convert a platform's export; losses on stderr (exit 1)

Exit status: 0 success, 1 problems found or an expectation failed, 2 invalid input.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace flowproof::cli;
  std::ios::sync_with_stdio(false);
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    (argc < 2 ? std::cerr : std::cout) << kUsage;
    return argc < 2 ? kInvalidInput : kOk;
  }
  std::string command = argv[1];
  Args args(argv + 2, argv + argc);
  int status = kInvalidInput;
  if (command == "validate") status = Validate(args, std::cout, std::cerr);
  else if (command == "simulate") status = Simulate(args, std::cout, std::cerr);
  else if (command == "run") status = Run(args, std::cout, std::cerr);
  else if (command == "render") status = Render(args, std::cout, std::cerr);
  else if (command == "liquid") status = Liquid(args, std::cout, std::cerr);
  else if (command == "logic") status = Logic(args, std::cout, std::cerr);
  else if (command == "vocabulary") status = Vocabulary(args, std::cout, std::cerr);
  else if (command == "diff") status = Diff(args, std::cout, std::cerr);
  else if (command == "docs") status = Docs(args, std::cout, std::cerr);
  else if (command == "lint") status = Lint(args, std::cout, std::cerr);
  else if (command == "forecast") status = Forecast(args, std::cout, std::cerr);
  else if (command == "import") status = Import(args, std::cout, std::cerr);
  else std::cerr << "flowproof: unknown command '" << command << "'\n\n" << kUsage;
  std::cout.flush();
  return status;
}
