/**
 * The pure access rules of server/auth/policies.ts as properties over every role × random commune (and park) scopes ×
 * random objects (import batches, findings, cases, parks, directive reports, campaigns). No database, no HTTP: the
 * HTTP sweeps (test/auth/access.property.test.ts, test/http/routes.property.test.ts, test/cases/access.property.test.ts)
 * check that the routes ask these rules.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  CAPABILITIES, FILE_KINDS, FINDING_CODES, ROLES, isCapability, type Capability, type FileKind, type FindingCode, type RoleCode,
} from '#shared/auth/roles.ts';
import {
  can, canAcceptDirective, canActOnStage, canEditCampaign, canEditPark, canFollowDirective, canImport, canManageUsers, canOpenCase,
  canReadCampaign, canReadCase, canReadReportsOf, canSeeCommune, canSeeFinding, canSeePark, canVerifyLegalParams, historyKinds,
  mayAssignCaseTo, mayDownloadBatch, mayManageSchedules, mayReadSchedules, mayExportOutreach, mayImportAny, mayReadBoard, mayReadCases, mayReadFinding, mayRecordCampaigns,
  mayRestoreBatch, mayReviewLinks, mayRunReconciliation, maySeeBatch, maySubmitReports, maySubmitReportsOf, mayWorkFindings, parkScope,
  reportsFor, scopedCommunes, seesOnlyOwnBatches, visibleDeliveryAgencies, visibleFindingCodes,
  mayGenerateReport, mayReadReport, mayReviewReport, maySignReport,
  type BatchAccess, type CampaignOwner, type ReportKindAccess, type SessionUser,
} from '../../server/auth/policies.ts';

const ALL_ROLES = Object.keys(ROLES) as RoleCode[];
const COMMUNE_POOL = ['05443', '01840', '02143', '05665', '05722', '01864', '06100'];
const PARK_POOL = ['KCN-YEN-BINH', 'KCN-DIEM-THUY', 'KCN-SONG-CONG', 'CCN-KHA-SON', 'CCN-PHU-LAC'];
const AGENCIES = [...new Set(Object.values(ROLES).map((r) => r.agency))];
const RUNS = { numRuns: 300 };

const communeSet = fc.uniqueArray(fc.constantFrom(...COMMUNE_POOL), { minLength: 1, maxLength: 4 });
const communeCode = fc.option(fc.constantFrom(...COMMUNE_POOL, '99999'), { nil: null, freq: 8 });

/** An account of the role: commune-scoped roles always limited to some communes; others province-wide or limited. */
const userOf = (role: RoleCode): fc.Arbitrary<SessionUser> =>
  fc.record({
    id: fc.integer({ min: 1, max: 40 }),
    communes: ROLES[role].communeScoped ? communeSet : fc.option(communeSet, { nil: null, freq: 3 }),
    agency: fc.option(fc.constant(ROLES[role].agency), { nil: null, freq: 6 }),
    isLeader: fc.boolean(),
    parks: ROLES[role].parkScoped ? fc.option(fc.uniqueArray(fc.constantFrom(...PARK_POOL), { minLength: 1, maxLength: 3 }), { nil: null }) : fc.constant(null),
  }).map((u) => ({ ...u, role, username: `${role}_${u.id}`, fullName: 'Người dùng thử' }));

const anyUser = fc.constantFrom(...ALL_ROLES).chain(userOf);
/** Accounts limited to some communes, of any role. */
const limitedUser = fc.constantFrom(...ALL_ROLES).chain(userOf).filter((u) => u.communes !== null);

const batch: fc.Arbitrary<BatchAccess> = fc.record({
  kind: fc.constantFrom<FileKind>(...FILE_KINDS),
  importedBy: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
  isCurrent: fc.boolean(),
  refused: fc.boolean(),
});
const finding = fc.record({ code: fc.constantFrom<FindingCode>(...FINDING_CODES), communeCode });
const workCase = fc.record({ findingCode: fc.constantFrom<FindingCode>(...FINDING_CODES), ownerRole: fc.constantFrom(...ALL_ROLES), communeCode });
const park = fc.record({
  code: fc.constantFrom(...PARK_POOL),
  kind: fc.constantFrom<'KCN' | 'CCN'>('KCN', 'CCN'),
  communes: fc.uniqueArray(fc.constantFrom(...COMMUNE_POOL), { minLength: 0, maxLength: 3 }),
});
const campaign: fc.Arbitrary<CampaignOwner> = fc.record({
  agency_code: fc.constantFrom(...AGENCIES),
  commune_codes: fc.uniqueArray(fc.constantFrom(...COMMUNE_POOL), { minLength: 0, maxLength: 3 }),
});

const holds = (user: SessionUser, capability: Capability) => (ROLES[user.role].can as readonly string[]).includes(capability);

describe('capabilities', () => {
  it('are a closed list: every role holds only listed capabilities, every listed one is held by some role', () => {
    for (const role of ALL_ROLES) for (const c of ROLES[role].can) expect(isCapability(c), `${role}: ${c}`).toBe(true);
    for (const c of CAPABILITIES) expect(ALL_ROLES.some((r) => (ROLES[r].can as readonly string[]).includes(c)), c).toBe(true);
    expect(isCapability('cases.wrok')).toBe(false);
  });

  it('an unknown capability does not compile', () => {
    const user: SessionUser = { id: 1, username: 'admin', fullName: 'Quản trị', role: 'admin', agency: 'ADMIN', communes: null, isLeader: false };
    // @ts-expect-error — 'cases.wrok' is no Capability: if `can` took any string, this line would fail `tsc --noEmit`.
    expect(can(user, 'cases.wrok')).toBe(false);
  });

  it('a role without the capability is always refused by the rules that need it', () => {
    const gated: Array<[string, Capability, (u: SessionUser) => boolean]> = [
      ['mayRunReconciliation', 'reconcile.run', mayRunReconciliation],
      ['mayReviewLinks', 'findings.review', mayReviewLinks],
      ['canManageUsers', 'users.manage', canManageUsers],
      ['canVerifyLegalParams', 'legal.verify', canVerifyLegalParams],
      ['canAcceptDirective', 'directive.accept', canAcceptDirective],
      ['canFollowDirective', 'directive.follow', canFollowDirective],
      ['mayRecordCampaigns', 'directive.report', mayRecordCampaigns],
      ['maySubmitReports', 'directive.report', maySubmitReports],
      ['parkScope', 'parks.read', (u) => parkScope(u) !== null],
      ['mayManageSchedules', 'directive.accept', mayManageSchedules],
      ['mayReadSchedules', 'directive.follow', mayReadSchedules],
    ];
    fc.assert(fc.property(anyUser, fc.constantFrom(...gated), (user, [name, capability, rule]) => {
      if (!holds(user, capability)) expect(rule(user), `${name} for ${user.role}`).toBe(false);
      // The capability-only rules grant exactly the capability.
      if (['reconcile.run', 'findings.review', 'users.manage', 'legal.verify', 'directive.accept', 'directive.follow', 'parks.read'].includes(capability)) {
        expect(rule(user), `${name} for ${user.role}`).toBe(holds(user, capability));
      }
    }), RUNS);
  });
});

describe('commune scope', () => {
  it('a province-wide account sees every commune; a limited one exactly its own (never an unknown or missing commune)', () => {
    fc.assert(fc.property(anyUser, communeCode, (user, code) => {
      const expected = user.communes === null ? true : code !== null && user.communes.includes(code);
      expect(canSeeCommune(user, code)).toBe(expected);
    }), RUNS);
  });

  it('scopedCommunes never widens a limited account; asking nothing gives the account its scope', () => {
    fc.assert(fc.property(anyUser, fc.option(fc.uniqueArray(fc.constantFrom(...COMMUNE_POOL, '99999')), { nil: undefined }), (user, asked) => {
      const result = scopedCommunes(user, asked);
      if (!asked || asked.length === 0) expect(result).toEqual(user.communes);
      else if (user.communes === null) expect(result).toEqual(asked);
      else {
        expect(result).not.toBeNull();
        for (const c of result!) expect(user.communes).toContain(c);
        expect(result).toEqual(asked.filter((c) => user.communes!.includes(c)));
      }
    }), RUNS);
  });

  it('a limited account never reads, acts on or opens anything outside its communes', () => {
    fc.assert(fc.property(limitedUser, finding, workCase, (user, f, c) => {
      if (f.communeCode === null || !user.communes!.includes(f.communeCode)) expect(mayReadFinding(user, f)).toBe(false);
      if (c.communeCode === null || !user.communes!.includes(c.communeCode)) {
        expect(canReadCase(user, c.findingCode, c.ownerRole, c.communeCode)).toBe(false);
        expect(canActOnStage(user, c.ownerRole, c.communeCode)).toBe(false);
      }
    }), RUNS);
  });
});

describe('findings', () => {
  it('visible codes are the asked ones within the role\'s (all of the role\'s when none asked)', () => {
    fc.assert(fc.property(anyUser, fc.uniqueArray(fc.constantFrom<string>(...FINDING_CODES, 'KHONG_CO')), (user, asked) => {
      const mine = ROLES[user.role].findings as readonly string[];
      const codes = visibleFindingCodes(user, asked);
      for (const c of codes) expect(mine).toContain(c);
      expect(codes).toEqual(asked.length ? asked.filter((c) => mine.includes(c)) : [...mine]);
    }), RUNS);
  });

  it('one finding is readable exactly when its code is the role\'s and its commune in scope', () => {
    fc.assert(fc.property(anyUser, finding, (user, f) => {
      expect(mayReadFinding(user, f)).toBe(canSeeFinding(user, f.code) && canSeeCommune(user, f.communeCode));
      expect(mayExportOutreach(user)).toBe((ROLES[user.role].findings as readonly string[]).includes('TIEM_NANG_TU_NGUYEN'));
      expect(mayWorkFindings(user)).toBe(holds(user, 'cases.work') || holds(user, 'findings.review'));
    }), RUNS);
  });
});

describe('import batches', () => {
  it('restore ⇒ download ⇒ see; download needs the kind\'s import right', () => {
    fc.assert(fc.property(anyUser, batch, (user, b) => {
      if (mayRestoreBatch(user, b)) expect(mayDownloadBatch(user, b)).toBe(true);
      if (mayDownloadBatch(user, b)) {
        expect(maySeeBatch(user, b)).toBe(true);
        expect(ROLES[user.role].imports as readonly string[]).toContain(b.kind);
        expect(canImport(user, b.kind)).toBe(true);
      }
    }), RUNS);
  });

  it('a current or refused batch is never restored', () => {
    fc.assert(fc.property(anyUser, batch, (user, b) => {
      if (b.isCurrent || b.refused) expect(mayRestoreBatch(user, b)).toBe(false);
    }), RUNS);
  });

  it('an account limited to communes sees, downloads and restores only the batches it imported', () => {
    fc.assert(fc.property(limitedUser, batch, (user, b) => {
      expect(seesOnlyOwnBatches(user)).toBe(true);
      if (b.importedBy !== user.id) {
        expect(maySeeBatch(user, b)).toBe(false);
        expect(mayDownloadBatch(user, b)).toBe(false);
        expect(mayRestoreBatch(user, b)).toBe(false);
      }
    }), RUNS);
  });

  it('the history shows every kind to the audit readers, otherwise exactly the kinds the role imports', () => {
    fc.assert(fc.property(anyUser, (user) => {
      expect(historyKinds(user)).toEqual(holds(user, 'audit.read') ? [...FILE_KINDS] : [...ROLES[user.role].imports]);
      expect(mayImportAny(user)).toBe(ROLES[user.role].imports.length > 0);
    }), RUNS);
  });
});

describe('cases', () => {
  it('only the owner role acts on a stage, and whoever may act may also read the case', () => {
    fc.assert(fc.property(anyUser, workCase, (user, c) => {
      if (canActOnStage(user, c.ownerRole, c.communeCode)) {
        expect(user.role).toBe(c.ownerRole);
        expect(holds(user, 'cases.work')).toBe(true);
        expect(canReadCase(user, c.findingCode, c.ownerRole, c.communeCode)).toBe(true);
      }
      if (canReadCase(user, c.findingCode, c.ownerRole, c.communeCode)) expect(mayReadCases(user)).toBe(true);
      if (canOpenCase(user, c.findingCode)) {
        expect(holds(user, 'cases.work')).toBe(true);
        expect(canSeeFinding(user, c.findingCode)).toBe(true);
      }
    }), RUNS);
  });

  it('a case is assigned only to an active account of the acting user\'s own role', () => {
    fc.assert(fc.property(anyUser, fc.constantFrom(...ALL_ROLES), fc.boolean(), (user, role, active) => {
      expect(mayAssignCaseTo(user, { role, active })).toBe(active && role === user.role);
    }), RUNS);
  });
});

describe('parks', () => {
  it('a park is seen only within the account\'s park list and communes; edited only by its kind\'s keeper', () => {
    fc.assert(fc.property(anyUser, park, fc.boolean(), (user, p, isNew) => {
      const scope = parkScope(user);
      if (canSeePark(user, p)) {
        expect(scope).not.toBeNull();
        if (ROLES[user.role].parkScoped && user.parks) expect(user.parks).toContain(p.code);
        if (user.communes !== null) expect(p.communes.some((c) => user.communes!.includes(c))).toBe(true);
      }
      if (canEditPark(user, p, isNew)) {
        expect(holds(user, 'parks.edit')).toBe(true);
        expect(p.kind === 'KCN' ? ['ip_board', 'admin'] : ['industry_trade', 'admin']).toContain(user.role);
        // A park-scoped account limited to some parks never adds one, and edits only its own.
        if (ROLES[user.role].parkScoped && user.parks) {
          expect(isNew).toBe(false);
          expect(user.parks).toContain(p.code);
        }
      }
    }), RUNS);
  });
});

describe('scheduled jobs', () => {
  it('exactly the administrator and Home Affairs manage schedules, and whoever manages them reads them', () => {
    fc.assert(fc.property(anyUser, (user) => {
      expect(mayManageSchedules(user), user.role).toBe(user.role === 'admin' || user.role === 'home_affairs');
      if (mayManageSchedules(user)) expect(mayReadSchedules(user)).toBe(true);
    }), RUNS);
  });
});

describe('directive', () => {
  it('a body files, submits and reads only its own reports unless it follows the directive', () => {
    fc.assert(fc.property(anyUser, fc.constantFrom(...AGENCIES), (user, agency) => {
      if (reportsFor(user, agency)) expect(user.agency).toBe(agency);
      expect(maySubmitReportsOf(user, agency)).toBe(reportsFor(user, agency) && user.isLeader);
      if (maySubmitReportsOf(user, agency)) expect(maySubmitReports(user)).toBe(true);
      if (canFollowDirective(user)) expect(canReadReportsOf(user, agency)).toBe(true);
      else expect(canReadReportsOf(user, agency)).toBe(reportsFor(user, agency));
      expect(mayReadBoard(user)).toBe(holds(user, 'directive.follow') || holds(user, 'directive.report'));
      const deliveries = visibleDeliveryAgencies(user);
      if (canFollowDirective(user)) expect(deliveries).toBeUndefined();
      else expect(deliveries).toEqual(user.agency ? [user.agency] : []);
    }), RUNS);
  });

  it('a campaign is edited only by its own body (a commune account: only when all its communes are the account\'s)', () => {
    fc.assert(fc.property(anyUser, campaign, (user, c) => {
      if (canEditCampaign(user, c)) {
        expect(canReadCampaign(user, c)).toBe(true);
        expect(mayRecordCampaigns(user)).toBe(true);
        expect(user.agency).toBe(c.agency_code);
        if (user.communes !== null) {
          expect(c.commune_codes.length).toBeGreaterThan(0);
          for (const code of c.commune_codes) expect(user.communes).toContain(code);
        }
      }
      if (canReadCampaign(user, c) && !canEditCampaign(user, c)) expect(canFollowDirective(user)).toBe(true);
    }), RUNS);
  });
});

describe('the leadership reads and changes nothing', () => {
  const leader = userOf('leadership');
  it('no changing rule grants the leadership anything', () => {
    fc.assert(fc.property(leader, batch, workCase, park, campaign, fc.boolean(), (user, b, c, p, camp, isNew) => {
      const changes: Array<[string, boolean]> = [
        ['mayRunReconciliation', mayRunReconciliation(user)],
        ['mayWorkFindings', mayWorkFindings(user)],
        ['mayReviewLinks', mayReviewLinks(user)],
        ['canActOnStage', canActOnStage(user, c.ownerRole, c.communeCode)],
        ['canOpenCase', canOpenCase(user, c.findingCode)],
        ['mayImportAny', mayImportAny(user)],
        ['mayRestoreBatch', mayRestoreBatch(user, b)],
        ['canEditPark', canEditPark(user, p, isNew)],
        ['canManageUsers', canManageUsers(user)],
        ['canVerifyLegalParams', canVerifyLegalParams(user)],
        ['canAcceptDirective', canAcceptDirective(user)],
        ['mayRecordCampaigns', mayRecordCampaigns(user)],
        ['maySubmitReports', maySubmitReports(user)],
        ['canEditCampaign', canEditCampaign(user, camp)],
        ['targets.edit', can(user, 'targets.edit')],
        ['cases.configure', can(user, 'cases.configure')],
        ['scenarios.edit', can(user, 'scenarios.edit')],
      ];
      for (const [name, granted] of changes) expect(granted, name).toBe(false);
      // …but reads: every case within its communes, the follow-up, the parks.
      expect(mayReadCases(user)).toBe(true);
      expect(canReadCase(user, c.findingCode, c.ownerRole, c.communeCode)).toBe(canSeeCommune(user, c.communeCode));
      expect(canFollowDirective(user)).toBe(true);
      expect(parkScope(user)).not.toBeNull();
    }), RUNS);
  });
});

describe('the administrator', () => {
  const admin = userOf('admin').map((u) => ({ ...u, communes: null }));
  it('runs, reviews, manages, verifies, imports and restores everything, but acts on no case stage it does not own', () => {
    fc.assert(fc.property(admin, batch, finding, workCase, park, (user, b, f, c, p) => {
      expect(mayRunReconciliation(user) && mayReviewLinks(user) && canManageUsers(user) && canVerifyLegalParams(user)).toBe(true);
      expect(canAcceptDirective(user) && canFollowDirective(user)).toBe(true);
      for (const kind of FILE_KINDS) expect(canImport(user, kind)).toBe(true);
      expect(maySeeBatch(user, b)).toBe(true);
      expect(mayDownloadBatch(user, b)).toBe(true);
      expect(mayRestoreBatch(user, b)).toBe(!b.isCurrent && !b.refused);
      expect(mayReadFinding(user, f)).toBe(true);
      expect(canEditPark(user, p, false) && canEditPark(user, p, true)).toBe(true);
      expect(canActOnStage(user, c.ownerRole, c.communeCode)).toBe(c.ownerRole === 'admin');
      // The administrator files no body's reports.
      expect(mayRecordCampaigns(user) || maySubmitReports(user)).toBe(false);
    }), RUNS);
  });
});

describe('reports (server/reports)', () => {
  const roleList = fc.uniqueArray(fc.constantFrom(...ALL_ROLES), { minLength: 0, maxLength: 5 });
  const kind: fc.Arbitrary<ReportKindAccess> = fc.record({ generateRoles: roleList, reviewRoles: roleList, signRoles: roleList, readRoles: roleList });
  it('generate, review and sign need the capability, a role of the kind and the unit in scope; signing needs a leader', () => {
    fc.assert(fc.property(anyUser, kind, communeCode, (user, k, commune) => {
      const inScope = commune === null ? user.communes === null : canSeeCommune(user, commune);
      expect(mayGenerateReport(user, k, commune)).toBe(can(user, 'reports.generate') && k.generateRoles.includes(user.role) && inScope);
      expect(mayReviewReport(user, k, commune)).toBe(can(user, 'reports.review') && k.reviewRoles.includes(user.role) && inScope);
      expect(maySignReport(user, k, commune)).toBe(can(user, 'reports.sign') && user.isLeader && k.signRoles.includes(user.role) && inScope);
      // Whoever may act on a kind may read it; nobody reads a report outside its scope.
      if (mayGenerateReport(user, k, commune) || mayReviewReport(user, k, commune) || maySignReport(user, k, commune)) expect(mayReadReport(user, k, commune)).toBe(true);
      if (!inScope) expect(mayReadReport(user, k, commune)).toBe(false);
    }), RUNS);
  });
  it('an account limited to communes never acts on a province report', () => {
    fc.assert(fc.property(limitedUser, kind, (user, k) => {
      expect(mayGenerateReport(user, k, null) || mayReviewReport(user, k, null) || maySignReport(user, k, null) || mayReadReport(user, k, null)).toBe(false);
    }), RUNS);
  });
});
