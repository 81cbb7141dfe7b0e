import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { FileStreamUploader } from "./file-stream.js";
import { fileStreamPath, upsertRun, viewerEntity } from "./graphql.js";
import { STEP_METRIC } from "./hf-rules.js";
import { WandbHttpClient } from "./http-client.js";
import { parseValue, stringifyValue } from "./json-values.js";
import type { ResolvedSettings, WandbOptions } from "./options.js";
import { describeError, type Reporter, runUrl, SYNC_COMMAND } from "./reporter.js";
import { MetricDefinitions, wrapConfig } from "./run-config.js";
import { generateRunId, METADATA_FILE, RUN_DIR_FORMAT, RunDirectory, type RunMetadata } from "./run-dir.js";

/** What a checkpoint keeps of the run (trainer_state.json → stateful_callbacks): ids and offsets, nothing secret. */
export interface SavedRunState {
  runId: string;
  /** The run folder's name under `<dir>/wandb/`. */
  runDir: string;
  project: string;
  entity: string | null;
  /** History rows written so far (the next row's `_step`). */
  historyLines: number;
  /** Rows the server had accepted when the checkpoint was written. */
  ackedLines: number;
  /** Seconds of run time so far (so `_runtime` goes on from there). */
  runtime: number;
}

export interface WandbRunInit {
  settings: ResolvedSettings;
  options: WandbOptions;
  /** `<dir>/wandb`. */
  root: string;
  displayName: string;
  /** The run config before wrapping (model config + training arguments). */
  config: Record<string, unknown>;
  reporter: Reporter;
  resume?: SavedRunState;
}

/**
 * One W&B run: history rows get W&B's `_step`, `_runtime` and `_timestamp` and go both to the run folder (the spool,
 * written synchronously) and, online, to the uploader; the summary holds each key's last value plus what is set
 * explicitly. Nothing here throws into the training loop: write and send failures are reported once and kept.
 */
export class WandbRun {
  readonly runId: string;
  readonly mode: "online" | "offline";
  #project: string;
  #entity: string | undefined;
  #dir: RunDirectory | undefined;
  #metadata: RunMetadata;
  #steps = 0;
  readonly #spoolBacklog: string[] = [];
  readonly #summary: Record<string, unknown> = {};
  readonly #metrics = new MetricDefinitions();
  readonly #config: Record<string, unknown>;
  #configVersion = 0;
  /** Versions of the config the server / the run folder have. */
  #configSent = -1;
  #configWritten = -1;
  readonly #startedAt = Date.now();
  #runtimeOffset = 0;
  #lastStep: unknown;
  #created = false;
  #finished = false;
  readonly #uploader: FileStreamUploader | undefined;
  readonly #client: WandbHttpClient | undefined;
  readonly #init: WandbRunInit;

  constructor(init: WandbRunInit) {
    this.#init = init;
    const { settings, options, resume } = init;
    this.mode = settings.mode === "online" ? "online" : "offline";
    this.runId = resume?.runId ?? settings.runId ?? generateRunId();
    this.#project = resume?.project || settings.project;
    this.#entity = resume?.entity ?? settings.entity;
    this.#config = init.config;
    this.#metadata = {
      format: RUN_DIR_FORMAT,
      id: this.runId,
      project: this.#project,
      entity: this.#entity ?? null,
      name: init.displayName,
      group: options.group ?? null,
      tags: options.tags ?? [],
      host: hostname(),
      mode: this.mode,
      startedAt: new Date(this.#startedAt).toISOString(),
      historyStart: 0,
      exitcode: null,
    };
    const resumedLines = resume ? this.#openResumed(resume) : [];
    this.#writeSpool((dir) => {
      dir.writeMetadata(this.#metadata);
      this.#writeConfigFile(dir);
    });
    if (this.mode === "online" && settings.apiKey) {
      this.#client = new WandbHttpClient({ ...options, baseUrl: settings.baseUrl, apiKey: settings.apiKey });
      const acked = resume ? resume.ackedLines : 0;
      this.#uploader = new FileStreamUploader({
        ...options,
        client: this.#client,
        acked: Math.max(acked, this.#metadata.historyStart),
        prepare: (retries) => this.#prepare(retries),
        onFailure: (error) => this.#sendFailed(error),
      });
      const firstUnsent = Math.max(0, acked - this.#metadata.historyStart);
      if (resumedLines.length > firstUnsent) this.#uploader.push(resumedLines.slice(firstUnsent));
      if (resume) this.#uploader.setSummary(this.#summaryJson());
    }
  }

  /** The run folder, when it could be created. */
  get dir(): string | undefined {
    return this.#dir?.path;
  }

  get finished(): boolean {
    return this.#finished;
  }

  /** Appends a history row (W&B's wandb.log): adds `_step`, `_runtime`, `_timestamp`; fills the step metric. */
  log(values: Record<string, unknown>): void {
    const now = Date.now();
    const row: Record<string, unknown> = { ...values };
    // step_sync: a row without the step metric gets its last value, as the SDK does for HF's define_metric("*", …)
    if (row[STEP_METRIC] !== undefined) this.#lastStep = row[STEP_METRIC];
    else if (this.#lastStep !== undefined) row[STEP_METRIC] = this.#lastStep;
    row._step = this.#steps++;
    row._runtime = this.#runtime(now);
    row._timestamp = now / 1000;
    const line = stringifyValue(row);
    Object.assign(this.#summary, row);
    if (this.#metrics.observe(Object.keys(row))) this.#configVersion++;
    this.#spoolBacklog.push(line);
    this.#writeSpool((dir) => {
      dir.appendHistory(this.#spoolBacklog);
      this.#spoolBacklog.length = 0;
    });
    this.#uploader?.push([line]);
    this.#summaryChanged();
  }

  /** Sets summary values directly (HF's `run.summary[k] = v` for the end-of-training figures). */
  updateSummary(values: Record<string, unknown>): void {
    if (Object.keys(values).length === 0) return;
    Object.assign(this.#summary, values);
    this.#summaryChanged();
  }

  /** Flushes and marks the run complete (exit code 0) or failed (1). Never throws. */
  async finish(exitCode: number): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    this.#metadata.exitcode = exitCode;
    this.#writeSpool((dir) => {
      dir.writeMetadata(this.#metadata);
      dir.writeSummary(this.#summaryJson());
    });
    if (!this.#uploader) {
      const where = this.dir ?? join(this.#init.root, "…");
      this.#init.reporter.infoOnce(
        "offline",
        `offline run ${this.runId} saved in ${where}; upload it with: ${SYNC_COMMAND} ${where}`,
      );
      return;
    }
    const delivered = await this.#uploader.finish(exitCode);
    if (delivered && this.#uploader.pendingLines === 0 && this.#spoolBacklog.length === 0) {
      this.#writeSpool((dir) => dir.markSynced(true));
    }
  }

  /** After finish: more rows for the same run (an evaluate() after train()). */
  reopen(): void {
    if (!this.#finished) return;
    this.#finished = false;
    this.#metadata.exitcode = null;
    this.#writeSpool((dir) => {
      dir.writeMetadata(this.#metadata);
      dir.markSynced(false);
    });
    this.#created = false;
    this.#uploader?.reopen();
  }

  /** Stops timers (the uploader's); used when a run is replaced. */
  close(): void {
    this.#uploader?.close();
  }

  exportState(): SavedRunState {
    return {
      runId: this.runId,
      runDir: this.#dir?.name ?? "",
      project: this.#project,
      entity: this.#entity ?? null,
      historyLines: this.#steps,
      ackedLines: this.#uploader?.acked ?? 0,
      runtime: this.#runtime(Date.now()),
    };
  }

  #runtime(now: number): number {
    return this.#runtimeOffset + (now - this.#startedAt) / 1000;
  }

  #summaryJson(): string {
    const runtime = Math.round(this.#runtime(Date.now()));
    return stringifyValue({ ...this.#summary, _wandb: { runtime } });
  }

  #summaryChanged(): void {
    const json = this.#summaryJson();
    this.#writeSpool((dir) => {
      dir.writeSummary(json);
      if (this.#configVersion !== this.#configWritten) this.#writeConfigFile(dir);
    });
    this.#uploader?.setSummary(json);
  }

  #writeConfigFile(dir: RunDirectory): void {
    const version = this.#configVersion;
    dir.writeConfig(this.#wrappedConfig());
    this.#configWritten = version;
  }

  #wrappedConfig(): Record<string, unknown> {
    return wrapConfig(this.#config, { metrics: this.#metrics.toJSON(), startTimeMs: this.#startedAt });
  }

  /** Reopens the folder of a resumed run, keeping the rows up to the checkpoint; returns them. */
  #openResumed(resume: SavedRunState): string[] {
    this.#steps = resume.historyLines;
    this.#runtimeOffset = resume.runtime;
    const path = resume.runDir ? join(this.#init.root, resume.runDir) : "";
    try {
      if (path && existsSync(join(path, METADATA_FILE))) {
        const dir = RunDirectory.open(path);
        const previous = dir.readMetadata();
        const wanted = resume.historyLines - previous.historyStart;
        if (wanted >= 0 && dir.readHistory().length >= wanted) {
          const lines = dir.truncateHistory(wanted);
          this.#dir = dir;
          this.#metadata = { ...previous, exitcode: null, name: this.#metadata.name, mode: this.mode };
          this.#foldHistory(lines);
          return lines;
        }
      }
    } catch (error) {
      this.#init.reporter.once("resume", `could not reopen the run folder ${path}: ${describeError(error)}`);
    }
    // the folder is gone or short: a new one, whose first line is the next row of the run
    this.#metadata.historyStart = resume.historyLines;
    this.#init.reporter.once(
      "resume",
      `resuming W&B run ${resume.runId} at row ${resume.historyLines} without its local folder; a new one is started`,
    );
    return [];
  }

  #foldHistory(lines: readonly string[]): void {
    for (const line of lines) {
      try {
        const row = parseValue(line) as Record<string, unknown>;
        Object.assign(this.#summary, row);
        this.#metrics.observe(Object.keys(row));
        if (row[STEP_METRIC] !== undefined) this.#lastStep = row[STEP_METRIC];
      } catch {
        // a damaged line only loses its contribution to the summary
      }
    }
    this.#configVersion++;
  }

  #ensureDir(): RunDirectory {
    this.#dir ??= RunDirectory.create(this.#init.root, this.mode, this.runId, new Date(this.#startedAt));
    return this.#dir;
  }

  #writeSpool(write: (dir: RunDirectory) => void): void {
    try {
      write(this.#ensureDir());
    } catch (error) {
      this.#init.reporter.once(
        "write",
        `could not write the run folder under ${this.#init.root} (${describeError(error)}); training goes on` +
          (this.mode === "online"
            ? " and rows are still sent to W&B"
            : "; rows are kept in memory and written later"),
      );
    }
  }

  async #prepare(retries: number): Promise<string> {
    const client = this.#client as WandbHttpClient;
    if (!this.#created) {
      this.#entity ??= await viewerEntity(client, retries);
      const version = this.#configVersion;
      const { options } = this.#init;
      const run = await upsertRun(
        client,
        {
          name: this.runId,
          project: this.#project,
          entity: this.#entity,
          displayName: this.#init.displayName,
          config: this.#wrappedConfig(),
          groupName: options.group,
          tags: options.tags,
          host: this.#metadata.host,
        },
        retries,
      );
      this.#configSent = version;
      this.#entity = run.entity || this.#entity;
      this.#project = run.project || this.#project;
      if (!this.#entity)
        throw new Error("the server did not say which entity the run belongs to; set WANDB_ENTITY");
      this.#created = true;
      this.#metadata.entity = this.#entity;
      this.#writeSpool((dir) => dir.writeMetadata(this.#metadata));
      const url = runUrl(this.#init.settings.baseUrl, this.#entity, this.#project, this.runId);
      this.#init.reporter.infoOnce("online", `streaming run "${this.#init.displayName}" to ${url}`);
    } else if (this.#configVersion !== this.#configSent) {
      const version = this.#configVersion;
      await upsertRun(
        client,
        { name: this.runId, project: this.#project, entity: this.#entity, config: this.#wrappedConfig() },
        retries,
      );
      this.#configSent = version;
    }
    return fileStreamPath(this.#entity as string, this.#project, this.runId);
  }

  #sendFailed(error: unknown): void {
    const where = this.dir ?? this.#init.root;
    this.#init.reporter.once(
      "send",
      `could not send to W&B (${describeError(error)}); training goes on, every row is kept in ${where} and sent ` +
        `again at the next upload; if some never get through, upload them later with: ${SYNC_COMMAND} ${where}`,
    );
  }
}
