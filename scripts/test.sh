#!/usr/bin/env bash
# Mọi kiểm thử của dự án, giống hệt CI. / Every test of the project, exactly as CI runs it.
#
#   ./scripts/test.sh
#
# Steps: system packages → rustfmt → (clippy, when NHIEMVU_CLIPPY=1) → cargo test
# --workspace (also regenerates ui/src/bindings) → bindings drift check → UI tests and
# build → app binary with the UI embedded → window smoke test under Xvfb.
# Everything builds once, in target/ with the dev profile.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

START=$SECONDS
step() {
  say "[$((SECONDS - START))s] $*"
}

if [ "${CI:-}" = "true" ]; then
  # Clean clone: incremental compilation only costs time and disk.
  export CARGO_INCREMENTAL=0
fi
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-always}"

step "Gói hệ thống / System packages"
ensure_apt_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_rust
ensure_rust_components rustfmt
ensure_node

# tauri-driver (WebDriver proxy for Tauri apps) into a local dir, once.
TAURI_DRIVER="$ROOT/target/tools/bin/tauri-driver"
if [ ! -x "$TAURI_DRIVER" ]; then
  step "Cài tauri-driver / Installing tauri-driver"
  cargo install tauri-driver --locked --root "$ROOT/target/tools"
fi
export TAURI_DRIVER

step "cargo fmt --check"
cargo fmt --all --check || die "Mã chưa được định dạng: chạy 'cargo fmt --all'. / Code is not formatted: run 'cargo fmt --all'."

if [ "${NHIEMVU_CLIPPY:-0}" = "1" ]; then
  step "cargo clippy"
  ensure_rust_components clippy
  cargo clippy $(locked_flag) --workspace --all-targets -- -D warnings
fi

# Snapshot of the bindings, for the drift check when the repository has no commit yet.
bindings_digest() {
  (cd "$ROOT/ui/src" && find bindings -type f -print0 2>/dev/null | sort -z | xargs -0r sha256sum) | sha256sum
}
BINDINGS_BEFORE="$(bindings_digest)"

step "cargo test --workspace"
cargo test $(locked_flag) --workspace

step "Kiểm tra ui/src/bindings / Checking ui/src/bindings"
if git rev-parse --verify -q HEAD >/dev/null 2>&1; then
  DRIFT="$(git status --porcelain -- ui/src/bindings)"
elif [ "$(bindings_digest)" != "$BINDINGS_BEFORE" ]; then
  DRIFT="(chưa có commit; cargo test đã thay đổi ui/src/bindings / no commit yet; cargo test changed ui/src/bindings)"
else
  DRIFT=""
fi
if [ -n "$DRIFT" ]; then
  printf '%s\n' "$DRIFT" >&2
  die "ui/src/bindings không khớp với kiểu Rust: chạy 'cargo test --workspace' rồi commit các tệp trong ui/src/bindings. / ui/src/bindings is out of date with the Rust types: run 'cargo test --workspace' and commit ui/src/bindings."
fi

step "Giao diện: npm test, npm run build / UI: npm test, npm run build"
ensure_ui_deps
npm --prefix ui test
build_ui

step "Ứng dụng có nhúng giao diện / App binary with the UI embedded"
build_app_like_tests
build_workstation_like_tests

step "Kiểm thử cửa sổ / Window tests (Xvfb + tauri-driver)"
node --test --test-reporter=spec tests/e2e/*.test.mjs

step "Xong / Done"
