import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as secretApi from "../../secretApi";
import { ProtectionScreen, protectionState } from "./ProtectionScreen";
import { makeDecision, makeEntry, makeOutgoing, NOW } from "./testData";

vi.mock("../../secretApi");
const api = vi.mocked(secretApi);

const EXPIRING = [
  makeEntry({ id: "in-old", number: 4, year: 2016, secrecy: "confidential", doc_date: "2016-03-01", protected_until: "2026-03-01" }),
  makeEntry({ id: "in-today", number: 9, year: 2016, secrecy: "confidential", doc_date: "2016-03-10", protected_until: "2026-03-10" }),
  makeOutgoing({ id: "out-soon", number: 2, year: 2006, secrecy: "secret", doc_date: "2006-06-30", protected_until: "2026-06-30" }),
];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  api.secretExpiring.mockResolvedValue(EXPIRING);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("Thời hạn bảo vệ", () => {
  it("tells ended from ending periods by the Vietnam date", () => {
    expect(protectionState("2026-03-09", "2026-03-10")).toEqual({ state: "ended", days: -1 });
    expect(protectionState("2026-03-10", "2026-03-10")).toEqual({ state: "soon", days: 0 });
    expect(protectionState("2026-06-30", "2026-03-10")).toEqual({ state: "soon", days: 112 });
  });

  it("lists the expiring documents, the ended ones in red", async () => {
    render(<ProtectionScreen />);
    await waitFor(() => expect(screen.getAllByTestId("protection-row")).toHaveLength(3));
    expect(screen.getByTestId("protection-explain")).toHaveTextContent("30 năm đối với tuyệt mật, 20 năm đối với tối mật, 10 năm đối với mật");
    const [ended, today, soon] = screen.getAllByTestId("protection-row");
    expect(ended).toHaveClass("sreg-row--ended");
    expect(ended).toHaveTextContent("Sổ đến");
    expect(ended).toHaveTextContent("4/2016");
    expect(ended).toHaveTextContent("01/03/2026");
    expect(within(ended).getByTestId("protection-state")).toHaveTextContent("Đã hết thời hạn (9 ngày trước)");
    expect(within(ended).getByTestId("protection-state")).toHaveClass("sreg-protection--ended");
    expect(today).toHaveClass("sreg-row--soon");
    expect(today).toHaveTextContent("Hết thời hạn hôm nay");
    expect(soon).toHaveClass("sreg-row--soon");
    expect(soon).toHaveTextContent("Sổ đi");
    expect(soon).toHaveTextContent("2/2006");
    expect(soon).toHaveTextContent("Tối mật");
    expect(soon).toHaveTextContent("30/06/2026");
    expect(within(soon).getByTestId("protection-state")).toHaveTextContent("Còn 112 ngày");
    expect(screen.getByTestId("register-total")).toHaveTextContent("3 văn bản");
  });

  it("records a decision from the list, then reads it again", async () => {
    const user = userEvent.setup();
    api.secretRecordDecision.mockResolvedValue(makeDecision({ entry_id: "out-soon", kind: "declassify", new_until: null }));
    render(<ProtectionScreen />);
    await waitFor(() => expect(screen.getAllByTestId("protection-row")).toHaveLength(3));
    await user.click(screen.getByRole("button", { name: "Ghi quyết định cho văn bản đi số 2/2006" }));
    const form = screen.getByTestId("decision-form");
    expect(form).toHaveTextContent("Hiện tại: Tối mật, bảo vệ đến 30/06/2026.");
    // A date typed for another kind of decision is not sent with this one.
    await user.type(document.getElementById("sreg-decision-new-until")!, "30/06/2036");
    await user.selectOptions(document.getElementById("sreg-decision-kind")!, "declassify");
    expect(screen.getByTestId("decision-final")).toHaveTextContent("«Đã giải mật»");
    expect(document.getElementById("sreg-decision-new-until")).toBeNull();
    await user.type(document.getElementById("sreg-decision-number")!, "15/QĐ-UBND");
    await user.type(document.getElementById("sreg-decision-date")!, "09/03/2026");
    await user.click(screen.getByTestId("save-decision"));
    await waitFor(() => expect(screen.queryByTestId("decision-form")).not.toBeInTheDocument());
    expect(api.secretRecordDecision).toHaveBeenCalledWith("out-soon", {
      kind: "declassify",
      decision_number: "15/QĐ-UBND",
      decision_date: "2026-03-09",
      new_secrecy: null,
      new_until: null,
      note: "",
    });
    await waitFor(() => expect(api.secretExpiring).toHaveBeenCalledTimes(2));
    expect(screen.getByTestId("register-notice")).toHaveTextContent("Đã ghi quyết định «Giải mật» cho văn bản đi số 2/2006.");
  });

  it("shows a failed load in the banner", async () => {
    api.secretExpiring.mockRejectedValue({ code: "locked", message: "Sổ mật đang khóa. Mở khóa để tiếp tục." });
    render(<ProtectionScreen />);
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Sổ mật đang khóa.");
  });
});
