# Shared by launch.sh and test.sh (sourced, not run). Every function is idempotent:
# it checks first and only installs or builds what is missing or out of date.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Debian/Ubuntu packages needed to build and run the app (Tauri 2 on WebKitGTK 4.1).
APP_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential curl file libssl-dev librsvg2-dev
  libayatana-appindicator3-dev libxdo-dev pkg-config
)
# Extra packages for the tests: a virtual display, WebKitWebDriver, poppler (PDF checks),
# PostgreSQL and PgBouncer (sync tests and benchmark start their own), a D-Bus session
# bus and gnome-keyring (the real-keychain test).
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver poppler-utils postgresql pgbouncer dbus-daemon gnome-keyring iproute2)

# Vite 7 needs Node.js 20.19 or newer.
NODE_MIN_MAJOR=20
NODE_MIN_MINOR=19

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() {
  printf '\033[31mLỗi / Error: %s\033[0m\n' "$*" >&2
  exit 1
}

# Runs a command as root: directly when root, else through sudo when available.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 1
  fi
}

# ensure_apt_packages PKG...: installs the packages that are not installed yet.
ensure_apt_packages() {
  local missing=() pkg
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "Không phải Debian/Ubuntu: bỏ qua cài gói hệ thống. Cần có: $* / Not Debian/Ubuntu: install these yourself: $*"
    return 0
  fi
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Cài gói hệ thống / Installing system packages: ${missing[*]}"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q; then
    die "Cần quyền root (hoặc sudo) để cài: ${missing[*]} / Root or sudo is needed to install: ${missing[*]}"
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || die "Không cài được các gói: ${missing[*]} / Could not install: ${missing[*]}"
}

# Rust toolchain (rustup, minimal profile) when cargo is missing.
ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    say "Cài Rust (rustup) / Installing Rust (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
}

# ensure_rust_components NAME...: rustfmt, clippy (only when rustup manages the toolchain).
ensure_rust_components() {
  local c
  command -v rustup >/dev/null 2>&1 || return 0
  for c in "$@"; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$c"; then
      say "Cài thành phần Rust / Installing Rust component: $c"
      rustup component add "$c"
    fi
  done
}

ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    ensure_apt_packages nodejs npm
  fi
  local version major minor
  version="$(node -p 'process.versions.node')"
  major="${version%%.*}"
  minor="$(echo "$version" | cut -d. -f2)"
  if [ "$major" -lt "$NODE_MIN_MAJOR" ] || { [ "$major" -eq "$NODE_MIN_MAJOR" ] && [ "$minor" -lt "$NODE_MIN_MINOR" ]; }; then
    die "Cần Node.js >= $NODE_MIN_MAJOR.$NODE_MIN_MINOR (đang có $version), ví dụ từ https://nodejs.org hoặc NodeSource. / Node.js >= $NODE_MIN_MAJOR.$NODE_MIN_MINOR is required (found $version)."
  fi
}

# npm ci in ui/ when node_modules is missing or older than package-lock.json (npm writes
# node_modules/.package-lock.json on every install).
ensure_ui_deps() {
  local stamp="$ROOT/ui/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$stamp" -ot "$ROOT/ui/package-lock.json" ]; then
    say "Cài thư viện giao diện / Installing UI dependencies (npm ci)"
    local log
    log="$(mktemp)"
    if ! (cd "$ROOT/ui" && npm ci --no-audit --no-fund) >"$log" 2>&1; then
      cat "$log" >&2
      # A registry mirror that lacks other platforms' optional packages (e.g. rollup's
      # darwin/win32 binaries) makes `npm ci` reject a lock file that npm itself wrote
      # there. Install from the same lock file without rewriting it.
      say "npm ci thất bại; thử npm install --no-save (không sửa package-lock.json) / npm ci failed; falling back to npm install --no-save (package-lock.json untouched)"
      (cd "$ROOT/ui" && npm install --no-save --no-audit --no-fund)
    else
      cat "$log"
    fi
    rm -f "$log"
  fi
}

build_ui() {
  say "Build giao diện / Building the UI (ui/dist)"
  npm --prefix "$ROOT/ui" run build
}

# The app binary with the UI embedded (no dev server needed): target/debug/nhiemvu.
build_app() {
  say "Build ứng dụng / Building the app (cargo build --features custom-protocol)"
  (cd "$ROOT" && cargo build $(locked_flag) --features custom-protocol --bin nhiemvu)
}

# The same binary for the end-to-end tests, built the way `cargo test --workspace` built
# everything else: the integration tests need target/debug/nhiemvu, so `--no-run` produces
# it with the very dependency features the tests used (a plain `cargo build --bin` would
# resolve them without dev-dependencies and rebuild the whole GTK stack). Only tauri and
# the app itself are recompiled for `custom-protocol`.
build_app_like_tests() {
  say "Build ứng dụng / Building the app (cargo test --no-run --features nhiemvu/custom-protocol)"
  (cd "$ROOT" && cargo test $(locked_flag) --workspace --features nhiemvu/custom-protocol --no-run)
  [ -x "$ROOT/target/debug/nhiemvu" ] || die "Không thấy target/debug/nhiemvu / target/debug/nhiemvu is missing"
}

# The confidential workstation (no office-sync feature) for its window test, built the same
# way and kept apart as target/e2e/nhiemvu-mat; target/debug/nhiemvu is put back to the
# ordinary build afterwards, so both binaries exist side by side.
build_workstation_like_tests() {
  say "Build máy tính mật / Building the confidential workstation (--no-default-features)"
  mkdir -p "$ROOT/target/e2e"
  cp "$ROOT/target/debug/nhiemvu" "$ROOT/target/e2e/nhiemvu"
  (cd "$ROOT" && cargo test $(locked_flag) --workspace --no-default-features --features nhiemvu/custom-protocol --no-run)
  cp "$ROOT/target/debug/nhiemvu" "$ROOT/target/e2e/nhiemvu-mat"
  cp "$ROOT/target/e2e/nhiemvu" "$ROOT/target/debug/nhiemvu"
}

# --locked when Cargo.lock is committed, so CI never resolves different versions silently.
locked_flag() {
  if git -C "$ROOT" ls-files --error-unmatch Cargo.lock >/dev/null 2>&1; then
    echo --locked
  fi
}
