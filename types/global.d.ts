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

/**
 * WeChat subscription-message template id per notice key, compiled in
 * from the WECHAT_TEMPLATE_* variables; an empty id turns that notice's
 * subscription off in weapp.
 */
declare const SUBSCRIBE_TEMPLATE_IDS: Partial<
  Record<import("../shared/schemas/notification").NoticeTemplate, string>
>;
