import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { renderWithSession, UNIT_PROFILE } from "../test/session";
import { UnitDirectory } from "./UnitDirectory";

vi.mock("../api");
const mocked = vi.mocked(api);

describe("UnitDirectory", () => {
  it("shows the unit tree with each unit's people", () => {
    renderWithSession(<UnitDirectory />);
    const health = screen.getByTestId("unit-u-health");
    expect(health).toHaveAttribute("data-depth", "0");
    expect(screen.getByTestId("unit-u-health-plan")).toHaveAttribute("data-depth", "1");
    expect(within(health).getByTestId("person-p-health")).toHaveTextContent("Lê Văn Hùng");
    expect(within(health).getByTestId("person-p-health")).toHaveTextContent("Cán bộ đơn vị");
    expect(within(screen.getByTestId("unit-u-office")).getByTestId("person-p-leader")).toHaveTextContent("Phó Chủ tịch");
    expect(within(screen.getByTestId("unit-u-health-plan")).getByText("Chưa có cán bộ.")).toBeInTheDocument();
    // Tree order: parents before their children.
    const ids = screen.getAllByTestId(/^unit-u-/).map((n) => n.dataset.testid);
    expect(ids.indexOf("unit-u-health")).toBeLessThan(ids.indexOf("unit-u-health-plan"));
  });

  it("filters by unit and person names without accents", async () => {
    const user = userEvent.setup();
    renderWithSession(<UnitDirectory />);
    const filter = screen.getByLabelText("Lọc");
    await user.type(filter, "y te");
    expect(screen.getByTestId("unit-u-health")).toBeInTheDocument();
    expect(screen.queryByTestId("unit-u-office")).toBeNull();
    await user.clear(filter);
    await user.type(filter, "minh");
    const office = screen.getByTestId("unit-u-office");
    expect(within(office).getByText("Nguyễn Văn Minh")).toBeInTheDocument();
    expect(within(office).queryByText("Trần Thị Thu")).toBeNull();
    expect(screen.queryByTestId("unit-u-health")).toBeNull();
    await user.clear(filter);
    await user.type(filter, "khong co");
    expect(screen.getByText("Không có đơn vị nào phù hợp.")).toBeInTheDocument();
  });

  it("adds a unit under a parent", async () => {
    const user = userEvent.setup();
    mocked.createUnit.mockResolvedValue({ id: "u-new", parent_id: "u-health", name: "Phòng Nghiệp vụ Y", kind: "division" });
    const { session } = renderWithSession(<UnitDirectory />);
    await user.click(screen.getByRole("button", { name: "Thêm đơn vị" }));
    const dialog = screen.getByTestId("unit-dialog");
    await user.type(within(dialog).getByLabelText(/Tên đơn vị/), "Phòng Nghiệp vụ Y");
    await user.selectOptions(within(dialog).getByLabelText("Loại đơn vị"), "division");
    await user.type(within(dialog).getByLabelText("Đơn vị cấp trên"), "so y");
    await user.click(within(dialog).getByRole("option", { name: "Sở Y tế" }));
    await user.click(within(dialog).getByRole("button", { name: "Lưu" }));
    await waitFor(() => expect(mocked.createUnit).toHaveBeenCalledWith({ parent_id: "u-health", name: "Phòng Nghiệp vụ Y", kind: "division" }));
    await waitFor(() => expect(screen.queryByTestId("unit-dialog")).toBeNull());
    expect(session.reload).toHaveBeenCalledTimes(1);
  });

  it("keeps the unit form and shows the core's error next to the name", async () => {
    const user = userEvent.setup();
    mocked.createUnit.mockRejectedValue({ code: "invalid.name", field: "name", message: "Đã có đơn vị tên này." });
    const { session } = renderWithSession(<UnitDirectory />);
    await user.click(screen.getByRole("button", { name: "Thêm đơn vị" }));
    const name = within(screen.getByTestId("unit-dialog")).getByLabelText(/Tên đơn vị/);
    await user.type(name, "Sở Y tế{Enter}");
    await waitFor(() => expect(name).toHaveAccessibleDescription("Đã có đơn vị tên này."));
    expect(mocked.createUnit).toHaveBeenCalledWith({ parent_id: null, name: "Sở Y tế", kind: "department" });
    expect(name).toHaveValue("Sở Y tế");
    expect(session.reload).not.toHaveBeenCalled();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("unit-dialog")).toBeNull();
  });

  it("adds a person to a unit", async () => {
    const user = userEvent.setup();
    mocked.createPerson.mockResolvedValue({ id: "p-new", unit_id: "u-health-plan", full_name: "Phạm Thị Mai", role: "unit", title: "Trưởng phòng" });
    const { session } = renderWithSession(<UnitDirectory />);
    await user.click(screen.getByRole("button", { name: "Thêm cán bộ" }));
    const dialog = screen.getByTestId("person-dialog");
    // Unit is required.
    await user.click(within(dialog).getByRole("button", { name: "Lưu" }));
    expect(mocked.createPerson).not.toHaveBeenCalled();
    expect(within(dialog).getByRole("combobox", { name: /^Đơn vị/ })).toHaveAccessibleDescription("Trường này là bắt buộc.");
    await user.type(within(dialog).getByRole("combobox", { name: /^Đơn vị/ }), "ke hoach");
    await user.click(within(dialog).getByRole("option", { name: "Phòng Kế hoạch - Tài chính" }));
    await user.type(within(dialog).getByLabelText(/Họ và tên/), "Phạm Thị Mai");
    await user.selectOptions(within(dialog).getByLabelText("Vai trò"), "leader");
    await user.type(within(dialog).getByLabelText("Chức vụ"), "Trưởng phòng{Enter}");
    await waitFor(() =>
      expect(mocked.createPerson).toHaveBeenCalledWith({ unit_id: "u-health-plan", full_name: "Phạm Thị Mai", role: "leader", title: "Trưởng phòng" }),
    );
    await waitFor(() => expect(screen.queryByTestId("person-dialog")).toBeNull());
    expect(session.reload).toHaveBeenCalledTimes(1);
  });

  it("shows a refused person next to the title field", async () => {
    const user = userEvent.setup();
    mocked.createPerson.mockRejectedValue({ code: "invalid.title", field: "title", message: "Chức vụ quá dài." });
    renderWithSession(<UnitDirectory />);
    await user.click(screen.getByRole("button", { name: "Thêm cán bộ" }));
    const dialog = screen.getByTestId("person-dialog");
    await user.type(within(dialog).getByRole("combobox", { name: /^Đơn vị/ }), "van phong");
    await user.click(within(dialog).getByRole("option", { name: "Văn phòng UBND tỉnh" }));
    await user.type(within(dialog).getByLabelText(/Họ và tên/), "Đỗ Văn An");
    const title = within(dialog).getByLabelText("Chức vụ");
    await user.type(title, "Chuyên viên{Enter}");
    await waitFor(() => expect(title).toHaveAccessibleDescription("Chức vụ quá dài."));
    expect(within(dialog).getByLabelText(/Họ và tên/)).toHaveValue("Đỗ Văn An");
    expect(screen.getByTestId("person-dialog")).toBeInTheDocument();
  });

  it("offers no forms to unit users", () => {
    renderWithSession(<UnitDirectory />, { profile: UNIT_PROFILE });
    expect(screen.queryByRole("button", { name: "Thêm đơn vị" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Thêm cán bộ" })).toBeNull();
    expect(screen.getByTestId("unit-u-office")).toBeInTheDocument();
  });
});
