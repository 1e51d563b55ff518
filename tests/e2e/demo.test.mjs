// An empty database opens on the welcome screen; "create the sample province" runs the
// create_demo command, whose demo-progress events move the progress bar, and ends on the
// overview, from which the task register shows the new province.

import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";

import { sleep, waitFor, withApp, withTempDir } from "./harness.mjs";

test("an empty database offers the demo province and shows it once created", { timeout: 300000 }, async (t) => {
  await withTempDir(async (tmp) => {
    const db = path.join(tmp, "empty.sqlite3");

    await withApp({ tmp, db }, async (driver) => {
      const [button] = await driver.find('[data-testid="demo-button"]');
      await driver.click(button);

      // Progress events arrive while the province is written (the bar's aria-valuenow).
      const seen = new Set();
      await waitFor("the task register after creating the demo", 240000, async () => {
        for (const bar of await driver.findAll('[role="progressbar"]')) {
          try {
            seen.add(Number(await driver.attribute(bar, "aria-valuenow")));
          } catch {
            // the bar went away between the two calls
          }
        }
        // The office starts on the overview once the province exists.
        if ((await driver.findAll('[data-testid="dashboard"]')).length > 0) return true;
        await sleep(100);
        return false;
      });
      const moved = [...seen].filter((value) => value > 0);
      t.diagnostic(`progress values seen: ${[...seen].sort((a, b) => a - b).join(", ")}`);
      assert.ok(moved.length > 0, "no demo-progress event reached the progress bar");

      await driver.clickOn('[data-testid="nav-tasks"]');
      await driver.find('[data-testid="task-row"]', 30000);
      const [total] = await driver.find('[data-testid="register-total"]', 30000);
      t.diagnostic(`register total: ${await driver.text(total)}`);
      t.diagnostic(`screenshot: ${await driver.saveScreenshot("after-demo.png")}`);
    });
  });
});
