// The learned scoring stage: model files, training determinism, the codebook's
// model contract, and what evidence rows say about the model's decision.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "extractors/learn/gold.h"
#include "extractors/learn/train.h"
#include "extractors/match/codebook.h"
#include "extractors/match/labels.h"
#include "extractors/match/model.h"

namespace normcode {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A scratch copy of the project's lexicons (without any shipped model).
class ScratchCodebook {
 public:
  explicit ScratchCodebook(const std::string& name) {
    dir_ = (fs::temp_directory_path() / ("normcode_learn_" + name + "_" + std::to_string(::getpid()))).string();
    fs::remove_all(dir_);
    fs::copy(std::string(NORMCODE_SOURCE_DIR) + "/lexicons", dir_, fs::copy_options::recursive);
    fs::remove_all(dir_ + "/model");
    // codebook.yaml without a model line: the lexicon alone.
    std::string y = ReadAll(dir_ + "/codebook.yaml");
    if (size_t p = y.find("\nmodel:"); p != std::string::npos) y.erase(p + 1, y.find('\n', p + 1) - p);
    std::ofstream(dir_ + "/codebook.yaml", std::ios::binary) << y;
  }
  ~ScratchCodebook() { fs::remove_all(dir_); }
  const std::string& dir() const { return dir_; }
  void NameModel(const std::string& rel) const {
    std::ofstream(dir_ + "/codebook.yaml", std::ios::app) << "model: " << rel << "\n";
  }
  void Write(const std::string& rel, const std::string& bytes) const {
    fs::create_directories(fs::path(dir_ + "/" + rel).parent_path());
    std::ofstream(dir_ + "/" + rel, std::ios::binary) << bytes;
  }

 private:
  std::string dir_;
};

std::shared_ptr<const Codebook> Load(const std::string& dir, bool use_model, std::vector<LexiconError>* errors) {
  ModelOptions mo;
  mo.use_model = use_model;
  auto cb = Codebook::Load(dir, errors, mo);
  return cb.ok() ? *cb : nullptr;
}

// A fixed training sample: the first records of the shared training set.
std::vector<GoldSentence> Sample() {
  std::vector<std::string> errors;
  auto all = ReadGold(std::string(NORMCODE_SHARED_DIR) + "/gold/train_sentences.jsonl", role::kRepresentative, &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_GT(all.size(), 1000u);
  return all;
}

TrainOptions SmallOptions() {
  TrainOptions o;
  o.folds = 3;
  o.min_positives = 5;
  o.ship_all = true;
  return o;
}

TEST(Model, SerializeParseRoundTripIsByteIdentical) {
  LinearModel m("en", "2026.11.4", "abc", 3);
  LinearModel::CodeModel c;
  c.code = 1;
  c.threshold = 0.37;
  c.bias = -1.25;
  c.positives = 1;
  c.negatives = 2;
  m.AddCode(c);
  m.AddFeature("w:mandate", {0.5});
  m.AddFeature("b:without the", {1.0 / 3.0});
  m.Seal();
  std::string bytes = m.Serialize();
  auto back = LinearModel::Parse(bytes, "m");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)->Serialize(), bytes);
  EXPECT_EQ((*back)->version(), m.version());
  EXPECT_EQ((*back)->version(), ModelVersionOf(bytes));
  // Probability: 1/(1+exp(-(bias + sum w / sqrt(n)))) over known features only.
  auto p = (*back)->Score({"w:mandate", "w:unknown"});
  EXPECT_NEAR(p[0], 1 / (1 + std::exp(-(-1.25 + 0.5))), 1e-9);
}

TEST(Model, CorruptFilesAreRefusedWithTheLine) {
  LinearModel m("en", "v", "h", 1);
  LinearModel::CodeModel c;
  c.code = 0;
  m.AddCode(c);
  m.AddFeature("w:x", {0.5});
  const std::string good = m.Serialize();
  struct Case {
    std::string bytes, want;
  };
  std::vector<Case> cases = {
      {"", "empty model file"},
      {"not a model\n", ":1: not a normcode model file"},
      {good.substr(0, good.size() - 1), "truncated"},
      {good + "f\tw:y\tnan\n", "bad weight"},
      {good + "f\tw:x\t0.1\n", "duplicate feature"},
      {"normcode-model\t1\nlanguage\ten\nlexicon_version\tv\ntraining_hash\th\ncode\tno_such_code\t0.5\t0\t1\t1\n",
       "unknown code"},
      {"normcode-model\t2\n", "format version 2 is not supported"},
      {good + "code\tvalidity_contestation\t0.5\t0\t1\t1\n", "header line after the features"},
  };
  for (const Case& k : cases) {
    auto r = LinearModel::Parse(k.bytes, "m.model");
    ASSERT_FALSE(r.ok()) << k.want;
    EXPECT_NE(r.status().ToString().find(k.want), std::string::npos) << r.status().ToString();
  }
}

TEST(Train, SameInputsGiveByteIdenticalModels) {
  ScratchCodebook lex("determinism");
  std::vector<LexiconError> errors;
  auto cb = Load(lex.dir(), false, &errors);
  ASSERT_TRUE(cb);
  auto gold = Sample();
  auto a = Train(cb, gold, {}, SmallOptions());
  auto b = Train(cb, gold, {}, SmallOptions());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(a->model && b->model);
  EXPECT_EQ(a->model->Serialize(), b->model->Serialize());
  EXPECT_EQ(a->report.training_hash, b->report.training_hash);
  // A different seed changes the folds, so the thresholds or the hash.
  TrainOptions o = SmallOptions();
  o.seed = 7;
  auto c = Train(cb, gold, {}, o);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(c->report.training_hash, a->report.training_hash);
  // Grouped folds: every record in one fold only is implied by the counts adding up.
  EXPECT_EQ(a->report.records, 12);
  EXPECT_EQ(a->report.model.Micro().tp + a->report.model.Micro().fn,
            static_cast<uint64_t>(a->report.positives[0] + a->report.positives[1] + a->report.positives[2] +
                                  a->report.positives[8] + a->report.positives[9]));
}

TEST(Train, NoFeatureIdentifiesTheSpeakersCountry) {
  ScratchCodebook lex("country");
  std::vector<LexiconError> errors;
  auto cb = Load(lex.dir(), false, &errors);
  ASSERT_TRUE(cb);
  SentenceCoder coder(cb);
  SentenceContext ctx;
  ctx.role = role::kRepresentative;
  ctx.affiliation = "Brazil";
  const std::string s = "Brazil and the Russian Federation, like Brazilian troops, insist on the consent of the host State.";
  auto f = coder.Features(s, Span{0, s.size()}, ctx);
  for (const std::string& x : f) {
    EXPECT_EQ(x.find("brazil"), std::string::npos) << x;
    EXPECT_EQ(x.find("russian"), std::string::npos) << x;
    EXPECT_EQ(x.find("federation"), std::string::npos) << x;
  }
  EXPECT_NE(std::find(f.begin(), f.end(), "w:<country>"), f.end());
  EXPECT_NE(std::find(f.begin(), f.end(), "w:consent"), f.end());
  EXPECT_NE(std::find(f.begin(), f.end(), "r:representative"), f.end());
}

class WithModel : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lex_ = new ScratchCodebook("withmodel");
    std::vector<LexiconError> errors;
    auto cb = Load(lex_->dir(), false, &errors);
    ASSERT_TRUE(cb);
    auto r = Train(cb, Sample(), {}, SmallOptions());
    ASSERT_TRUE(r.ok() && r->model);
    bytes_ = new std::string(r->model->Serialize());
    lex_->Write("model/en.model", *bytes_);
    lex_->NameModel("model/en.model");
  }
  static void TearDownTestSuite() {
    delete lex_;
    delete bytes_;
  }
  static ScratchCodebook* lex_;
  static std::string* bytes_;
};
ScratchCodebook* WithModel::lex_ = nullptr;
std::string* WithModel::bytes_ = nullptr;

TEST_F(WithModel, TheModelIsPartOfTheCodebookVersion) {
  std::vector<LexiconError> errors;
  auto with = Load(lex_->dir(), true, &errors);
  ASSERT_TRUE(with) << (errors.empty() ? "" : errors[0].ToString());
  auto without = Load(lex_->dir(), false, &errors);
  ASSERT_TRUE(without);
  ASSERT_NE(with->model(), nullptr);
  EXPECT_EQ(without->model(), nullptr);
  EXPECT_EQ(without->version(), without->lexicon_version());
  EXPECT_EQ(with->version(), with->lexicon_version() + "+" + ModelVersionOf(*bytes_));
}

TEST_F(WithModel, MissingCorruptOrMismatchedModelIsAnError) {
  std::vector<LexiconError> errors;
  ModelOptions mo;
  mo.path = lex_->dir() + "/model/absent.model";
  EXPECT_FALSE(Codebook::Load(lex_->dir(), &errors, mo).ok());
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.back().reason.find("cannot read the model"), std::string::npos);

  lex_->Write("model/corrupt.model", bytes_->substr(0, bytes_->size() / 2));
  mo.path = lex_->dir() + "/model/corrupt.model";
  errors.clear();
  EXPECT_FALSE(Codebook::Load(lex_->dir(), &errors, mo).ok());
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.back().reason.find("corrupt model"), std::string::npos);

  std::string other = *bytes_;
  size_t p = other.find("lexicon_version\t");
  other.replace(p, other.find('\n', p) - p, "lexicon_version\t1999.1");
  lex_->Write("model/other.model", other);
  mo.path = lex_->dir() + "/model/other.model";
  errors.clear();
  EXPECT_FALSE(Codebook::Load(lex_->dir(), &errors, mo).ok());
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.back().reason.find("trained with lexicon version 1999.1"), std::string::npos);
}

TEST_F(WithModel, EvidenceListsOnlyFeaturesTheModelWeighed) {
  std::vector<LexiconError> errors;
  auto cb = Load(lex_->dir(), true, &errors);
  ASSERT_TRUE(cb && cb->model());
  SentenceCoder coder(cb);
  std::vector<std::string> err;
  int checked = 0;
  for (const GoldSentence& g : Sample()) {
    if (g.labels.empty()) continue;
    SentenceContext ctx = g.Context();
    std::vector<std::string> feats = coder.Features(g.text, Span{0, g.text.size()}, ctx);
    for (const Evidence& e : coder.Code(g.text, Span{0, g.text.size()}, ctx)) {
      if (e.model_version.empty()) continue;
      EXPECT_EQ(e.model_version, cb->model()->version());
      // "name +w; name +w": each a feature of the sentence with exactly that positive weight.
      std::stringstream ss(e.features);
      std::string item;
      size_t k = 0;
      for (const auto& c : cb->model()->codes())
        if (kCodes[c.code] == e.code) break;
        else ++k;
      ASSERT_LT(k, cb->model()->codes().size());
      auto top = cb->model()->Top(feats, k, 5);
      std::string expect;
      for (const FeatureWeight& fw : top) {
        char buf[32];
        std::snprintf(buf, sizeof buf, " %+.3f", fw.weight);
        expect += (expect.empty() ? "" : "; ") + fw.feature + buf;
        EXPECT_NE(std::find(feats.begin(), feats.end(), fw.feature), feats.end());
        EXPECT_GT(fw.weight, 0);
      }
      EXPECT_EQ(e.features, expect);
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << "the model decided no sentence of its own training set";
}

TEST_F(WithModel, NoModelGivesTheLexiconAlone) {
  std::vector<LexiconError> errors;
  auto lex_only = Load(lex_->dir(), false, &errors);
  ASSERT_TRUE(lex_only);
  SentenceCoder coder(lex_only);
  for (const GoldSentence& g : Sample())
    for (const Evidence& e : coder.CodeText(g.text, g.Context())) {
      EXPECT_TRUE(e.model_version.empty());
      EXPECT_EQ(e.entry_id.rfind("model.", 0), std::string::npos);
    }
}

}  // namespace
}  // namespace normcode
