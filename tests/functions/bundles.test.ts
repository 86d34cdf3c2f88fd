import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

import tcb from "@cloudbase/node-sdk";

import { FUNCTIONS } from "../../server/functions/registry";
import { createCloudBaseStore } from "../../server/store/cloudbase";
import { parseFunctionConfig, type TimerTrigger } from "../../scripts/function-config";
import { startCloudBaseEndpoint, type CloudBaseEndpoint } from "../support/cloudbase-endpoint";
import { bottleSku, orderDraft, testCustomer } from "../support/fixtures";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");
const DIST = join(ROOT, "dist/cloudfunctions");
const NAMES = readdirSync(join(ROOT, "cloudfunctions"))
  .filter((entry) => existsSync(join(ROOT, "cloudfunctions", entry, "index.ts")))
  .sort();

/**
 * Upper bound on one bundle. The bundles measured 660-700 KiB on
 * 2026-12-04 (esbuild 0.28, node-sdk 3.18.3), and about 60% of that is
 * node-sdk, its database client, bson and zod. The limit leaves room to
 * grow but catches a heavy module pulled in by accident.
 */
const MAX_BUNDLE_BYTES = 1024 * 1024;

/**
 * Functions allowed a larger bundle, because they write or read Excel
 * files with exceljs and its zip libraries. On 2026-12-04 the reports
 * bundle measured 1174 KiB and the imports bundle 1189 KiB.
 */
const LARGER_BUNDLES: Record<string, number> = {
  reports: 2.5 * 1024 * 1024,
  // Reading uploaded .xlsx sheets needs exceljs too.
  imports: 2.5 * 1024 * 1024,
  // PDFs (pdfkit with its font parser) and the statement workbook (exceljs):
  // 2158 KiB on 2026-12-04.
  printing: 2.5 * 1024 * 1024,
};

/** Modules that must never reach a cloud function bundle. */
const FORBIDDEN_MODULES = ["better-sqlite3", "csv-parse", "csv-stringify", "@tarojs/", "react-dom"];

type Handler = (
  event: unknown,
  context?: unknown,
) => Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>;

interface CloudBaseRc {
  functionRoot: string;
  functions: {
    name: string;
    handler: string;
    runtime: string;
    installDependency: boolean;
    triggers?: TimerTrigger[];
  }[];
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

function bundlePath(name: string): string {
  return join(DIST, name, "index.js");
}

/**
 * Runs a bundle's handler in a fresh Node process configured as CloudBase
 * configures a function: the environment id in SCF_NAMESPACE, the API
 * address in TCB_CONTEXT_CNFG (pointed at the local endpoint) and the
 * caller's openid in the invocation context.
 */
async function invokeBundle(
  name: string,
  endpoint: CloudBaseEndpoint,
  event: unknown,
  openid: string,
): Promise<{ ok: boolean; data?: unknown; error?: { code: string } }> {
  const script = `
    const { main } = require(${JSON.stringify(bundlePath(name))});
    const context = {
      request_id: "test", function_name: ${JSON.stringify(name)}, namespace: "test-env",
      environment: JSON.stringify({ WX_OPENID: ${JSON.stringify(openid)} }),
    };
    main(${JSON.stringify(event)}, context).then(
      (reply) => process.stdout.write(JSON.stringify(reply)),
      (error) => { process.stderr.write(String(error && error.stack)); process.exit(1); },
    );`;
  const functionEnvironment: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    LOG_LEVEL: "silent",
    TENCENTCLOUD: "true",
    SCF_NAMESPACE: "test-env",
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: endpoint.url }),
    TENCENTCLOUD_SECRETID: "test-id",
    TENCENTCLOUD_SECRETKEY: "test-key",
  };
  const { stdout } = await run(process.execPath, ["-e", script], {
    cwd: ROOT,
    env: functionEnvironment as NodeJS.ProcessEnv,
  });
  return JSON.parse(stdout) as { ok: boolean; data?: unknown; error?: { code: string } };
}

describe("build:functions", () => {
  beforeAll(async () => {
    await run(
      process.execPath,
      [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/build-functions.ts"],
      {
        cwd: ROOT,
      },
    );
  }, 120_000);

  it.each(NAMES)("writes a self-contained %s bundle with its configs", (name) => {
    const dir = join(DIST, name);
    const manifest = readJson<{ main: string; dependencies: Record<string, string> }>(
      join(dir, "package.json"),
    );
    expect(manifest.main).toBe("index.js");
    expect(manifest.dependencies).toEqual({});

    const source = join(ROOT, "cloudfunctions", name, "config.json");
    const config = readJson<unknown>(join(dir, "config.json"));
    expect(config).toEqual(parseFunctionConfig(name, readFileSync(source, "utf8")));
  });

  it.each(NAMES)("keeps the %s bundle small and free of local-only modules", (name) => {
    const source = readFileSync(bundlePath(name), "utf8");
    for (const module of FORBIDDEN_MODULES) {
      expect({ module, found: source.includes(module) }).toEqual({ module, found: false });
    }
    expect(statSync(bundlePath(name)).size).toBeLessThan(LARGER_BUNDLES[name] ?? MAX_BUNDLE_BYTES);
  });

  it.each(NAMES)("answers a %s call without a WeChat caller as UNAUTHENTICATED", async (name) => {
    // Outside CloudBase no openid is injected, so the caller is anonymous and
    // the handler replies before it touches the database.
    const handler = (require(bundlePath(name)) as { main: Handler }).main;
    const [firstAction] = Object.keys(FUNCTIONS[name].actions);
    const reply = await handler({ action: firstAction });
    expect(reply.ok).toBe(false);
    expect(reply.error?.code).toBe("UNAUTHENTICATED");
    const invalid = await handler({ action: "no-such-action" });
    expect(invalid.error?.code).toBe("INVALID_INPUT");
  });

  it("keeps cloudbaserc.json in step with the function folders", () => {
    const config = readJson<CloudBaseRc>(join(ROOT, "cloudbaserc.json"));
    expect(config.functionRoot).toBe("./dist/cloudfunctions");
    expect(config.functions.map((fn) => fn.name).sort()).toEqual(NAMES);
    for (const fn of config.functions) {
      expect({ name: fn.name, handler: fn.handler }).toEqual({
        name: fn.name,
        handler: "index.main",
      });
      expect({ name: fn.name, runtime: fn.runtime }).toEqual({
        name: fn.name,
        runtime: "Nodejs18.15",
      });
      expect({ name: fn.name, installDependency: fn.installDependency }).toEqual({
        name: fn.name,
        installDependency: false,
      });
      const functionConfig = parseFunctionConfig(
        fn.name,
        readFileSync(join(ROOT, "cloudfunctions", fn.name, "config.json"), "utf8"),
      );
      expect({ name: fn.name, triggers: fn.triggers ?? [] }).toEqual({
        name: fn.name,
        triggers: functionConfig.triggers,
      });
    }
  });

  describe("against the local CloudBase endpoint", () => {
    let endpoint: CloudBaseEndpoint;
    let bundleOrderId: string;

    beforeAll(async () => {
      process.env.TENCENTCLOUD = "true";
      endpoint = await startCloudBaseEndpoint();
      const store = createCloudBaseStore({
        app: tcb.init({ env: "test-env", serviceUrl: endpoint.url, secretId: "x", secretKey: "y" }),
      });
      await store.saveUser({
        userId: "U-BUNDLE-MGR",
        name: "经理",
        role: "manager",
        openid: "o-bundle-manager",
      });
      await store.saveSku(bottleSku("SKU-BUNDLE"));
      await store.saveCustomer(
        testCustomer("C-BUNDLE", { paymentTerms: { kind: "monthly", creditLimitFen: 100_000, dueDays: 30 } }),
      );
      await store.receiveStock({
        skuId: "SKU-BUNDLE",
        baseQuantity: 10,
        event: {
          eventId: "evt_bundle_stock",
          entityType: "stock",
          entityId: "SKU-BUNDLE",
          action: "stock.received",
          actorId: "U-BUNDLE-MGR",
          actorRole: "manager",
          at: Date.parse("2026-12-04T02:00:00Z"),
        },
      });
      const placed = await store.placeOrder(
        orderDraft({
          customerId: "C-BUNDLE",
          skuId: "SKU-BUNDLE",
          baseQuantity: 2,
          createdAt: Date.parse("2026-12-04T02:00:00Z"),
        }),
      );
      bundleOrderId = placed.order.orderId;
    });

    afterAll(async () => {
      await endpoint.close();
    });

    it("reads the caller and the catalog through the stubbed SDK", async () => {
      const reply = await invokeBundle(
        "catalog",
        endpoint,
        { action: "get", skuId: "SKU-BUNDLE" },
        "o-bundle-manager",
      );
      expect(reply.ok).toBe(true);
      expect((reply.data as { skuId: string }).skuId).toBe("SKU-BUNDLE");
      const userLookups = endpoint.requests.filter((request) => request.collection === "users");
      expect(userLookups.length).toBeGreaterThan(0);
    });

    it("tells an unregistered WeChat user from a registered one", async () => {
      const stranger = await invokeBundle("users", endpoint, { action: "me" }, "o-stranger");
      expect(stranger).toEqual({ ok: true, data: { registered: false } });
      const manager = await invokeBundle("users", endpoint, { action: "me" }, "o-bundle-manager");
      expect(manager.data).toMatchObject({ registered: true, role: "manager" });
    });

    it("runs the timer action for a timer trigger and nothing else", async () => {
      const timer = { Type: "Timer", TriggerName: "stuck-orders", Time: "2026-12-04T10:00:00Z", Message: "" };

      const alerts = await invokeBundle("alerts", endpoint, timer, "");
      const dispatch = await invokeBundle("notifications", endpoint, { ...timer, TriggerName: "outbox-dispatch" }, "");
      const noTimer = await invokeBundle("catalog", endpoint, timer, "");
      const fromClient = await invokeBundle("alerts", endpoint, timer, "o-stranger");

      expect(alerts.ok).toBe(true);
      expect(alerts.data).toMatchObject({ raised: 0, escalated: 0, cleared: 0 });
      expect(dispatch.ok).toBe(true);
      expect(dispatch.data).toMatchObject({ sent: 0, retried: 0, failed: 0 });
      expect(noTimer.error?.code).toBe("INVALID_INPUT");
      expect(fromClient.error?.code).toBe("INVALID_INPUT");
    });

    it("draws a delivery note with the font shipped beside the bundle", async () => {
      const manifest = readJson<{ file: string }>(join(DIST, "printing/fonts/pdf-font.json"));
      expect(existsSync(join(DIST, "printing/fonts", manifest.file))).toBe(true);

      const reply = await invokeBundle(
        "printing",
        endpoint,
        { action: "deliveryNote", orderId: bundleOrderId },
        "o-bundle-manager",
      );

      expect(reply.error).toBeUndefined();
      const file = reply.data as { contentType: string; base64: string };
      expect(file.contentType).toBe("application/pdf");
      const pdf = Buffer.from(file.base64, "base64");
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      // The embedded subset carries the font's PostScript name, not Helvetica.
      expect(pdf.toString("latin1")).not.toContain("/Helvetica");
    });

    it("writes a statement workbook through the printing bundle", async () => {
      const reply = await invokeBundle(
        "printing",
        endpoint,
        { action: "statement", customerId: "C-BUNDLE", month: "2026-12" },
        "o-bundle-manager",
      );

      expect(reply.error).toBeUndefined();
      const file = reply.data as { base64: string };
      // An .xlsx file is a zip archive.
      expect(Buffer.from(file.base64, "base64").subarray(0, 2).toString("latin1")).toBe("PK");
    });

    it("treats an unknown openid as UNAUTHENTICATED", async () => {
      const reply = await invokeBundle(
        "catalog",
        endpoint,
        { action: "get", skuId: "SKU-BUNDLE" },
        "o-stranger",
      );
      expect(reply.ok).toBe(false);
      expect(reply.error?.code).toBe("UNAUTHENTICATED");
    });
  });
});
