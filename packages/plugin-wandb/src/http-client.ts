import type { RetrySettings } from "./options.js";

const USER_AGENT = "tfjs-trainer-plugin-wandb/0.1.0";

/** A request that failed for good (after its retries, or at once when retrying cannot help). */
export class WandbRequestError extends Error {
  constructor(
    message: string,
    /** HTTP status, absent for network errors. */
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "WandbRequestError";
  }
}

export interface HttpClientOptions extends RetrySettings {
  baseUrl: string;
  apiKey: string;
  /** For tests: replaces the backoff wait. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * W&B's HTTP API as the SDKs call it: JSON POSTs with HTTP basic auth (user "api", the API key as password), retried
 * with exponential backoff on network errors, 5xx and 429 (as the SDK's request_with_retry; 429 honours Retry-After).
 * Other 4xx fail at once. Error messages never contain the key.
 */
export class WandbHttpClient {
  readonly baseUrl: string;
  readonly #authorization: string;
  readonly #secrets: string[];
  readonly #settings: RetrySettings;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    const token = Buffer.from(`api:${options.apiKey}`).toString("base64");
    this.#authorization = `Basic ${token}`;
    this.#secrets = [options.apiKey, token].filter((s) => s.length > 0);
    this.#settings = options;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** POSTs `body` as JSON to `path` and returns the parsed JSON answer ({} when empty). */
  async post(path: string, body: unknown, maxRetries = this.#settings.maxRetries): Promise<unknown> {
    const payload = JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#attempt(path, payload);
      if (!(outcome instanceof WandbRequestError)) return outcome.body;
      if (!outcome.retryable || attempt >= maxRetries) throw outcome;
      await this.#sleep(this.#backoff(attempt, outcome));
    }
  }

  /** A GraphQL request; GraphQL errors in a 200 answer fail without retry. */
  async graphql<T>(query: string, variables: Record<string, unknown>, maxRetries?: number): Promise<T> {
    const answer = (await this.post("/graphql", { query, variables }, maxRetries)) as {
      data?: T;
      errors?: { message?: string }[];
    };
    if (answer.errors?.length) {
      const messages = answer.errors.map((e) => e.message ?? "unknown error").join("; ");
      throw new WandbRequestError(this.#redact(`GraphQL error: ${messages}`), 200, false);
    }
    if (!answer.data) throw new WandbRequestError("GraphQL answer without data", 200, false);
    return answer.data;
  }

  async #attempt(
    path: string,
    payload: string,
  ): Promise<{ body: unknown; retryAfterMs?: number } | (WandbRequestError & { retryAfterMs?: number })> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: "POST",
        headers: {
          Authorization: this.#authorization,
          "Content-Type": "application/json",
          "User-Agent": USER_AGENT,
        },
        body: payload,
        signal: AbortSignal.timeout(this.#settings.requestTimeoutMs),
      });
    } catch (error) {
      return new WandbRequestError(
        this.#redact(`POST ${path} failed: ${describeNetworkError(error)}`),
        undefined,
        true,
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      return new WandbRequestError(
        this.#redact(`POST ${path}: reading the answer failed: ${describeNetworkError(error)}`),
        undefined,
        true,
      );
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429;
      const error = new WandbRequestError(
        this.#redact(`POST ${path}: HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`),
        response.status,
        retryable,
      ) as WandbRequestError & { retryAfterMs?: number };
      const retryAfter = Number(response.headers.get("retry-after"));
      if (response.status === 429 && Number.isFinite(retryAfter) && retryAfter > 0) {
        error.retryAfterMs = retryAfter * 1000;
      }
      return error;
    }
    if (!text.trim()) return { body: {} };
    try {
      return { body: JSON.parse(text) };
    } catch {
      return new WandbRequestError(`POST ${path}: the answer is not JSON`, response.status, false);
    }
  }

  #backoff(attempt: number, error: WandbRequestError & { retryAfterMs?: number }): number {
    const { retryInitialDelayMs, retryMaxDelayMs } = this.#settings;
    const base = Math.min(retryInitialDelayMs * 2 ** attempt, retryMaxDelayMs);
    const delay = error.retryAfterMs !== undefined ? Math.max(base, error.retryAfterMs) : base;
    return Math.min(delay * (1 + Math.random() * 0.25), Math.max(retryMaxDelayMs, base));
  }

  #redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) out = out.split(secret).join("***");
    return out;
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  if (error.name === "TimeoutError") return "timed out";
  if (cause?.code) return `${error.message} (${cause.code})`;
  if (cause?.message) return `${error.message} (${cause.message})`;
  return error.message;
}
