import Taro from "@tarojs/taro";

import type { SheetFile } from "../../api/imports";

// The server reads base64 up to 960,000 characters, about 700 KB of file.
const MAX_FILE_BYTES = 700 * 1024;

export class SheetTooLargeError extends Error {}

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Reads a file chosen in an h5 file input as base64. */
export async function readBrowserFile(file: File): Promise<SheetFile> {
  if (file.size > MAX_FILE_BYTES) throw new SheetTooLargeError(file.name);
  return { fileName: file.name, contentBase64: toBase64(await file.arrayBuffer()) };
}

/**
 * Lets a weapp user pick an .xlsx or .csv file from a WeChat chat, where
 * customers send their order sheets, and reads it as base64.
 */
export async function chooseChatFile(): Promise<SheetFile | null> {
  let chosen: Taro.chooseMessageFile.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseMessageFile({
      count: 1,
      type: "file",
      extension: ["xlsx", "csv"],
    });
  } catch {
    return null;
  }
  const [file] = chosen.tempFiles;
  if (!file) return null;
  if (file.size > MAX_FILE_BYTES) throw new SheetTooLargeError(file.name);
  const content = Taro.getFileSystemManager().readFileSync(file.path, "base64");
  return { fileName: file.name, contentBase64: String(content) };
}
