import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fromPretrained, type GenerativeModel, generate, generateOptionsFromHF } from "@tfjs-trainer/models";
import { guard, type ParityRow } from "../table.js";

interface GenerateFile {
  inputs: { input_ids: number[][]; attention_mask?: number[][] };
  [caseName: string]: unknown;
}

/**
 * generate/<name>.json against models/<name>/: for each case, HF's kwargs (read from the file, unknown ones fail)
 * through our generate(); the token ids must be identical.
 */
export async function checkGenerate(dir: string): Promise<ParityRow[]> {
  const files = (await readdir(join(dir, "generate"))).filter((f) => f.endsWith(".json")).sort();
  const rows: ParityRow[] = [];
  for (const file of files) {
    const name = basename(file, ".json");
    const reference = JSON.parse(await readFile(join(dir, "generate", file), "utf8")) as GenerateFile;
    const model = await fromPretrained(join(dir, "models", name), { warn: () => {} }).catch(
      (error: Error) => error,
    );
    for (const [caseName, value] of Object.entries(reference)) {
      if (caseName === "inputs") continue;
      const { kwargs, output_ids: expected } = value as {
        kwargs: Record<string, unknown>;
        output_ids: number[][];
      };
      rows.push(
        ...(await guard(`generate/${name}/${caseName}`, "token ids", async () => {
          if (model instanceof Error) throw model;
          const ids = await generate(
            model as unknown as GenerativeModel,
            { inputIds: reference.inputs.input_ids, attentionMask: reference.inputs.attention_mask },
            generateOptionsFromHF(kwargs),
          );
          const actual = ids.arraySync() as number[][];
          ids.dispose();
          const same = JSON.stringify(actual) === JSON.stringify(expected);
          const differing = same
            ? 0
            : actual.filter((row, i) => JSON.stringify(row) !== JSON.stringify(expected[i])).length;
          const value = same ? "identical" : `${Math.max(differing, 1)} of ${expected.length} rows differ`;
          return [
            {
              case: `generate/${name}/${caseName}`,
              measure: "token ids",
              value,
              tolerance: "exact",
              ok: same,
            },
          ];
        })),
      );
    }
    if (!(model instanceof Error)) model.dispose();
  }
  return rows;
}
