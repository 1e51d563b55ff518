import { defineConfig } from "vitest/config";

// Tauri expects a fixed port and relative asset paths (the built UI is loaded from the
// app bundle, not from a web server).
export default defineConfig({
  base: "./",
  clearScreen: false,
  esbuild: { jsx: "automatic" },
  server: {
    port: 1420,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**", "**/target/**"] },
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    mockReset: true,
  },
});
