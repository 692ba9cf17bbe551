#include <ostream>

#include "core/cli/cli_support.h"
#include "core/sim/trace.h"
#include "core/time/timestamp.h"

namespace flowproof::cli {

// Runs the fixture (to --at, or to its end) and prints the message as the
// contact got it then, or as it would render at that moment if never sent.
int Render(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  if (!ParseArgs(args, {"contact", "template", "at"}, {}, &parsed, err)) return kInvalidInput;
  const std::string* contact = parsed.Option("contact");
  const std::string* name = parsed.Option("template");
  if (parsed.positional.size() != 1 || contact == nullptr || name == nullptr) {
    err << "usage: flowproof render FIXTURE.json --contact ID --template NAME [--at T]\n";
    return kInvalidInput;
  }
  // The trace is not needed, only the messages: lines are counted, not kept.
  std::size_t lines = 0;
  SessionOptions options;
  options.on_trace_line = [&lines](const TraceLine&) { ++lines; };
  std::unique_ptr<Session> session = LoadSession(parsed.positional[0], err, options);
  if (!session) return kInvalidInput;
  std::optional<Instant> t;
  if (const std::string* at = parsed.Option("at")) {
    std::string error;
    t = ParseFixtureTime(*at, session->start(), &error);
    if (!t) {
      err << "flowproof: --at: " << error << "\n";
      return kInvalidInput;
    }
  }
  if (!RunBounded(*session, t, [&lines] { return lines; }, parsed.positional[0], err)) return kInvalidInput;
  MessageRenderResult rendered = session->Render(*contact, *name);
  if (!rendered.ok()) {
    err << "flowproof: " << rendered.error << "\n";
    return kInvalidInput;
  }
  out << rendered.message.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  return kOk;
}

}  // namespace flowproof::cli
