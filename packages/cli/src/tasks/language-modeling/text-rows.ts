import { ConfigError } from "../../config/config-error.js";
import type { Row } from "../task.js";

/**
 * The texts of a split's column, each checked to be a string; `file` names the split's config field (e.g.
 * data.train_file) so an error says where the bad row is.
 */
export function textsOf(rows: readonly Row[], column: string, file: string): string[] {
  return rows.map((row, i) => {
    const value = row[column];
    if (typeof value !== "string") {
      throw new ConfigError(
        file,
        `row ${i + 1}`,
        `data.text_column "${column}" must hold a string, got ${JSON.stringify(value)}`,
      );
    }
    return value;
  });
}
