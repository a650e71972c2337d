/** A report written by hand for the PDF and chart tests: Vietnamese with every tone, đ/Đ, ư, ơ; a long table; a trend and a map. */
import { communeFeatures } from '../../server/reference/geo.ts';
import type { MapChart, ReportDocument, TrendChart } from '../../server/reports/model.ts';

export const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

export function sampleTrend(): TrendChart {
  const actual = [203_512, 210_004, 215_432, 221_000, 230_111, 236_000, 241_234, 248_000, 255_000, 262_345, null, null];
  return {
    type: 'trend',
    title: 'Số người tham gia BHXH năm 2026',
    months: MONTHS,
    unit: 'người',
    series: [
      { name: 'Người tham gia BHXH', values: actual },
      { name: 'Dự báo đến tháng 12', values: [...Array(9).fill(null), 262_345, 270_000, 278_500] },
    ],
    target: { name: 'Chỉ tiêu năm 2026', value: 311_737 },
    band: { name: 'Khoảng dự báo', low: [...Array(9).fill(null), 262_345, 265_000, 268_000], high: [...Array(9).fill(null), 262_345, 276_000, 290_000] },
  };
}

export function sampleMap(): MapChart {
  const klasses = ['on_track', 'at_risk', 'off_track', 'no_data'] as const;
  return {
    type: 'map',
    title: 'Tiến độ thực hiện chỉ tiêu theo xã, phường',
    communes: communeFeatures().slice(0, 80).map((f, i) => ({ code: f.properties.code, value: i, klass: klasses[i % 4] })),
    legend: [
      { klass: 'on_track', label: 'Đạt tiến độ' },
      { klass: 'at_risk', label: 'Có nguy cơ' },
      { klass: 'off_track', label: 'Chậm tiến độ' },
      { klass: 'no_data', label: 'Chưa có chỉ tiêu' },
    ],
  };
}

/** Paragraphs that between them hold every Vietnamese vowel with every tone, and đ/Đ, ư/Ư, ơ/Ơ. */
export const PARAGRAPHS = [
  'Thực hiện Nghị quyết số 403/NQ-CP của Chính phủ, Sở Nội vụ đánh giá kết quả phát triển người tham gia bảo hiểm xã hội trên địa bàn tỉnh Thái Nguyên năm 2026 như sau.',
  'Đến hết tháng 10 năm 2026, toàn tỉnh có 262.345 người tham gia; Ủy ban nhân dân các xã, phường đã chỉ đạo quyết liệt, song vẫn còn Đơn vị chậm đóng, nợ đọng kéo dài.',
  'Ánh Ảnh Ãnh Ạnh Àn, ắt ằn ẳn ẵn ặn, ấy ầy ẩy ẫy ậy; éo èo ẻo ẽo ẹo, ế ề ể ễ ệ; í ì ỉ ĩ ị; ó ò ỏ õ ọ, ố ồ ổ ỗ ộ, ớ ờ ở ỡ ợ; ú ù ủ ũ ụ, ứ ừ ử ữ ự; ý ỳ ỷ ỹ ỵ; Ơn Ưng Đường.',
  'Những khó khăn, vướng mắc chủ yếu: người lao động tự do chưa hiểu rõ quyền lợi; nguồn hỗ trợ mức đóng còn hạn chế; dữ liệu giữa các ngành chưa được đồng bộ đầy đủ.',
];

export const LONG_ROWS = 70;

export function sampleReport(): ReportDocument {
  const sources = [
    { label: 'Lô nhập bhxh-tham-gia số 12 (31/10/2026)', ref: 'import_batch:12' },
    { label: 'Lần tính tiến độ số 9', ref: 'progress_run:9' },
  ];
  return {
    kind: 'annual',
    header: {
      issuerParent: 'UBND tỉnh Thái Nguyên',
      issuer: 'Sở Nội vụ',
      number: 'Số: 125/BC-SNV',
      place: 'Thái Nguyên',
      date: '2026-12-05',
      docType: 'Báo cáo',
      subject: 'Đánh giá kết quả thực hiện Nghị quyết số 403/NQ-CP năm 2026',
    },
    recipients: ['Bộ Nội vụ', 'Bộ Tài chính', 'Ủy ban nhân dân tỉnh Thái Nguyên'],
    blocks: [
      { kind: 'heading', level: 1, text: 'I. KẾT QUẢ THỰC HIỆN' },
      { kind: 'paragraph', text: PARAGRAPHS[0], sources },
      { kind: 'heading', level: 2, text: '1. Số người tham gia và tỷ lệ bao phủ' },
      { kind: 'paragraph', text: PARAGRAPHS[1], sources },
      { kind: 'chart', chart: sampleTrend(), sources },
      {
        kind: 'table',
        title: 'Bảng 1. Kết quả theo xã, phường',
        columns: [
          { header: 'STT', format: 'int' },
          { header: 'Xã, phường', format: 'text' },
          { header: 'Chỉ tiêu (người)', format: 'int' },
          { header: 'Thực hiện (người)', format: 'int' },
          { header: 'Tỷ lệ so với chỉ tiêu', format: 'percent' },
          { header: 'Số tiền nợ (đồng)', format: 'money' },
          { header: 'Kỳ số liệu', format: 'period' },
        ],
        rows: Array.from({ length: LONG_ROWS }, (_, i) => [i + 1, `Phường Đồng Hỷ ${i + 1}`, 1_234_567 + i, 1_000_000 + i * 7, 81.5, 2_500_000_000 + i, '2026-10']),
        sources,
        annex: 'Kết quả theo xã',
      },
      { kind: 'paragraph', text: PARAGRAPHS[2] },
      { kind: 'chart', chart: sampleMap(), sources },
      { kind: 'heading', level: 1, text: 'II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ' },
      { kind: 'paragraph', text: PARAGRAPHS[3] },
    ],
    copiesTo: ['Như trên', 'Chủ tịch, các Phó Chủ tịch UBND tỉnh', 'Lưu: VT, CCVC'],
    signature: { authority: 'KT. Giám đốc', title: 'Phó Giám đốc', name: 'Nguyễn Thị Hướng' },
    sources,
  };
}
