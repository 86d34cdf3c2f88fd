export default definePageConfig({ navigationBarTitleText: "客户订货频次" });
