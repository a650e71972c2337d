/**
 * The province BaoPhu serves: its statistical code (Decision 124/2004/QĐ-TTg, kept by Thái Nguyên after the 2025
 * merger with Bắc Kạn). The province's own line in targets and progress carries this code where a commune's would.
 */
export const PROVINCE_CODE = '19';
