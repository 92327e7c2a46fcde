#pragma once
// Build identity, for reports: the git commit the binary was built from (generated at build time by
// cmake/GitCommit.cmake; "unknown" outside a git checkout, "-dirty" suffix when tracked files had changes).

namespace tessera {

const char* git_commit();

}  // namespace tessera
