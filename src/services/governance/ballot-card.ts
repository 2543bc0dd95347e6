import type { Button, Reply } from '../../core/reply.ts';
import { userText } from '../../core/text.ts';
import type { MessageTools } from '../notifications.ts';
import { motionOptions, optionLabel, type MotionRow } from './rules.ts';

/** How a ballot's buttons say what they do: a first vote, or a change of an earlier one. */
export const NEW_VOTE = 'n';
export const CHANGE_VOTE = 'c';
/** On a channel post the organisation is the presser's own, so its buttons name none. */
export const OWN_ORGANISATION = '';

type Tools = Pick<MessageTools, 't' | 'dateTime'>;

/**
 * A motion's options as buttons (one of several, yes/no) or a multi-select (several of several),
 * each carrying what the vote needs: motion, organisation, first vote or change, option index.
 * The same buttons serve the /vote reply, the private voting-opened notice and the channel post.
 */
export function ballotControls(motion: MotionRow, forMemberId: string, mode: string, t: Tools['t']): Pick<Reply, 'buttons' | 'choices'> {
  const options = motionOptions(motion);
  const args = [motion.id, forMemberId, mode];
  if (motion.ballotKind === 'multiple') {
    return {
      choices: {
        action: { command: 'vote', action: 'castMany', args },
        placeholder: t('governance.vote.chooseMany'),
        options: options.map((o, i) => ({ value: String(i), label: o.slice(0, 100) })),
        minValues: 1,
        maxValues: options.length,
      },
    };
  }
  const styles: Button['style'][] = motion.ballotKind === 'yesno' ? ['success', 'danger', 'secondary'] : [];
  return {
    buttons: options.map((o, i) => ({ label: optionLabel(motion, o, t).slice(0, 80), action: { command: 'vote', action: 'cast', args: [...args, String(i)] }, style: styles[i] ?? 'primary' })),
  };
}

/** The lines every ballot shows: the motion's text, whose vote, until when, open or secret. */
export function ballotLines(motion: MotionRow, forMember: { name: string } | undefined, proxy: boolean, tools: Tools): string[] {
  const { t, dateTime } = tools;
  return [
    motion.text ? userText(motion.text) : '',
    forMember ? t('governance.vote.for', { org: userText(forMember.name) }) + (proxy ? ` ${t('governance.vote.underProxy')}` : '') : '',
    t('governance.vote.closes', { closesAt: dateTime(motion.closesAt) }),
    motion.secret ? t('governance.vote.secretNote') : t('governance.vote.openNote'),
  ].filter(Boolean);
}

/** The private message each representative (and proxy holder) gets when voting opens. */
export function openedNotice(motion: MotionRow, forMember: { id: string; name: string }, proxy: boolean, tools: Tools): Reply {
  return {
    title: tools.t('governance.opened.title', { title: userText(motion.title) }),
    text: [...ballotLines(motion, forMember, proxy, tools), '', tools.t('governance.opened.press')].join('\n'),
    ...ballotControls(motion, forMember.id, NEW_VOTE, tools.t),
    tone: 'info',
  };
}

/** The announcements channel's post: anyone may press; the vote is the presser's own organisation's. */
export function openedPost(motion: MotionRow, eligible: number, tools: Tools): Reply {
  return {
    title: tools.t('governance.opened.title', { title: userText(motion.title) }),
    text: [...ballotLines(motion, undefined, false, tools), tools.t('governance.opened.eligible', { count: eligible }), '', tools.t('governance.opened.pressPost')].join('\n'),
    ...ballotControls(motion, OWN_ORGANISATION, NEW_VOTE, tools.t),
    tone: 'info',
  };
}
