import { strict as assert } from "node:assert";
import { DEFAULT_API_URL, DEFAULT_WEB_URL } from "../../src/core/api";
import { isHttpUrl, resolveEndpoints, tokenWarning } from "../../src/extension/endpoints";
import { errorActions, pushRecent } from "../../src/extension/error-actions";
import { isLowBalance } from "../../src/core/prompt";
import { percent, progressSubject, snippet, timeRange } from "../../src/extension/format";
import { SessionModel } from "../../src/extension/model";

describe("extension endpoints", () => {
  it("env wins over settings, settings over defaults, trailing slashes dropped", () => {
    assert.deepEqual(resolveEndpoints({}, {}), { apiUrl: DEFAULT_API_URL, webUrl: DEFAULT_WEB_URL });
    assert.deepEqual(resolveEndpoints({ apiUrl: "https://a.example/", webUrl: " https://w.example " }, {}), {
      apiUrl: "https://a.example",
      webUrl: "https://w.example",
    });
    assert.deepEqual(
      resolveEndpoints({ apiUrl: "https://a.example" }, { NEMO_API_URL: "http://127.0.0.1:9", NEMO_WEB_URL: "http://127.0.0.1:8" }),
      { apiUrl: "http://127.0.0.1:9", webUrl: "http://127.0.0.1:8" },
    );
    assert.equal(resolveEndpoints({ apiUrl: "  " }, { NEMO_API_URL: "" }).apiUrl, DEFAULT_API_URL);
  });

  it("checks pasted tokens loosely", () => {
    assert.equal(tokenWarning(""), "empty");
    assert.equal(tokenWarning("   "), "empty");
    assert.equal(tokenWarning("nmv_usr abc"), "spaces");
    assert.equal(tokenWarning("abc123"), "prefix");
    assert.equal(tokenWarning(" nmv_usr_abc "), undefined);
  });

  it("accepts only http(s) links for Upload from URL", () => {
    assert.equal(isHttpUrl("https://example.com/a.mp4"), true);
    assert.equal(isHttpUrl("http://127.0.0.1:8080/x"), true);
    assert.equal(isHttpUrl("ftp://example.com/a.mp4"), false);
    assert.equal(isHttpUrl("file:///etc/passwd"), false);
    assert.equal(isHttpUrl("example.com/a.mp4"), false);
    assert.equal(isHttpUrl(""), false);
  });
});

describe("extension error actions", () => {
  it("offers registration for anonymous 2001 and top-up otherwise", () => {
    assert.deepEqual(errorActions({ code: "OUT_OF_CREDITS", category: "credits", link: "https://w/reg?bind=anon_1" }), ["register", "showLog"]);
    assert.deepEqual(errorActions({ code: "OUT_OF_CREDITS", category: "credits", link: "https://w/topup" }), ["topUp", "showLog"]);
  });

  it("offers Set Token on auth errors and Generate on NO_DRAFT", () => {
    assert.deepEqual(errorActions({ code: "TOKEN_INVALID", category: "auth" }), ["setToken", "showLog"]);
    assert.deepEqual(errorActions({ code: "NO_DRAFT", category: "input" }), ["generate", "showLog"]);
    assert.deepEqual(errorActions({ code: "EXPORT_BLOCKED", category: "credits", link: "https://w/plans" }), ["openLink", "showLog"]);
    assert.deepEqual(errorActions({ code: "NETWORK", category: "network" }), ["showLog"]);
  });

  it("offers Open Folder… and the chat (which keeps media until saved) when no folder is open", () => {
    assert.deepEqual(errorActions({ code: "NO_FOLDER", category: "input" }), ["openFolder", "useChat"]);
  });

  it("shows nothing for a cancellation", () => {
    assert.deepEqual(errorActions({ code: "CANCELLED", category: "cancelled" }), []);
  });

  it("keeps recent prompts unique, newest first, bounded", () => {
    let r: string[] = [];
    for (const p of ["a", "b", "a", "  ", "c"]) r = pushRecent(r, p, 3);
    assert.deepEqual(r, ["c", "a", "b"]);
    assert.deepEqual(pushRecent(["x", "y", "z"], "w", 3), ["w", "x", "y"]);
  });
});

describe("extension formatting", () => {
  it("formats segment time ranges like the summary", () => {
    assert.equal(timeRange(0, 10_000), "0-10s");
    assert.equal(timeRange(2_500, 4_000), "2.5-4s");
    assert.equal(timeRange(-5, 1_234), "0-1.2s");
  });

  it("keeps the tail of long agent text on one line", () => {
    assert.equal(snippet("hello\n  world"), "hello world");
    // A progress title is the subject, cut at a word: "“a lighthouse on a cliff…”: Generating an image…".
    assert.equal(progressSubject("a lighthouse\n on a cliff"), "a lighthouse on a cliff");
    assert.equal(progressSubject("a lighthouse on a cliff under a wide sky at dawn, watercolor", 30), "a lighthouse on a cliff under…");
    assert.equal(progressSubject("x".repeat(40), 10), `${"x".repeat(9)}…`);
    const s = snippet("x".repeat(50) + "END", 10);
    assert.equal(s.length, 10);
    assert.ok(s.startsWith("…") && s.endsWith("END"));
  });

  it("computes bounded percentages and the low-balance threshold", () => {
    assert.equal(percent(50, 200), 25);
    assert.equal(percent(300, 200), 100);
    assert.equal(percent(1, 0), undefined);
    assert.equal(percent(1, undefined), undefined);
    assert.equal(isLowBalance(99), true);
    assert.equal(isLowBalance(100), false);
  });
});

describe("extension session model", () => {
  it("tracks downloads and notifies listeners", () => {
    const m = new SessionModel();
    let changes = 0;
    const sub = m.onChange(() => changes++);
    m.recordDownload("k1", "/tmp/a.png");
    assert.equal(m.downloads.get("k1"), "/tmp/a.png");
    assert.equal(changes, 1);
    m.clear();
    assert.equal(m.downloads.size, 0);
    sub.dispose();
    m.recordDownload("k2", "/tmp/b.png");
    assert.equal(changes, 2);
  });
});
