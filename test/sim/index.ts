/** The local NemoVideo backend simulator: `startSimulator()` (see README.md and docs/CONTRACTS.md). */
import type { AddressInfo } from "node:net";
import { fixtures } from "./media";
import { createSimServer } from "./server";
import type { FaultSpec, RenderShapeOptions, SimOptions, Simulator } from "./types";
import { World } from "./world";

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
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  world.baseUrl = `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`;
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
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
