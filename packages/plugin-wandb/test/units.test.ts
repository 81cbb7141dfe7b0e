import { afterEach, describe, expect, it } from "vitest";
import wandb, {
  FileStreamUploader,
  resolveSettings,
  rewriteLogs,
  runDirName,
  splitLogs,
  WandbHttpClient,
  WandbRequestError,
  wandbOptionsSchema,
} from "../src/index.js";
import { parseValue, stringifyValue } from "../src/json-values.js";
import { FakeWandbServer } from "./fixtures/fake-wandb-server.js";
import { API_KEY } from "./fixtures/tiny-run.js";

const defaults = wandbOptionsSchema.parse({});

describe("HF's WandbCallback rules", () => {
  it("rewrite_logs: eval_x → eval/x, test_x → test/x, anything else → train/x", () => {
    expect(rewriteLogs({ loss: 1, eval_loss: 2, test_accuracy: 3, epoch: 0.5, learning_rate: 1e-3 })).toEqual(
      {
        "train/loss": 1,
        "eval/loss": 2,
        "test/accuracy": 3,
        "train/epoch": 0.5,
        "train/learning_rate": 1e-3,
      },
    );
  });

  it("single-value scalars go to the summary", () => {
    const { history, summary } = splitLogs({ train_runtime: 1.5, train_loss: 0.7, total_flos: 10, epoch: 3 });
    expect(summary).toEqual({ train_runtime: 1.5, train_loss: 0.7, total_flos: 10 });
    expect(history).toEqual({ "train/epoch": 3 });
  });
});

describe("settings", () => {
  it("project: option, else WANDB_PROJECT, else huggingface; base URL: option, else WANDB_BASE_URL, else api.wandb.ai", () => {
    expect(resolveSettings(defaults, {})).toMatchObject({
      mode: "offline",
      project: "huggingface",
      baseUrl: "https://api.wandb.ai",
    });
    expect(
      resolveSettings(defaults, { WANDB_PROJECT: "p", WANDB_BASE_URL: "http://h:1/", WANDB_API_KEY: "k" }),
    ).toMatchObject({ mode: "online", project: "p", baseUrl: "http://h:1", apiKey: "k" });
    expect(
      resolveSettings(wandbOptionsSchema.parse({ project: "o", baseUrl: "http://x" }), {
        WANDB_PROJECT: "p",
      }),
    ).toMatchObject({ project: "o", baseUrl: "http://x" });
  });

  it("modes: a key means online; offline without; WANDB_MODE and the option choose; disabled wins", () => {
    const online = wandbOptionsSchema.parse({ mode: "online" });
    expect(resolveSettings(online, {})).toMatchObject({
      mode: "offline",
      note: expect.stringMatching(/WANDB_API_KEY/),
    });
    expect(resolveSettings(defaults, { WANDB_API_KEY: "k", WANDB_MODE: "dryrun" }).mode).toBe("offline");
    expect(resolveSettings(online, { WANDB_API_KEY: "k", WANDB_MODE: "offline" }).mode).toBe("online");
    expect(resolveSettings(online, { WANDB_API_KEY: "k", WANDB_DISABLED: "YES" })).toMatchObject({
      mode: "disabled",
      apiKey: undefined,
    });
  });

  it("invalid options fail naming the plugin and the field", () => {
    expect(() => wandb({ flushIntervalMs: -1 })).toThrow(/plugin-wandb": invalid options: flushIntervalMs/);
    expect(() => wandb({ mode: "sometimes" as never })).toThrow(/invalid options: mode/);
  });

  it("run folder names follow W&B's: offline-run-YYYYMMDD_HHMMSS-<id>", () => {
    const start = new Date(2025, 0, 2, 3, 4, 5);
    expect(runDirName("offline", "abcd1234", start)).toBe("offline-run-20250102_030405-abcd1234");
    expect(runDirName("online", "abcd1234", start)).toBe("run-20250102_030405-abcd1234");
  });
});

describe("JSON as the SDK writes it", () => {
  it("non-finite numbers are NaN / Infinity tokens, read back by the parser", () => {
    const text = stringifyValue({
      a: Number.NaN,
      b: Number.POSITIVE_INFINITY,
      c: -Infinity,
      "d NaN": "NaN",
      e: 1,
    });
    expect(text).toBe('{"a":NaN,"b":Infinity,"c":-Infinity,"d NaN":"NaN","e":1}');
    expect(parseValue(text)).toEqual({ a: Number.NaN, b: Infinity, c: -Infinity, "d NaN": "NaN", e: 1 });
  });
});

describe("HTTP client and uploader", () => {
  let server: FakeWandbServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it("retries 5xx with exponential backoff, fails fast on other 4xx, and never puts the key in an error", async () => {
    server = new FakeWandbServer(API_KEY);
    const baseUrl = await server.start();
    const waits: number[] = [];
    const settings = {
      maxRetries: 3,
      retryInitialDelayMs: 100,
      retryMaxDelayMs: 250,
      requestTimeoutMs: 5000,
    };
    const client = new WandbHttpClient({
      ...settings,
      baseUrl,
      apiKey: API_KEY,
      sleep: async (ms) => void waits.push(ms),
    });
    server.faults.graphql.push("500", "500", "500");
    await expect(client.graphql("query Viewer { viewer { id entity } }", {})).resolves.toEqual({
      viewer: { id: "u1", entity: "test-entity" },
    });
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(100);
    expect(waits[0]).toBeLessThanOrEqual(125);
    expect(waits[1]).toBeGreaterThanOrEqual(200);
    expect(waits[2]).toBeLessThanOrEqual(250);

    const rejected = new WandbHttpClient({
      ...settings,
      baseUrl,
      apiKey: "wrong-key",
      sleep: async () => {},
    });
    const error = await rejected.post("/graphql", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WandbRequestError);
    expect((error as WandbRequestError).status).toBe(401);
    expect((error as Error).message).not.toContain("wrong-key");

    server.faults.graphql.push("500", "500");
    const impatient = new WandbHttpClient({
      ...settings,
      maxRetries: 1,
      baseUrl,
      apiKey: API_KEY,
      sleep: async () => {},
    });
    await expect(impatient.post("/graphql", {})).rejects.toMatchObject({ status: 500, retryable: true });
  });

  it("the uploader sends heartbeats while nothing else is sent, and splits history into chunks", async () => {
    server = new FakeWandbServer(API_KEY);
    const baseUrl = await server.start();
    const client = new WandbHttpClient({
      baseUrl,
      apiKey: API_KEY,
      maxRetries: 0,
      retryInitialDelayMs: 1,
      retryMaxDelayMs: 1,
      requestTimeoutMs: 5000,
    });
    await client.graphql("mutation { upsertBucket }", { name: "r1", project: "p", entity: "e" });
    const failures: unknown[] = [];
    const uploader = new FileStreamUploader({
      client,
      prepare: async () => "/files/e/p/r1/file_stream",
      onFailure: (e) => failures.push(e),
      flushIntervalMs: 0,
      heartbeatMs: 20,
      maxLinesPerRequest: 2,
      maxRetries: 0,
    });
    uploader.push(["{}", "{}", "{}", "{}", "{}"]);
    await uploader.flush();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await uploader.finish(0)).toBe(true);
    const run = server.onlyRun();
    expect(run.accepted).toEqual([
      { offset: 0, count: 2 },
      { offset: 2, count: 2 },
      { offset: 4, count: 1 },
    ]);
    expect(run.heartbeats).toBeGreaterThan(0);
    expect(run.completions).toEqual([{ exitcode: 0, dropped: 0 }]);
    expect(failures).toEqual([]);
  });
});
