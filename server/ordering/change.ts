import { AppError } from "../../shared/errors";
import type { Runtime } from "../core/runtime";
import type { OrderChange, ReservationRecord } from "../store/port";
import type { OrderRecord } from "../store/records";

/** What a change step decides from a fresh snapshot: a change, or nothing to do. */
export type ChangeDecision =
  | { kind: "change"; change: Omit<OrderChange, "orderId" | "expectedVersion"> }
  | { kind: "unchanged"; order: OrderRecord };

const MAX_ATTEMPTS = 4;

/**
 * Reads an order and its reservations, lets `decide` compute the change,
 * and applies it guarded by the order's version. When another change wins
 * the race, it reads again and decides again, so a decision is always made
 * on the state it applies to.
 */
export async function changeOrder(
  runtime: Runtime,
  order: OrderRecord,
  decide: (order: OrderRecord, reservations: ReservationRecord[]) => Promise<ChangeDecision> | ChangeDecision,
): Promise<OrderRecord> {
  let current = order;
  for (let attempt = 1; ; attempt += 1) {
    const reservations = await runtime.store.getReservations(current.orderId);
    const decision = await decide(current, reservations);
    if (decision.kind === "unchanged") return decision.order;
    try {
      return await runtime.store.applyOrderChange({
        ...decision.change,
        orderId: current.orderId,
        expectedVersion: current.version ?? 0,
      });
    } catch (error) {
      const isRace = error instanceof AppError && error.code === "ORDER_STATE_CONFLICT";
      if (!isRace || attempt >= MAX_ATTEMPTS) throw error;
      const fresh = await runtime.store.getOrder(current.orderId);
      if (!fresh) throw new AppError("NOT_FOUND", `order ${current.orderId} not found`);
      current = fresh;
    }
  }
}

/** Stock and reservation changes that release everything still reserved. */
export function releaseAll(reservations: readonly ReservationRecord[]) {
  const active = reservations.filter((reservation) => reservation.state === "active");
  const bySku = new Map<string, number>();
  for (const reservation of active) {
    bySku.set(reservation.skuId, (bySku.get(reservation.skuId) ?? 0) + reservation.baseQuantity);
  }
  return {
    stockMoves: [...bySku].map(([skuId, quantity]) => ({ skuId, onHandDelta: 0, reservedDelta: -quantity })),
    reservationChanges: active.map((reservation) => ({
      lineNo: reservation.lineNo,
      baseDelta: -reservation.baseQuantity,
      endState: "released" as const,
    })),
  };
}
