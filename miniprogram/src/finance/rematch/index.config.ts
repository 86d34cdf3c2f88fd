export default definePageConfig({ navigationBarTitleText: "手动匹配" });
