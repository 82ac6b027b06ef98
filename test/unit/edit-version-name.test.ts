import * as assert from "node:assert/strict";
import { editVersionName, nextEditVersionName, versionBase, versionNumber } from "../../src/core/edit";
import { MAX_NAME_LENGTH } from "../../src/core/media";

describe("edit versions: the one naming rule", () => {
  it("harbour.png → harbour-edit-1.png, then -edit-2, …", () => {
    assert.equal(editVersionName("harbour.png", 1), "harbour-edit-1.png");
    assert.equal(editVersionName("harbour.png", 2), "harbour-edit-2.png");
    assert.equal(editVersionName("/work/pics/harbour.png", 12), "harbour-edit-12.png", "only the name counts");
    assert.equal(editVersionName("harbour.png", 0), "harbour-edit-1.png", "n starts at 1");
  });

  it("a version of a version numbers on from the original's stem", () => {
    assert.equal(versionBase("harbour-edit-3.png"), "harbour");
    assert.equal(versionNumber("harbour-edit-3.png"), 3);
    assert.equal(versionNumber("harbour.png"), undefined);
    assert.equal(editVersionName("harbour-edit-1.png", 2), "harbour-edit-2.png");
    assert.equal(versionBase("edit-1.png"), "edit-1", "a name that is only the suffix keeps it");
    assert.equal(versionBase("photo-edit-0.png"), "photo-edit-0", "0 is no version number");
  });

  it("takes the bytes' extension when given, lower case, and keeps the original's otherwise", () => {
    assert.equal(editVersionName("Harbour.JPEG", 1), "Harbour-edit-1.jpeg");
    assert.equal(editVersionName("harbour.jpg", 1, "png"), "harbour-edit-1.png");
    assert.equal(editVersionName("harbour.jpg", 1, ".WEBP"), "harbour-edit-1.webp");
  });

  it("the next free name skips taken ones, case-insensitively", () => {
    assert.equal(nextEditVersionName("harbour.png", []), "harbour-edit-1.png");
    assert.equal(nextEditVersionName("harbour.png", ["harbour.png", "harbour-edit-1.png", "HARBOUR-EDIT-2.PNG"]), "harbour-edit-3.png");
    assert.equal(nextEditVersionName("harbour-edit-3.png", ["harbour-edit-1.png"]), "harbour-edit-2.png");
  });

  it("stays a safe, bounded file name: the suffix is never cut", () => {
    const long = `${"ä".repeat(300)}.png`;
    const name = editVersionName(long, 7);
    assert.ok(name.endsWith("-edit-7.png"), name);
    assert.ok(name.length <= MAX_NAME_LENGTH, `${name.length}`);
    assert.equal(editVersionName("a:b*c?.png", 1), "a_b_c_-edit-1.png");
    assert.equal(editVersionName("海港.webp", 1), "海港-edit-1.webp");
  });
});
