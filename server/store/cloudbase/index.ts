export { CloudBaseStore, createCloudBaseStore } from "./store";
export type { CloudBaseStoreOptions } from "./store";
export type { RetryPolicy } from "./context";
export { COLLECTION_NAMES } from "./documents";
export type { CloudBaseApp, CloudBaseDatabase } from "./sdk";
export {
  CloudBaseFinanceStore,
  createCloudBaseFinanceStore,
} from "./finance";
export type { CloudBaseFinanceStoreOptions } from "./finance";
