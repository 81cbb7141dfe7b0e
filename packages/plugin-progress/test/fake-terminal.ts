import { Writable } from "node:stream";

const ESC = String.fromCharCode(0x1b);
/** A control sequence: ESC [ parameters final-letter. */
const CSI = new RegExp(`^${ESC}\\[([?0-9;]*)([A-Za-z])`);
/** Any control sequence, anywhere. */
export const ANSI = new RegExp(`${ESC}\\[[?0-9;]*[A-Za-z]`);

/**
 * A writable that says it is a terminal and records what is written; `screen()` replays it as a terminal would
 * (cursor moves and clears as Node's readline writes them, unlimited scrollback, no line wrapping).
 */
export class FakeTerminal extends Writable {
  readonly isTTY: boolean;
  readonly columns: number;
  readonly chunks: string[] = [];

  constructor({ isTTY = true, columns = 100 }: { isTTY?: boolean; columns?: number } = {}) {
    super({ decodeStrings: false });
    this.isTTY = isTTY;
    this.columns = columns;
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(String(chunk));
    callback();
  }

  get text(): string {
    return this.chunks.join("");
  }

  /** The screen's lines after everything written so far, trailing blanks trimmed, and where the cursor is. */
  screen(): { lines: string[]; cursor: { row: number; col: number } } {
    const rows: string[][] = [[]];
    let row = 0;
    let col = 0;
    const line = () => {
      while (rows.length <= row) rows.push([]);
      return rows[row];
    };
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === ESC) {
        const csi = CSI.exec(text.slice(i));
        if (!csi) {
          i += 1; // ESC 7 / ESC 8 (save / restore): not used by the plugin's output
          continue;
        }
        i += csi[0].length - 1;
        const n = csi[1] === "" ? undefined : Number(csi[1]);
        switch (csi[2]) {
          case "G":
            col = (n ?? 1) - 1;
            break;
          case "A":
            row = Math.max(0, row - (n ?? 1));
            break;
          case "B":
            row += n ?? 1;
            break;
          case "C":
            col += n ?? 1;
            break;
          case "D":
            col = Math.max(0, col - (n ?? 1));
            break;
          case "K": {
            const cells = line();
            if (!n) cells.length = Math.min(cells.length, col);
            else if (n === 1) for (let c = 0; c <= col && c < cells.length; c++) cells[c] = " ";
            else cells.length = 0;
            break;
          }
          case "J":
            line().length = Math.min(line().length, col);
            rows.length = Math.min(rows.length, row + 1);
            break;
          default: // modes such as ?7l / ?25h change nothing on the screen
        }
      } else if (ch === "\n") {
        row += 1;
        col = 0;
      } else if (ch === "\r") {
        col = 0;
      } else {
        const cells = line();
        while (cells.length < col) cells.push(" ");
        cells[col] = ch;
        col += 1;
      }
    }
    const lines = rows.map((cells) => cells.join("").trimEnd());
    while (lines.length > 0 && lines.at(-1) === "") lines.pop();
    return { lines, cursor: { row, col } };
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
