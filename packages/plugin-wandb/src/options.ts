import { z } from "zod";

export const PLUGIN_NAME = "@tfjs-trainer/plugin-wandb";
export const DEFAULT_BASE_URL = "https://api.wandb.ai";
/** HF's WandbCallback: `os.getenv("WANDB_PROJECT", "huggingface")`. */
export const DEFAULT_PROJECT = "huggingface";

export const MODES = ["auto", "online", "offline", "disabled"] as const;
export type Mode = (typeof MODES)[number];

/** Retry settings shared by the plugin and the sync command. */
export const retryOptionsShape = {
  /** Retries of one request after a network error, a 5xx or a 429, before it is given up (and kept for later). */
  maxRetries: z.number().int().nonnegative().default(5),
  /** First backoff delay; doubled after each retry (plus up to 25% jitter), up to retryMaxDelayMs. */
  retryInitialDelayMs: z.number().nonnegative().default(1000),
  retryMaxDelayMs: z.number().nonnegative().default(30_000),
  /** A request taking longer than this is aborted and counts as a network error. */
  requestTimeoutMs: z.number().positive().default(30_000),
};

export const wandbOptionsSchema = z.object({
  /** W&B project; default WANDB_PROJECT, else "huggingface" (HF's default). */
  project: z.string().min(1).optional(),
  /** W&B entity (user or team); default WANDB_ENTITY, else the API key's default entity (viewer query). */
  entity: z.string().min(1).optional(),
  /** API server; default WANDB_BASE_URL, else https://api.wandb.ai. */
  baseUrl: z.string().url().optional(),
  /**
   * "auto": WANDB_MODE when set, else online with WANDB_API_KEY and offline without. WANDB_DISABLED=true and
   * WANDB_MODE=disabled always win.
   */
  mode: z.enum(MODES).default("auto"),
  /** Folder holding the `wandb/` run folders; default the run's output_dir. */
  dir: z.string().min(1).optional(),
  /** Tags and group of the run (W&B's `tags`, `group`). */
  tags: z.array(z.string()).optional(),
  group: z.string().min(1).optional(),
  /** Least time between two history uploads; rows logged meanwhile go in one request. 0 sends as soon as possible. */
  flushIntervalMs: z.number().int().nonnegative().default(2000),
  /** A request with no data is sent after this much silence, so W&B does not mark the run as crashed; 0: never. */
  heartbeatMs: z.number().int().nonnegative().default(30_000),
  /** Most history rows in one file_stream request. */
  maxLinesPerRequest: z.number().int().positive().default(1000),
  ...retryOptionsShape,
});

export type WandbOptions = z.output<typeof wandbOptionsSchema>;
export type WandbOptionsInput = z.input<typeof wandbOptionsSchema>;

export interface RetrySettings {
  maxRetries: number;
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  requestTimeoutMs: number;
}

/** What the environment and the options decide together. The API key never leaves this object and the client. */
export interface ResolvedSettings {
  mode: "online" | "offline" | "disabled";
  project: string;
  entity?: string;
  baseUrl: string;
  apiKey?: string;
  runId?: string;
  /** Why the mode differs from what was asked, for one info line. */
  note?: string;
}

const TRUE_VALUES = new Set(["1", "ON", "YES", "TRUE"]);

/** HF's ENV_VARS_TRUE_VALUES test. */
export function isTrueEnv(value: string | undefined): boolean {
  return value !== undefined && TRUE_VALUES.has(value.trim().toUpperCase());
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function envMode(value: string | undefined): Mode | undefined {
  switch (nonEmpty(value)?.toLowerCase()) {
    case "online":
    case "run":
      return "online";
    case "offline":
    case "dryrun":
      return "offline";
    case "disabled":
      return "disabled";
    default:
      return undefined;
  }
}

/** Options first, then W&B's environment variables, then W&B's and HF's defaults. */
export function resolveSettings(
  options: WandbOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedSettings {
  const apiKey = nonEmpty(env.WANDB_API_KEY);
  const base: Omit<ResolvedSettings, "mode"> = {
    project: options.project ?? nonEmpty(env.WANDB_PROJECT) ?? DEFAULT_PROJECT,
    entity: options.entity ?? nonEmpty(env.WANDB_ENTITY),
    baseUrl: trimBaseUrl(options.baseUrl ?? nonEmpty(env.WANDB_BASE_URL) ?? DEFAULT_BASE_URL),
    apiKey,
    runId: nonEmpty(env.WANDB_RUN_ID),
  };
  const fromEnv = envMode(env.WANDB_MODE);
  if (isTrueEnv(env.WANDB_DISABLED) || fromEnv === "disabled" || options.mode === "disabled") {
    return { ...base, mode: "disabled", apiKey: undefined };
  }
  const asked = options.mode === "auto" ? (fromEnv ?? "auto") : options.mode;
  if (asked === "offline") return { ...base, mode: "offline" };
  if (apiKey) return { ...base, mode: "online" };
  return {
    ...base,
    mode: "offline",
    note:
      asked === "online" ? "online mode needs WANDB_API_KEY, which is not set: running offline" : undefined,
  };
}

/** The base URL without a trailing slash and without any user:password part (never written anywhere). */
export function trimBaseUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.toString().replace(/\/+$/, "");
}
