// The committed src/schema.d.ts must be what the service's current OpenAPI document generates, and the
// client must type-check against it: a contract change shows up here, not in a game at run time.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { startServer, type RunningServer } from '../scripts/server.ts';
import { fetchDocument, generateTypes, schemaFile } from '../scripts/types.ts';

let server: RunningServer;
before(async () => { server = await startServer(); });
after(() => server?.stop());

test('the committed types are what the current OpenAPI document generates', async () => {
  const generated = await generateTypes(await fetchDocument(server.baseUrl));
  const committed = await readFile(schemaFile, 'utf8');
  assert.ok(committed === generated,
    'src/schema.d.ts differs from what the OpenAPI document generates now: run `npm run generate` in clients/typescript (after building the service) and commit the result.');
});

test('the client, its tests and scripts type-check against the generated types', () => {
  const tsc = resolve(import.meta.dirname, '../node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', resolve(import.meta.dirname, '..')], { encoding: 'utf8' });
  assert.equal(result.status, 0, `tsc found type errors:\n${result.stdout}${result.stderr}`);
});
