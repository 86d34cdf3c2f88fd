import { useState } from "react";
import Taro from "@tarojs/taro";
import { View } from "@tarojs/components";

import type { FileReply } from "../../../shared/schemas/common";
import { ApiError } from "../api/api-error";
import { openFile } from "../files/open-file";
import { signOutIfUnauthenticated } from "../session/use-session";
import { Button } from "../ui/nutui";
import { ErrorBanner } from "./error-banner";

interface FileButtonProps {
  label: string;
  /** Asks the server for the file, e.g. a pick list PDF. */
  load: () => Promise<FileReply>;
  testId: string;
}

/**
 * A button that fetches a generated PDF or Excel file and hands it over:
 * a download in h5, WeChat's document viewer in weapp.
 */
export function FileButton({ label, load, testId }: FileButtonProps) {
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function fetchAndOpen(): Promise<void> {
    if (isBusy) return;
    setBusy(true);
    setError(null);
    try {
      await openFile(await load());
    } catch (failure) {
      if (failure instanceof ApiError) {
        signOutIfUnauthenticated(failure);
        setError(failure);
      } else {
        // The call worked but WeChat could not write or open the file.
        void Taro.showToast({ title: "打开文件失败，请重试", icon: "none" });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="file-button" data-testid={testId}>
      <Button block fill="outline" loading={isBusy} onClick={() => void fetchAndOpen()}>
        {label}
      </Button>
      <ErrorBanner error={error} />
    </View>
  );
}
