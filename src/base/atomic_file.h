#pragma once
// Output files that are complete or absent: bytes go to a temporary file in the destination's directory,
// every write, flush, fsync and close is checked, and only a complete file is renamed onto the final name.
// A failure removes the temporary file and throws tessera::Error (exit code 1) with one line naming the path
// and the system's reason. A destination that exists and is not a regular file (a device such as /dev/null
// or /dev/full, a FIFO) is written in place, with the same checks, since it cannot be replaced.
//
// Thread contract: an AtomicFile is used by one thread at a time; opening one reads the umask by setting it,
// so no other thread should create files at that moment.

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace tessera {

class AtomicFile {
public:
    // Opens the temporary file (or the device). Throws Error naming `path` when it cannot.
    explicit AtomicFile(std::filesystem::path path);
    ~AtomicFile();  // an uncommitted file is discarded: its temporary file is removed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // Appends bytes. Never throws: the first failure is kept, later writes do nothing, commit() reports it.
    void write(std::string_view bytes);
    bool failed() const { return !error_.empty(); }
    const std::filesystem::path& path() const { return path_; }

    // Flushes, fsyncs, closes and renames onto the final name. Throws Error (first failure, path and reason)
    // and removes the temporary file when anything failed, here or in an earlier write().
    void commit();

private:
    void fail(std::string_view what, int error_number);
    void discard();

    std::filesystem::path path_;
    std::filesystem::path temp_;  // empty when writing in place
    std::FILE* file_ = nullptr;
    std::string error_;
    bool committed_ = false;
};

// Writes `bytes` to `path` through an AtomicFile.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// Checks before any work that `path` can be written: not empty, not a directory, its directory exists and a
// file can be created (and is removed again) there, or it is an existing writable device. Throws UsageError
// (exit code 2) "ORIGIN PATH: reason" otherwise.
void check_output_path(const std::filesystem::path& path, std::string_view origin);

// Flushes stdout; throws Error ("cannot write to standard output: reason") if it or any earlier write
// to it failed.
void check_stdout();

}  // namespace tessera
