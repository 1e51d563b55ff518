// Measurement mode (the app started by `nhiemvu-bench ui` with --perf-out): drives the
// task register the way a user does — through the DOM, not through React — and times
// what the user would see: the register interactive after start, new rows on screen after
// a filter change, results on screen after the last keystroke in the search box.
import { invoke } from "@tauri-apps/api/core";

type Figure = { name: string; value: number; unit: string };

/** The same filters and words as the bench's core-only baselines (crates/bench/src/ui.rs). */
const STATUSES = ["overdue", "due_soon", "done_on_time", "not_started", "in_progress_on_time", "done_late", "no_deadline", "unfinished"];
const SEARCHES = ["giai ngan", "quang tri", "ke hoach", "cai cach hanh chinh", "phong chong", "dau tu cong"];
const KEYSTROKE_MS = 90;

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What is on screen: the total line and the first visible row. */
function snapshot(): string {
  const total = document.querySelector('[data-testid="register-total"]')?.textContent ?? "";
  const first = document.querySelector('[data-testid="task-row"]')?.getAttribute("data-task-id") ?? "";
  return `${total}|${first}`;
}

/** Resolves at the first frame on which the screen differs from `before` and no row is
 *  still loading; returns performance.now() of that frame. */
async function changed(before: string, timeoutMs = 10000): Promise<number> {
  const start = performance.now();
  for (;;) {
    const now = await frame();
    const loading = document.querySelector('[data-testid="task-row-loading"]') !== null;
    const total = document.querySelector('[data-testid="register-total"]')?.textContent ?? "";
    const settled = /\d/.test(total) && !loading;
    if (settled && snapshot() !== before) return now;
    if (now - start > timeoutMs) throw new Error(`no change within ${timeoutMs} ms after ${before}`);
  }
}

function setSelect(select: HTMLSelectElement, value: string) {
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
}

const valueSetter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set;

function typeInto(input: HTMLInputElement, text: string) {
  valueSetter?.call(input, text);
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function percentile(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length, Math.max(1, Math.ceil((p / 100) * v.length))) - 1];
}

function latency(name: string, samples: number[]): Figure[] {
  return [
    { name: `${name}_p50_ms`, value: percentile(samples, 50), unit: "ms" },
    { name: `${name}_p95_ms`, value: percentile(samples, 95), unit: "ms" },
  ];
}

export async function runPerfScript(): Promise<void> {
  const figures: Figure[] = [];
  try {
    // 1. Start-up: the first rows of the register on screen and the filters usable.
    for (;;) {
      await frame();
      if (document.querySelector('[data-testid="task-row"]') && document.querySelector("#filter-status")) break;
    }
    figures.push({ name: "ui.start_to_register_ms", value: await invoke<number>("perf_elapsed"), unit: "ms" });
    await sleep(500);

    // 2. Filter changes, twice over the statuses.
    const status = document.querySelector<HTMLSelectElement>("#filter-status");
    if (!status) throw new Error("no status filter");
    const filterTimes: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const s of STATUSES) {
        const before = snapshot();
        const t0 = performance.now();
        setSelect(status, s);
        filterTimes.push((await changed(before)) - t0);
        await sleep(150);
      }
    }
    figures.push(...latency("ui.filter_change", filterTimes));
    setSelect(status, "");
    await changed(snapshot()).catch(() => 0);
    await sleep(300);

    // 3. Typing in the search box: one keystroke every KEYSTROKE_MS, timed from the last.
    const search = document.querySelector<HTMLInputElement>('[data-testid="search"]');
    if (!search) throw new Error("no search box");
    const searchTimes: number[] = [];
    for (const word of SEARCHES) {
      typeInto(search, "");
      await sleep(400);
      const before = snapshot();
      let t0 = 0;
      for (let i = 1; i <= word.length; i++) {
        typeInto(search, word.slice(0, i));
        t0 = performance.now();
        if (i < word.length) await sleep(KEYSTROKE_MS);
      }
      searchTimes.push((await changed(before)) - t0);
      await sleep(200);
    }
    figures.push(...latency("ui.search_to_results", searchTimes));
  } catch (error) {
    figures.push({ name: "ui.script_failed", value: 1, unit: String(error).replace(/\s+/g, "_").slice(0, 200) });
  }
  await invoke("perf_finish", { figures });
}
