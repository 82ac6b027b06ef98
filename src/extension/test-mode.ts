/** Whether the extension runs under the in-editor test harness (which sets these for the extension host). */
export function isTestMode(): boolean {
  // NEMO_TEST_RESULTS is set by the in-editor test harness for the extension-host suites.
  return process.env.NEMO_TEST_MODE === "1" || Boolean(process.env.NEMO_TEST_RESULTS);
}
