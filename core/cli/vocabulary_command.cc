// `flowproof vocabulary`: every problem code, failure code and trace word,
// with its meaning, as one JSON document. The lists come from
// core/base/problem_codes.h and core/sim/trace_vocabulary.h, so programs
// outside C++ (the page's tests, editors) read the vocabulary from the build
// instead of keeping a copy by hand:
//
//   flowproof vocabulary | jq '.trace.suppression_reasons[].name'
#include <ostream>

#include "core/base/json.h"
#include "core/base/problem_codes.h"
#include "core/cli/commands.h"
#include "core/sim/trace_vocabulary.h"

namespace flowproof::cli {
namespace {

template <std::size_t N>
Json Codes(const CodeMeaning (&list)[N]) {
  Json out = Json::array();
  for (const CodeMeaning& entry : list) out.push_back({{"code", entry.code}, {"meaning", entry.meaning}});
  return out;
}

template <std::size_t N>
Json Words(const TraceWord (&list)[N]) {
  Json out = Json::array();
  for (const TraceWord& entry : list) out.push_back({{"name", entry.name}, {"words", entry.words}});
  return out;
}

}  // namespace

int Vocabulary(const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.empty()) {
    err << "usage: flowproof vocabulary\n";
    return kInvalidInput;
  }
  Json trace = {{"kinds", Words(kTraceKinds)},
                {"suppression_reasons", Words(kSuppressionReasons)},
                {"rejection_reasons", Words(kRejectionReasons)},
                {"hold_reasons", Words(kHoldReasons)},
                {"resume_via", Words(kResumeVias)},
                {"exit_reasons", Words(kExitReasons)},
                {"error_codes", Words(kTraceErrors)},
                {"else_label", kElseLabel}};
  Json vocabulary = {{"problem_codes", Codes(kProblemCodes)}, {"failure_codes", Codes(kFailureCodes)}, {"trace", trace}};
  out << vocabulary.dump(2) << "\n";
  return kOk;
}

}  // namespace flowproof::cli
