import { useRef } from "react";
import { View } from "@tarojs/components";

import { snapQuantity, stepQuantity } from "../catalog/products";
import { InputNumber } from "../ui/nutui";
import "./quantity-stepper.css";

// The server's largest quantity per line (QuantitySchema).
const MAX_QUANTITY = 1_000_000;

interface QuantityStepperProps {
  value: number;
  minQuantity: number;
  stepQuantity: number;
  onChange: (quantity: number) => void;
  /** data-testid of the wrapper; NutUI's parts carry nut-inputnumber-* classes. */
  testId: string;
}

/**
 * Renders NutUI's − / input / + control so that it settles only on allowed
 * quantities: minQuantity, then minQuantity + stepQuantity, and so on.
 * The buttons move by the step, and a typed number is rounded up to the
 * next allowed value when the input loses focus.
 */
export function QuantityStepper({
  value,
  minQuantity,
  stepQuantity: step,
  onChange,
  testId,
}: QuantityStepperProps) {
  const rule = { minQuantity, stepQuantity: step };
  // NutUI reports typing as a string change; it is committed on blur.
  const typed = useRef<string | null>(null);

  function commit(quantity: number): void {
    const snapped = snapQuantity(quantity, rule);
    if (snapped !== value) onChange(snapped);
  }

  function commitTyped(): void {
    const text = typed.current;
    typed.current = null;
    if (text !== null) commit(Number.parseInt(text, 10));
  }

  return (
    <View
      className="stepper"
      data-testid={testId}
      data-min={minQuantity}
      data-step={step}
    >
      <InputNumber
        value={value}
        min={minQuantity}
        max={MAX_QUANTITY}
        step={step}
        type="number"
        onPlus={() => onChange(stepQuantity(value, rule, 1))}
        onMinus={() => onChange(stepQuantity(value, rule, -1))}
        onChange={(next) => {
          if (typeof next === "string") typed.current = next;
        }}
        onBlur={commitTyped}
      />
    </View>
  );
}
