/** The simulator itself follows the protocol of NEMO_API.md (raw HTTP, no project client). */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";
import { startSimulator, type Simulator } from "../sim/index";
import { classify } from "../sim/classify";
import { MultipartParser } from "../sim/multipart";
import { crc32, PNG_SIGNATURE } from "../sim/png";
import { call, getState, newSession, newToken, parseSse, runSse, streamUpload, texts } from "../sim/testkit";

/** Check every chunk CRC of a PNG and return its IHDR size. */
function checkPng(buf: Buffer): { width: number; height: number } {
  assert.ok(buf.subarray(0, 8).equals(PNG_SIGNATURE), "PNG signature");
  let off = 8;
  const types: string[] = [];
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.subarray(off + 4, off + 8).toString("ascii");
    const data = buf.subarray(off + 8, off + 8 + len);
    assert.equal(buf.readUInt32BE(off + 8 + len), crc32(buf.subarray(off + 4, off + 8 + len)), `CRC of ${type}`);
    if (type === "IDAT") idat.push(data);
    types.push(type);
    off += 12 + len;
  }
  assert.equal(types[0], "IHDR");
  assert.equal(types[types.length - 1], "IEND");
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  assert.equal(inflateSync(Buffer.concat(idat)).length, height * (width * 3 + 1));
  return { width, height };
}

async function fetchBytes(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await fetch(url, { headers });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: Buffer.from(await res.arrayBuffer()) };
}

describe("simulator: protocol", function () {
  let sim: Simulator;
  before(async () => (sim = await startSimulator({ timeScale: 0.001, seed: 42 })));
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it("issues one anonymous token per client id and answers 400 without X-Client-Id", async () => {
    const a = await call(sim.url, "POST", "/api/auth/anonymous-token", { headers: { "X-Client-Id": "c-1" } });
    assert.equal(a.json.code, 0);
    assert.match(String(a.json.data.token), /^nmv_usr_[a-z0-9]+$/);
    assert.match(String(a.json.data.user_id), /^anon_/);
    assert.equal(a.json.data.credits, 100);
    const ttl = Date.parse(String(a.json.data.expires_at)) - Date.now();
    assert.ok(ttl > 6.9 * 86400e3 && ttl <= 7 * 86400e3, "expires in 7 days");
    const again = await call(sim.url, "POST", "/api/auth/anonymous-token", { headers: { "X-Client-Id": "c-1" } });
    assert.equal(again.json.data.token, a.json.data.token);
    const other = await call(sim.url, "POST", "/api/auth/anonymous-token", { headers: { "X-Client-Id": "c-2" } });
    assert.notEqual(other.json.data.token, a.json.data.token);
    const missing = await call(sim.url, "POST", "/api/auth/anonymous-token");
    assert.equal(missing.status, 400);
  });

  it("answers 1001 for unknown and expired tokens; the same client id then gets a new token", async () => {
    assert.equal((await call(sim.url, "GET", "/api/credits/balance/simple", { token: "nmv_usr_nope" })).json.code, 1001);
    assert.equal((await call(sim.url, "GET", "/api/credits/balance/simple")).json.code, 1001);
    const token = await newToken(sim.url, "c-exp");
    assert.equal((await call(sim.url, "GET", "/api/credits/balance/simple", { token })).json.code, 0);
    await fetch(`${sim.url}/__sim/expire-tokens`, { method: "POST" });
    assert.equal((await call(sim.url, "GET", "/api/credits/balance/simple", { token })).json.code, 1001);
    const renewed = await newToken(sim.url, "c-exp");
    assert.notEqual(renewed, token);
    assert.equal((await call(sim.url, "GET", "/api/credits/balance/simple", { token: renewed })).json.code, 0);
  });

  it("expires tokens after tokenTtlMs", async () => {
    const short = await startSimulator({ tokenTtlMs: 30 });
    try {
      const token = await newToken(short.url);
      await new Promise((r) => setTimeout(r, 60));
      assert.equal((await call(short.url, "GET", "/api/credits/balance/simple", { token })).json.code, 1001);
    } finally {
      await short.close();
    }
  });

  it("creates sessions with an empty state, claim tokens, and 1002 for unknown sessions", async () => {
    const token = await newToken(sim.url);
    const created = await call(sim.url, "POST", "/api/tasks/me/with-session/nemo_agent", { token, body: { task_name: "project", language: "zh-cn" } });
    const { task_id, session_id } = created.json.data as { task_id: string; session_id: string };
    assert.ok(task_id && session_id);
    const state = await getState(sim.url, token, session_id);
    assert.deepEqual((state.draft as { t: unknown[] }).t, []);
    assert.deepEqual(state.generated_media, []);
    assert.ok(Array.isArray(state.video_infos) && typeof state.canvas_config === "object");
    const claim = await call(sim.url, "POST", "/api/auth/claim-token", { token, body: { task_id, session_id } });
    assert.match(String(claim.json.data.claim_token), /^clm_/);
    assert.equal(claim.json.data.expires_in, 604800);
    assert.equal((await call(sim.url, "GET", "/api/state/nemo_agent/me/ses_nope/latest", { token })).json.code, 1002);
    assert.equal((await runSse(sim.url, token, "ses_nope", "hello")).text.includes('"code":1002'), true);
    const otherUser = await newToken(sim.url);
    assert.equal((await call(sim.url, "GET", `/api/state/nemo_agent/me/${session_id}/latest`, { token: otherUser })).json.code, 1002);
  });

  it("runs an image turn: ADK events, heartbeats, frozen credits, a valid PNG and a two-stage draft", async () => {
    const token = await newToken(sim.url);
    const sid = await newSession(sim.url, token);
    let frozenSeen = 0;
    let checked = false;
    const run = await runSse(sim.url, token, sid, "Generate an IMAGE of a lighthouse at dusk", async (soFar) => {
      if (!checked && soFar.includes('"generate_image"') && !soFar.includes('"functionResponse"')) {
        checked = true;
        frozenSeen = Number((await call(sim.url, "GET", "/api/credits/balance/simple", { token })).json.data.frozen);
      }
    });
    assert.equal(run.status, 200);
    assert.match(run.contentType, /^text\/event-stream/);
    assert.equal(frozenSeen, 100, "credits frozen while generating");
    const blocks = parseSse(run.text);
    assert.ok(blocks.some((b) => b.kind === "comment") && blocks.some((b) => b.kind === "empty"), "both heartbeat kinds");
    const events = blocks.filter((b) => b.kind === "event").map((b) => b.event as Record<string, unknown>);
    for (const ev of events) {
      assert.equal(typeof ev.id, "string");
      assert.match(String(ev.invocationId), /^e-/);
      assert.equal(ev.author, "nemo_agent");
      assert.equal(typeof ev.timestamp, "number");
      assert.ok(ev.actions && typeof ev.actions === "object");
    }
    const parts = events.flatMap((e) => (e.content as { role: string; parts: Record<string, unknown>[] }).parts.map((p) => ({ role: (e.content as { role: string }).role, p })));
    const calls = parts.filter((x) => x.p.functionCall).map((x) => (x.p.functionCall as { name: string }).name);
    assert.deepEqual(calls, ["generate_image", "add_text"]);
    assert.ok(parts.filter((x) => x.p.functionResponse).every((x) => x.role === "user"));
    const { partial, finals } = texts(blocks);
    assert.equal(finals[0], partial, "the final event repeats the whole text");
    const final = events.find((e) => e.turnComplete === true) as Record<string, unknown>;
    assert.equal(final.finishReason, "STOP");
    assert.equal(final.partial, false);

    const credits = (await call(sim.url, "GET", "/api/credits/balance/simple", { token })).json.data;
    assert.deepEqual(credits, { available: 0, frozen: 0, total: 0 });
    const state = await getState(sim.url, token, sid);
    const media = state.generated_media as { url: string; kind: string }[];
    assert.equal(media.length, 1);
    assert.equal(media[0].kind, "image");
    const png = await fetchBytes(media[0].url);
    assert.equal(png.type, "image/png");
    assert.deepEqual(checkPng(png.body), { width: 960, height: 540 });
    const tracks = (state.draft as { t: { tt: number; sg: { m: Record<string, unknown> }[] }[] }).t;
    assert.equal(tracks.find((t) => t.tt === 0)?.sg[0].m.source_url, media[0].url);
    assert.equal(typeof tracks.find((t) => t.tt === 7)?.sg[0].m.text, "string");

    const broke = await runSse(sim.url, token, sid, "another picture please");
    assert.equal(JSON.parse(broke.text).code, 2001);
  });

  it("runs a video turn (Chinese prompt) with a real MP4 and the background music it asks for", async () => {
    const token = await newToken(sim.url);
    const sid = await newSession(sim.url, token, "zh-cn");
    const run = await runSse(sim.url, token, sid, "生成一段海边日落的视频，配上背景音乐");
    assert.ok(texts(parseSse(run.text)).partial.length > 0);
    const state = await getState(sim.url, token, sid);
    const entry = (state.generated_media as Record<string, string>[])[0];
    const mp4 = await fetchBytes(entry.url ?? entry.file_url);
    assert.equal(mp4.body.subarray(4, 8).toString("ascii"), "ftyp");
    const audio = (state.draft as { t: { tt: number; sg: { m: { volume: number; source_url: string } }[] }[] }).t.find((t) => t.tt === 1);
    assert.ok(audio && audio.sg[0].m.volume > 0);
    const wav = await fetchBytes(audio.sg[0].m.source_url);
    assert.equal(wav.body.subarray(0, 4).toString("ascii"), "RIFF");
  });

  it("does what a generation prompt asks, no more: its quoted title, no unasked music, and never replaces a title", async () => {
    type Track = { tt: number; sg: { m: { text?: string } }[] };
    const tracks = async (token: string, sid: string): Promise<Track[]> => ((await getState(sim.url, token, sid)).draft as { t: Track[] }).t;
    const titles = (t: Track[]): string[] => t.filter((x) => x.tt === 7).flatMap((x) => x.sg.map((g) => g.m.text ?? ""));
    const token = await newToken(sim.url);
    const sid = await newSession(sim.url, token);
    sim.setCredits(1_000); // three generations
    try {
      const video = await runSse(sim.url, token, sid, 'generate a video of ocean waves with the title "Blue Morning"');
      let t = await tracks(token, sid);
      assert.deepEqual(titles(t), ["Blue Morning"]);
      assert.equal(t.find((x) => x.tt === 1), undefined, "no music that was not asked for");
      assert.match(texts(parseSse(video.text)).partial, /Blue Morning/);
      await runSse(sim.url, token, sid, "generate an image of a red fox in snow");
      t = await tracks(token, sid);
      assert.deepEqual(titles(t), ["Blue Morning"], "a second image keeps the title");
      const zhSid = await newSession(sim.url, token, "zh-cn");
      await runSse(sim.url, token, zhSid, "生成一张海边灯塔的图片");
      assert.deepEqual(titles(await tracks(token, zhSid)), ["海边灯塔"], "a Chinese prompt gets a Chinese title");
    } finally {
      sim.setCredits(100); // the default for the tests after this one
    }
  });

  it("closes about 30% of edit turns silently, deterministically per seed", async () => {
    const pattern = async (s: Simulator): Promise<boolean[]> => {
      const token = await newToken(s.url, "same-client");
      const sid = await newSession(s.url, token);
      s.setCredits(100_000); // 30 edits at the product's quote each
      const out: boolean[] = [];
      for (let i = 0; i < 30; i++) {
        const run = await runSse(s.url, token, sid, i % 2 ? "add background music" : 'add a title "Hi"');
        out.push(texts(parseSse(run.text)).partial === "");
      }
      return out;
    };
    const first = await pattern(sim);
    const twin = await startSimulator({ timeScale: 0.001, seed: 42 });
    try {
      assert.deepEqual(await pattern(twin), first);
    } finally {
      await twin.close();
    }
    const silent = first.filter(Boolean).length;
    assert.ok(silent >= 3 && silent <= 17, `silent closes: ${silent}/30`);
  });

  it("streams uploads: hashes 50 MB without buffering, 4001 on type, JSON URLs, state video_infos", async () => {
    const token = await newToken(sim.url);
    const sid = await newSession(sim.url, token);
    const chunk = createHash("sha512").update("seed").digest();
    const block = Buffer.concat(Array.from({ length: 1024 }, () => chunk)); // 64 KiB
    const hash = createHash("sha256");
    const big = await streamUpload(sim.url, token, sid, [
      { name: "big.mp4", produce: (n) => (n < 800 ? (hash.update(block), block) : undefined) },
      { name: "small.png", produce: (n) => (n === 0 ? Buffer.from("tiny") : undefined) },
    ]);
    assert.equal(big.json.code, 0);
    assert.deepEqual(sim.uploads.map((u) => [u.fileName, u.size]), [["big.mp4", 800 * 65536], ["small.png", 4]]);
    assert.equal(sim.uploads[0].sha256, hash.digest("hex"));
    assert.ok(sim.requests.some((r) => r.route === "upload" && r.bodyBytes > 800 * 65536));
    const bad = await streamUpload(sim.url, token, sid, [{ name: "tool.exe", produce: (n) => (n === 0 ? Buffer.from("MZ") : undefined) }]);
    assert.equal(bad.json.code, 4001);
    const url = await call(sim.url, "POST", `/api/upload-video/nemo_agent/me/${sid}`, { token, body: { urls: ["https://example.com/a/clip.mov"], source_type: "url" } });
    assert.equal(url.json.code, 0);
    assert.equal(sim.uploads[2].url, "https://example.com/a/clip.mov");
    const names = (await getState(sim.url, token, sid)).video_infos as { file_name: string }[];
    assert.deepEqual(names.map((v) => v.file_name), ["big.mp4", "small.png", "clip.mov"]);
  });

  it("answers 4002 while the oversized file is still streaming", async () => {
    const small = await startSimulator({ maxUploadBytes: 1024 * 1024 });
    try {
      const token = await newToken(small.url);
      const sid = await newSession(small.url, token);
      const block = Buffer.alloc(65536, 7);
      const res = await streamUpload(small.url, token, sid, [{ name: "huge.mov", produce: (n) => (n < 4096 ? block : undefined) }]);
      assert.equal(res.json.code, 4002);
      assert.ok(res.sentBytes < 4096 * 65536, "answered before the whole 256 MB was sent");
      assert.equal(small.uploads.length, 0);
    } finally {
      await small.close();
    }
  });

  it("renders: 402 without attribution headers, pending→processing→completed, download, failed on empty draft", async () => {
    let now = 1_800_000_000_000;
    const stepped = await startSimulator({ timeScale: 0.01, seed: 5, now: () => now });
    try {
      await renderLifecycle(stepped, (ms) => (now += ms));
    } finally {
      await stepped.close();
    }
  });

  /** `advance` moves the simulator's render clock (render time at this scale: 300 ms). */
  async function renderLifecycle(sim: Simulator, advance: (ms: number) => void): Promise<void> {
    const token = await newToken(sim.url);
    const sid = await newSession(sim.url, token);
    await runSse(sim.url, token, sid, "an image of a red fox");
    const draft = (await getState(sim.url, token, sid)).draft;
    const body = { id: `render_${Date.now()}`, sessionId: sid, draft, output: { format: "mp4", quality: "high" } };
    const bare = await fetch(`${sim.url}/api/render/proxy/lambda`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    assert.equal(bare.status, 402);
    assert.equal((await call(sim.url, "POST", "/api/render/proxy/lambda", { token, body })).json.code, 0);
    const seen: string[] = [];
    const progress: number[] = [];
    let poll: Record<string, unknown> = {};
    for (let i = 0; i < 60 && poll.status !== "completed"; i++) {
      poll = (await call(sim.url, "GET", `/api/render/proxy/lambda/${body.id}`, { token })).json as unknown as Record<string, unknown>;
      if (seen[seen.length - 1] !== poll.status) seen.push(String(poll.status));
      if (poll.status === "processing") progress.push(Number(poll.progress));
      advance(20); // 1/15 to 1/45 of a 30-90 s render at time scale 0.01
    }
    assert.deepEqual(seen, ["pending", "processing", "completed"], "statuses move forward through every stage");
    assert.ok(progress.length > 5 && progress.every((p, i) => p > 0 && p < 100 && (i === 0 || p > progress[i - 1])), progress.join(","));
    const out = await fetchBytes(String((poll.output as { url: string }).url));
    assert.equal(out.body.subarray(4, 8).toString("ascii"), "ftyp");
    const dl = await fetchBytes(`${sim.url}/api/render/proxy/${body.id}/download`, { Authorization: `Bearer ${token}` });
    assert.ok(dl.body.equals(out.body));
    assert.equal(JSON.parse((await fetchBytes(`${sim.url}/api/render/proxy/${body.id}/download`)).body.toString()).code, 1001);
    const empty = { ...body, id: "render_empty", draft: { t: [] } };
    await call(sim.url, "POST", "/api/render/proxy/lambda", { token, body: empty });
    const failed = (await call(sim.url, "GET", "/api/render/proxy/lambda/render_empty", { token })).json as unknown as Record<string, unknown>;
    assert.equal(failed.status, "failed");
    assert.match(String(failed.error), /empty/i);
  }

  it("classifies messages by keyword, English and Chinese", () => {
    const cases: [string, string][] = [
      ["Generate an IMAGE of a fox", "image"], ["a photo of the sea", "image"], ["画一张猫的图片", "image"],
      ["generate a cat astronaut", "image"], ["make a 5s clip of rain", "video"], ["生成一段视频", "video"],
      ['add a title "Hi"', "edit"], ["add background music at 20%", "edit"], ["请添加标题", "edit"],
      ["use a fade transition", "edit"], ["music", "edit"], ["hello there", "text"], ["你好", "text"],
      ["a watercolor lighthouse at dusk", "image"], ["a question about credits?", "text"],
    ];
    assert.deepEqual(cases.map(([m]) => [m, classify(m)]), cases);
  });

  it("parses multipart bodies split at any byte, including inside the boundary", () => {
    const b = "bnd42";
    const body = Buffer.from(
      `preamble\r\n--${b}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="files"; filename="a.png"\r\n\r\n\r\n--bnd4\r\n-x\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="files"; filename="b.mp4"\r\n\r\n\r\n--${b}--\r\n`,
    );
    for (const step of [1, 2, 3, 7, 13, body.length]) {
      const parts: { name?: string; filename?: string; data: string }[] = [];
      const parser = new MultipartParser(b, {
        onPart: (info) => parts.push({ ...info, data: "" }),
        onData: (d) => (parts[parts.length - 1].data += d.toString("latin1")),
        onPartEnd: () => undefined,
      });
      for (let i = 0; i < body.length; i += step) parser.write(body.subarray(i, i + step));
      parser.end();
      assert.deepEqual(parts, [
        { name: "note", data: "hi" },
        { name: "files", filename: "a.png", data: "\r\n--bnd4\r\n-x" },
        { name: "files", filename: "b.mp4", data: "" },
      ], `step ${step}`);
    }
  });

  it("serves N pseudo-random bytes at /__sim/blob", async () => {
    const res = await fetchBytes(`${sim.url}/__sim/blob?bytes=1000001`);
    assert.equal(res.body.length, 1000001);
    assert.ok(new Set(res.body.subarray(0, 4096)).size > 200, "not a constant fill");
  });
});
