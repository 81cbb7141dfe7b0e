import type { Hook } from "tapable";

/** An error thrown by a tap, re-thrown naming the plugin (the tap's name) and the hook. */
export class PluginHookError extends Error {
  constructor(
    readonly plugin: string,
    readonly hook: string,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`plugin "${plugin}" failed in hook "${hook}": ${reason}`, { cause });
    this.name = "PluginHookError";
  }
}

function wrapError(plugin: string, hook: string, error: unknown): unknown {
  return error instanceof PluginHookError ? error : new PluginHookError(plugin, hook, error);
}

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Wraps every tap as it registers so that its errors name the plugin and the hook: a synchronous throw as well as a
 * rejection. Done at registration (not per call) so the hot path pays one extra function frame and, for a promise
 * tap, one extra promise.
 */
// biome-ignore lint/suspicious/noExplicitAny: tapable's Hook is generic over argument tuples we do not need here
export function interceptTapErrors(hookName: string, hook: Hook<any, any>): void {
  hook.intercept({
    register(tap) {
      const fn = tap.fn as AnyFn;
      const plugin = tap.name;
      if (tap.type === "promise") {
        const rethrow = (error: unknown) => {
          throw wrapError(plugin, hookName, error);
        };
        // the tap runs at once and its promise gets one handler: an awaited event with async taps costs about
        // half of what deferring the call to a microtask did (tools/bench/trainer, hook dispatch)
        tap.fn = (...args: unknown[]) => {
          let result: unknown;
          try {
            result = fn(...args);
          } catch (error) {
            return Promise.reject(wrapError(plugin, hookName, error));
          }
          return Promise.resolve(result).then(undefined, rethrow);
        };
      } else if (tap.type === "async") {
        tap.fn = (...args: unknown[]) => {
          const callback = args.pop() as (err?: unknown, result?: unknown) => void;
          try {
            fn(...args, (err?: unknown, result?: unknown) =>
              callback(err ? wrapError(plugin, hookName, err) : err, result),
            );
          } catch (error) {
            callback(wrapError(plugin, hookName, error));
          }
        };
      } else {
        tap.fn = (...args: unknown[]) => {
          try {
            return fn(...args);
          } catch (error) {
            throw wrapError(plugin, hookName, error);
          }
        };
      }
      return tap;
    },
  });
}
