// Test data of the confidential registers, shaped like what the back end sends.
import type { CopyRecord } from "../../bindings/CopyRecord";
import type { Decision } from "../../bindings/Decision";
import type { Entry } from "../../bindings/Entry";
import type { Handover } from "../../bindings/Handover";

/** 10:00 on 10/03/2026 in Vietnam: "now" in the tests. */
export const NOW = new Date("2026-03-10T03:00:00Z");

export function makeEntry(overrides: Partial<Entry> = {}): Entry {
  return {
    id: "in-1",
    register: "incoming",
    year: 2026,
    number: 1,
    registered_at: "2026-03-02T01:30:00Z",
    registered_on: "2026-03-02",
    doc_number: "15/CV-CAT",
    doc_date: "2026-02-27",
    doc_kind: "Công văn",
    summary: "Về việc bảo đảm an ninh dịp lễ",
    summary_approved_by: null,
    summary_approved_on: null,
    secrecy: "secret",
    urgency: "urgent",
    issuer: "Công an tỉnh",
    signer: "",
    handler: "Phòng Nội chính",
    handler_signed_by: null,
    handler_signed_at: null,
    keeping_unit: "",
    copies: null,
    sealed_for: null,
    note: "",
    protected_until: "2046-02-27",
    status: "active",
    cancel_reason: null,
    created_by: "Nguyễn Thị Lan",
    recipients: [],
    ...overrides,
  };
}

export function makeOutgoing(overrides: Partial<Entry> = {}): Entry {
  return makeEntry({
    id: "out-1",
    register: "outgoing",
    number: 7,
    doc_number: "7/BC-VP",
    doc_kind: "Báo cáo",
    summary: "Kết quả rà soát tài liệu mật quý I",
    secrecy: "confidential",
    urgency: "normal",
    issuer: "",
    handler: "",
    signer: "Trần Văn Bình",
    keeping_unit: "Văn thư",
    copies: 3,
    protected_until: "2036-02-27",
    recipients: [
      { id: "rcp-1", position: 0, recipient: "Thường trực Tỉnh ủy", received_by: "Lê Văn Nam", received_at: "2026-03-03T02:15:00Z" },
      { id: "rcp-2", position: 1, recipient: "Công an tỉnh", received_by: null, received_at: null },
    ],
    ...overrides,
  });
}

export function makeDecision(overrides: Partial<Decision> = {}): Decision {
  return {
    id: "dec-1",
    entry_id: "in-1",
    kind: "extend",
    decision_number: "5/QĐ-UBND",
    decision_date: "2026-03-05",
    new_secrecy: null,
    new_until: "2056-02-27",
    note: "",
    recorded_at: "2026-03-05T08:00:00Z",
    recorded_by: "Nguyễn Thị Lan",
    ...overrides,
  };
}

export function makeHandover(overrides: Partial<Handover> = {}): Handover {
  return {
    id: "h-1",
    year: 2026,
    number: 1,
    entry_id: "in-1",
    document: "Công văn số 15/CV-CAT (văn bản đến số 1/2026)",
    secrecy: "secret",
    copies: 1,
    giver: "Nguyễn Thị Lan",
    receiver: "Trần Văn Bình",
    handed_at: "2026-03-02T03:00:00Z",
    purpose: "Trình lãnh đạo",
    note: "",
    created_by: "Nguyễn Thị Lan",
    ...overrides,
  };
}

export function makeCopy(overrides: Partial<CopyRecord> = {}): CopyRecord {
  return {
    id: "c-1",
    year: 2026,
    number: 1,
    entry_id: null,
    document: "Kế hoạch số 3/KH-BCH",
    secrecy: "confidential",
    method: "photo",
    count: 2,
    authorized_by: "Phó Chánh Văn phòng Lê Minh",
    made_by: "Nguyễn Thị Lan",
    made_at: "2026-03-04T07:45:00Z",
    delivered_to: "Phòng Tổng hợp",
    note: "",
    created_by: "Nguyễn Thị Lan",
    ...overrides,
  };
}
