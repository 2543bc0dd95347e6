import type { BlockOptions, App as BoltApp } from '@slack/bolt';
import type { SlackContext } from '../context.ts';
import { parseMetadata, slackOption } from '../blocks.ts';

/** Slack's own limit for an external select's answer. */
const MAX_OPTIONS = 100;

/**
 * A record chosen in a modal (an external select): Slack asks this endpoint as the person types
 * (block_suggestion); the field's picker answers through the core, which checks who asks.
 */
export function registerOptions(bolt: BoltApp, ctx: SlackContext): void {
  bolt.options<'block_suggestion'>({ type: 'block_suggestion' }, async ({ ack, body }) => {
    try {
      const meta = parseMetadata(body.view?.private_metadata);
      if (!meta) return await ack({ options: [] });
      const user = await ctx.user(body.user.id, (body.user as { name?: string }).name ?? body.user.id);
      const teamId = body.team?.id ?? (body.user as { team_id?: string }).team_id ?? '';
      const reply = await ctx.dispatch({
        kind: 'suggest',
        platform: 'slack',
        cluster: { externalId: teamId, ...(body.team?.domain ? { name: body.team.domain } : {}) },
        user,
        command: meta.f,
        option: body.block_id,
        typed: body.value ?? '',
      });
      const answer: BlockOptions = { options: (reply.suggestions ?? []).slice(0, MAX_OPTIONS).map(slackOption) };
      await ack(answer);
    } catch (error) {
      ctx.log.error({ err: error }, 'slack options request failed');
      await ack({ options: [] });
    }
  });
}
