/**
 * Download benchmark: 500 MB from the simulator (GET /__sim/blob?bytes=N) saved by the core's
 * download code (in a child process) vs `curl -o` to the same directory, in one run; bare Node
 * (undici piped to a file) as a reference. The core also fsyncs the file before renaming it;
 * curl does not, so a "curl + sync" row shows what durability costs on this disk.
 * Run: npx tsx bench/download.ts   (BENCH_REPS=n, default 3)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { z } from "zod";
import { startSimulator } from "../test/sim/index";
import { bundleChild, childJson, curlTime, ensureCurl, main, mb, median, MiB, ms, printTable, ratio, runChild, tmpPath } from "./lib";

const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 3));
const BYTES = 500 * MiB;
const childSchema = z.object({ ms: z.number(), bytes: z.number(), progressCalls: z.number(), growth: z.number() });
type ChildResult = z.infer<typeof childSchema>;

main(async () => {
  const curl = ensureCurl();
  const child = await bundleChild("bench/download-child.ts");
  const dir = tmpPath("download");
  mkdirSync(dir, { recursive: true });
  const sim = await startSimulator({ timeScale: 0.001, seed: 5 });
  try {
    const url = `${sim.url}/__sim/blob?bytes=${BYTES}`;
    const viaChild = async (mode: "client" | "bare"): Promise<ChildResult> => {
      const r = childJson(await runChild(process.execPath, ["--expose-gc", child], { URL: url, DIR: dir, MODE: mode }), childSchema);
      if (r.bytes !== BYTES) throw new Error(`${mode} saved ${r.bytes} of ${BYTES} bytes`);
      return r;
    };
    const curlFile = tmpPath("download/curl.bin");
    const viaCurl = async (sync: boolean): Promise<number> => {
      const t0 = performance.now();
      const t = await curlTime(curl, ["-o", curlFile, url]);
      let total = t;
      if (sync) {
        execFileSync("sync", [curlFile]);
        total = performance.now() - t0;
      }
      rmSync(curlFile, { force: true });
      return total;
    };

    await viaChild("client"); // warm-up, not counted
    await viaCurl(false);

    const client: ChildResult[] = [];
    const bare: ChildResult[] = [];
    const curlPlain: number[] = [];
    const curlSync: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const steps = [
        async () => client.push(await viaChild("client")),
        async () => curlPlain.push(await viaCurl(false)),
        async () => bare.push(await viaChild("bare")),
        async () => curlSync.push(await viaCurl(true)),
      ];
      for (let k = 0; k < steps.length; k++) await steps[(i + k) % steps.length]();
      process.stderr.write(
        `  rep ${i + 1}/${REPS}: client ${ms(client[i].ms)}, curl ${ms(curlPlain[i])}, curl+sync ${ms(curlSync[i])}, bare node ${ms(bare[i].ms)}\n`,
      );
    }
    const tClient = median(client.map((r) => r.ms));
    const tCurl = median(curlPlain);
    const r = tClient / tCurl;
    printTable(`Download, 500 MB (${REPS} reps, median)`, [
      { measure: "client download (core downloadMedia)", value: ms(tClient), target: "", ok: undefined },
      { measure: "curl -o", value: ms(tCurl), target: "", ok: undefined },
      { measure: "time ratio client/curl", value: ratio(r), target: "<= 1.15x", ok: r <= 1.15 },
      { measure: "reference: curl -o then sync (the client fsyncs)", value: ms(median(curlSync)), target: "", ok: undefined },
      { measure: "reference: client / (curl + sync)", value: ratio(tClient / median(curlSync)), target: "", ok: undefined },
      { measure: "reference: bare Node (undici pipe)", value: ms(median(bare.map((b) => b.ms))), target: "", ok: undefined },
      { measure: "client peak RSS growth", value: mb(median(client.map((c) => c.growth))), target: "", ok: undefined },
      { measure: "progress callbacks per download", value: String(client[0].progressCalls), target: "", ok: undefined },
    ]);
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
