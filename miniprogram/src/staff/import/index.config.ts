export default definePageConfig({ navigationBarTitleText: "表格导入" });
