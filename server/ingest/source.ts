/**
 * Opens an import file as rows: XLSX by its zip signature, otherwise CSV. Refuses, with a
 * Vietnamese message, what is neither (an old .xls, an empty file, a broken zip).
 */
import fs from 'node:fs';
import { openCsv } from './read/csv.ts';
import { openXlsx, isZip } from './read/xlsx.ts';
import { EncodingError } from './read/encoding.ts';
import { SourceError, type RowSource } from './read/types.ts';

export { SourceError };

export async function openSource(filePath: string, fileName = filePath): Promise<RowSource> {
  const fd = await fs.promises.open(filePath, 'r');
  const head = Buffer.alloc(8);
  let size: number;
  try {
    size = (await fd.stat()).size;
    await fd.read(head, 0, 8, 0);
  } finally {
    await fd.close();
  }
  if (size === 0) throw new SourceError('Tệp trống (0 byte).');
  if (isZip(head)) return openXlsx(filePath);
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new SourceError('Tệp Excel 97–2003 (.xls) không được hỗ trợ. Hãy mở bằng Excel và lưu lại dạng .xlsx hoặc CSV UTF-8.');
  }
  if (/\.xlsx$/i.test(fileName)) {
    throw new SourceError('Tệp có đuôi .xlsx nhưng không phải là tệp Excel hợp lệ (bị hỏng hoặc sai định dạng).');
  }
  try {
    return await openCsv(filePath);
  } catch (err) {
    if (err instanceof EncodingError) throw new SourceError(err.message);
    throw err;
  }
}
