#!/usr/bin/env bash
# Broken Vulkan installations give one `error:` line and exit 1, never a crash:
#   - no driver at all (the loader is pointed at a driver manifest that does not exist);
#   - a libvulkan.so.1 that is not a Vulkan loader (an empty library found first through LD_LIBRARY_PATH).
# Usage: driver_test.sh TESSERA FAKE_LOADER_DIR
set -uo pipefail
bin=$1 fake_loader_dir=$2
failures=0

# expect PATTERN -- env/command...: wants exit 1 and a single stderr line matching PATTERN.
expect() {
    local pattern=$1
    shift 2
    local err status
    err=$("$@" 2>&1 >/dev/null)
    status=$?
    if [ "$status" -ne 1 ] || [ "$(wc -l <<<"$err")" -ne 1 ] || ! grep -qE -- "$pattern" <<<"$err"; then
        echo "FAIL: $* -> exit $status (want 1), stderr:"
        head -5 <<<"$err"
        failures=$((failures + 1))
    else
        echo "ok: $*: $err"
    fi
}

no_driver="^error: no Vulkan driver found \(install mesa-vulkan-drivers for the software driver, or your GPU vendor's driver\)$"
expect "$no_driver" -- env VK_DRIVER_FILES=/nonexistent.json "$bin" run --headless --frames 2
expect "$no_driver" -- env VK_ICD_FILENAMES=/nonexistent.json "$bin" run --headless --frames 2
expect "$no_driver" -- env VK_DRIVER_FILES=/nonexistent.json "$bin" info
expect "^error: libvulkan.so.1 is not a Vulkan loader" -- env LD_LIBRARY_PATH="$fake_loader_dir" "$bin" run --headless --frames 2
expect "^error: libvulkan.so.1 is not a Vulkan loader" -- env LD_LIBRARY_PATH="$fake_loader_dir" "$bin" info

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
