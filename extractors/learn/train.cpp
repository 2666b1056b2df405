#include "extractors/learn/train.h"

#include <linear.h>
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <random>
#include <unordered_map>

#include "extractors/match/labels.h"

namespace normcode {
namespace {

// One training or test instance.
struct Instance {
  std::vector<std::string> features;
  int group = -1;                            // record index; -1 for extra examples
  std::array<signed char, kCodeCount> y{};   // 1 positive, 0 negative, -1 unknown (extra examples)
};

// A fitted set of per-code linear models over one vocabulary.
struct Fit {
  std::map<std::string, int> vocab;      // feature -> 0-based column
  std::vector<std::vector<double>> w;    // per modelled code: weights (vocab order) then the bias
  double Probability(const Instance& x, size_t k) const {
    const std::vector<double>& wk = w[k];
    double z = 0;
    int active = 0;
    for (const std::string& f : x.features) {
      auto it = vocab.find(f);
      if (it != vocab.end()) z += wk[static_cast<size_t>(it->second)], ++active;
    }
    return 1.0 / (1.0 + std::exp(-(wk.back() + (active ? z / std::sqrt(active) : 0.0))));
  }
};

void Quiet(const char*) {}

void KeepGroups(const std::string& groups, std::vector<std::string>* features) {
  std::erase_if(*features, [&](const std::string& f) { return f.empty() || groups.find(f[0]) == std::string::npos; });
}

class Trainer {
 public:
  Trainer(const std::vector<Instance>& data, const std::vector<int>& codes, const TrainOptions& o)
      : data_(data), codes_(codes), o_(o) {
    set_print_string_function(&Quiet);
  }

  // Trains every modelled code on the instances `rows` (indexes into data_).
  Fit Train(const std::vector<int>& rows) const {
    Fit fit;
    std::map<std::string, int> counts;
    for (int r : rows)
      for (const std::string& f : data_[r].features) ++counts[f];
    for (const auto& [f, n] : counts)
      if (n >= o_.min_count) fit.vocab.emplace(f, static_cast<int>(fit.vocab.size()));
    const int nfeat = static_cast<int>(fit.vocab.size());
    // Rows as liblinear nodes: sorted 1-based columns, the bias column, terminator.
    std::vector<std::vector<feature_node>> nodes(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      std::vector<int> cols;
      for (const std::string& f : data_[rows[i]].features) {
        auto it = fit.vocab.find(f);
        if (it != fit.vocab.end()) cols.push_back(it->second + 1);
      }
      std::sort(cols.begin(), cols.end());
      // Unit length (the bias column apart): long and short sentences weigh alike.
      const double v = cols.empty() ? 0.0 : 1.0 / std::sqrt(static_cast<double>(cols.size()));
      for (int c : cols) nodes[i].push_back(feature_node{c, v});
      nodes[i].push_back(feature_node{nfeat + 1, 1.0});
      nodes[i].push_back(feature_node{-1, 0.0});
    }
    for (int code : codes_) {
      std::vector<double> y;
      std::vector<feature_node*> x;
      int pos = 0;
      for (size_t i = 0; i < rows.size(); ++i) {
        signed char v = data_[rows[i]].y[code];
        if (v < 0) continue;
        y.push_back(v ? 1.0 : 0.0);
        pos += v;
        x.push_back(nodes[i].data());
      }
      std::vector<double> w(static_cast<size_t>(nfeat) + 1, 0.0);
      if (pos == 0 || pos == static_cast<int>(y.size())) {
        // One class only: a constant decision.
        w.back() = pos == 0 ? -10.0 : 10.0;
        fit.w.push_back(std::move(w));
        continue;
      }
      problem prob{};
      prob.l = static_cast<int>(y.size());
      prob.n = nfeat + 1;
      prob.y = y.data();
      prob.x = x.data();
      prob.bias = -1;  // the bias is column nfeat+1, given explicitly
      parameter param{};
      param.solver_type = L2R_LR;
      param.eps = 0.001;
      param.C = o_.C;
      int labels[1] = {1};
      double weights[1] = {o_.positive_weight};
      param.nr_weight = 1;
      param.weight_label = labels;
      param.weight = weights;
      model* m = train(&prob, &param);
      int lab[2] = {0, 0};
      get_labels(m, lab);
      int idx = lab[0] == 1 ? 0 : 1;
      for (int j = 1; j <= nfeat + 1; ++j) w[static_cast<size_t>(j - 1)] = get_decfun_coef(m, j, idx);
      free_and_destroy_model(&m);
      fit.w.push_back(std::move(w));
    }
    return fit;
  }

 private:
  const std::vector<Instance>& data_;
  const std::vector<int>& codes_;
  const TrainOptions& o_;
};

// F-beta of counts (beta < 1 weighs precision more).
double FBeta(const Counts& c, double beta) {
  double p = c.precision(), r = c.recall(), b2 = beta * beta;
  return p + r > 0 ? (1 + b2) * p * r / (b2 * p + r) : 0.0;
}

// F-beta of deciding `scored` at threshold t.
double FBetaAt(const std::vector<std::pair<double, bool>>& scored, double t, double beta) {
  Counts c;
  for (const auto& [p, y] : scored) {
    bool pred = p >= t;
    if (pred && y) ++c.tp;
    else if (pred) ++c.fp;
    else if (y) ++c.fn;
  }
  return FBeta(c, beta);
}

// The threshold of maximum F-beta over out-of-fold probabilities (0.01 steps; ties: the higher).
double BestThreshold(const std::vector<std::pair<double, bool>>& scored, double beta) {
  double best_t = 0.5, best_f = -1;
  for (int i = 99; i >= 1; --i) {
    double t = i / 100.0, f = FBetaAt(scored, t, beta);
    if (f > best_f + 1e-12) best_f = f, best_t = t;
  }
  return best_t;
}

std::string HashInputs(const std::vector<GoldSentence>& gold, const std::vector<CodeExample>& extra,
                       const TrainOptions& o, const std::string& lexicon_version) {
  XXH3_state_t* st = XXH3_createState();
  XXH3_128bits_reset(st);
  auto add = [&](const std::string& s) {
    XXH3_128bits_update(st, s.data(), s.size());
    XXH3_128bits_update(st, "\x1f", 1);
  };
  char buf[128];
  std::snprintf(buf, sizeof buf, "folds=%d seed=%llu C=%.9g pw=%.9g minpos=%d mincount=%d", o.folds,
                static_cast<unsigned long long>(o.seed), o.C, o.positive_weight, o.min_positives, o.min_count);
  add(buf);
  add(o.feature_groups);
  std::snprintf(buf, sizeof buf, "beta=%.9g", o.beta);
  add(buf);
  add(lexicon_version);
  for (const GoldSentence& g : gold) {
    add(g.id), add(g.doc), add(g.text), add(g.previous), add(g.role), add(g.language);
    for (const std::string& l : g.labels) add(l);
    add("\x1e");
  }
  for (const CodeExample& e : extra) add(e.text), add(e.previous), add(e.role), add(e.code), add(e.positive ? "1" : "0");
  XXH128_hash_t h = XXH3_128bits_digest(st);
  XXH3_freeState(st);
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return buf;
}

}  // namespace

StatusOr<TrainResult> Train(std::shared_ptr<const Codebook> codebook, const std::vector<GoldSentence>& gold,
                            const std::vector<CodeExample>& extra, const TrainOptions& o) {
  if (codebook->model()) return Status::InvalidInput("train needs the codebook without a model (--no-model)");
  if (o.folds < 2) return Status::InvalidInput("--folds must be at least 2");
  if (gold.empty()) return Status::InvalidInput("no gold sentences");
  TrainResult result;
  TrainReport& rep = result.report;
  rep.training_hash = HashInputs(gold, extra, o, codebook->lexicon_version());

  // Features and lexicon labels, through the coding path every command uses.
  SentenceCoder coder(codebook);
  const double threshold = CodebookThreshold(*codebook);
  std::vector<Instance> data;
  std::vector<std::set<std::string>> lexicon_labels;
  std::map<std::string, int> groups;
  for (const GoldSentence& g : gold) {
    if (g.language != "en")
      return Status::InvalidInput("gold sentence " + g.id + " is in language \"" + g.language +
                                  "\": the model is English only");
    SentenceContext ctx = g.Context();
    Instance x;
    x.features = coder.Features(g.text, Span{0, g.text.size()}, ctx);
    KeepGroups(o.feature_groups, &x.features);
    x.group = groups.emplace(g.doc, static_cast<int>(groups.size())).first->second;
    for (size_t c = 0; c < kCodeCount; ++c) x.y[c] = g.labels.count(kCodes[c]) ? 1 : 0;
    data.push_back(std::move(x));
    std::set<std::string> lex;
    for (const std::string& l : SentenceLabels(coder.CodeText(g.text, ctx), threshold)) lex.insert(l);
    lexicon_labels.push_back(std::move(lex));
  }
  const size_t n_gold = data.size();
  for (const CodeExample& e : extra) {
    Instance x;
    SentenceContext ctx;
    ctx.role = e.role;
    ctx.previous = e.previous;
    x.features = coder.Features(e.text, Span{0, e.text.size()}, ctx);
    KeepGroups(o.feature_groups, &x.features);
    x.y.fill(-1);
    if (int c = CodeIndex(e.code); c >= 0) x.y[c] = e.positive ? 1 : 0;
    data.push_back(std::move(x));
  }
  rep.sentences = static_cast<int>(n_gold);
  rep.records = static_cast<int>(groups.size());
  rep.extra_examples = static_cast<int>(extra.size());
  rep.folds = std::min<int>(o.folds, rep.records);
  if (rep.folds < 2) return Status::InvalidInput("grouped cross-validation needs at least 2 records");

  std::vector<int> codes;
  for (size_t c = 0; c < kCodeCount; ++c) {
    for (size_t i = 0; i < n_gold; ++i) rep.positives[c] += data[i].y[c] == 1;
    if (rep.positives[c] >= o.min_positives) codes.push_back(static_cast<int>(c)), rep.modelled[c] = true;
  }

  // Folds: records in a seeded order, each to the fold with the fewest sentences so far.
  std::vector<std::string> names;
  for (const auto& [name, id] : groups) names.push_back(name);  // sorted by name
  std::vector<int> size(names.size(), 0);
  for (size_t i = 0; i < n_gold; ++i) ++size[data[i].group];
  std::vector<int> order(names.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<int> by_name(names.size());
  for (size_t k = 0; k < names.size(); ++k) by_name[k] = groups.at(names[k]);
  std::mt19937_64 rng(o.seed);
  for (size_t i = names.size(); i > 1; --i) std::swap(by_name[i - 1], by_name[rng() % i]);
  std::vector<int> fold_of(names.size(), 0), fold_size(rep.folds, 0);
  for (int g : by_name) {
    int f = static_cast<int>(std::min_element(fold_size.begin(), fold_size.end()) - fold_size.begin());
    fold_of[g] = f;
    fold_size[f] += size[g];
  }

  Trainer trainer(data, codes, o);
  auto rows_where = [&](auto pred) {
    std::vector<int> r;
    for (size_t i = 0; i < data.size(); ++i)
      if (pred(static_cast<int>(i))) r.push_back(static_cast<int>(i));
    return r;
  };
  // Records allowed in training at a learning-curve fraction: a seeded prefix of each fold's training records.
  auto subset = [&](double fraction, int test_fold) {
    std::vector<bool> keep(names.size(), false);
    std::vector<int> train_groups;
    for (int g : by_name)
      if (fold_of[g] != test_fold) train_groups.push_back(g);
    size_t n = static_cast<size_t>(std::ceil(fraction * static_cast<double>(train_groups.size())));
    for (size_t k = 0; k < n && k < train_groups.size(); ++k) keep[train_groups[k]] = true;
    return keep;
  };

  // Out-of-fold probabilities for the sentences of fold f, with thresholds from an
  // inner cross-validation over the training folds only.
  auto run_cv = [&](double fraction, std::vector<std::vector<double>>* oof, std::vector<std::vector<bool>>* decided,
                    double* mean_records, std::vector<int>* chosen) {
    if (chosen) chosen->assign(codes.size(), 0);
    oof->assign(codes.size(), std::vector<double>(n_gold, 0.0));
    decided->assign(codes.size(), std::vector<bool>(n_gold, false));
    double records = 0;
    for (int f = 0; f < rep.folds; ++f) {
      std::vector<bool> keep = subset(fraction, f);
      for (bool k : keep) records += k;
      auto in_train = [&](int i) { return data[i].group < 0 || (fold_of[data[i].group] != f && keep[data[i].group]); };
      // Inner folds: the other outer folds.
      std::vector<std::vector<std::pair<double, bool>>> inner(codes.size());
      std::vector<Counts> inner_lexicon(codes.size());
      for (int g = 0; g < rep.folds; ++g) {
        if (g == f) continue;
        Fit fit = trainer.Train(rows_where([&](int i) {
          return data[i].group < 0 || (in_train(i) && fold_of[data[i].group] != g);
        }));
        for (size_t i = 0; i < n_gold; ++i)
          if (fold_of[data[i].group] == g && keep[data[i].group])
            for (size_t k = 0; k < codes.size(); ++k) {
              bool y = data[i].y[codes[k]] == 1, lex = lexicon_labels[i].count(kCodes[codes[k]]) > 0;
              inner[k].emplace_back(fit.Probability(data[i], k), y);
              Counts& c = inner_lexicon[k];
              if (lex && y) ++c.tp;
              else if (lex) ++c.fp;
              else if (y) ++c.fn;
            }
      }
      Fit fit = trainer.Train(rows_where(in_train));
      for (size_t k = 0; k < codes.size(); ++k) {
        // The model decides this fold's code only when it beat the lexicon on the
        // inner folds (F1); otherwise the lexicon's decisions stand.
        double t = BestThreshold(inner[k], o.beta);
        const bool use_model = FBetaAt(inner[k], t, o.beta) > FBeta(inner_lexicon[k], o.beta);
        if (use_model && chosen) ++(*chosen)[k];
        for (size_t i = 0; i < n_gold; ++i)
          if (fold_of[data[i].group] == f) {
            double p = fit.Probability(data[i], k);
            (*oof)[k][i] = p;
            (*decided)[k][i] = use_model ? p >= t : lexicon_labels[i].count(kCodes[codes[k]]) > 0;
          }
      }
    }
    *mean_records = records / rep.folds;
  };
  // Counts of the hybrid (model for modelled codes, lexicon for the rest) per sentence.
  auto hybrid_counts = [&](const std::vector<std::vector<bool>>& decided, const std::vector<std::vector<double>>& probs) {
    CodeCounts cc;
    for (size_t i = 0; i < n_gold; ++i) {
      std::set<std::string> pred;
      for (size_t c = 0; c < kCodeCount; ++c) {
        if (rep.modelled[c]) continue;
        if (lexicon_labels[i].count(kCodes[c])) pred.insert(kCodes[c]);
      }
      for (size_t k = 0; k < codes.size(); ++k)
        if (decided[k][i]) pred.insert(kCodes[codes[k]]);
      // The exclusive groups of the codebook hold for the model's decisions too.
      for (const auto& group : CodebookExclusiveGroups(*codebook)) {
        std::vector<std::string> in;
        for (const std::string& c : group)
          if (pred.count(c)) in.push_back(c);
        // As in the resolve stage: the best-scoring code of the group stays.
        if (in.size() >= 2) {
          double best_p = -1;
          std::string best;
          for (const std::string& c : in) {
            double p = 0;
            for (size_t k = 0; k < codes.size(); ++k)
              if (kCodes[codes[k]] == c) p = probs[k][i];
            if (p > best_p) best_p = p, best = c;
          }
          for (const std::string& c : in)
            if (c != best) pred.erase(c);
        }
      }
      std::set<std::string> g;
      for (size_t c = 0; c < kCodeCount; ++c)
        if (data[i].y[c] == 1) g.insert(kCodes[c]);
      cc.Add(g, pred);
    }
    return cc;
  };

  std::vector<std::vector<double>> oof;
  std::vector<std::vector<bool>> decided;
  double mean_records = 0;
  std::vector<int> chosen;
  run_cv(1.0, &oof, &decided, &mean_records, &chosen);
  for (size_t k = 0; k < codes.size(); ++k) rep.model_folds[codes[k]] = chosen[k];
  rep.model = hybrid_counts(decided, oof);
  for (size_t i = 0; i < n_gold; ++i) {
    std::set<std::string> g;
    for (size_t c = 0; c < kCodeCount; ++c)
      if (data[i].y[c] == 1) g.insert(kCodes[c]);
    rep.lexicon.Add(g, lexicon_labels[i]);
  }
  // The shipped model: each code's threshold is the best one over the pooled
  // out-of-fold probabilities; a code whose pooled model F1 does not beat the
  // lexicon's is left to the lexicon (no `code` line in the model).
  std::vector<double> final_thresholds(codes.size(), 0.5);
  std::vector<bool> ship(codes.size(), false);
  for (size_t k = 0; k < codes.size(); ++k) {
    std::vector<std::pair<double, bool>> scored;
    for (size_t i = 0; i < n_gold; ++i) scored.emplace_back(oof[k][i], data[i].y[codes[k]] == 1);
    final_thresholds[k] = BestThreshold(scored, o.beta);
    rep.thresholds[codes[k]] = final_thresholds[k];
    ship[k] = o.ship_all ||
              FBetaAt(scored, final_thresholds[k], o.beta) > FBeta(rep.lexicon.by_code[codes[k]], o.beta);
    rep.shipped[codes[k]] = ship[k];
  }
  for (double fraction : o.curve) {
    std::vector<std::vector<double>> p;
    std::vector<std::vector<bool>> d;
    CurvePoint cp;
    cp.fraction = fraction;
    double recs = 0;
    run_cv(fraction, &p, &d, &recs, nullptr);
    cp.records = static_cast<int>(std::lround(recs));
    cp.model = hybrid_counts(d, p);
    rep.curve.push_back(std::move(cp));
  }

  if (o.final_model && std::count(ship.begin(), ship.end(), true) > 0) {
    std::vector<int> all(data.size());
    std::iota(all.begin(), all.end(), 0);
    Fit fit = trainer.Train(all);
    auto m = std::make_unique<LinearModel>("en", codebook->lexicon_version(), rep.training_hash, rep.sentences);
    std::vector<size_t> kept;
    for (size_t k = 0; k < codes.size(); ++k)
      if (ship[k]) kept.push_back(k);
    for (size_t k : kept) {
      LinearModel::CodeModel cm;
      cm.code = codes[k];
      cm.threshold = final_thresholds[k];
      cm.bias = fit.w[k].back();
      cm.positives = rep.positives[codes[k]];
      cm.negatives = rep.sentences - cm.positives;
      m->AddCode(cm);
    }
    std::vector<double> row(kept.size());
    for (const auto& [name, col] : fit.vocab) {
      bool nonzero = false;
      for (size_t j = 0; j < kept.size(); ++j) {
        row[j] = fit.w[kept[j]][static_cast<size_t>(col)];
        nonzero |= row[j] != 0;
      }
      if (nonzero) m->AddFeature(name, row);
    }
    m->Seal();
    result.model = std::move(m);
  }
  return result;
}

}  // namespace normcode
