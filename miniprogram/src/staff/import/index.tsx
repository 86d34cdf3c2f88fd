import { Text, View } from "@tarojs/components";

export default function ImportPage() {
  return (
    <View className="page">
      <Text className="hint">表格导入</Text>
    </View>
  );
}
