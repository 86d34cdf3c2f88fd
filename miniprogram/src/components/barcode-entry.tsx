import { useState } from "react";
import Taro from "@tarojs/taro";
import { Input, View } from "@tarojs/components";

import { findByBarcode, type BarcodeMatch } from "../api/catalog";
import { Button } from "../ui/nutui";
import { ErrorBanner } from "./error-banner";
import "./barcode-entry.css";

interface BarcodeEntryProps {
  customerId: string | undefined;
  onFound: (match: BarcodeMatch) => void;
}

const BARCODE_PATTERN = /^\d{6,14}$/;

/**
 * Adds an item by barcode: the camera scanner in weapp, a barcode field
 * in h5 (where a USB scanner types into it like a keyboard).
 */
export function BarcodeEntry({ customerId, onFound }: BarcodeEntryProps) {
  const [code, setCode] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [isLooking, setLooking] = useState(false);

  async function lookUp(barcode: string): Promise<void> {
    const trimmed = barcode.trim();
    if (!BARCODE_PATTERN.test(trimmed)) {
      void Taro.showToast({ title: "条码应为 6-14 位数字", icon: "none" });
      return;
    }
    setLooking(true);
    setError(null);
    try {
      onFound(await findByBarcode(trimmed, customerId));
      setCode("");
    } catch (failure) {
      setError(failure);
    } finally {
      setLooking(false);
    }
  }

  async function scan(): Promise<void> {
    try {
      const result = await Taro.scanCode({
        onlyFromCamera: true,
        scanType: ["barCode"],
      });
      await lookUp(result.result);
    } catch {
      // The person closed the scanner; nothing to do.
    }
  }

  return (
    <View className="barcode-entry" data-testid="barcode-entry">
      {process.env.TARO_ENV === "weapp" ? (
        <Button block type="primary" onClick={() => void scan()}>
          扫码加购
        </Button>
      ) : (
        <View className="barcode-entry__row">
          <Input
            className="barcode-entry__input"
            data-testid="barcode-input"
            type="number"
            placeholder="输入或扫描条码"
            value={code}
            confirmType="done"
            onInput={(event) => setCode(event.detail.value)}
            onConfirm={(event) => void lookUp(event.detail.value)}
          />
          <View data-testid="barcode-add">
            <Button
              type="primary"
              loading={isLooking}
              onClick={() => void lookUp(code)}
            >
              加购
            </Button>
          </View>
        </View>
      )}
      <ErrorBanner error={error} />
    </View>
  );
}
