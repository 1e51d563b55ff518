import { describe, expect, it } from "vitest";
import { formatDate, formatMoment, formatNumber, instantMs, parseDate } from "./format";

describe("formatNumber", () => {
  it("uses a dot as the thousands separator", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(999)).toBe("999");
    expect(formatNumber(1234)).toBe("1.234");
    expect(formatNumber(20000)).toBe("20.000");
    expect(formatNumber(1000000)).toBe("1.000.000");
    expect(formatNumber(-12345)).toBe("-12.345");
  });

  it("uses a comma as the decimal separator", () => {
    expect(formatNumber(1234.5)).toBe("1.234,5");
    expect(formatNumber(3.25)).toBe("3,25");
    expect(formatNumber(2.5, 2)).toBe("2,50");
    expect(formatNumber(1234567.891, 1)).toBe("1.234.567,9");
    expect(formatNumber(12, 1)).toBe("12,0");
  });

  it("shows nothing for values that are not numbers", () => {
    expect(formatNumber(Number.NaN)).toBe("");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("");
  });
});

describe("formatDate", () => {
  it("turns YYYY-MM-DD into dd/mm/yyyy", () => {
    expect(formatDate("2026-03-05")).toBe("05/03/2026");
    expect(formatDate("2025-12-31")).toBe("31/12/2025");
  });

  it("shows nothing for a missing date", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate(undefined)).toBe("");
    expect(formatDate("")).toBe("");
  });
});

describe("parseDate", () => {
  it("accepts dd/mm/yyyy and returns YYYY-MM-DD", () => {
    expect(parseDate("05/03/2026")).toBe("2026-03-05");
    expect(parseDate("31/12/2025")).toBe("2025-12-31");
    expect(parseDate(" 5/3/2026 ")).toBe("2026-03-05");
    expect(parseDate("05-03-2026")).toBe("2026-03-05");
    expect(parseDate("05.03.2026")).toBe("2026-03-05");
  });

  it("knows leap years", () => {
    expect(parseDate("29/02/2028")).toBe("2028-02-29");
    expect(parseDate("29/02/2000")).toBe("2000-02-29");
    expect(parseDate("29/02/2026")).toBeNull();
    expect(parseDate("29/02/2100")).toBeNull();
  });

  it("rejects dates that do not exist", () => {
    expect(parseDate("31/02/2026")).toBeNull();
    expect(parseDate("31/04/2026")).toBeNull();
    expect(parseDate("00/01/2026")).toBeNull();
    expect(parseDate("15/13/2026")).toBeNull();
    expect(parseDate("15/00/2026")).toBeNull();
  });

  it("rejects text that is not a dd/mm/yyyy date", () => {
    expect(parseDate("")).toBeNull();
    expect(parseDate("abc")).toBeNull();
    expect(parseDate("2026-03-05")).toBeNull();
    expect(parseDate("05/03/26")).toBeNull();
    expect(parseDate("05/03/2026x")).toBeNull();
    expect(parseDate("123/03/2026")).toBeNull();
  });

  it("round-trips with formatDate", () => {
    expect(parseDate(formatDate("2026-08-22"))).toBe("2026-08-22");
  });
});

describe("instantMs", () => {
  it("reads an ISO instant, with or without a zone (none means UTC)", () => {
    expect(instantMs("2026-03-10T01:30:00Z")).toBe(Date.UTC(2026, 2, 10, 1, 30));
    expect(instantMs("2026-03-10T01:30:00")).toBe(Date.UTC(2026, 2, 10, 1, 30));
    expect(instantMs("2026-03-10T08:30:00+07:00")).toBe(Date.UTC(2026, 2, 10, 1, 30));
    expect(instantMs("2026-03-10T01:30:00.123456789Z")).toBe(Date.UTC(2026, 2, 10, 1, 30));
  });

  it("returns null for text that is not an instant", () => {
    expect(instantMs("")).toBeNull();
    expect(instantMs("10/03/2026")).toBeNull();
  });
});

describe("formatMoment", () => {
  it("shows an instant as HH:mm dd/mm/yyyy in Vietnam time (UTC+7)", () => {
    expect(formatMoment("2026-03-10T01:30:00Z")).toBe("08:30 10/03/2026");
    expect(formatMoment("2026-03-10T01:30:00.123456789Z")).toBe("08:30 10/03/2026");
    expect(formatMoment("2026-03-10T08:30:00+07:00")).toBe("08:30 10/03/2026");
  });

  it("moves to the next day (and year) in Vietnam after 17:00 UTC", () => {
    expect(formatMoment("2026-03-09T18:05:00Z")).toBe("01:05 10/03/2026");
    expect(formatMoment("2025-12-31T17:00:00Z")).toBe("00:00 01/01/2026");
  });

  it("shows nothing for a missing instant and unparsable text unchanged", () => {
    expect(formatMoment(null)).toBe("");
    expect(formatMoment(undefined)).toBe("");
    expect(formatMoment("")).toBe("");
    expect(formatMoment("hôm qua")).toBe("hôm qua");
  });
});
