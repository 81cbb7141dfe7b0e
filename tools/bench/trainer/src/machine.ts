import { cpus, loadavg } from "node:os";

/** The machine line of the table: CPU, cores, Node, date and the load average (the machine may be shared). */
export function machineLine(loadAtStart: number[]): string {
  const cpu = cpus();
  const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(", ");
  return (
    `${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length} cores, node ${process.version}, ` +
    `${new Date().toISOString().slice(0, 10)}; load average (1, 5, 15 min) ${load(loadAtStart)} at the start, ` +
    `${load(loadavg())} at the end`
  );
}
