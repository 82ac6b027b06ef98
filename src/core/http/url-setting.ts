/** The check of the client's URL settings (API and web URL): http(s) only, as one clear error. */
import { InputError, phrase } from "../errors";

/** A clear error for a URL setting that is not http(s); every call then fails with it (no throw at construction). */
export function httpUrlError(value: string, what: string): InputError | undefined {
  let ok = false;
  try {
    const u = new URL(value);
    ok = u.protocol === "http:" || u.protocol === "https:";
  } catch {
    ok = false;
  }
  if (ok) return undefined;
  return new InputError("BAD_INPUT", {
    userMessage: phrase('The NemoVideo {0} "{1}" is not an http(s) address.', what, String(value).slice(0, 100)),
    nextStep: phrase("Fix the setting (or NEMO_API_URL / NEMO_WEB_URL) and try again."),
  });
}
