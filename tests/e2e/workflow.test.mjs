// The whole workflow in the real window, against the real core and a fresh database (the
// demo province's units and people, written by the app's own command line, with a single
// old task): the office registers a document with two tasks; the lead unit accepts one
// and returns the other with a reason; the office reassigns it; the unit posts progress
// and submits a result with a file; the office rejects it once, then accepts the second
// report; the dashboard then shows one task hoàn thành đúng hạn and the other chưa thực
// hiện. A screenshot of each main screen is saved in target/e2e-screenshots/.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import { sleep, waitFor, withApp, withTempDir, writeDemo } from "./harness.mjs";

const ENTER = "\uE007";

/** Vietnam's date (UTC+7) as dd/mm/yyyy, `days` from today. */
function vnDate(days = 0) {
  const d = new Date(Date.now() + 7 * 3600 * 1000 + days * 86400 * 1000);
  const p = (n) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

const TASK_A = "Rà soát danh mục dự án chậm giải ngân vốn đầu tư công";
const TASK_B = "Tổng hợp báo cáo tiến độ giải ngân hằng tháng";

test("office and unit take two tasks through their lifecycle in the window", { timeout: 600000 }, async (t) => {
  await withTempDir(async (tmp) => {
    const db = path.join(tmp, "workflow.sqlite3");
    t.diagnostic(writeDemo(db, 1));
    const pdf = path.join(tmp, "Báo cáo kết quả.pdf");
    fs.writeFileSync(pdf, "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
    const signed = path.join(tmp, "Quyết định 15.pdf");
    fs.writeFileSync(signed, "%PDF-1.4\n% văn bản đã ký\n%%EOF\n");

    await withApp({ tmp, db }, async (driver) => {
      const shot = async (name) => t.diagnostic(`screenshot: ${await driver.saveScreenshot(name)}`);

      /** Switches the person (demo province) to the first whose option text has every part. */
      async function becomes(query, ...parts) {
        await driver.clickOn('[data-testid="profile-switch"]');
        await driver.fill("#profile-search", query);
        const option = await waitFor(`a person matching ${parts.join(", ")}`, 20000, async () => {
          for (const el of await driver.findAll('[data-testid="profile-option"]')) {
            const text = await driver.text(el);
            if (parts.every((p) => (p instanceof RegExp ? p.test(text) : text.includes(p)))) return el;
          }
          return null;
        });
        await driver.click(option);
        await driver.gone('[data-testid="profile-dialog"]');
      }
      const asOffice = () => becomes("Chuyen vien theo doi", "Chuyên viên theo dõi (Văn phòng)");
      const asHealth = () => becomes("can bo don vi so y te", "Cán bộ đơn vị", /· Sở Y tế$/);

      /** Opens a task from the register by searching its words. */
      async function openTask(description) {
        await driver.clickOn('[data-testid="nav-tasks"]');
        await driver.fill('[data-testid="search"]', description.split(" ").slice(0, 6).join(" "));
        const row = await driver.findWithText('[data-testid="task-row"]', description, 30000);
        await driver.click(row);
        await driver.findWithText('[data-testid="task-detail"]', description);
      }
      async function closeTask() {
        await driver.clickOn('[data-testid="task-detail-close"]');
        await driver.gone('[data-testid="task-detail"]');
      }
      /** Clicks an action of the open task, fills its dialog and confirms. */
      async function act(action, fields = {}, file = null) {
        await driver.clickOn(`[data-testid="task-detail"] [data-testid="${action}"]`);
        await driver.one('[data-testid="action-dialog"]');
        for (const [css, value] of Object.entries(fields)) await driver.fill(css, value);
        if (file) {
          await driver.type(await driver.one("#action-result-file"), file);
          await driver.findWithText('[data-testid="action-dialog"]', path.basename(file), 30000);
        }
        await driver.clickOn('[data-testid="action-confirm"]');
        await driver.gone('[data-testid="action-dialog"]');
      }
      async function stateIs(label) {
        await waitFor(`the task state "${label}"`, 20000, async () => (await driver.textOf('[data-testid="task-state"]')) === label);
      }

      // ---- The office registers the document with two tasks -----------------------------
      await driver.one('[data-testid="profile-name"]', 60000);
      assert.match(await driver.textOf('[data-testid="profile-name"]'), /Chuyên viên theo dõi/);
      await driver.one('[data-testid="dashboard"]');
      await shot("01-dashboard-start.png");

      await driver.clickOn('[data-testid="nav-documents"]');
      await driver.clickOn('[data-testid="new-document"]');
      await driver.one('[data-testid="document-form"]');
      await driver.choose("#doc-kind", "decision");
      await driver.fill("#doc-number", "15");
      await driver.fill("#doc-symbol", "QĐ-UBND");
      await driver.fill("#doc-issued-on", vnDate(0));
      await driver.fill("#doc-summary", "Về việc đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2026");
      await driver.fill("#doc-signer-name", "Hoàng Nam");
      await driver.fill("#doc-signer-title", "Chủ tịch UBND tỉnh");
      await driver.choose("#doc-issuer", "chairman");
      await driver.choose("#doc-urgency", "urgent");
      await driver.type(await driver.one("#doc-file"), signed);
      await driver.findWithText('[data-testid="document-form"]', "Quyết định 15.pdf", 30000);
      await driver.fill("#task-0-description", TASK_A);
      await driver.fill("#task-0-lead-unit", "Sở Y tế");
      await driver.keys(ENTER);
      await driver.fill("#task-0-deadline", vnDate(30));
      await driver.clickOn('[data-testid="add-task-row"]');
      await driver.fill("#task-1-description", TASK_B);
      await driver.fill("#task-1-lead-unit", "Sở Y tế");
      await driver.keys(ENTER);
      await driver.fill("#task-1-deadline", vnDate(45));
      await shot("02-document-form.png");
      await driver.clickOn('[data-testid="save-document"]');
      await driver.gone('[data-testid="document-form"]', 30000);
      const detail = await driver.findWithText('[data-testid="document-detail"]', TASK_B, 30000);
      assert.match(await driver.text(detail), /15\/QĐ-UBND/);
      await shot("03-documents.png");

      // ---- The lead unit accepts one and returns the other ------------------------------
      await asHealth();
      await driver.clickOn('[data-testid="nav-inbox"]');
      await driver.findWithText('[data-testid="inbox-row"]', TASK_A, 30000);
      await driver.findWithText('[data-testid="inbox-row"]', TASK_B, 30000);
      await shot("04-unit-inbox.png");

      await openTask(TASK_A);
      await driver.clickOn('[data-testid="task-detail"] [data-testid="action-accept"]');
      await stateIs("Đang thực hiện");
      await closeTask();
      await openTask(TASK_B);
      await act("action-return", { "#action-reason": "Nội dung thuộc chức năng của Sở Tài chính" });
      await stateIs("Bị trả lại");
      await shot("05-task-detail-returned.png");
      await closeTask();

      // ---- The office reassigns the returned task ---------------------------------------
      await asOffice();
      await driver.clickOn('[data-testid="nav-review"]');
      await driver.clickOn('[data-testid="tab-returned"]');
      await driver.click(await driver.findWithText('[data-testid="review-row"] td', TASK_B, 30000));
      await driver.findWithText('[data-testid="review-queue"]', "Nội dung thuộc chức năng của Sở Tài chính", 30000);
      await shot("06-review-returned.png");
      await openTask(TASK_B);
      await driver.clickOn('[data-testid="task-detail"] [data-testid="action-reassign"]');
      await driver.one('[data-testid="action-dialog"]');
      await driver.fill("#action-to-unit", "Sở Tài chính");
      await driver.keys(ENTER);
      await driver.fill("#action-note", "Giao Sở Tài chính chủ trì");
      await driver.clickOn('[data-testid="action-confirm"]');
      await driver.gone('[data-testid="action-dialog"]');
      await stateIs("Chờ tiếp nhận");
      await driver.findWithText('[data-testid="task-detail"]', "Sở Tài chính");
      await closeTask();

      // ---- The unit posts progress and submits a result with a file --------------------
      const report = {
        "#action-reply-number": "45",
        "#action-reply-symbol": "SYT-KHTC",
        "#action-reply-summary": "Báo cáo kết quả rà soát danh mục dự án chậm giải ngân",
        "#action-reply-signer": "Lê Văn Hùng",
      };
      await asHealth();
      await openTask(TASK_A);
      await act("action-progress", { "#action-progress-text": "Đã rà soát 12 dự án, còn 3 dự án vướng giải phóng mặt bằng" });
      await act("action-submit", report, pdf);
      await stateIs("Chờ đánh giá");
      await closeTask();

      // ---- The office rejects it once ---------------------------------------------------
      await asOffice();
      await driver.clickOn('[data-testid="nav-review"]');
      await driver.click(await driver.findWithText('[data-testid="review-row"] td', TASK_A, 30000));
      await driver.findWithText('[data-testid="review-queue"]', "Báo cáo kết quả rà soát danh mục dự án chậm giải ngân", 30000);
      await shot("07-review-queue.png");
      await openTask(TASK_A);
      await act("action-review-fail", { "#action-comment": "Chưa có số liệu giải ngân của quý IV" });
      await stateIs("Đang thực hiện");
      await closeTask();

      // ---- The unit submits again; the office accepts -----------------------------------
      await asHealth();
      await openTask(TASK_A);
      await act("action-submit", { ...report, "#action-reply-number": "52" }, pdf);
      await stateIs("Chờ đánh giá");
      await closeTask();
      await asOffice();
      await openTask(TASK_A);
      await act("action-review-pass", { "#action-comment": "Đạt yêu cầu" });
      await stateIs("Đã hoàn thành");
      const status = await driver.textOf('[data-testid="task-status"]');
      assert.equal(status, "Hoàn thành đúng hạn");
      await shot("08-task-detail-done.png");
      await closeTask();

      // ---- The register and the dashboard ------------------------------------------------
      await driver.clickOn('[data-testid="nav-tasks"]');
      await driver.fill('[data-testid="search"]', "giai ngan");
      const rowA = await driver.findWithText('[data-testid="task-row"]', TASK_A, 30000);
      assert.equal(await driver.attribute(rowA, "data-status"), "done_on_time");
      const rowB = await driver.findWithText('[data-testid="task-row"]', TASK_B, 30000);
      assert.equal(await driver.attribute(rowB, "data-status"), "not_started");
      await shot("09-register.png");

      await driver.clickOn('[data-testid="nav-dashboard"]');
      await driver.one('[data-testid="dashboard"]');
      await driver.choose("#dash-period-kind", "custom");
      await driver.fill("#dash-from", vnDate(0));
      await driver.fill("#dash-to", vnDate(0));
      await driver.keys(ENTER);
      const figure = async (key, expected) =>
        waitFor(`dashboard ${key} = ${expected}`, 30000, async () => {
          const text = await driver.textOf(`[data-testid="stat-${key}"]`);
          return text.includes(expected) ? text : null;
        });
      await figure("assigned", "2");
      await figure("done_on_time", "1");
      await figure("not_started", "1");
      await figure("overdue", "0");
      await figure("done_late", "0");
      await shot("10-dashboard.png");

      for (const [nav, name] of [
        ["calendar", "11-calendar.png"],
        ["units", "12-units.png"],
        ["settings", "13-settings.png"],
      ]) {
        await driver.clickOn(`[data-testid="nav-${nav}"]`);
        await sleep(800);
        await shot(name);
      }
    });
  });
});
