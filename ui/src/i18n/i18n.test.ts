import { afterEach, describe, expect, it } from "vitest";
import { en } from "./en";
import { setLocale, t } from "./index";
import { vi as viCatalogue } from "./vi";

describe("i18n", () => {
  afterEach(() => setLocale("vi"));

  it("has the same keys in both catalogues", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(viCatalogue).sort());
  });

  it("keeps every string NFC-normalised", () => {
    for (const catalogue of [viCatalogue, en]) {
      for (const [key, text] of Object.entries(catalogue)) {
        expect(text.normalize("NFC"), key).toBe(text);
      }
    }
  });

  it("uses the same placeholders in both languages", () => {
    const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(viCatalogue) as (keyof typeof viCatalogue)[]) {
      expect(names(en[key]), key).toEqual(names(viCatalogue[key]));
    }
  });

  it("defaults to Vietnamese and fills placeholders", () => {
    expect(t("register.title")).toBe("Sổ theo dõi nhiệm vụ");
    expect(t("register.total", { count: "1.234" })).toBe("Tổng: 1.234 nhiệm vụ");
  });

  it("switches to English", () => {
    setLocale("en");
    expect(t("register.title")).toBe("Task register");
  });
});
