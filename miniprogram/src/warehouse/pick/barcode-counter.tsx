import { useRef, useState } from "react";
import Taro from "@tarojs/taro";
import { Input, Text, View } from "@tarojs/components";

import { ApiError } from "../../api/api-error";
import { findByBarcode, type BarcodeMatch } from "../../api/catalog";
import { ErrorBanner } from "../../components/error-banner";
import { Button } from "../../ui/nutui";

// The catalog's barcode rule (FindByBarcodeRequest): 6 to 14 digits.
const BARCODE_PATTERN = /^\d{6,14}$/;

interface BarcodeCounterProps {
  /** Called once per scan with the SKU and the unit the barcode is printed on. */
  onScanned: (match: BarcodeMatch) => void;
}

/**
 * Counts picked goods by barcode: WeChat's camera scanner in weapp, a
 * field in h5 that a USB scanner types into and ends with Enter.
 */
export function BarcodeCounter({ onScanned }: BarcodeCounterProps) {
  const [code, setCode] = useState("");
  const [error, setError] = useState<unknown>(null);
  // The last barcode the catalog has no product for.
  const [unknownBarcode, setUnknownBarcode] = useState<string | null>(null);
  // A picker scans the same box many times; ask the server once per barcode.
  const known = useRef(new Map<string, BarcodeMatch>());

  async function count(barcode: string): Promise<void> {
    const trimmed = barcode.trim();
    if (!BARCODE_PATTERN.test(trimmed)) {
      void Taro.showToast({ title: "条码应为 6-14 位数字", icon: "none" });
      return;
    }
    setError(null);
    setUnknownBarcode(null);
    try {
      const match = known.current.get(trimmed) ?? (await findByBarcode(trimmed));
      known.current.set(trimmed, match);
      setCode("");
      onScanned(match);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === "NOT_FOUND") {
        setUnknownBarcode(trimmed);
      } else {
        setError(failure);
      }
    }
  }

  async function scan(): Promise<void> {
    let result: string;
    try {
      result = (await Taro.scanCode({ onlyFromCamera: true, scanType: ["barCode"] })).result;
    } catch {
      // The picker closed the scanner; nothing to count.
      return;
    }
    await count(result);
  }

  return (
    <View data-testid="pick-barcode">
      {process.env.TARO_ENV === "weapp" ? (
        <View className="wh-barcode">
          <Button block type="primary" onClick={() => void scan()}>
            扫码计数
          </Button>
        </View>
      ) : (
        <View className="wh-barcode">
          <Input
            className="wh-barcode__input"
            data-testid="pick-barcode-input"
            type="text"
            placeholder="扫描或输入条码，每次计 1"
            value={code}
            confirmType="done"
            onInput={(event) => setCode(event.detail.value)}
            onConfirm={(event) => void count(event.detail.value)}
          />
          <View data-testid="pick-barcode-count">
            <Button type="primary" onClick={() => void count(code)}>
              计数
            </Button>
          </View>
        </View>
      )}
      {unknownBarcode ? (
        <View className="error-banner" data-testid="pick-barcode-unknown">
          <Text className="error-banner__summary">条码 {unknownBarcode} 没有对应商品</Text>
        </View>
      ) : null}
      <ErrorBanner error={error} />
    </View>
  );
}
