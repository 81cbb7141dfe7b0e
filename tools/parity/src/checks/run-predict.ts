import { type HostOutputs, InMemoryDataset, type Trainer } from "@tfjs-trainer/core";
import type { HostTensor } from "@tfjs-trainer/data";
import { flatten, type ParityRow, relativeToMax, shapeOf } from "../table.js";
import type { RunFiles } from "./run-setup.js";

const WALL_CLOCK = /_(runtime|per_second)$/;

/**
 * predict() on the split HF predicted on (data.test, else data.eval), against run.json's `predict`: integer
 * predictions (generated ids, padded as HF pads them) and label ids must be identical, float predictions (logits)
 * within the tolerance; the loss within the eval-loss tolerance and every other metric equal.
 */
export async function comparePredict(
  c: string,
  trainer: Trainer,
  files: RunFiles,
  tolerance: { evalLoss: number; predictions: number },
): Promise<ParityRow[]> {
  const reference = files.run.predict;
  if (!reference) return [];
  const rows = files.data.test ?? files.data.eval;
  const output = await trainer.predict(new InMemoryDataset(rows));
  const result: ParityRow[] = [];
  if (reference.predictions !== undefined) {
    result.push(
      compareArray(
        c,
        "predict predictions",
        output.predictions,
        reference.predictions,
        tolerance.predictions,
      ),
    );
  }
  if (reference.label_ids !== undefined) {
    result.push(
      compareArray(c, "predict label_ids", output.label_ids, reference.label_ids, tolerance.predictions),
    );
  }
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  for (const [key, expected] of Object.entries(reference.metrics)) {
    if (WALL_CLOCK.test(key)) continue;
    const actual = output.metrics[key];
    if (key.endsWith("_loss")) {
      const err = actual === undefined ? Number.POSITIVE_INFINITY : rel(actual, expected);
      const ok = err <= tolerance.evalLoss;
      result.push({
        case: c,
        measure: `predict ${key} rel.`,
        value: err,
        tolerance: tolerance.evalLoss,
        ok,
      });
    } else {
      const ok = actual === expected;
      result.push({
        case: c,
        measure: `predict ${key}`,
        value: `${actual} vs ${expected}`,
        tolerance: "equal",
        ok,
      });
    }
  }
  return result;
}

function compareArray(
  c: string,
  measure: string,
  ours: HostOutputs | undefined,
  theirs: unknown,
  tolerance: number,
): ParityRow {
  const row = (value: number | string, bound: number | string, ok: boolean): ParityRow => ({
    case: c,
    measure,
    value,
    tolerance: bound,
    ok,
  });
  if (ours === undefined || Array.isArray(ours))
    return row(ours === undefined ? "missing" : "a tuple", "-", false);
  const expectedShape = shapeOf(theirs);
  if (ours.shape.join() !== expectedShape.join()) {
    return row(`shape [${ours.shape}] vs [${expectedShape}]`, "equal", false);
  }
  const expected = flatten(theirs);
  if (ours.dtype === "int32") {
    const differing = rowsDiffering(ours, expected);
    return row(
      differing === 0 ? "identical" : `${differing} of ${ours.shape[0]} rows differ`,
      "exact",
      differing === 0,
    );
  }
  const err = relativeToMax(ours.data, expected);
  return row(err, tolerance, err <= tolerance);
}

function rowsDiffering(ours: HostTensor, expected: number[]): number {
  const rows = ours.shape[0];
  const width = rows === 0 ? 0 : ours.data.length / rows;
  let differing = 0;
  for (let r = 0; r < rows; r++) {
    for (let i = r * width; i < (r + 1) * width; i++) {
      if (ours.data[i] !== expected[i]) {
        differing++;
        break;
      }
    }
  }
  return differing;
}
