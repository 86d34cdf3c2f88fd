export default definePageConfig({ navigationBarTitleText: "修改订单" });
