#pragma once
// A small streaming JSON writer for statistics and benchmark reports. Produces valid JSON (strings escaped,
// non-finite numbers written as null); the caller nests begin/end calls correctly.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(double d);
    JsonWriter& value(int64_t i);
    JsonWriter& value(uint64_t u);
    JsonWriter& value(int i) { return value(int64_t(i)); }
    JsonWriter& value(unsigned u) { return value(uint64_t(u)); }
    JsonWriter& value(bool b);
    JsonWriter& null();
    template <typename T>
    JsonWriter& field(std::string_view name, const T& v) {
        return key(name).value(v);
    }

    const std::string& str() const { return out_; }

private:
    void separate();
    JsonWriter& close(char bracket);
    void indent();
    std::string out_;
    std::vector<bool> first_;  // per open container: no element written yet
    bool after_key_ = false;
};

// Writes text to a file atomically (base/atomic_file.h); throws tessera::Error naming the path on failure.
void write_text_file(const std::string& path, std::string_view text);

}  // namespace tessera
