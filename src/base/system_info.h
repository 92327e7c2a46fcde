#pragma once
// Facts about the machine for reports: CPU model, logical cores, the current UTC date and time.

#include <string>

namespace tessera {

std::string cpu_model();  // from /proc/cpuinfo; "unknown" if unreadable
unsigned logical_cores();
std::string utc_timestamp();  // ISO 8601, e.g. 2026-11-26T16:05:00Z

}  // namespace tessera
