#!/usr/bin/env bash
# Drives a real `hegui serve` with the official openai Python SDK (pip-installed into a venv under
# .build/), in front of a small Python stand-in model server. Run by `Deploy/dev.sh test` after
# `swift test`; needs a built `hegui` and PyPI.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

venv="$root/.build/openai-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import openai" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "openai>=1.50,<3"
fi
echo "openai-sdk-test: openai $("$venv/bin/python" -c 'import openai; print(openai.__version__)')"

bin="$(swift build --show-bin-path)/hegui"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
upstream_port="$(free_port)"
gateway_port="$(free_port)"

python3 "$root/Tests/clients/mock_upstream.py" "$upstream_port" & pids+=($!)

export HEGUI_DATA="$work/data"
"$bin" index sync "$root/Deploy/samples/regulations" > /dev/null
"$bin" keys generate > /dev/null
key="$("$bin" keys create --role bot --route cs --route upstream --name sdk-test 2>/dev/null)"
cat > "$work/hegui.yaml" <<YAML
policy: $root/Policies
routes:
  - name: cs
    embeddings: {kind: hashed, dimension: 256}
  - name: upstream
    backend: {kind: upstream, url: "http://127.0.0.1:$upstream_port/v1", model: mock-base, adapter: {name: cs-lora, version: sdk-test, style: vllm}, timeout_seconds: 10}
    on_violation: block
YAML
"$bin" serve --config "$work/hegui.yaml" --port "$gateway_port" > "$work/serve.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$gateway_port/healthz', timeout=1)" 2>/dev/null && break
  sleep 0.1
done
"$venv/bin/python" "$root/Tests/clients/openai_sdk_check.py" --base-url "http://127.0.0.1:$gateway_port/v1" --key "$key"
