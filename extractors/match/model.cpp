#include "extractors/match/model.h"

#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace normcode {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t b = 0;
  for (;;) {
    size_t e = line.find('\t', b);
    out.push_back(line.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return out;
}

bool ParseDouble(std::string_view s, double* v) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(*v);
}

bool ParseInt(std::string_view s, int* v) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && *v >= 0;
}

void AppendNumber(std::string* out, double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  out->append(buf);
}

}  // namespace

std::string ModelVersionOf(std::string_view bytes) {
  XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  char buf[20];
  std::snprintf(buf, sizeof buf, "m%016llx", static_cast<unsigned long long>(h.high64));
  return buf;
}

LinearModel::LinearModel(std::string language, std::string lexicon_version, std::string training_hash,
                         int training_sentences)
    : language_(std::move(language)),
      lexicon_version_(std::move(lexicon_version)),
      training_hash_(std::move(training_hash)),
      training_sentences_(training_sentences) {}

namespace {
uint64_t HashOf(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }
}  // namespace

void LinearModel::Index(int i) {
  if ((names_.size() + 1) * 2 > slots_.size()) {  // grow to keep the load under 1/2
    size_t cap = slots_.empty() ? 1024 : slots_.size() * 2;
    slots_.assign(cap, 0);
    slot_hash_.assign(cap, 0);
    for (int j = 0; j < i; ++j) {
      uint64_t h = HashOf(names_[j]);
      size_t at = h & (cap - 1);
      while (slots_[at]) at = (at + 1) & (cap - 1);
      slots_[at] = static_cast<uint32_t>(j + 1);
      slot_hash_[at] = h;
    }
  }
  uint64_t h = HashOf(names_[i]);
  size_t mask = slots_.size() - 1, at = h & mask;
  while (slots_[at]) at = (at + 1) & mask;
  slots_[at] = static_cast<uint32_t>(i + 1);
  slot_hash_[at] = h;
  if (!names_[i].empty()) groups_[static_cast<unsigned char>(names_[i][0])] = true;
}

int LinearModel::Find(std::string_view feature) const {
  if (slots_.empty()) return -1;
  uint64_t h = HashOf(feature);
  size_t mask = slots_.size() - 1, at = h & mask;
  while (uint32_t v = slots_[at]) {
    if (slot_hash_[at] == h && names_[v - 1] == feature) return static_cast<int>(v - 1);
    at = (at + 1) & mask;
  }
  return -1;
}

void LinearModel::AddFeature(const std::string& name, const std::vector<double>& weights) {
  names_.push_back(name);
  weights_.insert(weights_.end(), weights.begin(), weights.end());
  Index(static_cast<int>(names_.size()) - 1);
}

void LinearModel::Seal() { version_ = ModelVersionOf(Serialize()); }

const LinearModel::CodeModel* LinearModel::ForCode(int code) const {
  for (const CodeModel& c : codes_)
    if (c.code == code) return &c;
  return nullptr;
}

std::string LinearModel::Serialize() const {
  std::string out = "normcode-model\t1\nlanguage\t" + language_ + "\nlexicon_version\t" + lexicon_version_ +
                    "\ntraining_hash\t" + training_hash_ + "\ntraining_sentences\t" +
                    std::to_string(training_sentences_) + "\n";
  for (const CodeModel& c : codes_) {
    out += "code\t";
    out += kCodes[c.code];
    out += '\t';
    AppendNumber(&out, c.threshold);
    out += '\t';
    AppendNumber(&out, c.bias);
    out += '\t' + std::to_string(c.positives) + '\t' + std::to_string(c.negatives) + '\n';
  }
  const size_t k = codes_.size();
  for (size_t i = 0; i < names_.size(); ++i) {
    out += "f\t" + names_[i];
    for (size_t j = 0; j < k; ++j) {
      out += '\t';
      AppendNumber(&out, weights_[i * k + j]);
    }
    out += '\n';
  }
  return out;
}

StatusOr<std::unique_ptr<LinearModel>> LinearModel::Parse(std::string_view bytes, const std::string& name) {
  std::unique_ptr<LinearModel> m(new LinearModel());
  size_t pos = 0;
  int line_no = 0;
  auto fail = [&](const std::string& why) {
    return Status::InvalidInput(name + ":" + std::to_string(line_no) + ": " + why);
  };
  bool header = false, features = false;
  std::vector<double> row;
  while (pos < bytes.size()) {
    size_t e = bytes.find('\n', pos);
    if (e == std::string_view::npos) {
      ++line_no;
      return fail("truncated: the last line has no newline");
    }
    std::string_view line = bytes.substr(pos, e - pos);
    pos = e + 1;
    ++line_no;
    std::vector<std::string_view> f = SplitTabs(line);
    if (!header) {
      if (f.size() != 2 || f[0] != "normcode-model") return fail("not a normcode model file");
      if (f[1] != "1") return fail("model format version " + std::string(f[1]) + " is not supported (1 is)");
      header = true;
      continue;
    }
    if (f[0] == "f") {
      features = true;
      if (f.size() != m->codes_.size() + 2 || f[1].empty()) return fail("feature line needs a name and one weight per code");
      if (m->Find(f[1]) >= 0) return fail("duplicate feature \"" + std::string(f[1]) + "\"");
      row.assign(m->codes_.size(), 0);
      for (size_t j = 0; j < row.size(); ++j)
        if (!ParseDouble(f[j + 2], &row[j])) return fail("bad weight \"" + std::string(f[j + 2]) + "\"");
      m->AddFeature(std::string(f[1]), row);
      continue;
    }
    if (features) return fail("header line after the features");
    if (f[0] == "code") {
      CodeModel c;
      if (f.size() != 6) return fail("code line needs code, threshold, bias, positives, negatives");
      c.code = CodeIndex(f[1]);
      if (c.code < 0) return fail("unknown code \"" + std::string(f[1]) + "\"");
      if (m->ForCode(c.code)) return fail("code \"" + std::string(f[1]) + "\" twice");
      if (!ParseDouble(f[2], &c.threshold) || c.threshold < 0 || c.threshold > 1) return fail("bad threshold");
      if (!ParseDouble(f[3], &c.bias)) return fail("bad bias");
      if (!ParseInt(f[4], &c.positives) || !ParseInt(f[5], &c.negatives)) return fail("bad example counts");
      m->codes_.push_back(c);
    } else if (f.size() == 2 && f[0] == "language") {
      m->language_ = f[1];
    } else if (f.size() == 2 && f[0] == "lexicon_version") {
      m->lexicon_version_ = f[1];
    } else if (f.size() == 2 && f[0] == "training_hash") {
      m->training_hash_ = f[1];
    } else if (f.size() == 2 && f[0] == "training_sentences") {
      if (!ParseInt(f[1], &m->training_sentences_)) return fail("bad training_sentences");
    } else {
      return fail("unknown line \"" + std::string(f[0]) + "\"");
    }
  }
  if (!header) return Status::InvalidInput(name + ": empty model file");
  if (m->language_.empty() || m->lexicon_version_.empty() || m->training_hash_.empty())
    return Status::InvalidInput(name + ": model lacks language, lexicon_version or training_hash");
  if (m->codes_.empty()) return Status::InvalidInput(name + ": model has no code");
  m->version_ = ModelVersionOf(bytes);
  return m;
}

std::vector<int> LinearModel::Ids(const std::vector<std::string>& features) const {
  std::vector<int> ids;
  for (const std::string& f : features)
    if (int i = Find(f); i >= 0) ids.push_back(i);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<double> LinearModel::ScoreIds(const std::vector<int>& ids) const {
  const size_t k = codes_.size();
  std::vector<double> z(k, 0.0);
  for (int id : ids) {
    const double* w = &weights_[static_cast<size_t>(id) * k];
    for (size_t j = 0; j < k; ++j) z[j] += w[j];
  }
  // The sentence vector has unit length over the model's known features.
  const double scale = ids.empty() ? 0.0 : 1.0 / std::sqrt(static_cast<double>(ids.size()));
  for (size_t j = 0; j < k; ++j) z[j] = 1.0 / (1.0 + std::exp(-(codes_[j].bias + z[j] * scale)));
  return z;
}

std::vector<FeatureWeight> LinearModel::TopIds(const std::vector<int>& ids, size_t k, size_t n) const {
  std::vector<FeatureWeight> out;
  const size_t nc = codes_.size();
  for (int id : ids) {
    double w = weights_[static_cast<size_t>(id) * nc + k];
    if (w > 0) out.push_back(FeatureWeight{names_[id], w});
  }
  std::sort(out.begin(), out.end(), [](const FeatureWeight& a, const FeatureWeight& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.feature < b.feature;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

std::vector<double> LinearModel::Score(const std::vector<std::string>& features) const {
  return ScoreIds(Ids(features));
}

std::vector<FeatureWeight> LinearModel::Top(const std::vector<std::string>& features, size_t k, size_t n) const {
  return TopIds(Ids(features), k, n);
}

}  // namespace normcode
