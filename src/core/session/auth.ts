/**
 * Token and client id. Token precedence: explicit option → env NEMO_TOKEN → stored (secret
 * store) → anonymous (POST /api/auth/anonymous-token, then stored). The client id is env
 * NEMO_CLIENT_ID, else the stored one, else a UUID created once and kept: the backend allows
 * one anonymous token per client id, so a new id per request would burn the IP's quota.
 *
 * On 1001 only a token we obtained anonymously is renewed (same client id); an explicit, env or
 * pasted token is the person's own: they get TOKEN_INVALID with "Set a new token".
 */
import { randomUUID } from "node:crypto";
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import { badResponseError, type ProblemContext, tokenInvalidError } from "../http/problems";
import { registrationLink, topUpLink } from "../http/links";
import { phrase } from "../errors";
import type { Logger } from "../support/logger";
import { notice } from "../support/notice";
import { type KeyValueStore, StoreKeys } from "../support/storage";
import type { Notice } from "../types";

/** Non-secret facts about the stored token, kept in the long-lived store. */
export const AuthKeys = {
  tokenKind: "nemo.tokenKind", // "anonymous" | "user"
  // user id kept with the stored token (anonymous-token or session answer): registration link, user paths
  userId: "nemo.anonUserId",
} as const;

export type TokenSource = "explicit" | "env" | "stored" | "none";

export interface AuthDeps {
  explicitToken?: string;
  env: Record<string, string | undefined>;
  secrets: KeyValueStore;
  globalStore: KeyValueStore;
  webUrl: string;
  logger: Logger;
  notify(notice: Notice): void;
  /** POST /api/auth/anonymous-token (X-Client-Id, no Authorization); resolves to the envelope data. */
  requestAnonymous(signal?: AbortSignal): Promise<unknown>;
}

const anonymousTokenSchema = z.looseObject({
  token: z.string().min(1),
  user_id: z.union([z.string(), z.number()]).transform(String).optional(),
  credits: z.unknown().optional(),
  expires_at: z.unknown().optional(),
});

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

export class AuthManager {
  /** The token of this process when the secret store refused it (no keyring): kept in memory only. */
  private memoryToken?: string;
  private cachedClientId?: string;
  private pendingClientId?: Promise<string>;
  private acquiring?: Promise<string>;
  private renewing?: { rejected: string; promise: Promise<void> };
  /** The user id of a token, as an answer named it (kept for an env or explicit token too, in memory). */
  private knownUser?: { token: string; id: string };

  constructor(private readonly deps: AuthDeps) {}

  async clientId(): Promise<string> {
    if (this.cachedClientId) return this.cachedClientId;
    this.pendingClientId ??= this.loadClientId().finally(() => (this.pendingClientId = undefined));
    return this.pendingClientId;
  }

  private async loadClientId(): Promise<string> {
    const fromEnv = nonEmpty(this.deps.env.NEMO_CLIENT_ID);
    let id = fromEnv ?? nonEmpty(await this.deps.globalStore.get(StoreKeys.clientId));
    if (!id) {
      id = randomUUID();
      await this.deps.globalStore.set(StoreKeys.clientId, id);
      this.deps.logger.info("Created a new client id for this installation.");
    }
    this.cachedClientId = id;
    return id;
  }

  /** After a 400: forget the cached id and load (or create) it again. */
  async reloadClientId(): Promise<void> {
    this.cachedClientId = undefined;
    await this.clientId();
  }

  async resolve(): Promise<{ token?: string; source: TokenSource }> {
    const explicit = nonEmpty(this.deps.explicitToken);
    if (explicit) return { token: explicit, source: "explicit" };
    const env = nonEmpty(this.deps.env.NEMO_TOKEN);
    if (env) return { token: env, source: "env" };
    const stored = this.memoryToken ?? nonEmpty(await this.readSecret());
    if (stored) return { token: stored, source: "stored" };
    return { source: "none" };
  }

  async tokenSource(): Promise<TokenSource> {
    return (await this.resolve()).source;
  }

  /**
   * The user id that goes with the token in use, when an answer named it: the anonymous-token
   * answer's or the session answer's `user_id` (NEMO_API.md, "Endpoints" and "Variants"). Used by
   * the user-path rule (http/endpoints.ts). Never a network call.
   */
  async userId(): Promise<string | undefined> {
    const { token, source } = await this.resolve();
    if (!token) return undefined;
    if (this.knownUser?.token === token) return this.knownUser.id;
    if (source === "stored") return nonEmpty(await this.deps.globalStore.get(AuthKeys.userId));
    return undefined;
  }

  /** An answer (a new session) named the user of the token in use: keep the id with that token. */
  async noteUserId(id: string | undefined): Promise<void> {
    const value = nonEmpty(id);
    if (!value) return;
    const { token, source } = await this.resolve();
    if (!token || this.knownUser?.token === token && this.knownUser.id === value) return;
    this.knownUser = { token, id: value };
    if (source === "stored" && (await this.deps.globalStore.get(AuthKeys.userId)) !== value) await this.deps.globalStore.set(AuthKeys.userId, value);
  }

  /** The token to use, acquiring an anonymous one when there is none. */
  async token(signal?: AbortSignal): Promise<string> {
    const { token } = await this.resolve();
    return token ?? this.acquire(signal);
  }

  /** After a 1001 for `rejected`. Calls rejected at once share one renewal (and one notice). */
  renew(rejected: string, signal?: AbortSignal): Promise<void> {
    if (this.renewing?.rejected !== rejected) {
      const promise: Promise<void> = this.doRenew(rejected, signal).finally(() => {
        if (this.renewing?.promise === promise) this.renewing = undefined;
      });
      this.renewing = { rejected, promise };
    }
    return this.renewing.promise;
  }

  private async doRenew(rejected: string, signal?: AbortSignal): Promise<void> {
    const current = await this.resolve();
    if (current.token !== undefined && current.token !== rejected) return; // someone renewed already
    if (current.source === "explicit" || current.source === "env") throw tokenInvalidError(true, 1001);
    if (current.source === "stored" && (await this.deps.globalStore.get(AuthKeys.tokenKind)) === "user") {
      throw tokenInvalidError(true, 1001);
    }
    this.deps.logger.info("Token rejected (1001); getting a new anonymous token with the same client id.");
    await this.acquire(signal);
    this.deps.notify(notice("token-renewed", phrase("Your free NemoVideo token had expired; a new one was obtained.")));
  }

  /** The stored token; a secret store that cannot be read (no keyring) counts as empty. */
  private async readSecret(): Promise<string | undefined> {
    try {
      return await this.deps.secrets.get(StoreKeys.token);
    } catch (err) {
      this.deps.logger.warn(`Could not read the stored token (${err instanceof Error ? err.name : "error"}).`);
      return undefined;
    }
  }

  /**
   * Store the token; when the secret store refuses (no keyring on Linux), keep it in memory for this
   * process and tell the person it will be asked again (or, anonymous, fetched again) next time.
   */
  private async keepToken(value: string | undefined, anonymous: boolean): Promise<void> {
    this.memoryToken = undefined;
    try {
      await this.deps.secrets.set(StoreKeys.token, value);
    } catch (err) {
      this.deps.logger.warn(`Could not store the token (${err instanceof Error ? err.name : "error"}); keeping it for this session only.`);
      if (value === undefined) return;
      this.memoryToken = value;
      this.deps.notify(
        notice(
          "token-not-kept",
          anonymous
            ? phrase("Your free token cannot be stored on this computer (no system keyring): it works until you close this window, and a new one will be requested next time.")
            : phrase("Your token cannot be stored on this computer (no system keyring): it works until you close this window, and you will be asked for it again next time."),
        ),
      );
    }
  }

  /** Set (or clear) the person's own token. */
  async setToken(token: string | undefined): Promise<void> {
    const value = nonEmpty(token);
    await this.keepToken(value, false);
    await this.deps.globalStore.set(AuthKeys.tokenKind, value ? "user" : undefined);
    await this.deps.globalStore.set(AuthKeys.userId, undefined);
  }

  /** Whether the token in use is (or will be) an anonymous one. */
  async isAnonymous(): Promise<boolean> {
    const { source } = await this.resolve();
    if (source === "none") return true;
    if (source !== "stored") return false;
    return (await this.deps.globalStore.get(AuthKeys.tokenKind)) !== "user";
  }

  /** 2001: registration link (binding the anonymous user) or top-up link. */
  async creditsLink(): Promise<string> {
    if (await this.isAnonymous()) {
      return registrationLink(this.deps.webUrl, await this.deps.globalStore.get(AuthKeys.userId));
    }
    return topUpLink(this.deps.webUrl);
  }

  async problemContext(): Promise<ProblemContext> {
    const { source } = await this.resolve();
    const anonymous = await this.isAnonymous();
    return {
      anonymous,
      creditsLink: await this.creditsLink(),
      pricingLink: topUpLink(this.deps.webUrl),
      userToken: !anonymous || source === "explicit" || source === "env",
    };
  }

  private acquire(signal?: AbortSignal): Promise<string> {
    this.acquiring ??= this.acquireAnonymous(signal).finally(() => (this.acquiring = undefined));
    return this.acquiring;
  }

  private async acquireAnonymous(signal?: AbortSignal): Promise<string> {
    this.deps.notify(notice("connecting", phrase("Connecting to NemoVideo…")));
    const data = await this.deps.requestAnonymous(signal);
    const parsed = anonymousTokenSchema.safeParse(data);
    if (!parsed.success) throw badResponseError("the anonymous token answer had no token", parsed.error);
    await this.keepToken(parsed.data.token, true);
    await this.deps.globalStore.set(AuthKeys.tokenKind, "anonymous");
    await this.deps.globalStore.set(AuthKeys.userId, parsed.data.user_id);
    this.knownUser = parsed.data.user_id ? { token: parsed.data.token, id: parsed.data.user_id } : undefined;
    this.deps.logger.info(`Obtained an anonymous token${parsed.data.user_id ? ` for ${parsed.data.user_id}` : ""}.`);
    return parsed.data.token;
  }
}
