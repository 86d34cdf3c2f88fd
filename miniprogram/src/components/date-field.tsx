import { Picker, Text, View } from "@tarojs/components";

import "./date-field.css";

interface DateFieldProps {
  label: string;
  /** "YYYY-MM-DD", or "YYYY-MM" when `isMonth`. */
  value: string;
  onChange: (value: string) => void;
  isMonth?: boolean;
  /** Latest selectable value, in the same format as `value`. */
  end?: string;
  testId: string;
}

/**
 * A labelled row that opens the platform's date picker: WeChat's native
 * picker in weapp, Taro's picker in h5.
 */
export function DateField({ label, value, onChange, isMonth = false, end, testId }: DateFieldProps) {
  return (
    <Picker
      mode="date"
      fields={isMonth ? "month" : "day"}
      value={value}
      end={end}
      onChange={(event) => onChange(String(event.detail.value))}
    >
      <View className="date-field" data-testid={testId} data-value={value}>
        <Text className="date-field__label">{label}</Text>
        <Text className="date-field__value">{value} ›</Text>
      </View>
    </Picker>
  );
}
