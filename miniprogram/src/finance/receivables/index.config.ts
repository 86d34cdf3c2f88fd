export default definePageConfig({ navigationBarTitleText: "应收账龄" });
