#include <ostream>

#include "core/cli/cli_support.h"
#include "core/sim/trace.h"
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
  // JSON lines are printed as they are made, so a run of a million contacts
  // needs no memory for its trace; the text timeline groups lines per
  // contact and so needs them all. Messages are not printed: not kept.
  bool text = format != nullptr && *format == "text";
  SessionOptions options;
  options.keep_messages = false;
  if (!text) options.on_trace_line = [&out](const TraceLine& line) { out << line.ToJson() << '\n'; };
  std::unique_ptr<Session> session = LoadSession(parsed.positional[0], err, options);
  if (!session) return kInvalidInput;
  std::optional<Instant> t;
  if (const std::string* until = parsed.Option("until")) {
    std::string error;
    t = ParseFixtureTime(*until, session->start(), &error);
    if (!t) {
      err << "flowproof: --until: " << error << "\n";
      return kInvalidInput;
    }
    if (*t < session->start()) {  // an empty trace would read as "nothing happens"
      err << "flowproof: --until: " << *until << " is before the clock start " << FormatTimestamp(session->start()) << "\n";
      return kInvalidInput;
    }
  }
  if (!text) {
    if (t) session->AdvanceTo(*t);
    else session->RunToEnd();
    return kOk;
  }
  // The text timeline needs every line in memory: bounded.
  if (!RunBounded(*session, t, [&session] { return session->trace_size(); }, parsed.positional[0], err)) {
    return kInvalidInput;
  }
  out << session->TraceText();
  return kOk;
}

}  // namespace flowproof::cli
