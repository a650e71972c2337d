/**
 * Communication campaigns (issue 14 part 6; directive §3, §5, §6, §13, §14, §15): the one vocabulary of channels
 * and audience groups, with their Vietnamese labels, shared by the server, the web forms and the exports.
 */
export const CAMPAIGN_CHANNELS = ['press', 'broadcast', 'conference', 'loudspeaker', 'social_media', 'door_to_door'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];
export const CHANNEL_VI: Record<CampaignChannel, string> = {
  press: 'Bài viết trên báo chí',
  broadcast: 'Phát thanh, truyền hình',
  conference: 'Hội nghị, tọa đàm',
  loudspeaker: 'Loa truyền thanh cơ sở',
  social_media: 'Mạng xã hội, trang thông tin điện tử',
  door_to_door: 'Tuyên truyền đến từng hộ gia đình',
};

export const CAMPAIGN_AUDIENCES = ['general_public', 'employees', 'employers', 'informal_workers', 'farmers', 'poor_households', 'ethnic_minorities', 'students', 'members'] as const;
export type CampaignAudience = (typeof CAMPAIGN_AUDIENCES)[number];
export const AUDIENCE_VI: Record<CampaignAudience, string> = {
  general_public: 'Nhân dân nói chung',
  employees: 'Người lao động trong doanh nghiệp',
  employers: 'Người sử dụng lao động, doanh nghiệp',
  informal_workers: 'Lao động tự do, khu vực phi chính thức',
  farmers: 'Nông dân',
  poor_households: 'Hộ nghèo, cận nghèo',
  ethnic_minorities: 'Đồng bào dân tộc thiểu số',
  students: 'Học sinh, sinh viên',
  members: 'Đoàn viên, hội viên',
};

/** What a channel's reach is counted in (attendees, articles or broadcast minutes). */
export const REACH_VI = { attendees: 'Số người tham dự', articles: 'Số tin, bài', minutes: 'Số phút phát sóng' } as const;
