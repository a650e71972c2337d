import { describe, it, expect } from 'vitest';
import { matchPath } from '../../web/src/router.tsx';
import { withQuery, fileNameFrom } from '../../web/src/api.ts';
import { showTotalVi } from '../../web/src/components/DataTable.tsx';
import { communeMatches } from '../../web/src/components/CommuneSelect.tsx';
import { routes, MENU_GROUPS } from '../../web/src/routes.tsx';
import type { Me } from '../../web/src/auth.tsx';
import { ROLES, type RoleCode } from '#shared/auth/roles.ts';

describe('router: matchPath', () => {
  it('matches static paths and decodes parameters', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/chi-tieu', '/chi-tieu')).toEqual({});
    expect(matchPath('/chi-tieu', '/chi-tieu/')).toEqual({});
    expect(matchPath('/xa/:code', '/xa/05443')).toEqual({ code: '05443' });
    expect(matchPath('/a/:x/b/:y', '/a/Th%C3%A1i%20Nguy%C3%AAn/b/2')).toEqual({ x: 'Thái Nguyên', y: '2' });
    expect(matchPath('/tai-lieu/*', '/tai-lieu/a/b')).toEqual({ '*': 'a/b' });
  });

  it('refuses other paths', () => {
    expect(matchPath('/', '/chi-tieu')).toBeNull();
    expect(matchPath('/xa/:code', '/xa')).toBeNull();
    expect(matchPath('/xa/:code', '/xa/')).toBeNull();
    expect(matchPath('/xa/:code', '/xa/05443/them')).toBeNull();
    expect(matchPath('/chi-tieu', '/chi-tieu-khac')).toBeNull();
  });
});

describe('api helpers', () => {
  it('builds query strings, skipping empty values and repeating arrays', () => {
    expect(withQuery('/api/x')).toBe('/api/x');
    expect(withQuery('/api/x', { a: 1, b: [2, 3], c: null, d: undefined, e: '', f: 'Đồng Hỷ' })).toBe('/api/x?a=1&b=2&b=3&f=%C4%90%E1%BB%93ng+H%E1%BB%B7');
    expect(withQuery('/api/x?p=1', { q: 'a' })).toBe('/api/x?p=1&q=a');
    expect(withQuery('/api/x', { a: null })).toBe('/api/x');
  });

  it('reads the file name of a download, UTF-8 names first', () => {
    expect(fileNameFrom(`attachment; filename="bao-cao.xlsx"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.xlsx`, 'x')).toBe('Báo cáo.xlsx');
    expect(fileNameFrom('attachment; filename="danh-sach.csv"', 'x')).toBe('danh-sach.csv');
    expect(fileNameFrom(null, 'tai-xuong')).toBe('tai-xuong');
  });

  it('shows table totals in Vietnamese', () => {
    expect(showTotalVi(1234, [1, 50])).toBe('1–50 / 1.234 dòng');
    expect(showTotalVi(0, [0, 0])).toBe('0 dòng');
  });
});

describe('commune search', () => {
  it('finds communes with or without diacritics, by code, and refuses others', () => {
    expect(communeMatches('dai phuc', 'Xã Đại Phúc', '05800')).toBe(true);
    expect(communeMatches('Đại  Phúc', 'Xã Đại Phúc', '05800')).toBe(true);
    expect(communeMatches('phuong phan dinh', 'Phường Phan Đình Phùng', '05443')).toBe(true);
    expect(communeMatches('0544', 'Phường Phan Đình Phùng', '05443')).toBe(true);
    expect(communeMatches('dong hy', 'Phường Phan Đình Phùng', '05443')).toBe(false);
    expect(communeMatches('', 'Xã Đại Phúc', '05800')).toBe(true);
  });
});

describe('route table', () => {
  const meOf = (role: RoleCode): Me => ({
    id: 1, username: role, fullName: role, role, roleLabel: ROLES[role].label, agency: ROLES[role].agency, isLeader: false,
    communes: ROLES[role].communeScoped ? ['05443'] : null, seesPersonalData: ROLES[role].seesPersonalData,
    imports: [...ROLES[role].imports], findings: [...ROLES[role].findings], can: [...ROLES[role].can], parks: null, mustChangePassword: false,
  });
  const menuFor = (role: RoleCode) => routes.filter((r) => r.menu && (!r.allowed || r.allowed(meOf(role)))).map((r) => r.menu!.label);

  it('has unique paths and known menu groups', () => {
    const paths = routes.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const r of routes) if (r.menu) expect(MENU_GROUPS).toContain(r.menu.group);
    for (const p of ['/', '/xa/:code', '/chi-tieu', '/phat-hien', '/nhap-du-lieu', '/lich-su-nhap', '/may-tinh', '/mo-phong']) expect(paths).toContain(p);
  });

  it('offers import pages only to roles that import, findings only to roles that see some', () => {
    for (const role of Object.keys(ROLES) as RoleCode[]) {
      const menu = menuFor(role);
      expect(menu.includes('Nhập dữ liệu'), role).toBe(ROLES[role].imports.length > 0);
      expect(menu.includes('Phát hiện'), role).toBe(ROLES[role].findings.length > 0);
      expect(menu).toContain('Tổng quan');
    }
  });
});
