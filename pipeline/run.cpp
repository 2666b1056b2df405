#include "pipeline/run.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "extractors/match/codebook.h"
#include "extractors/match/entities.h"
#include "pipeline/commands.h"
#include "pipeline/process.h"
#include "pipeline/progress.h"
#include "pipeline/sources.h"
#include "outputs/store_sqlite.h"

namespace normcode {
namespace {

using Clock = std::chrono::steady_clock;

std::string Json(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// One item travelling through the pipeline.
struct Work {
  enum Action { kFailed, kTouch, kProcess };
  Action action = kProcess;
  SourceItem item;
  const KnownDocument* known = nullptr;
  std::string hash;
  Status status;          // why it failed
  CodedDocument coded;
  std::string warning;    // e.g. evidence capped
  std::optional<uint64_t> in_flight;  // raw bytes counted against max_bytes_in_flight
};

// Serialises everything printed on the error stream (progress, failures, verbose).
class Reporter {
 public:
  Reporter(const RunOptions& o) : o_(o), progress_(o.err, o.progress && !o.quiet) {}

  void SetTotal(uint64_t files, uint64_t bytes) {
    std::lock_guard<std::mutex> l(mu_);
    progress_.SetTotal(files, bytes);
  }
  void Done(uint64_t bytes, bool failed) {
    std::lock_guard<std::mutex> l(mu_);
    ++files_;
    bytes_ += bytes;
    if (failed) ++failures_;
    progress_.Update(files_, bytes_, failures_);
  }
  void Failure(const std::string& name, const std::string& reason) {
    std::lock_guard<std::mutex> l(mu_);
    progress_.Clear();
    if (o_.log_format == LogFormat::kJson) {
      std::fprintf(o_.err, "%s\n",
                   Json({{"level", "error"}, {"path", PrintableName(name)}, {"reason", reason}}).c_str());
    } else {
      std::fprintf(o_.err, "%s: %s\n", PrintableName(name).c_str(), reason.c_str());
    }
    std::fflush(o_.err);
  }
  void Warning(const std::string& name, const std::string& what) {
    std::lock_guard<std::mutex> l(mu_);
    progress_.Clear();
    if (o_.log_format == LogFormat::kJson) {
      std::fprintf(o_.err, "%s\n",
                   Json({{"level", "warning"}, {"path", PrintableName(name)}, {"warning", what}}).c_str());
    } else {
      std::fprintf(o_.err, "%s: warning: %s\n", PrintableName(name).c_str(), what.c_str());
    }
    std::fflush(o_.err);
  }
  void Info(const std::string& name, const std::string& what, const CodedDocument* d) {
    if (!o_.verbose) return;
    std::lock_guard<std::mutex> l(mu_);
    progress_.Clear();
    if (o_.log_format == LogFormat::kJson) {
      nlohmann::json j{{"level", "info"}, {"path", PrintableName(name)}, {"action", what}};
      if (d) {
        j["turns"] = d->doc.turns.size();
        j["sentences"] = d->sentences.size();
        j["evidence"] = d->evidence.size();
      }
      std::fprintf(o_.err, "%s\n", Json(j).c_str());
    } else if (d) {
      std::fprintf(o_.err, "%s: %s (%zu turns, %zu sentences, %zu evidence)\n", PrintableName(name).c_str(),
                   what.c_str(), d->doc.turns.size(), d->sentences.size(), d->evidence.size());
    } else {
      std::fprintf(o_.err, "%s: %s\n", PrintableName(name).c_str(), what.c_str());
    }
    std::fflush(o_.err);
  }
  void Fatal(const std::string& msg) {
    std::lock_guard<std::mutex> l(mu_);
    progress_.Clear();
    if (o_.log_format == LogFormat::kJson)
      std::fprintf(o_.err, "%s\n", Json({{"level", "fatal"}, {"message", msg}}).c_str());
    else
      std::fprintf(o_.err, "normcode run: %s\n", msg.c_str());
    std::fflush(o_.err);
  }
  void Finish() {
    std::lock_guard<std::mutex> l(mu_);
    progress_.Finish();
  }

 private:
  const RunOptions& o_;
  std::mutex mu_;
  Progress progress_;
  uint64_t files_ = 0, bytes_ = 0, failures_ = 0;
};

void PrintSummary(const RunOptions& o, const RunResult& r) {
  const RunCounts& c = r.counts;
  double mb = static_cast<double>(c.bytes) / 1e6;
  double rate = r.seconds > 0 ? mb / r.seconds : 0.0;
  if (o.log_format == LogFormat::kJson) {
    nlohmann::json j{{"event", "summary"},       {"status", r.status},       {"run_id", r.run_id},
                     {"new", c.new_docs},        {"changed", c.changed},     {"unchanged", c.unchanged},
                     {"failed", c.failed},       {"withdrawn", c.withdrawn}, {"turns", c.turns},
                     {"sentences", c.sentences}, {"evidence", c.evidence},   {"bytes", c.bytes},
                     {"mb_per_s", rate},         {"seconds", r.seconds},     {"warnings", c.warnings}};
    std::fprintf(o.out, "%s\n", Json(j).c_str());
  } else {
    std::string text = fmt::format(
        "run {} {}: documents {} new, {} changed, {} unchanged, {} failed, {} withdrawn\n"
        "  {} speaker turns, {} sentences, {} evidence\n"
        "  {:.2f} MB in {:.2f} s ({:.2f} MB/s)\n",
        r.run_id, r.status, c.new_docs, c.changed, c.unchanged, c.failed, c.withdrawn, c.turns, c.sentences,
        c.evidence, mb, r.seconds, rate);
    if (c.warnings > 0) text += fmt::format("  {} warnings (on stderr and in runs.warnings_json)\n", c.warnings);
    std::fputs(text.c_str(), o.out);
  }
  std::fflush(o.out);
}

std::atomic<bool> g_stop_signal{false};
struct sigaction g_old_int, g_old_term;

extern "C" void OnStopSignal(int sig) {
  if (g_stop_signal.exchange(true)) {
    // Second signal: give up at once, the default way.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
  }
}

}  // namespace

StopSignals::StopSignals() {
  g_stop_signal = false;
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &sa, &g_old_int);
  ::sigaction(SIGTERM, &sa, &g_old_term);
}

StopSignals::~StopSignals() {
  ::sigaction(SIGINT, &g_old_int, nullptr);
  ::sigaction(SIGTERM, &g_old_term, nullptr);
}

const std::atomic<bool>* StopSignals::flag() const { return &g_stop_signal; }

std::string ResolveLexiconDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  struct stat st;
  if (::stat("lexicons", &st) == 0 && S_ISDIR(st.st_mode)) return "lexicons";
  if (const char* e = std::getenv("NORMCODE_LEXICONS"); e && *e) return e;
  return std::string(NORMCODE_SOURCE_DIR) + "/lexicons";
}

void AddLimitOptions(CLI::App& app, Limits* l) {
  auto bytes = [&](const char* name, uint64_t* v, const char* what) {
    app.add_option(name, *v, std::string(what) + " (bytes; suffixes like 64MB, 1GB accepted)")
        ->transform(CLI::AsSizeValue(false))
        ->capture_default_str();
  };
  bytes("--limit-max-document-bytes", &l->max_document_bytes, "largest input file");
  bytes("--limit-max-sentence-bytes", &l->max_sentence_bytes, "longer sentences are split");
  app.add_option("--limit-max-matches-per-sentence", l->max_matches_per_sentence,
                 "further matches in a sentence are dropped")
      ->capture_default_str();
  bytes("--limit-max-archive-expanded-bytes", &l->max_archive_expanded_bytes,
        "total expanded size of one archive (members, nested archives included)");
  app.add_option("--limit-max-archive-ratio", l->max_archive_ratio, "largest expanded/compressed ratio of an archive")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--limit-max-archive-depth", l->max_archive_depth, "archives inside archives, levels")
      ->capture_default_str();
  app.add_option("--limit-max-archive-members", l->max_archive_members, "members of one archive")
      ->capture_default_str();
  app.add_option("--limit-max-html-depth", l->max_html_depth, "deeper HTML is rejected")->capture_default_str();
  app.add_option("--limit-max-html-attributes", l->max_html_attributes, "an HTML element with more attributes is rejected")
      ->capture_default_str();
}

RunResult RunPipeline(const RunOptions& o) {
  RunResult result;
  auto t0 = Clock::now();
  Reporter rep(o);
  Env* env = o.env ? o.env : Env::Default();

  // 1. Lexicons first: an invalid codebook writes nothing.
  std::vector<LexiconError> lex_errors;
  auto cb = Codebook::Load(o.lexicons_dir, &lex_errors, o.model);
  if (!cb.ok()) {
    for (const auto& e : lex_errors) rep.Fatal("lexicon error: " + e.ToString());
    rep.Fatal("cannot load lexicons from " + PrintableName(o.lexicons_dir) + ": " + cb.status().ToString());
    result.exit_code = kExitFatal;
    result.status = "failed";
    return result;
  }
  std::shared_ptr<const Codebook> codebook = *cb;
  const std::string codebook_version = codebook->version();
  const Entities* entities = &codebook->entities();  // for Turn::iso3

  // The database must be a plain file: one real file, one lock (issue 16.7).
  if (Status name = CheckDatabaseName(o.db_path); !name.ok()) {
    rep.Fatal(name.ToString());
    result.exit_code = kExitUsage;
    result.status = "failed";
    return result;
  }

  // 2. Inputs that do not exist are refused before anything is written or withdrawn:
  // a usage error (exit 2) when the database knows no document under them, fatal
  // (exit 3) when it does (an unmounted share, a renamed dump: a vanished root must
  // never withdraw its corpus).
  std::vector<std::string> missing_roots;
  for (const auto& in : o.inputs) {
    if (in == "-") continue;
    std::string r = NormalizeInputPath(in);
    FileInfo fi;
    if (env->Stat(r, &fi).code() == Status::Code::kNotFound) missing_roots.push_back(r);
  }
  struct stat db_st;
  if (!missing_roots.empty() && ::stat(o.db_path.c_str(), &db_st) != 0 && errno == ENOENT) {
    for (const auto& r : missing_roots)
      rep.Fatal("input " + PrintableName(r) + " does not exist (nothing was written)");
    result.exit_code = kExitUsage;
    result.status = "failed";
    return result;
  }

  // 3. The database.
  auto opened = Store::Open(o.db_path);
  if (!opened.ok()) {
    rep.Fatal("cannot open database " + PrintableName(o.db_path) + ": " + opened.status().ToString());
    result.exit_code = opened.status().code() == Status::Code::kBusy ? kExitBusy : kExitFatal;
    result.status = "failed";
    return result;
  }
  std::unique_ptr<Store> store = std::move(*opened);

  if (!missing_roots.empty()) {
    std::vector<std::pair<std::string, KnownDocument>> all;
    Status ks = store->KnownDocuments(&all);
    if (!ks.ok()) {
      rep.Fatal("cannot read known documents: " + ks.ToString());
      result.exit_code = kExitFatal;
      result.status = "failed";
      return result;
    }
    bool vanished = false;
    for (const auto& r : missing_roots) {
      int64_t n = 0;
      for (const auto& [path, k] : all)
        if (k.status != "withdrawn" && IsUnderRoot(path, r)) ++n;
      if (n > 0) {
        vanished = true;
        rep.Fatal("input " + PrintableName(r) + " does not exist, and the database has " + std::to_string(n) +
                  " documents under it (an unmounted share or a renamed folder?); nothing was written or "
                  "withdrawn. To withdraw them, give an empty folder of that name with --allow-mass-withdrawal");
      } else {
        rep.Fatal("input " + PrintableName(r) + " does not exist (nothing was written)");
      }
    }
    result.exit_code = vanished ? kExitFatal : kExitUsage;
    result.status = "failed";
    return result;
  }

  RunInfo info;
  info.program_version = NORMCODE_VERSION;
  info.codebook_version = codebook_version;
  info.command_line = o.command_line;
  info.inputs = o.inputs;
  auto run_id = store->BeginRun(info);
  if (!run_id.ok()) {
    rep.Fatal("cannot start a run in " + PrintableName(o.db_path) + ": " + run_id.status().ToString());
    result.exit_code = run_id.status().code() == Status::Code::kBusy ? kExitBusy : kExitFatal;
    result.status = "failed";
    return result;
  }
  result.run_id = *run_id;

  std::vector<std::pair<std::string, KnownDocument>> known_list;
  Status ks = store->KnownDocuments(&known_list);
  if (!ks.ok()) {
    rep.Fatal("cannot read known documents: " + ks.ToString());
    store->FinishRun(result.run_id, result.counts, "failed");
    store->Commit();
    result.exit_code = kExitFatal;
    result.status = "failed";
    return result;
  }
  std::unordered_map<std::string, KnownDocument> known(known_list.begin(), known_list.end());
  known_list.clear();

  // 4. Sources.
  Sources sources(o.inputs, env, o.limits);
  sources.SetStop(o.stop);
  sources.Scan();
  rep.SetTotal(sources.total_files(), sources.total_bytes());

  // 5. The pipeline.
  int threads = o.threads > 0 ? o.threads : tbb::info::default_concurrency();
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<size_t>(threads));
  tbb::enumerable_thread_specific<std::unique_ptr<SentenceCoder>> coders;

  // The database's own files are never inputs (`run --db corpus/x.db corpus/`).
  auto absolute = [](const std::string& p) {
    std::error_code ec;
    auto a = std::filesystem::absolute(p, ec);
    return ec ? p : a.lexically_normal().string();
  };
  std::unordered_set<std::string> own_files;
  for (const char* suffix : {"", "-wal", "-shm", "-journal", ".lock"}) {
    own_files.insert(absolute(o.db_path + suffix));
    own_files.insert(absolute(CanonicalDatabasePath(o.db_path) + suffix));
  }

  std::unordered_set<std::string> seen;
  std::atomic<bool> fatal{false};
  Status fatal_status;
  bool interrupted = false;
  RunCounts& counts = result.counts;
  std::atomic<int64_t> unchanged_skipped{0};
  int since_commit = 0;
  uint64_t bytes_since_commit = 0;
  auto last_commit = Clock::now();

  // Documents in flight (read, not yet taken by the writer). TBB bounds their number
  // (tokens); with more than one thread there are many tokens, so that coding goes on
  // while the writer commits. A commit with its full-text index flush takes a good
  // part of a second, about the time a core codes 200 documents of the bench corpus:
  // with 2*threads tokens the other core sat idle (1.62x over 1 thread), with 64 per
  // thread still 9-25% of the time (vmstat, 200 MiB), with 512 per thread 0-3%
  // (bench/RESULTS.md). Memory is bounded by their raw bytes instead:
  // the input stage waits while o.max_bytes_in_flight are out, unless nothing is (a
  // single larger document always goes through). One thread never waits: it is the
  // thread that would have to run the writer.
  std::mutex flight_mu;
  std::condition_variable flight_cv;
  uint64_t flight_bytes = 0;
  size_t flight_items = 0;
  bool flight_abort = false;  // a stage threw: TBB cancels the pipeline, never wait for the writer then
  auto abort_flight = [&] {
    {
      std::lock_guard<std::mutex> lk(flight_mu);
      flight_abort = true;
    }
    flight_cv.notify_all();
  };
  auto admit = [&](uint64_t bytes) {
    std::unique_lock<std::mutex> lk(flight_mu);
    if (threads > 1)
      flight_cv.wait(lk, [&] {
        return flight_abort || flight_items == 0 || flight_bytes + bytes <= o.max_bytes_in_flight;
      });
    flight_bytes += bytes;
    ++flight_items;
  };
  auto release = [&](uint64_t bytes) {
    {
      std::lock_guard<std::mutex> lk(flight_mu);
      flight_bytes -= bytes;
      --flight_items;
    }
    flight_cv.notify_one();
  };

  auto input = [&](tbb::flow_control& fc) -> std::shared_ptr<Work> {
    for (;;) {
      if (fatal.load()) {
        fc.stop();
        return nullptr;
      }
      if (o.stop && o.stop->load()) {
        interrupted = true;
        fc.stop();
        return nullptr;
      }
      auto w = std::make_shared<Work>();
      if (!sources.Next(&w->item)) {
        fc.stop();
        return nullptr;
      }
      if (o.stop && o.stop->load()) {  // a signal while the item was being read (stdin)
        interrupted = true;
        fc.stop();
        return nullptr;
      }
      if (w->item.plain_file && own_files.count(absolute(w->item.file_path))) continue;
      seen.insert(w->item.name);
      auto k = known.find(w->item.name);
      if (k != known.end() && !w->item.duplicate) w->known = &k->second;
      if (!w->item.error.ok()) {
        w->action = Work::kFailed;
        w->status = w->item.error;
        return w;
      }
      if (!o.rehash && w->item.plain_file && w->known && w->known->status == "ok" &&
          w->known->size == w->item.size && w->known->mtime == w->item.mtime && w->item.inode != 0 &&
          w->known->inode == w->item.inode && w->known->ctime_ns == w->item.ctime_ns &&
          w->known->codebook_version == codebook_version) {
        // Same path, size, mtime, inode, ctime and codebook: not even read. ctime cannot be
        // set back (touch -r, cp -p and restores keep mtime, not ctime).
        ++unchanged_skipped;
        rep.Done(w->item.size, false);
        rep.Info(w->item.name, "unchanged", nullptr);
        continue;
      }
      admit(w->item.size);
      w->in_flight = w->item.size;
      if (!sources.Read(&w->item).ok()) {
        w->action = Work::kFailed;
        w->status = w->item.error;
      }
      return w;
    }
  };

  auto code = [&](std::shared_ptr<Work> w) -> std::shared_ptr<Work> {
    if (!w || w->action == Work::kFailed || fatal.load()) return w;
    try {
      w->hash = ContentHash(w->item.raw);
      if (w->known && w->known->status == "ok" && w->known->content_hash == w->hash &&
          w->known->codebook_version == codebook_version) {
        w->action = Work::kTouch;
      } else {
        auto& coder = coders.local();
        if (!coder) coder = std::make_unique<SentenceCoder>(codebook, o.limits);
        auto r = ProcessItem(w->item.raw, w->item.name, o.limits, *coder, entities);
        if (r.ok()) {
          w->coded = std::move(*r);
          if (w->coded.evidence.size() > o.max_evidence_per_document) {
            w->warning = fmt::format(
                "evidence capped: {} of {} matches kept (limit max_evidence_per_document={})",
                o.max_evidence_per_document, w->coded.evidence.size(), o.max_evidence_per_document);
            w->coded.evidence.resize(o.max_evidence_per_document);
            w->coded.evidence.shrink_to_fit();
          }
          w->coded.doc.mtime = w->item.mtime;
          w->action = Work::kProcess;
        } else {
          w->action = Work::kFailed;
          w->status = WithoutNamePrefix(r.status(), w->item.name);
        }
      }
    } catch (const std::exception& e) {
      w->action = Work::kFailed;
      w->status = Status::Internal(std::string("unexpected exception: ") + e.what());
    }
    w->item.raw = std::string();  // free the bytes early
    return w;
  };

  auto write = [&](std::shared_ptr<Work> w) {
    if (w && w->in_flight) {
      release(*w->in_flight);
      w->in_flight.reset();
    }
    if (!w || fatal.load()) return;
    Status s;
    const SourceItem& it = w->item;
    switch (w->action) {
      case Work::kFailed: {
        std::string reason = w->status.ToString();
        rep.Failure(it.name, reason);
        // A duplicate member name is not the source stored under that name: only the run records it.
        if (it.duplicate) s = store->PutRunFailure(result.run_id, it.name, reason);
        else s = store->PutFailure(result.run_id, it.name, w->hash, it.size, it.mtime, reason);
        ++counts.failed;
        break;
      }
      case Work::kTouch:
        s = store->Touch(w->known->id, it.size, it.mtime, result.run_id);
        ++counts.unchanged;
        rep.Info(it.name, "unchanged", nullptr);
        break;
      case Work::kProcess: {
        const CodedDocument& d = w->coded;
        s = store->PutDocument(result.run_id, d.doc, d.sentences, d.evidence);
        bool is_new = !w->known || w->known->status == "withdrawn";
        if (is_new) ++counts.new_docs;
        else ++counts.changed;
        counts.turns += static_cast<int64_t>(d.doc.turns.size());
        counts.sentences += static_cast<int64_t>(d.sentences.size());
        counts.evidence += static_cast<int64_t>(d.evidence.size());
        rep.Info(it.name, is_new ? "new" : "changed", &d);
        if (!w->warning.empty()) {
          rep.Warning(it.name, w->warning);
          ++counts.warnings;
          if (counts.warning_messages.size() < 100) counts.warning_messages.push_back(it.name + ": " + w->warning);
        }
        break;
      }
    }
    if (s.ok() && it.plain_file && w->action != Work::kFailed) s = store->SetStatIdentity(it.name, it.inode, it.ctime_ns);
    if (it.loaded) counts.bytes += static_cast<int64_t>(it.size);
    rep.Done(it.size, w->action == Work::kFailed);
    if (it.loaded) bytes_since_commit += it.size;
    if (s.ok() && (++since_commit >= o.commit_every || bytes_since_commit >= o.commit_bytes ||
                   std::chrono::duration<double>(Clock::now() - last_commit).count() >= o.commit_seconds)) {
      s = store->Commit();
      since_commit = 0;
      bytes_since_commit = 0;
      last_commit = Clock::now();
    }
    if (!s.ok()) {
      fatal_status = Status(s);
      fatal = true;
    }
  };

  try {
    size_t tokens = threads > 1 ? static_cast<size_t>(512 * threads) : 2;
    // A stage that throws wakes an input stage waiting for room in flight before TBB cancels.
    auto guarded = [&](auto& stage) {
      return [&stage, &abort_flight](std::shared_ptr<Work> w) {
        try {
          return stage(std::move(w));
        } catch (...) {
          abort_flight();
          throw;
        }
      };
    };
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, std::shared_ptr<Work>>(tbb::filter_mode::serial_in_order, input) &
            tbb::make_filter<std::shared_ptr<Work>, std::shared_ptr<Work>>(tbb::filter_mode::parallel, guarded(code)) &
            tbb::make_filter<std::shared_ptr<Work>, void>(tbb::filter_mode::serial_in_order, guarded(write)));
  } catch (const std::exception& e) {
    fatal_status = Status::Internal(std::string("pipeline failed: ") + e.what());
    fatal = true;
  }
  counts.unchanged += unchanged_skipped.load();

  // 6. Withdrawn: known paths under the given roots that this run did not see.
  if (!fatal && !interrupted) {
    std::vector<std::pair<std::string, const KnownDocument*>> gone;
    for (const auto& [path, k] : known) {
      if (k.status == "withdrawn" || seen.count(path)) continue;
      bool under = false;
      for (const auto& r : sources.roots())
        if (IsUnderRoot(path, r)) under = true;
      if (!under || sources.UnderIncomplete(path)) continue;
      gone.emplace_back(path, &k);
    }
    std::sort(gone.begin(), gone.end());  // deterministic order
    // The guard: an emptied mount point or a half-copied dump must not withdraw the
    // corpus. Per root: the documents the database has there (not withdrawn) and
    // how many of them this run would withdraw.
    if (!o.allow_mass_withdrawal && !gone.empty()) {
      for (const auto& r : sources.roots()) {
        int64_t have = 0, lose = 0;
        for (const auto& [path, k] : known)
          if (k.status != "withdrawn" && IsUnderRoot(path, r)) ++have;
        for (const auto& [path, k] : gone)
          if (IsUnderRoot(path, r)) ++lose;
        if (lose >= 2 && static_cast<double>(lose) > o.max_withdraw_share * static_cast<double>(have)) {
          fatal_status = Status::Unsupported(fmt::format(
              "refusing to withdraw {} of the {} documents under {} (more than {:.0f}%): nothing was withdrawn; if "
              "they are really gone, run again with --allow-mass-withdrawal",
              lose, have, PrintableName(r), o.max_withdraw_share * 100));
          fatal = true;
          gone.clear();
          break;
        }
      }
    }
    for (const auto& [path, k] : gone) {
      Status s = store->MarkWithdrawn(k->id, result.run_id);
      if (!s.ok()) {
        fatal_status = s;
        fatal = true;
        break;
      }
      ++counts.withdrawn;
      rep.Info(path, "withdrawn", nullptr);
    }
  }

  rep.Finish();
  result.status = fatal ? "failed" : interrupted ? "interrupted" : "ok";
  if (fatal) {
    rep.Fatal("stopped: " + fatal_status.ToString());
    store->Commit();  // keep what was complete before the error, if the database lets us
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  Status fs = store->FinishRun(result.run_id, counts, result.status);
  if (fs.ok()) fs = store->Commit();
  if (!fs.ok() && !fatal) {
    rep.Fatal("cannot finish the run: " + fs.ToString());
    fatal = true;
    result.status = "failed";
  }
  if (!o.quiet) PrintSummary(o, result);
  if (fatal) result.exit_code = kExitFatal;
  else if (interrupted) result.exit_code = kExitInterrupted;
  else if (counts.failed > 0) result.exit_code = kExitSomeFailed;
  else result.exit_code = kExitOk;
  return result;
}

}  // namespace normcode
