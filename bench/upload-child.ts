/**
 * Child of bench/upload.ts: one NemoClient.uploadFiles of FILE to the simulator, timed, with the
 * process's peak RSS growth during the upload. Prints one JSON line.
 * Env: SIM_URL, NEMO_TOKEN, SESSION ({taskId, sessionId}), FILE.
 */
import { NemoClient } from "../src/core/client";
import { MemoryStore, StoreKeys } from "../src/core/support";
import { startMemProbe } from "./child-mem";

async function run(): Promise<void> {
  const env = process.env;
  const workspaceStore = new MemoryStore();
  await workspaceStore.set(StoreKeys.session, env.SESSION ?? "");
  const client = new NemoClient({
    apiUrl: env.SIM_URL ?? "",
    webUrl: "https://web.example.test",
    platform: "cli",
    version: "bench",
    language: "en",
    globalStore: new MemoryStore(),
    workspaceStore,
    secrets: new MemoryStore(),
    env: { NEMO_TOKEN: env.NEMO_TOKEN },
  });
  await client.credits(); // warm: modules loaded, connection open (curl opens its own too)
  const file = env.FILE ?? "";
  let progressCalls = 0;
  const stop = startMemProbe();
  const t0 = performance.now();
  await client.uploadFiles([file], { onProgress: () => progressCalls++ });
  const ms = performance.now() - t0;
  const mem = stop();
  process.stdout.write(`${JSON.stringify({ ms, progressCalls, ...mem })}\n`);
}

run().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
