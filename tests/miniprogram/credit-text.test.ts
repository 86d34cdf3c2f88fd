import { ApiError } from "../../miniprogram/src/api/api-error";
import { describeError } from "../../miniprogram/src/api/error-text";
import { describeFlag } from "../../miniprogram/src/components/flag-text";

// The details checkCredit puts on CREDIT_BLOCKED for a monthly customer.
const OVERDUE_UNDER_LIMIT = {
  overdueFen: 256_000,
  outstandingFen: 256_000,
  openOrdersFen: 0,
  creditLimitFen: 2_000_000,
  orderTotalFen: 505,
};
const OVER_LIMIT_ONLY = {
  overdueFen: 0,
  outstandingFen: 1_800_000,
  openOrdersFen: 150_000,
  creditLimitFen: 2_000_000,
  orderTotalFen: 100_000,
};

function blocked(details?: unknown): ApiError {
  return new ApiError("CREDIT_BLOCKED", "the customer's credit does not allow this order", details);
}

describe("describeError for CREDIT_BLOCKED", () => {
  it("sends the customer to their salesperson", () => {
    const lines = describeError(blocked(OVERDUE_UNDER_LIMIT), {}, "customer");
    expect(lines[0]).toBe("账户有逾期欠款，暂不能下单，请联系您的业务员");
    expect(lines).toContain("逾期欠款 ¥2,560.00");
    expect(lines.join("\n")).not.toContain("超出信用额度");
  });

  it("tells a customer over the limit why", () => {
    const lines = describeError(blocked(OVER_LIMIT_ONLY), {}, "customer");
    expect(lines[0]).toBe("本单超出账户信用额度，暂不能下单，请联系您的业务员");
    expect(lines.join("\n")).not.toContain("逾期");
  });

  it.each(["salesperson", "clerk", "manager"] as const)("gives the %s the overdue amount and remedies", (role) => {
    const text = describeError(blocked(OVERDUE_UNDER_LIMIT), {}, role).join("\n");
    expect(text).not.toContain("联系");
    expect(text).toContain("逾期欠款 ¥2,560.00");
    expect(text).not.toContain("超出信用额度");
    expect(text).toContain("登记客户回款");
    expect(text).toContain("由内勤放行");
  });

  it("gives staff the limit amounts", () => {
    const lines = describeError(blocked(OVER_LIMIT_ONLY), {}, "salesperson");
    expect(lines).toContain("超出信用额度：额度 ¥20,000.00，已欠 ¥18,000.00，未结订单 ¥1,500.00，本单 ¥1,000.00");
    expect(lines.join("\n")).not.toContain("逾期欠款");
  });

  it("lists both problems for staff", () => {
    const details = { ...OVER_LIMIT_ONLY, overdueFen: 50_000 };
    const lines = describeError(blocked(details), {}, "clerk");
    expect(lines).toContain("逾期欠款 ¥500.00");
    expect(lines.some((line) => line.startsWith("超出信用额度"))).toBe(true);
  });

  it("words an error without details by role", () => {
    expect(describeError(blocked(), {}, "customer")).toEqual(["账户信用受限，暂不能下单，请联系您的业务员"]);
    const staff = describeError(blocked(), {}, "salesperson");
    expect(staff[0]).toBe("该客户信用受限，本单未能提交");
    expect(staff.join("\n")).not.toContain("联系");
  });
});

describe("describeFlag for CREDIT_HOLD", () => {
  it("names overdue debt under the limit", () => {
    const text = describeFlag({ code: "CREDIT_HOLD", details: { overdueFen: 256_000 } });
    expect(text).toContain("有逾期欠款 ¥2,560.00");
    expect(text).not.toContain("超");
  });

  it("names the limit with its amounts", () => {
    const { overdueFen: _none, ...limitDetails } = OVER_LIMIT_ONLY;
    const text = describeFlag({ code: "CREDIT_HOLD", details: limitDetails });
    expect(text).toContain("超出信用额度：额度 ¥20,000.00，已欠 ¥18,000.00，未结订单 ¥1,500.00，本单 ¥1,000.00");
    expect(text).not.toContain("逾期");
  });

  it("names both problems", () => {
    const text = describeFlag({ code: "CREDIT_HOLD", details: { ...OVER_LIMIT_ONLY, overdueFen: 50_000 } });
    expect(text).toContain("有逾期欠款 ¥500.00");
    expect(text).toContain("超出信用额度");
  });

  it("claims no reason without details", () => {
    const text = describeFlag({ code: "CREDIT_HOLD" });
    expect(text).not.toContain("超限");
    expect(text).not.toContain("逾期");
  });
});
