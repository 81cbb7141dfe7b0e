import { isRecord } from "./checks.js";

/**
 * A schedule's `scheduler_specific_kwargs` (HF's `lr_scheduler_kwargs`), read with the checks Python would make at
 * the call: an option the schedule does not take is an error, as is a value of the wrong type. `null` counts as
 * absent, as Python's None does for these options.
 */
export class SchedulerKwargs {
  private readonly values: Record<string, unknown>;

  constructor(
    private readonly scheduler: string,
    kwargs: unknown,
    accepted: readonly string[],
  ) {
    if (kwargs !== undefined && kwargs !== null && !isRecord(kwargs)) {
      throw new Error(`${scheduler}: scheduler kwargs must be an object, got ${JSON.stringify(kwargs)}`);
    }
    this.values = kwargs ?? {};
    for (const key of Object.keys(this.values)) {
      if (!accepted.includes(key)) {
        const options = accepted.length > 0 ? `it takes ${accepted.join(", ")}` : "it takes none";
        throw new Error(`${scheduler}: unknown scheduler option '${key}' (${options})`);
      }
    }
  }

  /** For schedules that take no options. */
  static rejectAll(scheduler: string, kwargs: unknown): void {
    new SchedulerKwargs(scheduler, kwargs, []);
  }

  private raw(key: string): unknown {
    const value = this.values[key];
    return value === null ? undefined : value;
  }

  optionalNumber(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new Error(
        `${this.scheduler}: option '${key}' must be a finite number, got ${JSON.stringify(value)}`,
      );
    }
    return value;
  }

  number(key: string, fallback: number): number {
    return this.optionalNumber(key) ?? fallback;
  }

  requiredNumber(key: string): number {
    const value = this.optionalNumber(key);
    if (value === undefined) throw new Error(`${this.scheduler}: option '${key}' is required`);
    return value;
  }

  choice<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const value = this.raw(key) ?? fallback;
    if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
      throw new Error(
        `${this.scheduler}: option '${key}' must be one of ${choices.map((c) => `'${c}'`).join(", ")}, got ${JSON.stringify(value)}`,
      );
    }
    return value as T;
  }

  /** A number, or a list of numbers (ReduceLROnPlateau's per-group `min_lr`). */
  numberOrList(key: string, fallback: number): number | number[] {
    const value = this.raw(key);
    if (Array.isArray(value)) {
      return value.map((item, i) => {
        if (typeof item !== "number" || !Number.isFinite(item)) {
          throw new Error(
            `${this.scheduler}: option '${key}[${i}]' must be a finite number, got ${JSON.stringify(item)}`,
          );
        }
        return item;
      });
    }
    return this.number(key, fallback);
  }
}
