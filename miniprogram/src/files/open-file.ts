import Taro from "@tarojs/taro";

import type { FileReply } from "../../../shared/schemas/common";

// Characters that file systems reject in a name; customer names may hold them.
const UNSAFE_NAME_CHARACTERS = /[\\/:*?"<>|\u0000-\u001f]/g;

function safeFileName(name: string): string {
  return name.replace(UNSAFE_NAME_CHARACTERS, "_");
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Saves the file through the browser's download, named as the server named it. */
function downloadInBrowser(file: FileReply): void {
  const blob = new Blob([base64ToBytes(file.base64)], {
    type: file.contentType,
  });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = safeFileName(file.fileName);
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

type DocumentType = "pdf" | "xlsx";

function documentTypeOf(name: string): DocumentType {
  const extension = extensionOf(name);
  if (extension === "pdf" || extension === "xlsx") return extension;
  throw new RangeError(`cannot open a .${extension} file in WeChat`);
}

/**
 * Writes the file under the mini-program's user data folder and opens it
 * in WeChat's document viewer, whose menu can forward or print it.
 */
async function openInWeapp(file: FileReply): Promise<void> {
  const fileType = documentTypeOf(file.fileName);
  const filePath = `${Taro.env.USER_DATA_PATH}/${safeFileName(file.fileName)}`;
  await new Promise<void>((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath,
      data: file.base64,
      encoding: "base64",
      success: () => resolve(),
      fail: (failure) => reject(new Error(failure.errMsg)),
    });
  });
  await Taro.openDocument({ filePath, fileType, showMenu: true });
}

/**
 * Hands a generated PDF or Excel file to the person: a download in h5, the
 * document viewer in weapp.
 */
export async function openFile(file: FileReply): Promise<void> {
  if (process.env.TARO_ENV === "h5") {
    downloadInBrowser(file);
    return;
  }
  await openInWeapp(file);
}
