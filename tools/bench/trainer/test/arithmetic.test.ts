import { describe, expect, it } from "vitest";
import { parseOptions } from "../src/options.js";
import { isFlat } from "../src/sections/resume.js";
import { formatOverhead, pairedOverhead, rotated, verdict } from "../src/stats.js";
import { perStep } from "../src/step-time.js";
import { formatTime, renderTable } from "../src/table.js";

describe("per-step time", () => {
  it("takes the steps after the warm-up, each ending where the next begins", () => {
    const starts = [0, 100, 110, 120, 135, 150].map((wallMs, i) => ({ wallMs, cpuMs: i * 2 }));
    expect(perStep(starts, 2, 3)).toEqual({ wallMs: (150 - 110) / 3, cpuMs: (10 - 4) / 3 });
  });

  it("refuses too few stamps, naming how many it needs", () => {
    expect(() => perStep([{ wallMs: 0, cpuMs: 0 }], 0, 1)).toThrow("2 needed");
  });
});

describe("paired overhead", () => {
  it("is the median of each round's difference, as a share of the baseline's median", () => {
    // round 2 ran while the machine was busier: both sides slower, the difference the same
    const overhead = pairedOverhead([100, 200, 102], [101, 201, 104]);
    expect(overhead).toEqual({ ms: 1, percent: 1 / 1.02, pairs: 3 });
  });

  it("pairs only rounds in which both sides finished", () => {
    expect(pairedOverhead([100, undefined, 100], [110, 500, 130])).toMatchObject({ ms: 20, pairs: 2 });
    expect(pairedOverhead([undefined], [1])).toBeUndefined();
  });

  it("writes the sign of a negative overhead", () => {
    expect(formatOverhead({ ms: -0.5, percent: -1.25, pairs: 3 }, formatTime)).toBe("−500.0 µs (−1.3 %)");
    expect(formatOverhead({ ms: 2, percent: 4, pairs: 3 }, formatTime)).toBe("+2.00 ms (+4.0 %)");
  });

  it("says whether a target was met", () => {
    expect(verdict("≤ 2 %", true)).toBe("≤ 2 %: met");
    expect(verdict("≤ 2 %", false)).toBe("≤ 2 %: missed");
  });
});

describe("flat resume", () => {
  it("allows 25 ms or 20 % over the time at 10 %, whichever is larger", () => {
    expect(isFlat(100, 125)).toBe(true);
    expect(isFlat(100, 126)).toBe(false);
    expect(isFlat(1000, 1200)).toBe(true);
    expect(isFlat(1000, 1201)).toBe(false);
  });
});

describe("table", () => {
  it("escapes pipes and writes each note once", () => {
    const table = renderTable([
      { measure: "a|b", variant: "v", median: "1 ms", versus: "", target: "", runs: 3, notes: ["n", "n"] },
    ]);
    expect(table.split("\n")[2]).toBe("| a\\|b | v | 1 ms |  |  | 3 | n |");
  });
});

describe("options", () => {
  it("picks small sizes with --quick and full ones without", () => {
    expect(parseOptions(["--quick"]).sizes.resumeRows).toEqual([10_000]);
    expect(parseOptions([]).sizes.resumeRows).toEqual([10_000, 1_000_000]);
    expect(parseOptions(["--only", "Resume"]).only).toBe("resume");
  });

  it("names an unknown argument and a missing value", () => {
    expect(() => parseOptions(["--fast"])).toThrow("unknown argument --fast");
    expect(() => parseOptions(["--only"])).toThrow("--only needs a value");
  });
});

describe("rounds", () => {
  it("start each round with another row", () => {
    expect(rotated(["a", "b", "c"], 0)).toEqual(["a", "b", "c"]);
    expect(rotated(["a", "b", "c"], 1)).toEqual(["b", "c", "a"]);
    expect(rotated(["a", "b", "c"], 5)).toEqual(["c", "a", "b"]);
  });
});
