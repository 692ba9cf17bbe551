// The fixture gallery (fixtures/): every fixture in the repository loads,
// runs and meets all its expectations, natively and as WebAssembly; where a
// golden trace (<fixture>.trace.jsonl) sits beside a fixture, the run's trace
// equals it byte for byte. FLOWPROOF_UPDATE_GOLDEN=1 rewrites the golden
// traces instead (review the diff before committing them).
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/expect/expectations.h"
#include "core/cli/fixture_files.h"
#include "core/cli/run_report.h"
#include "core/json/json_input.h"
#include "core/sim/session.h"

namespace flowproof {
namespace {

const std::string kGallery = std::string(FLOWPROOF_SOURCE_DIR) + "/fixtures";

// Every fixture under fixtures/, as paths relative to it, in search order.
std::vector<std::string> GalleryFixtures() {
  std::vector<std::string> out;
  FixtureSearch found = FindFixtures({kGallery}, kMaxFolderDepth);
  for (const FoundFixture& fixture : found.fixtures) out.push_back(fixture.path.substr(kGallery.size() + 1));
  return out;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string GoldenPath(const std::string& fixture_path) {
  std::string base = fixture_path;
  for (const char* suffix : {".fixture.json", ".json"}) {
    std::string s = suffix;
    if (base.size() > s.size() && base.compare(base.size() - s.size(), s.size(), s) == 0) {
      base.resize(base.size() - s.size());
      break;
    }
  }
  return base + ".trace.jsonl";
}

std::string TestName(const std::string& relative) {
  std::string name;
  for (char c : relative) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

// The warning codes a fixture explains in "x-known-warnings":
// {"missing_preheader": "Dittofeed's email templates have no preheader"}.
// Each needs a reason, so an entry cannot be a silent blanket exemption.
std::set<std::string> KnownWarnings(const std::string& fixture_text) {
  std::set<std::string> codes;
  JsonInputResult parsed = ParseJsonText(fixture_text);
  if (!parsed.ok() || !parsed.value.is_object()) return codes;
  const Json& known = MemberOr(parsed.value, "x-known-warnings");
  if (known.is_null()) return codes;
  EXPECT_TRUE(known.is_object()) << "x-known-warnings must be an object of code to reason";
  if (!known.is_object()) return codes;
  for (auto it = known.begin(); it != known.end(); ++it) {
    EXPECT_TRUE(it->is_string() && !it->get_ref<const std::string&>().empty()) << "x-known-warnings/" << it.key() << " needs a reason";
    codes.insert(it.key());
  }
  return codes;
}

class Gallery : public ::testing::TestWithParam<std::string> {};

TEST_P(Gallery, LoadsRunsAndMeetsEveryExpectation) {
  std::string path = kGallery + "/" + GetParam();
  std::string dir = std::filesystem::path(path).parent_path().string();
  FileLoader loader = [](const std::string& file, std::string* error) {
    return ReadFile(file, JsonLimits{}.max_bytes, error);
  };
  SessionLoadResult loaded = Session::Load(ReadText(path), dir, loader);
  std::string problems;
  for (const Problem& problem : loaded.problems) problems += problem.ToString() + "\n";
  ASSERT_TRUE(loaded.ok()) << path << ":\n" << problems;
  for (const Problem& warning : loaded.warnings) ADD_FAILURE() << path << ": warning " << warning.ToString();
  Session& session = *loaded.session;
  session.RunToEnd();

  const Fixture& fixture = session.fixture();
  EXPECT_FALSE(fixture.expectations.empty()) << "a gallery fixture states what must happen";
  EXPECT_FALSE(fixture.name.empty());
  for (const ExpectationResult& result : CheckExpectations(fixture, session)) {
    if (result.passed) continue;
    std::string steps;
    for (const std::string& step : result.path) steps += "    " + step + "\n";
    ADD_FAILURE() << path << " " << (result.expectation ? result.expectation->pointer : "") << "\n"
                  << "  expected:    " << result.expected << "\n"
                  << "  trace shows: " << result.actual << "\n"
                  << "  diverged:    " << result.divergence << "\n"
                  << steps;
  }
  // No run of the gallery may end in an error line (a loop, a bad wait, a
  // template that fails to render).
  std::string trace = session.TraceJsonl();
  EXPECT_EQ(trace.find("\"kind\":\"error\""), std::string::npos) << trace;
  // The gallery is what users copy: its messages render without warnings
  // (undefined variables, missing alt texts or unsubscribe links, ...),
  // except the codes a fixture lists, with its reason, in
  // "x-known-warnings" (an import whose platform has no field for it).
  std::set<std::string> known = KnownWarnings(ReadText(path));
  for (const Json& sent : session.Messages()) {
    const Json& warnings = sent["message"].contains("warnings") ? sent["message"]["warnings"] : Json::array();
    Json unexplained = Json::array();
    for (const Json& warning : warnings) {
      const std::string& text = warning.get_ref<const std::string&>();
      if (!known.contains(text.substr(0, text.find(':')))) unexplained.push_back(warning);
    }
    EXPECT_TRUE(unexplained.empty()) << path << ": " << sent["contact"] << " " << sent["template"] << " at "
                                     << sent["t"] << ": " << unexplained.dump();
  }

  std::string golden = GoldenPath(path);
  const char* update = std::getenv("FLOWPROOF_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << trace;
    std::printf("updated %s\n", golden.c_str());
  } else if (std::filesystem::exists(golden)) {
    std::string expected = ReadText(golden);
    if (trace != expected) {
      // Point at the first differing line rather than dumping both traces.
      std::istringstream a(trace), b(expected);
      std::string line_a, line_b;
      int line = 0;
      while (true) {
        bool more_a = static_cast<bool>(std::getline(a, line_a));
        bool more_b = static_cast<bool>(std::getline(b, line_b));
        ++line;
        if (!more_a && !more_b) break;
        if (line_a != line_b || more_a != more_b) {
          ADD_FAILURE() << golden << ": line " << line << " differs\n  golden: " << (more_b ? line_b : "(end)")
                        << "\n  run:    " << (more_a ? line_a : "(end)")
                        << "\n(if the change is intended: FLOWPROOF_UPDATE_GOLDEN=1 and review the diff)";
          break;
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Gallery, ::testing::ValuesIn(GalleryFixtures()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return TestName(info.param); });

// The gallery promised by issue 5: at least ten workflows across the four
// kinds, each with a fixture and a README line.
TEST(GalleryContents, TenWorkflowsOfEveryKindWithReadmeLines) {
  std::vector<std::string> fixtures = GalleryFixtures();
  ASSERT_GE(fixtures.size(), 11u) << "fixture search found too few fixtures in " << kGallery;
  std::set<std::string> folders, kinds, ids;
  for (const std::string& relative : fixtures) {
    std::string folder = relative.substr(0, relative.find('/'));
    folders.insert(folder);
    std::string workflow_path = kGallery + "/" + folder + "/workflow.json";
    if (!std::filesystem::exists(workflow_path)) continue;  // examples/ embeds its workflow
    Json workflow = Json::parse(ReadText(workflow_path), nullptr, false);
    ASSERT_TRUE(workflow.is_object()) << workflow_path;
    kinds.insert(workflow.value("type", std::string()));
    ids.insert(workflow.value("id", std::string()));
  }
  EXPECT_GE(ids.size(), 10u);
  EXPECT_EQ(kinds, (std::set<std::string>{"lifecycle", "behavioral", "promotional", "operational"}));
  std::string readme = ReadText(kGallery + "/README.md");
  for (const std::string& folder : folders) {
    EXPECT_NE(readme.find("`" + folder + "/`"), std::string::npos) << "fixtures/README.md has no line for " << folder;
  }
}

// `flowproof run fixtures/` over the whole gallery: exit 0 and the summary.
TEST(GalleryContents, RunOverTheFolderPasses) {
  std::ostringstream out, err;
  RunOptions options;
  int status = RunFixtures({kGallery}, options, out, err);
  EXPECT_EQ(status, kRunAllPassed) << out.str() << err.str();
  std::string text = out.str();
  EXPECT_NE(text.rfind(" passed, 0 failed\n"), std::string::npos) << text;
  EXPECT_EQ(err.str(), "");
}

}  // namespace
}  // namespace flowproof
