/// <reference types="@tarojs/taro" />

declare module "*.css";
declare module "*.png";

/** CloudBase environment id compiled in from TCB_ENV_ID; may be empty. */
declare const CLOUD_ENV_ID: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV:
      | "weapp"
      | "swan"
      | "alipay"
      | "h5"
      | "rn"
      | "tt"
      | "quickapp"
      | "qq"
      | "jd";
  }
}
