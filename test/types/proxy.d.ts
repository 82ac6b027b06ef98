// The `proxy` package ships its types behind an "exports" map that moduleResolution "node" cannot follow.
declare module "proxy" {
  import type { Server } from "node:http";
  export function createProxy(server?: Server): Server;
}
