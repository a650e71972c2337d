/**
 * Real zip files built byte by byte (local headers, deflate with node:zlib, central directory), for
 * workbooks no spreadsheet program would write: references past Excel's limits, zip bombs, parts that
 * lie about their size. Used by test/ingest/hostile-files.test.ts and bench/hostile-xlsx.ts.
 */
import zlib from 'node:zlib';

/** A part's bytes as stored: deflated data, its real size and CRC, and the size its headers declare. */
export interface ZipPart {
  name: string;
  deflated: Buffer;
  size: number;
  crc: number;
  /** Uncompressed size written in the headers (default: the real one). A bomb may lie. */
  declaredSize?: number;
}

export function part(name: string, content: string | Buffer): ZipPart {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return { name, deflated: zlib.deflateRawSync(data), size: data.length, crc: zlib.crc32(data) };
}

/**
 * A part of `head`, then `unit` repeated `times`, then `tail`, deflated without ever holding the whole:
 * each piece is deflated with a full flush (no reference to earlier data), so the compressed pieces can
 * be repeated as they are. A 1 MB unit of repetitive XML deflates to a few KB: a zip bomb.
 */
export function repeatedPart(name: string, head: string, unit: string | Buffer, times: number, tail: string): ZipPart {
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 };
  const headBuf = Buffer.from(head, 'utf8');
  const unitBuf = Buffer.isBuffer(unit) ? unit : Buffer.from(unit, 'utf8');
  const tailBuf = Buffer.from(tail, 'utf8');
  const unitDeflated = zlib.deflateRawSync(unitBuf, flush);
  const pieces = [zlib.deflateRawSync(headBuf, flush)];
  for (let i = 0; i < times; i++) pieces.push(unitDeflated);
  pieces.push(zlib.deflateRawSync(tailBuf));
  let crc = zlib.crc32(headBuf);
  for (let i = 0; i < times; i++) crc = zlib.crc32(unitBuf, crc);
  crc = zlib.crc32(tailBuf, crc);
  return { name, deflated: Buffer.concat(pieces), size: headBuf.length + unitBuf.length * times + tailBuf.length, crc };
}

/** The zip file of these parts (deflate, UTF-8 names, sizes in the local headers). */
export function zipFile(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const size = (p.declaredSize ?? p.size) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5b21, 12); // 01/10/2025
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x5b21, 14);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + p.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
const workbookXml = (sheetName: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
export const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';
export const SST_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
export const SST_TAIL = '</sst>';

/** An inline-string cell. */
export const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/**
 * A whole workbook: the usual parts, a sheet named `sheetName` whose sheetData is `sheetData` (or the
 * given part), shared strings (a string of XML, or a part such as a bomb), and any extra parts.
 */
export function workbook(options: { sheetData?: string; sheet?: ZipPart; sharedStrings?: string | ZipPart; sheetName?: string; extra?: ZipPart[]; sheetFirst?: boolean }): Buffer {
  const sheet = options.sheet ?? part('xl/worksheets/sheet1.xml', SHEET_HEAD + (options.sheetData ?? '') + SHEET_TAIL);
  const sst = typeof options.sharedStrings === 'string' || options.sharedStrings === undefined
    ? part('xl/sharedStrings.xml', SST_HEAD + (options.sharedStrings ?? '') + SST_TAIL)
    : options.sharedStrings;
  const head = [part('[Content_Types].xml', CONTENT_TYPES), part('_rels/.rels', ROOT_RELS), part('xl/workbook.xml', workbookXml(options.sheetName ?? 'Danh sách')), part('xl/_rels/workbook.xml.rels', WORKBOOK_RELS)];
  const body = options.sheetFirst ? [sheet, sst] : [sst, sheet];
  return zipFile([...head, ...(options.extra ?? []), ...body]);
}

/** The header and one valid row of a ho-ngheo file (the kind a commune account imports), as sheet XML. */
export function hoNgheoRows(): string {
  const header = ['Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Mã xã', 'Xã/Phường', 'Phân loại', 'Năm'];
  const row = ['019185001234', 'Nguyễn Văn An', '01/02/1985', '05443', 'Phường Phan Đình Phùng', 'Hộ nghèo', '2026'];
  const cols = 'ABCDEFG';
  const line = (r: number, cells: string[]) => `<row r="${r}">${cells.map((v, i) => inlineCell(`${cols[i]}${r}`, v)).join('')}</row>`;
  return line(1, header) + line(2, row);
}

/** A sharedStrings bomb: `megabytes` MB of `<si>` entries, a few MB on disk, size declared honestly or not. */
export function sharedStringsBomb(megabytes: number, options: { declaredSize?: number } = {}): ZipPart {
  const entry = '<si><t>Nguyễn Văn An, thôn Bản Chương, xã Phượng Tiến</t></si>';
  const unit = entry.repeat(Math.ceil((1 << 20) / Buffer.byteLength(entry)));
  const p = repeatedPart('xl/sharedStrings.xml', SST_HEAD, unit, Math.ceil((megabytes * (1 << 20)) / Buffer.byteLength(unit)), SST_TAIL);
  return options.declaredSize === undefined ? p : { ...p, declaredSize: options.declaredSize };
}
