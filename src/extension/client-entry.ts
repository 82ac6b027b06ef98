/**
 * The heavy half of the extension, bundled on its own as dist/client.js and loaded on first use
 * through `heavy()` (lazy.ts): the core client with undici and zod, and the chat panel. Activation
 * (dist/extension.js) never imports this file, not even its types: it sees `heavyModule` through
 * the contract contracts/heavy.ts. Add here (and there) what needs undici or zod.
 */
import { defaultTiming, type NemoClientApi, type Timing } from "../core/api";
import { NemoClient } from "../core/client";
import { createProxyDispatcher } from "../core/http/proxy";
import * as z from "zod"; // a namespace import: esbuild keeps only what is used (no locales)
import { ChatViewProvider } from "./chat/provider";
import { GalleryViewProvider } from "./gallery/provider";
import { chatTestSeam } from "./chat/test-seam";
import { handleParticipantRequest, invokeAgentTool, jobsFor, participantFollowups, prepareAgentTool, resumeJobs } from "./agents/entry";
import { CompareViews } from "./compare/panel";
import { compareImages } from "./compare/compare-images";
import { editImageWithPrompt } from "./commands/edit-image";
// A file's record (Show Prompt, Regenerate, alt text): the readers stay out of the activation bundle.
import { readProvenance } from "../core/provenance";
import type { EditorClientOptions, HeavyModule } from "./contracts/heavy";

const wait = z.number().nonnegative().optional();
const timingOverrides = z.object(
  Object.fromEntries(Object.keys(defaultTiming).map((k) => [k, wait])) as Record<keyof Timing, typeof wait>,
);

/**
 * Timing under test: the host-test harness gets everything fast; NEMO_TEST_TIMING (JSON, e.g.
 * `{"recoveryFirstWaitMs":500}`) replaces that with exactly the waits it names, the rest real.
 */
function testTiming(): Partial<Timing> {
  const fast: Partial<Timing> = {
    rateLimitWaitMs: 200,
    retryAfterScale: 200 / 30_000, // the simulator's Retry-After: 30 waits 200 ms
    rateLimitBudgetMs: 1_200,
    stillWorkingEveryMs: 2_000,
    recoveryFirstWaitMs: 300,
    recoveryNextWaitMs: 300,
    renderFirstPollMs: 100,
    renderPollMs: 250,
    renderSlowPollMs: 500,
    renderMaxWaitMs: 30_000,
  };
  const raw = process.env.NEMO_TEST_TIMING;
  if (!raw) return fast;
  try {
    const parsed = timingOverrides.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fast;
  } catch {
    return fast;
  }
}

/** The protocol's rate-limit wait in ms (shorter under test). */
function rateLimitWaitMs(testMode: boolean): number {
  return (testMode ? testTiming().rateLimitWaitMs : undefined) ?? defaultTiming.rateLimitWaitMs;
}

/** The client for the editor: proxy from the editor's settings (a malformed one is logged and ignored). */
function createClient(opts: EditorClientOptions): NemoClientApi {
  const { proxy, testMode, ...rest } = opts;
  let dispatcher: ReturnType<typeof createProxyDispatcher>;
  try {
    dispatcher = createProxyDispatcher({ ...proxy, env: process.env });
  } catch (err) {
    // A malformed http.proxy must not break the extension: go direct and say so in the log.
    opts.logger.error("Ignoring the proxy settings", err);
    dispatcher = undefined;
  }
  return new NemoClient({ ...rest, dispatcher, timing: testMode ? testTiming() : undefined });
}

/** Everything `heavy()` (lazy.ts) hands out, checked against its contract (contracts/heavy.ts). */
export const heavyModule: HeavyModule = {
  createClient,
  rateLimitWaitMs,
  ChatViewProvider,
  chatTestSeam,
  GalleryViewProvider,
  CompareViews,
  compareImages,
  editImageWithPrompt,
  jobsFor,
  resumeJobs,
  prepareAgentTool,
  invokeAgentTool,
  handleParticipantRequest,
  participantFollowups,
  readProvenance,
};
