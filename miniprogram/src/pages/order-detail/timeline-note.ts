import { formatYuan } from "../../../../shared/money";
import type { TimelineEvent } from "../../../../shared/schemas/order";

interface SummaryLine {
  skuId: string;
  unit: string;
  quantity: number;
}

function summaryLines(value: unknown): SummaryLine[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (line): line is SummaryLine =>
      typeof line === "object" &&
      line !== null &&
      typeof (line as SummaryLine).skuId === "string" &&
      typeof (line as SummaryLine).unit === "string" &&
      typeof (line as SummaryLine).quantity === "number",
  );
}

/**
 * Describes an amendment from its event data: the total before and after,
 * and how many lines were added, removed or changed in quantity.
 */
function amendmentNote(data: Record<string, unknown>): string | null {
  const parts: string[] = [];
  const { beforeTotalFen, afterTotalFen } = data;
  if (typeof beforeTotalFen === "number" && typeof afterTotalFen === "number") {
    parts.push(`金额 ${formatYuan(beforeTotalFen)} → ${formatYuan(afterTotalFen)}`);
  }

  const before = new Map(summaryLines(data.before).map((line) => [`${line.skuId}|${line.unit}`, line.quantity]));
  const after = new Map(summaryLines(data.after).map((line) => [`${line.skuId}|${line.unit}`, line.quantity]));
  const added = [...after.keys()].filter((key) => !before.has(key)).length;
  const removed = [...before.keys()].filter((key) => !after.has(key)).length;
  const changed = [...after].filter(([key, quantity]) => before.has(key) && before.get(key) !== quantity).length;
  const counts = [
    added > 0 ? `新增 ${added} 种` : "",
    removed > 0 ? `删除 ${removed} 种` : "",
    changed > 0 ? `改数量 ${changed} 种` : "",
  ].filter((text) => text !== "");
  if (counts.length > 0) parts.push(counts.join("，"));
  if (data.reprice === true) parts.push("按今日价格重算");
  return parts.length > 0 ? parts.join("；") : null;
}

/** Returns the note under a timeline event: a reason, or what an amendment changed. */
export function timelineNote(event: TimelineEvent): string | null {
  const data = event.data ?? {};
  if (typeof data.reason === "string") return `原因：${data.reason}`;
  if (event.action === "order.amended") return amendmentNote(data);
  return null;
}
