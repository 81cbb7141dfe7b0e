import type { z } from "zod";
import type { ExportedState } from "../state/trainer-control.js";
import type { Trainer } from "../trainer.js";

/** What `apply` may return: how the plugin's state is saved in checkpoints and restored on resume. */
export interface PluginHandle {
  /** Small state, saved in trainer_state.json → stateful_callbacks. */
  state?(): ExportedState;
  /** On resume, with the folder of the checkpoint the state was read from (where saveFiles wrote). */
  loadState?(saved: ExportedState, from: { checkpointDir: string }): void;
  /**
   * Writes the plugin's own files (large state: tensors) into a checkpoint while it is being written: `dir` is the
   * temporary folder, so the files appear with the checkpoint, atomically, and a crash never leaves one without them.
   */
  saveFiles?(dir: string): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: a schema of any options type
export type AnyOptionsSchema = z.ZodType<any, any>;

export interface PluginDefinition<Schema extends AnyOptionsSchema> {
  /** The package name; also every tap's name, so `stage` / `before` can order plugins across packages. */
  name: string;
  /** Validates the options; gives their TS type and the JSON schema the CLI prints. */
  options?: Schema;
  /** Key under trainer_state.json → stateful_callbacks (HF's key for callback state). */
  stateKey?: string | ((options: z.output<Schema>) => string);
  /** Taps the trainer's hooks. Called once, in the constructor, before initEnd. */
  // biome-ignore lint/suspicious/noConfusingVoidType: lets an apply that only taps hooks omit its return
  apply(trainer: Trainer, options: z.output<Schema>): PluginHandle | undefined | void;
}

/** A plugin with its options validated, ready for `new Trainer({ plugins: [...] })`. */
export interface PluginInstance {
  readonly name: string;
  readonly options: unknown;
  readonly stateKey?: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: see PluginDefinition.apply
  apply(trainer: Trainer): PluginHandle | undefined | void;
}

/** What `definePlugin` returns: call it with options (or pass it as is for the defaults). */
export interface PluginFactory<Schema extends AnyOptionsSchema = AnyOptionsSchema> {
  (options?: z.input<Schema>): PluginInstance;
  readonly pluginName: string;
  readonly optionsSchema?: Schema;
}

export class PluginOptionsError extends Error {
  constructor(
    readonly plugin: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(
      `plugin "${plugin}": invalid options: ${issues.map((i) => `${i.path || "(options)"}: ${i.message}`).join("; ")}`,
    );
    this.name = "PluginOptionsError";
  }
}

export function definePlugin<Schema extends AnyOptionsSchema>(
  definition: PluginDefinition<Schema>,
): PluginFactory<Schema> {
  if (!definition.name || typeof definition.apply !== "function") {
    throw new Error(
      `definePlugin: a plugin needs a name and an apply function (got name "${definition.name}")`,
    );
  }
  const factory = (rawOptions?: z.input<Schema>): PluginInstance => {
    const options = parseOptions(definition, rawOptions);
    const stateKey =
      typeof definition.stateKey === "function" ? definition.stateKey(options) : definition.stateKey;
    return {
      name: definition.name,
      options,
      stateKey,
      apply: (trainer) => definition.apply(trainer, options),
    };
  };
  return Object.assign(factory, { pluginName: definition.name, optionsSchema: definition.options });
}

function parseOptions<Schema extends AnyOptionsSchema>(
  definition: PluginDefinition<Schema>,
  raw: unknown,
): z.output<Schema> {
  if (!definition.options) return (raw ?? {}) as z.output<Schema>;
  const result = definition.options.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new PluginOptionsError(
    definition.name,
    result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
  );
}

export type PluginSpec = PluginInstance | PluginFactory;

/** A plugin's apply() threw while the Trainer was being built: the error names the plugin. */
export class PluginApplyError extends Error {
  constructor(
    readonly plugin: string,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`plugin "${plugin}" failed while being applied to the Trainer: ${reason}`, { cause });
    this.name = "PluginApplyError";
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return `the string "${value}" (a config names plugins; the API takes them)`;
  return value === null ? "null" : typeof value === "object" ? "an object without apply()" : typeof value;
}

/** A factory or an instance as the instance to apply; `index` names the entry of `plugins` that is not a plugin. */
export function toPluginInstance(spec: PluginSpec, index = 0): PluginInstance {
  const instance = typeof spec === "function" ? spec() : spec;
  if (typeof instance !== "object" || instance === null || typeof instance.apply !== "function") {
    throw new Error(
      `plugins[${index}]: expected a plugin (what definePlugin returns, or its call with options), got ${describe(spec)}`,
    );
  }
  return instance;
}
