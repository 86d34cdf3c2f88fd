export default definePageConfig({ navigationBarTitleText: "发货" });
