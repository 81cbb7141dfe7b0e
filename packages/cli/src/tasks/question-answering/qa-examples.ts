import type { QaExample } from "@tfjs-trainer/plugin-qa";
import { charSpanToUtf16 } from "@tfjs-trainer/tokenizers";
import type { Row } from "../task.js";

export interface QaColumns {
  question_column: string;
  context_column: string;
  answer_column: string;
  version_2_with_negative: boolean;
}

export interface ReadOptions {
  /** The config field of the split's file, for messages (`data.train_file`). */
  file: string;
  /**
   * Check that the first answer is the context's text at its `answer_start`: training labels are cut from that
   * span (evaluation scores answer texts only, so there a stray offset does no harm, as in run_qa).
   */
  checkSpans: boolean;
}

/**
 * Reads SQuAD rows (`id`, question, context, `answers: {text: [...], answer_start: [...]}`) into the examples
 * feature preparation and postprocessing take. `answer_start` counts code points, as HF datasets (Python) do; the
 * examples count UTF-16 units, as the offsets plugin-qa slices JavaScript strings with. Every row without an `id`
 * gets its line number.
 */
export function readQaExamples(rows: readonly Row[], columns: QaColumns, options: ReadOptions): QaExample[] {
  const seen = new Map<string, number>();
  return rows.map((row, i) => {
    const where = `${options.file} row ${i + 1}`;
    const text = (field: string, column: string) => {
      const value = row[column];
      if (typeof value !== "string") {
        throw new Error(`${where}: ${field} "${column}" must be a string, got ${JSON.stringify(value)}`);
      }
      return value;
    };
    const id = exampleId(row, i, where);
    const previous = seen.get(id);
    if (previous !== undefined) {
      throw new Error(
        `${where}: id "${id}" is also the id of row ${previous + 1} (predictions are keyed by id)`,
      );
    }
    seen.set(id, i);
    const context = text("data.context_column", columns.context_column);
    const answers = readAnswers(row[columns.answer_column], context, columns, `${where}: data.answer_column`);
    if (options.checkSpans && answers.text.length > 0)
      checkSpan(context, answers, `${where}: data.answer_column`);
    return { id, question: text("data.question_column", columns.question_column), context, answers };
  });
}

function exampleId(row: Row, index: number, where: string): string {
  if (!("id" in row)) return String(index + 1);
  const id = row.id;
  if (typeof id !== "string" && typeof id !== "number") {
    throw new Error(`${where}: "id" must be a string or a number, got ${JSON.stringify(id)}`);
  }
  return String(id);
}

function readAnswers(
  value: unknown,
  context: string,
  columns: QaColumns,
  where: string,
): QaExample["answers"] {
  const shape = `{"text": [str], "answer_start": [int]} (SQuAD's answers)`;
  const answers = value as { text?: unknown; answer_start?: unknown } | null;
  if (typeof answers !== "object" || answers === null || Array.isArray(answers)) {
    throw new Error(`${where} "${columns.answer_column}" must be ${shape}, got ${JSON.stringify(value)}`);
  }
  const { text, answer_start: starts } = answers;
  if (!Array.isArray(text) || !text.every((t) => typeof t === "string")) {
    throw new Error(`${where} "${columns.answer_column}".text must be a list of strings (${shape})`);
  }
  if (!Array.isArray(starts) || !starts.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new Error(
      `${where} "${columns.answer_column}".answer_start must be a list of integers ≥ 0 (${shape})`,
    );
  }
  if (text.length !== starts.length) {
    throw new Error(
      `${where} "${columns.answer_column}" has ${text.length} texts but ${starts.length} answer_start values`,
    );
  }
  if (text.length === 0 && !columns.version_2_with_negative) {
    throw new Error(
      `${where} "${columns.answer_column}" has no answer: set data.version_2_with_negative: true for ` +
        "unanswerable questions (SQuAD v2)",
    );
  }
  const codePoints = [...context].length;
  const utf16Starts = (starts as number[]).map((start, k) => {
    if (start > codePoints) {
      throw new Error(
        `${where} "${columns.answer_column}".answer_start[${k}] = ${start} is past the context's end (${codePoints} characters)`,
      );
    }
    return toUtf16(context, start);
  });
  return { text: text as string[], answer_start: utf16Starts };
}

/** A code-point position of `text` as a UTF-16 position (the same unless the text has characters beyond the BMP). */
function toUtf16(text: string, codePoint: number): number {
  return HAS_SURROGATES.test(text) ? charSpanToUtf16(text, [codePoint, codePoint])[0] : codePoint;
}

const HAS_SURROGATES = /[\uD800-\uDFFF]/;

function checkSpan(context: string, answers: QaExample["answers"], where: string): void {
  const start = answers.answer_start[0];
  const found = context.slice(start, start + answers.text[0].length);
  if (found !== answers.text[0]) {
    throw new Error(
      `${where}: the answer ${JSON.stringify(answers.text[0])} is not the context's text at its answer_start ` +
        `(${JSON.stringify(found)} is); training labels would point at the wrong tokens`,
    );
  }
}
