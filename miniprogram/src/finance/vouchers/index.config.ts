export default definePageConfig({ navigationBarTitleText: "收款凭证" });
