/** CLI: `node dist/sim.js [--port N] [--seed N] [--time-scale X] [--credits N] [--render-ms N] [--state FILE] [--shape adk|reference] [--user-paths both|me|user-id]` (env SIM_PORT too). */
import { startSimulator } from "./index";
import { streamShapeOf, userPathModeOf } from "./shape";

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

function num(name: string, fallback?: string): number | undefined {
  const raw = flag(name) ?? fallback;
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    console.error(`--${name} must be a number, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

/** An enumerated flag (`--shape reference`); exits with a message when the value is unknown. */
function choice<T>(name: string, read: (v: string | undefined) => T | undefined): T | undefined {
  const raw = flag(name);
  if (raw === undefined) return undefined;
  const v = read(raw);
  if (v === undefined) {
    console.error(`--${name}: unknown value "${raw}"`);
    process.exit(2);
  }
  return v;
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log("Usage: node dist/sim.js [--port N] [--seed N] [--time-scale X] [--credits N] [--render-ms N] [--state FILE] [--shape adk|reference] [--user-paths both|me|user-id]");
    console.log("  --time-scale 1 follows the published durations (generation 100-300 s, edits 10-30 s, renders 30-90 s).");
    console.log("  --state FILE keeps tokens, balances, sessions, renders and media in FILE (and FILE.media/) across restarts.");
    return;
  }
  const sim = await startSimulator({
    port: num("port", process.env.SIM_PORT) ?? 0,
    seed: num("seed"),
    timeScale: num("time-scale"),
    initialCredits: num("credits"),
    renderMs: num("render-ms"),
    statePath: flag("state"),
    shape: choice("shape", streamShapeOf),
    userPaths: choice("user-paths", userPathModeOf),
  });
  console.log(`Simulator listening on ${sim.url}`);
  if (flag("state")) console.log(`State kept in ${flag("state")}`);
  console.log("Control API: GET /__sim/health, POST|DELETE /__sim/faults, GET /__sim/requests, GET /__sim/uploads, POST /__sim/reset, POST /__sim/forget-sessions, GET /__sim/schedule");
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`Simulator stopping (${signal})`);
    void sim.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
