#pragma once
// A minimal, strict JSON reader for tests: parses a whole document (RFC 8259 grammar, no extensions) into a
// tree, and throws std::runtime_error with the offset on anything malformed.

#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace tessera::test {

struct Json {
    using Object = std::map<std::string, Json>;
    using Array = std::vector<Json>;
    std::variant<std::nullptr_t, bool, double, std::string, Array, Object> value;

    bool is_null() const { return std::holds_alternative<std::nullptr_t>(value); }
    double number() const { return std::get<double>(value); }
    const std::string& string() const { return std::get<std::string>(value); }
    const Array& array() const { return std::get<Array>(value); }
    const Object& object() const { return std::get<Object>(value); }
    bool has(const std::string& key) const { return object().count(key) > 0; }
    const Json& operator[](const std::string& key) const { return object().at(key); }
};

class JsonReader {
public:
    static Json parse(const std::string& text) {
        JsonReader r(text);
        Json j = r.value();
        r.skip_space();
        if (r.pos_ != text.size()) r.fail("trailing characters");
        return j;
    }

private:
    explicit JsonReader(const std::string& text) : s_(text) {}
    [[noreturn]] void fail(const char* what) const {
        throw std::runtime_error(std::string("JSON: ") + what + " at offset " + std::to_string(pos_));
    }
    void skip_space() {
        while (pos_ < s_.size() &&
               (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t'))
            ++pos_;
    }
    char peek() {
        skip_space();
        if (pos_ >= s_.size()) fail("unexpected end");
        return s_[pos_];
    }
    void expect(char c) {
        if (peek() != c) fail("unexpected character");
        ++pos_;
    }
    bool literal(const char* word) {
        const std::string w(word);
        if (s_.compare(pos_, w.size(), w) != 0) return false;
        pos_ += w.size();
        return true;
    }
    Json value() {
        const char c = peek();
        if (c == '{') return object();
        if (c == '[') return array();
        if (c == '"') return Json{string()};
        if (literal("true")) return Json{true};
        if (literal("false")) return Json{false};
        if (literal("null")) return Json{nullptr};
        return number();
    }
    Json object() {
        expect('{');
        Json::Object o;
        if (peek() == '}') return ++pos_, Json{o};
        for (;;) {
            if (peek() != '"') fail("expected a key");
            std::string key = string();
            expect(':');
            if (!o.emplace(key, value()).second) fail("duplicate key");
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect('}');
            return Json{o};
        }
    }
    Json array() {
        expect('[');
        Json::Array a;
        if (peek() == ']') return ++pos_, Json{a};
        for (;;) {
            a.push_back(value());
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect(']');
            return Json{a};
        }
    }
    std::string string() {
        expect('"');
        std::string out;
        while (pos_ < s_.size() && s_[pos_] != '"') {
            char c = s_[pos_++];
            if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
            if (c == '\\') {
                if (pos_ >= s_.size()) fail("bad escape");
                const char e = s_[pos_++];
                switch (e) {
                    case '"':
                    case '\\':
                    case '/':
                        out += e;
                        break;
                    case 'n':
                        out += '\n';
                        break;
                    case 't':
                        out += '\t';
                        break;
                    case 'r':
                        out += '\r';
                        break;
                    case 'b':
                        out += '\b';
                        break;
                    case 'f':
                        out += '\f';
                        break;
                    case 'u':
                        if (pos_ + 4 > s_.size()) fail("bad \\u escape");
                        out += static_cast<char>(std::strtol(s_.substr(pos_, 4).c_str(), nullptr, 16));
                        pos_ += 4;
                        break;
                    default:
                        fail("bad escape");
                }
            } else {
                out += c;
            }
        }
        if (pos_ >= s_.size()) fail("unterminated string");
        ++pos_;
        return out;
    }
    Json number() {
        const size_t start = pos_;
        if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
        if (pos_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[pos_])))
            fail("expected a value");
        while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.' ||
                                    s_[pos_] == 'e' || s_[pos_] == 'E' || s_[pos_] == '+' || s_[pos_] == '-'))
            ++pos_;
        char* end = nullptr;
        const std::string text = s_.substr(start, pos_ - start);
        const double d = std::strtod(text.c_str(), &end);
        if (end != text.c_str() + text.size()) fail("malformed number");
        return Json{d};
    }

    const std::string& s_;
    size_t pos_ = 0;
};

}  // namespace tessera::test
