import * as assert from "node:assert/strict";
import { silentLogger } from "../../src/core/support";
import { SESSION_REPLACED, SessionManager } from "../../src/core/session";
import { MemoryStore } from "../../src/core/support";
import type { Notice } from "../../src/core/types";

/** A SessionManager whose create calls wait until the test releases them. */
function setup() {
  const store = new MemoryStore();
  const notices: Notice[] = [];
  const pending: Array<() => void> = [];
  let created = 0;
  const sessions = new SessionManager({
    store,
    logger: silentLogger,
    notify: (n) => void notices.push(n),
    requestCreate: () =>
      new Promise((resolve) => {
        created++;
        const n = created;
        pending.push(() => resolve({ task_id: `t${n}`, session_id: `s${n}` }));
      }),
  });
  const releaseAll = (): void => pending.splice(0).forEach((release) => release());
  return { sessions, notices, releaseAll, creates: () => created };
}

/** Let every queued microtask and I/O callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("session manager", () => {
  it("creates one session for concurrent callers and keeps it", async () => {
    const s = setup();
    const both = Promise.all([s.sessions.current(), s.sessions.current()]);
    await settle();
    s.releaseAll();
    assert.deepEqual(await both, [{ taskId: "t1", sessionId: "s1" }, { taskId: "t1", sessionId: "s1" }]);
    assert.deepEqual(await s.sessions.current(), { taskId: "t1", sessionId: "s1" });
    assert.equal(s.creates(), 1);
    assert.equal(s.notices.length, 0);
  });

  it("two calls hitting 1002 at once share one replacement and one notice", async () => {
    const s = setup();
    const first = s.sessions.current();
    await settle();
    s.releaseAll();
    const old = await first;
    const a = s.sessions.replaceExpired(old);
    await settle(); // the first replacement is now waiting for its create call
    const b = s.sessions.replaceExpired(old);
    await settle();
    s.releaseAll();
    const [ra, rb] = await Promise.all([a, b]);
    assert.deepEqual(ra, { taskId: "t2", sessionId: "s2" });
    assert.deepEqual(rb, ra);
    assert.equal(s.creates(), 2);
    assert.deepEqual(s.notices.map((n) => n.message), ["Your previous session expired; the old timeline is gone. Started a new session."]);
    assert.deepEqual(s.notices.map((n) => n.phrase), [SESSION_REPLACED]);

    // A late 1002 for the old id (a call that started before the replacement) changes nothing.
    assert.deepEqual(await s.sessions.replaceExpired(old), ra);
    assert.equal(s.creates(), 2);
    assert.equal(s.notices.length, 1);

    // A 1002 for the new session is a new replacement with its own notice.
    const c = s.sessions.replaceExpired(ra);
    await settle();
    s.releaseAll();
    assert.deepEqual(await c, { taskId: "t3", sessionId: "s3" });
    assert.equal(s.notices.length, 2);
  });
});
