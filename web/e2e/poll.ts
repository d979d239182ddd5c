// playwright-core has no auto-retrying assertions: this polls a probe until it passes or time is up,
// then fails with the probe's last error, so a slow page gets time but a wrong one still fails.
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => void, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    try {
      check(value);
      return value;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
