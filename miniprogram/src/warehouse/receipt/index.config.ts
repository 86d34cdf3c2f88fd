export default definePageConfig({ navigationBarTitleText: "代客签收" });
