#!/usr/bin/env bash
# Hegui developer entry point: the README's two commands.
#   ./Deploy/dev.sh run    install system packages, build, index the samples, create keys, serve
#   ./Deploy/dev.sh test   install system packages, swift build, swift test, then the openai SDK test
# Idempotent: every step checks before it acts.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

packages=(libpcre2-dev libsqlite3-dev libopenblas-dev libssl-dev pkg-config)

install_system_packages() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "dev.sh: system packages present (${packages[*]})"
    return
  fi
  echo "dev.sh: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

data_dir="${HEGUI_DATA:-$root/.hegui-data}"

case "${1:-}" in
  run)
    install_system_packages
    swift build
    bin="$(swift build --show-bin-path)/hegui"
    export HEGUI_DATA="$data_dir"
    "$bin" index sync "$root/Deploy/samples/regulations"
    "$bin" keys generate --if-missing
    "$bin" keys demo --if-missing
    exec "$bin" serve --host 127.0.0.1 --port "${PORT:-8080}"
    ;;
  test)
    install_system_packages
    swift build
    swift test
    bash "$root/Tests/clients/openai-sdk-test.sh"
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
