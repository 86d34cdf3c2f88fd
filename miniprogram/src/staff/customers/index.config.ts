export default definePageConfig({ navigationBarTitleText: "选择客户" });
