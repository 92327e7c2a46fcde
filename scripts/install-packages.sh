# Sourced by scripts/deps.sh and scripts/deps-tools.sh: install_missing LABEL PACKAGE... installs, through
# apt-get (with sudo when not root), those of the Debian packages that are not installed yet, and nothing else.
install_missing() {
    local label=$1
    shift
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "$label: not root and no sudo; install as root: $*" >&2; exit 1; }
        sudo=(sudo)
    fi
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "$label: installing ${missing[*]}"
        "${sudo[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}
