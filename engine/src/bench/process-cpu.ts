import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/**
 * CPU seconds (user + system) a process has used so far, from `/proc/<pid>/stat`; NaN where
 * there is no /proc. What a phase costs is the difference of two readings: unlike a rate, it
 * hardly moves when other work shares the machine.
 */
export function cpuSeconds(pid: number): number {
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    // Fields after the command name (which may hold spaces), from the state on: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/** A process's parent, from `/proc/<pid>/stat` (the field after the state). */
export function parentPid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/**
 * CPU seconds of a process and of each child it has now, by pid: a PostgreSQL server's
 * postmaster and its backends and helpers. A child that ended between two readings takes its
 * CPU time with it; the engines' pooled connections keep theirs for the whole burst.
 */
export function treeCpuSeconds(pid: number): Map<number, number> {
  const pids = [pid];
  try {
    pids.push(...readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    // No /proc (or no children file): the parent alone.
  }
  return new Map(pids.map((child) => [child, cpuSeconds(child)]));
}

/** The CPU seconds a process tree spent between two readings of `treeCpuSeconds`. */
export function treeCpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0;
  for (const [pid, seconds] of after) spent += seconds - (before.get(pid) ?? 0);
  return spent;
}
