import { ConfigError } from "../../config/config-error.js";
import type { Row } from "../task.js";

/** One multiple-choice example: a context, the start of the continuation, the candidate endings, the right one. */
export interface ChoiceRow {
  context: string;
  question: string;
  endings: string[];
  /** Index of the right ending; absent in a test split without labels. */
  label?: number;
}

export interface ChoiceColumns {
  context_column: string;
  question_column: string;
  ending_columns: string[];
  label_column: string;
}

/** Reads and checks every row: text columns hold strings, the label is the index of one of the endings. */
export function readChoiceRows(rows: readonly Row[], columns: ChoiceColumns, file: string): ChoiceRow[] {
  return rows.map((row, i) => {
    const fail = (detail: string) => new ConfigError(file, `row ${i + 1}`, detail);
    const text = (field: string, column: string) => {
      const value = row[column];
      if (typeof value !== "string") {
        throw fail(`${field} "${column}" must be a string, got ${JSON.stringify(value)}`);
      }
      return value;
    };
    const choice: ChoiceRow = {
      context: text("data.context_column", columns.context_column),
      question: text("data.question_column", columns.question_column),
      endings: columns.ending_columns.map((column, k) => text(`data.ending_columns[${k}]`, column)),
    };
    if (!(columns.label_column in row)) return choice;
    const label = row[columns.label_column];
    if (
      !Number.isInteger(label) ||
      (label as number) < 0 ||
      (label as number) >= columns.ending_columns.length
    ) {
      throw fail(
        `data.label_column "${columns.label_column}" must be the index of the right ending, an integer ` +
          `from 0 to ${columns.ending_columns.length - 1}, got ${JSON.stringify(label)}`,
      );
    }
    return { ...choice, label: label as number };
  });
}

/** The texts of a row a tokenizer is trained on: context, question and every ending. */
export function choiceTexts(row: Row, columns: ChoiceColumns): string[] {
  return [
    row[columns.context_column],
    row[columns.question_column],
    ...columns.ending_columns.map((c) => row[c]),
  ].filter((value): value is string => typeof value === "string");
}
