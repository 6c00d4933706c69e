// One browser page per mocha run, shared by the suite files (opening the workbench costs seconds).
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './paths.mjs';
import { Workbench } from './workbench.mjs';

export { CHROMIUM_ARGS };

/** What run.mjs hands the suite through the environment. */
export const env = {
  url: required('E2E_URL'),
  workspace: required('E2E_WORKSPACE'),
  artifacts: required('E2E_ARTIFACTS'),
  startedAt: Number(process.env.E2E_STARTED_AT ?? 0),
};

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the suite through test/e2e/run.mjs`);
  return v;
}

let browser;
let workbench;

export async function openSession() {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  workbench = await Workbench.open(browser, env.url, { artifactsDir: env.artifacts });
  return workbench;
}

export function wb() {
  if (!workbench) throw new Error('workbench not open (root hook failed?)');
  return workbench;
}

export async function closeSession() {
  await browser?.close();
}
