/** The local NemoVideo backend simulator: `startSimulator()` (see README.md and docs/CONTRACTS.md). */
import type { AddressInfo } from "node:net";
import { fixtures } from "./media";
import { savedPort, WorldFile } from "./persist";
import { createSimServer } from "./server";
import type { FaultSpec, RenderShapeOptions, SimOptions, Simulator } from "./types";
import { World } from "./world";

export type { ScheduledWork } from "./schedule";
export type { Fault, FaultSpec, RenderShape, RenderShapeOptions, RecordedRequest, RecordedUpload, RouteName, SimOptions, Simulator } from "./types";

export async function startSimulator(opts: SimOptions = {}): Promise<Simulator> {
  fixtures(); // fail fast when the MP4/JPEG fixtures cannot be found
  const world = new World(opts);
  const hooks = {
    reset: () => world.reset(),
    expireTokens: () => world.auth.expireAll(),
    setCredits: (n: number) => world.auth.setCredits(n),
  };
  const server = createSimServer(world, hooks, opts.tls);
  server.keepAliveTimeout = 5000;
  const listen = (port: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  // With a state file and no port asked for, come back on the saved port: the media URLs it served still resolve.
  const again = !opts.port && opts.statePath ? savedPort(opts.statePath) : undefined;
  try {
    await listen(again ?? opts.port ?? 0);
  } catch (err) {
    if (again === undefined) throw err;
    await listen(0);
  }
  const port = (server.address() as AddressInfo).port;
  world.baseUrl = `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`;
  const file = opts.statePath ? new WorldFile(opts.statePath, world) : undefined;
  file?.load();
  file?.start();
  let closed: Promise<void> | undefined;
  return {
    url: world.baseUrl,
    requests: world.requests,
    uploads: world.uploads,
    inject: (spec: FaultSpec) => world.faults.add(spec),
    clearFaults: () => world.faults.clear(),
    reset: hooks.reset,
    expireTokens: hooks.expireTokens,
    setCredits: hooks.setCredits,
    sessionState: (id: string) => world.sessions.get(id)?.state,
    setImageBytes: (data: Buffer | undefined, mime = "application/octet-stream") => {
      world.imageBytes = data ? { data, mime } : undefined;
    },
    forgetSessions: () => world.forgetSessions(),
    schedule: () => [...world.schedule.entries],
    saveState: () => file?.save(),
    setRenderShape: (shape: RenderShapeOptions) => {
      world.renderShape = { ...shape };
    },
    setShape: ({ shape, userPaths }) => {
      if (shape) world.shape = shape;
      if (userPaths) world.userPaths = userPaths;
    },
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        world.shutdown();
        file?.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
