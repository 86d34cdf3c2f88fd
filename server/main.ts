import { resolve } from "node:path";

import { createLogger } from "./core/logger";
import { createLocalApp } from "./local/app";

/**
 * `npm start`: the local server on 127.0.0.1:${PORT:-8787} with data in
 * ${DATA_DIR:-.data}/ and the H5 build from dist/h5. HOST overrides the
 * bind address.
 */
async function main(): Promise<void> {
  const logger = createLogger({ service: "local-server" });
  const host = process.env.HOST ?? "127.0.0.1";
  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`PORT must be 0..65535, got ${process.env.PORT}`);
  }
  const timerIntervalMs = Number(process.env.TIMER_INTERVAL_MS ?? 60_000);
  if (!Number.isInteger(timerIntervalMs) || timerIntervalMs < 0) {
    throw new RangeError(`TIMER_INTERVAL_MS must be a whole number of ms (0 turns timers off), got ${process.env.TIMER_INTERVAL_MS}`);
  }
  const app = await createLocalApp({
    dataDir: resolve(process.env.DATA_DIR ?? ".data"),
    staticDir: resolve(__dirname, "../dist/h5"),
    logger,
    timerIntervalMs,
  });
  if (app.isFirstStart) logger.info("seeded demo data");

  app.server.listen(port, host, () => {
    logger.info({ url: `http://${host}:${port}/` }, "order desk is listening");
  });

  const stop = (signal: string) => {
    logger.info({ signal }, "stopping");
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "failed to stop cleanly");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
