#include "core/docs/document.h"

#include <map>
#include <set>

#include "core/diff/structural_diff.h"
#include "core/docs/graph.h"
#include "core/docs/mermaid.h"
#include "core/words/page_words.h"
#include "core/lint/lint.h"
#include "core/lint/templates.h"
#include "core/lint/timing.h"

namespace flowproof::docs {

Span Text(std::string text) { return Span{Span::Style::kText, std::move(text)}; }
Span Code(std::string text) { return Span{Span::Style::kCode, std::move(text)}; }
Span Strong(std::string text) { return Span{Span::Style::kStrong, std::move(text)}; }
Span Emphasis(std::string text) { return Span{Span::Style::kEmphasis, std::move(text)}; }

namespace {

// Documentation shows whole conditions; the page clips them at 160.
constexpr int kUnclipped = 0;

const Json kNothing = Json(Json::value_t::discarded);

const Json& Field(const Json& value, const char* name) { return MemberOr(value, name, kNothing); }

std::string Capitalise(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

bool IsOp(const Json& rule) { return rule.is_object() && rule.size() == 1; }

Block Heading(int level, std::string text, std::string anchor) {
  Block b;
  b.kind = Block::Kind::kHeading;
  b.level = level;
  b.text = {Text(std::move(text))};
  b.anchor = std::move(anchor);
  return b;
}

Block Paragraph(Inline text) {
  Block b;
  b.kind = Block::Kind::kParagraph;
  b.text = std::move(text);
  return b;
}

Block Bullets(std::vector<Inline> items, Block::Kind kind = Block::Kind::kBullets) {
  Block b;
  b.kind = kind;
  b.items = std::move(items);
  return b;
}

std::string DurationOrOnce(Duration d) { return d == 0 ? "at once" : words::DurationWords(d); }

class Builder {
 public:
  explicit Builder(const DocsInput& input)
      : input_(input), wf_(*input.workflow), source_(input.workflow->source), graph_(BuildDocGraph(source_)) {
    lint::LintOptions options;
    options.pointer_prefix = input.pointer_prefix;
    findings_ = lint::Lint(wf_, input.fixture, options);
  }

  Document Build() {
    Document doc;
    doc.workflow_id = wf_.id;
    doc.title = wf_.name.empty() ? wf_.id : wf_.name;
    doc.workflow = input_.workflow;
    doc.mermaid = MermaidFlowchart(source_);
    out_ = &doc.blocks;
    Title(doc);
    Diagram(doc);
    Entry();
    Exit();
    Settings();
    Steps();
    TimingSection();
    Content();
    Findings();
    if (input_.since) Changes();
    return doc;
  }

 private:
  const Json& Nodes() const { return Field(source_, "nodes"); }
  const Json& NodeJson(const std::string& id) const { return Field(Nodes(), id.c_str()); }
  const std::string& Id(int index) const { return graph_.ids[static_cast<std::size_t>(index)]; }

  void Add(Block block) { out_->push_back(std::move(block)); }

  void Title(const Document& doc) {
    Add(Heading(1, doc.title, "top"));
    Inline summary = {Text("Workflow "), Code(wf_.id)};
    if (!wf_.type.empty()) summary.push_back(Text(" · " + wf_.type));
    summary.push_back(Text(" · time zone " + wf_.timezone));
    summary.push_back(Text(" · " + std::to_string(wf_.nodes.size()) + (wf_.nodes.size() == 1 ? " step" : " steps")));
    summary.push_back(
        Text(" · " + std::to_string(wf_.templates.size()) + (wf_.templates.size() == 1 ? " template" : " templates")));
    int errors = 0, warnings = 0;
    for (const lint::LintFinding& f : findings_) {
      if (f.severity == lint::Severity::kError) ++errors;
      if (f.severity == lint::Severity::kWarning) ++warnings;
    }
    summary.push_back(Text(" · " + std::to_string(errors + warnings) +
                           (errors + warnings == 1 ? " lint finding" : " lint findings") + " to look at"));
    Add(Paragraph(std::move(summary)));
    const std::string& description = StringMember(source_, "description");
    if (!description.empty()) Add(Paragraph({Text(description)}));
    Add(Paragraph({Emphasis("Written by flowproof docs from the workflow itself; the words are those of the "
                            "tester's \"What happened\".")}));
  }

  void Diagram(const Document& doc) {
    Add(Heading(2, "Diagram", "diagram"));
    Block b;
    b.kind = Block::Kind::kDiagram;
    b.language = "mermaid";
    b.code = doc.mermaid;
    Add(std::move(b));
  }

  void Entry() {
    Add(Heading(2, "Entry", "entry"));
    const Json& entry = Field(source_, "entry");
    std::vector<Inline> items;
    const Json& triggers = Field(entry, "triggers");
    if (triggers.is_array() && !triggers.empty()) {
      for (const Json& t : triggers) items.push_back({Text("Trigger: " + words::DescribeTrigger(t, kUnclipped) + ".")});
    } else {
      items.push_back({Text("No trigger: no contact is ever enrolled.")});
    }
    const Json& audience = Field(entry, "audience");
    if (!audience.is_discarded())
      items.push_back({Text("The audience rule is: " + words::DescribeCondition(audience, kUnclipped) +
                            ". A contact who does not match it is not enrolled.")});
    else
      items.push_back({Text("No audience rule: every contact a trigger fires for is enrolled.")});
    items.push_back({Text("Re-enrolment rule: " + words::ReenrollWords(Field(entry, "reenroll")) + ".")});
    Add(Bullets(std::move(items)));
  }

  void Exit() {
    Add(Heading(2, "Exit", "exit"));
    const Json& exit = Field(source_, "exit");
    std::vector<Inline> items;
    const Json& goal = Field(exit, "goal");
    if (!goal.is_discarded())
      items.push_back({Text("Goal: " + words::DescribeCondition(goal, kUnclipped) +
                            ". Checked at every event, attribute change and step; a contact who meets it leaves at "
                            "once (exit reason "),
                       Code("goal"), Text(").")});
    const Json& max = Field(exit, "max_duration");
    if (!max.is_discarded())
      items.push_back({Text("A contact may stay at most " + words::DurationTextWords(max) + " (exit reason "),
                       Code("expired"), Text(").")});
    const Json& on_events = Field(exit, "on_events");
    if (on_events.is_array()) {
      for (const Json& e : on_events) {
        std::string reason = StringMember(e, "reason");
        if (reason.empty()) reason = "exit_event";
        std::string text = "Left: event '" + StringMember(e, "event") + "' arrived";
        if (!StringMember(e, "source").empty()) text += " from " + StringMember(e, "source");
        const Json& where = Field(e, "where");
        if (!where.is_discarded()) text += ", where " + words::DescribeCondition(where, kUnclipped);
        items.push_back({Text(text + ". Exit reason: "), Code(reason), Text(".")});
      }
    }
    for (int i : graph_.order) {
      const Json& node = NodeJson(Id(i));
      if (StringMember(node, "type") != "exit") continue;
      std::string reason = StringMember(node, "reason");
      if (reason.empty()) reason = "completed";
      items.push_back({Text("Finished at "), Code(Id(i)), Text(". Exit reason: "), Code(reason), Text(".")});
    }
    items.push_back({Text("Removed from the workflow by hand (a fixture's script): exit reason "), Code("manual"),
                     Text(".")});
    Add(Bullets(std::move(items)));
  }

  void Settings() {
    const Json& settings = Field(source_, "settings");
    const Json& quiet = Field(settings, "quiet_hours");
    const Json& cap = Field(settings, "frequency_cap");
    Add(Heading(2, "Settings", "settings"));
    std::vector<Inline> items;
    items.push_back({Text("Time zone: " + wf_.timezone + ", unless a contact has its own.")});
    if (quiet.is_object()) {
      bool skip = StringMember(quiet, "mode") == "skip";
      std::string text = "Quiet hours: " + StringMember(quiet, "start") + " to " + StringMember(quiet, "end") +
                         " in the contact's zone. A message due inside them ";
      text += skip ? "is not sent (" + words::ReasonWords("quiet_hours") + ") and the contact moves on"
                   : "is held until they end, then sent";
      items.push_back({Text(text + "; webhooks and ad audience syncs ignore them.")});
    } else {
      items.push_back({Text("No quiet hours: messages go out at any hour.")});
    }
    if (cap.is_object()) {
      std::string channels;
      const Json& list = Field(cap, "channels");
      if (list.is_array() && !list.empty()) {
        for (const Json& c : list) channels += (channels.empty() ? "" : ", ") + words::ChannelWord(c.is_string() ? c.get<std::string>() : "");
      } else {
        channels = "every channel";
      }
      const Json& max = Field(cap, "max");
      items.push_back({Text("Cap: " + (max.is_number() ? words::DescribeValue(max) : std::string("?")) + " messages per " +
                            words::DurationTextWords(Field(cap, "per")) + " (" + channels +
                            "). A send beyond it is not sent: " + words::ReasonWords("frequency_cap") + ".")});
    } else {
      items.push_back({Text("No frequency cap.")});
    }
    Add(Bullets(std::move(items)));
  }

  // "→ `next`" after an edge's words.
  static void Arrow(Inline& line, const std::string& to) {
    line.push_back(Text(" → "));
    line.push_back(Code(to));
  }

  void Steps() {
    Add(Heading(2, "Steps", "steps"));
    Add(Paragraph({Text("Every step, breadth first from the start ("), Code(wf_.start),
                   Text("); steps no path reaches come last.")}));
    std::map<int, std::vector<const DocEdge*>> edges;
    for (const DocEdge& e : graph_.edges)
      if (e.from >= 0) edges[e.from].push_back(&e);
    for (int i : graph_.order) {
      const std::string& id = Id(i);
      const Json& node = NodeJson(id);
      std::string type = StringMember(node, "type");
      Block h = Heading(3, "", "step-" + std::to_string(i));
      h.text = {Code(id), Text(" · " + type)};
      Add(std::move(h));
      Inline what = {Text(Capitalise(words::DescribeNode(node, kUnclipped)) + ".")};
      if (!graph_.reachable[static_cast<std::size_t>(i)]) what.push_back(Strong(" No path from the start reaches this step."));
      Add(Paragraph(std::move(what)));
      std::vector<Inline> items;
      const std::vector<const DocEdge*>& out = edges[i];
      if (type == "branch") {
        const Json& branches = Field(node, "branches");
        for (const DocEdge* e : out) {
          Inline line;
          if (e->kind == "branch") {
            const Json& arm = branches[static_cast<std::size_t>(e->arm)];
            line.push_back(Text("Condition for '" + StringMember(arm, "label") + "': " +
                                words::DescribeCondition(Field(arm, "when"), kUnclipped) + "."));
          } else {
            line.push_back(Text("Otherwise the 'else' path, taken because " + words::ElseWhy(branches, kUnclipped) + "."));
          }
          Arrow(line, Id(e->to));
          items.push_back(std::move(line));
        }
        Add(Bullets(std::move(items), Block::Kind::kNumbered));
        Add(Paragraph({Text("Checked in order: the first condition that holds wins.")}));
        continue;
      }
      if (type == "split") {
        const Json& variants = Field(node, "variants");
        for (const DocEdge* e : out) {
          std::string share = words::VariantShare(variants, static_cast<std::size_t>(e->arm));
          Inline line = {Text("Variant '" + StringMember(variants[static_cast<std::size_t>(e->arm)], "label") + "'" +
                              (share.empty() ? "" : " (" + share + ")"))};
          Arrow(line, Id(e->to));
          items.push_back(std::move(line));
        }
        Add(Bullets(std::move(items)));
        std::string mode = StringMember(node, "mode") == "random" ? "random" : "A/B";
        Inline note = {Text("The " + mode +
                            " split is sticky: a contact always gets the same variant for the same seed.")};
        const Json& winner = Field(node, "winner");
        if (winner.is_object()) {
          const Json& metric = Field(winner, "metric");
          std::string by = metric == Json("goal") ? "the goal"
                                                  : "event '" + StringMember(metric, "event") + "' within " +
                                                        words::DurationTextWords(Field(metric, "within"));
          note.push_back(Text(" Winner selection: a share of " + words::DescribeValue(Field(winner, "test_share")) +
                              " of contacts is tested; after " + words::DurationTextWords(Field(winner, "decide_after")) +
                              " the variant whose tested contacts most often had " + by +
                              " wins, and everyone else takes it."));
        }
        Add(Paragraph(std::move(note)));
        continue;
      }
      if (type == "update") {
        const Json& set = Field(node, "set");
        if (set.is_object())
          for (auto it = set.begin(); it != set.end(); ++it)
            items.push_back({Code(it.key()), Text(" = " + (IsOp(it.value()) ? words::DescribeCondition(it.value(), kUnclipped)
                                                                            : words::DescribeValue(it.value())))});
        const Json& increment = Field(node, "increment");
        if (increment.is_object())
          for (auto it = increment.begin(); it != increment.end(); ++it)
            items.push_back({Code(it.key()), Text(" + " + words::DescribeValue(it.value()))});
        for (const char* field : {"add_to_lists", "remove_from_lists"}) {
          const Json& lists = Field(node, field);
          if (!lists.is_array()) continue;
          for (const Json& l : lists)
            items.push_back({Text(std::string(field[0] == 'a' ? "added to '" : "removed from '") +
                                  (l.is_string() ? l.get<std::string>() : words::DescribeValue(l)) + "'")});
        }
      }
      if (type == "wait_event") {
        const Json& where = Field(node, "where");
        if (!where.is_discarded())
          items.push_back({Text("Only an event where " + words::DescribeCondition(where, kUnclipped) + " counts.")});
        if (!StringMember(node, "source").empty())
          items.push_back({Text("Only an event from " + StringMember(node, "source") + " counts.")});
      }
      if (type == "wait_until") items.push_back({Text("Checked again at every event and attribute change.")});
      if (type == "enroll" || type == "unenroll") {
        items.push_back({Text(type == "enroll" ? "Enrols the contact in workflow " : "Takes the contact out of workflow "),
                         Code(StringMember(node, "workflow")),
                         Text(type == "enroll" ? " (its audience and re-enrolment rule apply)." : " (exit reason unenrolled).")});
      }
      if (type == "exit") {
        std::string reason = StringMember(node, "reason");
        items.push_back({Text("Exit reason: "), Code(reason.empty() ? "completed" : reason), Text(".")});
      }
      for (const DocEdge* e : out) {
        Inline line = {Text(e->label.empty() ? "Next" : Capitalise(e->label))};
        if (e->kind == "timeout") {
          const Json& timeout = Field(node, "timeout");
          line = {Text("Timed out after " + (timeout.is_discarded() ? std::string("the wait") : words::DurationTextWords(timeout)) +
                       ": takes the timeout path")};
        }
        Arrow(line, Id(e->to));
        items.push_back(std::move(line));
      }
      if (!items.empty()) Add(Bullets(std::move(items)));
    }
  }

  // Findings about one node (by the finding's node, else its pointer).
  std::vector<const lint::LintFinding*> NodeFindings(const std::string& id) const {
    std::vector<const lint::LintFinding*> out;
    for (const lint::LintFinding& f : findings_)
      if (f.node == id) out.push_back(&f);
    return out;
  }

  void TimingSection() {
    Add(Heading(2, "Timing", "timing"));
    Inline intro = {Text("Earliest and latest time from enrolment to entering each step, over every path: waits, "
                         "wait-until moments, quiet hours that hold a message, event timeouts (the analysis of "),
                    Code("flowproof lint"), Text(").")};
    if (wf_.max_duration)
      intro.push_back(Text(" A contact leaves after " + words::DurationWords(*wf_.max_duration) + " at most."));
    Add(Paragraph(std::move(intro)));
    lint::TimingTable timing = lint::Timing(wf_);
    std::map<std::string, const lint::NodeTiming*> by_id;
    for (const lint::NodeTiming& t : timing.nodes) by_id[t.node] = &t;
    Block table;
    table.kind = Block::Kind::kTable;
    table.header = {{Text("Step")}, {Text("Earliest")}, {Text("Latest")}, {Text("Notes")}};
    table.align_right = {false, true, true, false};
    for (int i : graph_.order) {
      const std::string& id = Id(i);
      auto it = by_id.find(id);
      std::vector<Inline> row = {{Code(id)}};
      std::string notes;
      if (it == by_id.end() || !it->second->reachable) {
        row.push_back({Text("—")});
        row.push_back({Text("—")});
        notes = "no path from the start reaches it";
      } else {
        const lint::NodeTiming& t = *it->second;
        row.push_back({Text(DurationOrOnce(t.earliest))});
        row.push_back({Text(t.latest ? DurationOrOnce(*t.latest) : "unbounded")});
        if (t.hold > 0) notes = "quiet hours may hold the message up to " + words::DurationWords(t.hold);
        if (wf_.max_duration && t.earliest >= *wf_.max_duration)
          notes += std::string(notes.empty() ? "" : "; ") + "every path reaches it after the time limit";
      }
      for (const lint::LintFinding* f : NodeFindings(id)) {
        if (f->rule != "expires_before_reached" && f->rule != "cap_suppresses_send") continue;
        notes += std::string(notes.empty() ? "" : "; ") + f->rule;
      }
      row.push_back({Text(notes)});
      table.rows.push_back(std::move(row));
    }
    Add(std::move(table));
  }

  void Content() {
    Add(Heading(2, "Content", "content"));
    if (wf_.templates.empty()) {
      Add(Paragraph({Text("The workflow has no templates.")}));
      return;
    }
    Add(Paragraph({Text("Every template: its channel, subject (email), title (push) or first line, the variables "
                        "it reads (\"default\" when the template gives one), its smart-content variants, the steps "
                        "that send it and its lint findings.")}));
    std::map<std::string, lint::TemplateAnalysis> analysis = lint::AnalyzeTemplates(wf_);
    std::map<std::string, std::vector<std::string>> senders;
    for (int i : graph_.order) {
      const Json& node = NodeJson(Id(i));
      if (StringMember(node, "type") == "send") senders[StringMember(node, "template")].push_back(Id(i));
    }
    Block table;
    table.kind = Block::Kind::kTable;
    table.header = {{Text("Template")}, {Text("Channel")}, {Text("Subject or first line")}, {Text("Variables")},
                    {Text("Variants")}, {Text("Sent by")},  {Text("Findings")}};
    table.align_right = {false, false, false, false, true, false, false};
    for (const auto& [name, message_template] : wf_.templates) {
      std::vector<Inline> row;
      row.push_back({Code(name)});
      row.push_back({Text(words::ChannelWord(std::string(ChannelName(message_template.channel))))});
      const lint::TemplateAnalysis* a = analysis.count(name) ? &analysis[name] : nullptr;
      row.push_back({Text(a ? words::Clip(a->headline, 100) : "")});
      Inline vars;
      std::set<std::string> seen;
      if (a) {
        // One entry per path: "default" only when every read of it has one.
        std::map<std::string, bool> defaulted;
        std::vector<std::string> order;
        for (const lint::VariableRead& r : a->reads) {
          if (!defaulted.count(r.path)) {
            order.push_back(r.path);
            defaulted[r.path] = r.defaulted;
          } else {
            defaulted[r.path] = defaulted[r.path] && r.defaulted;
          }
        }
        for (const std::string& path : order) {
          if (!vars.empty()) vars.push_back(Text(", "));
          vars.push_back(Code(path));
          if (defaulted[path]) vars.push_back(Text(" (default)"));
        }
      }
      if (vars.empty()) vars.push_back(Text("none"));
      row.push_back(std::move(vars));
      row.push_back({Text(a && a->variants > 0 ? std::to_string(a->variants) : "—")});
      Inline sent_by;
      for (const std::string& id : senders[name]) {
        if (!sent_by.empty()) sent_by.push_back(Text(", "));
        sent_by.push_back(Code(id));
      }
      if (sent_by.empty()) sent_by.push_back(Text("no step"));
      row.push_back(std::move(sent_by));
      Inline found;
      for (const lint::LintFinding& f : findings_) {
        if (f.template_name != name) continue;
        if (!found.empty()) found.push_back(Text(", "));
        found.push_back(Code(f.rule));
      }
      if (found.empty()) found.push_back(Text("none"));
      row.push_back(std::move(found));
      table.rows.push_back(std::move(row));
    }
    Add(std::move(table));
  }

  void Findings() {
    Add(Heading(2, "Lint findings", "findings"));
    if (findings_.empty()) {
      Add(Paragraph({Code("flowproof lint"), Text(" finds nothing to report.")}));
      return;
    }
    Block table;
    table.kind = Block::Kind::kTable;
    table.header = {{Text("Severity")}, {Text("Rule")}, {Text("Where")}, {Text("Finding")}};
    table.align_right = {false, false, false, false};
    for (const lint::LintFinding& f : findings_)
      table.rows.push_back({{Text(lint::SeverityName(f.severity))}, {Code(f.rule)}, {Code(f.pointer.empty() ? "/" : f.pointer)},
                            {Text(f.message)}});
    Add(std::move(table));
  }

  void Changes() {
    std::string name = input_.since_name.empty() ? "the older version" : input_.since_name;
    Block h = Heading(2, "", "changes");
    h.text = {Text("Changes since "), Code(name)};
    Add(std::move(h));
    StructuralDiff diff = DiffWorkflows(*input_.since, wf_);
    if (diff.json.is_object() && diff.json.contains("warnings") && diff.json["warnings"].is_array())
      for (const Json& w : diff.json["warnings"])
        if (w.is_string()) Add(Paragraph({Strong("Note: "), Text(w.get<std::string>() + ".")}));
    if (diff.empty()) {
      Add(Paragraph({Text("No changes since "), Code(name), Text(".")}));
      return;
    }
    std::vector<ChangeInWords> changes = DescribeChanges(diff, *input_.since, wf_);
    Block list;
    list.kind = Block::Kind::kBullets;
    for (const ChangeInWords& c : changes) {
      list.items.push_back({Text(c.line)});
      std::string detail;
      for (const std::string& d : c.detail) detail += d + "\n";
      list.item_code.push_back(detail);
    }
    Add(std::move(list));
  }

  const DocsInput& input_;
  const Workflow& wf_;
  const Json& source_;
  DocGraph graph_;
  std::vector<lint::LintFinding> findings_;
  std::vector<Block>* out_ = nullptr;
};

}  // namespace

Document BuildDocument(const DocsInput& input) { return Builder(input).Build(); }

}  // namespace flowproof::docs
