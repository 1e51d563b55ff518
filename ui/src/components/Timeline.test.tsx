import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { TimelineEntry } from "../bindings/TimelineEntry";
import { renderWithSession } from "../test/session";
import { auditChanges, AuditHistory, formatInstant, fullNumber, Timeline } from "./Timeline";

describe("formatInstant (Vietnam time)", () => {
  it("adds seven hours to UTC, across midnight, month and year ends", () => {
    expect(formatInstant("2026-03-09T18:05:00Z")).toBe("10/03/2026 01:05");
    expect(formatInstant("2026-02-28T17:00:00Z")).toBe("01/03/2026 00:00");
    expect(formatInstant("2025-12-31T16:59:59Z")).toBe("31/12/2025 23:59");
    expect(formatInstant("2025-12-31T17:00:00Z")).toBe("01/01/2026 00:00");
    expect(formatInstant("2026-03-10T02:30:00Z")).toBe("10/03/2026 09:30");
  });

  it("accepts the core's nanoseconds and explicit offsets", () => {
    expect(formatInstant("2026-03-10T01:02:03.123456789Z")).toBe("10/03/2026 08:02");
    expect(formatInstant("2026-03-10T08:02:00+07:00")).toBe("10/03/2026 08:02");
    expect(formatInstant("2026-03-10T01:02:00+00:00")).toBe("10/03/2026 08:02");
  });

  it("does not depend on the machine's time zone", () => {
    // Node reads TZ again when it changes; the project has no Node typings, hence the cast.
    const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
    const before = env.TZ;
    try {
      env.TZ = "America/New_York";
      expect(formatInstant("2026-07-01T20:00:00Z")).toBe("02/07/2026 03:00");
    } finally {
      if (before === undefined) delete env.TZ;
      else env.TZ = before;
    }
  });

  it("leaves what it cannot read alone", () => {
    expect(formatInstant("")).toBe("");
    expect(formatInstant(null)).toBe("");
    expect(formatInstant("hôm qua")).toBe("hôm qua");
  });
});

describe("fullNumber", () => {
  it("joins number and symbol like the core", () => {
    expect(fullNumber("23", "2016/QĐ-UBND")).toBe("23/2016/QĐ-UBND");
    expect(fullNumber("23", "")).toBe("23");
    expect(fullNumber("", "UBND-VX")).toBe("UBND-VX");
  });
});

const at = (iso: string, actor: string | null = "Trần Thị Thu") => ({ at: iso, actor_id: actor ? "p" : null, actor_name: actor });

const ENTRIES: TimelineEntry[] = [
  { ...at("2026-03-01T02:00:00Z"), event: { type: "assigned", lead_unit_id: "u-health" } },
  { ...at("2026-03-02T03:00:00Z", "Lê Văn Hùng"), event: { type: "returned", reason: "Không thuộc chức năng" } },
  { ...at("2026-03-02T04:00:00Z"), event: { type: "reassigned", from_unit_id: "u-health", to_unit_id: "u-health-plan", note: "Giao phòng" } },
  { ...at("2026-03-03T01:00:00Z", "Lê Văn Hùng"), event: { type: "accepted" } },
  {
    ...at("2026-03-04T01:00:00Z", "Lê Văn Hùng"),
    event: { type: "progress", text: "Đã xong 60%", difficulties: "Thiếu người", proposals: "Bổ sung", delay_reasons: "Mưa lũ" },
  },
  { ...at("2026-03-05T01:00:00Z", "Lê Văn Hùng"), event: { type: "extension_requested", proposed_deadline: "2026-05-31", reason: "Chờ kinh phí" } },
  { ...at("2026-03-05T02:00:00Z"), event: { type: "extension_refused", comment: "Không có căn cứ" } },
  {
    ...at("2026-03-06T01:00:00Z"),
    event: { type: "extended", from: "2026-04-30", extension: { new_deadline: "2026-05-15", approving_document: "125/UBND-TH", reason: "Theo đề nghị" } },
  },
  {
    ...at("2026-03-07T09:00:00Z", "Lê Văn Hùng"),
    event: {
      type: "result_submitted",
      reply_kind: "official_letter",
      reply_number: "12",
      reply_symbol: "SYT-KH",
      reply_summary: "Báo cáo kết quả",
      reply_issued_on: "2026-03-07",
      reply_signer: "Nguyễn Văn A",
      outcome: "completed",
      completed_on: "2026-03-06",
      explanation: "Đã triển khai",
      attachment: { sha256: "ab", file_name: "bao-cao.pdf", size: 4096 },
    },
  },
  { ...at("2026-03-09T10:00:00Z"), event: { type: "reviewed", passed: false, comment: "Thiếu số liệu", late: true } },
  { ...at("2026-03-10T01:00:00Z", null), event: { type: "cancelled", reason: "Không còn phù hợp", withdrawn: true } },
];

describe("Timeline", () => {
  it("tells every event in Vietnamese with who and when (UTC+7)", () => {
    renderWithSession(<Timeline entries={ENTRIES} onOpenFile={vi.fn()} />);
    const items = screen.getAllByTestId("timeline-entry");
    expect(items).toHaveLength(ENTRIES.length);
    expect(items[0]).toHaveTextContent("01/03/2026 09:00 Trần Thị Thu");
    expect(items[0]).toHaveTextContent("Giao nhiệm vụ cho Sở Y tế");
    expect(items[1]).toHaveTextContent("Lê Văn Hùng");
    expect(items[1]).toHaveTextContent("Trả lại nhiệm vụ");
    expect(items[1]).toHaveTextContent("Lý do: Không thuộc chức năng");
    expect(items[2]).toHaveTextContent("Giao lại nhiệm vụ từ Sở Y tế cho Phòng Kế hoạch - Tài chính");
    expect(items[2]).toHaveTextContent("Ghi chú: Giao phòng");
    expect(items[3]).toHaveTextContent("Tiếp nhận nhiệm vụ");
    expect(items[4]).toHaveTextContent("Nội dung thực hiện: Đã xong 60%");
    expect(items[4]).toHaveTextContent("Khó khăn, vướng mắc: Thiếu người");
    expect(items[4]).toHaveTextContent("Kiến nghị, đề xuất: Bổ sung");
    expect(items[4]).toHaveTextContent("Nguyên nhân chậm: Mưa lũ");
    expect(items[5]).toHaveTextContent("Đề nghị gia hạn đến ngày 31/05/2026");
    expect(items[5]).toHaveTextContent("Chờ kinh phí");
    expect(items[6]).toHaveTextContent("Không đồng ý gia hạn");
    expect(items[6]).toHaveTextContent("Ý kiến: Không có căn cứ");
    expect(items[7]).toHaveTextContent("Gia hạn từ 30/04/2026 đến 15/05/2026");
    expect(items[7]).toHaveTextContent("Văn bản đồng ý gia hạn: 125/UBND-TH");
    expect(items[8]).toHaveTextContent("07/03/2026 16:00");
    expect(items[8]).toHaveTextContent("Báo cáo kết quả");
    expect(items[8]).toHaveTextContent("Công văn số 12/SYT-KH ngày 07/03/2026");
    expect(items[8]).toHaveTextContent("Kết quả: Đã hoàn thành");
    expect(items[8]).toHaveTextContent("Ngày hoàn thành: 06/03/2026");
    expect(items[8]).toHaveTextContent("Diễn giải: Đã triển khai");
    expect(items[8]).toHaveTextContent("bao-cao.pdf");
    expect(items[9]).toHaveTextContent("09/03/2026 17:00");
    expect(items[9]).toHaveTextContent("Đánh giá kết quả: Không đạt");
    expect(items[9]).toHaveTextContent("Thiếu số liệu");
    expect(items[9]).toHaveTextContent("đánh giá muộn");
    expect(items[10]).toHaveTextContent("Hệ thống");
    expect(items[10]).toHaveTextContent("Thu hồi nhiệm vụ");
  });

  it("opens the file of a result report", async () => {
    const onOpen = vi.fn();
    renderWithSession(<Timeline entries={ENTRIES} onOpenFile={onOpen} />);
    await userEvent.click(within(screen.getAllByTestId("timeline-entry")[8]).getByRole("button", { name: "Mở" }));
    expect(onOpen).toHaveBeenCalledWith({ sha256: "ab", file_name: "bao-cao.pdf", size: 4096 });
  });

  it("says Đạt and leaves out the late mark of a review in time", () => {
    renderWithSession(<Timeline entries={[{ ...at("2026-03-09T03:00:00Z"), event: { type: "reviewed", passed: true, comment: "", late: false } }]} onOpenFile={vi.fn()} />);
    const item = screen.getByTestId("timeline-entry");
    expect(item).toHaveTextContent("Đánh giá kết quả: Đạt");
    expect(item).not.toHaveTextContent("muộn");
  });
});

describe("audit history", () => {
  it("lists the top-level fields that changed, without the version counter", () => {
    expect(
      auditChanges({ state: "assigned", deadline: "2026-04-30", version: 1, note: null }, { state: "in_progress", deadline: "2026-04-30", version: 2, extra: 1 }),
    ).toEqual([
      { field: "state", before: "assigned", after: "in_progress" },
      { field: "extra", before: null, after: 1 },
    ]);
    expect(auditChanges(null, { a: 1 })).toEqual([{ field: "a", before: null, after: 1 }]);
  });

  it("shows who changed what, when, old → new with readable values", () => {
    const entries: AuditEntry[] = [
      {
        at: "2026-03-01T02:00:00Z",
        actor_id: "p-office",
        actor_name: "Trần Thị Thu",
        entity: "task",
        entity_id: "t1",
        action: "assign",
        before: null,
        after: { state: "assigned" },
      },
      {
        at: "2026-03-06T01:00:00Z",
        actor_id: "p-office",
        actor_name: "Trần Thị Thu",
        entity: "task",
        entity_id: "t1",
        action: "extended",
        before: { deadline: "2026-04-30", lead_unit_id: "u-health", state: "in_progress", version: 3 },
        after: { deadline: "2026-05-15", lead_unit_id: "u-health-plan", state: "in_progress", version: 4 },
      },
    ];
    renderWithSession(<AuditHistory entries={entries} />);
    const items = screen.getAllByTestId("audit-entry");
    expect(items[0]).toHaveTextContent("01/03/2026 09:00 Trần Thị Thu Giao nhiệm vụ");
    expect(items[0]).toHaveTextContent("Tạo mới");
    expect(items[1]).toHaveTextContent("06/03/2026 08:00 Trần Thị Thu Gia hạn");
    expect(items[1]).toHaveTextContent("Thời hạn: 30/04/2026 → 15/05/2026");
    expect(items[1]).toHaveTextContent("Đơn vị chủ trì: Sở Y tế → Phòng Kế hoạch - Tài chính");
    expect(items[1]).not.toHaveTextContent("Bước xử lý");
    expect(items[1]).not.toHaveTextContent("version");
  });
});
