// Helpers for lexicon tests: a scratch copy of tests/data/lexicon_min to break.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace normcode::testing {

inline std::string MinLexicon() { return std::string(NORMCODE_TEST_DATA) + "/lexicon_min"; }

class ScratchLexicon {
 public:
  explicit ScratchLexicon(const std::string& name) {
    namespace fs = std::filesystem;
    dir_ = (fs::temp_directory_path() / ("normcode_lex_" + name + "_" + std::to_string(getpid()))).string();
    fs::remove_all(dir_);
    fs::copy(MinLexicon(), dir_, fs::copy_options::recursive);
  }
  ~ScratchLexicon() { std::filesystem::remove_all(dir_); }
  const std::string& dir() const { return dir_; }
  std::string path(const std::string& rel) const { return dir_ + "/" + rel; }
  void Write(const std::string& rel, const std::string& content) const {
    std::filesystem::create_directories(std::filesystem::path(path(rel)).parent_path());
    std::ofstream(path(rel), std::ios::binary) << content;
  }
  std::string Read(const std::string& rel) const {
    std::ifstream in(path(rel), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  // Replaces the first occurrence of `from` in file `rel`; false when absent.
  bool Replace(const std::string& rel, const std::string& from, const std::string& to) const {
    std::string s = Read(rel);
    size_t p = s.find(from);
    if (p == std::string::npos) return false;
    s.replace(p, from.size(), to);
    Write(rel, s);
    return true;
  }

 private:
  std::string dir_;
};

}  // namespace normcode::testing
