import type { HookKind } from "../case-spec.js";
import { median, verdict } from "../stats.js";
import type { TableRow } from "../table.js";
import { notesOf, type Section, type SectionContext, valuesOf } from "./section.js";

const HOOKS: { hook: HookKind; label: string }[] = [
  { hook: "async-event", label: "stepEnd (AsyncSeriesHook, awaited; async taps)" },
  { hook: "sync-event", label: "stepEnd (AsyncSeriesHook, awaited; synchronous taps)" },
  { hook: "sync-waterfall", label: "prepareInputs (SyncWaterfallHook; identity taps)" },
];
const TAP_COUNTS = [0, 5, 20];
const TARGET_US = 1;

/** One hook call with 0, 5 and 20 taps that do nothing: what the trainer's hooks cost per event. */
export const hookDispatchSection: Section = {
  title: "hook dispatch",
  async run({ sizes, runCase, progress }: SectionContext) {
    const rows: TableRow[] = [];
    for (const { hook, label } of HOOKS) {
      let noTapsUs: number | undefined;
      for (const taps of TAP_COUNTS) {
        progress(`hook dispatch: ${label}, ${taps} taps`);
        const result = await runCase({
          kind: "hooks",
          hook,
          taps,
          calls: sizes.hookCalls,
          repeats: sizes.hookRepeats,
        });
        const values = valuesOf(result, "usPerEvent");
        const us = values.length > 0 ? median(values) : undefined;
        if (taps === 0) noTapsUs = us;
        const perTap =
          us !== undefined && noTapsUs !== undefined && taps > 0 ? (us - noTapsUs) / taps : undefined;
        rows.push({
          measure: `hook dispatch per event, ${label}`,
          variant: `${taps} taps`,
          median: us !== undefined ? `${us.toFixed(3)} µs` : "—",
          versus: perTap !== undefined ? `${perTap.toFixed(3)} µs a tap` : "",
          target: us !== undefined ? verdict(`< ${TARGET_US} µs`, us < TARGET_US) : "",
          runs: values.length,
          notes: [`${sizes.hookCalls} calls a run`, ...notesOf(result)],
        });
      }
    }
    return rows;
  },
};
