# Source this in a shell to get the project's toolchain on the PATH: `source scripts/dev-env.sh`.
# It runs the same set-up as ./alphabench (Node >= 22.19, pnpm, dependencies) first.
_alphabench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_alphabench_node="$(node "$_alphabench_root/scripts/bootstrap.mjs" ensure)" || return 1
export PATH="$(dirname "$_alphabench_node"):$_alphabench_root/node_modules/.bin:$_alphabench_root/.toolchain/bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1
unset _alphabench_root _alphabench_node
