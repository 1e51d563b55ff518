// Harness of the end-to-end tests: the real app binary (target/debug/nhiemvu, built with
// `--features custom-protocol` so the UI is embedded), driven through WebDriver
// (tauri-driver → WebKitWebDriver) on a private Xvfb display, with a minimal W3C client
// over fetch. Anything missing is a failure, never a skip.

import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const APP = path.join(ROOT, "target", "debug", "nhiemvu");
/** The confidential workstation (built without office-sync), kept apart by scripts/test.sh. */
export const WORKSTATION_APP = path.join(ROOT, "target", "e2e", "nhiemvu-mat");
const TAURI_DRIVER = process.env.TAURI_DRIVER || path.join(ROOT, "target", "tools", "bin", "tauri-driver");
const TEST_CONFIG = path.join(ROOT, "tauri.test.conf.json");
export const SCREENSHOTS = path.join(ROOT, "target", "e2e-screenshots");
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf"; // W3C WebDriver element key

function which(name) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

function requireExecutable(file, hint) {
  assert.ok(file && fs.existsSync(file), `missing ${file ?? "executable"}: ${hint}`);
  return file;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(what, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const result = await probe();
      if (result) return result;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ""}`);
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A child process started in its own process group, with its output kept for errors. */
function start(name, command, args, options = {}) {
  const child = spawn(command, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], ...options });
  const log = [];
  const keep = (chunk) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  child.name = name;
  child.output = () => log.join("");
  return child;
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after `graceMs` (the app may ignore SIGTERM under Xvfb). */
async function stopGroup(child, graceMs = 5000) {
  if (!child?.pid) return;
  const pgid = child.pid;
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Processes whose command line mentions `marker` (our private temp dir): the app, even
 *  if WebKitWebDriver started it in another process group. */
function pidsMentioning(marker) {
  const pids = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(marker)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

async function stopPids(pids, graceMs = 5000) {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // gone
    }
  }
  const deadline = Date.now() + graceMs;
  while (pids.some(pidAlive) && Date.now() < deadline) await sleep(100);
  for (const pid of pids.filter(pidAlive)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
}

/** Starts Xvfb on a display number it picks itself (-displayfd), so parallel runs never clash. */
async function startXvfb(xvfb) {
  const child = start("Xvfb", xvfb, ["-displayfd", "1", "-screen", "0", "1366x900x24", "-nolisten", "tcp"]);
  const display = await waitFor("Xvfb to report its display", 15000, async () => {
    const match = /^(\d+)\s*$/m.exec(child.output());
    if (match) return `:${match[1]}`;
    if (child.exitCode !== null) throw new Error(`Xvfb exited: ${child.output()}`);
    return null;
  });
  return { child, display };
}

/** Minimal W3C WebDriver client over fetch. */
export class WebDriver {
  constructor(port) {
    this.base = `http://127.0.0.1:${port}`;
  }

  async request(method, route, body) {
    if (process.env.E2E_TRACE) console.error(new Date().toISOString(), method, route, body ? JSON.stringify(body).slice(0, 120) : "");
    const response = await fetch(`${this.base}${route}`, {
      method,
      headers: body ? { "content-type": "application/json; charset=utf-8" } : {},
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(120000),
    });
    const text = await response.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${route}: HTTP ${response.status}: ${text.slice(0, 500)}`);
    }
    if (!response.ok || json?.value?.error) {
      throw new Error(`${method} ${route}: HTTP ${response.status}: ${JSON.stringify(json.value ?? json).slice(0, 1000)}`);
    }
    return json.value;
  }

  async newSession(tauriOptions) {
    const value = await this.request("POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": tauriOptions } },
    });
    this.session = value.sessionId;
    return value;
  }

  s(route) {
    return `/session/${this.session}${route}`;
  }

  async findAll(css) {
    const found = await this.request("POST", this.s("/elements"), { using: "css selector", value: css });
    return found.map((element) => element[ELEMENT]);
  }

  text(element) {
    return this.request("GET", this.s(`/element/${element}/text`));
  }

  title() {
    return this.request("GET", this.s("/title"));
  }

  screenshot() {
    return this.request("GET", this.s("/screenshot"));
  }

  async find(css, timeoutMs = 60000) {
    return waitFor(css, timeoutMs, async () => {
      const found = await this.findAll(css);
      return found.length > 0 ? found : null;
    });
  }

  click(element) {
    return this.request("POST", this.s(`/element/${element}/click`), {});
  }

  /** Types `text` into the element (for a file input: the file's path). */
  type(element, text) {
    return this.request("POST", this.s(`/element/${element}/value`), { text });
  }

  clear(element) {
    return this.request("POST", this.s(`/element/${element}/clear`), {});
  }

  /** Runs `script` (a function body) in the page with `args`; returns its result. */
  execute(script, args = []) {
    return this.request("POST", this.s("/execute/sync"), { script, args });
  }

  /** Sends key presses to the focused element ("\uE007" is Enter, "\uE00C" Escape). */
  async keys(text) {
    const actions = [];
    for (const ch of text) actions.push({ type: "keyDown", value: ch }, { type: "keyUp", value: ch });
    await this.request("POST", this.s("/actions"), { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.request("DELETE", this.s("/actions"));
  }

  /** Chooses `value` in the <select> `css` (as a user would: React sees a change event). */
  async choose(css, value) {
    await this.one(css);
    const ok = await this.execute(
      `const el = document.querySelector(arguments[0]);
       if (!el) return false;
       el.value = arguments[1];
       el.dispatchEvent(new Event("change", { bubbles: true }));
       return el.value === arguments[1];`,
      [css, value],
    );
    assert.ok(ok, `could not choose ${value} in ${css}`);
  }

  /** Text of the first element matching `css`. */
  async textOf(css, timeoutMs = 30000) {
    return this.text(await this.one(css, timeoutMs));
  }

  /** Waits until no element matches `css`. */
  async gone(css, timeoutMs = 30000) {
    await waitFor(`${css} to go away`, timeoutMs, async () => (await this.findAll(css)).length === 0);
  }

  /** The first element matching `css` whose text includes `text` (its DOM text, so a
   *  cell cut short with an ellipsis still matches). */
  async findWithText(css, text, timeoutMs = 30000) {
    return waitFor(`${css} with text "${text}"`, timeoutMs, async () => {
      const index = await this.execute(
        `return Array.from(document.querySelectorAll(arguments[0])).findIndex((e) => e.textContent.includes(arguments[1]));`,
        [css, text],
      );
      if (index < 0) return null;
      const all = await this.findAll(css);
      return all[index] ?? null;
    });
  }

  /** Waits until `css` is present and returns its first element. */
  async one(css, timeoutMs = 30000) {
    return (await this.find(css, timeoutMs))[0];
  }

  /** Clicks the first element matching `css` once it is there. */
  async clickOn(css, timeoutMs = 30000) {
    const el = await this.one(css, timeoutMs);
    await this.click(el);
    return el;
  }

  /** Clears the input `css` and types `text` into it. */
  async fill(css, text) {
    const el = await this.one(css);
    await this.clear(el);
    await this.type(el, text);
    return el;
  }

  attribute(element, name) {
    return this.request("GET", this.s(`/element/${element}/attribute/${encodeURIComponent(name)}`));
  }

  async saveScreenshot(name) {
    // WebKit's snapshot waits for the next compositing update; a page without composited
    // layers (nothing sticky or animated) would make it wait for ever. A 1-pixel,
    // never-ending animation in a corner keeps updates coming.
    await this.execute(
      `if (!document.getElementById("e2e-paint")) {
         const st = document.createElement("style");
         st.textContent = "@keyframes e2e-tick { from { transform: translateX(0) } to { transform: translateX(1px) } }";
         document.head.appendChild(st);
         const m = document.createElement("div"); m.id = "e2e-paint";
         m.style.cssText = "position:fixed;left:0;bottom:0;width:1px;height:1px;pointer-events:none;z-index:2147483647;background:rgba(0,0,0,0.01);animation:e2e-tick 0.5s linear infinite alternate";
         document.body.appendChild(m);
       }`,
    );
    await sleep(50);
    const png = Buffer.from(await this.screenshot(), "base64");
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], "the screenshot is not a PNG");
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, name);
    fs.writeFileSync(file, png);
    return path.relative(ROOT, file);
  }

  async deleteSession() {
    if (!this.session) return;
    const session = this.session;
    this.session = undefined;
    await this.request("DELETE", `/session/${session}`);
  }
}

/** Writes a demo database with the app's own command line; returns its summary line. */
export function writeDemo(db, tasks) {
  return execFileSync(APP, ["demo", "--tasks", String(tasks), "--db", db], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 120000,
  }).trim();
}

/** A private temp dir, removed afterwards. */
export async function withTempDir(body) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nhiemvu-e2e-"));
  try {
    return await body(tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Starts Xvfb and tauri-driver, opens a session that launches the app on `db` (with the
 * test configuration overlay), runs `body(driver)`, then stops everything: the session,
 * tauri-driver and WebKitWebDriver (their process group), the app (found by the temp dir
 * in its command line) and Xvfb, each with SIGTERM then SIGKILL after a timeout.
 */
export async function withApp({ tmp, db, app = APP }, body) {
  requireExecutable(app, "build it with `cargo build --features custom-protocol` (scripts/test.sh does)");
  requireExecutable(TAURI_DRIVER, "cargo install tauri-driver --locked --root target/tools");
  const xvfb = requireExecutable(which("Xvfb"), "apt-get install xvfb");
  const webkitDriver = requireExecutable(which("WebKitWebDriver"), "apt-get install webkit2gtk-driver");
  requireExecutable(TEST_CONFIG, "tauri.test.conf.json is part of the repository");

  let xvfbProcess;
  let driverProcess;
  const driverPort = await freePort();
  const driver = new WebDriver(driverPort);
  try {
    const x = await startXvfb(xvfb);
    xvfbProcess = x.child;

    // Everything the app writes besides the database (WebView data, caches) goes into tmp.
    const env = {
      ...process.env,
      DISPLAY: x.display,
      XDG_DATA_HOME: path.join(tmp, "data"),
      XDG_CONFIG_HOME: path.join(tmp, "config"),
      XDG_CACHE_HOME: path.join(tmp, "cache"),
      // Xvfb has no GPU: software rendering, and no DMA-BUF renderer (it paints nothing there).
      WEBKIT_DISABLE_DMABUF_RENDERER: "1",
      LIBGL_ALWAYS_SOFTWARE: "1",
    };
    delete env.WAYLAND_DISPLAY;
    delete env.NHIEMVU_DB;
    const nativePort = await freePort();
    driverProcess = start(
      "tauri-driver",
      TAURI_DRIVER,
      ["--port", String(driverPort), "--native-port", String(nativePort), "--native-driver", webkitDriver],
      { env },
    );
    await waitFor("tauri-driver to listen", 30000, async () => {
      if (driverProcess.exitCode !== null) throw new Error(`tauri-driver exited: ${driverProcess.output()}`);
      return (await portOpen(driverPort)) && (await portOpen(nativePort));
    });

    await driver.newSession({ application: app, args: ["--db", db, "--config", TEST_CONFIG] });
    return await body(driver);
  } catch (error) {
    // What the window showed when it went wrong, for the person reading the failure.
    if (driver.session) {
      try {
        await Promise.race([driver.saveScreenshot(`failure-${path.basename(db)}.png`), sleep(10000)]);
      } catch {
        // no screenshot
      }
    }
    const output = driverProcess ? `\n--- tauri-driver output ---\n${driverProcess.output().slice(-4000)}` : "";
    throw new Error(`${error?.message ?? error}${output}`, { cause: error });
  } finally {
    try {
      await Promise.race([driver.deleteSession(), sleep(10000)]);
    } catch {
      // the session may never have started
    }
    await stopGroup(driverProcess); // tauri-driver and WebKitWebDriver
    await stopPids(pidsMentioning(tmp)); // the app, wherever it ended up
    await stopGroup(xvfbProcess);
  }
}
