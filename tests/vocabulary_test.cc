// The vocabulary programs rely on: problem codes (core/base/problem_codes.h)
// and trace words (core/sim/trace_vocabulary.h). Each is defined once, listed
// once, documented in README "Error codes" with the same meaning, given by
// the parsers and the simulator, and put in words by the text trace.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/base/problem_codes.h"
#include "core/json/json_input.h"
#include "core/model/fixture_parser.h"
#include "core/model/workflow_parser.h"
#include "core/sim/trace_text.h"
#include "core/sim/trace_vocabulary.h"

namespace flowproof {
namespace {

const std::string kSource = FLOWPROOF_SOURCE_DIR;

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// README's "Error codes" section, up to the next second-level heading.
std::string ErrorCodesSection() {
  std::string readme = ReadText(kSource + "/README.md");
  std::size_t start = readme.find("\n## Error codes\n");
  if (start == std::string::npos) return "";
  std::size_t end = readme.find("\n## ", start + 1);
  return readme.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::set<std::string> Listed(const CodeMeaning* begin, const CodeMeaning* end) {
  std::set<std::string> out;
  for (const CodeMeaning* entry = begin; entry != end; ++entry) out.insert(entry->code);
  return out;
}

std::set<std::string> ProblemCodes() { return Listed(std::begin(kProblemCodes), std::end(kProblemCodes)); }
std::set<std::string> FailureCodes() { return Listed(std::begin(kFailureCodes), std::end(kFailureCodes)); }

// The string values of the constants `inline constexpr char kName[] = "value";`
// inside `namespace NAME { ... }` of a header.
std::vector<std::string> ConstantsIn(const std::string& header, const std::string& name) {
  std::vector<std::string> out;
  std::size_t start = header.find("namespace " + name + " {");
  if (start == std::string::npos) return out;
  std::size_t end = header.find("}  // namespace " + name, start);
  std::string body = header.substr(start, end - start);
  std::regex constant(R"re(inline constexpr char k\w+\[\] = "([^"]*)";)re");
  for (std::sregex_iterator it(body.begin(), body.end(), constant), stop; it != stop; ++it) out.push_back((*it)[1]);
  return out;
}

bool IsSnakeCase(const std::string& name) {
  return std::regex_match(name, std::regex("[a-z][a-z0-9]*(_[a-z0-9]+)*"));
}

TEST(ProblemCodes, EveryConstantIsListedOnceInSnakeCase) {
  std::string header = ReadText(kSource + "/core/base/problem_codes.h");
  ASSERT_FALSE(header.empty());
  std::vector<std::string> problem_constants = ConstantsIn(header, "problem_code");
  std::vector<std::string> failure_constants = ConstantsIn(header, "failure_code");
  EXPECT_EQ(problem_constants.size(), std::size(kProblemCodes));
  EXPECT_EQ(failure_constants.size(), std::size(kFailureCodes));
  EXPECT_EQ(std::set<std::string>(problem_constants.begin(), problem_constants.end()), ProblemCodes());
  EXPECT_EQ(std::set<std::string>(failure_constants.begin(), failure_constants.end()), FailureCodes());
  EXPECT_EQ(ProblemCodes().size(), std::size(kProblemCodes)) << "a problem code is listed twice";
  EXPECT_EQ(FailureCodes().size(), std::size(kFailureCodes)) << "a failure code is listed twice";
  for (const CodeMeaning& entry : kProblemCodes) {
    EXPECT_TRUE(IsSnakeCase(entry.code)) << entry.code;
    EXPECT_GT(std::string(entry.meaning).size(), 10u) << entry.code;
  }
  for (const CodeMeaning& entry : kFailureCodes) EXPECT_TRUE(IsSnakeCase(entry.code)) << entry.code;
}

// Every code the core names in its sources is a constant of the header (the
// compiler checks that), and no Problem is given a code as a bare string.
TEST(ProblemCodes, TheCoreNamesCodesOnlyByTheirConstants) {
  std::regex literal(R"re(\.code = "|code = std::string\(")re");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kSource + "/core")) {
    std::string path = entry.path().string();
    if (!entry.is_regular_file() || (path.size() < 3 || (path.substr(path.size() - 3) != ".cc" && path.substr(path.size() - 2) != ".h"))) {
      continue;
    }
    std::string text = ReadText(path);
    EXPECT_FALSE(std::regex_search(text, literal)) << path << " gives a Problem a literal code; use problem_code::k...";
  }
}

// Every Problem the core writes out as `Problem{...}` (or as a braced list
// assigned to `problems`) names its code; a positional Problem{pointer,
// message} would compile with an empty one.
TEST(ProblemCodes, EveryProblemTheCoreMakesNamesItsCode) {
  int made = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kSource + "/core")) {
    std::string path = entry.path().string();
    if (!entry.is_regular_file() || (path.substr(path.size() - 3) != ".cc" && path.substr(path.size() - 2) != ".h")) continue;
    if (path.find("core/base/problem") != std::string::npos) continue;  // the definition and its example
    std::string text = ReadText(path);
    for (const std::string opening : {"Problem{", "problems = {{"}) {
      for (std::size_t at = text.find(opening); at != std::string::npos; at = text.find(opening, at + 1)) {
        std::size_t end = at + opening.size();
        for (int depth = 1; end < text.size() && depth > 0; ++end) depth += text[end] == '{' ? 1 : text[end] == '}' ? -1 : 0;
        std::string made_here = text.substr(at, end - at);
        ++made;
        bool coded = made_here.find("problem_code::") != std::string::npos || made_here.find(".code = ") != std::string::npos;
        EXPECT_TRUE(coded) << path << " makes a Problem without a code:\n" << made_here;
      }
    }
  }
  EXPECT_GT(made, 5);
}

TEST(ProblemCodes, ReadmeListsEveryCodeWithItsMeaning) {
  std::string section = ErrorCodesSection();
  ASSERT_FALSE(section.empty()) << "README.md has no \"## Error codes\" section";
  for (const CodeMeaning& entry : kProblemCodes) {
    std::string row = std::string("| `") + entry.code + "` | " + entry.meaning + " |";
    EXPECT_NE(section.find(row), std::string::npos) << "README \"Error codes\" lacks the row\n" << row;
  }
  for (const CodeMeaning& entry : kFailureCodes) {
    std::string row = std::string("| `") + entry.code + "` | " + entry.meaning + " |";
    EXPECT_NE(section.find(row), std::string::npos) << "README \"Error codes\" lacks the row\n" << row;
  }
}

// Every problem of a badly broken workflow, fixture and JSON text has a
// listed code.
TEST(ProblemCodes, ParsersGiveOnlyListedCodes) {
  std::set<std::string> codes = ProblemCodes();
  Problems all;
  Json workflow = Json::parse(R"({
    "format": "flowproof.workflow/2", "id": 7, "type": "newsletter", "timezone": "Mars/Base", "colour": "red",
    "entry": {"triggers": [{"type": "date", "offset": "1 week", "at": "9pm", "every": "month"}, {"type": "webhook"}],
              "audience": {"frob": 1}, "reenroll": "-1d"},
    "exit": {"goal": {"==": [1, 1], "!": true}, "max_duration": "0s", "on_events": {}},
    "settings": {"quiet_hours": {"start": "21:00", "end": "08:00", "mode": "pause"}, "frequency_cap": {"max": 2.5, "per": "1d", "channels": ["fax"]}},
    "start": "ghost",
    "nodes": {"a": {"type": "send", "channel": "sms", "template": "welcome", "next": "b"},
              "b": {"type": "branch", "branches": [{"label": "else", "when": {"days_since": []}, "next": "c"},
                                                   {"label": "else", "when": true, "next": "c"}], "else": "nowhere"},
              "c": {"type": "wait", "for": "-1d", "until": {"time": "09:00", "days": []}, "next": "d"},
              "d": {"type": "wait_event", "event": "x", "on_timeout": "a", "next": "e"},
              "e": {"type": "exit", "reason": ""},
              "lost": {"type": "exit"}},
    "templates": {"welcome": {"channel": "email", "subject": "{% render 'gone' %}", "variants": []}}
  })");
  WorkflowParseResult parsed = ParseWorkflow(workflow);
  all.insert(all.end(), parsed.problems.begin(), parsed.problems.end());
  Json fixture = Json::parse(R"({
    "format": "flowproof.fixture/1", "workflow": 5, "clock": {"start": "2026-11-02T00:00:00Z", "until": "-1d"}, "seed": -1,
    "contacts": [{"id": "*"}, {"id": "a"}, {"id": "a", "consent": {"fax": true}}],
    "script": [{"at": "+1h", "contact": "b", "event": "x", "set": {}}],
    "expect": [{"contact": "a", "reaches": "x", "at": "+1h", "by": "+2h"}]
  })");
  FixtureParseResult fixture_parsed = ParseFixture(fixture, "", nullptr);
  all.insert(all.end(), fixture_parsed.problems.begin(), fixture_parsed.problems.end());
  for (const char* text : {"{\"a\": 1, \"a\": 2}", "[1, 2", "{\"a\": tru}", "1e999", "[[[[[[[[[["}) {
    JsonLimits limits;
    limits.max_depth = 5;
    JsonInputResult input = ParseJsonText(text, limits);
    ASSERT_TRUE(input.problem.has_value()) << text;
    all.push_back(*input.problem);
  }
  EXPECT_GT(all.size(), 40u);
  std::set<std::string> seen;
  for (const Problem& problem : all) {
    EXPECT_TRUE(codes.count(problem.code)) << "unlisted code '" << problem.code << "' for " << problem.ToString();
    seen.insert(problem.code);
  }
  // The broken documents above exercise most of the codes, not one catch-all.
  EXPECT_GE(seen.size(), 20u) << ::testing::PrintToString(seen);
}

// ---- the trace vocabulary --------------------------------------------------------

struct WordList {
  const char* name;
  std::vector<TraceWord> words;
};

std::vector<WordList> TraceLists() {
  auto list = [](const char* name, const auto& words) { return WordList{name, std::vector<TraceWord>(std::begin(words), std::end(words))}; };
  return {list("kinds", kTraceKinds),         list("suppression reasons", kSuppressionReasons),
          list("rejection reasons", kRejectionReasons), list("hold reasons", kHoldReasons),
          list("resume via", kResumeVias),     list("exit reasons", kExitReasons),
          list("error codes", kTraceErrors)};
}

TEST(TraceVocabulary, EveryConstantIsListedOnceInSnakeCase) {
  std::string header = ReadText(kSource + "/core/sim/trace_vocabulary.h");
  ASSERT_FALSE(header.empty());
  const std::pair<const char*, const char*> namespaces[] = {
      {"trace_kind", "kinds"},       {"suppression", "suppression reasons"}, {"rejection", "rejection reasons"},
      {"hold", "hold reasons"},      {"resume_via", "resume via"},           {"exit_reason", "exit reasons"},
      {"trace_error", "error codes"}};
  for (const WordList& list : TraceLists()) {
    std::set<std::string> names;
    for (const TraceWord& word : list.words) {
      EXPECT_TRUE(IsSnakeCase(word.name)) << word.name;
      EXPECT_TRUE(names.insert(word.name).second) << list.name << " lists '" << word.name << "' twice";
      EXPECT_GT(std::string(word.words).size(), 5u) << word.name;
    }
    for (const auto& [space, listed] : namespaces) {
      if (std::string(listed) != list.name) continue;
      std::vector<std::string> constants = ConstantsIn(header, space);
      EXPECT_EQ(std::set<std::string>(constants.begin(), constants.end()), names) << space << " vs " << list.name;
    }
  }
}

// The text trace (`simulate --format text`, expectation reports) says every
// kind, reason and code in words: kinds as sentences, reasons with their
// words from the vocabulary, exits and errors by name (an error line carries
// its own message).
TEST(TraceVocabulary, TheTextTraceHasWordsForEveryWord) {
  Workflow workflow;
  auto line = [](const char* kind) {
    TraceLine out(0, "alice", kind);
    out.Add("node", "n").Add("label", "A").Add("trigger", 0).Add("channel", "email").Add("template", "welcome");
    out.Add("set", Json{{"stage", "cold"}});  // what an `updated` line changed
    return out;
  };
  for (const TraceWord& kind : kTraceKinds) {
    std::string text = DescribeTraceLine(workflow, line(kind.name));
    EXPECT_NE(text, kind.name) << "the text trace has no words for kind '" << kind.name << "'";
    EXPECT_FALSE(text.empty()) << kind.name;
  }
  for (const TraceWord& reason : kSuppressionReasons) {
    std::string text = DescribeTraceLine(workflow, line(trace_kind::kSuppressed).Add("reason", reason.name));
    EXPECT_EQ(text, std::string("email 'welcome' suppressed: ") + reason.name + " (" + reason.words + ")");
  }
  for (const TraceWord& reason : kRejectionReasons) {
    std::string text = DescribeTraceLine(workflow, line(trace_kind::kEnrollRejected).Add("reason", reason.name));
    EXPECT_EQ(text, std::string("not enrolled: ") + reason.name + " (" + reason.words + ")");
  }
  for (const TraceWord& reason : kHoldReasons) {
    TraceLine waiting(0, "alice", trace_kind::kWaiting);
    waiting.Add("node", "n").Add("until", "2026-11-02T08:00:00Z").Add("reason", reason.name);
    EXPECT_EQ(DescribeTraceLine(workflow, waiting), std::string(reason.words) + " until 2026-11-02T08:00:00Z");
  }
  for (const TraceWord& via : kResumeVias) {
    TraceLine resumed(0, "alice", trace_kind::kResumed);
    resumed.Add("node", "n").Add("via", via.name);
    EXPECT_EQ(DescribeTraceLine(workflow, resumed), std::string("resumed: ") + via.words);
  }
  for (const TraceWord& reason : kExitReasons) {
    TraceLine exited(0, "alice", trace_kind::kExited);
    exited.Add("reason", reason.name);
    EXPECT_EQ(DescribeTraceLine(workflow, exited), std::string("exited: ") + reason.name);
  }
  for (const TraceWord& code : kTraceErrors) {
    TraceLine error(0, "alice", trace_kind::kError);
    error.Add("code", code.name).Add("message", "what went wrong").Add("node", "n");
    EXPECT_EQ(DescribeTraceLine(workflow, error), std::string("error ") + code.name + ": what went wrong");
  }
}

TEST(TraceVocabulary, ReadmeListsEveryWord) {
  std::string section = ErrorCodesSection();
  ASSERT_FALSE(section.empty()) << "README.md has no \"## Error codes\" section";
  for (const WordList& list : TraceLists()) {
    for (const TraceWord& word : list.words) {
      EXPECT_NE(section.find(std::string("`") + word.name + "`"), std::string::npos)
          << "README \"Error codes\" does not name the " << list.name << " word '" << word.name << "'";
    }
  }
}

// The model layer (below the simulator) gives the default exit reasons; they
// are the vocabulary's.
TEST(TraceVocabulary, DefaultExitReasonsAreTheVocabularys) {
  EXPECT_EQ(Node().reason, exit_reason::kCompleted);
  EXPECT_EQ(ExitOnEvent().reason, exit_reason::kExitEvent);
}

// The golden traces of the gallery use only the vocabulary (an exit reason
// may also be one the fixture's workflow names).
TEST(TraceVocabulary, GoldenTracesUseOnlyTheVocabulary) {
  auto names = [](const auto& list) {
    std::set<std::string> out;
    for (const TraceWord& word : list) out.insert(word.name);
    return out;
  };
  std::set<std::string> kinds = names(kTraceKinds), suppressions = names(kSuppressionReasons),
                        rejections = names(kRejectionReasons), holds = names(kHoldReasons), vias = names(kResumeVias),
                        exits = names(kExitReasons), errors = names(kTraceErrors);
  int lines = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kSource + "/fixtures")) {
    std::string path = entry.path().string();
    if (!entry.is_regular_file() || path.size() < 12 || path.substr(path.size() - 12) != ".trace.jsonl") continue;
    std::string declared;  // every JSON file of the fixture's folder: the workflow names its own exit reasons
    for (const auto& sibling : std::filesystem::directory_iterator(entry.path().parent_path())) {
      if (sibling.path().extension() == ".json") declared += ReadText(sibling.path().string());
    }
    std::istringstream in(ReadText(path));
    std::string text;
    while (std::getline(in, text)) {
      Json line = Json::parse(text);
      ++lines;
      std::string kind = line.value("kind", "");
      std::string reason = line.value("reason", "");
      EXPECT_TRUE(kinds.count(kind)) << path << ": " << text;
      if (kind == trace_kind::kSuppressed) { EXPECT_TRUE(suppressions.count(reason)) << path << ": " << text; }
      if (kind == trace_kind::kEnrollRejected) { EXPECT_TRUE(rejections.count(reason)) << path << ": " << text; }
      if (kind == trace_kind::kWaiting && line.contains("reason")) { EXPECT_TRUE(holds.count(reason)) << path << ": " << text; }
      if (kind == trace_kind::kResumed) { EXPECT_TRUE(vias.count(line.value("via", ""))) << path << ": " << text; }
      if (kind == trace_kind::kError) { EXPECT_TRUE(errors.count(line.value("code", ""))) << path << ": " << text; }
      if (kind == trace_kind::kExited && !exits.count(reason)) {
        EXPECT_NE(declared.find("\"" + reason + "\""), std::string::npos) << path << ": " << text;
      }
    }
  }
  EXPECT_GT(lines, 500);
}

}  // namespace
}  // namespace flowproof
