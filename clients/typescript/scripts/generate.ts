// npm run generate: writes src/schema.d.ts from the OpenAPI document of the built service (or SESSIONSTORE_URL).
import { writeFile } from 'node:fs/promises';
import { startServer } from './server.ts';
import { fetchDocument, generateTypes, schemaFile } from './types.ts';

const server = await startServer();
try {
  await writeFile(schemaFile, await generateTypes(await fetchDocument(server.baseUrl)));
  console.log(`Wrote ${schemaFile}.`);
} finally {
  await server.stop();
}
