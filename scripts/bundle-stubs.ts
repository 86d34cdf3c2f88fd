/**
 * Modules that the function bundles replace with small stand-ins, because
 * no function uses them and they were more than half of each bundle (the
 * catalog bundle went from 1558 KiB to 678 KiB with esbuild 0.28).
 *
 * @cloudbase/node-sdk 3.18.3 is CommonJS and requires its AI, storage and
 * data-model clients at load time, so esbuild cannot tree-shake them. Each
 * stand-in keeps the module's exports but throws when called, naming this
 * file, so a function that starts using one of them fails loudly in its
 * first test instead of silently. tests/functions/bundles.test.ts runs a
 * built bundle against the local CloudBase endpoint to check that database
 * access and the caller's openid still work.
 */

import type { Plugin } from "esbuild";

export interface ModuleStub {
  /** Matches the absolute path of the file that is replaced. */
  path: RegExp;
  /** Feature the bundle loses, named in the stand-in's error message. */
  feature: string;
  /** Source of the stand-in. */
  contents: string;
}

/** Builds a stand-in whose named exports throw when called. */
function throwingStub(path: RegExp, feature: string, names: readonly string[]): ModuleStub {
  const message = JSON.stringify(
    `${feature} is left out of this bundle (scripts/bundle-stubs.ts); remove its stub to use it`,
  );
  const contents = names
    .map((name) => `exports.${name} = function () { throw new Error(${message}); };`)
    .join("\n");
  return { path, feature, contents };
}

export const MODULE_STUBS: readonly ModuleStub[] = [
  // app.ai(): @cloudbase/ai, @cloudbase/app, the mini-program adapter and
  // a web-streams polyfill.
  throwingStub(
    /[\\/]@cloudbase[\\/]node-sdk[\\/]dist[\\/]ai[\\/]index\.js$/,
    "app.ai() of @cloudbase/node-sdk",
    ["createAI"],
  ),
  // Cloud storage (uploadFile and the other file methods) and its XML parser.
  throwingStub(
    /[\\/]@cloudbase[\\/]node-sdk[\\/]dist[\\/]storage[\\/]index\.js$/,
    "cloud storage of @cloudbase/node-sdk",
    [
      "uploadFile",
      "deleteFile",
      "getTempFileURL",
      "getFileInfo",
      "downloadFile",
      "getUploadMetadata",
      "getFileAuthority",
      "copyFile",
    ],
  ),
  {
    // Data models and MySQL (app.models, app.rdb()). CloudBase.init builds
    // the model client inside a try/catch that ignores failures, so an empty
    // module leaves `app.models` undefined and init succeeds.
    path: /[\\/]@cloudbase[\\/]wx-cloud-client-sdk[\\/]/,
    feature: "data models of @cloudbase/node-sdk",
    contents: "module.exports = {};",
  },
  {
    // form-data (required by axios) looks up a file's MIME type only when a
    // file is appended to a multipart body, which no function sends. The
    // full mime-db table is 135 KiB.
    path: /[\\/]node_modules[\\/]mime-types[\\/]index\.js$/,
    feature: "MIME type lookup",
    contents: [
      "exports.lookup = function () { return false; };",
      "exports.contentType = function () { return false; };",
      "exports.extension = function () { return false; };",
      "exports.charset = function () { return false; };",
      "exports.types = {};",
      "exports.extensions = {};",
    ].join("\n"),
  },
  {
    // zod exports every locale through a namespace object, which esbuild
    // cannot tree-shake. Functions only use the default English messages.
    path: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/,
    feature: "zod locales other than English",
    contents: 'export { default as en } from "./en.js";',
  },
];

/** An esbuild plugin that loads each stubbed file from its stand-in. */
export function stubModules(stubs: readonly ModuleStub[] = MODULE_STUBS): Plugin {
  return {
    name: "stub-unused-modules",
    setup(build) {
      for (const stub of stubs) {
        build.onLoad({ filter: stub.path }, () => ({
          contents: stub.contents,
          loader: "js",
        }));
      }
    },
  };
}
