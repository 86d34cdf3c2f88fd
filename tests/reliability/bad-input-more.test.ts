/**
 * Bad input for every action of the functions other than catalog and
 * orders (listed in `support/more-actions.ts`). Each case starts from a
 * schema-valid payload sent by a caller whose role the action allows.
 * It then changes one thing: a field gets a value of the wrong type or range
 * (null, booleans, NaN and 1e309 as raw JSON, empty strings for numbers,
 * objects, arrays), a huge string or deep nesting, an extra field, a
 * prototype key (__proto__, constructor, prototype), another customer's
 * id or order, an unknown action, or a body that is not a JSON object.
 * Every case is invalid for its caller. So for every body:
 * - the reply is an envelope with a code from ERROR_CODES and the HTTP
 *   status the contract gives that code, and never INTERNAL;
 * - the reply is never ok, and the code is the expected one where the
 *   case calls for one;
 * - no row in any table of the store is added or removed, and no
 *   prototype in the server's process gains a property.
 */
import { startTestServer, type TestServer } from "../support/local-server";
import { USERS } from "./support/demo-facts";
import { envelopeProblems, outcomeOf, postRaw } from "./support/envelope";
import { MORE_ACTIONS, STATEMENT_MONTH, validPayload, type MoreAction } from "./support/more-actions";
import { JsonObject, nestedArrays, nestedObjects, raw, toJsonText, type JsonValue } from "./support/raw-json";
import { Random, SEED, SIZE, bySize } from "./support/size";

const CASES_PER_ACTION = bySize(60, 3_000);
const BATCH = 25;
const MAX_EXAMPLES = 2;

/** The first demo user (in this order) whose role the action allows makes the calls. */
const CALLER_PREFERENCE = ["U-CUST-HZ", "U-SALES-LI", "U-CLERK-ZHANG", "U-WH-ZHAO", "U-FIN-QIAN", "U-MGR-LIU"];

/**
 * Values of the wrong type or range for every field of these payloads,
 * except the pairs in VALID_FOR. Some are well-formed ids or short
 * strings (see WELL_FORMED), which the schema accepts and the handler
 * then rejects, so those cases expect any error.
 */
const WRONG_VALUES: JsonValue[] = [
  null, true, false, 0, -1, 1.5, 1e15, "", " ", "1", "NaN", "长".repeat(300), "x".repeat(70), [], [null], ["x"],
  JsonObject.of({}), JsonObject.of({ $gt: "" }), raw("1e309"), raw("-1e309"), raw("NaN"), raw("Infinity"), raw("1E400"), raw("0x10"), raw("01"),
];
/** Field and value pairs the schemas accept, so they are not bad input. */
const VALID_FOR = new Set([
  'note:""', 'note:" "', 'note:"1"', 'note:"NaN"', `note:"${"x".repeat(70)}"`, "allocations:[]", 'signerName:"1"', 'signerName:"NaN"',
  'name:"1"', 'name:"NaN"',
]);
const WELL_FORMED = new Set(['"1"', '"NaN"', `"${"x".repeat(70)}"`, '["x"]']);

const EXTRA_KEYS = ["role", "userId", "isAdmin", "priceFen", "status", "customerIds", "createdBy", "$where", ""];
const POLLUTION_KEYS = ["__proto__", "constructor", "prototype"];
const NOT_OBJECT_BODIES = ["[]", "null", "1", '"list"', "true", "", "{", "{'action':'x'}", "NaN", "{}}", "[{}]"];

/** Another customer's ids for the customer caller U-CUST-HZ. */
const FOREIGN = { customerId: "C-SH-002", orderKey: "C-SH-002" };

interface Case {
  label: string;
  body: string;
  /** An error code, or "error" for any error except INTERNAL. */
  expect: string;
}

let server: TestServer;
const tokens = new Map<string, string>();
const orders = new Map<string, string>();
/** A statement share token per customer, for finance.sharedStatement. */
const shareTokens = new Map<string, string>();

function callerOf(spec: MoreAction): string {
  const userId = CALLER_PREFERENCE.find((id) => spec.roles.includes(USERS.find((user) => user.userId === id)!.role));
  if (!userId) throw new RangeError(`no demo caller for ${spec.fn}.${spec.action}`);
  return userId;
}

function payloadOf(spec: MoreAction, customerId = "C-HZ-001"): JsonObject {
  const payload = validPayload(spec, customerId, orders.get(customerId) as string, shareTokens.get(customerId)) as Record<string, JsonValue>;
  return new JsonObject([["action", spec.action], ...Object.entries(payload)]);
}

/** Generates one invalid case for an action. */
function generateCase(spec: MoreAction, caller: string, random: Random): Case {
  const payload = payloadOf(spec);
  const fields = payload.keys().filter((key) => key !== "action");
  const text = (body: JsonObject) => toJsonText(body);
  const kind = random.int(0, 19);

  if (kind < 10 && fields.length > 0) {
    const field = random.pick(fields);
    let value = random.pick(WRONG_VALUES);
    while (VALID_FOR.has(`${field}:${toJsonText(value)}`)) value = random.pick(WRONG_VALUES);
    const expect = WELL_FORMED.has(toJsonText(value)) ? "error" : "INVALID_INPUT";
    return { label: `${field}: ${toJsonText(value).slice(0, 40)}`, body: text(payload.with(field, value)), expect };
  }
  if (kind < 12 && caller === "U-CUST-HZ" && spec.target !== "none") {
    // Another customer's id: a named customer is FORBIDDEN, an order of theirs is NOT_FOUND.
    if (spec.target === "customer") {
      return { label: "another customer's customerId", body: text(payloadOf(spec, FOREIGN.customerId)), expect: "FORBIDDEN" };
    }
    const foreign = payloadOf(spec, FOREIGN.orderKey).with("customerId", "C-HZ-001");
    const body = spec.action === "confirmReceipt" || spec.action === "deliveryNote" ? payloadOf(spec, FOREIGN.orderKey) : foreign;
    return { label: "another customer's orderId", body: text(body), expect: "NOT_FOUND" };
  }
  if (kind < 13) {
    const key = random.pick(EXTRA_KEYS);
    return { label: `extra field ${JSON.stringify(key)}`, body: text(payload.append(key, random.pick<JsonValue>([1, "x", true, null]))), expect: "INVALID_INPUT" };
  }
  if (kind < 15) {
    const key = random.pick(POLLUTION_KEYS);
    const poison = key === "constructor" ? JsonObject.of({ prototype: JsonObject.of({ polluted: "yes" }) }) : JsonObject.of({ polluted: "yes" });
    const nested = random.int(0, 1) === 1;
    const body = nested ? payload.append("extra", new JsonObject([["inner", new JsonObject([[key, poison]])]])) : payload.append(key, poison);
    return { label: `prototype key ${key}${nested ? " (nested)" : ""}`, body: text(body), expect: "INVALID_INPUT" };
  }
  if (kind < 16) {
    const depth = random.pick([17, 64, 1_000, 100_000]);
    const field = fields.length > 0 ? random.pick(fields) : "extra";
    const value = random.int(0, 1) === 1 ? nestedArrays(depth) : nestedObjects(depth);
    return { label: `${field} nested ${depth} deep`, body: text(payload.with(field, value)), expect: "INVALID_INPUT" };
  }
  if (kind < 17) {
    const size = random.pick([10_000, 300_000, 1_100_000]);
    const field = fields.length > 0 ? random.pick(fields) : "extra";
    // Non-ASCII, so no id, base64 or date rule accepts it.
    return { label: `${field} is a ${size}-character string`, body: text(payload.with(field, "长".repeat(size))), expect: "INVALID_INPUT" };
  }
  if (kind < 18) {
    const name = random.pick<JsonValue>(["__proto__", "constructor", "toString", "", spec.action.toUpperCase(), `${spec.action} `, 1, null, ["x"]]);
    return { label: "unknown action", body: text(payload.with("action", name)), expect: "INVALID_INPUT" };
  }
  if (kind < 19) {
    const body = random.pick(NOT_OBJECT_BODIES);
    return { label: `body ${JSON.stringify(body)}`, body, expect: "INVALID_INPUT" };
  }
  const whole = text(payload);
  return { label: "body is cut short", body: whole.slice(0, random.int(0, whole.length - 1)), expect: "INVALID_INPUT" };
}

/** Row counts of every table, as one comparable string. */
function snapshot(): string {
  const db = server.app.store.db;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  const counts = tables.map(({ name }) => `${name}:${(db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n}`);
  const stock = db.prepare("SELECT group_concat(sku_id || ':' || on_hand || ':' || reserved, ',') AS v FROM (SELECT * FROM stock ORDER BY sku_id)").get();
  const statuses = db.prepare("SELECT group_concat(order_id || ':' || status, ',') AS v FROM (SELECT * FROM orders ORDER BY order_id)").get();
  return JSON.stringify([counts, stock, statuses]);
}

function prototypeKeys(): string {
  return JSON.stringify(
    [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort()),
  );
}

beforeAll(async () => {
  server = await startTestServer();
  for (const user of USERS) tokens.set(user.userId, await server.login(user.userId));
  let serial = 0;
  for (const customerId of ["C-HZ-001", "C-SH-002"]) {
    serial += 1;
    const order = await server.ok<{ orderId: string }>(
      "orders",
      { action: "place", requestId: `req-bad-more-${serial}`, customerId, lines: [{ skuId: "NFSQ-550", unit: "瓶", quantity: 1 }] },
      tokens.get("U-CLERK-ZHANG"),
    );
    orders.set(customerId, order.orderId);
    const link = await server.ok<{ token: string }>(
      "finance",
      { action: "shareStatement", customerId, month: STATEMENT_MONTH },
      tokens.get("U-FIN-QIAN"),
    );
    shareTokens.set(customerId, link.token);
  }
});

afterAll(async () => {
  await server.stop();
});

let inputsTried = 0;

describe.each(MORE_ACTIONS.map((spec) => [`${spec.fn}.${spec.action}`, spec] as const))("%s", (name, spec) => {
  it(
    "answers bad input with a stable error and changes nothing",
    async () => {
      const caller = callerOf(spec);
      const random = new Random(SEED ^ [...name].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) | 0, 7));
      const cases = Array.from({ length: CASES_PER_ACTION }, () => generateCase(spec, caller, random));
      const findings = new Map<string, { count: number; examples: string[] }>();
      const note = (key: string, example: string) => {
        const finding = findings.get(key) ?? { count: 0, examples: [] };
        finding.count += 1;
        if (finding.examples.length < MAX_EXAMPLES) finding.examples.push(example.slice(0, 300));
        findings.set(key, finding);
      };
      const prototypesBefore = prototypeKeys();

      for (let start = 0; start < cases.length; start += BATCH) {
        const batch = cases.slice(start, start + BATCH);
        const before = snapshot();
        const replies = await Promise.all(batch.map((c) => postRaw(server.baseUrl, spec.fn, c.body, tokens.get(caller))));
        inputsTried += batch.length;
        if (snapshot() !== before) note("state changed", `batch of ${batch.map((c) => c.label).join("; ")}`);
        batch.forEach((c, index) => {
          const reply = replies[index];
          const shownBody = c.body.length > 300 ? `${c.body.slice(0, 200)}… (${c.body.length} chars)` : c.body;
          const example = `${caller} ${shownBody} -> ${reply.status} ${reply.text.slice(0, 200)}`;
          for (const problem of envelopeProblems(reply)) note(`${c.label}: ${problem}`, example);
          const outcome = outcomeOf(reply.body);
          if (c.expect === "error" ? outcome === "ok" : outcome !== c.expect) note(`${c.label}: expected ${c.expect}, got ${outcome}`, example);
        });
      }
      if (prototypeKeys() !== prototypesBefore || ({} as Record<string, unknown>).polluted !== undefined) {
        note("a prototype gained a property", "");
      }

      const report = [...findings].map(([key, finding]) => `${key} (${finding.count}×): ${finding.examples.join(" | ")}`);
      if (report.length > 0) report.unshift(`seed ${SEED}, size ${SIZE}, caller ${caller}`);
      expect(report).toEqual([]);
    },
    bySize(30_000, 1_200_000),
  );
});

afterAll(() => {
  if (process.env.RELIABILITY_REPORT) process.stdout.write(`bad input (other functions): ${inputsTried} inputs, seed ${SEED}\n`);
});
