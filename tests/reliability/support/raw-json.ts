/**
 * JSON values for hand-built request bodies. `JsonObject` keeps its
 * entries as a list, so a body may carry keys such as "__proto__" or the
 * same key twice, and `RawJson` inserts text verbatim, such as the number
 * literal 1e309 that JSON.stringify cannot produce.
 */

export class RawJson {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject | RawJson;

export class JsonObject {
  constructor(readonly entries: readonly (readonly [string, JsonValue])[] = []) {}

  static of(record: Record<string, JsonValue>): JsonObject {
    return new JsonObject(Object.entries(record));
  }

  has(key: string): boolean {
    return this.entries.some(([name]) => name === key);
  }

  get(key: string): JsonValue | undefined {
    return this.entries.find(([name]) => name === key)?.[1];
  }

  keys(): string[] {
    return this.entries.map(([name]) => name);
  }

  /** Replaces the value of `key`, or appends it when absent. */
  with(key: string, value: JsonValue): JsonObject {
    if (!this.has(key)) return new JsonObject([...this.entries, [key, value]]);
    return new JsonObject(this.entries.map(([name, old]) => [name, name === key ? value : old] as const));
  }

  without(key: string): JsonObject {
    return new JsonObject(this.entries.filter(([name]) => name !== key));
  }

  /** Appends `key` even if it is already present, so the text has it twice. */
  append(key: string, value: JsonValue): JsonObject {
    return new JsonObject([...this.entries, [key, value]]);
  }
}

export function raw(text: string): RawJson {
  return new RawJson(text);
}

/** Serialises a value; JSON.stringify rules apply to strings and numbers. */
export function toJsonText(value: JsonValue): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof JsonObject) {
    return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`).join(",")}}`;
  }
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  return JSON.stringify(value);
}

/** `depth` nested arrays around `inner`, as text (no recursion, so any depth works). */
export function nestedArrays(depth: number, inner = "1"): RawJson {
  return raw(`${"[".repeat(depth)}${inner}${"]".repeat(depth)}`);
}

/** `depth` nested objects {"a":{"a":...}} around `inner`, as text. */
export function nestedObjects(depth: number, inner = "1"): RawJson {
  return raw(`${'{"a":'.repeat(depth)}${inner}${"}".repeat(depth)}`);
}
