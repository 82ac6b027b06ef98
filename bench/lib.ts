/**
 * Shared helpers of the benchmarks: scratch files in bench/.tmp, curl, a simulator session,
 * child processes bundled with esbuild, medians and the result table.
 * Benchmarks are reports, never tests: they exit 0 even when a target is missed.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { SKILL_SOURCE } from "../src/core/api";
import { bundleNode } from "../test/bundle-node";

export const ROOT = path.resolve(__dirname, "..");
export const TMP = path.join(ROOT, "bench", ".tmp");
export const MiB = 1024 * 1024;

export function tmpPath(name: string): string {
  mkdirSync(TMP, { recursive: true });
  return path.join(TMP, name);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Make sure curl exists (installs it with apt when missing and we are root). */
export function ensureCurl(): string {
  const find = (): string | undefined => {
    try {
      return execFileSync("sh", ["-c", "command -v curl"], { encoding: "utf8" }).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  let curl = find();
  if (!curl) {
    console.error("curl not found; installing it with apt-get…");
    execFileSync("sh", ["-c", "apt-get update -qq && apt-get install -y -qq curl"], { stdio: "inherit" });
    curl = find();
  }
  if (!curl) throw new Error("curl is required for the baseline and could not be installed");
  return curl;
}

/** A file of `bytes` pseudo-random bytes (not compressible), reused when it already has that size. */
export async function ensureFile(name: string, bytes: number): Promise<string> {
  const p = tmpPath(name);
  if (existsSync(p) && statSync(p).size === bytes) return p;
  const block = Buffer.alloc(MiB);
  let x = 0x2545f491;
  for (let i = 0; i < block.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    block.writeInt32LE(x | 0, i);
  }
  const out = createWriteStream(p);
  for (let left = bytes; left > 0; left -= block.length) {
    const piece = left >= block.length ? block : block.subarray(0, left);
    block[0] = (block[0] + 1) & 0xff; // no two blocks alike
    if (!out.write(piece)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return p;
}

const tokenSchema = z.looseObject({ code: z.literal(0), data: z.looseObject({ token: z.string().min(1) }) });
const sessionSchema = z.looseObject({ code: z.literal(0), data: z.looseObject({ task_id: z.string(), session_id: z.string() }) });

export interface BenchSession {
  token: string;
  taskId: string;
  sessionId: string;
  headers: Record<string, string>;
}

/** An anonymous token and a session on the simulator, straight over HTTP. */
export async function simSession(simUrl: string): Promise<BenchSession> {
  const base = { "X-Skill-Source": SKILL_SOURCE, "X-Skill-Version": "bench", "X-Skill-Platform": "cli" };
  const t = await fetch(`${simUrl}/api/auth/anonymous-token`, { method: "POST", headers: { ...base, "X-Client-Id": randomUUID() } });
  const token = tokenSchema.parse(await t.json()).data.token;
  const headers = { ...base, Authorization: `Bearer ${token}` };
  const s = await fetch(`${simUrl}/api/tasks/me/with-session/nemo_agent`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify({ task_name: "project", language: "en" }),
  });
  const data = sessionSchema.parse(await s.json()).data;
  return { token, taskId: data.task_id, sessionId: data.session_id, headers };
}

/** A curl header file (mode 0600) so the token never shows in a process list. */
export function curlHeaderFile(headers: Record<string, string>): string {
  const p = tmpPath("curl-headers.txt");
  writeFileSync(p, Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\n") + "\n", { mode: 0o600 });
  return p;
}

/** Run curl; returns its own total time in ms (connection included, process start excluded). */
export async function curlTime(curl: string, args: string[]): Promise<number> {
  const out = await runChild(curl, ["-sS", "--fail", "-w", "%{time_total}", ...args]);
  const seconds = Number(out.trim().split(/\s+/).pop());
  if (!Number.isFinite(seconds)) throw new Error(`curl printed no time: ${out.slice(0, 200)}`);
  return seconds * 1000;
}

/** Bundle a bench child (TypeScript) into bench/.tmp, like the CLI bundle users run. */
export async function bundleChild(entry: string): Promise<string> {
  const outfile = tmpPath(`${path.basename(entry, ".ts")}.js`);
  await bundleNode(entry, outfile);
  return outfile;
}

export function runChild(cmd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} exited ${code}: ${err.slice(0, 500)}`))));
  });
}

/** Parse the last stdout line of a bench child as JSON. */
export function childJson<T>(stdout: string, schema: z.ZodType<T>): T {
  const last = stdout.trim().split("\n").pop() ?? "";
  return schema.parse(JSON.parse(last));
}

export interface Row {
  measure: string;
  value: string;
  target: string;
  ok: boolean | undefined;
}

export function printTable(title: string, rows: Row[]): void {
  const cols: (keyof Row)[] = ["measure", "value", "target"];
  const head = ["measure", "value", "target", "result"];
  const cells = rows.map((r) => [...cols.map((c) => String(r[c])), r.ok === undefined ? "" : r.ok ? "ok" : "MISSED"]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  console.log(`\n${title}`);
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
  const missed = rows.filter((r) => r.ok === false).map((r) => r.measure);
  console.log(missed.length ? `\nMISSED TARGETS: ${missed.join("; ")}` : "\nAll targets met.");
}

export const ms = (n: number): string => `${n.toFixed(0)} ms`;
export const mb = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MB`;
export const ratio = (n: number): string => `${n.toFixed(2)}x`;

/** Run `fn` and exit 0 whatever the figures; exit 1 only when the benchmark itself could not run. */
export function main(fn: () => Promise<void>): void {
  fn().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`Benchmark failed to run: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
