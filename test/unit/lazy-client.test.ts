import { strict as assert } from "node:assert";
import type { NemoClientApi } from "../../src/core/api";
import { lazyClient } from "../../src/cli/lazy-client";

describe("lazyClient (imagegen mcp builds the real client on the first tool call)", () => {
  it("loads nothing until a method is called, then loads once and forwards every call", async () => {
    let loads = 0;
    const real = { credits: async () => ({ total: 7 }), currentSession: async () => undefined } as unknown as NemoClientApi;
    const client = lazyClient(async () => {
      loads++;
      return real;
    });
    assert.equal(loads, 0);
    const [a, b] = await Promise.all([client.credits(), client.credits()]);
    assert.deepEqual([a, b], [{ total: 7 }, { total: 7 }]);
    assert.equal(await client.currentSession(), undefined);
    assert.equal(loads, 1);
  });

  it("a failed load fails that call and is tried again on the next", async () => {
    let loads = 0;
    const client = lazyClient(async () => {
      loads++;
      if (loads === 1) throw new Error("bad proxy");
      return { credits: async () => ({ total: 1 }) } as unknown as NemoClientApi;
    });
    await assert.rejects(client.credits(), /bad proxy/);
    assert.deepEqual(await client.credits(), { total: 1 });
    assert.equal(loads, 2);
  });

  it("is not a thenable: awaiting it does not load the client", async () => {
    let loads = 0;
    const client = lazyClient(async () => {
      loads++;
      return {} as NemoClientApi;
    });
    assert.equal(await Promise.resolve(client), client);
    assert.equal(loads, 0);
  });
});
