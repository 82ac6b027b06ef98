import { strict as assert } from "node:assert";
import { mayHoldLeftWork } from "../../src/core/jobs/left-work";
import { serializeLedger } from "../../src/core/jobs/schema";
import type { Job } from "../../src/core/jobs/types";

const job = (over: Partial<Job>): Job =>
  ({ id: "j1", kind: "image", surface: "chat", state: "done", media: [], createdAt: 1, updatedAt: 1, ...over }) as Job;

describe("mayHoldLeftWork (activation's look at the ledger before loading anything)", () => {
  it("no ledger, or only finished work: nothing to resume", () => {
    assert.equal(mayHoldLeftWork(undefined), false);
    assert.equal(mayHoldLeftWork(""), false);
    assert.equal(mayHoldLeftWork(serializeLedger([job({ state: "done" }), job({ id: "j2", state: "failed" }), job({ id: "j3", state: "cancelled" })])), false);
    assert.equal(mayHoldLeftWork(serializeLedger([job({ state: "interrupted" })])), false, "an interrupted generation is final");
  });

  it("a job that is not final, an interrupted export with a render id, or any batch item: may", () => {
    for (const state of ["queued", "waiting", "sending", "working", "rendering", "uploading", "saving"] as const) {
      assert.equal(mayHoldLeftWork(serializeLedger([job({ state })])), true, state);
    }
    assert.equal(mayHoldLeftWork(serializeLedger([job({ kind: "export", state: "interrupted", renderId: "r1" })])), true);
    assert.equal(mayHoldLeftWork(serializeLedger([job({ kind: "export", state: "interrupted" })])), false, "no render to fetch");
    assert.equal(mayHoldLeftWork(serializeLedger([job({ surface: "batch", state: "done" })])), true, "the Batch view lists it");
  });

  it("text it cannot read answers may, so the ledger's own read decides (and warns once)", () => {
    assert.equal(mayHoldLeftWork("{not json"), true);
    assert.equal(mayHoldLeftWork('{"version": 1}'), true);
    assert.equal(mayHoldLeftWork('{"version": 1, "jobs": [{"id": "x"}]}'), true, "a job without a state");
    assert.equal(mayHoldLeftWork('{"version": 1, "jobs": [null, 3]}'), false, "entries that are not jobs are skipped, as the ledger drops them");
  });
});
