// `flowproof docs` (core/docs): the golden Markdown of one gallery workflow,
// the page's words in C++, Mermaid and Markdown escaping of hostile text,
// the self-contained HTML, and the command's exit statuses.
//
// The golden file tests/golden/docs/welcome-series.md is compared byte for
// byte. After an intended change of the document, regenerate it with
//   build/flowproof docs fixtures/welcome-series/workflow.json > tests/golden/docs/welcome-series.md
// and read the diff before committing it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/api/docs_api.h"
#include "core/base/markup_escape.h"
#include "core/cli/commands.h"
#include "core/docs/document.h"
#include "core/docs/html.h"
#include "core/docs/markdown.h"
#include "core/docs/mermaid.h"
#include "core/docs/svg_diagram.h"
#include "core/words/page_words.h"
#include "core/model/workflow_parser.h"
#include "tests/cli_test_support.h"

namespace flowproof::docs {
namespace {

const std::string kRoot = FLOWPROOF_SOURCE_DIR;

CliResult RunDocs(const cli::Args& args) { return RunCli(cli::Docs, args); }

std::shared_ptr<const Workflow> Parse(const Json& doc) {
  WorkflowParseResult parsed = ParseWorkflow(doc);
  EXPECT_TRUE(parsed.ok()) << (parsed.problems.empty() ? "" : parsed.problems[0].ToString());
  return parsed.workflow;
}

// Gallery workflows (each folder's workflow.json).
std::vector<std::string> GalleryWorkflows() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(kRoot + "/fixtures")) {
    std::filesystem::path p = entry.path() / "workflow.json";
    if (std::filesystem::exists(p)) out.push_back(p.string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A workflow whose every name and text tries to break out of its place.
Json HostileWorkflow() {
  return Json::parse(R"J({
    "format": "flowproof.workflow/1", "id": "evil", "name": "<script>alert(1)</script> [x](javascript:alert(1))",
    "entry": {"triggers": [{"type": "event", "event": "a\"]) --> X[\"pwn"}]},
    "start": "end",
    "nodes": {
      "end": {"type": "branch", "branches": [{"label": "\"|> b`c`", "when": {"==": [{"var": "contact.x"}, "<img src=x onerror=alert(1)>"]}, "next": "send"}], "else": "bye"},
      "send": {"type": "send", "channel": "email", "template": "t|x", "next": "bye"},
      "bye": {"type": "exit", "reason": "a_b*c"}
    },
    "templates": {"t|x": {"channel": "email", "subject": "Hi ```\n# not a heading | <b>x</b> {{ contact.first_name }}", "html": "<p>x <a href=\"https://e.example/unsubscribe\">unsubscribe</a></p>"}}
  })J");
}

TEST(DocsWords, SaysWhatThePageSays) {
  // Expected strings are explain.js's output for the same input
  // (tests/js/docs-words.test.mjs checks the gallery against the JS itself).
  EXPECT_EQ(words::DescribeCondition(Json::parse(R"({"==": [{"var": "contact.country"}, "US"]})")), "contact.country is 'US'");
  EXPECT_EQ(words::DescribeCondition(Json::parse(R"({"and": [{">=": [{"var": "contact.lead_score"}, 50]}, {"!": {"in_list": ["customers"]}}]})")),
            "contact.lead_score ≥ 50 and not the contact is on list 'customers'");
  EXPECT_EQ(words::DescribeCondition(Json::parse(R"({"has_event": ["email_opened", "2d"]})")),
            "the contact had event 'email_opened' in the last 2 days");
  EXPECT_EQ(words::DescribeCondition(Json::parse(R"({"or": [{"==": [{"var": "a"}, null]}, {"<": [1, {"var": "b"}, 2.5]}]})")),
            "a is not set or 1 < b < 2.5");
  EXPECT_EQ(words::DescribeCondition(Json::parse(R"({"in": [{"var": "contact.country"}, ["US", "CA"]]})")),
            "contact.country is one of 'US', 'CA'");
  EXPECT_EQ(words::DescribeCondition(Json::parse(R"({"==": [{"var": "x"}]})")), "x is nothing");
  EXPECT_EQ(words::DurationWords(90000), "1 day 1 hour");
  EXPECT_EQ(words::DurationWords(14 * 86400), "2 weeks");
  EXPECT_EQ(words::DurationWords(10 * 86400), "10 days");
  EXPECT_EQ(words::DurationWords(0), "no time");
  EXPECT_EQ(words::DescribeNode(Json::parse(R"({"type": "wait", "until": {"time": "10:00", "days": ["mon", "fri"]}})")),
            "waits until 10:00 on Mon, Fri");
  EXPECT_EQ(words::DescribeNode(Json::parse(R"({"type": "wait_event", "event": "order_placed", "timeout": "P3D"})")),
            "waits for 'order_placed' (up to 3 days)");
  EXPECT_EQ(words::DescribeNode(Json::parse(R"({"type": "split", "mode": "random", "variants": [{}, {}]})")), "random split into 2");
  EXPECT_EQ(words::DescribeTrigger(Json::parse(R"({"type": "date", "attribute": "birthday", "offset": "-7d", "at": "09:00", "every": "year"})")),
            "the date in 'birthday' 1 week before at 09:00, every year");
  EXPECT_EQ(words::ElseWhy(Json::parse(R"([{"label": "US", "when": true}, {"label": "DE", "when": false}])")), "none of 'US', 'DE' held");
  EXPECT_EQ(words::VariantShare(Json::parse(R"([{"weight": 1}, {"weight": 2}])"), 0), "33.3% of contacts");
  std::vector<words::NodeEdge> edges = words::NodeEdges(Json::parse(R"({"type": "split", "variants": [{"label": "A", "weight": 50, "next": "a"}]})"));
  ASSERT_EQ(edges.size(), 1u);
  EXPECT_EQ(edges[0].label, "A · 50");
  // The page clips conditions at 160 UTF-16 units; documentation does not.
  Json long_rule = Json::parse(R"({"in": [{"var": "contact.country"}, []]})");
  for (int i = 0; i < 60; ++i) long_rule["in"][1].push_back("C" + std::to_string(i));
  EXPECT_EQ(words::Utf16Length(words::DescribeCondition(long_rule)), 160u);
  EXPECT_GT(words::Utf16Length(words::DescribeCondition(long_rule, 0)), 160u);
  EXPECT_EQ(words::Clip("😀😀😀", 4), "😀…");  // a surrogate pair counts 2, as in JavaScript
}

TEST(DocsGolden, WelcomeSeriesMarkdownIsByteForByte) {
  CliResult r = RunDocs({kRoot + "/fixtures/welcome-series/workflow.json"});
  ASSERT_EQ(r.status, cli::kOk) << r.err;
  std::string golden = ReadText(kRoot + "/tests/golden/docs/welcome-series.md");
  ASSERT_FALSE(golden.empty()) << "missing tests/golden/docs/welcome-series.md";
  if (r.out != golden) {
    std::istringstream a(r.out), b(golden);
    std::string la, lb;
    int line = 1;
    while (std::getline(a, la) && std::getline(b, lb) && la == lb) ++line;
    FAIL() << "the document differs from the golden file at line " << line << "\n  now:    " << la << "\n  golden: " << lb
           << "\n(regenerate it as the comment at the top of tests/docs_test.cc says, if the change is intended)";
  }
}

TEST(DocsDocument, HasEverySectionAndWordsForEveryBranch) {
  std::string md = RunDocs({kRoot + "/fixtures/welcome-series/workflow.json"}).out;
  for (const char* heading : {"## Diagram", "## Entry", "## Exit", "## Settings", "## Steps", "## Timing", "## Content",
                              "## Lint findings", "```mermaid\nflowchart TD\n"})
    EXPECT_NE(md.find(heading), std::string::npos) << heading;
  // Every branch, in the page's words.
  EXPECT_NE(md.find("Condition for 'opened': the contact had event 'email\\_opened' in the last 2 days."), std::string::npos);
  EXPECT_NE(md.find("Otherwise the 'else' path, taken because 'opened' (the contact had event 'email\\_opened' in the last "
                    "2 days) did not hold. → `resend_welcome`"),
            std::string::npos);
  EXPECT_NE(md.find("Re-enrolment rule: this workflow never re-enrols a contact."), std::string::npos);
  // The timing table: the 2-day wait puts the branch 2 days after enrolment.
  EXPECT_NE(md.find("| `check_engagement` | 2 days |"), std::string::npos) << md;
}

TEST(DocsDocument, SameBytesEveryTime) {
  for (const std::string& path : GalleryWorkflows()) {
    CliResult a = RunDocs({path}), b = RunDocs({path});
    ASSERT_EQ(a.status, cli::kOk) << path << ": " << a.err;
    EXPECT_EQ(a.out, b.out) << path;
    CliResult h1 = RunDocs({path, "--format", "html"}), h2 = RunDocs({path, "--format", "html"});
    EXPECT_EQ(h1.out, h2.out) << path;
  }
}

TEST(DocsMermaid, HostileTextStaysInsideItsLabel) {
  std::string chart = MermaidFlowchart(HostileWorkflow());
  std::istringstream lines(chart);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "flowchart TD");
  // Each line is a node, an edge, a classDef or a class statement, with
  // exactly two quotes around each label and no raw markup inside.
  const std::regex node(R"re(^  (start|n\d+)(\(\[|\[/|\{\{|\{|\(\(\(|\(|\[)"[^"<>`]*"(\]\)|/\]|\}\}|\}|\)\)\)|\)|\])$)re");
  const std::regex edge(R"re(^  (start|n\d+) (-->|-\.->)(\|"[^"<>`|]*"\|)? n\d+$)re");
  const std::regex style(R"re(^  (classDef|class) [^"<>`]*$)re");
  while (std::getline(lines, line)) {
    // <br/> is the one tag labels may hold (a line break).
    std::string plain = std::regex_replace(line, std::regex("<br/>"), " ");
    EXPECT_TRUE(std::regex_match(plain, node) || std::regex_match(plain, edge) || std::regex_match(plain, style)) << line;
  }
  // The user's id `end` (a Mermaid keyword) is never a chart id.
  EXPECT_EQ(chart.find("  end"), std::string::npos);
  EXPECT_NE(chart.find("#quot;]) --#gt; X[#quot;pwn"), std::string::npos) << chart;
}

TEST(DocsMarkdown, HostileTextIsEscaped) {
  EXPECT_EQ(EscapeMarkdownText("a|b*c_d [x](y) <b> `c` ~s~ &amp;"), "a\\|b\\*c\\_d \\[x\\](y) \\<b\\> \\`c\\` \\~s\\~ \\&amp;");
  std::shared_ptr<const Workflow> wf = Parse(HostileWorkflow());
  ASSERT_TRUE(wf);
  DocsInput input;
  input.workflow = wf.get();
  std::string md = RenderMarkdown(BuildDocument(input));
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  EXPECT_EQ(md.find("[x](javascript"), std::string::npos);
  EXPECT_EQ(md.find("\n# not a heading"), std::string::npos);
  EXPECT_NE(md.find("\\<script\\>"), std::string::npos);
  // A '|' in a table cell, even inside code, is escaped: the inventory row keeps its 7 cells.
  std::istringstream lines(md);
  std::string line;
  bool found = false;
  while (std::getline(lines, line)) {
    if (line.rfind("| `t\\|x` |", 0) != 0) continue;
    found = true;
    int cells = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++cells;
    EXPECT_EQ(cells, 8) << line;  // 7 cells, 8 separators
  }
  EXPECT_TRUE(found) << md;
}

// The HTML loads nothing from elsewhere and runs no script: no src= or
// href= to another place, no <script>, <link>, @import or url(), a
// policy that forbids it, and hostile text escaped.
void ExpectSelfContained(const std::string& html, const std::string& what) {
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u) << what;
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos) << what;
  std::string lower = html;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* bad : {"<script", "<link", "@import", "url(http", "url(//", "<object", "<embed", "<base"})
    EXPECT_EQ(lower.find(bad), std::string::npos) << what << ": " << bad;
  const std::regex external(R"re((src|href|action|srcset|poster|data)\s*=\s*["']?\s*(https?:|//|ftp:|javascript:))re",
                            std::regex::icase);
  // srcdoc holds an email's escaped HTML, which is data, not a load: it is
  // checked separately (sandbox="" and the policy).
  std::string outside = std::regex_replace(html, std::regex(R"(srcdoc="[^"]*")"), "srcdoc=\"\"");
  EXPECT_FALSE(std::regex_search(outside, external)) << what;
  // Only fragment links (#section).
  const std::regex href(R"re(href="([^"]*)")re");
  for (auto it = std::sregex_iterator(outside.begin(), outside.end(), href); it != std::sregex_iterator(); ++it)
    EXPECT_EQ((*it)[1].str().rfind("#", 0), 0u) << what << ": " << (*it)[0];
}

TEST(DocsHtml, EveryGalleryWorkflowIsSelfContained) {
  std::vector<std::string> paths = GalleryWorkflows();
  ASSERT_GE(paths.size(), 10u);
  for (const std::string& path : paths) {
    CliResult r = RunDocs({path, "--format", "html"});
    ASSERT_EQ(r.status, cli::kOk) << path << ": " << r.err;
    ExpectSelfContained(r.out, path);
    EXPECT_NE(r.out.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fp-diagram-svg\""), std::string::npos) << path;
  }
}

TEST(DocsHtml, HostileTextAndPreviewsAreInert) {
  std::shared_ptr<const Workflow> wf = Parse(HostileWorkflow());
  ASSERT_TRUE(wf);
  DocsInput input;
  input.workflow = wf.get();
  Document doc = BuildDocument(input);
  HtmlOptions options;
  options.preview_contact = "<b>ann</b>";
  options.previews = Json::parse(R"([
    {"t": "2026-11-02T09:00:00Z", "node": "send", "template": "t|x", "channel": "email",
     "message": {"channel": "email", "subject": "<script>alert(1)</script>", "html": "<p onclick=\"x()\">\"hi\"</p><script>alert(2)</script>",
                 "warnings": ["<i>w</i>"]}},
    {"t": "2026-11-02T10:00:00Z", "node": "s", "template": "sms", "channel": "sms", "message": {"body": "</div><script>x</script>", "segments": 1}}
  ])");
  std::string html = RenderHtml(doc, options);
  ExpectSelfContained(html, "hostile");
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<iframe sandbox=\"\" referrerpolicy=\"no-referrer\""), std::string::npos);
  // The email's HTML is inside srcdoc, quotes escaped, so it cannot leave the attribute.
  EXPECT_NE(html.find("srcdoc=\"&lt;p onclick=&quot;x()&quot;&gt;&quot;hi&quot;&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;\""),
            std::string::npos);
  EXPECT_NE(html.find("Messages for <code>&lt;b&gt;ann&lt;/b&gt;</code>"), std::string::npos);
}

TEST(DocsHtml, ThePageDiagramIsUsedOnlyWhenItIsPlainSvg) {
  EXPECT_TRUE(IsPlainSvg("<svg xmlns=\"http://www.w3.org/2000/svg\"><g class=\"fp-node\"><text>a on b</text></g></svg>"));
  EXPECT_FALSE(IsPlainSvg("<svg><script>alert(1)</script></svg>"));
  EXPECT_FALSE(IsPlainSvg("<svg onload=\"alert(1)\"></svg>"));
  EXPECT_FALSE(IsPlainSvg("<svg><a href=\"https://x\">x</a></svg>"));
  EXPECT_FALSE(IsPlainSvg("<svg><foreignObject><iframe></iframe></foreignObject></svg>"));
  EXPECT_FALSE(IsPlainSvg("<div></div>"));
  std::shared_ptr<const Workflow> wf = Parse(HostileWorkflow());
  ASSERT_TRUE(wf);
  DocsInput input;
  input.workflow = wf.get();
  Document doc = BuildDocument(input);
  HtmlOptions page;
  page.diagram_svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"from-page\"><text>x</text></svg>";
  EXPECT_NE(RenderHtml(doc, page).find("class=\"from-page\""), std::string::npos);
  page.diagram_svg = "<svg onload=\"alert(1)\"></svg>";
  std::string html = RenderHtml(doc, page);
  EXPECT_EQ(html.find("onload"), std::string::npos);
  EXPECT_NE(html.find("class=\"fp-diagram-svg\""), std::string::npos);  // drawn here instead
}

TEST(DocsSvg, DrawsEveryNodeAndEdgeWithEscapedText) {
  std::string svg = DiagramSvg(HostileWorkflow());
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("<img"), std::string::npos);
  int nodes = 0, edges = 0;
  for (std::size_t at = svg.find("<g class=\"fp-node "); at != std::string::npos; at = svg.find("<g class=\"fp-node ", at + 1)) ++nodes;
  for (std::size_t at = svg.find("<path class=\"fp-edge "); at != std::string::npos; at = svg.find("<path class=\"fp-edge ", at + 1)) ++edges;
  EXPECT_EQ(nodes, 4);  // the entry and three steps
  EXPECT_EQ(edges, 4);  // the entry, the branch and its else, send to exit
}

TEST(DocsCommand, ChangeLogSinceAnOlderVersion) {
  Json old_doc = Json::parse(ReadText(kRoot + "/fixtures/welcome-series/workflow.json"));
  old_doc["nodes"]["wait_2d"]["for"] = "3d";
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "flowproof-docs-test";
  std::filesystem::create_directories(dir);
  std::string old_path = (dir / "old.json").string();
  std::ofstream(old_path) << old_doc.dump();
  CliResult r = RunDocs({kRoot + "/fixtures/welcome-series/workflow.json", "--since", old_path});
  ASSERT_EQ(r.status, cli::kOk) << r.err;
  EXPECT_NE(r.out.find("## Changes since"), std::string::npos);
  EXPECT_NE(r.out.find("wait\\_2d: waits 3 days → 2 days"), std::string::npos) << r.out.substr(r.out.find("## Changes"));
  CliResult same = RunDocs({kRoot + "/fixtures/welcome-series/workflow.json", "--since",
                            kRoot + "/fixtures/welcome-series/workflow.json"});
  EXPECT_NE(same.out.find("No changes since"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(DocsCommand, BadInputExitsTwoWithAPlace) {
  EXPECT_EQ(RunDocs({}).status, cli::kInvalidInput);
  CliResult fmt = RunDocs({kRoot + "/fixtures/welcome-series/workflow.json", "--format", "pdf"});
  EXPECT_EQ(fmt.status, cli::kInvalidInput);
  EXPECT_NE(fmt.err.find("md or html"), std::string::npos);
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "flowproof-docs-bad";
  std::filesystem::create_directories(dir);
  std::string broken = (dir / "broken.json").string();
  std::ofstream(broken) << "{\n  \"format\": \"flowproof.workflow/1\",\n  \"id\": \n}";
  CliResult r = RunDocs({broken});
  EXPECT_EQ(r.status, cli::kInvalidInput);
  EXPECT_NE(r.err.find("line 4, column 1"), std::string::npos) << r.err;
  std::string invalid = (dir / "invalid.json").string();
  std::ofstream(invalid) << R"({"format": "flowproof.workflow/1", "id": "x", "entry": {"triggers": []}, "start": "nope", "nodes": {}})";
  CliResult v = RunDocs({invalid});
  EXPECT_EQ(v.status, cli::kInvalidInput);
  EXPECT_NE(v.err.find("/start"), std::string::npos) << v.err;
  EXPECT_TRUE(v.out.empty());
  std::filesystem::remove_all(dir);
}

TEST(DocsCommand, AFixtureDocumentsItsWorkflow) {
  CliResult r = RunDocs({kRoot + "/fixtures/welcome-series/signups.fixture.json"});
  ASSERT_EQ(r.status, cli::kOk) << r.err;
  EXPECT_EQ(r.out.rfind("# Welcome series\n", 0), 0u);
}

TEST(DocsApi, WritesTheDocumentForThePageInTheEnvelope) {
  Json fixture = Json::parse(ReadText(kRoot + "/tests/browser/data-page/channels.fixture.json"));
  Json ok = Json::parse(api::Docs(fixture.dump(), R"({"format": "html", "previewContact": "ana", "previews": []})"));
  ASSERT_TRUE(ok["ok"].get<bool>()) << ok.dump();
  EXPECT_EQ(ok["result"]["format"], "html");
  ExpectSelfContained(ok["result"]["text"].get<std::string>(), "api");
  Json md = Json::parse(api::Docs(fixture["workflow"].dump(), "{}"));
  ASSERT_TRUE(md["ok"].get<bool>());
  EXPECT_EQ(md["result"]["text"].get<std::string>().rfind("# ", 0), 0u);
  Json since = Json::parse(api::Docs(fixture.dump(), Json{{"since", fixture["workflow"].dump()}}.dump()));
  ASSERT_TRUE(since["ok"].get<bool>());
  EXPECT_NE(since["result"]["text"].get<std::string>().find("No changes since"), std::string::npos);
  Json bad_format = Json::parse(api::Docs(fixture.dump(), R"({"format": "pdf"})"));
  EXPECT_EQ(bad_format["code"], "invalid_argument");
  Json bad_options = Json::parse(api::Docs(fixture.dump(), "[1"));
  EXPECT_EQ(bad_options["code"], "invalid_argument");
  Json invalid = Json::parse(api::Docs(R"({"format": "flowproof.workflow/1", "id": "x", "start": "nope", "nodes": {}})", "{}"));
  EXPECT_EQ(invalid["code"], "invalid_input");
  EXPECT_FALSE(invalid["errors"].empty());
  Json broken = Json::parse(api::Docs("{", "{}"));
  EXPECT_FALSE(broken["ok"].get<bool>());
}

// The one escaper of the HTML and SVG the core writes (pages, diagrams, the
// forecast report): markup characters, both quotes, and control characters
// that XML 1.0 cannot carry.
TEST(MarkupEscape, EscapesMarkupQuotesAndControlCharacters) {
  EXPECT_EQ(EscapeMarkup("<a href=\"x\" title='y'>Tom & Jerry</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
  EXPECT_EQ(EscapeMarkup(std::string("a\x01" "b\tc\nd\x1f", 8)), "a b\tc\nd ");
  EXPECT_EQ(EscapeMarkup("Chlo\xC3\xA9"), "Chlo\xC3\xA9");  // UTF-8 passes through
}

}  // namespace
}  // namespace flowproof::docs
