import { SeededRng } from "@tfjs-trainer/data";
import { type ChildEvent, eventName } from "./events.js";
import type { KillRule, TimedEvent } from "./spawn-run.js";

/**
 * Where a kill is aimed: inside the writing of a checkpoint (save-begin to saved: the temporary folder, its files,
 * the rename), inside the save hook that follows (saved to save-end: rotation deleting older checkpoints), or at
 * any moment of training.
 */
export type KillAim = (typeof KILL_AIMS)[number];
export const KILL_AIMS = ["writing", "rotating", "anytime"] as const;

export interface KillPlan extends KillRule {
  aim: KillAim;
}

/** Shares of the trials aimed at each window (the rest: anytime, which lands in saves too, by chance). */
export const AIM_SHARES = { writing: 0.45, rotating: 0.15 } as const;

const WINDOWS: Record<Exclude<KillAim, "anytime">, [ChildEvent["type"], ChildEvent["type"]]> = {
  writing: ["save-begin", "saved"],
  rotating: ["saved", "save-end"],
};

/**
 * Draws one kill per trial from the reference run's timeline, seeded. A kill is anchored to the event just before
 * its moment and fires after the same delay in the trial, so it lands at the same point of the run even when the
 * trial runs at another speed. round(share × trials) kills are aimed at each save window, at a uniform delay within
 * one of its occurrences (for rotation, one that deletes a checkpoint); the others at a uniform moment between the
 * start of training and its last step.
 */
export function planKills(
  reference: readonly TimedEvent[],
  trials: number,
  seed: number,
  /** Aim every kill at this window instead of the mix of AIM_SHARES. */
  only?: KillAim,
): KillPlan[] {
  const rng = new SeededRng(`chaos-${seed}`);
  const ready = reference.find((e) => e.event.type === "ready");
  const lastStep = reference.findLast((e) => e.event.type === "step");
  if (!ready || !lastStep) throw new Error("the reference run reported no training step");
  const windows = {
    writing: windowsBetween(reference, ...WINDOWS.writing),
    rotating: deleting(windowsBetween(reference, ...WINDOWS.rotating)),
  };
  if (windows.writing.length === 0)
    throw new Error("the reference run saved no checkpoint: use --steps 2 or more");

  const writing = Math.round(AIM_SHARES.writing * trials);
  const rotating = Math.round(AIM_SHARES.rotating * trials);
  const aims = Array.from(
    { length: trials },
    (_, i): KillAim => only ?? (i < writing ? "writing" : i < writing + rotating ? "rotating" : "anytime"),
  );
  shuffle(aims, rng);
  return aims.map((aim) => {
    if (aim !== "anytime") {
      const window = windows[aim][rng.below(windows[aim].length)];
      return {
        aim,
        anchor: eventName(window.begin.event),
        delayMs: rng.uniform() * (window.end.at - window.begin.at),
      };
    }
    const moment = ready.at + rng.uniform() * (lastStep.at - ready.at);
    const anchor = reference.findLast((e) => e.at <= moment && e.event.type !== "done") ?? ready;
    return { aim, anchor: eventName(anchor.event), delayMs: moment - anchor.at };
  });
}

/** Each occurrence of `from` with the `to` of the same step after it. */
export function windowsBetween(
  events: readonly TimedEvent[],
  from: ChildEvent["type"],
  to: ChildEvent["type"],
): { begin: TimedEvent; end: TimedEvent }[] {
  const stepOf = (e: TimedEvent) => ("step" in e.event ? e.event.step : undefined);
  return events.flatMap((begin, i) => {
    if (begin.event.type !== from) return [];
    const end = events.slice(i + 1).find((e) => e.event.type === to && stepOf(e) === stepOf(begin));
    return end ? [{ begin, end }] : [];
  });
}

/** The rotation windows in which a checkpoint was deleted, when there are any (the others only list folders). */
function deleting(
  windows: { begin: TimedEvent; end: TimedEvent }[],
): { begin: TimedEvent; end: TimedEvent }[] {
  const count = (e: TimedEvent) => ("checkpoints" in e.event ? e.event.checkpoints : 0);
  const found = windows.filter((w) => count(w.end) < count(w.begin));
  return found.length > 0 ? found : windows;
}

function shuffle<T>(items: T[], rng: SeededRng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}
