#include "base/atomic_file.h"

#include "base/error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

namespace tessera {
namespace {

std::filesystem::path directory_of(const std::filesystem::path& path) {
    return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

// An existing destination that is not a regular file (after following links), which is written in place.
bool is_special(const std::filesystem::path& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

// A new, empty, uniquely named file in `directory`, opened for writing; its name in `name`. -1 and errno on
// failure.
int make_temp(const std::filesystem::path& directory, const std::string& stem, std::filesystem::path& name) {
    std::string pattern = (directory / ("." + stem + ".tmp-XXXXXX")).string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const int fd = ::mkstemp(buffer.data());
    if (fd >= 0) name = buffer.data();
    return fd;
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path path) : path_(std::move(path)) {
    std::error_code ec;
    // Follow a symbolic link so that the file it points at is replaced, not the link.
    if (std::filesystem::is_symlink(path_, ec)) {
        const auto target = std::filesystem::weakly_canonical(path_, ec);
        if (!ec) path_ = target;
    }
    if (is_special(path_)) {
        file_ = std::fopen(path_.c_str(), "wb");
        if (!file_) throw Error("cannot write " + path_.string() + ": " + std::strerror(errno));
        return;
    }
    const int fd = make_temp(directory_of(path_), path_.filename().string(), temp_);
    if (fd < 0) throw Error("cannot write " + path_.string() + ": " + std::strerror(errno));
    // mkstemp makes the file 0600; give it the mode a plain open() would (0666 less the umask).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
        const int saved = errno;
        ::close(fd);
        ::unlink(temp_.c_str());
        throw Error("cannot write " + path_.string() + ": " + std::strerror(saved));
    }
}

AtomicFile::~AtomicFile() {
    if (!committed_) discard();
}

void AtomicFile::fail(std::string_view what, int error_number) {
    if (error_.empty())
        error_ = std::string(what) + " " + path_.string() + ": " + std::strerror(error_number);
}

void AtomicFile::discard() {
    if (file_) std::fclose(file_);
    file_ = nullptr;
    if (!temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::write(std::string_view bytes) {
    if (!file_ || failed() || bytes.empty()) return;
    errno = 0;
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
        fail("cannot write", errno ? errno : EIO);
}

void AtomicFile::commit() {
    if (committed_) return;
    if (file_ && !failed()) {
        errno = 0;
        if (std::fflush(file_) != 0 || std::ferror(file_)) fail("cannot write", errno ? errno : EIO);
    }
    // fsync fails with EINVAL on devices and pipes, which have nothing to make durable.
    if (file_ && !failed() && ::fsync(::fileno(file_)) != 0 && errno != EINVAL && errno != EROFS)
        fail("cannot write", errno);
    if (file_) {
        std::FILE* f = std::exchange(file_, nullptr);
        errno = 0;
        if (std::fclose(f) != 0) fail("cannot write", errno ? errno : EIO);
    }
    if (!failed() && !temp_.empty() && ::rename(temp_.c_str(), path_.c_str()) != 0)
        fail("cannot rename a temporary file onto", errno);
    if (failed()) {
        discard();
        committed_ = true;
        throw Error(error_);
    }
    committed_ = true;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
    AtomicFile file(path);
    file.write(bytes);
    file.commit();
}

void check_output_path(const std::filesystem::path& path, std::string_view origin) {
    const std::string where = std::string(origin) + " " + path.string();
    if (path.empty()) throw UsageError(std::string(origin) + ": expected a file name, got ''");
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw UsageError(where + ": is a directory");
    if (is_special(path)) {
        if (::access(path.c_str(), W_OK) != 0)
            throw UsageError(where + ": cannot write: " + std::strerror(errno));
        return;
    }
    const std::filesystem::path directory = directory_of(path);
    if (!std::filesystem::is_directory(directory, ec))
        throw UsageError(where + ": directory " + directory.string() + " does not exist");
    std::filesystem::path probe;
    const int fd = make_temp(directory, "tessera-probe", probe);
    if (fd < 0)
        throw UsageError(where + ": cannot create files in " + directory.string() + ": " +
                         std::strerror(errno));
    ::close(fd);
    ::unlink(probe.c_str());
}

void check_stdout() {
    errno = 0;
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        const int error_number = errno;
        std::clearerr(stdout);
        throw Error(std::string("cannot write to standard output") +
                    (error_number ? std::string(": ") + std::strerror(error_number) : " (a write failed)"));
    }
}

}  // namespace tessera
