import { readFileSync } from 'node:fs';

/** How often each process's resident set is read. */
const SAMPLE_MS = 100;

/** Peak resident set in MiB of each watched process (by its label) during one phase. */
export type PhasePeaks = Map<string, number>;

/** Each phase's peaks and each process's VmHWM at the end, in MiB. */
export interface MemoryReport {
  phases: Map<string, PhasePeaks>;
  highWater: PhasePeaks;
}

export interface MemoryWatch {
  /** Attributes the following samples to `name`, until the next call. */
  phase(name: string): void;
  /** Stops sampling; call it before the processes exit, as their high-water marks are read here. */
  stop(): MemoryReport;
}

/**
 * Samples VmRSS of the engine processes a stage starts, from `/proc/<pid>/status`, every 100 ms:
 * the figure an operator's container limit is set against. Linux only; elsewhere it reads nothing.
 */
export function watchMemory(processes: Record<string, number>): MemoryWatch {
  const phases = new Map<string, PhasePeaks>();
  let current: PhasePeaks | null = null;
  const sample = () => {
    if (!current) return;
    for (const [label, pid] of Object.entries(processes)) {
      const rss = statusMiB(pid, 'VmRSS');
      if (rss > (current.get(label) ?? 0)) current.set(label, rss);
    }
  };
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    phase(name) {
      sample();
      current = phases.get(name) ?? new Map();
      phases.set(name, current);
      sample();
    },
    stop() {
      sample();
      clearInterval(timer);
      const highWater = new Map(Object.entries(processes).map(([label, pid]) => [label, statusMiB(pid, 'VmHWM')]));
      return { phases, highWater };
    },
  };
}

/** A `kB` field of `/proc/<pid>/status` in MiB; 0 when the process or the file is gone. */
function statusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** `engine 182` or `api 121, worker 148`: MiB, whole numbers. */
export function formatPeaks(peaks: PhasePeaks): string {
  return [...peaks].map(([label, mib]) => `${label} ${mib.toFixed(0)}`).join(', ');
}
