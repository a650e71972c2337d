/**
 * The fixed wording of an administrative document (Decree 30/2020/NĐ-CP, Appendix I), shared by the docx layout
 * (decree30.ts) and the PDF renderer (reports/render/pdf.ts) without loading either library.
 */
export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** The Vietnamese date line: "Thái Nguyên, ngày 05 tháng 12 năm 2026". */
export function placeDate(place: string, isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${place}, ngày ${d} tháng ${m} năm ${y}`;
}
