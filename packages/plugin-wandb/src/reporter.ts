import { PLUGIN_NAME } from "./options.js";

/** The plugin's messages through trainer.logger: each kind of problem is reported once, naming the plugin. */
export class Reporter {
  readonly #seen = new Set<string>();

  constructor(readonly logger: (message: string) => void) {}

  info(message: string): void {
    this.logger(`${PLUGIN_NAME}: ${message}`);
  }

  /** A warning, written only the first time `kind` is reported. */
  once(kind: string, message: string): void {
    if (this.#seen.has(kind)) return;
    this.#seen.add(kind);
    this.logger(`warning: ${PLUGIN_NAME}: ${message}`);
  }

  /** An info line, written only the first time `kind` is reported. */
  infoOnce(kind: string, message: string): void {
    if (this.#seen.has(kind)) return;
    this.#seen.add(kind);
    this.info(message);
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The web page of a run: W&B's cloud app for api.wandb.ai, the server itself for a self-hosted one. */
export function runUrl(baseUrl: string, entity: string, project: string, runId: string): string {
  const url = new URL(baseUrl);
  if (url.hostname === "api.wandb.ai") url.hostname = "wandb.ai";
  const path = [entity, project, "runs", runId].map(encodeURIComponent).join("/");
  return `${url.origin}/${path}`;
}

export const SYNC_COMMAND = "npx tfjs-trainer-wandb-sync";
