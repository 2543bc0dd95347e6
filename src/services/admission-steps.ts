import type { Actor } from '../core/actor.ts';
import type { TranslationKey, Translate } from '../core/i18n.ts';
import { allows, type Permission } from '../core/permissions.ts';
import type { Button } from '../core/reply.ts';
import type { ApplicationStatus, Stage } from '../core/vocabulary.ts';

/**
 * The admission steps after the application, each taken from the stage before it and by whom the
 * model says: the coordinator verifies, recommends and meets the candidate; the Coordinating Team
 * decides, after the introductory meeting.
 */
export const ADMISSION_STEPS = {
  verify: { from: 'submitted', permission: 'coordinator' },
  recommend: { from: 'verified', permission: 'coordinator' },
  meeting: { from: 'recommended', permission: 'coordinator' },
  decide: { from: 'meeting', permission: 'coordinatingTeam' },
} as const satisfies Record<string, { from: string; permission: Permission }>;

export type AdmissionStep = keyof typeof ADMISSION_STEPS;

interface OpenApplication {
  id: string;
  status: ApplicationStatus;
  stage: Stage;
  meetingAt: Date | null;
}

/** The step an application waits for, if any, whoever takes it. */
export function waitingFor(app: Pick<OpenApplication, 'status' | 'stage'>): AdmissionStep | undefined {
  if (app.status !== 'open') return undefined;
  return (Object.keys(ADMISSION_STEPS) as AdmissionStep[]).find((s) => ADMISSION_STEPS[s].from === app.stage);
}

/**
 * The step this person may take now: none when it is someone else's, and no decision before the
 * introductory meeting has been held.
 */
export function stepFor(app: OpenApplication, actor: Actor, now: Date): AdmissionStep | undefined {
  const step = waitingFor(app);
  if (!step || !allows(ADMISSION_STEPS[step].permission, actor)) return undefined;
  if (step === 'decide' && app.meetingAt && app.meetingAt.getTime() > now.getTime()) return undefined;
  return step;
}

/** For a notice, where the reader is known only by role: the coordinator takes every step, the rest of the team decides. */
export function stepForRole(app: OpenApplication, role: 'coordinator' | 'team', now: Date): AdmissionStep | undefined {
  const step = waitingFor(app);
  if (!step || (role === 'team' && step !== 'decide')) return undefined;
  if (step === 'decide' && app.meetingAt && app.meetingAt.getTime() > now.getTime()) return undefined;
  return step;
}

export function stepButton(t: Translate, step: AdmissionStep, applicationId: string): Button {
  return { label: t(`membership.steps.buttons.${step}` as TranslationKey), action: { command: 'applications', action: step, args: [applicationId] }, style: step === 'decide' ? 'success' : 'primary' };
}

export function showButton(t: Translate, applicationId: string): Button {
  return { label: t('membership.steps.buttons.show'), action: { command: 'applications', action: 'show', args: [applicationId] }, style: 'secondary' };
}

/** The buttons a notice about an application carries: its next step (if the reader's) and the card. */
export function admissionButtons(t: Translate, app: OpenApplication, role: 'coordinator' | 'team', now: Date): Button[] {
  const step = stepForRole(app, role, now);
  return [...(step ? [stepButton(t, step, app.id)] : []), showButton(t, app.id)];
}
