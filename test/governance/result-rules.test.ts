import { describe, expect, it } from 'vitest';
import { computeResult, quorumNeeded, YES_NO } from '../../src/services/governance.ts';
import type { Majority } from '../../src/core/vocabulary.ts';

const yesNo = (y: number, n: number, a: number, opts: { majority: Majority; abstentionsCount?: boolean; eligible?: number; quorum?: number }) =>
  computeResult({
    ballotKind: 'yesno',
    options: [...YES_NO],
    counts: { yes: y, no: n, abstain: a },
    eligible: opts.eligible ?? 20,
    voted: y + n + a,
    quorum: opts.quorum ?? 0.5,
    majority: opts.majority,
    abstentionsCount: opts.abstentionsCount ?? false,
  });

describe('quorum', () => {
  it('needs ⌈quorum × eligible⌉ ballots, abstentions included', () => {
    expect(quorumNeeded(0.5, 10)).toBe(5);
    expect(quorumNeeded(0.5, 11)).toBe(6);
    expect(quorumNeeded(0.6, 3)).toBe(2);
    expect(yesNo(3, 0, 2, { majority: 'simple', eligible: 10 }).quorumMet).toBe(true);
    expect(yesNo(3, 0, 1, { majority: 'simple', eligible: 10 }).quorumMet).toBe(false);
  });

  it('a motion that misses quorum is marked noQuorum and never passes, even if everyone voted yes', () => {
    const r = yesNo(4, 0, 0, { majority: 'simple', eligible: 10 });
    expect(r).toMatchObject({ outcome: 'noQuorum', passed: false, quorumMet: false, accepted: [] });
  });

  it('no eligible organisations means no quorum', () => {
    expect(yesNo(0, 0, 0, { majority: 'simple', eligible: 0 }).outcome).toBe('noQuorum');
  });
});

describe('simple majority: more yes than no', () => {
  it('abstentions not counted: 5 yes, 4 no, 6 abstain passes', () => {
    expect(yesNo(5, 4, 6, { majority: 'simple' }).outcome).toBe('passed');
  });
  it('abstentions counted: 5 yes against 4 no + 6 abstain fails', () => {
    expect(yesNo(5, 4, 6, { majority: 'simple', abstentionsCount: true }).outcome).toBe('rejected');
  });
  it('a tie does not pass', () => {
    expect(yesNo(5, 5, 0, { majority: 'simple' }).outcome).toBe('rejected');
  });
});

describe('absolute majority: more than half of all ballots, abstentions always included', () => {
  it('6 yes, 2 no, 3 abstain passes (6 > 5.5)', () => {
    expect(yesNo(6, 2, 3, { majority: 'absolute' }).outcome).toBe('passed');
  });
  it('6 yes, 2 no, 4 abstain fails (6 is not more than 6), whatever the abstention setting', () => {
    expect(yesNo(6, 2, 4, { majority: 'absolute' }).outcome).toBe('rejected');
    expect(yesNo(6, 2, 4, { majority: 'absolute', abstentionsCount: true }).outcome).toBe('rejected');
  });
});

describe('two-thirds majority: yes ≥ ⅔ of the counted votes', () => {
  it('abstentions not counted: 8 yes, 4 no, 5 abstain passes (8 ≥ 8)', () => {
    expect(yesNo(8, 4, 5, { majority: 'twoThirds' }).outcome).toBe('passed');
  });
  it('abstentions counted: 8 yes of 17 fails', () => {
    expect(yesNo(8, 4, 5, { majority: 'twoThirds', abstentionsCount: true }).outcome).toBe('rejected');
  });
  it('7 yes, 4 no fails (7 < 7.33)', () => {
    expect(yesNo(7, 4, 0, { majority: 'twoThirds' }).outcome).toBe('rejected');
  });
});

describe('one of several and several of several', () => {
  const single = (counts: Record<string, number>, majority: Majority) =>
    computeResult({ ballotKind: 'single', options: ['A', 'B', 'C'], counts, eligible: 10, voted: Object.values(counts).reduce((s, n) => s + n, 0), quorum: 0.5, majority, abstentionsCount: false });

  it('simple: the option with the most votes wins; a tie for the lead passes nothing', () => {
    expect(single({ A: 3, B: 2, C: 1 }, 'simple')).toMatchObject({ outcome: 'passed', accepted: ['A'] });
    expect(single({ A: 3, B: 3, C: 0 }, 'simple')).toMatchObject({ outcome: 'rejected', accepted: [] });
  });
  it('absolute: the leader needs more than half of the ballots', () => {
    expect(single({ A: 3, B: 2, C: 1 }, 'absolute').outcome).toBe('rejected');
    expect(single({ A: 4, B: 2, C: 1 }, 'absolute')).toMatchObject({ outcome: 'passed', accepted: ['A'] });
  });
  it('several of several: each option with more than half of the ballots is accepted', () => {
    const r = computeResult({ ballotKind: 'multiple', options: ['A', 'B', 'C'], counts: { A: 4, B: 3, C: 1 }, eligible: 10, voted: 6, quorum: 0.5, majority: 'simple', abstentionsCount: false });
    expect(r).toMatchObject({ outcome: 'passed', accepted: ['A'] });
    const twoThirds = computeResult({ ballotKind: 'multiple', options: ['A', 'B'], counts: { A: 4, B: 3 }, eligible: 10, voted: 6, quorum: 0.5, majority: 'twoThirds', abstentionsCount: false });
    expect(twoThirds).toMatchObject({ outcome: 'passed', accepted: ['A'] });
  });
});
