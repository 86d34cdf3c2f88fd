/**
 * Reads that page past CloudBase's per-request caps. A `get()` returns 100
 * documents unless a limit is set and at most 1,000 (@cloudbase/database
 * 1.4.3, query.ts). So every read that can match more keeps requesting the
 * next keyset page until a page comes back empty. Stopping at the first
 * short page would save one request, but it would silently truncate a list
 * if the server capped pages below the requested limit.
 */

import type { StoreContext } from "./context";
import type { CollectionName } from "./documents";
import { documentsOf, type StoredDocument } from "./sdk";

/** Most documents one `get()` may return. */
export const MAX_PAGE_SIZE = 1000;

/** Most values one `_.in()` condition carries, to keep requests small. */
export const MAX_IN_VALUES = 100;

export type Direction = "asc" | "desc";

export interface KeysetQuery {
  collection: CollectionName;
  /** Conditions that all must hold. */
  conditions: object[];
  /**
   * Sort fields, most significant first; `_id` always breaks ties in the
   * same direction. Leave it out to sort by `_id` alone.
   */
  sortFields?: readonly string[];
  direction: Direction;
  /**
   * Start after this position (exclusive): the values of the sort fields,
   * in the same order, and the `_id`.
   */
  after?: { sortValues?: readonly unknown[]; id: string };
  /** Stop once this many documents are read; unlimited when absent. */
  limit?: number;
}

/** Joins conditions with `_.and`, which CloudBase needs for several. */
export function allOf(context: StoreContext, conditions: object[]): object {
  if (conditions.length === 0) return {};
  if (conditions.length === 1) return conditions[0];
  return context.command.and(conditions);
}

/**
 * Builds the condition "comes after `after`" in the query's sort order.
 * For keys (a, b, _id) that is a > x, or a = x and b > y, or a = x and
 * b = y and _id > id, with < in place of > when sorting descending.
 */
function afterCondition(
  context: StoreContext,
  query: KeysetQuery,
  after: { sortValues?: readonly unknown[]; id: string },
): object {
  const _ = context.command;
  const beyond = (value: unknown) =>
    query.direction === "asc" ? _.gt(value) : _.lt(value);
  const fields = [...(query.sortFields ?? []), "_id"];
  const values = [...(after.sortValues ?? []), after.id];
  if (values.length !== fields.length) {
    throw new Error(
      `keyset position has ${values.length} values for the sort keys ${fields.join(", ")}`,
    );
  }

  const alternatives = fields.map((field, position) => {
    const condition: Record<string, unknown> = {};
    for (let earlier = 0; earlier < position; earlier += 1) {
      condition[fields[earlier]] = values[earlier];
    }
    condition[field] = beyond(values[position]);
    return condition;
  });
  return alternatives.length === 1 ? alternatives[0] : _.or(alternatives);
}

/** Reads matching documents in sort order, one keyset page at a time. */
export async function readByKeyset(
  context: StoreContext,
  query: KeysetQuery,
): Promise<StoredDocument[]> {
  const results: StoredDocument[] = [];
  let after = query.after;

  for (;;) {
    const wanted =
      query.limit === undefined
        ? MAX_PAGE_SIZE
        : Math.min(MAX_PAGE_SIZE, query.limit - results.length);
    if (wanted <= 0) return results;

    const conditions = after
      ? [...query.conditions, afterCondition(context, query, after)]
      : query.conditions;
    let request = context
      .collection(query.collection)
      .where(allOf(context, conditions));
    for (const field of query.sortFields ?? []) {
      request = request.orderBy(field, query.direction);
    }
    const page = documentsOf(
      await request.orderBy("_id", query.direction).limit(wanted).get(),
    );

    if (page.length === 0) return results;
    results.push(...page);
    const last = page[page.length - 1];
    after = {
      sortValues: (query.sortFields ?? []).map((field) => last[field]),
      id: last._id,
    };
  }
}

/** Reads the documents with these ids, in chunks; missing ids are skipped. */
export async function readByIds(
  context: StoreContext,
  collection: CollectionName,
  ids: readonly string[],
): Promise<Map<string, StoredDocument>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, StoredDocument>();

  for (let start = 0; start < unique.length; start += MAX_IN_VALUES) {
    const chunk = unique.slice(start, start + MAX_IN_VALUES);
    const page = await readByKeyset(context, {
      collection,
      conditions: [{ _id: context.command.in(chunk) }],
      direction: "asc",
    });
    for (const document of page) found.set(document._id, document);
  }
  return found;
}

/** Reads one document outside a transaction; null when it does not exist. */
export async function readDocument(
  context: StoreContext,
  collection: CollectionName,
  id: string,
): Promise<StoredDocument | null> {
  const [document] = documentsOf(
    await context.collection(collection).doc(id).get(),
  );
  return document ?? null;
}
