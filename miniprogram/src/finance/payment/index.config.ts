export default definePageConfig({ navigationBarTitleText: "记录收款" });
