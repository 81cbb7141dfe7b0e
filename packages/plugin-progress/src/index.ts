export type { ProgressStream } from "./bars.js";
export { type FormatLogsOptions, formatLogs } from "./format-logs.js";
export {
  default,
  default as progress,
  PLUGIN_NAME,
  PROGRESS_MODES,
  type ProgressMode,
  type ProgressOptions,
} from "./progress.js";
