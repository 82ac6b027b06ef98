// Starts the backend simulator (dist/sim.js) as a child process and wraps its HTTP control API
// (docs/CONTRACTS.md, "Simulator"): faults, recorded requests and uploads, reset.
import { existsSync } from "node:fs";
import { z } from "zod";
import { join } from "node:path";
import { DIST, REPO_ROOT } from "./paths";
import { startProcess, type ManagedProcess } from "./procs";

/** Mirrors FaultSpec in docs/CONTRACTS.md; kept structural so the harness does not import the sim. */
export interface SimFaultSpec {
  route: string;
  times?: number;
  fault: { type: string } & Record<string, unknown>;
}

/** Mirrors RecordedRequest in docs/CONTRACTS.md (unknown fields kept). */
const simRequestSchema = z.looseObject({
  method: z.string(),
  path: z.string(),
  headers: z.record(z.string(), z.unknown()).optional(),
  receivedAt: z.number().optional(),
  aborted: z.boolean().optional(),
  bodyBytes: z.number().optional(),
  /** The simulator's route name; "control" for /__sim/* calls. */
  route: z.string().optional(),
});
export type SimRequest = z.infer<typeof simRequestSchema>;

const simUploadSchema = z.looseObject({
  sessionId: z.string(),
  fileName: z.string(),
  size: z.number(),
  sha256: z.string(),
});
export type SimUpload = z.infer<typeof simUploadSchema>;

/** Control answers come in the backend envelope {code, data, message}; tolerate a bare body too. */
const envelopeSchema = z.looseObject({ code: z.number(), data: z.unknown(), message: z.string().optional() });

export interface SimHandle {
  url: string;
  process: ManagedProcess;
  inject(spec: SimFaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  reset(): Promise<void>;
  requests(): Promise<SimRequest[]>;
  uploads(): Promise<SimUpload[]>;
  stop(): Promise<void>;
}

export interface SimStartOptions {
  runDir: string;
  seed?: number;
  /** 1 = the published durations (an image 100-300 s); the editor tests default to 0.004 (an image
   * in 0.4-1.2 s) with 1.5-s renders. */
  timeScale?: number;
  port?: number;
  /** Real ms a render takes (default: the time scale's share of 30 s). */
  renderMs?: number;
  /** Starting balance of every anonymous user (the simulator's default is 100: one generation). */
  credits?: number;
  /** Keep the simulator's world in this file across restarts (`--state`). */
  statePath?: string;
}

const URL_LINE = /(http:\/\/127\.0\.0\.1:\d+)/;

export async function startSim(opts: SimStartOptions): Promise<SimHandle> {
  if (!existsSync(DIST.sim)) throw new Error(`${DIST.sim} is missing: run \`node esbuild.mjs\` (needs test/sim/main.ts)`);
  const args = [DIST.sim, "--port", String(opts.port ?? 0), "--time-scale", String(opts.timeScale ?? 0.004)];
  const renderMs = opts.renderMs ?? (opts.timeScale === undefined ? 1500 : undefined);
  if (opts.seed !== undefined) args.push("--seed", String(opts.seed));
  if (opts.credits !== undefined) args.push("--credits", String(opts.credits));
  if (renderMs !== undefined) args.push("--render-ms", String(renderMs));
  if (opts.statePath !== undefined) args.push("--state", opts.statePath);
  let announce: (url: string) => void = () => undefined;
  const announced = new Promise<string>((resolve) => (announce = resolve));
  const proc = startProcess("simulator", process.execPath, args, {
    cwd: REPO_ROOT,
    logPath: join(opts.runDir, "sim.log"),
    onStdoutLine: (line) => {
      const m = URL_LINE.exec(line);
      if (m) announce(m[1]);
    },
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`simulator did not announce its URL within 15 s (log ${proc.logPath})`)), 15_000).unref(),
  );
  const exited = proc.exited.then((code) => {
    throw new Error(`simulator exited (${code}) before announcing its URL (log ${proc.logPath})`);
  });
  let url: string;
  try {
    url = await Promise.race([announced, timeout, exited]);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return makeHandle(url, proc);
}

/** One JSON call to the simulator at `url` (10 s limit); the parsed body, undefined when empty. Throws on an HTTP error. */
export async function simCall(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`simulator ${method} ${path} -> HTTP ${res.status}: ${text.slice(0, 200)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

function makeHandle(url: string, proc: ManagedProcess): SimHandle {
  const data = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const raw = await simCall(url, method, path, body);
    const env = envelopeSchema.safeParse(raw);
    if (!env.success) return raw;
    if (env.data.code !== 0) throw new Error(`simulator ${method} ${path} -> code ${env.data.code}: ${env.data.message ?? ""}`);
    return env.data.data;
  };
  return {
    url,
    process: proc,
    inject: async (spec) => void (await data("POST", "/__sim/faults", spec)),
    clearFaults: async () => void (await data("DELETE", "/__sim/faults")),
    reset: async () => void (await data("POST", "/__sim/reset")),
    requests: async () => z.array(simRequestSchema).parse(await data("GET", "/__sim/requests")),
    uploads: async () => z.array(simUploadSchema).parse(await data("GET", "/__sim/uploads")),
    stop: () => proc.stop(),
  };
}
