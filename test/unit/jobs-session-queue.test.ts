/**
 * One turn at a time per session: callers of one process queue in order and are told they wait; a
 * caller that gives up while waiting leaves the queue; another session is not held up; across
 * processes the lock file does the same, and a lock left by a dead process is taken over.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CancelledError } from "../../src/core/errors";
import { FileSessionLocks, SessionQueue } from "../../src/core/jobs";

describe("session queue: one turn at a time per session", () => {
  it("queues callers in order, tells the waiting ones, and leaves other sessions alone", async () => {
    const q = new SessionQueue();
    const order: string[] = [];
    const waited: string[] = [];
    const r1 = await q.acquire("s1", { onWait: () => waited.push("first") });
    const second = q.acquire("s1", { onWait: () => waited.push("second") }).then((r) => (order.push("second"), r));
    const third = q.acquire("s1", { onWait: () => waited.push("third") }).then((r) => (order.push("third"), r));
    const other = await q.acquire("s2");
    order.push("other session at once");
    assert.deepEqual(waited, ["second", "third"]);
    assert.deepEqual(order, ["other session at once"]);
    await r1();
    const r2 = await second;
    assert.deepEqual(order, ["other session at once", "second"]);
    await r2();
    await (await third)();
    await other();
    assert.equal(q.busy("s1"), false);
    assert.equal(q.busy("s2"), false);
  });

  it("a caller that stops while waiting leaves the queue (nothing was sent)", async () => {
    const q = new SessionQueue();
    const r1 = await q.acquire("s1");
    const ctrl = new AbortController();
    const gaveUp = q.acquire("s1", { signal: ctrl.signal });
    const next = q.acquire("s1");
    ctrl.abort();
    await assert.rejects(gaveUp, (e: unknown) => e instanceof CancelledError);
    await r1();
    await (await next)(); // granted to the next in line, not to the one that left
    assert.equal(q.busy("s1"), false);
  });

  describe("across processes (lock files)", () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), "imagegen-locks-"))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("a second queue over the same folder (another process) waits for the first", async () => {
      const a = new SessionQueue(new FileSessionLocks(dir, 5));
      const b = new SessionQueue(new FileSessionLocks(dir, 5));
      const ra = await a.acquire("sess/1");
      let told = 0;
      let got = false;
      const pb = b.acquire("sess/1", { onWait: () => told++ }).then((r) => ((got = true), r));
      // b polls the lock file; it cannot have it while a holds it.
      await new Promise((r) => setImmediate(r));
      assert.equal(got, false);
      await ra();
      await (await pb)();
      assert.equal(told, 1);
    });

    it("a lock left by a process that died is taken over", async () => {
      const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
      const deadPid = Number(dead.stdout);
      writeFileSync(path.join(dir, "session-s9.lock"), JSON.stringify({ pid: deadPid, at: Date.now(), nonce: "old" }));
      const q = new SessionQueue(new FileSessionLocks(dir, 5));
      let told = 0;
      const release = await q.acquire("s9", { onWait: () => told++ });
      assert.equal(told, 0, "a dead holder is not waited for");
      await release();
    });
  });
});
