import type { App as BoltApp } from '@slack/bolt';
import type { Reply } from '../../../core/reply.ts';
import type { SlackContext, Target } from '../context.ts';
import { FORM_CALLBACK, formValues, parseMetadata, renderErrorModal, renderModal } from '../blocks.ts';
import { slackError } from '../notifier.ts';

/** A submitted form (view_submission). */
export function registerViews(bolt: BoltApp, ctx: SlackContext): void {
  bolt.view(FORM_CALLBACK, async ({ ack, body, view }) => {
    // Whether the modal stays open depends on the answer, so the answer is awaited, but never
    // past Slack's 3 seconds: a slow one closes the modal and arrives as a message instead.
    const budget = ctx.opts.viewAckBudgetMs ?? 2_300;
    const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), budget).unref());
    const meta = parseMetadata(view.private_metadata);
    const work = (async (): Promise<{ reply: Reply; locale: string } | undefined> => {
      if (!meta) return undefined;
      const key = (body as { trigger_id?: string }).trigger_id ?? `${view.id}:${view.hash}`;
      const user = await ctx.user(body.user.id, body.user.name ?? body.user.id);
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const reply = await ctx.dispatch({
        kind: 'form',
        platform: 'slack',
        cluster: { externalId: teamId, ...(body.team?.domain ? { name: body.team.domain } : {}) },
        user,
        ...(meta.c ? { channelId: meta.c } : {}),
        deliveryKey: `view:${key}`,
        formId: meta.f,
        values: formValues(view.state.values as never),
        ...(meta.a ? { args: meta.a } : {}),
      });
      return reply.duplicate ? undefined : { reply, locale: user.locale ?? '' };
    })();
    const first = await Promise.race([work.catch((error: unknown) => ({ error })), timer]);
    const target = (locale: string): Target => ({ userId: body.user.id, ...(meta?.c ? { channelId: meta.c } : {}), locale });
    if (first === 'late') {
      await ack();
      await ctx.guard('form', async () => {
        const done = await work;
        if (done) await ctx.deliver(done.reply, target(done.locale));
      });
      return;
    }
    if (!first || 'error' in first) {
      // A retry (already handled), a foreign modal or a failure: close it; failures are logged.
      if (first) ctx.log.error({ reason: slackError(first.error) }, 'slack form submission failed');
      await ack();
      return;
    }
    const { reply, locale } = first;
    const t = ctx.t(locale);
    const fieldNames = new Set(view.blocks.map((b) => b.block_id).filter(Boolean));
    const errors = Object.fromEntries(Object.entries(reply.fieldErrors ?? {}).filter(([name]) => fieldNames.has(name)));
    if (Object.keys(errors).length) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    if (reply.form) {
      await ack({ response_action: 'update', view: renderModal(reply.form, t, meta?.c) });
      return;
    }
    if (reply.tone === 'error') {
      await ack({ response_action: 'push', view: renderErrorModal(ctx.localize(reply), t) });
      return;
    }
    await ack();
    await ctx.guard('form', () => ctx.deliver(reply, target(locale)));
  });
}
