import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  postprocessQaPredictions,
  predictionFileNames,
  pythonFloatRepr,
  pythonJsonDumps,
  writeQaPredictionFiles,
} from "../src/index.js";
import { f32, feature, YES_OFFSETS, yesExample } from "./fixtures.js";

describe("Python json.dumps", () => {
  it("writes numbers as Python floats (repr)", () => {
    expect(pythonFloatRepr(2)).toBe("2.0");
    expect(pythonFloatRepr(0)).toBe("0.0");
    expect(pythonFloatRepr(-0)).toBe("-0.0");
    expect(pythonFloatRepr(-8.75)).toBe("-8.75");
    expect(pythonFloatRepr(Math.fround(0.1))).toBe("0.10000000149011612");
    expect(pythonFloatRepr(0.0001)).toBe("0.0001");
    expect(pythonFloatRepr(1e-5)).toBe("1e-05");
    expect(pythonFloatRepr(7.671948696952313e-5)).toBe("7.671948696952313e-05");
    expect(pythonFloatRepr(1234567890123456)).toBe("1234567890123456.0");
    expect(pythonFloatRepr(1e16)).toBe("1e+16");
    expect(pythonFloatRepr(1.5e300)).toBe("1.5e+300");
    expect(pythonFloatRepr(123.456)).toBe("123.456");
    expect(pythonFloatRepr(Number.NaN)).toBe("NaN");
    expect(pythonFloatRepr(Number.NEGATIVE_INFINITY)).toBe("-Infinity");
  });

  it("indents by 4, separates keys with ': ', escapes like ensure_ascii", () => {
    // python: json.dumps({"a": [{"x": float(np.float32(0.1)), "y": 2.0, "t": "é\x7f\"\n"}], "e": {}, "l": []}, indent=4)
    expect(pythonJsonDumps({ a: [{ x: Math.fround(0.1), y: 2, t: 'é\x7f"\n' }], e: {}, l: [] })).toBe(
      [
        "{",
        '    "a": [',
        "        {",
        '            "x": 0.10000000149011612,',
        '            "y": 2.0,',
        '            "t": "\\u00e9\\u007f\\"\\n"',
        "        }",
        "    ],",
        '    "e": {},',
        '    "l": []',
        "}",
      ].join("\n"),
    );
    expect(pythonJsonDumps("😀\u0001")).toBe('"\\ud83d\\ude00\\u0001"');
  });
});

describe("prediction files", () => {
  it("file names follow HF's prefix rule", () => {
    expect(predictionFileNames()).toEqual({
      predictions: "predictions.json",
      nbest: "nbest_predictions.json",
      nullOdds: "null_odds.json",
    });
    expect(predictionFileNames("eval").nbest).toBe("eval_nbest_predictions.json");
    expect(predictionFileNames(null).nullOdds).toBe("null_odds.json");
  });

  it("v2: predictions.json, nbest_predictions.json and null_odds.json in HF's layout (indent 4, key order, Python floats)", async () => {
    // the v2 "Yes." case of postprocess.test.ts plus an answerable example, "ok"
    const none = yesExample("none", { text: [], answer_start: [] });
    const ok = yesExample("ok", { text: ["Yes"], answer_start: [0] });
    const result = postprocessQaPredictions(
      [none, ok],
      [feature("none", YES_OFFSETS), feature("ok", YES_OFFSETS)],
      {
        start: [f32([3, -2, -2, -2, 1, 0.5, -2, -2, -2]), f32([-2, -2, -2, -2, 1, 0.5, -2, -2, -2])],
        end: [f32([2, -2, -2, -2, 0.5, 1.5, -2, -2, -2]), f32([-2, -2, -2, -2, 0.5, 1.5, -2, -2, -2])],
      },
      { n_best_size: 3, max_answer_length: 3, version_2_with_negative: true },
    );
    const dir = mkdtempSync(join(tmpdir(), "qa-files-"));
    const paths = await writeQaPredictionFiles(join(dir, "out"), result, null);
    expect(paths.map((p) => p.slice(dir.length + 5))).toEqual([
      "predictions.json",
      "nbest_predictions.json",
      "null_odds.json",
    ]);
    const read = (name: string) => readFileSync(join(dir, "out", name), "utf8");
    // "ok": spans "Yes." 2.5, "." 2, "Yes" 1.5; null -2 + -2 = -4 appended; diff = -4 - 1 - 1.5 = -6.5
    expect(read("predictions.json")).toBe('{\n    "none": "",\n    "ok": "Yes."\n}\n');
    expect(read("null_odds.json")).toBe('{\n    "none": 2.5,\n    "ok": -6.5\n}\n');
    const nbest = read("nbest_predictions.json");
    expect(nbest).toBe(
      [
        "{",
        '    "none": [',
        "        {",
        '            "start_logit": 3.0,',
        '            "end_logit": 2.0,',
        '            "text": "",',
        `            "probability": ${pythonFloatRepr(result.nbest.none[0].probability)}`,
        "        },",
        "        {",
        '            "start_logit": 1.0,',
        '            "end_logit": 1.5,',
        '            "text": "Yes.",',
        `            "probability": ${pythonFloatRepr(result.nbest.none[1].probability)}`,
        "        },",
        "        {",
        '            "start_logit": 0.5,',
        '            "end_logit": 1.5,',
        '            "text": ".",',
        `            "probability": ${pythonFloatRepr(result.nbest.none[2].probability)}`,
        "        }",
        "    ],",
        '    "ok": [',
        ...["Yes.", ".", "Yes", ""].flatMap((text, i) => [
          "        {",
          `            "start_logit": ${pythonFloatRepr(result.nbest.ok[i].start_logit)},`,
          `            "end_logit": ${pythonFloatRepr(result.nbest.ok[i].end_logit)},`,
          `            "text": "${text}",`,
          `            "probability": ${pythonFloatRepr(result.nbest.ok[i].probability)}`,
          i === 3 ? "        }" : "        },",
        ]),
        "    ]",
        "}",
        "",
      ].join("\n"),
    );
    expect(result.nbest.ok.map((p) => p.start_logit)).toEqual([1, 0.5, 1, -2]);
    // probabilities are float32 values written as Python floats (numpy: 0.8834920525550842 for the first)
    expect(result.nbest.none[0].probability).toBeCloseTo(0.8834920525550842, 6);
    expect(nbest).toMatch(/"probability": 0\.88349\d+\n/);
  });

  it("v1 writes no null_odds.json; a prefix names the files", async () => {
    const ok = yesExample("ok", { text: ["Yes"], answer_start: [0] });
    const result = postprocessQaPredictions(
      [ok],
      [feature("ok", YES_OFFSETS)],
      { start: [f32([0, 0, 0, 0, 2, 1, 0, 0, 0])], end: [f32([0, 0, 0, 0, 2, 1, 0, 0, 0])] },
      { n_best_size: 2 },
    );
    const dir = mkdtempSync(join(tmpdir(), "qa-files-"));
    await writeQaPredictionFiles(dir, result, "predict");
    expect(readdirSync(dir).sort()).toEqual(["predict_nbest_predictions.json", "predict_predictions.json"]);
    expect(readFileSync(join(dir, "predict_predictions.json"), "utf8")).toBe('{\n    "ok": "Yes"\n}\n');
  });
});
