import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { Attachment } from "../bindings/Attachment";
import type { Document } from "../bindings/Document";
import { renderWithSession } from "../test/session";
import { DocumentForm } from "./DocumentForm";

vi.mock("../api");
const mocked = vi.mocked(api);

const SAVED: Document = {
  id: "doc-new",
  kind: "plan",
  number: "23",
  symbol: "KH-UBND",
  issued_on: "2026-03-02",
  summary: "Kế hoạch cải cách hành chính năm 2026",
  signer_name: "Nguyễn Văn Minh",
  signer_title: "Phó Chủ tịch",
  issuer: "vice_chairman",
  submitting_agency: "Sở Nội vụ",
  director: null,
  drafter: null,
  urgency: "urgent",
  origin: "qc45",
  entered_at: "2026-03-10T02:00:00Z",
  entered_by: "p-office",
  entered_late: false,
  attachments: [],
  version: 1,
};

const FILE_REF: Attachment = { sha256: "ab12", file_name: "ke-hoach.pdf", size: 20480 };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function byId<T extends HTMLElement = HTMLInputElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no element #${id}`);
  return el as T;
}

/** The label + control + message block around a control. */
function fieldOf(id: string): HTMLElement {
  return byId(id).closest(".form-field") as HTMLElement;
}

function renderForm() {
  const onClose = vi.fn();
  const onSaved = vi.fn();
  const user = userEvent.setup();
  renderWithSession(<DocumentForm onClose={onClose} onSaved={onSaved} />);
  return { user, onClose, onSaved };
}

async function typeInto(user: UserEvent, id: string, text: string) {
  const el = byId(id);
  await user.clear(el);
  await user.type(el, text);
}

// The unit picker closes its list 150 ms after a blur: let that happen inside the test.
let usedPicker = false;
afterEach(async () => {
  if (!usedPicker) return;
  usedPicker = false;
  await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
});

async function pickUnit(user: UserEvent, id: string, text: string) {
  usedPicker = true;
  await user.click(byId(id));
  await user.type(byId(id), text);
  await user.keyboard("{Enter}");
}

async function fillDocument(user: UserEvent) {
  await user.selectOptions(byId("doc-kind"), "plan");
  await typeInto(user, "doc-number", "23");
  await typeInto(user, "doc-symbol", "KH-UBND");
  await typeInto(user, "doc-issued-on", "02/03/2026");
  await typeInto(user, "doc-summary", "Kế hoạch cải cách hành chính năm 2026");
  await typeInto(user, "doc-signer-name", "Nguyễn Văn Minh");
  await typeInto(user, "doc-signer-title", "Phó Chủ tịch");
  await user.selectOptions(byId("doc-issuer"), "vice_chairman");
  await user.selectOptions(byId("doc-urgency"), "urgent");
  await user.selectOptions(byId("doc-origin"), "qc45");
  await typeInto(user, "doc-submitting-agency", "Sở Nội vụ");
}

beforeEach(() => {
  mocked.registerDocument.mockResolvedValue([SAVED, []]);
});

describe("DocumentForm", () => {
  it("starts with the defaults: today's date, one task, no remove button", () => {
    renderForm();
    expect(screen.getByTestId("document-form")).toBeInTheDocument();
    expect(byId("doc-issued-on")).toHaveValue("10/03/2026");
    expect(byId<HTMLSelectElement>("doc-kind").value).toBe("decision");
    expect(within(byId("doc-kind")).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Quyết định",
      "Chỉ thị",
      "Quy chế",
      "Quy định",
      "Chương trình",
      "Kế hoạch",
      "Hướng dẫn",
      "Đề án",
      "Phương án",
      "Công văn",
      "Công điện",
      "Phiếu chuyển",
      "Thông báo kết luận",
      "Văn bản khác",
    ]);
    expect(within(byId("doc-origin")).getAllByRole("option")[0]).toHaveTextContent("Theo cơ quan ban hành");
    expect(byId("doc-file")).toHaveAttribute("accept", ".pdf,.doc,.docx,.jpg,.png");
    expect(screen.getAllByTestId(/^task-\d+$/)).toHaveLength(1);
    expect(screen.queryByTestId("remove-task-0")).not.toBeInTheDocument();
    // Only office people can follow up a task.
    expect(within(byId("task-0-officer")).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "— Chưa phân công —",
      "Trần Thị Thu",
    ]);
  });

  it("sends exactly the typed document and tasks, then reports the saved document", async () => {
    const { user, onSaved, onClose } = renderForm();
    await fillDocument(user);

    await typeInto(user, "task-0-description", "Xây dựng kế hoạch chi tiết");
    await typeInto(user, "task-0-follow-up-content", "Báo cáo tiến độ hằng tháng");
    await pickUnit(user, "task-0-lead-unit", "y te");
    await pickUnit(user, "task-0-coordinating-units", "van phong");
    await user.selectOptions(byId("task-0-officer"), "p-office");
    await typeInto(user, "task-0-director", "Phó Chủ tịch Nguyễn Văn Minh");
    await typeInto(user, "task-0-direction-notes", "Khẩn trương triển khai");
    await typeInto(user, "task-0-deadline", "30/04/2026");
    await user.click(byId("task-0-must-report"));

    await user.click(screen.getByTestId("add-task-row"));
    await waitFor(() => expect(byId("task-1-description")).toHaveFocus());
    await user.type(byId("task-1-description"), "Tổng kết, đánh giá");
    await pickUnit(user, "task-1-lead-unit", "van phong");

    await user.click(screen.getByTestId("save-document"));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(SAVED));
    expect(onClose).toHaveBeenCalled();
    expect(mocked.registerDocument).toHaveBeenCalledTimes(1);
    expect(mocked.registerDocument).toHaveBeenCalledWith(
      {
        kind: "plan",
        number: "23",
        symbol: "KH-UBND",
        issued_on: "2026-03-02",
        summary: "Kế hoạch cải cách hành chính năm 2026",
        signer_name: "Nguyễn Văn Minh",
        signer_title: "Phó Chủ tịch",
        issuer: "vice_chairman",
        submitting_agency: "Sở Nội vụ",
        director: null,
        drafter: null,
        urgency: "urgent",
        origin: "qc45",
        attachments: [],
      },
      [
        {
          description: "Xây dựng kế hoạch chi tiết",
          follow_up_content: "Báo cáo tiến độ hằng tháng",
          lead_unit_id: "u-health",
          coordinating_unit_ids: ["u-office"],
          follow_up_officer_id: "p-office",
          director: "Phó Chủ tịch Nguyễn Văn Minh",
          direction_notes: "Khẩn trương triển khai",
          deadline: "2026-04-30",
          must_report: true,
        },
        {
          description: "Tổng kết, đánh giá",
          follow_up_content: "",
          lead_unit_id: "u-office",
          coordinating_unit_ids: [],
          follow_up_officer_id: null,
          director: null,
          direction_notes: "",
          deadline: null,
          must_report: false,
        },
      ],
    );
  });

  it("keeps the lead unit out of the coordinators and removes a chip with ×", async () => {
    const { user } = renderForm();
    await pickUnit(user, "task-0-lead-unit", "y te");
    await user.click(byId("task-0-coordinating-units"));
    const options = within(screen.getByRole("listbox")).getAllByRole("option").map((o) => o.textContent);
    expect(options).not.toContain("Sở Y tế");
    expect(options).toContain("Văn phòng UBND tỉnh");
    await user.type(byId("task-0-coordinating-units"), "van phong");
    await user.keyboard("{Enter}");
    const chip = screen.getByRole("button", { name: "Bỏ Văn phòng UBND tỉnh" });
    await user.click(chip);
    expect(screen.queryByRole("button", { name: "Bỏ Văn phòng UBND tỉnh" })).not.toBeInTheDocument();
  });

  it("shows 'Đang lưu…' on a disabled button while saving", async () => {
    const pending = deferred<[Document, []]>();
    mocked.registerDocument.mockReturnValue(pending.promise);
    const { user, onSaved } = renderForm();
    await user.click(screen.getByTestId("save-document"));
    const button = screen.getByTestId("save-document");
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent("Đang lưu…");
    pending.resolve([SAVED, []]);
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
  });

  it("shows a task error under that task's field and keeps everything typed", async () => {
    const message = "Nhiệm vụ 2: Thời hạn không được trước ngày ban hành.";
    mocked.registerDocument.mockRejectedValue({ code: "invalid.deadline", message, field: "deadline", item: 1 });
    const { user, onSaved, onClose } = renderForm();
    await fillDocument(user);
    await typeInto(user, "task-0-description", "Nhiệm vụ thứ nhất");
    await pickUnit(user, "task-0-lead-unit", "y te");
    await typeInto(user, "task-0-deadline", "30/04/2026");
    await user.click(screen.getByTestId("add-task-row"));
    await typeInto(user, "task-1-description", "Nhiệm vụ thứ hai");
    await pickUnit(user, "task-1-lead-unit", "van phong");
    await typeInto(user, "task-1-deadline", "01/01/2026");
    await user.click(byId("task-1-must-report"));

    await user.click(screen.getByTestId("save-document"));

    await waitFor(() => expect(fieldOf("task-1-deadline")).toHaveTextContent(message));
    expect(byId("task-1-deadline")).toHaveAttribute("aria-invalid", "true");
    expect(byId("task-1-deadline")).toHaveFocus();
    expect(fieldOf("task-0-deadline")).not.toHaveTextContent(message);
    expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument();
    expect(onSaved).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();

    // Every value is still there.
    expect(screen.getByTestId("document-form")).toBeInTheDocument();
    expect(byId<HTMLSelectElement>("doc-kind").value).toBe("plan");
    expect(byId("doc-number")).toHaveValue("23");
    expect(byId("doc-symbol")).toHaveValue("KH-UBND");
    expect(byId("doc-issued-on")).toHaveValue("02/03/2026");
    expect(byId("doc-summary")).toHaveValue("Kế hoạch cải cách hành chính năm 2026");
    expect(byId("doc-signer-name")).toHaveValue("Nguyễn Văn Minh");
    expect(byId<HTMLSelectElement>("doc-issuer").value).toBe("vice_chairman");
    expect(byId<HTMLSelectElement>("doc-urgency").value).toBe("urgent");
    expect(byId<HTMLSelectElement>("doc-origin").value).toBe("qc45");
    expect(byId("task-0-description")).toHaveValue("Nhiệm vụ thứ nhất");
    expect(byId("task-0-lead-unit")).toHaveValue("Sở Y tế");
    expect(byId("task-0-deadline")).toHaveValue("30/04/2026");
    expect(byId("task-1-description")).toHaveValue("Nhiệm vụ thứ hai");
    expect(byId("task-1-lead-unit")).toHaveValue("Văn phòng UBND tỉnh");
    expect(byId("task-1-deadline")).toHaveValue("01/01/2026");
    expect(byId("task-1-must-report")).toBeChecked();

    // Correcting the field removes its message; the retry sends the corrected value.
    mocked.registerDocument.mockResolvedValue([SAVED, []]);
    await typeInto(user, "task-1-deadline", "15/05/2026");
    expect(fieldOf("task-1-deadline")).not.toHaveTextContent(message);
    await user.click(screen.getByTestId("save-document"));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(SAVED));
    expect(mocked.registerDocument.mock.calls[1][1][1]).toMatchObject({ deadline: "2026-05-15", must_report: true });
  });

  it("shows a document error next to that document field", async () => {
    const message = "Trích yếu không được để trống.";
    mocked.registerDocument.mockRejectedValue({ code: "invalid.summary", message, field: "summary" });
    const { user } = renderForm();
    await typeInto(user, "doc-number", "5");
    await user.click(screen.getByTestId("save-document"));
    await waitFor(() => expect(fieldOf("doc-summary")).toHaveTextContent(message));
    expect(byId("doc-summary")).toHaveFocus();
    expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument();
    expect(byId("doc-number")).toHaveValue("5");
  });

  it("tells the document's director from a task's director by the item", async () => {
    mocked.registerDocument.mockRejectedValueOnce({ code: "invalid.director", message: "Người chỉ đạo quá dài.", field: "director" });
    const { user } = renderForm();
    await user.click(screen.getByTestId("save-document"));
    await waitFor(() => expect(fieldOf("doc-director")).toHaveTextContent("Người chỉ đạo quá dài."));
    expect(fieldOf("task-0-director")).not.toHaveTextContent("Người chỉ đạo quá dài.");

    mocked.registerDocument.mockRejectedValueOnce({
      code: "invalid.director",
      message: "Nhiệm vụ 1: Người chỉ đạo quá dài.",
      field: "director",
      item: 0,
    });
    await user.click(screen.getByTestId("save-document"));
    await waitFor(() => expect(fieldOf("task-0-director")).toHaveTextContent("Nhiệm vụ 1: Người chỉ đạo quá dài."));
    expect(fieldOf("doc-director")).not.toHaveTextContent("Người chỉ đạo quá dài.");
  });

  it("puts errors about no field of the form in the banner", async () => {
    mocked.registerDocument.mockRejectedValueOnce({ code: "invalid.attachments", message: "Tệp đính kèm không tồn tại.", field: "attachments" });
    const { user, onClose } = renderForm();
    await typeInto(user, "doc-summary", "Trích yếu");
    await user.click(screen.getByTestId("save-document"));
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("Tệp đính kèm không tồn tại.");
    expect(byId("doc-summary")).toHaveValue("Trích yếu");
    expect(onClose).not.toHaveBeenCalled();

    // A task index the form does not have, and a refusal that is not about input.
    mocked.registerDocument.mockRejectedValueOnce({ code: "invalid.deadline", message: "Nhiệm vụ 6: sai.", field: "deadline", item: 5 });
    await user.click(screen.getByTestId("save-document"));
    await waitFor(() => expect(screen.getByTestId("error-banner")).toHaveTextContent("Nhiệm vụ 6: sai."));
    mocked.registerDocument.mockRejectedValueOnce({ code: "forbidden", message: "Chỉ Văn phòng mới được vào sổ văn bản chỉ đạo." });
    await user.click(screen.getByTestId("save-document"));
    await waitFor(() => expect(screen.getByTestId("error-banner")).toHaveTextContent("Chỉ Văn phòng mới được vào sổ"));
    expect(screen.getByTestId("error-banner")).not.toHaveTextContent("forbidden");
  });

  it("blocks the save on a date that is not a real date, with the message on that field", async () => {
    const { user } = renderForm();
    await typeInto(user, "task-0-deadline", "31/02/2026");
    await user.click(screen.getByTestId("save-document"));
    expect(fieldOf("task-0-deadline")).toHaveTextContent("Ngày không hợp lệ");
    expect(byId("task-0-deadline")).toHaveValue("31/02/2026");
    expect(mocked.registerDocument).not.toHaveBeenCalled();

    await typeInto(user, "task-0-deadline", "28/02/2026");
    await typeInto(user, "doc-issued-on", "3/13/2026");
    await user.click(screen.getByTestId("save-document"));
    expect(fieldOf("doc-issued-on")).toHaveTextContent("Ngày không hợp lệ");
    expect(byId("doc-issued-on")).toHaveFocus();
    expect(mocked.registerDocument).not.toHaveBeenCalled();

    await user.clear(byId("doc-issued-on"));
    await user.click(screen.getByTestId("save-document"));
    expect(fieldOf("doc-issued-on")).toHaveTextContent("Vui lòng nhập ngày ban hành.");
    expect(mocked.registerDocument).not.toHaveBeenCalled();

    await user.type(byId("doc-issued-on"), "01/03/2026");
    await user.click(screen.getByTestId("save-document"));
    await waitFor(() => expect(mocked.registerDocument).toHaveBeenCalledTimes(1));
    expect(mocked.registerDocument.mock.calls[0][0].issued_on).toBe("2026-03-01");
    expect(mocked.registerDocument.mock.calls[0][1][0].deadline).toBe("2026-02-28");
  });

  it("uploads a chosen file, lists it, lets it be removed, and sends what is listed", async () => {
    const upload = deferred<Attachment>();
    mocked.uploadAttachment.mockReturnValueOnce(upload.promise);
    const { user } = renderForm();
    const file = new File(["%PDF-1.4"], "ke-hoach.pdf", { type: "application/pdf" });
    await user.upload(byId("doc-file"), file);

    expect(mocked.uploadAttachment).toHaveBeenCalledWith(file);
    expect(screen.getByTestId("uploading")).toHaveTextContent("Đang tải lên…");
    expect(screen.getByTestId("save-document")).toBeDisabled();
    upload.resolve(FILE_REF);
    await waitFor(() => expect(screen.queryByTestId("uploading")).not.toBeInTheDocument());
    const list = screen.getByTestId("doc-attachments");
    expect(list).toHaveTextContent("ke-hoach.pdf");
    expect(list).toHaveTextContent("20 KB");

    // A second file, then the first one removed.
    mocked.uploadAttachment.mockResolvedValueOnce({ sha256: "cd34", file_name: "phu-luc.docx", size: 3 * 1024 * 1024 });
    await user.upload(byId("doc-file"), new File(["x"], "phu-luc.docx"));
    await waitFor(() => expect(screen.getByTestId("doc-attachments")).toHaveTextContent("phu-luc.docx"));
    expect(screen.getByTestId("doc-attachments")).toHaveTextContent("3 MB");
    await user.click(screen.getByRole("button", { name: "Gỡ tệp ke-hoach.pdf" }));
    expect(screen.getByTestId("doc-attachments")).not.toHaveTextContent("ke-hoach.pdf");

    await user.click(screen.getByTestId("save-document"));
    await waitFor(() => expect(mocked.registerDocument).toHaveBeenCalled());
    expect(mocked.registerDocument.mock.calls[0][0].attachments).toEqual([
      { sha256: "cd34", file_name: "phu-luc.docx", size: 3 * 1024 * 1024 },
    ]);
  });

  it("shows an upload error next to the file input", async () => {
    mocked.uploadAttachment.mockRejectedValueOnce({ code: "io", message: "Không đọc được tệp ke-hoach.pdf." });
    const { user } = renderForm();
    await user.upload(byId("doc-file"), new File(["x"], "ke-hoach.pdf", { type: "application/pdf" }));
    await waitFor(() => expect(fieldOf("doc-file")).toHaveTextContent("Không đọc được tệp ke-hoach.pdf."));
    expect(byId("doc-file")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("doc-attachments")).not.toBeInTheDocument();
    expect(screen.getByTestId("save-document")).toBeEnabled();
  });

  it("saves with Ctrl+Enter from a text area and with Enter in a one-line field", async () => {
    const { user, onSaved } = renderForm();
    await user.type(byId("doc-summary"), "Dòng một{Enter}dòng hai");
    expect(mocked.registerDocument).not.toHaveBeenCalled();
    await user.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() => expect(mocked.registerDocument).toHaveBeenCalledTimes(1));
    expect(mocked.registerDocument.mock.calls[0][0].summary).toBe("Dòng một\ndòng hai");
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));

    await user.type(byId("doc-number"), "7{Enter}");
    await waitFor(() => expect(mocked.registerDocument).toHaveBeenCalledTimes(2));
  });

  it("cancels with Esc without saving", async () => {
    const { user, onClose } = renderForm();
    await user.type(byId("doc-number"), "12");
    await user.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalled();
    expect(mocked.registerDocument).not.toHaveBeenCalled();
  });

  it("adds and removes task rows, keeping the other tasks' text", async () => {
    const { user } = renderForm();
    await user.type(byId("task-0-description"), "Thứ nhất");
    await user.click(screen.getByTestId("add-task-row"));
    await user.type(byId("task-1-description"), "Thứ hai");
    expect(screen.getAllByTestId(/^task-\d+$/)).toHaveLength(2);
    expect(screen.getByTestId("remove-task-0")).toBeInTheDocument();
    await user.click(screen.getByTestId("remove-task-0"));
    expect(screen.getAllByTestId(/^task-\d+$/)).toHaveLength(1);
    expect(byId("task-0-description")).toHaveValue("Thứ hai");
    expect(screen.queryByTestId("remove-task-0")).not.toBeInTheDocument();
  });
});
