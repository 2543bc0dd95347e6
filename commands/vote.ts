import { z } from 'zod';
import { userText } from '../src/core/text.ts';
import { defineLeafCommand, type CommandContext } from '../src/core/command.ts';
import type { Reply } from '../src/core/reply.ts';
import { optionLabel, type BallotEntry, type CastReceipt } from '../src/services/governance.ts';
import { CHANGE_VOTE, NEW_VOTE, ballotControls, ballotLines } from '../src/services/governance/ballot-card.ts';
import { motionPicker } from './motion.ts';
import { text } from '../src/core/input.ts';

/** One motion's ballot for one organisation: option buttons, or what it already voted. */
function ballotReply(entry: BallotEntry, ctx: CommandContext): Reply {
  const { t, format } = ctx;
  const { motion, forMember } = entry;
  const tools = { t, dateTime: format.dateTime };
  const lines = ballotLines(motion, forMember, entry.proxy, tools);
  const base = { title: userText(motion.title), private: true } as const;
  if (!entry.eligible) return { ...base, text: [...lines, '', t('governance.errors.notEligible', { org: forMember.name, opensAt: format.dateTime(motion.opensAt) })].join('\n'), tone: 'warning' };
  let mode = NEW_VOTE;
  if (entry.voted) {
    const votedLine = entry.voted.choice
      ? t('governance.vote.votedOpen', { at: format.dateTime(entry.voted.at), choice: entry.voted.choice.map((c) => optionLabel(motion, c, t)).join(', ') })
      : t('governance.vote.votedSecret');
    lines.push('', votedLine);
    if (motion.secret) return { ...base, text: [...lines, t('governance.errors.secretNoChange')].join('\n') };
    if (!motion.allowChange) return { ...base, text: [...lines, t('governance.vote.noChange')].join('\n') };
    lines.push(t('governance.vote.mayChange'));
    mode = CHANGE_VOTE;
  }
  return { ...base, text: lines.join('\n'), ...ballotControls(motion, forMember.id, mode, t) };
}

/** The private receipt: motion, choice, time. For a secret ballot the only place the choice appears. */
function receipt(r: CastReceipt, ctx: CommandContext): Reply {
  const { t, format } = ctx;
  return {
    title: t(r.changed ? 'governance.receipt.changedTitle' : 'governance.receipt.title'),
    fields: [
      { label: t('governance.receipt.motion'), value: userText(r.motion.title) },
      { label: t('governance.receipt.organisation'), value: r.memberName + (r.proxy ? ` ${t('governance.vote.underProxy')}` : '') },
      { label: t('governance.receipt.choice'), value: r.choice.map((c) => optionLabel(r.motion, c, t)).join(', ') },
      { label: t('governance.receipt.time'), value: format.dateTime(r.at) },
    ],
    text: r.motion.secret ? t('governance.receipt.secret', { k: ctx.cluster.settings.secretBallotK }) : undefined,
    private: true,
    tone: 'success',
  };
}

export default defineLeafCommand({
  name: 'vote',
  description: 'governance.commands.vote',
  localizedNames: { pl: 'glosuj' },
  // Members in good standing whose category votes in this cluster (settings.votingMembers: main
  // members by default, every member in a W-M KES-model cluster); the service checks the
  // category, which motions and for whom.
  permission: 'voter',
  options: z.object({ motion: text().trim().min(1).max(40).optional().describe('governance.options.voteMotion') }),
  pickers: { motion: motionPicker('vote') },
  async run(ctx) {
    const { services, cluster, actor, t, format, options } = ctx;
    const entries = (await services.governance.ballots(cluster, actor)).filter((e) => !options.motion || e.motion.id === options.motion);
    if (options.motion && entries.length === 0) await services.governance.motion(cluster, options.motion);
    if (entries.length === 0) return { text: t('governance.vote.none'), private: true };
    if (entries.length === 1) return ballotReply(entries[0]!, ctx as unknown as CommandContext);
    return {
      title: t('governance.vote.listTitle'),
      fields: entries.map((e) => ({
        label: userText(e.motion.title),
        value: [
          t('governance.vote.for', { org: e.forMember.name }) + (e.proxy ? ` ${t('governance.vote.underProxy')}` : ''),
          t('governance.vote.closes', { closesAt: format.dateTime(e.motion.closesAt) }),
          e.voted ? t('governance.vote.alreadyShort') : e.eligible ? t('governance.vote.notYet') : t('governance.vote.notEligibleShort'),
        ].join(' · '),
      })),
      buttons: entries.slice(0, 25).map((e) => ({
        label: `${e.motion.title.slice(0, 60)}${e.proxy ? ` (${e.forMember.name.slice(0, 15)})` : ''}`,
        action: { command: 'vote', action: 'open', args: [e.motion.id, e.forMember.id] },
        style: e.voted ? 'secondary' : 'primary',
      })),
      private: true,
    };
  },
  actions: {
    open: {
      permission: 'voter',
      async run(ctx) {
        const [motionId = '', memberId = ''] = ctx.args;
        return ballotReply(await ctx.services.governance.ballot(ctx.cluster, ctx.actor, motionId, memberId), ctx);
      },
    },
    cast: {
      permission: 'voter',
      async run(ctx) {
        const [motionId = '', memberId = '', mode = NEW_VOTE, index = ''] = ctx.args;
        const r = await ctx.services.governance.cast(ctx.cluster, ctx.actor, { motionId, forMemberId: memberId, change: mode === CHANGE_VOTE, choice: [Number(index)] });
        return receipt(r, ctx);
      },
    },
    castMany: {
      permission: 'voter',
      async run(ctx) {
        const [motionId = '', memberId = '', mode = NEW_VOTE, ...values] = ctx.args;
        const r = await ctx.services.governance.cast(ctx.cluster, ctx.actor, { motionId, forMemberId: memberId, change: mode === CHANGE_VOTE, choice: values.map(Number) });
        return receipt(r, ctx);
      },
    },
  },
});
