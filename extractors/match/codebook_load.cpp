// Codebook::Load: reads codebook.yaml, every other *.yaml under the lexicon
// directory (sorted by path) and the entity files; validates everything,
// collecting every problem; compiles RE2 regexes, RE2::Sets and phrase indexes.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <string>
#include <unordered_map>

#include "core/env.h"
#include "extractors/match/lexicon_internal.h"

namespace normcode {

namespace {

constexpr uint64_t kMaxLexiconFileBytes = 32ull << 20;

const char* const kRoles[] = {role::kPresident,   role::kSecretaryGeneral, role::kRepresentative, role::kBriefer,
                              role::kOfficial,    role::kInterviewer,      role::kInterviewee,    role::kAuthor,
                              role::kProcedure,   role::kUnknown};

bool IsKnownRole(const std::string& r) {
  for (const char* k : kRoles)
    if (r == k) return true;
  return false;
}

bool ValidId(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) return false;
  return true;
}

bool ValidLanguage(const std::string& l) {
  if (l.size() < 2 || l.size() > 3) return false;
  for (char c : l)
    if (c < 'a' || c > 'z') return false;
  return true;
}

int LineOf(const YAML::Node& n) {
  if (!n.IsDefined()) return 0;
  try {
    YAML::Mark m = n.Mark();
    return m.line >= 0 ? m.line + 1 : 0;
  } catch (const YAML::Exception&) {
    return 0;
  }
}

// Line of `key` in a mapping (the key itself, not its value), 0 when absent.
int KeyLine(const YAML::Node& map, const char* key) {
  if (!map.IsMap()) return 0;
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return LineOf(it->first);
  return 0;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  out += s.size() > 80 ? s.substr(0, 77) + "..." : s;
  return out + "\"";
}

// Error sink for one file.
struct FileErrors {
  std::string file;
  std::vector<LexiconError>* errors;
  int count = 0;
  void Add(int line, std::string reason) {
    errors->push_back(LexiconError{file, line, std::move(reason)});
    ++count;
  }
  void Add(const YAML::Node& at, std::string reason) { Add(LineOf(at), std::move(reason)); }
};

// Reads a scalar string; reports and returns false when the node is not one.
bool GetString(const YAML::Node& n, const char* what, FileErrors& fe, int fallback_line, std::string* out) {
  if (!n.IsDefined() || n.IsNull()) {
    fe.Add(fallback_line, std::string("missing ") + what);
    return false;
  }
  if (!n.IsScalar()) {
    fe.Add(n, std::string(what) + " must be a string");
    return false;
  }
  *out = n.Scalar();
  return true;
}

bool GetNumber(const YAML::Node& n, const char* what, FileErrors& fe, double* out) {
  if (!n.IsScalar()) {
    fe.Add(n, std::string(what) + " must be a number");
    return false;
  }
  try {
    *out = n.as<double>();
  } catch (const YAML::Exception&) {
    fe.Add(n, std::string(what) + " must be a number, got " + Quote(n.Scalar()));
    return false;
  }
  if (!std::isfinite(*out)) {
    fe.Add(n, std::string(what) + " must be a finite number");
    return false;
  }
  return true;
}

void CheckKeys(const YAML::Node& map, std::initializer_list<const char*> allowed, const char* where, FileErrors& fe) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    std::string k = it->first.IsScalar() ? it->first.Scalar() : "?";
    bool ok = false;
    for (const char* a : allowed)
      if (k == a) ok = true;
    if (!ok) {
      std::string list;
      for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
      fe.Add(it->first, std::string("unknown key \"") + k + "\" in " + where + " (allowed: " + list + ")");
    }
  }
}

// Parses YAML; reports syntax errors with their line.
bool ParseYaml(const std::string& content, FileErrors& fe, YAML::Node* out) {
  try {
    *out = YAML::Load(content);
    return true;
  } catch (const YAML::ParserException& e) {
    fe.Add(e.mark.line >= 0 ? e.mark.line + 1 : 0, "YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    fe.Add(e.mark.line >= 0 ? e.mark.line + 1 : 0, "YAML error: " + e.msg);
  }
  return false;
}

std::string JoinPath(const std::string& a, const std::string& b) {
  if (a.empty() || a.back() == '/') return a + b;
  return a + "/" + b;
}

// Every *.yaml below dir (relative paths), recursively, hidden entries and symlinks skipped.
Status ListYaml(Env* env, const std::string& dir, const std::string& rel, int depth, std::vector<std::string>* out) {
  if (depth > 16) return Status::OK();
  std::vector<std::string> names;
  Status s = env->ListDir(rel.empty() ? dir : JoinPath(dir, rel), [&](const std::string& n) { names.push_back(n); });
  if (!s.ok()) return s;
  std::sort(names.begin(), names.end());
  for (const std::string& n : names) {
    if (n.empty() || n[0] == '.') continue;
    std::string r = rel.empty() ? n : rel + "/" + n;
    FileInfo fi;
    if (!env->Stat(JoinPath(dir, r), &fi).ok() || fi.is_symlink) continue;
    if (fi.is_directory) {
      s = ListYaml(env, dir, r, depth + 1, out);
      if (!s.ok()) return s;
    } else if (fi.is_regular && n.size() > 5 && n.compare(n.size() - 5, 5, ".yaml") == 0) {
      out->push_back(r);
    }
  }
  return Status::OK();
}

struct Loader {
  std::string dir;
  std::vector<LexiconError>* errors;
  Codebook::Impl* impl;
  std::unique_ptr<Segmenter> seg;
  std::set<std::string> codebook_codes;
  std::unordered_map<std::string, std::pair<std::string, int>> id_at;  // id -> file, line

  void LoadCodebook() {
    std::string path = JoinPath(dir, "codebook.yaml");
    FileErrors fe{path, errors};
    std::string content;
    Status s = Env::Default()->ReadFile(path, kMaxLexiconFileBytes, &content);
    if (!s.ok()) {
      fe.Add(0, "cannot read codebook: " + s.ToString());
      return;
    }
    YAML::Node root;
    if (!ParseYaml(content, fe, &root)) return;
    try {
      if (!root.IsMap()) {
        fe.Add(root, "codebook.yaml must be a mapping with version, codes, exclusive, threshold");
        return;
      }
      CheckKeys(root, {"version", "codes", "exclusive", "threshold", "model"}, "codebook.yaml", fe);
      if (root["model"].IsDefined() && GetString(root["model"], "model", fe, KeyLine(root, "model"), &impl->model_file) &&
          impl->model_file.empty())
        fe.Add(root["model"], "model must name a file (relative to the lexicon directory)");
      if (GetString(root["version"], "version", fe, 1, &impl->version) && impl->version.empty())
        fe.Add(root["version"], "version must not be empty");
      YAML::Node codes = root["codes"];
      if (!codes.IsDefined() || !codes.IsSequence()) {
        fe.Add(codes.IsDefined() ? KeyLine(root, "codes") : 1, "codes must be a list of the ten codebook codes");
      } else {
        for (const YAML::Node& c : codes) {
          if (!c.IsMap()) {
            fe.Add(c, "each code must be a mapping with id and description");
            continue;
          }
          CheckKeys(c, {"id", "description"}, "code", fe);
          std::string id;
          if (!GetString(c["id"], "code id", fe, LineOf(c), &id)) continue;
          if (!IsKnownCode(id)) fe.Add(c["id"], "unknown code \"" + id + "\" (not one of the ten codebook codes)");
          else if (!codebook_codes.insert(id).second) fe.Add(c["id"], "code \"" + id + "\" listed twice");
        }
        for (const char* k : kCodes)
          if (!codebook_codes.count(k)) fe.Add(KeyLine(root, "codes"), std::string("code \"") + k + "\" is missing from codes");
      }
      YAML::Node ex = root["exclusive"];
      if (ex.IsDefined() && !ex.IsNull()) {
        if (!ex.IsSequence()) {
          fe.Add(ex, "exclusive must be a list of lists of codes");
        } else {
          for (const YAML::Node& g : ex) {
            if (!g.IsSequence() || g.size() < 2) {
              fe.Add(g, "each exclusive group must be a list of at least two codes");
              continue;
            }
            std::vector<std::string> names;
            std::vector<int> idx;
            bool ok = true;
            for (const YAML::Node& c : g) {
              int ci = c.IsScalar() ? CodeIndex(c.Scalar()) : -1;
              if (ci < 0) {
                fe.Add(c, "unknown code " + Quote(c.IsScalar() ? c.Scalar() : "?") + " in exclusive group");
                ok = false;
                continue;
              }
              names.push_back(c.Scalar());
              idx.push_back(ci);
            }
            if (ok) {
              impl->exclusive.push_back(names);
              impl->exclusive_idx.push_back(idx);
            }
          }
        }
      }
      YAML::Node th = root["threshold"];
      if (th.IsDefined() && !th.IsNull()) {
        double v;
        if (GetNumber(th, "threshold", fe, &v)) {
          if (v <= 0 || v > 2) fe.Add(th, "threshold must be in (0, 2]");
          else impl->threshold = v;
        }
      }
    } catch (const YAML::Exception& e) {
      fe.Add(e.mark.line >= 0 ? e.mark.line + 1 : 0, std::string("YAML error: ") + e.msg);
    }
  }

  // Compiles one phrase pattern; reports errors.
  std::shared_ptr<const PhraseNode> Phrase(const YAML::Node& at, const std::string& p, const std::string& what,
                                           FileErrors& fe) {
    auto r = ParsePhrase(p, *seg);
    if (!r.ok()) {
      fe.Add(at, what + ": bad phrase " + Quote(p) + ": " + r.status().message());
      return nullptr;
    }
    return *r;
  }

  std::unique_ptr<RE2> Regex(const YAML::Node& at, const std::string& p, const std::string& what, FileErrors& fe) {
    RE2::Options opt;
    opt.set_log_errors(false);
    auto re = std::make_unique<RE2>(p, opt);
    if (!re->ok()) {
      fe.Add(at, what + ": bad regex " + Quote(p) + ": " + re->error());
      return nullptr;
    }
    return re;
  }

  void LoadEntry(const YAML::Node& e, const std::string& file_language, FileErrors& fe) {
    if (!e.IsMap()) {
      fe.Add(e, "each entry must be a mapping");
      return;
    }
    int errors_before = fe.count;
    CheckKeys(e, {"id", "code", "kind", "language", "patterns", "constraints", "weight", "rationale", "examples"},
              "entry", fe);
    LexEntry entry;
    LexiconEntryInfo& info = entry.info;
    info.file = fe.file;
    info.line = LineOf(e);
    if (GetString(e["id"], "entry id", fe, info.line, &info.id)) {
      info.line = LineOf(e["id"]);
      if (!ValidId(info.id)) {
        fe.Add(e["id"], "entry id " + Quote(info.id) + " must match [a-z0-9_.]+");
      } else {
        auto [it, fresh] = id_at.emplace(info.id, std::make_pair(fe.file, info.line));
        if (!fresh)
          fe.Add(e["id"], "duplicate entry id \"" + info.id + "\" (first defined at " + it->second.first + ":" +
                              std::to_string(it->second.second) + ")");
      }
    }
    std::string what = "entry " + (info.id.empty() ? std::string("?") : info.id);
    if (GetString(e["code"], "code", fe, info.line, &info.code)) {
      entry.code_index = CodeIndex(info.code);
      if (entry.code_index < 0)
        fe.Add(e["code"], what + ": unknown code \"" + info.code + "\" (not one of the ten codebook codes)");
      else if (!codebook_codes.empty() && !codebook_codes.count(info.code))
        fe.Add(e["code"], what + ": code \"" + info.code + "\" is not declared in codebook.yaml");
    }
    if (GetString(e["kind"], "kind", fe, info.line, &info.kind) && info.kind != "phrase" && info.kind != "regex")
      fe.Add(e["kind"], what + ": kind must be phrase or regex, got " + Quote(info.kind));
    entry.regex = info.kind == "regex";
    info.language = file_language;
    if (e["language"].IsDefined()) GetString(e["language"], "language", fe, info.line, &info.language);
    if (info.language.empty()) fe.Add(info.line, what + ": no language (set it on the entry or the file)");
    else if (!ValidLanguage(info.language)) fe.Add(info.line, what + ": bad language " + Quote(info.language));

    YAML::Node pats = e["patterns"];
    if (!pats.IsDefined() || !pats.IsSequence() || pats.size() == 0) {
      fe.Add(pats.IsDefined() ? KeyLine(e, "patterns") : info.line, what + ": patterns must be a non-empty list");
    } else if (info.kind == "phrase" || info.kind == "regex") {
      for (const YAML::Node& p : pats) {
        if (!p.IsScalar() || p.Scalar().empty()) {
          fe.Add(p, what + ": each pattern must be a non-empty string");
          continue;
        }
        if (entry.regex) {
          if (auto re = Regex(p, p.Scalar(), what, fe)) entry.regexes.push_back(std::move(re));
        } else if (auto ph = Phrase(p, p.Scalar(), what, fe)) {
          entry.phrases.push_back(std::move(ph));
        }
      }
    }

    YAML::Node cons = e["constraints"];
    if (cons.IsDefined() && !cons.IsNull()) {
      if (!cons.IsMap()) {
        fe.Add(cons, what + ": bad constraint: constraints must be a mapping of roles, near, exclude");
      } else {
        CheckKeys(cons, {"roles", "near", "exclude"}, "constraints", fe);
        YAML::Node roles = cons["roles"];
        if (roles.IsDefined()) {
          if (!roles.IsSequence() || roles.size() == 0) {
            fe.Add(roles, what + ": bad constraint: roles must be a non-empty list of speaker roles");
          } else {
            for (const YAML::Node& r : roles) {
              std::string rs = r.IsScalar() ? r.Scalar() : "?";
              if (!IsKnownRole(rs)) {
                std::string list;
                for (const char* k : kRoles) list += std::string(list.empty() ? "" : ", ") + k;
                fe.Add(r, what + ": unknown role " + Quote(rs) + " (roles: " + list + ")");
              } else {
                entry.roles.push_back(rs);
              }
            }
          }
        }
        YAML::Node near = cons["near"];
        if (near.IsDefined()) {
          if (!near.IsMap()) {
            fe.Add(near, what + ": bad constraint: near must be a mapping with terms and window");
          } else {
            CheckKeys(near, {"terms", "window"}, "near", fe);
            NearConstraint nc;
            YAML::Node terms = near["terms"];
            if (!terms.IsDefined() || !terms.IsSequence() || terms.size() == 0) {
              fe.Add(terms.IsDefined() ? KeyLine(near, "terms") : KeyLine(cons, "near"), what + ": bad constraint: near.terms must be a non-empty list");
            } else {
              for (const YAML::Node& t : terms) {
                if (!t.IsScalar()) {
                  fe.Add(t, what + ": bad constraint: near term must be a string");
                  continue;
                }
                if (auto ph = Phrase(t, t.Scalar(), what + ": near term", fe)) nc.terms.push_back(std::move(ph));
              }
            }
            double w = 0;
            YAML::Node win = near["window"];
            if (!win.IsDefined()) {
              fe.Add(KeyLine(cons, "near"), what + ": bad constraint: near.window is missing");
            } else if (GetNumber(win, "near.window", fe, &w)) {
              if (w < 1 || w > 100 || w != std::floor(w))
                fe.Add(win, what + ": bad constraint: near.window must be an integer 1..100");
              else nc.window = static_cast<int>(w);
            }
            entry.near.push_back(std::move(nc));
          }
        }
        YAML::Node ex = cons["exclude"];
        if (ex.IsDefined()) {
          if (!ex.IsSequence()) {
            fe.Add(ex, what + ": bad constraint: exclude must be a list of RE2 patterns");
          } else {
            for (const YAML::Node& x : ex) {
              if (!x.IsScalar() || x.Scalar().empty()) {
                fe.Add(x, what + ": bad constraint: exclude pattern must be a non-empty string");
                continue;
              }
              if (auto re = Regex(x, x.Scalar(), what + ": exclude", fe)) entry.excludes.push_back(std::move(re));
            }
          }
        }
      }
    }
    info.roles = entry.roles;

    YAML::Node w = e["weight"];
    if (w.IsDefined()) {
      double v;
      if (GetNumber(w, "weight", fe, &v)) {
        if (v <= 0 || v > 2) fe.Add(w, what + ": weight " + w.Scalar() + " out of range (0 < weight <= 2)");
        else info.weight = v;
      }
    }

    YAML::Node exs = e["examples"];
    const int exs_line = exs.IsDefined() ? KeyLine(e, "examples") : info.line;
    size_t npos = 0, nneg = 0;
    if (!exs.IsDefined() || !exs.IsMap()) {
      fe.Add(exs_line,
             what + ": missing examples (need >= 2 positive and >= 1 negative)");
    } else {
      CheckKeys(exs, {"positive", "negative"}, "examples", fe);
      for (bool positive : {true, false}) {
        YAML::Node list = exs[positive ? "positive" : "negative"];
        if (list.IsDefined() && !list.IsNull() && !list.IsSequence()) {
          fe.Add(list, what + ": examples." + (positive ? "positive" : "negative") + " must be a list of sentences");
          continue;
        }
        if (!list.IsDefined() || list.IsNull()) continue;
        for (const YAML::Node& x : list) {
          if (!x.IsScalar() || x.Scalar().empty()) {
            fe.Add(x, what + ": each example must be a non-empty string");
            continue;
          }
          info.examples.push_back(LexiconExample{x.Scalar(), fe.file, LineOf(x), positive});
          (positive ? npos : nneg)++;
        }
      }
      if (npos < 2)
        fe.Add(exs_line, what + ": too few positive examples (" + std::to_string(npos) + ", need >= 2)");
      if (nneg < 1)
        fe.Add(exs_line, what + ": too few negative examples (" + std::to_string(nneg) + ", need >= 1)");
    }
    if (fe.count == errors_before) impl->entries.push_back(std::move(entry));
  }

  void LoadEntryFile(const std::string& rel) {
    std::string path = JoinPath(dir, rel);
    FileErrors fe{path, errors};
    std::string content;
    Status s = Env::Default()->ReadFile(path, kMaxLexiconFileBytes, &content);
    if (!s.ok()) {
      fe.Add(0, "cannot read: " + s.ToString());
      return;
    }
    YAML::Node root;
    if (!ParseYaml(content, fe, &root)) return;
    try {
      if (root.IsNull()) {
        fe.Add(1, "empty entry file (expected language and entries)");
        return;
      }
      if (!root.IsMap()) {
        fe.Add(root, "an entry file must be a mapping with language and entries");
        return;
      }
      CheckKeys(root, {"language", "entries"}, "entry file", fe);
      std::string lang;
      if (root["language"].IsDefined()) {
        GetString(root["language"], "language", fe, 1, &lang);
        if (!lang.empty() && !ValidLanguage(lang)) fe.Add(root["language"], "bad language " + Quote(lang));
      }
      YAML::Node entries = root["entries"];
      if (!entries.IsDefined() || !entries.IsSequence()) {
        fe.Add(entries.IsDefined() ? KeyLine(root, "entries") : 1, "entries must be a list");
        return;
      }
      for (const YAML::Node& e : entries) {
        try {
          LoadEntry(e, lang, fe);
        } catch (const YAML::Exception& ex) {
          fe.Add(ex.mark.line >= 0 ? ex.mark.line + 1 : LineOf(e), std::string("YAML error: ") + ex.msg);
        }
      }
    } catch (const YAML::Exception& e) {
      fe.Add(e.mark.line >= 0 ? e.mark.line + 1 : 0, std::string("YAML error: ") + e.msg);
    }
  }

  void BuildMatchers() {
    for (size_t ei = 0; ei < impl->entries.size(); ++ei) {
      LexEntry& e = impl->entries[ei];
      LanguageMatchers& lm = impl->languages[e.info.language];
      for (size_t pi = 0; pi < e.regexes.size(); ++pi)
        lm.regex_refs.emplace_back(static_cast<int>(ei), static_cast<int>(pi));
      for (size_t pi = 0; pi < e.phrases.size(); ++pi) {
        int id = static_cast<int>(lm.phrase_refs.size());
        lm.phrase_refs.emplace_back(static_cast<int>(ei), static_cast<int>(pi));
        const PhraseTerm* a = AnchorTerm(*e.phrases[pi]);
        if (!a) continue;  // cannot happen: parsed phrases have words
        if (a->prefix) {
          lm.prefix[a->text].push_back(id);
          auto& pl = lm.prefix_lengths;
          auto at = std::lower_bound(pl.begin(), pl.end(), a->text.size());
          if (at == pl.end() || *at != a->text.size()) pl.insert(at, a->text.size());
        } else {
          lm.exact[a->text].push_back(id);
        }
      }
    }
    for (auto& [lang, lm] : impl->languages) {
      std::vector<std::string> anchors;
      for (const auto& [key, ids] : lm.exact) anchors.push_back(key), lm.anchor_exact.push_back(true);
      for (const auto& [key, ids] : lm.prefix) anchors.push_back(key), lm.anchor_exact.push_back(false);
      if (!anchors.empty()) lm.anchor_set = std::make_unique<PrefixTrie>(anchors);
    }
    for (auto& [lang, lm] : impl->languages) {
      if (lm.regex_refs.empty()) continue;
      std::unordered_map<std::string, int> atom_ids;
      std::vector<std::string> all_atoms;
      std::vector<std::vector<std::pair<int, int>>> users;
      lm.filters.resize(lm.regex_refs.size());
      lm.regex_wide.assign(lm.regex_refs.size(), false);
      for (size_t i = 0; i < lm.regex_refs.size(); ++i) {
        auto [ei, pi] = lm.regex_refs[i];
        const RE2& re = *impl->entries[ei].regexes[pi];
        auto filter = std::make_unique<re2::FilteredRE2>(3);
        int id = -1;
        std::vector<std::string> atoms;
        if (filter->Add(re.pattern(), re.options(), &id) == RE2::NoError) filter->Compile(&atoms);
        if (atoms.empty()) {  // nothing to filter on (or, unexpectedly, no filter): always run
          lm.unfiltered.push_back(static_cast<int>(i));
          continue;
        }
        lm.regex_wide[i] = atoms.size() >= 64;
        for (size_t a = 0; a < atoms.size(); ++a) {
          auto [it, fresh] = atom_ids.emplace(atoms[a], static_cast<int>(all_atoms.size()));
          if (fresh) {
            all_atoms.push_back(atoms[a]);
            users.emplace_back();
          }
          users[it->second].emplace_back(static_cast<int>(i), static_cast<int>(a));
        }
        lm.filters[i] = std::move(filter);
      }
      for (const auto& u : users) {
        lm.atom_users_begin.push_back(static_cast<int>(lm.atom_users.size()));
        lm.atom_users.insert(lm.atom_users.end(), u.begin(), u.end());
      }
      lm.atom_users_begin.push_back(static_cast<int>(lm.atom_users.size()));
      if (!all_atoms.empty()) lm.atom_set = std::make_unique<AhoCorasick>(all_atoms);
    }
  }
};

}  // namespace

Codebook::Codebook() : impl_(std::make_unique<Impl>()) {}
Codebook::~Codebook() = default;
const std::string& Codebook::version() const { return impl_->version; }
size_t Codebook::entry_count() const { return impl_->entries.size(); }

const std::string& Codebook::lexicon_version() const { return impl_->lexicon_version; }
const LinearModel* Codebook::model() const { return impl_->model.get(); }

namespace {
// The learned model the options ask for, checked against the codebook; problems
// go to *errors. No model (lexicon-only) when none is named or use_model is off.
void LoadModel(const std::string& dir, const ModelOptions& opt, Codebook::Impl* impl,
               std::vector<LexiconError>* errors) {
  if (!opt.use_model) return;
  std::string path = opt.path;
  if (path.empty()) {
    if (impl->model_file.empty()) return;
    path = JoinPath(dir, impl->model_file);
  }
  std::string bytes;
  Status s = Env::Default()->ReadFile(path, 512ull << 20, &bytes);
  if (!s.ok()) {
    errors->push_back(LexiconError{path, 0, "cannot read the model (train one with `normcode train`, or code "
                                            "with the lexicon alone: --no-model): " + s.ToString()});
    return;
  }
  auto m = LinearModel::Parse(bytes, path);
  if (!m.ok()) {
    errors->push_back(LexiconError{path, 0, "corrupt model: " + m.status().ToString()});
    return;
  }
  if ((*m)->lexicon_version() != impl->lexicon_version) {
    errors->push_back(LexiconError{path, 0, "the model was trained with lexicon version " + (*m)->lexicon_version() +
                                                ", the codebook is " + impl->lexicon_version +
                                                ": retrain it (normcode train) or use --no-model"});
    return;
  }
  impl->model = std::move(m).value();
}
}  // namespace

StatusOr<std::shared_ptr<const Codebook>> Codebook::Load(const std::string& dir, std::vector<LexiconError>* errors,
                                                         const ModelOptions& model_options) {
  std::vector<LexiconError> local;
  if (!errors) errors = &local;
  size_t before = errors->size();
  std::shared_ptr<Codebook> cb(new Codebook());
  Loader ld{dir, errors, cb->impl_.get(), nullptr, {}, {}};
  auto seg = Segmenter::Create("en");
  if (!seg.ok()) return seg.status();
  ld.seg = std::move(seg).value();

  FileInfo fi;
  Status st = Env::Default()->Stat(dir, &fi);
  if (!st.ok() || !fi.is_directory) {
    errors->push_back(LexiconError{dir, 0, "lexicon directory not found or not a directory"});
    return Status::InvalidInput("invalid lexicon " + dir + ": " + errors->back().ToString());
  }
  ld.LoadCodebook();
  std::vector<std::string> files;
  st = ListYaml(Env::Default(), dir, "", 0, &files);
  if (!st.ok()) errors->push_back(LexiconError{dir, 0, "cannot list: " + st.ToString()});
  // Entry files are the *.yaml files in subdirectories (en/, fr/, ...). Top-level
  // files other than codebook.yaml belong to other tools (classification.yaml).
  for (const std::string& rel : files)
    if (rel.find('/') != std::string::npos) ld.LoadEntryFile(rel);

  Status es = Entities::Load(dir, &cb->impl_->entities, errors);
  if (!es.ok() && errors->size() == before)
    errors->push_back(LexiconError{JoinPath(dir, "entities"), 0, es.ToString()});

  cb->impl_->lexicon_version = cb->impl_->version;
  if (errors->size() == before) LoadModel(dir, model_options, cb->impl_.get(), errors);
  if (errors->size() > before) {
    return Status::InvalidInput("invalid lexicon " + dir + ": " + std::to_string(errors->size() - before) +
                                " error(s), first: " + (*errors)[before].ToString());
  }
  for (const LexEntry& e : cb->impl_->entries) cb->impl_->infos.push_back(e.info);
  ld.BuildMatchers();
  Codebook::Impl& im = *cb->impl_;
  im.country_mask = CountryMask(im.entities);
  if (im.model) {
    im.version = im.lexicon_version + "+" + im.model->version();
    im.scorer = MakeModelScorer(im.model.get(), im.threshold);
  } else {
    im.scorer = MakeLexiconScorer(im.threshold);
  }
  return std::shared_ptr<const Codebook>(std::move(cb));
}

std::vector<std::string> SentenceLabels(const std::vector<Evidence>& evidence, double threshold) {
  std::vector<std::string> out;
  for (const char* c : kCodes) {
    for (const Evidence& e : evidence) {
      if (e.code == c && e.polarity == polarity::kAsserted && (e.score >= threshold || !e.model_version.empty())) {
        out.emplace_back(c);
        break;
      }
    }
  }
  return out;
}

double CodebookThreshold(const Codebook& codebook) { return codebook.impl().threshold; }
const std::vector<LexiconEntryInfo>& CodebookEntries(const Codebook& codebook) { return codebook.impl().infos; }
const std::vector<std::vector<std::string>>& CodebookExclusiveGroups(const Codebook& codebook) {
  return codebook.impl().exclusive;
}

}  // namespace normcode
