import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { fromPretrained } from "@tfjs-trainer/models";
import { flatten, guard, type ParityRow, relativeToMax, shapeOf } from "../table.js";

export const LOGITS_TOLERANCE = 1e-4;
export const LOSS_TOLERANCE = 1e-5;

/** A JSON array as a tensor: int32 when every value is an integer (ids, labels, masks), else float32. */
export function jsonTensor(value: unknown): tf.Tensor {
  const values = flatten(value);
  const dtype = values.every(Number.isInteger) ? "int32" : "float32";
  return tf.tensor(values, shapeOf(value), dtype);
}

/**
 * forward/<name>.json against models/<name>/: every array output HF recorded (logits, start_logits …) within
 * LOGITS_TOLERANCE relative to its largest magnitude, and the loss within LOSS_TOLERANCE relative.
 */
export async function checkForward(dir: string): Promise<ParityRow[]> {
  const files = (await readdir(join(dir, "forward"))).filter((f) => f.endsWith(".json")).sort();
  const rows: ParityRow[] = [];
  for (const file of files) {
    const name = basename(file, ".json");
    rows.push(
      ...(await guard(`forward/${name}`, "load + forward", async () => {
        const reference = JSON.parse(await readFile(join(dir, "forward", file), "utf8")) as Record<
          string,
          unknown
        >;
        const model = await fromPretrained(join(dir, "models", name), { warn: () => {} });
        const inputs = Object.fromEntries(
          Object.entries(reference.inputs as Record<string, unknown>).map(([k, v]) => [k, jsonTensor(v)]),
        );
        try {
          const outputs = model.forward(inputs, { training: false });
          const result: ParityRow[] = [];
          for (const [key, expected] of Object.entries(reference)) {
            if (key === "inputs" || key === "loss" || !Array.isArray(expected)) continue;
            const actual = outputs[key];
            if (!actual) throw new Error(`the model returned no "${key}"`);
            const same = actual.shape.join(",") === shapeOf(expected).join(",");
            const err = same ? relativeToMax(actual.dataSync(), flatten(expected)) : Number.POSITIVE_INFINITY;
            result.push({
              case: `forward/${name}`,
              measure: `${key} rel. to max`,
              value: err,
              tolerance: LOGITS_TOLERANCE,
              ok: err <= LOGITS_TOLERANCE,
            });
          }
          if (typeof reference.loss === "number") {
            const loss = outputs.loss?.dataSync()[0] ?? Number.NaN;
            const err = Math.abs(loss - reference.loss) / Math.abs(reference.loss);
            result.push({
              case: `forward/${name}`,
              measure: "loss rel.",
              value: Number.isNaN(err) ? "NaN" : err,
              tolerance: LOSS_TOLERANCE,
              ok: err <= LOSS_TOLERANCE,
            });
          }
          tf.dispose(Object.values(outputs).filter((t): t is tf.Tensor => t !== undefined));
          return result;
        } finally {
          tf.dispose(Object.values(inputs));
          model.dispose();
        }
      })),
    );
  }
  return rows;
}
