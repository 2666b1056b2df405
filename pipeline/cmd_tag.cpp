// `normcode tag`: codes text from stdin, one JSON line out per line in.
//
// Streaming: stdin is read in blocks and split into lines here, so memory stays
// flat whatever the input size; a single line longer than --max-line-bytes is
// skipped (reported as an error line) without being held in memory.
#include <CLI/CLI.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/limits.h"
#include "core/text.h"
#include "extractors/match/codebook.h"
#include "extractors/match/labels.h"
#include "pipeline/commands.h"
#include "pipeline/run.h"

namespace normcode {
namespace {

using nlohmann::json;

// Reads '\n'-terminated lines from a FILE* in blocks; lines longer than `cap`
// bytes are consumed but not stored (*overflow set).
class LineReader {
 public:
  LineReader(FILE* f, uint64_t cap) : f_(f), cap_(cap), buf_(1 << 16) {}
  // false at end of input. The line excludes the '\n' (and a trailing '\r').
  bool Next(std::string* line, bool* overflow) {
    line->clear();
    *overflow = false;
    bool any = false;
    for (;;) {
      if (pos_ == len_) {
        if (eof_) break;
        len_ = std::fread(buf_.data(), 1, buf_.size(), f_);
        pos_ = 0;
        if (len_ == 0) {
          eof_ = true;
          break;
        }
      }
      any = true;
      const char* start = buf_.data() + pos_;
      const void* nl = std::memchr(start, '\n', len_ - pos_);
      size_t n = nl ? static_cast<const char*>(nl) - start : len_ - pos_;
      if (!*overflow) {
        if (line->size() + n > cap_) {
          *overflow = true;
          line->clear();
          line->shrink_to_fit();
        } else {
          line->append(start, n);
        }
      }
      pos_ += n;
      if (nl) {
        ++pos_;
        break;
      }
    }
    if (!line->empty() && line->back() == '\r') line->pop_back();
    return any;
  }

 private:
  FILE* f_;
  uint64_t cap_;
  std::vector<char> buf_;
  size_t pos_ = 0, len_ = 0;
  bool eof_ = false;
};

struct TagArgs {
  std::string lexicons;
  bool all = false;
  std::string role = role::kRepresentative;
  std::string language = "en";
  uint64_t max_line_bytes = Limits().max_document_bytes;
  ModelOptions model;
};

// Optional string field; a present non-string value is an error.
bool StringField(const json& j, const char* name, std::string* out, std::string* err) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) {
    *err = std::string("field \"") + name + "\" must be a string";
    return false;
  }
  *out = it->get<std::string>();
  if (!IsValidUtf8(*out)) {
    *err = std::string("field \"") + name + "\" is not valid UTF-8";
    return false;
  }
  return true;
}

int RunTag(const TagArgs& args) {
  const std::string dir = ResolveLexiconDir(args.lexicons);
  std::shared_ptr<const Codebook> cb = LoadCodebookOrReport(dir, args.model, "tag");
  if (!cb) return kExitFatal;
  const double threshold = CodebookThreshold(*cb);
  SentenceCoder coder(cb);

  struct stat st;
  const bool flush_each = !(::fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode));
  LineReader reader(stdin, args.max_line_bytes);
  std::string line;
  bool overflow = false;
  uint64_t line_no = 0, failed = 0;
  while (reader.Next(&line, &overflow)) {
    ++line_no;
    json out;
    out["id"] = line_no;
    std::string error;
    std::string text, previous;
    SentenceContext ctx;
    ctx.role = args.role;
    ctx.language = args.language;
    if (overflow) {
      error = "limit max_line_bytes=" + std::to_string(args.max_line_bytes) + " exceeded";
    } else if (!IsValidUtf8(line)) {
      error = "invalid UTF-8";
    } else if (!line.empty() && line[0] == '{') {
      json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded() || !j.is_object()) {
        error = "invalid JSON";
      } else {
        if (auto it = j.find("id"); it != j.end() && !it->is_null()) {
          if (it->is_string() || it->is_number()) out["id"] = *it;
          else error = "field \"id\" must be a string or a number";
        }
        auto t = j.find("text");
        if (error.empty() && (t == j.end() || !t->is_string())) error = "no \"text\" string";
        if (error.empty()) text = t->get<std::string>();
        std::string country, role_field, lang, date;
        if (error.empty() && StringField(j, "speaker", &ctx.speaker, &error) &&
            StringField(j, "role", &role_field, &error) && StringField(j, "country", &country, &error) &&
            StringField(j, "language", &lang, &error) && StringField(j, "date", &date, &error) &&
            StringField(j, "previous", &previous, &error)) {
          if (!role_field.empty()) ctx.role = role_field;
          if (!lang.empty()) ctx.language = lang;
          ctx.affiliation = country;
          ctx.previous = previous;
        }
      }
    } else {
      text = line;
    }
    if (!error.empty()) {
      out["error"] = "line " + std::to_string(line_no) + ": " + error;
      ++failed;
    } else {
      std::vector<Evidence> ev = coder.CodeText(text, ctx);
      CharIndex idx(text);
      json codes = json::array();
      for (const Evidence& e : ev) {
        if (!args.all && e.polarity != std::string_view(polarity::kAsserted)) continue;
        json c;
        c["code"] = e.code;
        c["entry"] = e.entry_id;
        c["start"] = idx.ToChar(std::min<uint64_t>(e.match.begin, text.size()));
        c["end"] = idx.ToChar(std::min<uint64_t>(e.match.end, text.size()));
        c["match"] = e.matched_text;
        c["polarity"] = e.polarity;
        c["sentence"] = e.sentence;
        c["score"] = e.score;
        if (!e.model_version.empty()) {
          c["model"] = e.model_version;
          c["features"] = e.features;
        }
        c["target"] = e.target.name;
        c["target_type"] = e.target.type;
        c["target_iso3"] = e.target.iso3;
        codes.push_back(std::move(c));
      }
      out["codes"] = std::move(codes);
      out["labels"] = SentenceLabels(ev, threshold);
    }
    std::string s = out.dump(-1, ' ', false, json::error_handler_t::replace);
    s.push_back('\n');
    if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) {
      std::fprintf(stderr, "normcode tag: cannot write to stdout\n");
      return kExitFatal;
    }
    if (flush_each) std::fflush(stdout);
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "normcode tag: cannot write to stdout\n");
    return kExitFatal;
  }
  if (failed) {
    std::fprintf(stderr, "normcode tag: %llu of %llu line(s) invalid (see their \"error\" fields)\n",
                 static_cast<unsigned long long>(failed), static_cast<unsigned long long>(line_no));
    return kExitSomeFailed;
  }
  return kExitOk;
}

CommandRegistrar reg("tag", [](CLI::App& app) -> std::function<int()> {
  auto args = std::make_shared<TagArgs>();
  CLI::App* cmd = app.add_subcommand(
      "tag",
      "Code text from stdin, one JSON line out per line in.\n"
      "A line starting with '{' is a JSON object {\"id\",\"text\", optional \"speaker\",\"role\",\"country\",\n"
      "\"date\",\"language\",\"previous\"}; any other line is plain text (id = line number). Output per line:\n"
      "{\"id\",\"codes\":[{\"code\",\"entry\",\"start\",\"end\",\"match\",\"polarity\",\"sentence\",\"score\",\n"
      "\"target\",\"target_type\",\"target_iso3\"[,\"model\",\"features\"]}],\"labels\":[...]} where start/end are\n"
      "Unicode CODE POINT offsets into text and labels are the codes the text carries (the resolve stage's\n"
      "decisions: the learned model's where it decides, else asserted evidence at or above the threshold). An invalid line gives {\"id\",\"error\":\"line N: reason\"} and the stream goes on.\n"
      "Exit codes: 0 ok, 1 some lines invalid, 3 lexicon invalid or stdout unwritable.");
  cmd->add_option("--lexicons", args->lexicons,
                  "lexicon directory (default: ./lexicons, else $NORMCODE_LEXICONS, else the source tree's lexicons)");
  cmd->add_flag("--all", args->all,
                "also list non-asserted evidence (negated, reported, hypothetical); by default \"codes\" holds\n"
                "asserted evidence only");
  cmd->add_option("--role", args->role, "speaker role for lines that give none (role constraints of entries)")
      ->capture_default_str();
  cmd->add_option("--language", args->language, "language for lines that give none")->capture_default_str();
  AddModelOptions(cmd, &args->model);
  cmd->add_option("--max-line-bytes", args->max_line_bytes, "longest input line; longer lines are reported as errors")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  echo 'The battalion commander refused to move his troops.' | normcode tag\n"
      "  echo '{\"id\":\"a1\",\"text\":\"Le bataillon a refusé de se déployer.\",\"language\":\"fr\"}' | normcode tag --all\n"
      "  normcode tag --lexicons my_lexicons < sentences.jsonl > coded.jsonl");
  return [args]() -> int { return RunTag(*args); };
});

}  // namespace
}  // namespace normcode
