// The share button hands a statement link to WeChat's share card, which
// needs the page's onShareAppMessage.
export default definePageConfig({ navigationBarTitleText: "对账单", enableShareAppMessage: true });
