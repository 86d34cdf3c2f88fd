import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** Handler that returns the reply for each stubbed wx.cloud.callFunction call. */
export type CloudHandler = (name: string, data: Record<string, unknown>) => unknown;

export const REPO_ROOT = resolve(__dirname, "../..");
export const WEAPP_ROOT = join(REPO_ROOT, "dist/weapp");
const SOURCE_ROOTS = ["miniprogram/src", "shared", "config"].map((dir) => join(REPO_ROOT, dir));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

/**
 * Builds dist/weapp unless it is newer than every source file, because
 * `npm test` builds only the h5 app.
 */
export function ensureWeappBuild(): void {
  const app = join(WEAPP_ROOT, "app.js");
  const isFresh =
    existsSync(app) &&
    statSync(app).mtimeMs > Math.max(...SOURCE_ROOTS.map(newestMtime));
  if (isFresh) return;
  // Jest sets NODE_ENV=test, which would make Taro skip tree shaking.
  execFileSync("npx", ["taro", "build", "--type", "weapp"], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: "ignore",
  });
}

/** What the stubbed mini-program host recorded. */
export interface Host {
  storage: Map<string, unknown>;
  calls: { name: string; data: Record<string, unknown> }[];
  toasts: string[];
}

/**
 * Installs the globals Taro's weapp output expects (wx, App, getApp,
 * getCurrentPages, Page) on top of miniprogram-simulate: storage is an
 * in-memory map, wx.cloud.callFunction goes to `handle`, and each Page is
 * registered as a simulate Component whose onLoad runs on attach.
 */
export function installHost(handle: CloudHandler, route: () => string): Host {
  const host: Host = { storage: new Map(), calls: [], toasts: [] };
  const g = globalThis as Record<string, unknown>;
  const pages: unknown[] = [];
  let app: Record<string, (...args: unknown[]) => unknown> | undefined;

  const wx: Record<string, unknown> = {
    getSystemInfoSync: () => ({ platform: "devtools", windowWidth: 375, windowHeight: 667, pixelRatio: 2 }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2 }),
    canIUse: () => true,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    getStorageSync: (key: string) => host.storage.get(key) ?? "",
    setStorageSync: (key: string, value: unknown) => {
      host.storage.set(key, JSON.parse(JSON.stringify(value)));
    },
    removeStorageSync: (key: string) => host.storage.delete(key),
    onNetworkStatusChange: () => undefined,
    onAppShow: () => undefined,
    showToast: (options: { title: string; success?: () => void }) => {
      host.toasts.push(options.title);
      options.success?.();
    },
    cloud: {
      init: () => undefined,
      callFunction: (options: {
        name: string;
        data: Record<string, unknown>;
        success?: (result: unknown) => void;
        fail?: (error: unknown) => void;
        complete?: () => void;
      }) => {
        host.calls.push({ name: options.name, data: options.data });
        const response = { result: handle(options.name, options.data), errMsg: "cloud.callFunction:ok" };
        setTimeout(() => {
          options.success?.(response);
          options.complete?.();
        }, 0);
        return Promise.resolve(response);
      },
    },
  };
  // Any other wx API is a no-op that reports success.
  g.wx = new Proxy(wx, {
    get(target, key) {
      if (typeof key !== "string") return undefined;
      if (key in target) return target[key];
      if (key === "webpackJsonp" || key === "then") return undefined;
      return (options?: { success?: (result: unknown) => void; complete?: () => void }) => {
        options?.success?.({ errMsg: `${key}:ok` });
        options?.complete?.();
      };
    },
  });
  g.App = (config: Record<string, (...args: unknown[]) => unknown>) => {
    app = config;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => pages;
  const SimulateComponent = g.Component as (definition: unknown) => void;
  g.Page = (config: Record<string, unknown>) => {
    const { data, ...rest } = config;
    const methods: Record<string, (...args: unknown[]) => unknown> = {};
    for (const [key, value] of Object.entries(rest)) {
      if (typeof value === "function") methods[key] = value as (...args: unknown[]) => unknown;
    }
    SimulateComponent({
      data,
      methods,
      lifetimes: {
        attached(this: Record<string, unknown>) {
          this.route = route();
          this.__route__ = this.route;
          pages.push(this);
          // Taro's onLoad takes the query only; a second argument breaks it.
          methods.onLoad?.call(this, {});
          methods.onShow?.call(this);
          methods.onReady?.call(this);
        },
      },
    });
  };
  return host;
}

/** Launches the compiled app once, as WeChat would before the first page. */
export function launchApp(): void {
  require(join(WEAPP_ROOT, "app.js"));
  const getApp = (globalThis as unknown as { getApp: () => Record<string, (...args: unknown[]) => unknown> })
    .getApp;
  const app = getApp();
  app.onLaunch.call(app, { path: "pages/home/index", query: {} });
  app.onShow?.call(app, { path: "pages/home/index", query: {} });
}
