/** Jest runs TypeScript through SWC; `tsc --noEmit` does the type checking. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.(t|j)sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", tsx: true },
          transform: { react: { runtime: "automatic" } },
          target: "es2022",
        },
      },
    ],
  },
  setupFiles: ["<rootDir>/tests/support/env.ts"],
  testTimeout: 30000,
};
