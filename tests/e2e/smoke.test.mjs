// Window smoke test: the app opens on a small demo database and shows the task register.
//
//   node --test tests/e2e/*.test.mjs
//
// See harness.mjs for what it needs; the screenshot is kept in target/e2e-screenshots/.

import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";

import { waitFor, withApp, withTempDir, writeDemo } from "./harness.mjs";

const DEMO_TASKS = 500;

test("the window opens on a demo database and shows the task register", { timeout: 240000 }, async (t) => {
  await withTempDir(async (tmp) => {
    const db = path.join(tmp, "db.sqlite3");
    t.diagnostic(writeDemo(db, DEMO_TASKS));

    await withApp({ tmp, db }, async (driver) => {
      // The office starts on the overview; the register is one click away.
      await driver.clickOn('[data-testid="nav-tasks"]', 60000);
      await driver.find('[data-testid="task-register"]');
      const rows = await driver.find('[data-testid="task-row"]');
      t.diagnostic(`${rows.length} task rows rendered`);

      const [total] = await driver.find('[data-testid="register-total"]', 30000);
      const text = await waitFor(`the register total to show ${DEMO_TASKS}`, 30000, async () => {
        const value = await driver.text(total);
        return value.includes(String(DEMO_TASKS)) ? value : null;
      });
      t.diagnostic(`register total: ${text}`);
      assert.match(await driver.title(), /Nhiệm Vụ/);

      t.diagnostic(`screenshot: ${await driver.saveScreenshot("register.png")}`);
    });
  });
});
