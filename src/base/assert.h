#pragma once
// TS_ASSERT: programming errors, as opposed to user-facing errors (base/error.h). A failed assertion is a bug
// in Tessera, not bad input: it prints the condition and where it failed, then aborts, in every build type.
// Never use it for anything a user, a file or a driver can cause.

#include <cstdio>
#include <cstdlib>

#define TS_ASSERT(condition)                                                                              \
    do {                                                                                                  \
        if (!(condition)) {                                                                               \
            std::fprintf(stderr, "tessera: internal error: assertion '%s' failed at %s:%d\n", #condition, \
                         __FILE__, __LINE__);                                                             \
            std::abort();                                                                                 \
        }                                                                                                 \
    } while (false)
