import { describe, expect, it } from "vitest";
import { errorCode, errorMessage } from "./errors";

describe("errorMessage", () => {
  it("shows the message of an ErrorPayload", () => {
    expect(errorMessage({ code: "not_found", message: "Không tìm thấy nhiệm vụ." })).toBe("Không tìm thấy nhiệm vụ.");
    expect(errorCode({ code: "not_found", message: "Không tìm thấy nhiệm vụ." })).toBe("not_found");
  });

  it("reads a payload sent as a JSON string, never showing the JSON", () => {
    expect(errorMessage('{"code":"database","message":"Cơ sở dữ liệu bị khóa."}')).toBe("Cơ sở dữ liệu bị khóa.");
    expect(errorMessage('{"code":"x"}')).not.toContain("{");
  });

  it("accepts plain strings and Errors", () => {
    expect(errorMessage("Lỗi đọc tệp")).toBe("Lỗi đọc tệp");
    expect(errorMessage(new Error("boom"))).toBe("boom");
  });

  it("has a Vietnamese fallback", () => {
    expect(errorMessage(undefined)).toBe("Đã xảy ra lỗi không xác định.");
    expect(errorMessage(42)).toBe("Đã xảy ra lỗi không xác định.");
  });
});
