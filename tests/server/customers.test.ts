import type { Page } from "../../shared/schemas/common";
import type { CustomerView } from "../../shared/schemas/customer";
import { startTestServer, type TestServer } from "../support/local-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

describe("customers function", () => {
  it("lists only a salesperson's assigned customers, with debt", async () => {
    const token = await server.login("U-SALES-ZHOU");
    const page = await server.ok<Page<CustomerView>>("customers", { action: "list" }, token);

    expect(page.items.map((c) => c.customerId)).toEqual(["C-CD-004", "C-GZ-003", "C-SY-006"]);
    const chengdu = page.items.find((c) => c.customerId === "C-CD-004");
    expect(chengdu?.overdueFen).toBe(1_280_050);
    expect(chengdu?.outstandingFen).toBe(1_280_050);
    const other = await server.call("customers", { action: "get", customerId: "C-HZ-001" }, token);
    expect(other.status).toBe(403);
  });

  it("pages all customers for the clerk and searches by name", async () => {
    const token = await server.login("U-CLERK-ZHANG");
    const first = await server.ok<Page<CustomerView>>("customers", { action: "list", limit: 4 }, token);
    const rest = await server.ok<Page<CustomerView>>(
      "customers",
      { action: "list", limit: 4, cursor: first.nextCursor },
      token,
    );
    const found = await server.ok<Page<CustomerView>>("customers", { action: "list", search: "成都" }, token);

    expect(first.items).toHaveLength(4);
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
    expect(found.items.map((c) => c.customerId)).toEqual(["C-CD-004"]);
  });

  it("shows a customer only their own account", async () => {
    const token = await server.login("U-CUST-HZ");
    const page = await server.ok<Page<CustomerView>>("customers", { action: "list" }, token);

    expect(page.items.map((c) => c.customerId)).toEqual(["C-HZ-001"]);
    const other = await server.call("customers", { action: "get", customerId: "C-SH-002" }, token);
    expect(other.status).toBe(403);
  });
});
