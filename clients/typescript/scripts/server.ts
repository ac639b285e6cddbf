// Starts the built SessionStore on a free loopback port with a fresh data directory, for the tests and the
// type generator. SESSIONSTORE_URL points both at a server that is already running instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const adminKey = process.env.SESSIONSTORE_ADMIN_KEY ?? 'typescript-client-tests-admin-key-0123456789';

export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

const builtService = resolve(import.meta.dirname, '../../../SessionStore/bin/Release/net10.0/SessionStore.dll');

export async function startServer(): Promise<RunningServer> {
  if (process.env.SESSIONSTORE_URL) return { baseUrl: process.env.SESSIONSTORE_URL.replace(/\/$/, ''), stop: async () => {} };
  const dll = process.env.SESSIONSTORE_DLL ?? builtService;
  if (!existsSync(dll)) throw new Error(`${dll} is missing: build the service first (dotnet build -c Release), or set SESSIONSTORE_URL.`);

  const dataDirectory = await mkdtemp(join(tmpdir(), 'sessionstore-ts-'));
  const child = spawn('dotnet', [dll, '--urls', 'http://127.0.0.1:0'], {
    env: { ...process.env, Storage__DataDirectory: dataDirectory, Admin__ApiKey: adminKey, DOTNET_NOLOGO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`SessionStore did not start listening within 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Now listening on: (http:\/\/\S+)/.exec(output);
      if (listening) { clearTimeout(timer); resolveUrl(listening[1]!); }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`SessionStore exited with ${code} before listening:\n${output}`)); });
  });
  await waitUntilReady(baseUrl);
  return { baseUrl, stop: () => stop(child, dataDirectory) };
}

async function waitUntilReady(baseUrl: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) return;
    } catch { /* not accepting connections yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`SessionStore at ${baseUrl} did not become ready within 60 s.`);
}

async function stop(child: ChildProcess, dataDirectory: string) {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(dataDirectory, { recursive: true, force: true });
}
