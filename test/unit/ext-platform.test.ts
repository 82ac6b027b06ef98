import { strict as assert } from "node:assert";
import { detectPlatform, type EditorEnv } from "../../src/extension/platform";

describe("extension platform detection", () => {
  const table: Array<[EditorEnv, string]> = [
    [{ appName: "Visual Studio Code", uriScheme: "vscode", appHost: "desktop" }, "vscode"],
    [{ appName: "Visual Studio Code", uriScheme: "vscode", appHost: "desktop", remoteName: "ssh-remote" }, "vscode"],
    [{ appName: "Visual Studio Code - Insiders", uriScheme: "vscode-insiders", appHost: "desktop" }, "vscode-insiders"],
    [{ appName: "Cursor", uriScheme: "cursor", appHost: "desktop" }, "cursor"],
    [{ appName: "Windsurf", uriScheme: "windsurf", appHost: "desktop" }, "windsurf"],
    [{ appName: "VSCodium", uriScheme: "vscodium", appHost: "desktop" }, "vscodium"],
    // code-server 4.139 as measured: product nameLong "code-server", urlProtocol "code-oss".
    [{ appName: "code-server", uriScheme: "code-oss", appHost: "web", remoteName: "127.0.0.1:8080" }, "code-server"],
    [{ appName: "Code - OSS", uriScheme: "code-oss", appHost: "web", remoteName: "localhost:8080" }, "code-server"],
    // A desktop OSS build is not code-server.
    [{ appName: "Code - OSS", uriScheme: "code-oss", appHost: "desktop" }, "unknown"],
    [{ appName: "Some Fork", uriScheme: "somefork", appHost: "desktop" }, "unknown"],
    [{}, "unknown"],
  ];
  for (const [env, expected] of table) {
    it(`${JSON.stringify(env)} -> ${expected}`, () => {
      assert.equal(detectPlatform(env), expected);
    });
  }
});
