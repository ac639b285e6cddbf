// The service's OpenAPI document passes Redocly's recommended ruleset with no errors and no warnings, so tools that
// read it (generators, explorers, gateways) meet no surprises.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { startServer, type RunningServer } from '../scripts/server.ts';
import { fetchDocument } from '../scripts/types.ts';

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

let server: RunningServer;
let folder: string;
before(async () => {
  server = await startServer();
  folder = await mkdtemp(join(tmpdir(), 'sessionstore-lint-'));
});
after(async () => {
  await server?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

test('the OpenAPI document passes Redocly\'s recommended rules with no errors and no warnings', async () => {
  const document = join(folder, 'openapi.json');
  await writeFile(document, await fetchDocument(server.baseUrl));
  const cli = resolve(import.meta.dirname, '../node_modules/@redocly/cli/bin/cli.js');
  // Run in the empty folder, so no redocly.yaml nearby changes the rules; no telemetry or update check (no internet here).
  const lint = spawnSync(process.execPath, [cli, 'lint', document, '--extends=recommended', '--format=json', '--max-problems=1000'], {
    cwd: folder,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  assert.ok(lint.stdout.trim().startsWith('{'), `redocly lint printed no report (exit ${lint.status}):\n${lint.stdout}${lint.stderr}`);
  const report = JSON.parse(lint.stdout) as LintReport;
  const findings = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);
  assert.deepEqual(
    { errors: report.totals.errors, warnings: report.totals.warnings },
    { errors: 0, warnings: 0 },
    `redocly lint found problems in /openapi/v1.json:\n${findings.join('\n')}`,
  );
});
