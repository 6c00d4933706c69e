/** Replaces `outDir` with a fresh bundle of the suite and returns the path of its entry module (`index.js`). */
export function bundleSuite(outDir: string): Promise<string>;
