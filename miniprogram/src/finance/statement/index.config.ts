export default definePageConfig({ navigationBarTitleText: "客户对账单" });
