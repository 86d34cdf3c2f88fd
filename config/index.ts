import path from "path";

import type { UserConfigExport } from "@tarojs/cli";
import TsconfigPathsPlugin from "tsconfig-paths-webpack-plugin";

type ProjectConfig = Exclude<
  UserConfigExport<"webpack5">,
  Promise<unknown> | ((...args: never[]) => unknown)
>;
type WebpackChain = Parameters<
  NonNullable<NonNullable<ProjectConfig["mini"]>["webpackChain"]>
>[0];

/**
 * Stands in for `defineConfig` from @tarojs/cli: importing the CLI at
 * runtime loads its native binding, which the build does not need.
 */
function defineConfig(config: ProjectConfig): ProjectConfig {
  return config;
}

// Code outside sourceRoot that the pages import; Taro compiles only
// sourceRoot and Taro packages unless a folder is listed here.
const sharedDir = path.resolve(__dirname, "..", "shared");

/**
 * Returns the design width a style file is written for: NutUI's styles use
 * a 375 px wide design, ours a 750 px one, and pxtransform scales by it.
 */
function designWidthOf(input?: string | number | { file?: string }): number {
  const file =
    typeof input === "object" && input?.file
      ? input.file.replace(/\\+/g, "/")
      : "";
  return file.includes("@nutui/") ? 375 : 750;
}

function addTsconfigPaths(chain: WebpackChain): void {
  chain.resolve.plugin("tsconfig-paths").use(TsconfigPathsPlugin);
}

export default defineConfig({
  projectName: "order-desk",
  date: "2026-12-04",
  designWidth: designWidthOf,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: "miniprogram/src",
  outputRoot: `dist/${process.env.TARO_ENV}`,
  plugins: [],
  defineConstants: {
    // CloudBase environment id for Taro.cloud.init in weapp, from TCB_ENV_ID
    // at build time.
    CLOUD_ENV_ID: JSON.stringify(process.env.TCB_ENV_ID ?? ""),
    // Subscription-message template ids, from the same variables the
    // functions read; an unset one makes weapp skip that notice's
    // requestSubscribeMessage.
    SUBSCRIBE_TEMPLATE_IDS: JSON.stringify({
      orderApproved: process.env.WECHAT_TEMPLATE_ORDER_APPROVED ?? "",
      orderRejected: process.env.WECHAT_TEMPLATE_ORDER_REJECTED ?? "",
      orderShipped: process.env.WECHAT_TEMPLATE_ORDER_SHIPPED ?? "",
      orderDelivered: process.env.WECHAT_TEMPLATE_ORDER_DELIVERED ?? "",
      orderAmended: process.env.WECHAT_TEMPLATE_ORDER_AMENDED ?? "",
      orderAlert: process.env.WECHAT_TEMPLATE_ORDER_ALERT ?? "",
    }),
  },
  copy: { patterns: [], options: {} },
  framework: "react",
  compiler: "webpack5",
  cache: { enable: false },
  mini: {
    compile: { include: [sharedDir] },
    // CSS order between pages does not matter here: every rule is scoped by
    // its own class, and NutUI's and ours do not overlap.
    miniCssExtractPluginOption: { ignoreOrder: true },
    postcss: { pxtransform: { enable: true, config: {} } },
    webpackChain: addTsconfigPaths,
  },
  h5: {
    publicPath: "/",
    staticDirectory: "static",
    router: { mode: "hash" },
    compile: { include: [sharedDir] },
    output: {
      filename: "js/[name].[contenthash:8].js",
      chunkFilename: "js/[name].[contenthash:8].js",
    },
    miniCssExtractPluginOption: {
      ignoreOrder: true,
      filename: "css/[name].[contenthash:8].css",
      chunkFilename: "css/[name].[contenthash:8].css",
    },
    postcss: { autoprefixer: { enable: true, config: {} } },
    webpackChain: addTsconfigPaths,
  },
});
