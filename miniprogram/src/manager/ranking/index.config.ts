export default definePageConfig({ navigationBarTitleText: "商品销售排行" });
