/**
 * Query shapes of recorded CloudBase requests, and whether an index of
 * cloudbase/database.json serves them. Used by the test that keeps that
 * file in step with the queries the adapter sends.
 */

import { BSONRegExp } from "bson";

import type { RecordedRequest } from "./cloudbase-endpoint";

/** The fields one query filters and sorts on, `_id` left out. */
export interface QueryShape {
  collection: string;
  /** Fields compared by value or range, in $and and $or branches too. */
  filterFields: string[];
  /** Fields matched by a regular expression (a search). */
  regexFields: string[];
  sortFields: string[];
}

export interface IndexKey {
  field: string;
  direction: "asc" | "desc";
}

export interface IndexDefinition {
  name: string;
  keys: IndexKey[];
  unique?: boolean;
}

export interface ScanDefinition {
  /** The regular-expression fields of a search that no index serves. */
  regexFields: string[];
  reason: string;
}

export interface CollectionDefinition {
  name: string;
  rule: Record<string, unknown>;
  indexes: IndexDefinition[];
  scans?: ScanDefinition[];
}

export interface DatabaseDefinition {
  collections: CollectionDefinition[];
}

function collectFields(query: unknown, filterFields: Set<string>, regexFields: Set<string>): void {
  if (typeof query !== "object" || query === null) return;
  for (const [key, condition] of Object.entries(query)) {
    if (key === "$and" || key === "$or") {
      for (const branch of condition as unknown[]) collectFields(branch, filterFields, regexFields);
    } else if (key !== "_id") {
      (condition instanceof BSONRegExp ? regexFields : filterFields).add(key);
    }
  }
}

/** Tells whether the query names one document by `_id`, as a guarded update does. */
function namesOneId(query: Record<string, unknown> | undefined): boolean {
  return typeof query?._id === "string";
}

/**
 * Returns the shape of a query request, or null for a request that reaches
 * documents by `_id` (a document read or write, or a guarded update).
 */
export function shapeOf(request: RecordedRequest): QueryShape | null {
  if (request.queryType === "DOC" || request.collection === undefined) return null;
  if (request.action !== "database.getDocument" && request.action !== "database.modifyDocument") {
    return null;
  }
  if (namesOneId(request.query)) return null;
  const filterFields = new Set<string>();
  const regexFields = new Set<string>();
  collectFields(request.query ?? {}, filterFields, regexFields);
  const sortFields = Object.keys(request.order ?? {}).filter((field) => field !== "_id");
  return {
    collection: request.collection,
    filterFields: [...filterFields].sort(),
    regexFields: [...regexFields].sort(),
    sortFields,
  };
}

/**
 * Tells whether an index serves a query: its leading fields (before
 * `_id`) are fields the query filters or sorts on, at least one of them,
 * and every sort field is among them. A query on `_id` alone is served by
 * the `_id` index every collection has.
 */
export function isServed(shape: QueryShape, indexes: readonly IndexDefinition[]): boolean {
  const used = new Set([...shape.filterFields, ...shape.sortFields]);
  if (used.size === 0 && shape.regexFields.length === 0) return true;
  return indexes.some((index) => {
    const fields = index.keys.map((key) => key.field).filter((field) => field !== "_id");
    const prefix: string[] = [];
    for (const field of fields) {
      if (!used.has(field)) break;
      prefix.push(field);
    }
    return prefix.length > 0 && shape.sortFields.every((field) => prefix.includes(field));
  });
}

/** Tells whether a declared scan covers a search that no index serves. */
export function isDeclaredScan(shape: QueryShape, scans: readonly ScanDefinition[]): boolean {
  return scans.some(
    (scan) =>
      shape.regexFields.length > 0 &&
      shape.regexFields.every((field) => scan.regexFields.includes(field)),
  );
}

/** Formats a shape as stable text, for failure messages and de-duplication. */
export function describeShape(shape: QueryShape): string {
  const parts = [
    `filter [${shape.filterFields.join(", ")}]`,
    ...(shape.regexFields.length ? [`regex [${shape.regexFields.join(", ")}]`] : []),
    ...(shape.sortFields.length ? [`sort [${shape.sortFields.join(", ")}]`] : []),
  ];
  return `${shape.collection}: ${parts.join(" ")}`;
}
