const TAB_PAGES = [
  { pagePath: "pages/home/index", text: "首页" },
  { pagePath: "pages/catalog/index", text: "商品" },
  { pagePath: "pages/cart/index", text: "购物车" },
  { pagePath: "pages/orders/index", text: "订单" },
  { pagePath: "pages/me/index", text: "我的" },
];

// The demo sign-in exists only in h5: in weapp the openid identifies the
// caller, so the home page is the first page there.
const SIGN_IN_PAGES =
  process.env.TARO_ENV === "h5" ? ["pages/sign-in/index"] : [];

export default defineAppConfig({
  pages: [
    ...SIGN_IN_PAGES,
    ...TAB_PAGES.map((tab) => tab.pagePath),
    "pages/order-detail/index",
  ],
  // Staff pages load only when staff open them, which keeps the main
  // package that every customer downloads small.
  subPackages: [
    {
      root: "staff",
      pages: [
        "customers/index",
        "review/index",
        "amend/index",
        "import/index",
      ],
    },
    {
      // The owner's dashboard and reports, for the manager and finance.
      root: "manager",
      pages: [
        "dashboard/index",
        "orders/index",
        "trend/index",
        "frequency/index",
        "ranking/index",
        "dormant/index",
      ],
    },
    {
      // Pick queue, picking, shipping and receipt on the customer's behalf.
      root: "warehouse",
      pages: ["queue/index", "pick/index", "ship/index", "receipt/index"],
    },
    {
      root: "finance",
      pages: [
        "home/index",
        "payment/index",
        "unmatched/index",
        "vouchers/index",
        "reconciliation/index",
        "statement/index",
        "receivables/index",
        "rematch/index",
      ],
    },
    {
      // The customer's inbox and statement, opened from the "我的" tab, and
      // the statement a share link opens without sign-in.
      root: "account",
      pages: ["inbox/index", "statement/index", "shared-statement/index"],
    },
  ],
  window: {
    navigationBarBackgroundColor: "#ffffff",
    navigationBarTextStyle: "black",
    navigationBarTitleText: "订货台",
    backgroundColor: "#f5f6f7",
  },
  tabBar: {
    color: "#666666",
    selectedColor: "#1a73e8",
    backgroundColor: "#ffffff",
    borderStyle: "black",
    list: TAB_PAGES,
  },
});
