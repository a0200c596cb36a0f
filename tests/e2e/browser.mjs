// Shared by the e2e tests and the benchmark: start the static server and Debian's Chromium.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Starts tools/serve.mjs on a free port; resolves to { url, stop }. */
export async function startServer(dir) {
  const args = [new URL('../../tools/serve.mjs', import.meta.url).pathname, '0'];
  if (dir) args.push(dir);
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.setEncoding('utf8');
  while (!/http:\/\/\S+\//.test(out)) {
    const [chunk] = await once(proc.stdout, 'data');
    out += chunk;
  }
  const url = out.match(/http:\/\/\S+\//)[0];
  return { url, stop: () => proc.kill() };
}

/** Launches headless Chromium (a fresh temporary profile each time) with the flags this
 * machine needs: no background networking, no sandbox as root. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
