#include "core/cli/cli_support.h"

#include <algorithm>
#include <ostream>

#include "core/cli/disk_files.h"
#include "core/json/json_input.h"
#include "core/sim/simulator.h"  // kMaxTriggers
#include "core/time/timestamp.h"

namespace flowproof::cli {

const std::string* ParsedArgs::Option(const std::string& name) const {
  for (const auto& [key, value] : options) {
    if (key == name) return &value;
  }
  return nullptr;
}

bool ParsedArgs::Flag(const std::string& name) const { return Option(name) != nullptr; }

bool ParseArgs(const Args& args, const std::vector<std::string>& with_value,
               const std::vector<std::string>& flags, ParsedArgs* parsed, std::ostream& err) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
      std::string name = arg.substr(2), value;
      std::size_t eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      bool takes_value = std::find(with_value.begin(), with_value.end(), name) != with_value.end();
      bool is_flag = std::find(flags.begin(), flags.end(), name) != flags.end();
      if (!takes_value && !is_flag) {
        err << "flowproof: unknown option --" << name << "\n";
        return false;
      }
      if (takes_value && eq == std::string::npos) {
        if (i + 1 >= args.size()) {
          err << "flowproof: option --" << name << " needs a value\n";
          return false;
        }
        value = args[++i];
      }
      parsed->options.emplace_back(name, value);
    } else {
      parsed->positional.push_back(arg);
    }
  }
  return true;
}

std::optional<std::string> ReadInputFile(const std::string& path, std::ostream& err) {
  std::string error;
  std::optional<std::string> text = ReadFile(path, JsonLimits{}.max_bytes, &error);
  if (!text) err << path << ": " << error << "\n";
  return text;
}

std::optional<Json> ReadJsonFile(const std::string& path, std::ostream& err) {
  std::optional<std::string> text = ReadInputFile(path, err);
  if (!text) return std::nullopt;
  JsonInputResult parsed = ParseJsonText(*text);
  if (!parsed.ok()) {
    err << path << ": " << parsed.problem->ToString() << "\n";
    return std::nullopt;
  }
  return std::move(parsed.value);
}

DocumentOptions DiskDocumentOptions(const std::string& path, DocumentKind kind) {
  DocumentOptions options;
  options.kind = kind;
  options.base_dir = DirectoryOf(path);
  options.loader = DiskFileLoader();
  options.max_triggers = kMaxTriggers;
  return options;
}

std::optional<CheckedDocument> CheckDocumentFile(const std::string& path, DocumentKind kind, std::ostream& err) {
  std::optional<Json> doc = ReadJsonFile(path, err);
  if (!doc) return std::nullopt;
  DocumentCheck check = ValidateDocument(*doc, DiskDocumentOptions(path, kind));
  for (const Problem& problem : check.problems) err << path << ": " << problem.ToString() << "\n";
  if (!check.ok()) return std::nullopt;
  return CheckedDocument{std::move(*doc), std::move(check)};
}

std::unique_ptr<Session> LoadSession(const std::string& path, std::ostream& err, const SessionOptions& options) {
  std::optional<std::string> text = ReadInputFile(path, err);
  if (!text) return nullptr;
  SessionLoadResult loaded = Session::Load(*text, DirectoryOf(path), DiskFileLoader(), options);
  for (const Problem& problem : loaded.problems) err << path << ": " << problem.ToString() << "\n";
  return std::move(loaded.session);
}

bool RunBounded(Session& session, std::optional<Instant> until, const std::function<std::size_t()>& lines,
                const std::string& path, std::ostream& err, std::size_t max_lines) {
  bool within = true;
  if (!until) {
    // Session::RunToEnd, checking after every instant.
    while (within && session.Step()) within = lines() <= max_lines;
    if (within) session.AdvanceTo(session.until());
  } else {
    // AdvanceTo in slices of an hour, checking between them.
    constexpr Duration kSlice = 3600;
    Instant target = std::min(*until, session.until());
    while (within && session.now() < target) {
      Instant before = session.now();
      Instant next = before + kSlice < target ? before + kSlice : target;
      session.AdvanceTo(next);
      within = lines() <= max_lines;
      if (session.now() <= before) break;  // the clock can go no further
    }
    if (within) session.AdvanceTo(*until);
  }
  if (!within) {
    err << path << ": /clock/until: the run made more than " << max_lines << " trace lines by "
        << FormatTimestamp(session.now()) << "; shorten the clock (or --until), or give loops longer waits\n";
  }
  return within;
}

}  // namespace flowproof::cli
