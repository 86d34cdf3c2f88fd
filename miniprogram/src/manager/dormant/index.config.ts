export default definePageConfig({ navigationBarTitleText: "沉睡客户" });
