/** Anonymous tokens, users and their credits. Token lifetime is real time (tokenTtlMs). */
import type { IncomingMessage } from "node:http";
import { header } from "./http";
import type { Rng } from "./rng";

export interface User {
  id: string;
  clientId: string;
  available: number;
  frozen: number;
}

export interface Token {
  value: string;
  userId: string;
  clientId: string;
  expiresAt: number;
}

export interface AuthSnapshot {
  tokens: Token[];
  /** Client id → its live token. */
  live: Record<string, string>;
  users: User[];
  creditsForNewUsers: number;
}

export class Auth {
  private readonly tokens = new Map<string, Token>();
  private readonly tokenByClient = new Map<string, Token>();
  readonly users = new Map<string, User>();
  private readonly userByClient = new Map<string, User>();
  private creditsForNewUsers: number;

  constructor(
    private readonly rng: Rng,
    private readonly ttlMs: number,
    private readonly initialCredits: number,
  ) {
    this.creditsForNewUsers = initialCredits;
  }

  /** The live token of this client id, or a new one (same user, credits kept). */
  issue(clientId: string, now = Date.now()): { token: Token; user: User } {
    let user = this.userByClient.get(clientId);
    if (!user) {
      user = { id: `anon_${this.rng.id(12)}`, clientId, available: this.creditsForNewUsers, frozen: 0 };
      this.users.set(user.id, user);
      this.userByClient.set(clientId, user);
    }
    const live = this.tokenByClient.get(clientId);
    if (live && live.expiresAt > now) return { token: live, user };
    const token: Token = { value: `nmv_usr_${this.rng.id(32)}`, userId: user.id, clientId, expiresAt: now + this.ttlMs };
    this.tokens.set(token.value, token);
    this.tokenByClient.set(clientId, token);
    return { token, user };
  }

  /** The user of the request's bearer token; undefined when missing, unknown or expired. */
  authenticate(req: IncomingMessage, now = Date.now()): User | undefined {
    const auth = header(req, "authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    if (!match) return undefined;
    const token = this.tokens.get(match[1]);
    if (!token || token.expiresAt <= now) return undefined;
    return this.users.get(token.userId);
  }

  expireAll(now = Date.now()): void {
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
  }

  setCredits(available: number): void {
    this.creditsForNewUsers = available;
    for (const u of this.users.values()) u.available = available;
  }

  /** Tokens, users and the new-user balance, for the state file (persist.ts). */
  snapshot(): AuthSnapshot {
    return {
      tokens: [...this.tokens.values()].map((t) => ({ ...t })),
      live: Object.fromEntries([...this.tokenByClient].map(([client, t]) => [client, t.value])),
      users: [...this.users.values()].map((u) => ({ ...u })),
      creditsForNewUsers: this.creditsForNewUsers,
    };
  }

  /** Put back a snapshot (persist.ts). Frozen credits of turns that died with the process are not kept. */
  restore(snap: AuthSnapshot): void {
    for (const t of snap.tokens) this.tokens.set(t.value, { ...t });
    for (const [client, value] of Object.entries(snap.live)) {
      const t = this.tokens.get(value);
      if (t) this.tokenByClient.set(client, t);
    }
    for (const u of snap.users) {
      const user = { ...u, frozen: 0 };
      this.users.set(user.id, user);
      this.userByClient.set(user.clientId, user);
    }
    this.creditsForNewUsers = snap.creditsForNewUsers;
  }

  reset(): void {
    this.tokens.clear();
    this.tokenByClient.clear();
    this.users.clear();
    this.userByClient.clear();
    this.creditsForNewUsers = this.initialCredits;
  }
}

export function creditsView(user: User): { available: number; frozen: number; total: number } {
  return { available: user.available, frozen: user.frozen, total: user.available + user.frozen };
}
