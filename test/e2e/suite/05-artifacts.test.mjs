// The screenshots taken by the earlier tests exist and are from this run.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { env } from '../lib/session.mjs';

describe('Artifacts', () => {
  for (const name of ['checklist', 'quick-fix-menu']) {
    it(`saved ${name}.png`, () => {
      const file = path.join(env.artifacts, `${name}.png`);
      assert.ok(fs.existsSync(file), `${file} exists`);
      const st = fs.statSync(file);
      assert.ok(st.size > 10_000, `${file} is a real image (${st.size} bytes)`);
      assert.ok(st.mtimeMs >= env.startedAt, `${file} was written by this run`);
    });
  }
});
