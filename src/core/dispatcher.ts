import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { ClusterContext, Platform, PlatformUser } from './actor.ts';
import { CORE_COMMAND, LEAF, type CommandContext, type CommandDefinition, type FormSpec, type Subcommand } from './command.ts';
import { DomainError } from './errors.ts';
import { formatDate, formatDateTime, translator, type Locale, type Translate } from './i18n.ts';
import { coerceOptions, fieldErrors, registeredOptions } from './options.ts';
import { fieldLabel } from './labels.ts';
import { allows, deniedKey } from './permissions.ts';
import type { ActionRef, Form, Reply } from './reply.ts';
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
    const { command, action } = inv.action;
    if (command === CORE_COMMAND && action === 'form') return 'core.form';
    return registry.get(command)?.actions?.[action] ? `${command}.${action}` : 'unknown';
  }

  private async handle(inv: Invocation): Promise<Reply> {
    const started = performance.now();
    const { services, log } = this.deps;
    let locale: Locale | undefined;
    try {
      const cluster = await services.clusters.resolve(inv.platform, inv.cluster.externalId, inv.cluster.name);
      const actor = await services.people.actor(cluster, inv.user);
      locale = actor.locale;
      const base = { ...this.baseContext(cluster, actor, locale), users: inv.users ?? {}, ...(inv.channelId ? { channelId: inv.channelId } : {}) };
      const reply = await this.route(inv, base);
      log.info(
        { clusterId: cluster.id, personId: actor.personId, kind: inv.kind, what: describe(inv), ms: Math.round(performance.now() - started), errorId: reply.errorId },
        'interaction handled',
      );
      return reply;
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
      };
    }
  }

  private baseContext(cluster: ClusterContext, actor: CommandContext['actor'], locale: Locale): CommandContext {
    return {
      cluster,
      actor,
      locale,
      t: translator(locale, { timeZone: cluster.timeZone }),
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
        if (def && !sub) {
          // `/activity` alone, or a mistyped subcommand: show what the command offers.
          const lines = Object.entries(def.subcommands)
            .filter(([, s]) => allows(s.permission, ctx.actor))
            .map(([name, s]) => `\`${usage(def, name, s)}\` – ${ctx.t(s.description)}`);
          return { text: [ctx.t('core.errors.chooseSubcommand', { command: `/${def.name}` }), ...lines].join('\n'), private: true, errorId: 'core.errors.chooseSubcommand' };
        }
        if (!def || !sub) return this.error(ctx.t, 'core.errors.unknownCommand', { command: `/${inv.command}` });
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
      case 'action':
        return this.runAction(inv.action, inv.values ?? [], ctx);
    }
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
      const draft = await drafts.get(ctx.cluster.id, ctx.actor.personId, id);
      return { form: this.buildForm(def.name, subName, sub.form, ctx, { ...stringValues(rawOptions), ...draft }), private: true };
    }

    const input = coerceOptions(sub.options, rawOptions);
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

  private async runAction(ref: ActionRef, values: string[], ctx: CommandContext): Promise<Reply> {
    if (ref.command === CORE_COMMAND && ref.action === 'form') {
      // The "edit the form" button: reopen a form with what was typed so far.
      const id = ref.args?.[0] ?? '';
      const { command, subcommand } = parseFormId(id);
      const sub = this.deps.registry.subcommand(command, subcommand);
      if (!sub?.form) return this.error(ctx.t, 'core.errors.unknownCommand', { command: id });
      if (!allows(sub.permission, ctx.actor)) return this.denied(sub.permission, ctx);
      const draft = await this.deps.services.drafts.get(ctx.cluster.id, ctx.actor.personId, id);
      return { form: this.buildForm(command, subcommand, sub.form, ctx, draft), private: true };
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

  /** A form spec in the reader's language, with values filled in. */
  buildForm(command: string, subcommand: string, spec: FormSpec, ctx: Pick<CommandContext, 't'>, values: Record<string, string> = {}): Form {
    return {
      id: formId(command, subcommand),
      title: ctx.t(spec.title),
      submit: { command, ...(subcommand === LEAF ? {} : { subcommand }) },
      fields: spec.fields.map((f) => ({
        name: f.name,
        label: ctx.t(f.label),
        kind: f.kind,
        required: f.required ?? false,
        ...(f.placeholder ? { placeholder: ctx.t(f.placeholder) } : {}),
        ...(f.maxLength ? { maxLength: f.maxLength } : {}),
        ...(f.minLength ? { minLength: f.minLength } : {}),
        ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: ctx.t(o.label) })) } : {}),
        ...(values[f.name] !== undefined ? { value: values[f.name] } : {}),
      })),
    };
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
  return `action:${inv.action.command}.${inv.action.action}`;
}

