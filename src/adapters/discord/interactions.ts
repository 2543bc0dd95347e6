import type { RawFile, REST } from '@discordjs/rest';
import {
  ButtonStyle,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
  type APIActionRowComponent,
  type APIApplicationCommandAutocompleteInteraction,
  type APIChatInputApplicationCommandInteraction,
  type APIComponentInMessageActionRow,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
} from 'discord-api-types/v10';
import type { App } from '../../app.ts';
import { discordErrorCode } from './rest.ts';
import { CORE_COMMAND, type Invocation } from '../../core/dispatcher.ts';
import { toLocale, translate, type Locale } from '../../core/i18n.ts';
import { decodeAction, type Reply } from '../../core/reply.ts';
import { commandCall, interactionOrigin, type InteractionOrigin } from './invocation.ts';
import {
  componentsInGuild,
  decodeModalId,
  fromGuild,
  inGuild,
  decodeStepId,
  encodeStepId,
  formSteps,
  modalValues,
  renderMessage,
  renderModal,
  truncate,
  LIMITS,
  type MessageBody,
  type ModalRef,
} from './render.ts';

/** How the first answer reaches Discord: the callback endpoint (gateway) or the HTTP response. */
export type InitialResponder = (response: APIInteractionResponse, files: RawFile[]) => Promise<void>;

/** Discord errors that mean "this interaction is already answered or gone": nothing to tell the user. */
export const DROPPED_CODES = new Set([10062, 40060, 10015]);

/** Unknown Message / Unknown Webhook right after a deferral: retried once after this pause. */
const NOT_YET_CODES = new Set([10008, 10015]);
const NOT_YET_RETRY_MS = 750;

/** Discord allows 3 s for the first answer; anything not done by then is deferred first. */
export const DEFER_AFTER_MS = 2000;

interface RunOptions {
  slow?: boolean;
  /** Whether a late answer will likely be private (the deferral's "thinking…" shows only to the caller). */
  deferEphemeral: boolean;
  /** A modal may answer only a command or a component, never a modal submission. */
  canModal: boolean;
  /** The answer replaces the message the component was on. */
  update: boolean;
}

type State = { kind: 'none' } | { kind: 'replied' } | { kind: 'deferred'; ephemeral: boolean } | { kind: 'deferred-update' } | { kind: 'dead' };

/** One interaction's answers, in Discord's order: one initial response, then webhook edits and follow-ups. */
class Exchange {
  state: State = { kind: 'none' };

  constructor(
    readonly raw: APIInteraction,
    private readonly initial: InitialResponder,
    private readonly rest: REST,
    private readonly app: App,
    /** In a DM: the guild every component of the answer must carry, as the pressed one did. */
    private readonly dmGuild?: string,
  ) {}

  get answered(): boolean {
    return this.state.kind !== 'none';
  }

  async first(response: APIInteractionResponse, files: RawFile[] = [], next: State = { kind: 'replied' }): Promise<void> {
    this.state = next;
    await this.guard('initial response', () => this.initial(this.inDm(response), files));
  }

  private inDm(response: APIInteractionResponse): APIInteractionResponse {
    const guild = this.dmGuild;
    if (!guild) return response;
    if (response.type === InteractionResponseType.Modal) return { ...response, data: { ...response.data, custom_id: inGuild(response.data.custom_id, guild) } };
    if ((response.type === InteractionResponseType.ChannelMessageWithSource || response.type === InteractionResponseType.UpdateMessage) && response.data?.components) {
      return { ...response, data: { ...response.data, components: componentsInGuild(response.data.components as MessageBody['components'], guild) } } as APIInteractionResponse;
    }
    return response;
  }

  async webhook(method: 'patch' | 'post' | 'delete', body?: MessageBody, files: RawFile[] = []): Promise<void> {
    if (this.state.kind === 'dead') return;
    const appId = this.raw.application_id;
    const route = method === 'post' ? Routes.webhook(appId, this.raw.token) : Routes.webhookMessage(appId, this.raw.token, '@original');
    if (body && this.dmGuild) body = { ...body, components: componentsInGuild(body.components, this.dmGuild) };
    const call = () => this.rest[method](route, { ...(body ? { body } : {}), ...(files.length ? { files } : {}), auth: false }).then(() => undefined);
    await this.guard(`webhook ${method}`, async () => {
      try {
        await call();
      } catch (error) {
        // An HTTP-mode deferral travels in the HTTP response; an edit racing ahead of it finds no
        // message yet. One retry a moment later.
        if (!NOT_YET_CODES.has(discordErrorCode(error) ?? 0)) throw error;
        await new Promise((resolve) => setTimeout(resolve, NOT_YET_RETRY_MS));
        await call();
      }
    });
  }

  /** Late or duplicate answers are logged and dropped; nothing reaches the user as an error. */
  private async guard(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      const code = discordErrorCode(error);
      if (code !== undefined && DROPPED_CODES.has(code)) {
        this.app.log.warn({ interactionId: this.raw.id, code, what }, 'discord interaction answer dropped (late or duplicate)');
        this.state = { kind: 'dead' };
        return;
      }
      this.app.log.error({ interactionId: this.raw.id, what, err: error }, 'discord interaction answer failed');
    }
  }
}

/**
 * Turns Discord interactions into Invocations for the command core and renders its Replies. Used by
 * both receiving modes: the gateway (answers through the callback endpoint) and the HTTP endpoint
 * (the first answer is the HTTP response).
 */
export class InteractionHandler {
  constructor(
    private readonly app: App,
    private readonly rest: REST,
    private readonly opts: { deferAfterMs?: number; dedupe?: boolean } = {},
  ) {}

  /** Counted as in flight until its last answer is sent: a graceful shutdown waits for it. */
  handle(raw: APIInteraction, initial: InitialResponder): Promise<void> {
    return this.app.inflight.track(this.exchange(raw, initial));
  }

  private async exchange(received: APIInteraction, initial: InitialResponder): Promise<void> {
    const dm = inDm(received);
    const raw = dm?.raw ?? received;
    const exchange = new Exchange(raw, initial, this.rest, this.app, dm?.guildId);
    const locale = toLocale((raw as { locale?: string }).locale);
    try {
      await this.route(raw, exchange, locale, dm?.guildId);
    } catch (error) {
      this.app.log.error({ interactionId: raw.id, err: error }, 'discord interaction failed');
      const text = translate(locale, 'core.errors.unexpected', { ref: raw.id.slice(-8) });
      if (!exchange.answered) {
        await exchange.first({ type: InteractionResponseType.ChannelMessageWithSource, data: { content: text, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } } });
      } else if (exchange.state.kind !== 'dead') {
        await exchange.webhook('patch', { content: text, embeds: [], components: [], allowed_mentions: { parse: [] } });
      }
    }
  }

  private async route(raw: APIInteraction, ex: Exchange, locale: Locale, dmGuild?: string): Promise<void> {
    if (raw.type === InteractionType.Ping) return ex.first({ type: InteractionResponseType.Pong });
    const origin = interactionOrigin(raw, dmGuild);
    if (raw.type === InteractionType.ApplicationCommandAutocomplete) return this.autocomplete(raw, origin, ex);
    if (!origin) {
      return ex.first({
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { content: translate(locale, 'discord.guildOnly'), flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
      });
    }
    switch (raw.type) {
      case InteractionType.ApplicationCommand:
        return this.command(raw as APIChatInputApplicationCommandInteraction, origin, ex, locale);
      case InteractionType.MessageComponent:
        return this.component(raw, origin, ex, locale);
      case InteractionType.ModalSubmit:
        return this.modal(raw, origin, ex, locale);
    }
  }

  /**
   * Several replicas (HTTP behind a load balancer, or two gateway sessions) may see the same
   * interaction; the core runs it once (`deliveryKey`) and the others answer nothing.
   */
  private base(origin: InteractionOrigin, raw?: APIInteraction) {
    return {
      platform: 'discord' as const,
      cluster: { externalId: origin.guildId },
      user: origin.user,
      ...(origin.channelId ? { channelId: origin.channelId } : {}),
      ...(raw && this.opts.dedupe !== false ? { deliveryKey: raw.id } : {}),
    };
  }

  /**
   * Autocomplete (type 4): the option's picker, through the core (which checks who asks), answered
   * within Discord's 3 s. Not de-duplicated: suggestions change nothing, and a row per keystroke
   * would cost more than a second answer that Discord drops.
   */
  private async autocomplete(raw: APIApplicationCommandAutocompleteInteraction, origin: InteractionOrigin | undefined, ex: Exchange): Promise<void> {
    const call = commandCall(raw as never);
    let choices: { name: string; value: string }[] = [];
    if (origin && call.focused) {
      const work = this.app.dispatcher.dispatch({
        ...this.base(origin),
        kind: 'suggest',
        command: call.command,
        ...(call.subcommand ? { subcommand: call.subcommand } : {}),
        option: call.focused.name,
        typed: call.focused.typed,
      });
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.opts.deferAfterMs ?? DEFER_AFTER_MS)));
      const reply = await Promise.race([work, late]);
      clearTimeout(timer);
      choices = (reply?.suggestions ?? []).map((o) => ({ name: truncate(o.label, LIMITS.choiceName), value: o.value }));
    }
    return ex.first({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
  }

  private async command(raw: APIChatInputApplicationCommandInteraction, origin: InteractionOrigin, ex: Exchange, locale: Locale) {
    const call = commandCall(raw);
    const sub = this.app.dispatcher.registry.subcommand(call.command, call.subcommand);
    const inv: Invocation = {
      ...this.base(origin, raw),
      users: call.users,
      kind: 'command',
      command: call.command,
      ...(call.subcommand ? { subcommand: call.subcommand } : {}),
      options: call.options,
    };
    await this.run(inv, ex, locale, { slow: Boolean(sub?.slow), deferEphemeral: false, canModal: true, update: false });
  }

  private async component(raw: APIMessageComponentInteraction, origin: InteractionOrigin, ex: Exchange, locale: Locale) {
    const customId = raw.data.custom_id;
    const step = decodeStepId(customId);
    if (step) return this.openStep(step, origin, ex, locale, raw);
    const action = decodeAction(customId);
    if (!action) return this.outdated(ex, locale);
    const values = raw.data.component_type === ComponentType.StringSelect ? raw.data.values : [];
    const inv: Invocation = { ...this.base(origin, raw), kind: 'action', action, values };
    await this.run(inv, ex, locale, { slow: this.app.dispatcher.slowAction(action), deferEphemeral: true, canModal: true, update: this.app.dispatcher.updatesMessage(action) });
  }

  private async modal(raw: APIModalSubmitInteraction, origin: InteractionOrigin, ex: Exchange, locale: Locale) {
    const ref = decodeModalId(raw.data.custom_id);
    if (!ref) return this.outdated(ex, locale);
    const values = modalValues(raw.data.components as never);
    const form = { formId: ref.formId, values, ...(ref.args.length ? { args: ref.args } : {}) };
    if (ref.step < ref.total) {
      // An intermediate step: the core keeps the draft; the next modal can only be opened by a
      // button press (a modal cannot answer a modal).
      const opts = { deferEphemeral: true, canModal: false, update: false };
      const saved = await this.inTime(this.app.dispatcher.dispatch({ ...this.base(origin, raw), kind: 'form', ...form, partial: true }), ex, opts);
      if (saved.duplicate) return;
      if (hasContent(saved)) return this.finish(saved, ex, locale, opts);
      const next = { ...ref, step: ref.step + 1 };
      const rendered = renderMessage({ text: translate(locale, 'discord.form.stepSaved', { step: ref.step, total: ref.total }), private: true }, locale, { ephemeral: true });
      rendered.body.components = [stepRow(translate(locale, 'discord.form.continue', { step: next.step, total: next.total }), next)];
      return this.deliver(ex, rendered.body, [], true, false);
    }
    await this.run({ ...this.base(origin, raw), kind: 'form', ...form }, ex, locale, { deferEphemeral: true, canModal: false, update: false });
  }

  /** "Continue (k/n)": the form as the core has it now (draft included), step k as a modal. */
  private async openStep(ref: ModalRef, origin: InteractionOrigin, ex: Exchange, locale: Locale, raw: APIInteraction) {
    const reply = await this.app.dispatcher.dispatch({
      ...this.base(origin, raw),
      kind: 'action',
      action: { command: CORE_COMMAND, action: 'form', args: [ref.formId, ...ref.args] },
    });
    if (reply.duplicate) return;
    if (!reply.form) return this.finish(reply, ex, locale, { deferEphemeral: true, canModal: false, update: false });
    const step = Math.min(ref.step, formSteps(reply.form));
    return ex.first({ type: InteractionResponseType.Modal, data: renderModal(reply.form, step, locale, ref.args) });
  }

  private outdated(ex: Exchange, locale: Locale) {
    return ex.first({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: translate(locale, 'discord.unknownButton'), flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
    });
  }

  /** Dispatches; defers first when the command is slow or the core has not answered in time. */
  private async run(inv: Invocation, ex: Exchange, locale: Locale, opts: RunOptions): Promise<void> {
    const work = this.app.dispatcher.dispatch(inv);
    if (opts.slow) await this.defer(ex, opts);
    await this.finish(await this.inTime(work, ex, opts), ex, locale, opts);
  }

  /** The core's answer; if it is not there before Discord's deadline nears, defer meanwhile. */
  private async inTime(work: Promise<Reply>, ex: Exchange, opts: RunOptions): Promise<Reply> {
    if (ex.answered) return work;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.opts.deferAfterMs ?? DEFER_AFTER_MS);
    });
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    if (first === 'late') await this.defer(ex, opts);
    return work;
  }

  private defer(ex: Exchange, opts: RunOptions): Promise<void> {
    if (opts.update) return ex.first({ type: InteractionResponseType.DeferredMessageUpdate }, [], { kind: 'deferred-update' });
    return ex.first(
      { type: InteractionResponseType.DeferredChannelMessageWithSource, data: opts.deferEphemeral ? { flags: MessageFlags.Ephemeral } : {} },
      [],
      { kind: 'deferred', ephemeral: opts.deferEphemeral },
    );
  }

  private async finish(reply: Reply, ex: Exchange, locale: Locale, opts: Pick<RunOptions, 'canModal' | 'update'> & { deferEphemeral: boolean }): Promise<void> {
    if (ex.state.kind === 'dead' || ex.state.kind === 'replied') return;
    if (reply.duplicate) {
      // Another replica (or an earlier delivery) answers; a deferral made meanwhile is taken back.
      if (ex.state.kind === 'deferred') await ex.webhook('delete');
      return;
    }
    if (reply.form) {
      if (ex.state.kind === 'none' && opts.canModal) {
        return ex.first({ type: InteractionResponseType.Modal, data: renderModal(reply.form, 1, locale) });
      }
      // Where a modal cannot be the answer (after a deferral or a modal), a button opens it.
      const prompt = renderMessage({ text: translate(locale, 'discord.form.openPrompt'), private: true }, locale, { ephemeral: true });
      const ref = { formId: reply.form.id, step: 1, total: formSteps(reply.form), args: reply.form.args ?? [] };
      prompt.body.components = [stepRow(translate(locale, 'discord.form.open'), ref)];
      return this.deliver(ex, prompt.body, [], true, false);
    }
    // The core decides whether the answer replaces the message (never an error or a private note).
    const update = opts.update && Boolean(reply.replacesMessage);
    if (!hasContent(reply) && update && ex.state.kind === 'none') {
      return ex.first({ type: InteractionResponseType.DeferredMessageUpdate });
    }
    const ephemeral = Boolean(reply.private);
    const { body, files, more } = renderMessage(reply, locale, { ephemeral });
    await this.deliver(ex, body, files, ephemeral, update);
    // Files past Discord's ten a message follow as follow-up messages with the same visibility.
    for (const next of more) await ex.webhook('post', next.body, next.files);
  }

  private async deliver(ex: Exchange, body: MessageBody, files: RawFile[], ephemeral: boolean, update: boolean): Promise<void> {
    const { flags: _flags, ...edit } = body;
    switch (ex.state.kind) {
      case 'none':
        if (update) return ex.first({ type: InteractionResponseType.UpdateMessage, data: edit }, files);
        return ex.first({ type: InteractionResponseType.ChannelMessageWithSource, data: body }, files);
      case 'deferred-update':
        if (update) return ex.webhook('patch', edit, files);
        return ex.webhook('post', body, files);
      case 'deferred':
        if (ex.state.ephemeral === ephemeral) return ex.webhook('patch', edit, files);
        // The deferral guessed wrong about privacy: answer anew with the right visibility.
        await ex.webhook('post', body, files);
        return ex.webhook('delete');
    }
  }
}

/**
 * A press or a modal in a DM, from a component the bot sent there: the guild it acts in, and the
 * interaction with the component's own custom id. Anything else from a DM has no guild.
 */
function inDm(raw: APIInteraction): { guildId: string; raw: APIInteraction } | undefined {
  if (raw.guild_id || (raw.type !== InteractionType.MessageComponent && raw.type !== InteractionType.ModalSubmit)) return undefined;
  const scoped = fromGuild(raw.data.custom_id);
  if (!scoped) return undefined;
  return { guildId: scoped.guildId, raw: { ...raw, data: { ...raw.data, custom_id: scoped.customId } } as APIInteraction };
}

function hasContent(reply: Reply): boolean {
  return Boolean(reply.text || reply.title || reply.fields?.length || reply.form || reply.attachments?.length || reply.buttons?.length || reply.choices || reply.fieldErrors);
}

function stepRow(label: string, ref: ModalRef): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: truncate(label, LIMITS.buttonLabel), custom_id: encodeStepId(ref) }],
  };
}
