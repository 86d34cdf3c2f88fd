/**
 * The config.json of a cloud function: the WeChat open APIs it may call
 * (`permissions.openapi`, read by WeChat DevTools when it uploads the
 * function) and its timer triggers. cloudbaserc.json repeats the triggers
 * for `tcb fn deploy`, and tests/functions/bundles.test.ts keeps the two
 * equal.
 */
import { z } from "zod";

/**
 * A CloudBase timer trigger, with the limits of the WeChat cloud
 * development guide (functions/triggers) and the CloudBase CLI docs
 * (cli-v1/functions/trigger-create). The name has at most 60 letters,
 * digits, "-" or "_" and starts with a letter. The cron expression has 7
 * fields: second minute hour day month weekday year.
 */
export const TimerTriggerSchema = z.strictObject({
  name: z
    .string()
    .max(60)
    .regex(
      /^[A-Za-z][A-Za-z0-9_-]*$/,
      "must start with a letter and contain only letters, digits, '-' or '_'",
    ),
  type: z.literal("timer"),
  config: z
    .string()
    .refine(
      (cron) => cron.trim().split(/\s+/).length === 7,
      "must be a cron expression of 7 fields",
    ),
});

export const FunctionConfigSchema = z.strictObject({
  permissions: z.strictObject({
    /** WeChat open APIs the function calls, e.g. "subscribeMessage.send". */
    openapi: z.array(z.string().min(1)),
  }),
  /** Both guides allow one trigger per function. */
  triggers: z.array(TimerTriggerSchema).max(1),
});

export type TimerTrigger = z.infer<typeof TimerTriggerSchema>;
export type FunctionConfig = z.infer<typeof FunctionConfigSchema>;

/** Parses cloudfunctions/<name>/config.json, or throws naming the problem. */
export function parseFunctionConfig(name: string, text: string): FunctionConfig {
  const parsed = FunctionConfigSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`cloudfunctions/${name}/config.json is invalid: ${problems.join("; ")}`);
  }
  return parsed.data;
}
