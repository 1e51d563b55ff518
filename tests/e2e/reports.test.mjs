// Reports in the real window: the office opens the demo province (as demo.test.mjs does),
// chooses the consolidated periodic report for the current year (the demo is generated
// around today's date), changes the signer, previews it (pdf.js draws the pages on
// canvases inside the window), then saves it with "Lưu PDF" and the file is checked on
// disk. Documents/ is a folder in the test's temp dir: the harness points XDG_CONFIG_HOME
// at <tmp>/config, and the app finds Documents through <tmp>/config/user-dirs.dirs (the
// directories crate reads that file, not an XDG_DOCUMENTS_DIR variable). A screenshot of
// the preview is saved in target/e2e-screenshots/.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import { sleep, waitFor, withApp, withTempDir } from "./harness.mjs";

const SIGNER = "Nguyễn Văn Kiểm Thử";
const SAVED = "Đã lưu:";

test("the office previews the consolidated report of the year and saves it as a PDF", { timeout: 900000 }, async (t) => {
  await withTempDir(async (tmp) => {
    const db = path.join(tmp, "reports.sqlite3");
    const documents = path.join(tmp, "Documents");
    fs.mkdirSync(documents, { recursive: true });
    fs.mkdirSync(path.join(tmp, "config"), { recursive: true });
    fs.writeFileSync(path.join(tmp, "config", "user-dirs.dirs"), `XDG_DOCUMENTS_DIR="${documents}"\n`);
    const reportsDir = path.join(documents, "Nhiệm Vụ");

    await withApp({ tmp, db }, async (driver) => {
      const shot = async (name) => t.diagnostic(`screenshot: ${await driver.saveScreenshot(name)}`);
      /** The current value of the form control `css` (null when it is not there). */
      const valueOf = (css) =>
        driver.execute(`const el = document.querySelector(arguments[0]); return el ? el.value : null;`, [css]);
      /** The DOM text of `css` (null when it is not there), whitespace as written. */
      const domText = (css) =>
        driver.execute(`const el = document.querySelector(arguments[0]); return el ? el.textContent : null;`, [css]);
      /** The screen's own message when something was refused or failed (else null): the
       *  error banner, a message next to a field, or the preview's. */
      const screenError = () =>
        driver.execute(
          `const screen = document.querySelector('[data-testid="reports-screen"]');
           if (!screen) return null;
           const banner = screen.querySelector('[data-testid="error-banner"]');
           if (banner) return "error banner: " + banner.textContent;
           const fields = Array.from(screen.querySelectorAll(".field-error")).map((e) => e.textContent);
           return fields.length > 0 ? fields.join(" | ") : null;`,
        );
      /** waitFor, failing at once with the screen's message instead of waiting it out. */
      async function until(what, timeoutMs, probe) {
        let refused = null;
        const result = await waitFor(what, timeoutMs, async () => {
          refused = await screenError();
          return refused !== null || probe();
        });
        if (refused !== null) throw new Error(`${what}: ${refused}`);
        return result;
      }
      /** Waits until the defaults are loaded and every action can be used. */
      async function formReady(what) {
        await sleep(300); // the reload starts on the next render
        await until(what, 120000, async () => {
          if ((await driver.findAll('[data-testid="report-loading"]')).length > 0) return false;
          const issuing = await valueOf("#rep-issuing_body");
          if (!issuing || issuing.trim() === "") return false;
          return driver.execute(`const b = document.querySelector('[data-testid="report-preview"]'); return !!b && !b.disabled;`);
        });
      }

      // ---- The demo province, as in demo.test.mjs -----------------------------------------
      const [button] = await driver.find('[data-testid="demo-button"]');
      await driver.click(button);
      await waitFor("the overview after creating the demo", 300000, async () => (await driver.findAll('[data-testid="dashboard"]')).length > 0);

      // ---- Báo cáo: the consolidated periodic report of the current year ---------------------
      await driver.clickOn('[data-testid="nav-reports"]');
      await driver.one('[data-testid="reports-screen"]');
      await formReady("the defaults of the current quarter");
      await driver.choose("#rep-kind", "periodic");
      await driver.choose("#rep-period", "year");
      const year = String(new Date().getFullYear());
      await driver.choose("#rep-year", year);
      await formReady(`the defaults of the year ${year}`);
      // No unit chosen: the office's consolidated report; both origins.
      assert.equal(await valueOf("#rep-unit_id"), "Tất cả đơn vị");
      assert.equal(await valueOf("#rep-origin"), "");
      const issuing = await valueOf("#rep-issuing_body");
      t.diagnostic(`issuing body: ${issuing}; number: ${await valueOf("#rep-number")}; signer: ${await valueOf("#rep-name")}`);
      assert.ok(issuing.trim().length > 0, "the issuing body is empty");
      assert.ok((await valueOf("#rep-title")).trim().length > 0, "the signer's title is empty");

      await driver.fill("#rep-name", SIGNER);
      await waitFor(`the signer to read "${SIGNER}"`, 10000, async () => (await valueOf("#rep-name")) === SIGNER);

      // ---- Xem trước: at least one page drawn on a canvas ------------------------------------
      await driver.clickOn('[data-testid="report-preview"]');
      // (A failed preview shows its message with the field-error class: until() stops.)
      await until("a page of the preview", 300000, async () => (await driver.findAll('[data-testid="pdf-page"]')).length > 0);
      // The first page is drawn when its canvas has a size (pdf.js paints it afterwards).
      const size = await driver.execute(
        `const c = document.querySelector('[data-testid="pdf-page"]'); return [c.width, c.height];`,
      );
      assert.ok(size[0] > 100 && size[1] > 100, `the page canvas is ${size.join("×")}`);
      await until("the preview to finish drawing", 120000, async () => {
        const busy = await driver.execute(`return document.querySelector('[data-testid="pdf-preview"]').getAttribute("aria-busy");`);
        return busy === "false";
      });
      const pages = await driver.findAll('[data-testid="pdf-page"]');
      t.diagnostic(`preview: ${await domText('[data-testid="pdf-status"]')} (${pages.length} canvas)`);
      await shot("reports-preview.png");

      // ---- Lưu PDF: the file in Documents/Nhiệm Vụ ------------------------------------------
      await driver.clickOn('[data-testid="report-save"]');
      const message = await until(`the "${SAVED}" message`, 300000, async () => {
        const text = await domText('[data-testid="report-saved"]');
        return text && text.startsWith(SAVED) ? text : null;
      });
      const saved = message.slice(SAVED.length).trim();
      t.diagnostic(`saved: ${saved}`);
      assert.ok(path.isAbsolute(saved), `not a path: ${message}`);
      assert.equal(path.dirname(saved).normalize("NFC"), reportsDir.normalize("NFC"), "the report is not in the test's Documents/Nhiệm Vụ");
      assert.ok(saved.endsWith(".pdf"), `not a PDF name: ${saved}`);
      assert.ok(fs.existsSync(saved), `no file at ${saved} (${fs.existsSync(reportsDir) ? fs.readdirSync(reportsDir).join(", ") : "no folder"})`);
      const bytes = fs.readFileSync(saved);
      assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-", "the saved file does not start with %PDF-");
      assert.ok(bytes.subarray(-1024).toString("latin1").includes("%%EOF"), "the saved file has no %%EOF at its end");
      t.diagnostic(`${bytes.length} bytes`);
    });
  });
});
