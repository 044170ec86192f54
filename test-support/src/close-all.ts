/**
 * Closes each of `things` in order (browsers, servers): what a suite's `afterAll` does. An
 * undefined one was never opened (its setup failed first) and is passed over.
 */
export async function closeAll(...things: ({ close(): unknown } | undefined)[]): Promise<void> {
  for (const thing of things) await thing?.close();
}
