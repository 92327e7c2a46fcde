#!/usr/bin/env bash
# Installs what Tessera needs to build, test and run on Debian 12, and nothing that is already there.
#   - Debian packages through apt-get (with sudo when not root); python3-matplotlib draws `tessera bench --plot`
#     charts (scripts/plot_bench.py) and is here so that its test runs in `make test`;
#   - VulkanMemoryAllocator's header-only package from Debian trixie, fetched as one .deb of a pinned version
#     through a temporary apt list, checked against a pinned sha256 and unpacked into the build tree; the
#     system's apt sources are never changed.
# Usage: scripts/deps.sh BUILD_DIR
set -euo pipefail
build_dir=${1:-build}

packages=(
    cmake make g++ pkg-config
    libvulkan-dev libvulkan-volk-dev glslc libshaderc-dev glslang-dev spirv-tools
    mesa-vulkan-drivers vulkan-validationlayers
    libglfw3-dev libglm-dev libtbb-dev libtomlplusplus-dev libcli11-dev libspdlog-dev libstb-dev libimgui-dev
    libgtest-dev libbenchmark-dev
    xvfb xauth twm clang-format
    python3-matplotlib
)

. "$(dirname "$0")/install-packages.sh"
install_missing deps "${packages[@]}"

# The pinned VMA package; to move to another version, fetch it once and put its version and sha256sum here.
vma_version=3.2.1+dfsg-1
vma_sha256=75a48c6bfd4779b606576be9f7bb3a8ad4def7642d52db76886c0e6ea3dc9341
vma_dir="$build_dir/_deps/vma"
if [ ! -f "$vma_dir/usr/include/vk_mem_alloc.h" ] || [ "$(cat "$vma_dir/.version" 2>/dev/null)" != "$vma_version" ]; then
    echo "deps: fetching libvulkan-memory-allocator-dev $vma_version from Debian trixie into $vma_dir"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    # The same mirror the system uses for bookworm, trixie suite, in a list apt reads only for this fetch.
    mirror=$(grep -hoE '^URIs: *http[^ ]*debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | awk '{print $2}')
    [ -n "$mirror" ] || mirror=$(grep -hoE '^deb +http[^ ]*debian/? +bookworm ' /etc/apt/sources.list 2>/dev/null | head -n1 | awk '{print $2}')
    [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$tmp/trixie.list"
    mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
    apt_opts=(-o "Dir::Etc::SourceList=$tmp/trixie.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o APT::Sandbox::User=root)
    apt-get "${apt_opts[@]}" update -qq
    (cd "$tmp" && apt-get "${apt_opts[@]}" download "libvulkan-memory-allocator-dev=$vma_version" 2>&1 | grep -v "^W: Download is performed unsandboxed" || true)
    deb=$(ls "$tmp"/libvulkan-memory-allocator-dev_*_all.deb 2>/dev/null || true)
    [ -n "$deb" ] || { echo "deps: error: libvulkan-memory-allocator-dev $vma_version is not in trixie any more; pin a newer version in scripts/deps.sh" >&2; exit 1; }
    echo "$vma_sha256  $deb" | sha256sum --check --quiet ||
        { echo "deps: error: $(basename "$deb") does not match its pinned sha256 $vma_sha256" >&2; exit 1; }
    rm -rf "$vma_dir"
    mkdir -p "$vma_dir"
    dpkg -x "$deb" "$vma_dir"
    echo "$vma_version" >"$vma_dir/.version"
    echo "deps: VMA $(basename "$deb"), sha256 verified"
fi
