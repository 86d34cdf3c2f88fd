export default definePageConfig({ navigationBarTitleText: "订货台" });
