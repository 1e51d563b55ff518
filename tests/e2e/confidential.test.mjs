// The confidential workstation (the build without office-sync) in its real window: the
// clerk creates the encrypted store behind a passphrase (the test session has no keychain),
// sees the recovery code once, registers an incoming secret document, previews the printed
// register, locks the store and opens it again with the passphrase. The red network
// warning shows exactly when this machine has a network interface up.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";

import { WORKSTATION_APP, waitFor, withApp, withTempDir } from "./harness.mjs";

const PASSPHRASE = "Sổ mật Văn phòng 2026";
const SUMMARY = "Kế hoạch bảo vệ mục tiêu trọng điểm dịp Tết";

/** Whether the workstation's own check finds a network (exit code 2). */
function onNetwork() {
  try {
    execFileSync(WORKSTATION_APP, ["kiem-tra-mang"], { stdio: ["ignore", "pipe", "pipe"] });
    return false;
  } catch (e) {
    if (e.status === 2) return true;
    throw e;
  }
}

test("the clerk creates the confidential store, registers, previews the register and locks it", { timeout: 600000 }, async (t) => {
  await withTempDir(async (tmp) => {
    const db = path.join(tmp, "may-mat.sqlite3");
    // The directory (units for secret tasks) and a person using this computer, written by
    // the workstation's own command line.
    t.diagnostic(
      execFileSync(WORKSTATION_APP, ["demo", "--tasks", "20", "--db", db], { encoding: "utf8" }).trim(),
    );
    const connected = onNetwork();
    t.diagnostic(`network interface up: ${connected}`);

    await withApp({ tmp, db, app: WORKSTATION_APP }, async (driver) => {
      const shot = async (name) => t.diagnostic(`screenshot: ${await driver.saveScreenshot(name)}`);
      await driver.one('[data-testid="secret-create"]', 120000);
      assert.match(await driver.title(), /Máy tính mật/);
      if (connected) {
        const alert = await driver.textOf('[data-testid="network-alert"]');
        assert.match(alert, /nối mạng/);
      } else {
        assert.equal((await driver.findAll('[data-testid="network-alert"]')).length, 0);
      }

      // No keychain in this session: the store is protected by a passphrase.
      await driver.clickOn("#secret-protection-passphrase");
      await driver.fill("#secret-create-passphrase", PASSPHRASE);
      await driver.fill("#secret-create-again", PASSPHRASE);
      await shot("mat-1-create.png");
      await driver.clickOn('[data-testid="secret-create-submit"]');
      const code = await driver.textOf('[data-testid="recovery-code"]', 60000);
      assert.match(code.replace(/\s+/g, ""), /^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$/);
      await shot("mat-2-recovery-code.png");
      await driver.clickOn("#secret-recovery-confirm");
      await driver.clickOn('[data-testid="recovery-continue"]');

      // Vào sổ đến.
      await driver.one('[data-testid="secret-shell"]', 60000);
      await driver.clickOn('[data-testid="secret-nav-incoming"]');
      await driver.clickOn('[data-testid="new-entry"]');
      await driver.fill("#sreg-in-issuer", "Bộ Công an");
      await driver.fill("#sreg-in-doc-number", "15/BCA-A03");
      await driver.choose("#sreg-in-secrecy", "secret");
      await driver.fill("#sreg-in-summary", SUMMARY);
      await driver.fill("#sreg-in-handler", "Chánh Văn phòng");
      await driver.clickOn('[data-testid="save-incoming"]');
      await driver.gone('[data-testid="incoming-form"]', 30000);
      const row = await driver.findWithText('[data-testid="entry-row"]', SUMMARY, 30000);
      const rowText = await driver.text(row);
      assert.match(rowText, /Bộ Công an/);
      assert.match(rowText, /tối mật/iu); // shown in capitals by the stylesheet
      await shot("mat-3-incoming.png");

      // The printed register, previewed in the window.
      await driver.clickOn('[data-testid="secret-nav-stats"]');
      await driver.choose("#secret-print-kind", "incoming");
      await driver.clickOn('[data-testid="secret-print-preview"]');
      await waitFor("a rendered page of the register", 120000, async () => {
        const sizes = await driver.execute(
          `return Array.from(document.querySelectorAll('[data-testid="pdf-page"]')).map((c) => [c.width, c.height]);`,
        );
        return sizes.some(([w, h]) => w > 100 && h > 100 && w > h) ? sizes : null; // landscape
      });
      await shot("mat-4-print-preview.png");

      // Lock, and open again with the passphrase: the entry is still there.
      await driver.clickOn('[data-testid="secret-lock"]');
      await driver.one('[data-testid="secret-unlock"]', 30000);
      assert.equal((await driver.findAll('[data-testid="secret-shell"]')).length, 0);
      await driver.fill("#secret-unlock-passphrase", "mật khẩu sai rồi");
      await driver.clickOn('[data-testid="unlock-submit"]');
      await waitFor("the wrong passphrase to be refused", 30000, async () => {
        const text = await driver.execute(`return document.body.innerText;`);
        return /không đúng/.test(text) ? text : null;
      });
      await shot("mat-5-locked.png");
      await driver.fill("#secret-unlock-passphrase", PASSPHRASE);
      await driver.clickOn('[data-testid="unlock-submit"]');
      await driver.one('[data-testid="secret-shell"]', 60000);
      await driver.clickOn('[data-testid="secret-nav-incoming"]');
      await driver.findWithText('[data-testid="entry-row"]', SUMMARY, 30000);
    });

    // The same check from the command line, with the passphrase on standard input.
    const check = (input) =>
      spawnSync(WORKSTATION_APP, ["so-mat", "kiem-tra", "--stdin", "--db", db], { input, encoding: "utf8" });
    const ok = check(`${PASSPHRASE}\n`);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /toàn vẹn/);
    t.diagnostic(ok.stdout.trim());
    const wrong = check("không phải mật khẩu này\n");
    assert.equal(wrong.status, 1, wrong.stdout + wrong.stderr);
    assert.match(wrong.stderr, /không đúng/);
  });
});
