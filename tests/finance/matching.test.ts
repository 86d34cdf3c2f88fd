import { matchAmount } from "../../server/finance/matching";
import type { ReceivableRecord } from "../../server/store/records";

function receivable(id: string, orderId: string, amountFen: number, dueDay: number, paidFen = 0): ReceivableRecord {
  return { receivableId: id, customerId: "C-1", orderId, amountFen, paidFen, dueAt: dueDay * 86_400_000, createdAt: dueDay };
}

const OPEN = [
  receivable("r-new", "o-3", 30000, 30),
  receivable("r-old", "o-1", 10000, 10),
  receivable("r-mid-a", "o-2", 12000, 20),
  receivable("r-mid-b", "o-2", 8000, 21, 3000),
];

describe("matchAmount", () => {
  it.each([
    // amount, expected allocations [receivableId, fen, mode], remainder
    [17000, [["r-mid-a", 12000, "exact"], ["r-mid-b", 5000, "exact"]], 0],
    [30000, [["r-new", 30000, "exact"]], 0],
    [10000, [["r-old", 10000, "exact"]], 0],
    [15000, [["r-old", 10000, "oldest"], ["r-mid-a", 5000, "oldest"]], 0],
    [60000, [["r-old", 10000, "oldest"], ["r-mid-a", 12000, "oldest"], ["r-mid-b", 5000, "oldest"], ["r-new", 30000, "oldest"]], 3000],
    [1, [["r-old", 1, "oldest"]], 0],
  ] as const)("matches %d fen", (amount, expected, remainder) => {
    const result = matchAmount(amount, OPEN);
    expect(result.allocations.map((a) => [a.receivableId, a.amountFen, a.mode])).toEqual(expected);
    expect(result.remainderFen).toBe(remainder);
    const allocated = result.allocations.reduce((sum, a) => sum + a.amountFen, 0);
    expect(allocated + result.remainderFen).toBe(amount);
  });

  it("keeps everything as credit when nothing is owed", () => {
    expect(matchAmount(5000, [])).toEqual({ allocations: [], remainderFen: 5000 });
  });
});
