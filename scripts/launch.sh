#!/usr/bin/env bash
# Cài những gì còn thiếu, build giao diện và ứng dụng, rồi mở cửa sổ Nhiệm Vụ.
# Installs what is missing, builds the UI and the app (UI embedded), then opens the window.
#
#   ./scripts/launch.sh [tham số của nhiemvu / nhiemvu arguments, e.g. --db FILE]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

ensure_apt_packages "${APP_PACKAGES[@]}"
ensure_rust
ensure_node
ensure_ui_deps
build_ui
build_app

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  say "Đã build xong target/debug/nhiemvu, nhưng không có màn hình (biến DISPLAY trống) nên không mở được cửa sổ. Hãy chạy trong phiên đồ họa, hoặc thử: xvfb-run target/debug/nhiemvu"
  say "Built target/debug/nhiemvu, but there is no display (DISPLAY is empty), so no window was opened."
  exit 0
fi

say "Mở Nhiệm Vụ / Starting Nhiệm Vụ"
exec "$ROOT/target/debug/nhiemvu" "$@"
