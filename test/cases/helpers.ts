/** Helpers of the cases tests: the walk of each case type through its stages, and reading documents back. */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { TMP_ROOT } from '../helpers/paths.ts';

/** The text of a .docx (word/document.xml, read with the real `unzip`), tags removed. */
export function docxText(buf: Buffer): { text: string; xml: string } {
  const file = path.join(TMP_ROOT, `doc-${crypto.randomBytes(4).toString('hex')}.docx`);
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  fs.writeFileSync(file, buf);
  try {
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const text = xml.replace(/<w:p[ >]/g, '\n$&').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    return { text, xml };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** One step of a walk: who acts (a role), the outcome chosen and what it needs. */
export interface Step { role: string; outcome: string; decision?: boolean; amount?: number; reason?: string }

/**
 * The full walk of each case type, every stage, with the owning roles. The role is also the name of the account that
 * acts in the API and browser tests (the commune police account is scoped to the case's commune).
 */
export const WALKS: Record<string, Step[]> = {
  enforcement: [
    { role: 'social_security', outcome: 'escalate' },
    { role: 'social_security', outcome: 'escalate', decision: true },
    { role: 'social_security', outcome: 'listed' },
    { role: 'inspectorate', outcome: 'violation', decision: true },
    { role: 'inspectorate', outcome: 'refer', decision: true, amount: 100_000_000 },
    { role: 'social_security', outcome: 'sent', decision: true },
    { role: 'police', outcome: 'received', decision: true },
    { role: 'police', outcome: 'prosecuted', decision: true },
  ],
  identity: [
    { role: 'social_security', outcome: 'to_police' },
    // The commune police of the person's commune verify (the provincial police only read).
    { role: 'commune_police', outcome: 'wrong', reason: 'Ngày sinh đúng theo CSDL dân cư là 22/10/1982' },
    { role: 'social_security', outcome: 'corrected' },
  ],
  benefit_recovery: [
    { role: 'home_affairs', outcome: 'confirmed' },
    { role: 'home_affairs', outcome: 'decided', decision: true, amount: 9_000_000 },
    { role: 'home_affairs', outcome: 'recovered', amount: 9_000_000 },
  ],
};

export const STAGES: Record<string, string[]> = {
  enforcement: ['reminder', 'written_reminder', 'inspection_list', 'inspection', 'sanction', 'referral', 'police_ack', 'police_outcome'],
  identity: ['ss_review', 'police_verify', 'correction'],
  benefit_recovery: ['check', 'decision', 'recovery'],
};
