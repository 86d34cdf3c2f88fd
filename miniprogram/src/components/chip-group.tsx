import { Text, View } from "@tarojs/components";

import "./chip-group.css";

export interface ChipOption {
  key: string;
  label: string;
}

interface ChipGroupProps {
  options: readonly ChipOption[];
  selectedKey: string;
  onSelect: (key: string) => void;
  /** data-testid of the group; each chip gets `${testId}-option`. */
  testId: string;
}

/** One-tap choice among a few options, e.g. a SKU's specs or units. */
export function ChipGroup({
  options,
  selectedKey,
  onSelect,
  testId,
}: ChipGroupProps) {
  return (
    <View className="chip-group" data-testid={testId}>
      {options.map((option) => {
        const isSelected = option.key === selectedKey;
        return (
          <View
            key={option.key}
            className={isSelected ? "chip chip--selected" : "chip"}
            data-testid={`${testId}-option`}
            data-key={option.key}
            data-selected={isSelected ? "true" : "false"}
            onClick={() => onSelect(option.key)}
          >
            <Text>{option.label}</Text>
          </View>
        );
      })}
    </View>
  );
}
