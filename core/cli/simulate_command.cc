#include <ostream>

#include "core/cli/cli_support.h"
#include "core/time/timestamp.h"

namespace flowproof::cli {

int Simulate(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  if (!ParseArgs(args, {"until", "format"}, {}, &parsed, err)) return kInvalidInput;
  if (parsed.positional.size() != 1) {
    err << "usage: flowproof simulate FIXTURE.json [--until T] [--format jsonl|text]\n";
    return kInvalidInput;
  }
  const std::string* format = parsed.Option("format");
  if (format != nullptr && *format != "jsonl" && *format != "text") {
    err << "flowproof: --format must be jsonl or text\n";
    return kInvalidInput;
  }
  std::unique_ptr<Session> session = LoadSession(parsed.positional[0], err);
  if (!session) return kInvalidInput;
  if (const std::string* until = parsed.Option("until")) {
    std::string error;
    std::optional<Instant> t = ParseFixtureTime(*until, session->start(), &error);
    if (!t) {
      err << "flowproof: --until: " << error << "\n";
      return kInvalidInput;
    }
    session->AdvanceTo(*t);
  } else {
    session->RunToEnd();
  }
  out << (format != nullptr && *format == "text" ? session->TraceText() : session->TraceJsonl());
  return kOk;
}

}  // namespace flowproof::cli
