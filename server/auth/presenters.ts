import { ROLES } from './roles.ts';
import type { SessionUser } from './policies.ts';

export function presentMe(user: SessionUser, csrfToken: string) {
  const role = ROLES[user.role];
  return {
    user: {
      id: user.id,
      username: user.username,
      fullName: user.fullName,
      role: user.role,
      roleLabel: role.label,
      communes: user.communes,
      seesPersonalData: role.seesPersonalData,
      imports: role.imports,
      findings: role.findings,
      can: role.can,
    },
    csrfToken,
  };
}
