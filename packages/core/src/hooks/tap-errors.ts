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
 * Wraps every tap as it registers so that its errors name the plugin and the hook. Done at registration (not per
 * call) so the hot path pays nothing beyond one extra function frame.
 */
// biome-ignore lint/suspicious/noExplicitAny: tapable's Hook is generic over argument tuples we do not need here
export function interceptTapErrors(hookName: string, hook: Hook<any, any>): void {
  hook.intercept({
    register(tap) {
      const fn = tap.fn as AnyFn;
      const plugin = tap.name;
      if (tap.type === "promise") {
        tap.fn = (...args: unknown[]) =>
          Promise.resolve()
            .then(() => fn(...args))
            .catch((error: unknown) => {
              throw wrapError(plugin, hookName, error);
            });
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
