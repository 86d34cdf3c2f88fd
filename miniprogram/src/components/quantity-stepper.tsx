import { useEffect, useState } from "react";
import { Button, Input, View } from "@tarojs/components";

import { snapQuantity, stepQuantity } from "../catalog/products";
import { presentIf } from "./present-if";
import "./quantity-stepper.css";

interface QuantityStepperProps {
  value: number;
  minQuantity: number;
  stepQuantity: number;
  onChange: (quantity: number) => void;
  testId: string;
}

/**
 * Renders a − / input / + control that settles only on allowed quantities.
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
  const [draft, setDraft] = useState(String(value));

  useEffect(() => setDraft(String(value)), [value]);

  function commit(text: string): void {
    const snapped = snapQuantity(Number.parseInt(text, 10), rule);
    setDraft(String(snapped));
    if (snapped !== value) onChange(snapped);
  }

  return (
    <View className="stepper" data-testid={testId}>
      <Button
        className="stepper__button"
        data-testid={`${testId}-minus`}
        size="mini"
        disabled={presentIf(value <= minQuantity)}
        onClick={() => onChange(stepQuantity(value, rule, -1))}
      >
        −
      </Button>
      <Input
        className="stepper__input"
        data-testid={`${testId}-input`}
        type="number"
        value={draft}
        onInput={(event) => setDraft(event.detail.value)}
        onBlur={(event) => commit(event.detail.value)}
        onConfirm={(event) => commit(event.detail.value)}
      />
      <Button
        className="stepper__button"
        data-testid={`${testId}-plus`}
        size="mini"
        onClick={() => onChange(stepQuantity(value, rule, 1))}
      >
        +
      </Button>
    </View>
  );
}
