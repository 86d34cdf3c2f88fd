export default definePageConfig({ navigationBarTitleText: "未匹配收款" });
