/**
 * Peak-memory probe for bench children. Linux: the peak RSS (VmHWM) is reset by writing "5" to
 * /proc/self/clear_refs, so the peak after the measured work is the peak of that work alone.
 * A 5 ms RSS sampler backs it up where the reset is not allowed.
 */
import { readFileSync, writeFileSync } from "node:fs";

function statusKb(field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface MemResult {
  baselineRss: number;
  peakRss: number;
  growth: number;
  method: "VmHWM reset" | "sampled";
}

export function startMemProbe(): () => MemResult {
  global.gc?.();
  let hwmReset = false;
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    hwmReset = true;
  } catch {
    hwmReset = false;
  }
  const baselineRss = statusKb("VmRSS") ?? process.memoryUsage().rss;
  let sampled = baselineRss;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }, 5);
  return () => {
    clearInterval(timer);
    sampled = Math.max(sampled, process.memoryUsage().rss);
    const hwm = hwmReset ? statusKb("VmHWM") : undefined;
    const peakRss = Math.max(sampled, hwm ?? 0);
    return { baselineRss, peakRss, growth: Math.max(0, peakRss - baselineRss), method: hwm !== undefined ? "VmHWM reset" : "sampled" };
  };
}
