import { Input, Picker, Text, View } from "@tarojs/components";

import { REGION_GROUPS } from "../../../../shared/regions";

const REGION_CHOICES = ["全部大区", ...REGION_GROUPS];

/** A date or month picker. With `fields="month"` it picks "YYYY-MM". */
export function DateFilter(props: {
  label: string;
  value: string;
  fields?: "day" | "month";
  onChange: (value: string) => void;
}) {
  return (
    <Picker
      mode="date"
      fields={props.fields ?? "day"}
      value={props.value}
      onChange={(event) => props.onChange(String(event.detail.value))}
    >
      <View className="manager-filter">
        {props.label}：{props.value} ▾
      </View>
    </Picker>
  );
}

/** Picks one region group, or all of them (undefined). */
export function RegionFilter(props: {
  value?: string;
  onChange: (value?: string) => void;
}) {
  const index = props.value ? REGION_CHOICES.indexOf(props.value) : 0;
  return (
    <Picker
      mode="selector"
      range={REGION_CHOICES}
      value={Math.max(index, 0)}
      onChange={(event) => {
        const choice = Number(event.detail.value);
        props.onChange(choice === 0 ? undefined : REGION_CHOICES[choice]);
      }}
    >
      <View className="manager-filter">大区：{props.value ?? "全部"} ▾</View>
    </Picker>
  );
}

/** A free-text filter applied on blur or confirm, e.g. a category name. */
export function TextFilter(props: {
  label: string;
  value?: string;
  placeholder: string;
  onChange: (value?: string) => void;
}) {
  const apply = (text: string) =>
    props.onChange(text.trim() === "" ? undefined : text.trim());
  return (
    <View className="manager-filter">
      <Text>{props.label}：</Text>
      <Input
        className="manager-filter__input"
        value={props.value ?? ""}
        placeholder={props.placeholder}
        onBlur={(event) => apply(String(event.detail.value))}
        onConfirm={(event) => apply(String(event.detail.value))}
      />
    </View>
  );
}
