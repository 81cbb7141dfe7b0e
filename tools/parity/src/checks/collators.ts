import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type DataCollator,
  DataCollatorForSeq2Seq,
  DataCollatorForTokenClassification,
  DataCollatorWithPadding,
  type Feature,
  toNested,
} from "@tfjs-trainer/data";
import { guard, type ParityRow } from "../table.js";

interface CollatorFile {
  features: Feature[];
  /** Not in the shipped file, whose README says "Pad id 0"; a directory may set it. */
  pad_token_id?: number;
  cases: Record<string, Record<string, unknown> & { features?: Feature[] }>;
}

/**
 * A case name is the collator (with_padding, seq2seq, token_classification) and an optional `_mult<N>` for
 * pad_to_multiple_of N. with_padding cases record one class label per row, so their rows are the shared input_ids
 * with that label; token_classification cases carry their own features.
 */
function setup(
  name: string,
  file: CollatorFile,
  expected: Record<string, unknown>,
): { collate: DataCollator; rows: Feature[] } {
  const match = /^(with_padding|seq2seq|token_classification)(?:_mult(\d+))?$/.exec(name);
  if (!match) throw new Error(`unknown collator case "${name}"`);
  const padTokenId = file.pad_token_id ?? 0;
  const padToMultipleOf = match[2] ? Number(match[2]) : undefined;
  switch (match[1]) {
    case "with_padding":
      return {
        collate: DataCollatorWithPadding({ padTokenId, padToMultipleOf }),
        rows: file.features.map((f, i) => ({
          input_ids: f.input_ids,
          label: (expected.labels as number[])[i],
        })),
      };
    case "seq2seq":
      return { collate: DataCollatorForSeq2Seq({ padTokenId, padToMultipleOf }), rows: file.features };
    default:
      return {
        collate: DataCollatorForTokenClassification({ padTokenId, padToMultipleOf }),
        rows: expected.features as Feature[],
      };
  }
}

/** collators.json: every output column must equal HF's exactly. */
export async function checkCollators(dir: string): Promise<ParityRow[]> {
  const file = JSON.parse(await readFile(join(dir, "collators.json"), "utf8")) as CollatorFile;
  const rows: ParityRow[] = [];
  for (const [name, expected] of Object.entries(file.cases)) {
    rows.push(
      ...(await guard(`collators/${name}`, "columns equal", () => {
        const { collate, rows: features } = setup(name, file, expected);
        const batch = collate(structuredClone(features));
        const keys = Object.keys(expected).filter((k) => k !== "features");
        const differing = keys.filter(
          (k) => !batch[k] || JSON.stringify(toNested(batch[k])) !== JSON.stringify(expected[k]),
        );
        const extra = Object.keys(batch).filter((k) => !keys.includes(k));
        const ok = differing.length === 0 && extra.length === 0;
        const value = ok
          ? "identical"
          : `differs: ${[...differing, ...extra.map((k) => `+${k}`)].join(", ")}`;
        return [{ case: `collators/${name}`, measure: "columns equal", value, tolerance: "exact", ok }];
      })),
    );
  }
  return rows;
}
