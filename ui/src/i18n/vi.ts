import { shellVi } from "./vi/shell";
import { documentsVi } from "./vi/documents";
import { tasksVi } from "./vi/tasks";
import { overviewVi } from "./vi/overview";
import { directoryVi } from "./vi/directory";
import { syncVi } from "./vi/sync";
import { reportsVi } from "./vi/reports";
import { secretVi } from "./vi/secret";
import { secretRegistersVi } from "./vi/secretRegisters";

// Vietnamese catalogue: the default language. Every string the UI shows lives here
// (NFC-normalised; src/i18n/i18n.test.ts checks it). Placeholders look like {name}.
const base = {
  "app.name": "Nhiệm Vụ",
  "app.loading": "Đang tải…",
  "app.retry": "Thử lại",

  "error.unknown": "Đã xảy ra lỗi không xác định.",
  "error.noBackend": "Không kết nối được với phần mềm (chỉ chạy được trong ứng dụng Nhiệm Vụ).",
  "error.dismiss": "Đóng",
  "error.title": "Lỗi",

  "form.invalidDate": "Ngày không hợp lệ (nhập dạng dd/mm/yyyy).",
  "form.close": "Đóng",
  "form.save": "Lưu",
  "form.cancel": "Hủy",
  "form.saving": "Đang lưu…",
  "form.required": "Trường có dấu * là bắt buộc.",
  "form.saveHint": "Ctrl+Enter để lưu, Esc để hủy",
  "unitPicker.placeholder": "Gõ để tìm đơn vị…",
  "unitPicker.none": "Không có đơn vị phù hợp.",

  "welcome.title": "Chào mừng đến với Nhiệm Vụ",
  "welcome.intro":
    "Phần mềm theo dõi, đôn đốc, kiểm tra việc thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao.",
  "welcome.empty": "Cơ sở dữ liệu chưa có nhiệm vụ nào.",
  "welcome.demoHint":
    "Bạn có thể mở một tỉnh mẫu với {count} nhiệm vụ minh họa để làm quen với phần mềm. Dữ liệu mẫu không phải dữ liệu thật.",
  "welcome.demoButton": "Mở tỉnh mẫu (dữ liệu minh họa)",
  "welcome.progress": "Đang tạo dữ liệu mẫu… {done} / {total} nhiệm vụ",
  "welcome.cancel": "Hủy",
  "welcome.cancelling": "Đang hủy…",
  "welcome.cancelled": "Đã hủy tạo dữ liệu mẫu.",
  "welcome.dbPath": "Cơ sở dữ liệu: {path}",

  "welcome.or": "hoặc",
  "welcome.officeTitle": "Tạo cơ quan của tôi",
  "welcome.province": "Tên tỉnh",
  "welcome.provinceHint": "Ví dụ: Quảng Trị",
  "welcome.issuingBody": "Cơ quan ban hành báo cáo",
  "welcome.unit": "Đơn vị của tôi",
  "welcome.fullName": "Họ và tên",
  "welcome.personTitle": "Chức vụ",
  "welcome.role": "Vai trò",
  "welcome.officeButton": "Tạo và bắt đầu",
  "welcome.joinTitle": "Văn phòng đã có cơ sở dữ liệu chung?",
  "welcome.joinHint":
    "Nếu Văn phòng đã dùng Nhiệm Vụ với cơ sở dữ liệu chung, hãy kết nối máy này bằng tài khoản quản trị viên đã cấp cho bạn. Dữ liệu trong phạm vi của bạn sẽ được tải về máy.",
  "welcome.joinButton": "Kết nối cơ sở dữ liệu của Văn phòng",
  "welcome.joinFormTitle": "Kết nối cơ sở dữ liệu của Văn phòng",
  "welcome.joinFormIntro":
    "Nhập địa chỉ cơ sở dữ liệu và mật khẩu do quản trị viên hệ thống của Văn phòng cấp. Sau khi kết nối, máy này tải về các nhiệm vụ trong phạm vi của bạn và mở phần mềm với tài khoản của bạn.",
  "welcome.joinWaiting": "Đang tải dữ liệu của Văn phòng…",
  "welcome.joinWaitingHint":
    "Khi tải xong, phần mềm tự mở với tài khoản của bạn. Lần tải đầu có thể mất vài phút; vui lòng không đóng ứng dụng.",
  "welcome.joinLogin": "Tài khoản: {login}",
  "welcome.joinStarting": "Đang chuẩn bị tải dữ liệu…",
  "welcome.joinOffline": "Tạm thời chưa kết nối được với Văn phòng; phần mềm sẽ tự thử lại.",
  "welcome.joinFailed": "Không tải được dữ liệu của Văn phòng",
  "welcome.choosePerson": "Chọn người sử dụng máy này",
  "welcome.choosePersonHint": "Cơ sở dữ liệu đã có đơn vị và cán bộ. Hãy chọn bạn là ai.",

  "role.office": "Chuyên viên theo dõi (Văn phòng)",
  "role.unit": "Cán bộ đơn vị",
  "role.leader": "Lãnh đạo",
  "role.confidential_clerk": "Văn thư mật",
  "role.admin": "Quản trị",

  "register.title": "Sổ theo dõi nhiệm vụ",
  "register.dbPath": "Cơ sở dữ liệu:",
  "register.today": "Hôm nay:",
  "register.asOf": "Trạng thái tính đến ngày {date}",
  "register.total": "Tổng: {count} nhiệm vụ",
  "register.totalUnknown": "Tổng: —",
  "register.loadingRow": "Đang tải…",
  "register.empty": "Không có nhiệm vụ nào phù hợp với bộ lọc.",
  "register.loading": "Đang tải dữ liệu…",

  "col.index": "STT",
  "col.document": "Số văn bản",
  "col.description": "Nội dung nhiệm vụ",
  "col.leadUnit": "Đơn vị chủ trì",
  "col.deadline": "Thời hạn",
  "col.classification": "Phân loại",
  "col.status": "Trạng thái",
  "col.issued": "Ngày ban hành",
  "col.officer": "Chuyên viên theo dõi",
  "col.state": "Bước xử lý",
  "register.extensionRequested": "Đơn vị đề nghị gia hạn",
  "register.columns": "Cột hiển thị",
  "register.presetPeriod": "Giao từ {from} đến {to}",
  "register.presetAsOf": "Tính đến {date}",
  "register.clearPreset": "Bỏ điều kiện này",

  "state.assigned": "Chờ tiếp nhận",
  "state.returned": "Bị trả lại",
  "state.in_progress": "Đang thực hiện",
  "state.submitted": "Chờ đánh giá",
  "state.done": "Đã hoàn thành",
  "state.cancelled": "Đã hủy",

  "filter.officer": "Chuyên viên theo dõi",
  "filter.allOfficers": "Tất cả chuyên viên",
  "filter.state": "Bước xử lý",
  "filter.allStates": "Tất cả các bước",

  "deadline.none": "Không thời hạn",
  "deadline.extended": "(gia hạn)",
  "deadline.original": "Thời hạn ban đầu: {date}",

  "filter.search": "Tìm kiếm (không cần dấu)…",
  "filter.searchLabel": "Tìm kiếm",
  "filter.searchHint": "Ctrl+F hoặc / để tìm; Esc để xóa",
  "filter.unit": "Đơn vị",
  "filter.allUnits": "Tất cả đơn vị",
  "filter.includeSubUnits": "gồm đơn vị trực thuộc",
  "filter.status": "Trạng thái",
  "filter.allStatuses": "Tất cả trạng thái",
  "filter.classification": "Phân loại",
  "filter.allClassifications": "Tất cả phân loại",
  "filter.origin": "Nguồn",
  "filter.allOrigins": "Tất cả nguồn",
  "filter.deadlineFrom": "Thời hạn từ",
  "filter.deadlineTo": "đến",
  "filter.datePlaceholder": "dd/mm/yyyy",
  "filter.invalidDate": "Ngày không hợp lệ (nhập dạng dd/mm/yyyy).",
  "filter.rangeReversed": "Ngày kết thúc phải sau ngày bắt đầu.",
  "filter.reset": "Xóa bộ lọc",

  "status.done_on_time": "Hoàn thành đúng hạn",
  "status.done_late": "Hoàn thành quá hạn",
  "status.in_progress_on_time": "Đang thực hiện trong hạn",
  "status.overdue": "Chưa hoàn thành quá hạn",
  "status.not_started": "Chưa thực hiện",
  "status.no_deadline": "Không thời hạn",
  "status.cancelled": "Đã hủy",
  "status.due_soon": "Sắp đến hạn",
  "status.unfinished": "Chưa hoàn thành (tất cả)",

  "classification.a": "a – có thời hạn, phải trình/báo cáo",
  "classification.b": "b – có thời hạn, không phải trình/báo cáo",
  "classification.c": "c – không thời hạn, phải trình/báo cáo",
  "classification.d": "d – không thời hạn, không phải trình/báo cáo",

  "origin.qc45": "QC45 (UBND tỉnh, Chủ tịch UBND tỉnh giao)",
  "origin.qc42": "QC42 (Chính phủ, Thủ tướng Chính phủ giao)",
} as const satisfies Record<string, string>;

/** The whole catalogue: the base strings above and one module per area of the window. */
export const vi = {
  ...base,
  ...shellVi,
  ...documentsVi,
  ...tasksVi,
  ...overviewVi,
  ...directoryVi,
  ...syncVi,
  ...reportsVi,
  ...secretVi,
  ...secretRegistersVi,
};

export type MessageKey = keyof typeof vi;
