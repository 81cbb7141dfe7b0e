import { HISTORY_FILE, SUMMARY_FILE } from "./file-stream.js";
import { fileStreamPath, upsertRun, viewerEntity } from "./graphql.js";
import { WandbHttpClient } from "./http-client.js";
import { DEFAULT_BASE_URL, type RetrySettings, trimBaseUrl } from "./options.js";
import { runUrl } from "./reporter.js";
import { RunDirectory } from "./run-dir.js";

export interface ReplayOptions extends Partial<RetrySettings> {
  /** Default: WANDB_API_KEY. */
  apiKey?: string;
  /** Default: WANDB_BASE_URL, else https://api.wandb.ai. */
  baseUrl?: string;
  /** Default: the folder's entity, else WANDB_ENTITY, else the key's default entity. */
  entity?: string;
  /** Default: the folder's project. */
  project?: string;
  /** Most history rows in one request (default 1000). */
  maxLinesPerRequest?: number;
  /** Where the defaults are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface ReplayResult {
  runId: string;
  entity: string;
  project: string;
  url: string;
  /** History rows sent. */
  historyLines: number;
  /** The exit code sent with `complete` (1 for a run that never finished). */
  exitcode: number;
}

/**
 * Uploads a run folder written by the plugin (offline, or online with rows the network lost) as W&B's `wandb sync`
 * does: upsertBucket with the run's id, name and config, every history row through file_stream from the folder's
 * first offset, the summary, then `complete` with the run's exit code. Offsets make it idempotent: replaying a folder
 * twice, or one the server partly has, leaves each row once. Marks the folder synced (a `.synced` file).
 */
export async function replayOfflineRun(dir: string, options: ReplayOptions = {}): Promise<ReplayResult> {
  const env = options.env ?? process.env;
  const apiKey = options.apiKey ?? env.WANDB_API_KEY?.trim();
  if (!apiKey) throw new Error("replaying a W&B run needs an API key: set WANDB_API_KEY");
  const folder = RunDirectory.open(dir);
  const metadata = folder.readMetadata();
  const config = folder.readConfig();
  const lines = folder.readHistory();
  const summary = folder.readSummary();
  const baseUrl = trimBaseUrl(options.baseUrl ?? (env.WANDB_BASE_URL?.trim() || DEFAULT_BASE_URL));
  const client = new WandbHttpClient({
    baseUrl,
    apiKey,
    maxRetries: options.maxRetries ?? 5,
    retryInitialDelayMs: options.retryInitialDelayMs ?? 1000,
    retryMaxDelayMs: options.retryMaxDelayMs ?? 30_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
  });

  let entity =
    options.entity ??
    metadata.entity ??
    (env.WANDB_ENTITY?.trim() || undefined) ??
    (await viewerEntity(client));
  const run = await upsertRun(client, {
    name: metadata.id,
    project: options.project ?? metadata.project,
    entity,
    displayName: metadata.name,
    config,
    groupName: metadata.group ?? undefined,
    tags: metadata.tags.length > 0 ? metadata.tags : undefined,
    host: metadata.host || undefined,
  });
  entity = run.entity || entity;
  if (!entity) throw new Error("the server did not say which entity the run belongs to; set WANDB_ENTITY");
  const project = run.project || options.project || metadata.project;
  const path = fileStreamPath(entity, project, metadata.id);

  const chunk = options.maxLinesPerRequest ?? 1000;
  let sent = 0;
  do {
    const content = lines.slice(sent, sent + chunk);
    const files: Record<string, { offset: number; content: string[] }> = {};
    if (content.length > 0) files[HISTORY_FILE] = { offset: metadata.historyStart + sent, content };
    if (sent + content.length >= lines.length && summary !== undefined) {
      files[SUMMARY_FILE] = { offset: 0, content: [summary] };
    }
    if (Object.keys(files).length > 0) await client.post(path, { files, dropped: 0 });
    sent += content.length;
  } while (sent < lines.length);

  const exitcode = metadata.exitcode ?? 1;
  await client.post(path, { complete: true, exitcode, dropped: 0, uploaded: [] });
  folder.writeMetadata({ ...metadata, entity });
  folder.markSynced(true);
  return {
    runId: metadata.id,
    entity,
    project,
    url: runUrl(baseUrl, entity, project, metadata.id),
    historyLines: lines.length,
    exitcode,
  };
}
