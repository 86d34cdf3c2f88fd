import { chinaDate } from "../../shared/china-time";
import { AppError, type ShortLine } from "../../shared/errors";
import { sumFen } from "../../shared/money";
import { lineAmountFen } from "../../shared/pricing";
import { NEGOTIATING_ROLES } from "../../shared/roles";
import type {
  AddressSnapshot,
  CartLineInput,
  OrderChannel,
  OrderFlag,
  OrderView,
  PlaceInput,
  Quote,
  QuoteInput,
} from "../../shared/schemas/order";
import { wholeUnits } from "../../shared/units";
import { resolveActingCustomer } from "../core/access";
import type { Caller } from "../core/caller";
import { hashCanonical, newId } from "../core/ids";
import type { Runtime } from "../core/runtime";
import type { StockShortage } from "../store/port";
import type { CustomerRecord, OrderRecord } from "../store/records";
import { checkCredit } from "./credit";
import { priceLines, type PricedLine } from "./pricing-lines";
import { toOrderView } from "./views";

function assertMayNegotiate(caller: Caller, lines: readonly CartLineInput[]): void {
  if (lines.every((line) => line.negotiatedPriceFen === undefined)) return;
  if (!NEGOTIATING_ROLES.includes(caller.role)) {
    throw new AppError("FORBIDDEN", "only a salesperson, clerk or manager may set a negotiated price");
  }
}

/**
 * Flags an order whose lines carry negotiated prices, with the reason and
 * the amounts the clerk compares: those lines at the customer's own
 * prices and at the negotiated ones.
 */
function negotiatedPriceFlag(lines: readonly PricedLine[], reason: string | undefined): OrderFlag[] {
  const negotiated = lines.filter((line) => line.priceSource === "negotiated");
  if (negotiated.length === 0) return [];
  return [
    {
      code: "PRICE_OVERRIDDEN",
      details: {
        reason: reason ?? "",
        lineCount: negotiated.length,
        standardFen: sumFen(negotiated.map((line) => lineAmountFen(line.standardPriceFen ?? line.priceFen, line.quantity))),
        negotiatedFen: sumFen(negotiated.map((line) => line.amountFen)),
      },
    },
  ];
}

/** Prices a cart for the acting customer and reports availability; reserves nothing. */
export async function quoteOrder(
  runtime: Runtime,
  caller: Caller,
  input: QuoteInput,
): Promise<Quote> {
  assertMayNegotiate(caller, input.lines);
  const customer = await resolveActingCustomer(runtime.store, caller, input.customerId);
  const lines = await priceLines(runtime, customer, input.lines);
  return {
    customerId: customer.customerId,
    lines: lines.map((line) => ({
      skuId: line.skuId,
      name: line.name,
      specs: line.specs,
      unit: line.unit,
      quantity: line.quantity,
      priceFen: line.priceFen,
      listPriceFen: line.listPriceFen,
      priceSource: line.priceSource,
      ...(line.standardPriceFen === undefined ? {} : { standardPriceFen: line.standardPriceFen }),
      amountFen: line.amountFen,
      available: line.available,
      isShort: line.quantity > line.available,
    })),
    totalFen: sumFen(lines.map((line) => line.amountFen)),
  };
}

function channelOf(caller: Caller): OrderChannel {
  if (caller.role === "customer") return "customer";
  if (caller.role === "salesperson") return "salesperson";
  return "clerk";
}

function pickAddress(
  customer: CustomerRecord,
  addressId: string | undefined,
): AddressSnapshot | undefined {
  const address = addressId
    ? customer.addresses.find((candidate) => candidate.addressId === addressId)
    : (customer.addresses.find((candidate) => candidate.isDefault) ?? customer.addresses[0]);
  if (addressId && !address) {
    throw new AppError("INVALID_INPUT", `address ${addressId} is not one of the customer's`, [
      { path: ["addressId"], code: "unknown_address", message: "unknown address" },
    ]);
  }
  if (!address) return undefined;
  const { isDefault: _isDefault, ...snapshot } = address;
  return snapshot;
}

/** Converts base-unit shortages to the units the customer ordered in. */
function toShortLines(shortages: readonly StockShortage[], lines: readonly PricedLine[]): ShortLine[] {
  return shortages.map((shortage) => {
    const line = lines[shortage.lineNo - 1];
    return {
      skuId: shortage.skuId,
      unit: line.unit,
      requested: line.quantity,
      available: wholeUnits(shortage.availableBase, line.factor),
    };
  });
}

/**
 * Places an order: re-prices on the server, checks credit, and has the
 * store reserve every line or none in one atomic step. A request id the
 * caller already used returns the first order.
 */
export async function placeOrder(
  runtime: Runtime,
  caller: Caller,
  input: PlaceInput,
): Promise<OrderView> {
  assertMayNegotiate(caller, input.lines);
  const customer = await resolveActingCustomer(runtime.store, caller, input.customerId);
  const requestHash = hashCanonical({
    customerId: customer.customerId,
    lines: input.lines,
    addressId: input.addressId,
    remark: input.remark,
    priceReason: input.priceReason,
  });
  const earlier = await runtime.store.findOrderByRequest(caller.userId, input.requestId);
  if (earlier) {
    // A replay returns the first order even if prices, stock or credit
    // changed since; the store repeats this check inside its transaction.
    if (earlier.requestHash !== requestHash) {
      throw new AppError(
        "IDEMPOTENCY_CONFLICT",
        `request id ${input.requestId} was already used for a different order`,
        { orderId: earlier.orderId },
      );
    }
    return toOrderView(earlier, undefined, caller.role);
  }

  const lines = await priceLines(runtime, customer, input.lines);
  const totalFen = sumFen(lines.map((line) => line.amountFen));
  const priceFlags = negotiatedPriceFlag(lines, input.priceReason);
  const now = runtime.now();

  const orderId = newId("ord");
  const order: Omit<OrderRecord, "orderNo"> = {
    orderId,
    customerId: customer.customerId,
    customerName: customer.name,
    status: "pending_review",
    channel: channelOf(caller),
    placedBy: caller.userId,
    lines: lines.map(({ available: _available, ...line }) => line),
    totalFen,
    address: pickAddress(customer, input.addressId),
    ...(input.remark ? { remark: input.remark } : {}),
    flags: priceFlags,
    paymentStatus: "unpaid",
    createdAt: now,
    updatedAt: now,
    requestId: input.requestId,
    requestHash,
  };

  try {
    const result = await runtime.store.placeOrder({
      order,
      orderDate: chinaDate(now),
      reservations: lines.map((line) => ({
        lineNo: line.lineNo,
        skuId: line.skuId,
        baseQuantity: line.baseQuantity,
      })),
      creditCheck: (exposure) => [...priceFlags, ...checkCredit(customer, exposure, totalFen)],
      creditCheckNeedsOpenOrders: customer.paymentTerms.kind === "monthly",
      event: {
        eventId: newId("evt"),
        entityType: "order",
        entityId: orderId,
        action: "order.placed",
        actorId: caller.userId,
        actorRole: caller.role,
        at: now,
        data: {
          channel: order.channel,
          totalFen,
          ...(priceFlags.length > 0 ? { priceReason: input.priceReason } : {}),
        },
      },
    });
    return toOrderView(result.order, undefined, caller.role);
  } catch (error) {
    if (error instanceof AppError && error.code === "INSUFFICIENT_STOCK") {
      throw new AppError(
        "INSUFFICIENT_STOCK",
        error.message,
        toShortLines(error.details as StockShortage[], lines),
      );
    }
    throw error;
  }
}
