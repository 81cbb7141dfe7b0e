export { FileStreamUploader, HISTORY_FILE, SUMMARY_FILE } from "./file-stream.js";
export { fileStreamPath, UPSERT_BUCKET, upsertRun, VIEWER, viewerEntity } from "./graphql.js";
export {
  rewriteLogs,
  runConfig,
  runDisplayName,
  SINGLE_VALUE_SCALARS,
  STEP_METRIC,
  splitLogs,
} from "./hf-rules.js";
export { WandbHttpClient, WandbRequestError } from "./http-client.js";
export {
  DEFAULT_BASE_URL,
  DEFAULT_PROJECT,
  PLUGIN_NAME,
  type ResolvedSettings,
  resolveSettings,
  type WandbOptions,
  type WandbOptionsInput,
  wandbOptionsSchema,
} from "./options.js";
export { type ReplayOptions, type ReplayResult, replayOfflineRun } from "./replay.js";
export { MetricDefinitions, wrapConfig } from "./run-config.js";
export {
  CONFIG_FILE,
  METADATA_FILE,
  RunDirectory,
  type RunMetadata,
  runDirName,
  SYNCED_FILE,
} from "./run-dir.js";
export { findRunFolders, runSyncCommand, type SyncCommandIo } from "./sync-command.js";
export { default, default as wandb, STATE_KEY } from "./wandb-plugin.js";
export type { SavedRunState } from "./wandb-run.js";
