/**
 * Bad input for every catalog and orders action. fast-check generates
 * request bodies from a valid payload by one mutation each. A mutation
 * gives a field a value of the wrong type or range (NaN, Infinity and
 * 1e309 as raw JSON too), a huge or deeply nested value, an extra field
 * or a prototype key (__proto__, constructor, prototype). It may also
 * drop a field, name another customer's id or order, use an unknown
 * action, or send a body that is not an object or not JSON.
 * Every mutation is built so that the input is invalid for its caller, or
 * the action only reads. So for every body:
 * - the reply is an envelope with a code from ERROR_CODES and the HTTP
 *   status the contract gives that code, and never INTERNAL;
 * - the code is the one the contract gives that kind of mistake;
 * - stock, orders, reservations and the audit log are unchanged, and no
 *   prototype in the server's process gained a property.
 */
import fc from "fast-check";

import { startTestServer, type TestServer } from "../support/local-server";
import { envelopeProblems, outcomeOf, postRaw } from "./support/envelope";
import { JsonObject, nestedArrays, nestedObjects, raw, toJsonText, type JsonValue } from "./support/raw-json";
import { SEED, SIZE, bySize } from "./support/size";

const CASES_PER_ACTION = bySize(200, 10_000);
const BATCH = 25;
const MAX_EXAMPLES = 2;

/**
 * The reply a case must get: one error code, "error" for any error
 * except INTERNAL, or "any" (only for actions that read) for any reply
 * except INTERNAL.
 */
type Expect = "INVALID_INPUT" | "FORBIDDEN" | "NOT_FOUND" | "ORDER_STATE_CONFLICT" | "error" | "any";

interface Candidate {
  label: string;
  value: JsonValue;
  expect: Expect;
}

interface Case {
  label: string;
  caller: string;
  body: string;
  expect: Expect;
}

// ---------------------------------------------------------------------
// Fixtures the payloads refer to, filled in beforeAll.

const orders = {
  /** HZ's pending order: the valid target of approve, reject and cancel. */
  pending: "",
  approved: "",
  rejected: "",
  cancelled: "",
  /** Pending orders of customers that the callers may not see. */
  shanghai: "",
  guangzhou: "",
};
let barcode = "";

// ---------------------------------------------------------------------
// Invalid values, by kind of field

const NOT_STRINGS: JsonValue[] = [null, true, false, 0, 1, -1, 1.5, [], ["x"], JsonObject.of({ a: 1 }), raw("1e309")];
const NOT_NUMBERS: JsonValue[] = [
  null, true, false, "", " ", "1", "NaN", "Infinity", "-Infinity", "1e309", "0x10", "1,000", "١", [], [1], JsonObject.of({}),
];
/** Raw number literals that are not a positive integer up to 1,000,000 (some are not JSON at all). */
const BAD_QUANTITY_LITERALS = [
  "0", "-0", "-1", "0.5", "1.5", "1000001", "1e309", "-1e309", "1E400", "1e-400", "9007199254740993", "1e21",
  "NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "0x1", "1e", "--1",
];
const BAD_ID_STRINGS = [
  "", "x".repeat(65), "has space", "a/b", "中文", "\u0000", "\ud800", "a\nb", "'; DROP TABLE orders; --", "../../etc/passwd",
  "%00", "NFSQ-550 ", "\u202eNFSQ", "ＮＦＳＱ",
];

function candidates(label: string, values: readonly JsonValue[], expect: Expect): Candidate[] {
  return values.map((value) => ({ label, value, expect }));
}

function constantCandidates(list: Candidate[]): fc.Arbitrary<Candidate> {
  return fc.constantFrom(...list);
}

/** Strings that break an id rule: generated, plus a fixed list of awkward ones. */
const badIdArbitrary: fc.Arbitrary<Candidate> = fc.oneof(
  constantCandidates([
    ...candidates("id: malformed string", BAD_ID_STRINGS, "INVALID_INPUT"),
    ...candidates("id: not a string", NOT_STRINGS, "INVALID_INPUT"),
  ]),
  fc
    .string({ unit: "binary", minLength: 0, maxLength: 80 })
    .filter((text) => !/^[A-Za-z0-9_.:-]{1,64}$/.test(text))
    .map((text) => ({ label: "id: generated malformed string", value: text, expect: "INVALID_INPUT" as Expect })),
);

const badQuantityArbitrary: fc.Arbitrary<Candidate> = fc.oneof(
  constantCandidates([
    ...candidates("quantity: raw literal", BAD_QUANTITY_LITERALS.map(raw), "INVALID_INPUT"),
    ...candidates("quantity: not a number", NOT_NUMBERS, "INVALID_INPUT"),
  ]),
  fc
    .oneof(fc.integer({ max: 0 }), fc.integer({ min: 1_000_001 }), fc.double().filter((n) => !Number.isInteger(n)))
    .map((n) => ({ label: "quantity: generated out of range", value: n, expect: "INVALID_INPUT" as Expect })),
);

function badStringArbitrary(field: string, maxLength: number, extra: JsonValue[] = []): fc.Arbitrary<Candidate> {
  return constantCandidates([
    ...candidates(`${field}: longer than ${maxLength}`, ["x".repeat(maxLength + 1), "长".repeat(maxLength + 1)], "INVALID_INPUT"),
    ...candidates(`${field}: not a string`, NOT_STRINGS, "INVALID_INPUT"),
    ...candidates(`${field}: invalid`, extra, "INVALID_INPUT"),
  ]);
}

const badUnitArbitrary = constantCandidates([
  ...candidates("unit: empty or too long", ["", "箱箱箱箱箱箱箱箱箱", "x".repeat(9)], "INVALID_INPUT"),
  ...candidates("unit: not sold in", ["吨", "Box", "箱 ", "ping"], "INVALID_INPUT"),
  ...candidates("unit: not a string", NOT_STRINGS, "INVALID_INPUT"),
]);

const badLimitArbitrary = constantCandidates([
  ...candidates("limit: out of range", [0, -1, 201, 1.5, 1e9], "INVALID_INPUT"),
  ...candidates("limit: raw literal", ["1e309", "-0", "NaN", "2e3", "2.5e0"].map(raw), "INVALID_INPUT"),
  ...candidates("limit: not a number", NOT_NUMBERS, "INVALID_INPUT"),
]);

function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

// ---------------------------------------------------------------------
// Actions

interface ActionSpec {
  fn: "catalog" | "orders";
  action: string;
  callers: string[];
  /** True when the action only reads, so "any" expectations are allowed. */
  readsOnly: boolean;
  base(caller: string): JsonObject;
  /** Fields the schema requires, per caller. */
  required(caller: string): string[];
  /** Invalid values per field, per caller. */
  fields(caller: string): Record<string, fc.Arbitrary<Candidate>>;
}

const OTHER_CUSTOMER: Record<string, string> = { "U-CUST-HZ": "C-SH-002", "U-SALES-LI": "C-GZ-003" };
const OWN_CUSTOMER: Record<string, string> = { "U-CUST-HZ": "C-HZ-001", "U-SALES-LI": "C-HZ-001" };

function customerIdArbitrary(caller: string): fc.Arbitrary<Candidate> {
  return fc.oneof(
    badIdArbitrary,
    constantCandidates([
      { label: "customerId: another customer's", value: OTHER_CUSTOMER[caller], expect: "FORBIDDEN" },
      { label: "customerId: unknown customer", value: "C-NONE-999", expect: "error" },
    ]),
  );
}

function skuIdArbitrary(unknownExpect: Expect): fc.Arbitrary<Candidate> {
  return fc.oneof(
    badIdArbitrary,
    constantCandidates(candidates("skuId: not in the catalog", ["NFSQ-551", "nfsq-550", "P-NFSQ"], unknownExpect)),
  );
}

/** Generates an order line with one field broken. */
function badLineArbitrary(): fc.Arbitrary<Candidate> {
  const line = JsonObject.of({ skuId: "NFSQ-550", unit: "箱", quantity: 1 });
  return fc.oneof(
    skuIdArbitrary("INVALID_INPUT").map((bad) => ({ ...bad, label: `line ${bad.label}`, value: line.with("skuId", bad.value) })),
    badUnitArbitrary.map((bad) => ({ ...bad, label: `line ${bad.label}`, value: line.with("unit", bad.value) })),
    badQuantityArbitrary.map((bad) => ({ ...bad, label: `line ${bad.label}`, value: line.with("quantity", bad.value) })),
    constantCandidates([
      { label: "line: off the unit's step", value: JsonObject.of({ skuId: "HL-PO425", unit: "袋", quantity: 15 }), expect: "INVALID_INPUT" },
      { label: "line: below the unit's minimum", value: JsonObject.of({ skuId: "HL-PO425", unit: "袋", quantity: 5 }), expect: "INVALID_INPUT" },
      { label: "line: client price", value: line.with("priceFen", 1), expect: "INVALID_INPUT" },
      { label: "line: missing quantity", value: line.without("quantity"), expect: "INVALID_INPUT" },
      { label: "line: missing skuId", value: line.without("skuId"), expect: "INVALID_INPUT" },
      { label: "line: not an object", value: null, expect: "INVALID_INPUT" },
      { label: "line: not an object", value: "NFSQ-550", expect: "INVALID_INPUT" },
      { label: "line: array instead of object", value: ["NFSQ-550", "箱", 1], expect: "INVALID_INPUT" },
    ]),
  );
}

function linesArbitrary(): fc.Arbitrary<Candidate> {
  const good = JsonObject.of({ skuId: "NFSQ-550", unit: "箱", quantity: 1 });
  return fc.oneof(
    constantCandidates([
      ...candidates("lines: not an array", [null, "x", 1, true, good], "INVALID_INPUT"),
      { label: "lines: empty", value: [], expect: "INVALID_INPUT" },
      { label: "lines: more than 200", value: Array.from({ length: 201 }, () => good), expect: "INVALID_INPUT" },
    ]),
    fc
      .tuple(badLineArbitrary(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
      .map(([bad, before, after]) => ({
        ...bad,
        value: [...Array.from({ length: before }, () => good), bad.value, ...Array.from({ length: after }, () => good)],
      })),
  );
}

function orderIdArbitrary(targets: Candidate[]): fc.Arbitrary<Candidate> {
  return fc.oneof(
    badIdArbitrary,
    constantCandidates([{ label: "orderId: no such order", value: "ord_00000000000000000000000000000000", expect: "NOT_FOUND" }, ...targets]),
  );
}

function dateArbitrary(field: string): fc.Arbitrary<Candidate> {
  return constantCandidates([
    ...candidates(
      `${field}: not a calendar date`,
      ["2026-13-01", "2026-02-30", "2026-00-10", "20260101", "2026-1-1", "0000-01-01", "2026-01-01T00:00:00Z", "", " 2026-01-01"],
      "INVALID_INPUT",
    ),
    ...candidates(`${field}: not a string`, NOT_STRINGS, "INVALID_INPUT"),
    // Real dates far from now: the list may be empty, but not a server error.
    ...candidates(`${field}: far past or future`, ["0100-01-01", "0999-12-31", "1000-01-01", "1969-12-31", "9999-12-31"], "any"),
  ]);
}

const ACTIONS: ActionSpec[] = [
  {
    fn: "catalog",
    action: "list",
    callers: ["U-CUST-HZ", "U-SALES-LI"],
    readsOnly: true,
    base: () => JsonObject.of({ limit: 10, category: "饮料", search: "nfsq" }),
    required: () => [],
    fields: (caller) => ({
      limit: badLimitArbitrary,
      cursor: badStringArbitrary("cursor", 200, [""]),
      category: badStringArbitrary("category", 32, [""]),
      search: badStringArbitrary("search", 64, ["", "   "]),
      customerId: customerIdArbitrary(caller),
    }),
  },
  {
    fn: "catalog",
    action: "get",
    callers: ["U-CUST-HZ", "U-SALES-LI"],
    readsOnly: true,
    base: () => JsonObject.of({ skuId: "NFSQ-550" }),
    required: () => ["skuId"],
    fields: (caller) => ({ skuId: skuIdArbitrary("NOT_FOUND"), customerId: customerIdArbitrary(caller) }),
  },
  {
    fn: "catalog",
    action: "findByBarcode",
    callers: ["U-CUST-HZ", "U-SALES-LI"],
    readsOnly: true,
    base: () => JsonObject.of({ barcode }),
    required: () => ["barcode"],
    fields: (caller) => ({
      barcode: fc.oneof(
        constantCandidates([
          ...candidates(
            "barcode: not 6 to 14 digits",
            ["12345", "123456789012345", "abcdef", "12345a", " 123456", "１２３４５６", "", "-123456", "1e10"],
            "INVALID_INPUT",
          ),
          ...candidates("barcode: not a string", NOT_STRINGS, "INVALID_INPUT"),
          ...candidates("barcode: on no SKU", ["000000", "00000000000000"], "NOT_FOUND"),
        ]),
      ),
      customerId: customerIdArbitrary(caller),
    }),
  },
  {
    fn: "catalog",
    action: "receiveStock",
    callers: ["U-WH-ZHAO", "U-MGR-LIU"],
    readsOnly: false,
    base: () => JsonObject.of({ skuId: "NFSQ-550", unit: "箱", quantity: 1, note: "到货" }),
    required: () => ["skuId", "unit", "quantity"],
    fields: () => ({
      skuId: skuIdArbitrary("NOT_FOUND"),
      unit: badUnitArbitrary,
      quantity: badQuantityArbitrary,
      note: badStringArbitrary("note", 200),
    }),
  },
  {
    fn: "orders",
    action: "quote",
    callers: ["U-CUST-HZ", "U-SALES-LI"],
    readsOnly: true,
    base: (caller) => {
      const payload = JsonObject.of({ lines: [JsonObject.of({ skuId: "NFSQ-550", unit: "箱", quantity: 2 })] });
      return caller === "U-SALES-LI" ? payload.with("customerId", OWN_CUSTOMER[caller]) : payload;
    },
    required: (caller) => (caller === "U-SALES-LI" ? ["lines", "customerId"] : ["lines"]),
    fields: (caller) => ({ lines: linesArbitrary(), customerId: customerIdArbitrary(caller) }),
  },
  {
    fn: "orders",
    action: "place",
    callers: ["U-CUST-HZ", "U-SALES-LI"],
    readsOnly: false,
    base: (caller) => {
      const payload = JsonObject.of({
        requestId: `req-bad-input-${SEED}`,
        lines: [JsonObject.of({ skuId: "NFSQ-550", unit: "箱", quantity: 2 })],
        remark: "请上午送货",
      });
      return caller === "U-SALES-LI" ? payload.with("customerId", OWN_CUSTOMER[caller]) : payload;
    },
    required: (caller) => (caller === "U-SALES-LI" ? ["requestId", "lines", "customerId"] : ["requestId", "lines"]),
    fields: (caller) => ({
      requestId: fc.oneof(
        badStringArbitrary("requestId", 64, ["", "short", "has space 123", "中文中文中文中文", "req/12345678", "req.12345678"]),
      ),
      lines: fc.oneof(
        linesArbitrary(),
        constantCandidates([
          // Valid lines that the store cannot or may not fill.
          { label: "lines: more than in stock", value: [JsonObject.of({ skuId: "DP-6012", unit: "箱", quantity: 81 })], expect: "error" },
          { label: "lines: far more than in stock", value: [JsonObject.of({ skuId: "LWG-12", unit: "捆", quantity: 1_000_000 })], expect: "error" },
        ]),
      ),
      customerId: customerIdArbitrary(caller),
      addressId: fc.oneof(
        badIdArbitrary,
        constantCandidates([{ label: "addressId: another customer's", value: "A-SH-1", expect: "INVALID_INPUT" }]),
      ),
      remark: badStringArbitrary("remark", 200),
    }),
  },
  {
    fn: "orders",
    action: "get",
    callers: ["U-CUST-HZ", "U-SALES-LI"],
    readsOnly: true,
    base: () => JsonObject.of({ orderId: orders.pending }),
    required: () => ["orderId"],
    fields: (caller) => ({
      orderId: orderIdArbitrary([
        { label: "orderId: another customer's order", value: caller === "U-CUST-HZ" ? orders.shanghai : orders.guangzhou, expect: "NOT_FOUND" },
      ]),
    }),
  },
  {
    fn: "orders",
    action: "list",
    callers: ["U-CUST-HZ", "U-SALES-LI"],
    readsOnly: true,
    base: () => JsonObject.of({ limit: 5, status: "pending_review", from: "2020-01-01", to: "2030-12-31" }),
    required: () => [],
    fields: (caller) => ({
      limit: badLimitArbitrary,
      cursor: fc.oneof(
        badStringArbitrary("cursor", 200, [""]),
        constantCandidates(
          candidates(
            "cursor: not one the list returned",
            ["not-a-cursor", encodeCursor([1]), encodeCursor(["a", "b"]), encodeCursor([1.5, "x"]), encodeCursor({}), encodeCursor([1e20, "x"]), "%%%%"],
            "INVALID_INPUT",
          ),
        ),
      ),
      status: constantCandidates([
        ...candidates("status: not a status", ["PENDING_REVIEW", "unknown", "", "pending_review "], "INVALID_INPUT"),
        ...candidates("status: not a string", NOT_STRINGS, "INVALID_INPUT"),
      ]),
      customerId: customerIdArbitrary(caller),
      from: dateArbitrary("from"),
      to: dateArbitrary("to"),
    }),
  },
  ...(["approve", "reject"] as const).map(
    (action): ActionSpec => ({
      fn: "orders",
      action,
      callers: ["U-CLERK-ZHANG", "U-MGR-LIU"],
      readsOnly: false,
      base: () => (action === "reject" ? JsonObject.of({ orderId: orders.pending, reason: "缺货" }) : JsonObject.of({ orderId: orders.pending })),
      required: () => (action === "reject" ? ["orderId", "reason"] : ["orderId"]),
      fields: () => ({
        orderId: orderIdArbitrary(
          candidates("orderId: order past review", [orders.approved, orders.rejected, orders.cancelled], "ORDER_STATE_CONFLICT"),
        ),
        ...(action === "reject" ? { reason: badStringArbitrary("reason", 200, ["", "   ", "\n\t"]) } : {}),
      }),
    }),
  ),
  {
    fn: "orders",
    action: "cancel",
    callers: ["U-CUST-HZ"],
    readsOnly: false,
    base: () => JsonObject.of({ orderId: orders.pending, reason: "不要了" }),
    required: () => ["orderId"],
    fields: () => ({
      orderId: orderIdArbitrary([
        { label: "orderId: another customer's order", value: orders.shanghai, expect: "NOT_FOUND" },
        ...candidates("orderId: order past review", [orders.approved, orders.rejected], "ORDER_STATE_CONFLICT"),
        // Cancelling a cancelled order returns it and changes nothing.
        { label: "orderId: already cancelled", value: orders.cancelled, expect: "any" },
      ]),
      reason: badStringArbitrary("reason", 200, ["", "   "]),
    }),
  },
];

// ---------------------------------------------------------------------
// Mutations that apply to any action

const EXTRA_KEYS = ["priceFen", "totalFen", "role", "userId", "isAdmin", "discount", "$where", "status", "customerId", "reason", "note", "createdAt", "placedBy", ""];
const POLLUTION_KEYS = ["__proto__", "constructor", "prototype"];
const BAD_ACTIONS: JsonValue[] = [
  "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "", " list", "LIST", "get ", "x".repeat(65),
  "list\u0000", "approve;cancel", "receivestock", "ship", "confirmReceipt", 1, null, true, [], JsonObject.of({ name: "list" }), ["list"],
];
const NOT_OBJECT_BODIES = ["[]", "null", "1", '"place"', "true", "", "   ", "{", "{'action':'list'}", "undefined", "NaN", "\ufeff{}", "{}}", "[{}]"];

function mutationArbitrary(spec: ActionSpec, caller: string): fc.Arbitrary<{ label: string; body: string; expect: Expect }> {
  const base = JsonObject.of({ action: spec.action }).entries.concat(spec.base(caller).entries);
  const payload = new JsonObject(base);
  const fields = spec.fields(caller);
  const fieldNames = Object.keys(fields);
  const validActions = ACTIONS.filter((candidate) => candidate.fn === spec.fn).map((candidate) => candidate.action);
  const allowed = new Set(["action", ...fieldNames]);
  const extraKeys = EXTRA_KEYS.filter((key) => !allowed.has(key));
  const presentFields = fieldNames.filter((field) => payload.has(field));
  const text = (body: JsonObject) => toJsonText(body);

  const fieldMutation = fc
    .constantFrom(...fieldNames)
    .chain((field) => fields[field].map((bad) => ({ label: bad.label.startsWith(field) ? bad.label : `${field}: ${bad.label}`, body: text(payload.with(field, bad.value)), expect: bad.expect })));
  // The same key twice: JSON.parse keeps the last, invalid value.
  const duplicateKey = presentFields.length
    ? fc.constantFrom(...presentFields).chain((field) =>
        fields[field]
          .filter((bad) => bad.expect === "INVALID_INPUT")
          .map((bad) => ({ label: `duplicate key, the last ${bad.label}`, body: text(payload.append(field, bad.value)), expect: bad.expect })),
      )
    : fieldMutation;
  const extraField = fc
    .tuple(fc.constantFrom(...extraKeys), fc.constantFrom<JsonValue>(1, "x", true, null, JsonObject.of({ $gt: "" })))
    .map(([key, value]) => ({ label: `extra field ${key}`, body: text(payload.with(key, value)), expect: "INVALID_INPUT" as Expect }));
  const pollution = fc
    .tuple(fc.constantFrom(...POLLUTION_KEYS), fc.constantFrom(...(payload.has("lines") ? ["top", "nested", "in a line"] : ["top", "nested"])))
    .map(([key, where]) => {
      const poison = key === "constructor" ? JsonObject.of({ prototype: JsonObject.of({ polluted: "yes" }) }) : JsonObject.of({ polluted: "yes" });
      let body: JsonObject;
      if (where === "in a line") {
        body = payload.with("lines", [new JsonObject([["skuId", "NFSQ-550"], ["unit", "箱"], ["quantity", 1], [key, poison]])]);
      } else if (where === "nested") {
        body = payload.append("extra", new JsonObject([["inner", new JsonObject([[key, poison]])]]));
      } else {
        body = payload.append(key, poison);
      }
      return { label: `prototype key ${key} (${where})`, body: text(body), expect: "INVALID_INPUT" as Expect };
    });
  const missing = spec.required(caller).length
    ? fc.constantFrom(...spec.required(caller)).map((field) => ({ label: `missing ${field}`, body: text(payload.without(field)), expect: "INVALID_INPUT" as Expect }))
    : fc.constant({ label: "missing action", body: text(payload.without("action")), expect: "INVALID_INPUT" as Expect });
  const unknownAction = fc.oneof(
    fc.constantFrom(...BAD_ACTIONS),
    fc.string({ minLength: 1, maxLength: 64 }).filter((name) => !validActions.includes(name)),
  ).map((name) => ({
    label: "unknown action",
    body: text(payload.with("action", name)),
    expect: "INVALID_INPUT" as Expect,
  }));
  const notObject = fc.oneof(
    fc.constantFrom(...NOT_OBJECT_BODIES).map((body) => ({ label: `body ${JSON.stringify(body)}`, body, expect: "INVALID_INPUT" as Expect })),
    fc.constant({ label: "body is an array of the payload", body: `[${text(payload)}]`, expect: "INVALID_INPUT" as Expect }),
    fc.integer({ min: 0, max: text(payload).length - 1 }).map((cut) => ({
      label: "body is cut short",
      body: text(payload).slice(0, cut),
      expect: "INVALID_INPUT" as Expect,
    })),
  );
  const deep = fc
    .tuple(fc.constantFrom(...fieldNames), fc.constantFrom(17, 64, 1_000, 100_000), fc.boolean())
    .map(([field, depth, arrays]) => ({
      label: `${field} nested ${depth} deep`,
      body: text(payload.with(field, arrays ? nestedArrays(depth) : nestedObjects(depth))),
      expect: "INVALID_INPUT" as Expect,
    }));
  const huge = fc.oneof(
    fc.tuple(fc.constantFrom(...fieldNames), fc.constantFrom(10_000, 300_000, 1_100_000)).map(([field, size]) => ({
      label: `${field} is a ${size}-character string`,
      body: text(payload.with(field, "x".repeat(size))),
      expect: "INVALID_INPUT" as Expect,
    })),
    fc.constant({ label: "body over 1 MiB of whitespace", body: `${text(payload)}${" ".repeat(1_100_000)}`, expect: "INVALID_INPUT" as Expect }),
  );

  return fc.oneof(
    { weight: 12, arbitrary: fieldMutation },
    { weight: 2, arbitrary: duplicateKey },
    { weight: 2, arbitrary: extraField },
    { weight: 2, arbitrary: pollution },
    { weight: 2, arbitrary: missing },
    { weight: 2, arbitrary: unknownAction },
    { weight: 2, arbitrary: notObject },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: huge },
  );
}

function caseArbitrary(spec: ActionSpec): fc.Arbitrary<Case> {
  return fc.constantFrom(...spec.callers).chain((caller) =>
    mutationArbitrary(spec, caller).map((mutation) => ({ ...mutation, caller })),
  );
}

// ---------------------------------------------------------------------
// The test

let server: TestServer;
const tokens = new Map<string, string>();

/** Everything a call could change, as one comparable string. */
function snapshot(): string {
  const db = server.app.store.db;
  const parts = [
    db.prepare("SELECT group_concat(sku_id || ':' || on_hand || ':' || reserved, ',') AS v FROM (SELECT * FROM stock ORDER BY sku_id)").get(),
    db.prepare("SELECT group_concat(order_id || ':' || status || ':' || total_fen, ',') AS v FROM (SELECT * FROM orders ORDER BY order_id)").get(),
    db.prepare("SELECT group_concat(order_id || ':' || line_no || ':' || state, ',') AS v FROM (SELECT * FROM reservations ORDER BY order_id, line_no)").get(),
    db.prepare("SELECT COUNT(*) AS v FROM audit_events").get(),
    db.prepare("SELECT COUNT(*) AS v FROM order_lines").get(),
    db.prepare("SELECT group_concat(name || ':' || value) AS v FROM counters").get(),
  ];
  return JSON.stringify(parts);
}

function prototypeKeys(): string {
  return JSON.stringify(
    [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort()),
  );
}

beforeAll(async () => {
  server = await startTestServer();
  for (const userId of ["U-CUST-HZ", "U-CUST-SH", "U-CUST-GZ", "U-SALES-LI", "U-CLERK-ZHANG", "U-WH-ZHAO", "U-MGR-LIU"]) {
    tokens.set(userId, await server.login(userId));
  }
  let serial = 0;
  const place = async (userId: string) => {
    serial += 1;
    const order = await server.ok<{ orderId: string }>(
      "orders",
      { action: "place", requestId: `req-bad-fixture-${serial}`, lines: [{ skuId: "NFSQ-550", unit: "瓶", quantity: 1 }] },
      tokens.get(userId),
    );
    return order.orderId;
  };
  const clerk = tokens.get("U-CLERK-ZHANG");
  orders.pending = await place("U-CUST-HZ");
  orders.approved = await place("U-CUST-HZ");
  await server.ok("orders", { action: "approve", orderId: orders.approved }, clerk);
  orders.rejected = await place("U-CUST-HZ");
  await server.ok("orders", { action: "reject", orderId: orders.rejected, reason: "测试" }, clerk);
  orders.cancelled = await place("U-CUST-HZ");
  await server.ok("orders", { action: "cancel", orderId: orders.cancelled }, clerk);
  orders.shanghai = await place("U-CUST-SH");
  orders.guangzhou = await place("U-CUST-GZ");
  const sku = await server.ok<{ units: { unit: string; barcode?: string }[] }>("catalog", { action: "get", skuId: "NFSQ-550" }, clerk);
  barcode = sku.units.find((unit) => unit.unit === "箱")?.barcode ?? "";
});

afterAll(async () => {
  await server.stop();
});

let inputsTried = 0;

describe.each(ACTIONS.map((spec) => [`${spec.fn}.${spec.action}`, spec] as const))("%s", (_name, spec) => {
  it(
    "answers bad input with a stable error and changes nothing",
    async () => {
      const cases = fc.sample(caseArbitrary(spec), { numRuns: CASES_PER_ACTION, seed: SEED });
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
        const replies = await Promise.all(batch.map((c) => postRaw(server.baseUrl, spec.fn, c.body, tokens.get(c.caller))));
        inputsTried += batch.length;
        const after = snapshot();
        if (before !== after) {
          note("state changed", `batch of ${batch.map((c) => c.label).join("; ")}`);
        }
        batch.forEach((c, index) => {
          const reply = replies[index];
          const example = `${c.caller} ${c.body.length > 300 ? `${c.body.slice(0, 200)}… (${c.body.length} chars)` : c.body} -> ${reply.status} ${reply.text.slice(0, 200)}`;
          for (const problem of envelopeProblems(reply)) note(`${c.label}: ${problem}`, example);
          const outcome = outcomeOf(reply.body);
          if (c.expect === "any") return;
          if (c.expect === "error" ? outcome === "ok" : outcome !== c.expect) {
            note(`${c.label}: expected ${c.expect}, got ${outcome}`, example);
          }
        });
      }
      if (prototypeKeys() !== prototypesBefore || ({} as Record<string, unknown>).polluted !== undefined) {
        note("a prototype gained a property", "");
      }

      const report = [...findings].map(([key, finding]) => `${key} (${finding.count}×): ${finding.examples.join(" | ")}`);
      if (report.length > 0) report.unshift(`seed ${SEED}, size ${SIZE}`);
      expect(report).toEqual([]);
    },
    bySize(30_000, 1_200_000),
  );
});

describe("orders.list dates far from now", () => {
  // The China-time helpers handle only four-digit years, so the day after
  // 9999-12-31 and years below 1000 must be rejected before reaching them,
  // with INVALID_INPUT and never a server error.
  it.each([
    ["from", "0100-01-01"],
    ["from", "0999-12-31"],
    ["to", "9999-12-31"],
  ])("answers %s=%s without a server error", async (field, date) => {
    const reply = await postRaw(
      server.baseUrl,
      "orders",
      JSON.stringify({ action: "list", [field]: date }),
      tokens.get("U-CUST-HZ"),
    );

    expect(envelopeProblems(reply)).toEqual([]);
    expect(reply.status).not.toBe(500);
  });
});

afterAll(() => {
  if (process.env.RELIABILITY_REPORT) process.stdout.write(`bad input: ${inputsTried} inputs, seed ${SEED}\n`);
});
