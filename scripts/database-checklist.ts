/**
 * `npm run db:checklist`: prints, from cloudbase/database.json, the
 * collections, security rules and indexes to create in a CloudBase
 * environment, as a Markdown checklist to follow in the console.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

interface Collection {
  name: string;
  rule: Record<string, unknown>;
  indexes: {
    name: string;
    keys: { field: string; direction: "asc" | "desc" }[];
    unique?: boolean;
  }[];
}

export const DATABASE_FILE = resolve(__dirname, "../cloudbase/database.json");

/** Renders the checklist of every collection in the database file. */
export function renderChecklist(collections: readonly Collection[]): string {
  const lines: string[] = [];
  for (const collection of collections) {
    lines.push(`- [ ] \`${collection.name}\``);
    lines.push(`  - [ ] security rule (自定义安全规则): \`${JSON.stringify(collection.rule)}\``);
    for (const index of collection.indexes) {
      const keys = index.keys.map((key) => `${key.field} ${key.direction}`).join(", ");
      lines.push(`  - [ ] index \`${index.name}\`${index.unique ? " (unique)" : ""}: ${keys}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

if (require.main === module) {
  const { collections } = JSON.parse(readFileSync(DATABASE_FILE, "utf8")) as {
    collections: Collection[];
  };
  process.stdout.write(renderChecklist(collections));
}
