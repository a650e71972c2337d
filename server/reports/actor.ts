import type { SessionUser } from '../auth/policies.ts';
import { commandLineActor } from '../auth/audit.ts';
import type { ReportActor } from './commands.ts';

/** A signed-in account as the maker of a report (its access is checked). */
export const actorOfUser = (user: SessionUser): ReportActor => ({ id: user.id, username: user.username, user });
/** The command line as the maker of a report (the operator: no access check, audited as the command line). */
export const commandLineReportActor = (): ReportActor => ({ ...commandLineActor(), user: null });
