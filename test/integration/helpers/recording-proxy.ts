/**
 * A real HTTP proxy (the `proxy` package) on 127.0.0.1 that records what passes through it: CONNECT
 * tunnels (https) as "host:port" and forwarded plain-http requests as "METHOD url". `refuse` makes
 * it answer every CONNECT with that status instead (a proxy that says no).
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createProxy } from "proxy";

export interface RecordingProxy {
  url: string;
  connects: string[];
  forwarded: string[];
  close(): Promise<void>;
}

export async function startRecordingProxy(opts: { refuseConnect?: number } = {}): Promise<RecordingProxy> {
  const server = http.createServer();
  const connects: string[] = [];
  const forwarded: string[] = [];
  server.prependListener("request", (req: http.IncomingMessage) => forwarded.push(`${req.method} ${req.url}`));
  if (opts.refuseConnect) {
    server.on("connect", (req: http.IncomingMessage, socket: Socket) => {
      connects.push(req.url ?? "");
      socket.end(`HTTP/1.1 ${opts.refuseConnect} Refused\r\n\r\n`);
    });
  } else {
    server.prependListener("connect", (req: http.IncomingMessage) => connects.push(req.url ?? ""));
    createProxy(server);
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    connects,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
