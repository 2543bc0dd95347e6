import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { ClusterContext, Platform, PlatformUser } from './actor.ts';
import { CORE_COMMAND, LEAF, type CommandContext, type CommandDefinition, type FormSpec, type Picker, type Subcommand } from './command.ts';
import { DomainError } from './errors.ts';
import { formatDate, formatDateTime, translator, type Locale, type Translate } from './i18n.ts';
import { coerceOptions, describeOptions, fieldErrors, registeredOptions } from './options.ts';
import { fieldLabel } from './labels.ts';
import { howToStart } from './start.ts';
import { allows, deniedKey } from './permissions.ts';
import type { ActionRef, ChoiceOption, Form, Reply } from './reply.ts';
import type { Services } from './services.ts';
import type { InFlight } from './inflight.ts';
import type { InteractionOutcome, Observer } from './observer.ts';
import { isDatabaseUnavailable } from '../db/index.ts';

interface InvocationBase {
  platform: Platform;
  /** Guild id, workspace (team) id or console session. */
  cluster: { externalId: string; name?: string };
  user: PlatformUser;
  /** Display names of users mentioned in options, when the platform resolved them. */
  users?: Record<string, { displayName: string }>;
  channelId?: string;
  /**
   * The platform's id of this delivery (an interaction id, a trigger id). A delivery seen before (a
   * platform retry, or another replica that took it) is answered with `duplicate` and not run.
   */
  deliveryKey?: string;
}

export type Invocation = InvocationBase &
  (
    | { kind: 'command'; command: string; subcommand?: string; options: Record<string, unknown> }
    /**
     * A filled form. Values merge over the saved draft; `partial` only saves them (a step of a
     * form split over several modals) and answers with nothing to show.
     */
    | { kind: 'form'; formId: string; values: Record<string, string>; args?: string[]; partial?: boolean }
    | { kind: 'action'; action: ActionRef; values?: string[] }
    /**
     * What a picker suggests for an option while a person types (Discord autocomplete, Slack's
     * options request for a select, the console's numbered list). `command` is a command name or a
     * form id; the answer's `suggestions` hold at most 25 choices, and are empty when the caller
     * may not run the subcommand or the picker fails.
     */
    | { kind: 'suggest'; command: string; subcommand?: string; option: string; typed: string }
  );

export { CORE_COMMAND };

/** Form ids: "<command>" for a leaf command, "<command>.<subcommand>" otherwise. */
export function formId(command: string, subcommand: string): string {
  return subcommand === LEAF ? command : `${command}.${subcommand}`;
}

export function parseFormId(id: string): { command: string; subcommand: string } {
  const [command, subcommand = LEAF] = id.split('.');
  return { command: command ?? '', subcommand };
}

export class CommandRegistry {
  private readonly byName = new Map<string, CommandDefinition>();
  constructor(readonly list: readonly CommandDefinition[]) {
    for (const def of list) {
      if (this.byName.has(def.name)) throw new Error(`duplicate command ${def.name}`);
      this.byName.set(def.name, def);
    }
  }
  get(name: string): CommandDefinition | undefined {
    return this.byName.get(name);
  }
  subcommand(name: string, sub: string | undefined): Subcommand | undefined {
    const def = this.byName.get(name);
    if (!def) return undefined;
    return def.subcommands[sub ?? LEAF];
  }
}

export interface DispatcherDeps {
  registry: CommandRegistry;
  services: Services;
  log: Logger;
  now: () => Date;
  /** Told of every interaction handled (metrics); knows nothing of the core. */
  observer?: Observer;
  /** Graceful shutdown waits for the interactions counted here. */
  inflight?: InFlight;
}

/**
 * The command core. Every platform hands it an Invocation and renders the Reply it returns.
 * Permissions, option parsing, forms and drafts, and error messages are decided here, once.
 */
/**
 * How many interactions run at once; the rest wait their turn. A General Meeting's burst (every
 * representative pressing at once) fits in one wave, so its lookups share one query per step
 * (src/db/batch.ts). The bound keeps memory and Prisma's own same-tick batching of findUnique
 * (which a few thousand would push past SQLite's limits, prisma/orm#23957) in check.
 */
export const MAX_CONCURRENT_INTERACTIONS = 1024;

export class Dispatcher {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly deps: DispatcherDeps) {}

  private async slot(): Promise<void> {
    if (this.running < MAX_CONCURRENT_INTERACTIONS) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  get registry(): CommandRegistry {
    return this.deps.registry;
  }

  /**
   * Whether pressing this action may replace the message it is on (the handler says so). The
   * reply decides in the end (`replacesMessage`); a platform that must choose how to defer before
   * the reply exists (Discord) asks this.
   */
  updatesMessage(ref: ActionRef): boolean {
    return Boolean(this.deps.registry.get(ref.command)?.actions?.[ref.action]?.updatesMessage);
  }

  /** Whether the handler of this action declared itself slow: a platform with a deadline defers first. */
  slowAction(ref: ActionRef): boolean {
    return Boolean(this.deps.registry.get(ref.command)?.actions?.[ref.action]?.slow);
  }

  dispatch(inv: Invocation): Promise<Reply> {
    const work = this.queued(inv);
    return this.deps.inflight ? this.deps.inflight.track(work) : work;
  }

  private async queued(inv: Invocation): Promise<Reply> {
    // Timed from arrival: a wait for a slot is part of what the person waits for.
    const started = performance.now();
    await this.slot();
    try {
      const reply = await this.handle(inv);
      this.deps.observer?.interaction({ platform: inv.platform, kind: inv.kind, command: this.commandLabel(inv), outcome: outcomeOf(reply), seconds: (performance.now() - started) / 1000 });
      return reply;
    } finally {
      this.release();
    }
  }

  /** The registered command, subcommand or action an invocation names; `unknown` for anything forged. */
  private commandLabel(inv: Invocation): string {
    const registry = this.deps.registry;
    if (inv.kind === 'command') {
      const def = registry.get(inv.command);
      if (!def) return 'unknown';
      return inv.subcommand && inv.subcommand in def.subcommands ? `${def.name} ${inv.subcommand}` : def.name;
    }
    if (inv.kind === 'form') {
      const { command, subcommand } = parseFormId(inv.formId);
      return registry.subcommand(command, subcommand) ? formId(command, subcommand) : 'unknown';
    }
    if (inv.kind === 'suggest') {
      const { command, subcommand } = inv.subcommand === undefined ? parseFormId(inv.command) : { command: inv.command, subcommand: inv.subcommand };
      return registry.subcommand(command, subcommand)?.pickers?.[inv.option] ? `suggest ${formId(command, subcommand)}` : 'unknown';
    }
    const { command, action } = inv.action;
    if (command === CORE_COMMAND && (action === 'form' || action === 'pick' || action === 'start')) return `core.${action}`;
    return registry.get(command)?.actions?.[action] ? `${command}.${action}` : 'unknown';
  }

  private async handle(inv: Invocation): Promise<Reply> {
    const started = performance.now();
    const { services, log } = this.deps;
    let locale: Locale | undefined;
    try {
      // Retries and replicas: durable across restarts, so a delivery runs once wherever it lands.
      if (inv.deliveryKey && !(await services.deliveries.firstTime(`${inv.platform}:${inv.deliveryKey}`))) {
        log.info({ kind: inv.kind, what: describe(inv), key: inv.deliveryKey }, 'delivery already handled');
        return { duplicate: true };
      }
      const cluster = await services.clusters.resolve(inv.platform, inv.cluster.externalId, inv.cluster.name);
      const actor = await services.people.actor(cluster, inv.user);
      locale = actor.locale;
      const base = { ...this.baseContext(cluster, actor, locale), users: inv.users ?? {}, ...(inv.channelId ? { channelId: inv.channelId } : {}) };
      const reply = await this.route(inv, base);
      log[inv.kind === 'suggest' ? 'debug' : 'info'](
        { clusterId: cluster.id, personId: actor.personId, kind: inv.kind, what: describe(inv), ms: Math.round(performance.now() - started), errorId: reply.errorId },
        'interaction handled',
      );
      // A form step's save answers with nothing to show, and stays empty.
      return Object.keys(reply).length ? { ...reply, locale } : reply;
    } catch (error) {
      const ref = randomUUID().slice(0, 8);
      log.error({ ref, kind: inv.kind, what: describe(inv), err: error }, 'interaction failed');
      const t = translator(locale ?? 'pl');
      const unavailable = isDatabaseUnavailable(error);
      return {
        text: t(unavailable ? 'core.errors.unavailable' : 'core.errors.unexpected', { ref }),
        private: true,
        tone: 'error',
        errorId: unavailable ? 'core.errors.unavailable' : 'core.errors.unexpected',
        locale: locale ?? 'pl',
      };
    }
  }

  private baseContext(cluster: ClusterContext, actor: CommandContext['actor'], locale: Locale): CommandContext {
    return {
      cluster,
      actor,
      locale,
      t: translator(locale, { timeZone: cluster.timeZone, assembly: cluster.settings.assemblyName }),
      format: {
        date: (d) => formatDate(d, locale, cluster.timeZone),
        dateTime: (d) => formatDateTime(d, locale, cluster.timeZone),
      },
      options: {},
      args: [],
      services: this.deps.services,
      now: this.deps.now,
      log: this.deps.log,
      registry: this.deps.registry,
      users: {},
    } as CommandContext;
  }

  private async route(inv: Invocation, ctx: CommandContext): Promise<Reply> {
    switch (inv.kind) {
      case 'command': {
        const def = this.deps.registry.get(inv.command);
        const subName = inv.subcommand ?? LEAF;
        const sub = def?.subcommands[subName];
        if (def && !sub) return this.subcommandList(def, inv.subcommand, ctx);
        if (!def || !sub) return this.error(ctx.t, 'core.errors.unknownCommand', { command: `/${inv.command}` });
        const unmentioned = inv.users ? this.unmentioned(sub, inv.options, inv.users, ctx.t) : {};
        if (Object.keys(unmentioned).length && allows(sub.permission, ctx.actor)) return this.invalid(def, subName, sub, unmentioned, ctx);
        return this.runSubcommand(def, subName, sub, inv.options, ctx, 'options');
      }
      case 'form': {
        const { command, subcommand } = parseFormId(inv.formId);
        const def = this.deps.registry.get(command);
        const sub = def?.subcommands[subcommand];
        if (!def || !sub) return this.error(ctx.t, 'core.errors.unknownCommand', { command: inv.formId });
        if (!allows(sub.permission, ctx.actor)) return this.denied(sub.permission, ctx);
        const drafts = this.deps.services.drafts;
        const merged = { ...(await drafts.get(ctx.cluster.id, ctx.actor.personId, inv.formId)), ...inv.values };
        if (inv.partial) {
          await drafts.save(ctx.cluster.id, ctx.actor.personId, inv.formId, merged);
          return {};
        }
        return this.runSubcommand(def, subcommand, sub, merged, { ...ctx, args: inv.args ?? [] }, 'form');
      }
      case 'action': {
        const reply = await this.runAction(inv.action, inv.values ?? [], ctx);
        // An error or a private note must not replace a shared message (a vote card, a list).
        return this.updatesMessage(inv.action) && !reply.private && reply.tone !== 'error' && !reply.form ? { ...reply, replacesMessage: true } : reply;
      }
      case 'suggest': {
        const { command, subcommand } = inv.subcommand === undefined ? parseFormId(inv.command) : { command: inv.command, subcommand: inv.subcommand };
        const sub = this.deps.registry.subcommand(command, subcommand);
        const picker = sub?.pickers?.[inv.option];
        // Nothing to suggest to someone who may not run the command: its records are not theirs to see.
        if (!sub || !picker || !allows(sub.permission, ctx.actor)) return { suggestions: [] };
        return { suggestions: await this.suggestions(picker, ctx, inv.typed) };
      }
    }
  }

  /**
   * A picker's answer within every platform's limits: at most 25, labels of 1–100 characters,
   * values of at most 100. A failing picker suggests nothing (logged), it never fails the caller.
   */
  private async suggestions(picker: Picker, ctx: CommandContext, typed: string): Promise<ChoiceOption[]> {
    try {
      const found = await picker(ctx, typed.slice(0, MAX_TYPED));
      return found
        .filter((o) => o.value && o.value.length <= 100)
        .slice(0, MAX_SUGGESTIONS)
        .map((o) => ({ ...o, label: clip(o.label || o.value, 100), ...(o.description ? { description: clip(o.description, 100) } : {}) }));
    } catch (error) {
      this.deps.log.warn({ err: error }, 'picker failed; suggesting nothing');
      return [];
    }
  }

  /**
   * Slack and console users type a record's name where Discord users pick it: a value that is not
   * one of the picker's values but names exactly one of its records (its label, or the only label
   * containing it) becomes that record's value. Anything else is passed on for the command to refuse.
   */
  private async resolveNames(sub: Subcommand, raw: Record<string, unknown>, ctx: CommandContext): Promise<Record<string, unknown>> {
    if (!sub.pickers) return raw;
    const out = { ...raw };
    for (const [name, picker] of Object.entries(sub.pickers)) {
      const typed = raw[name];
      if (typeof typed !== 'string' || typed.trim() === '') continue;
      const found = await this.suggestions(picker, ctx, typed.trim());
      if (found.some((o) => o.value === typed)) continue;
      const wanted = typed.trim().toLocaleLowerCase();
      const exact = found.filter((o) => o.label.toLocaleLowerCase() === wanted);
      const partial = found.filter((o) => o.label.toLocaleLowerCase().includes(wanted));
      const match = exact.length === 1 ? exact[0] : exact.length === 0 && partial.length === 1 ? partial[0] : undefined;
      if (match) out[name] = match.value;
    }
    return out;
  }

  /**
   * Where the platform resolves mentions (Discord, Slack), an option naming a person must be one:
   * `@anna` typed by hand on Slack arrives as bare text, and would otherwise stand for nobody.
   */
  private unmentioned(sub: Subcommand, raw: Record<string, unknown>, users: Record<string, unknown>, t: Translate): Record<string, string> {
    const out: Record<string, string> = {};
    for (const spec of describeOptions(sub.options)) {
      const value = raw[spec.name];
      if (spec.type === 'user' && typeof value === 'string' && value.trim() !== '' && !(value in users)) out[spec.name] = t('core.errors.mentionPerson', { typed: value });
    }
    return out;
  }

  /** The first required option with a picker that was not given: chosen from a list instead of refused. */
  private missingPick(sub: Subcommand, raw: Record<string, unknown>): string | undefined {
    if (!sub.pickers) return undefined;
    const fields = new Set(sub.form?.fields.map((f) => f.name) ?? []);
    return describeOptions(sub.options).find(
      (o) => o.required && sub.pickers![o.name] && !fields.has(o.name) && (raw[o.name] === undefined || raw[o.name] === ''),
    )?.name;
  }

  private async runSubcommand(
    def: CommandDefinition,
    subName: string,
    sub: Subcommand,
    rawOptions: Record<string, unknown>,
    ctx: CommandContext,
    source: 'options' | 'form',
  ): Promise<Reply> {
    if (!allows(sub.permission, ctx.actor)) return this.denied(sub.permission, ctx);
    const id = formId(def.name, subName);
    const drafts = this.deps.services.drafts;

    // Invoked with none of its form's fields: open the form, pre-filled with any draft.
    if (source === 'options' && sub.form && !sub.form.fields.some((f) => rawOptions[f.name] !== undefined && rawOptions[f.name] !== '')) {
      const refused = sub.ready ? await this.refusal(() => sub.ready!(ctx), ctx) : undefined;
      if (refused) return refused;
      const draft = await drafts.get(ctx.cluster.id, ctx.actor.personId, id);
      return { form: await this.buildForm(def.name, subName, sub.form, ctx, { ...stringValues(rawOptions), ...draft }), private: true };
    }

    const missing = source === 'options' ? this.missingPick(sub, rawOptions) : undefined;
    if (missing) {
      // `/applications verify` alone: the person chooses the record; what was typed waits in a draft.
      const options = await this.suggestions(sub.pickers![missing]!, ctx, '');
      await drafts.save(ctx.cluster.id, ctx.actor.personId, pickDraft(id), stringValues(rawOptions));
      if (!options.length) return { text: ctx.t('core.pick.none'), private: true, errorId: 'core.pick.none' };
      return {
        text: ctx.t('core.pick.prompt', { usage: usage(def, subName, sub) }),
        choices: { action: { command: CORE_COMMAND, action: 'pick', args: [id, missing] }, placeholder: ctx.t('core.pick.placeholder'), options },
        private: true,
      };
    }
    const input = coerceOptions(sub.options, await this.resolveNames(sub, rawOptions, ctx));
    const parsed = sub.options.safeParse(input);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error, ctx.locale, input, sub.options);
      if (sub.form) await drafts.save(ctx.cluster.id, ctx.actor.personId, id, stringValues(rawOptions));
      return this.invalid(def, subName, sub, errors, ctx);
    }
    try {
      const reply = await sub.run({ ...ctx, options: parsed.data });
      if (sub.form) await drafts.clear(ctx.cluster.id, ctx.actor.personId, id);
      return reply;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const fields = Object.fromEntries(Object.entries(error.fields).map(([k, key]) => [k, ctx.t(key)]));
      if (sub.form) await drafts.save(ctx.cluster.id, ctx.actor.personId, id, stringValues(rawOptions));
      return {
        text: ctx.t(error.id, error.params),
        private: true,
        tone: 'error',
        errorId: error.id,
        ...(Object.keys(fields).length ? { fieldErrors: fields } : {}),
        ...(sub.form ? { buttons: [this.reopenButton(id, ctx.t)] } : {}),
      };
    }
  }

  /**
   * `/appeal` alone (Slack and console text; Discord always names one), or a mistyped subcommand:
   * what the command offers this caller, each with a button that starts it. Someone who may use
   * none of them hears why, as from the subcommand itself.
   */
  private subcommandList(def: CommandDefinition, typed: string | undefined, ctx: CommandContext): Reply {
    const all = Object.entries(def.subcommands);
    const allowed = all.filter(([, s]) => allows(s.permission, ctx.actor));
    if (allowed.length === 0) return this.denied(all[0]![1].permission, ctx);
    const lines = allowed.map(([name, s]) => `\`${usage(def, name, s)}\` – ${ctx.t(s.description)}`);
    return {
      text: [ctx.t(typed === undefined ? 'core.start.choose' : 'core.errors.chooseSubcommand', { command: `/${def.name}` }), ...lines].join('\n'),
      buttons: allowed.map(([name, s]) => ({ label: ctx.t(s.description), action: { command: CORE_COMMAND, action: 'start', args: [def.name, name] }, style: 'secondary' as const })),
      private: true,
      ...(typed === undefined ? {} : { errorId: 'core.errors.chooseSubcommand' }),
    };
  }

  /** A subcommand pressed from that list: its form, its record to choose, its options asked for, or how to type them. */
  private async startSubcommand(command: string, subName: string, ctx: CommandContext): Promise<Reply> {
    const def = this.deps.registry.get(command);
    const sub = subName === LEAF ? undefined : def?.subcommands[subName];
    if (!def || !sub) return this.error(ctx.t, 'core.errors.unknownAction');
    if (!allows(sub.permission, ctx.actor)) return this.denied(sub.permission, ctx);
    const start = howToStart(sub);
    if (start.kind === 'run') return this.runSubcommand(def, subName, sub, {}, ctx, 'options');
    if (start.kind === 'type') return { text: ctx.t('core.start.type', { usage: usage(def, subName, sub) }), private: true };
    const form = await this.buildForm(def.name, subName, start.spec, ctx);
    // A record to name, and none to choose: say so rather than show an empty list.
    if (form.fields.some((f) => f.picker && f.required && !f.options?.length)) return { text: ctx.t('core.pick.none'), private: true, errorId: 'core.pick.none' };
    return { form, private: true };
  }

  /** A DomainError thrown by `check`, as the reply that refuses; nothing when it passes. */
  private async refusal(check: () => Promise<void>, ctx: CommandContext): Promise<Reply | undefined> {
    try {
      await check();
      return undefined;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { text: ctx.t(error.id, error.params), private: true, tone: 'error', errorId: error.id };
    }
  }

  private async runAction(ref: ActionRef, values: string[], ctx: CommandContext): Promise<Reply> {
    if (ref.command === CORE_COMMAND && ref.action === 'start') return this.startSubcommand(ref.args?.[0] ?? '', ref.args?.[1] ?? '', ctx);
    if (ref.command === CORE_COMMAND && ref.action === 'form') {
      // The "edit the form" button: reopen a form with what was typed so far.
      const [id = '', ...args] = ref.args ?? [];
      const { command, subcommand } = parseFormId(id);
      const sub = this.deps.registry.subcommand(command, subcommand);
      // A form its command builds for a record (an admission step's, a response to one barter post)
      // opens again by the action of the same name, for the same record (the form's arguments).
      const opener = sub && (!sub.form || args.length) ? this.deps.registry.get(command)?.actions?.[subcommand] : undefined;
      if (opener) return this.runAction({ command, action: subcommand, args }, [], ctx);
      if (!sub?.form) return this.error(ctx.t, 'core.errors.unknownCommand', { command: id });
      if (!allows(sub.permission, ctx.actor)) return this.denied(sub.permission, ctx);
      const draft = await this.deps.services.drafts.get(ctx.cluster.id, ctx.actor.personId, id);
      return { form: await this.buildForm(command, subcommand, sub.form, ctx, draft), private: true };
    }
    if (ref.command === CORE_COMMAND && ref.action === 'pick') {
      // A record chosen from the list a command offered: run it with what was typed before.
      const [id = '', option = ''] = ref.args ?? [];
      const { command, subcommand } = parseFormId(id);
      const def = this.deps.registry.get(command);
      const sub = def?.subcommands[subcommand];
      const chosen = values[0] ?? ref.args?.[2];
      if (!def || !sub || !sub.pickers?.[option] || !chosen) return this.error(ctx.t, 'core.errors.unknownAction');
      const drafts = this.deps.services.drafts;
      const typed = await drafts.get(ctx.cluster.id, ctx.actor.personId, pickDraft(id));
      await drafts.clear(ctx.cluster.id, ctx.actor.personId, pickDraft(id));
      return this.runSubcommand(def, subcommand, sub, { ...typed, [option]: chosen }, ctx, 'options');
    }
    const handler = this.deps.registry.get(ref.command)?.actions?.[ref.action];
    if (!handler) return this.error(ctx.t, 'core.errors.unknownAction');
    if (!allows(handler.permission, ctx.actor)) return this.denied(handler.permission, ctx);
    try {
      return await handler.run({ ...ctx, args: [...(ref.args ?? []), ...values] });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { text: ctx.t(error.id, error.params), private: true, tone: 'error', errorId: error.id };
    }
  }

  /**
   * A form spec in the reader's language, with values filled in. A field that names a record (its
   * subcommand has a picker for it) becomes a choice of the picker's records: a select in Discord's
   * and Slack's modals, a numbered list in the console.
   */
  async buildForm(command: string, subcommand: string, spec: FormSpec, ctx: CommandContext, values: Record<string, string> = {}): Promise<Form> {
    const pickers = this.deps.registry.subcommand(command, subcommand)?.pickers ?? {};
    const fields = await Promise.all(
      spec.fields.map(async (f) => {
        const picker = pickers[f.name];
        let options = f.options?.map((o) => ({ value: o.value, label: ctx.t(o.label) }));
        if (picker) {
          options = await this.suggestions(picker, ctx, '');
          // A record chosen before (a draft) stays choosable even when it is not among the first 25.
          const current = values[f.name];
          if (current && !options.some((o) => o.value === current)) {
            const again = (await this.suggestions(picker, ctx, current)).find((o) => o.value === current);
            if (again) options = [again, ...options.slice(0, MAX_SUGGESTIONS - 1)];
          }
        }
        return {
          name: f.name,
          label: ctx.t(f.label),
          kind: picker ? ('choice' as const) : f.kind,
          required: f.required ?? false,
          ...(f.placeholder ? { placeholder: ctx.t(f.placeholder) } : {}),
          ...(f.maxLength ? { maxLength: f.maxLength } : {}),
          ...(f.minLength ? { minLength: f.minLength } : {}),
          ...(options ? { options } : {}),
          ...(picker ? { picker: true } : {}),
          ...(values[f.name] !== undefined ? { value: values[f.name] } : {}),
        };
      }),
    );
    return { id: formId(command, subcommand), title: ctx.t(spec.title), submit: { command, ...(subcommand === LEAF ? {} : { subcommand }) }, fields };
  }

  private reopenButton(id: string, t: Translate) {
    return { label: t('core.form.edit'), action: { command: CORE_COMMAND, action: 'form', args: [id] }, style: 'primary' as const };
  }

  private invalid(def: CommandDefinition, subName: string, sub: Subcommand, errors: Record<string, string>, ctx: CommandContext): Reply {
    const lines = Object.entries(errors).map(([field, message]) => `• ${fieldLabel(sub, field, ctx.t)}: ${message}`);
    return {
      title: ctx.t('core.errors.invalidTitle'),
      text: [ctx.t('core.errors.invalidOptions'), ...lines, '', ctx.t('core.help.usage', { usage: usage(def, subName, sub) })].join('\n'),
      fieldErrors: errors,
      private: true,
      tone: 'error',
      errorId: 'core.errors.invalidOptions',
      ...(sub.form ? { buttons: [this.reopenButton(formId(def.name, subName), ctx.t)] } : {}),
    };
  }

  private denied(permission: Parameters<typeof allows>[0], ctx: CommandContext): Reply {
    const key = deniedKey(permission, ctx.actor);
    return { text: ctx.t(key), private: true, tone: 'error', errorId: key };
  }

  private error(t: Translate, key: Parameters<Translate>[0], params?: Parameters<Translate>[1]): Reply {
    return { text: t(key, params), private: true, tone: 'error', errorId: key };
  }
}

/** `/activity log kind:<…> date:<…> [link:<…>]`: the same text on every platform. */
export function usage(def: CommandDefinition, subName: string, sub: Subcommand): string {
  const opts = registeredOptions(sub).map((o) => (o.required ? `${o.name}:<…>` : `[${o.name}:<…>]`));
  return [`/${def.name}`, subName, ...opts].filter(Boolean).join(' ');
}

/** Most of what a picker is given to search; a longer text names nothing. */
const MAX_TYPED = 100;
const MAX_SUGGESTIONS = 25;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Where options typed before a record is chosen from a list wait. */
function pickDraft(id: string): string {
  return `pick:${id}`;
}

function stringValues(raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

function outcomeOf(reply: Reply): InteractionOutcome {
  const id = reply.errorId;
  if (!id) return 'ok';
  if (id === 'core.errors.unavailable') return 'unavailable';
  if (id === 'core.errors.unexpected') return 'error';
  if (id.startsWith('core.denied.')) return 'denied';
  if (id.startsWith('core.errors.')) return 'invalid';
  return 'refused';
}

function describe(inv: Invocation): string {
  if (inv.kind === 'command') return `/${inv.command}${inv.subcommand ? ` ${inv.subcommand}` : ''}`;
  if (inv.kind === 'form') return `form:${inv.formId}`;
  if (inv.kind === 'suggest') return `suggest:${inv.command}${inv.subcommand ? ` ${inv.subcommand}` : ''} ${inv.option}`;
  return `action:${inv.action.command}.${inv.action.action}`;
}

