/**
 * The demo province in a test's database: the generator's 12 files through the real importer (each must be
 * imported), as `baophu demo` followed by `baophu import` of every file does.
 */
import path from 'node:path';
import { expect } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { generateDemo, type GenerateOptions, type GenerateResult } from '../../server/demo/generate.ts';
import { importFile } from '../../server/ingest/service.ts';
import { FILE_KINDS, type FileKind } from '#shared/auth/roles.ts';

/** Generates the demo files and imports every kind in FILE_KINDS order; `batchOf` is each kind's batch id. */
export async function importDemoProvince(database: Database, options: GenerateOptions): Promise<GenerateResult & { batchOf: Record<FileKind, number> }> {
  const generated = await generateDemo(options);
  const batchOf = {} as Record<FileKind, number>;
  for (const kind of FILE_KINDS) {
    const f = generated.files.find((x) => x.kind === kind)!;
    const r = await importFile(database, { kind, filePath: f.path, fileName: path.basename(f.path), userName: 'test' });
    expect(r.status).toBe('imported');
    batchOf[kind] = r.batchId!;
  }
  return { ...generated, batchOf };
}
