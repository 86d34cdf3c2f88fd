import { useState } from "react";
import Taro from "@tarojs/taro";
import { Button, View } from "@tarojs/components";

import type { ReportExport } from "../../../../shared/schemas/reports";
import { ErrorBanner } from "../../components/error-banner";
import { signOutIfUnauthenticated } from "../../session/use-session";

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Hands a report file to the person: a browser download in h5, WeChat's
 * document viewer (which can forward the file) in weapp.
 */
async function saveReport(file: ReportExport): Promise<void> {
  if (process.env.TARO_ENV === "h5") {
    const url = URL.createObjectURL(
      new Blob([base64ToBytes(file.base64)], { type: file.contentType }),
    );
    const link = document.createElement("a");
    link.href = url;
    link.download = file.fileName;
    link.click();
    // Revoking at once can cancel the download in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return;
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${file.fileName}`;
  await new Promise<void>((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath,
      data: file.base64,
      encoding: "base64",
      success: () => resolve(),
      fail: (failure) => reject(new Error(failure.errMsg)),
    });
  });
  await Taro.openDocument({ filePath, fileType: "xlsx", showMenu: true });
}

/** The button that exports a report, every row of it, to an .xlsx file. */
export function ExportButton({
  load,
  testId,
}: {
  load: () => Promise<ReportExport>;
  testId: string;
}) {
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function exportNow(): Promise<void> {
    if (isBusy) return;
    setBusy(true);
    setError(null);
    try {
      await saveReport(await load());
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <View data-testid={testId}>
      <ErrorBanner error={error} />
      <Button loading={isBusy} onClick={() => void exportNow()}>
        导出 Excel
      </Button>
    </View>
  );
}
