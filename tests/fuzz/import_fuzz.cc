// Fuzzes `flowproof import`: ImportWorkflow for each platform. The first
// byte picks the platform (byte % 3: dittofeed, klaviyo, hubspot); the rest,
// up to a NUL byte, is the export and after it an optional names map.
//
// Checked: no crash or escaping exception; a result is either problems and
// no workflow, or a workflow that passes ValidateDocument (the importer's
// contract: never an invalid workflow), never an internal_error; every
// problem and loss is printable; the same input gives the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/base/json_dump.h"
#include "core/base/problem_codes.h"
#include "core/import/import.h"
#include "core/json/json_input.h"
#include "core/validate/validate_document.h"
#include "tests/fuzz/fuzz_support.h"

namespace flowproof {
namespace {

std::string Describe(const ImportResult& r) {
  std::string out = r.workflow.is_null() ? std::string() : DumpJson(r.workflow);
  for (const ImportLoss& l : r.losses) out += "\n" + l.ToString();
  for (const Problem& p : r.problems) out += "\n" + p.ToString() + " [" + p.code + "]";
  return out;
}

}  // namespace
}  // namespace flowproof

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace flowproof;
  if (size < 1) return 0;
  Platform platform = data[0] % 3 == 0 ? Platform::kDittofeed : data[0] % 3 == 1 ? Platform::kKlaviyo : Platform::kHubSpot;
  std::vector<std::string_view> parts = fuzz::Split(data + 1, size - 1, 2);
  NamesMap names;
  if (!parts[1].empty()) {
    JsonInputResult parsed = ParseJsonText(parts[1]);
    if (parsed.ok()) {
      if (auto map = ParseNamesMap(parsed.value, nullptr)) names = *map;
    }
  }
  ImportResult r = ImportWorkflow(parts[0], platform, names);
  std::string described = Describe(r);
  if (r.ok()) {
    DocumentOptions options;
    options.kind = DocumentKind::kWorkflow;
    DocumentCheck check = ValidateDocument(r.workflow, options);
    std::string why;
    for (const Problem& p : check.problems) why += p.ToString() + "\n";
    fuzz::Require(check.ok(), "the importer gave a workflow that fails validate", why + described);
    fuzz::Require(r.ExitCode() == (r.losses.empty() ? 0 : 1), "exit code disagrees with the losses");
  } else {
    fuzz::Require(r.workflow.is_null(), "a workflow beside problems");
    fuzz::Require(r.ExitCode() == 2, "problems without exit code 2");
    for (const Problem& p : r.problems) {
      fuzz::Require(p.code != problem_code::kInternalError, "an internal error", described);
    }
  }
  ImportResult again = ImportWorkflow(parts[0], platform, names);
  fuzz::Require(Describe(again) == described, "the same export converted differently");
  return 0;
}
