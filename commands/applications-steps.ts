import type { CommandContext } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import type { TranslationKey } from '../src/core/i18n.ts';
import type { Button, ChoiceOption, FormField, Reply } from '../src/core/reply.ts';
import { ADMISSION_STEPS, showButton, stepButton, stepFor, waitingFor, type AdmissionStep } from '../src/services/admission-steps.ts';
import { CRITERIA, DECISIONS, RECOMMENDATIONS, type Stage } from '../src/core/vocabulary.ts';
import type { ApplicationStatus } from '../src/core/vocabulary.ts';

/**
 * The admission steps as forms: a button on a notice or on the application's card opens the
 * step's form for that application (its id travels as the form's argument), the form submits to
 * the matching `/applications` subcommand. A refused submission keeps what was typed.
 */

type Ctx = CommandContext<unknown>;

const formId = (step: AdmissionStep) => `applications.${step}`;

function yesNo(t: Ctx['t']): ChoiceOption[] {
  return [
    { value: 'yes', label: t('membership.steps.yes') },
    { value: 'no', label: t('membership.steps.no') },
  ];
}

function fieldsOf(step: AdmissionStep, t: Ctx['t']): FormField[] {
  const f = (name: string, key: string, kind: FormField['kind'], required: boolean, extra: Partial<FormField> = {}): FormField => ({
    name,
    label: t(`membership.steps.fields.${key}` as TranslationKey),
    kind,
    required,
    ...extra,
  });
  switch (step) {
    case 'verify':
      return CRITERIA.flatMap((c) => [
        f(c, c, 'choice', true, { options: yesNo(t) }),
        f(`${c}_note`, `${c}Note`, 'short', false, { maxLength: 500, placeholder: t('membership.steps.fields.notePlaceholder') }),
      ]);
    case 'recommend':
      return [
        f('recommendation', 'recommendation', 'choice', true, { options: RECOMMENDATIONS.map((r) => ({ value: r, label: t(`membership.recommendations.${r}`) })) }),
        f('note', 'recommendationNote', 'paragraph', true, { minLength: 5, maxLength: 1000 }),
      ];
    case 'meeting':
      return [f('when', 'when', 'short', true, { maxLength: 40, placeholder: t('membership.steps.fields.whenPlaceholder') }), f('place', 'place', 'short', false, { maxLength: 200 })];
    case 'decide':
      return [
        f('decision', 'decision', 'choice', true, { options: DECISIONS.map((d) => ({ value: d, label: t(`membership.decisions.${d}`) })) }),
        f('reason', 'reason', 'paragraph', false, { maxLength: 1000 }),
        f('conditions', 'conditions', 'paragraph', false, { maxLength: 1000 }),
        f('review', 'review', 'short', false, { maxLength: 20, placeholder: t('membership.steps.fields.reviewPlaceholder') }),
      ];
  }
}

/**
 * The form of one step for one application, pre-filled with what was typed before (a refused
 * submission) or given as options. Refused at once when the application does not wait for this step.
 */
export async function stepForm(ctx: Ctx, step: AdmissionStep, ref: string, values: Record<string, string> = {}): Promise<Reply> {
  const app = await ctx.services.admission.application(ctx.cluster, ref);
  // An open application is never at 'decided': the decision closes it.
  if (app.status !== 'open' || app.stage === 'decided') throw new DomainError('membership.errors.applicationClosed', { org: app.orgName });
  const waiting = waitingFor(app);
  if (waiting !== step) throw new DomainError(`membership.errors.outOfOrder.${app.stage}`, { org: app.orgName });
  if (step === 'decide' && app.meetingAt && app.meetingAt.getTime() > ctx.now().getTime()) throw new DomainError('membership.errors.meetingNotHeld', { when: app.meetingAt });
  const draft = await ctx.services.drafts.get(ctx.cluster.id, ctx.actor.personId, formId(step));
  const filled = { ...(draft?.application === app.id ? draft : {}), ...values };
  return {
    form: {
      id: formId(step),
      title: ctx.t(`membership.steps.forms.${step}`),
      submit: { command: 'applications', subcommand: step },
      args: [app.id],
      fields: fieldsOf(step, ctx.t).map((field) => (filled[field.name] !== undefined ? { ...field, value: filled[field.name] } : field)),
    },
    private: true,
  };
}

/** A bare step command: the applications waiting for that step, to choose from. */
export async function pickApplication(ctx: Ctx, step: AdmissionStep): Promise<Reply> {
  const apps = await ctx.services.suggestions.applications(ctx.cluster, '', ADMISSION_STEPS[step].from);
  if (apps.length === 0) return { text: ctx.t('membership.steps.pick.none'), private: true };
  return {
    text: ctx.t(`membership.steps.pick.${step}`),
    choices: {
      action: { command: 'applications', action: step },
      placeholder: ctx.t('membership.steps.pick.placeholder'),
      options: apps.map((a) => ({ value: a.id, label: a.orgName.slice(0, 100), description: ctx.format.date(a.submittedAt) })),
    },
    private: true,
  };
}

/**
 * Takes a step: on success the draft goes and the reply offers what comes next; a refusal the
 * person can fix keeps what was typed and offers the form again.
 */
export async function takeStep(ctx: Ctx, step: AdmissionStep, appId: string, typed: Record<string, string>, run: () => Promise<Reply>): Promise<Reply> {
  try {
    const reply = await run();
    await ctx.services.drafts.clear(ctx.cluster.id, ctx.actor.personId, formId(step));
    return reply;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const fieldErrors = Object.fromEntries(Object.entries(error.fields).map(([k, key]) => [k, ctx.t(key)]));
    const fixable = Object.keys(fieldErrors).length > 0;
    if (fixable) await ctx.services.drafts.save(ctx.cluster.id, ctx.actor.personId, formId(step), { ...typed, application: appId });
    return {
      text: ctx.t(error.id, error.params),
      private: true,
      tone: 'error',
      errorId: error.id,
      ...(fixable ? { fieldErrors, buttons: [stepButton(ctx.t, step, appId)] } : {}),
    };
  }
}

/** What the person looking at an application may do next: its step (if theirs, now) and the card. */
export function nextButtons(ctx: Ctx, app: { id: string; status: ApplicationStatus; stage: Stage; meetingAt: Date | null }, withCard = true): Button[] {
  const step = stepFor(app, ctx.actor, ctx.now());
  return [...(step ? [stepButton(ctx.t, step, app.id)] : []), ...(withCard ? [showButton(ctx.t, app.id)] : [])];
}

/** Option values as a form shows them: booleans as yes/no. */
export function asFormValues(options: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) {
    if (v === undefined || v === null || k === 'application') continue;
    out[k] = typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
  }
  return out;
}
