#include "core/lint/templates.h"

#include <functional>
#include <set>
#include <utility>

#include "core/liquid/ast.h"
#include "core/liquid/liquid.h"

namespace flowproof::lint {
namespace {

namespace ast = liquid::internal;

// Walks one parsed Liquid text and records the variables it reads.
class ReadCollector {
 public:
  ReadCollector(const Workflow& workflow, std::vector<VariableRead>& reads)
      : workflow_(workflow), reads_(reads) {}

  void Text(const std::string& source, const std::string& field) {
    liquid::ParseResult parsed = liquid::Parse(source, field);
    if (!parsed.ok()) return;  // the validator reports the syntax error
    field_ = field;
    tmpl_ = parsed.tmpl.get();
    locals_.clear();
    Body(parsed.tmpl->body(), false);
  }

 private:
  void Body(const ast::Body& body, bool guarded) {
    for (const auto& node : body) Node(*node, guarded);
  }

  void Node(const ast::Node& node, bool guarded) {
    if (auto* n = dynamic_cast<const ast::OutputNode*>(&node)) {
      Filtered(n->value, guarded);
    } else if (auto* n = dynamic_cast<const ast::IfNode*>(&node)) {
      // A read in a condition tests for the value: it is guarded, and so is
      // what the branch does with it (`{% if contact.x %}{{ contact.x }}`).
      for (const auto& branch : n->branches) {
        if (branch.condition) Condition(*branch.condition);
        Body(branch.body, true);
      }
    } else if (auto* n = dynamic_cast<const ast::CaseNode*>(&node)) {
      if (n->subject) Expr(*n->subject, true);
      for (const auto& when : n->whens) {
        for (const auto& v : when.values) Expr(*v, true);
        Body(when.body, guarded);
      }
    } else if (auto* n = dynamic_cast<const ast::ForNode*>(&node)) {
      if (n->collection) Expr(*n->collection, true);  // an absent collection loops zero times
      locals_.insert(n->variable);
      locals_.insert("forloop");
      Body(n->body, guarded);
      Body(n->else_body, guarded);
    } else if (auto* n = dynamic_cast<const ast::TablerowNode*>(&node)) {
      if (n->collection) Expr(*n->collection, true);
      locals_.insert(n->variable);
      locals_.insert("tablerowloop");
      Body(n->body, guarded);
    } else if (auto* n = dynamic_cast<const ast::AssignNode*>(&node)) {
      Filtered(n->value, guarded);
      locals_.insert(n->name);
    } else if (auto* n = dynamic_cast<const ast::CaptureNode*>(&node)) {
      Body(n->body, guarded);
      locals_.insert(n->name);
    } else if (auto* n = dynamic_cast<const ast::CounterNode*>(&node)) {
      locals_.insert(n->name);
    } else if (auto* n = dynamic_cast<const ast::IfchangedNode*>(&node)) {
      Body(n->body, guarded);
    } else if (auto* n = dynamic_cast<const ast::CycleNode*>(&node)) {
      for (const auto& v : n->values) Expr(*v, guarded);
    } else if (auto* n = dynamic_cast<const ast::PartialNode*>(&node)) {
      if (n->with) Expr(*n->with, guarded);
      for (const auto& [key, value] : n->kwargs) Expr(*value, guarded);
      Snippet(n->name, guarded);
    }
  }

  void Snippet(const std::string& name, bool guarded) {
    auto it = workflow_.snippets.find(name);
    if (name.empty() || it == workflow_.snippets.end() || active_.count(name)) return;
    liquid::ParseResult parsed = liquid::Parse(it->second, name);
    if (!parsed.ok()) return;
    active_.insert(name);
    const liquid::Template* outer = tmpl_;
    std::string outer_field = field_;
    std::set<std::string> outer_locals = locals_;
    tmpl_ = parsed.tmpl.get();
    field_ = outer_field + " (snippet " + name + ")";
    Body(parsed.tmpl->body(), guarded);
    tmpl_ = outer;
    field_ = outer_field;
    locals_ = outer_locals;
    active_.erase(name);
  }

  void Condition(const ast::Condition& condition) {
    for (const auto& part : condition.parts) {
      if (part.left) Expr(*part.left, true);
      if (part.right) Expr(*part.right, true);
    }
  }

  void Filtered(const ast::FilteredExpr& value, bool guarded) {
    if (value.expr) Expr(*value.expr, guarded || value.defaulted);
    for (const auto& filter : value.filters) {
      for (const auto& arg : filter.args) Expr(*arg, guarded);
      for (const auto& [key, arg] : filter.kwargs) Expr(*arg, guarded);
    }
  }

  void Expr(const ast::Expr& expr, bool guarded) {
    switch (expr.kind) {
      case ast::Expr::Kind::kLiteral: return;
      case ast::Expr::Kind::kRange:
        if (expr.lo) Expr(*expr.lo, guarded);
        if (expr.hi) Expr(*expr.hi, guarded);
        return;
      case ast::Expr::Kind::kPath: break;
    }
    if (expr.root_expr) {
      Expr(*expr.root_expr, guarded);
      return;
    }
    for (const auto& segment : expr.segments) {
      if (segment.dynamic) Expr(*segment.dynamic, true);
    }
    if (locals_.count(expr.root)) return;
    // The path up to the first segment that is not a plain key.
    std::string path = expr.root;
    for (const auto& segment : expr.segments) {
      if (segment.kind != ast::Segment::Kind::kKey || segment.command) break;
      path += "." + segment.key;
    }
    Record(path, guarded, expr.offset);
  }

  void Record(const std::string& path, bool defaulted, std::uint32_t offset) {
    for (VariableRead& read : reads_) {
      if (read.path == path && read.field == field_) {
        read.defaulted = read.defaulted && defaulted;
        return;
      }
    }
    VariableRead read;
    read.path = path;
    read.field = field_;
    read.defaulted = defaulted;
    if (tmpl_ != nullptr) tmpl_->Locate(offset, &read.line, &read.column);
    reads_.push_back(std::move(read));
  }

  const Workflow& workflow_;
  std::vector<VariableRead>& reads_;
  const liquid::Template* tmpl_ = nullptr;
  std::string field_;
  std::set<std::string> locals_;
  std::set<std::string> active_;  // snippets being walked (a snippet rendering itself)
};

// Every Liquid text of a template object (strings, and strings inside a
// webhook's JSON body or headers), with its field path.
void VisitTexts(const Json& value, const std::string& field, const std::function<void(const std::string&, const std::string&)>& visit) {
  if (value.is_string()) {
    visit(value.get_ref<const std::string&>(), field);
  } else if (value.is_object() || value.is_array()) {
    std::size_t i = 0;
    for (auto it = value.begin(); it != value.end(); ++it, ++i) {
      std::string key = value.is_object() ? it.key() : std::to_string(i);
      VisitTexts(it.value(), field + "/" + key, visit);
    }
  }
}

void VisitFields(const Json& fields, const std::string& prefix, const std::function<void(const std::string&, const std::string&)>& visit) {
  if (!fields.is_object()) return;
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    const std::string& key = it.key();
    if (key == "channel" || key == "when" || key == "variants" || key == "description" || key == "name" ||
        key.rfind("x-", 0) == 0) {
      continue;
    }
    std::string field = prefix.empty() ? key : prefix + "/" + key;
    if (it.value().is_string()) visit(it.value().get_ref<const std::string&>(), field);
    else VisitTexts(it.value(), field, visit);
  }
}

std::string FirstLine(const std::string& text) {
  std::size_t end = text.find('\n');
  std::string line = text.substr(0, end);
  if (line.size() > 120) line = line.substr(0, 117) + "...";
  return line;
}

}  // namespace

TemplateAnalysis AnalyzeTemplate(const Workflow& workflow, const MessageTemplate& message_template) {
  TemplateAnalysis analysis;
  analysis.name = message_template.name;
  analysis.channel = message_template.channel;
  ReadCollector collector(workflow, analysis.reads);
  auto visit = [&](const std::string& text, const std::string& field) { collector.Text(text, field); };
  const Json& source = message_template.source;
  VisitFields(source, "", visit);
  if (source.is_object() && source.contains("variants") && source["variants"].is_array()) {
    const Json& variants = source["variants"];
    analysis.variants = static_cast<int>(variants.size());
    for (std::size_t i = 0; i < variants.size(); ++i) VisitFields(variants[i], "variants/" + std::to_string(i), visit);
  }
  // The headline: subject (email), title (push), else the first line of the body.
  auto text_of = [&](const char* key) -> std::string {
    const Json* fields = &source;
    if (source.is_object() && !source.contains(key) && source.contains("variants") && source["variants"].is_array() &&
        !source["variants"].empty()) {
      fields = &source["variants"][0];
    }
    if (fields->is_object() && fields->contains(key) && (*fields)[key].is_string()) return (*fields)[key].get<std::string>();
    return "";
  };
  for (const char* key : {"subject", "title", "body", "text", "url", "audience"}) {
    std::string text = text_of(key);
    if (!text.empty()) {
      analysis.headline = FirstLine(text);
      break;
    }
  }
  return analysis;
}

std::map<std::string, TemplateAnalysis> AnalyzeTemplates(const Workflow& workflow) {
  std::map<std::string, TemplateAnalysis> all;
  for (const auto& [name, message_template] : workflow.templates) all[name] = AnalyzeTemplate(workflow, message_template);
  return all;
}

}  // namespace flowproof::lint
