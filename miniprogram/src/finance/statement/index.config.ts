// The share button hands a statement link to WeChat's share card, which
// needs the page's onShareAppMessage.
export default definePageConfig({ navigationBarTitleText: "客户对账单", enableShareAppMessage: true });
