import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { LogCapture, createTestApp } from '../support/harness.ts';

describe('logging', () => {
  it('writes JSON in production and blanks tokens, secrets and e-mails', () => {
    const sink = new LogCapture();
    const log = createLogger({ NODE_ENV: 'production', LOG_LEVEL: 'info' }, sink);
    log.info({ config: { DISCORD_TOKEN: 'abc.def', SLACK_SIGNING_SECRET: 's3cr3t', DATABASE_URL: 'postgresql://u:pw@h/db' }, email: 'anna@example.org' }, 'started');
    expect(sink.lines[0]?.msg).toBe('started');
    const raw = sink.raw.join('\n');
    for (const secret of ['abc.def', 's3cr3t', 'pw@h', 'anna@example.org']) expect(raw).not.toContain(secret);
    expect(raw).toContain('[redacted]');
  });

  it('blanks personal fields one level down too, without changing the object it was given', () => {
    const sink = new LogCapture();
    const log = createLogger({ NODE_ENV: 'production', LOG_LEVEL: 'info' }, sink);
    const member = { id: 'm-1', email: 'anna@example.org', displayName: 'Anna Kowalska' };
    const request = { headers: { authorization: 'Bearer xyz-123', accept: 'json' } };
    log.info({ member, request, entry: { description: 'Nasza oferta', sector: 'catering' }, ms: 3 }, 'saved');
    const line = sink.lines[0] as { member: Record<string, string>; request: { headers: Record<string, string> }; entry: Record<string, string>; ms: number };
    expect(line.member).toEqual({ id: 'm-1', email: '[redacted]', displayName: '[redacted]' });
    expect(line.request.headers).toEqual({ authorization: '[redacted]', accept: 'json' });
    expect(line.entry).toEqual({ description: '[redacted]', sector: 'catering' });
    expect(line.ms).toBe(3);
    for (const secret of ['anna@example.org', 'Anna Kowalska', 'xyz-123', 'Nasza oferta']) expect(sink.raw[0]).not.toContain(secret);
    expect(member.email).toBe('anna@example.org');
    expect(request.headers.authorization).toBe('Bearer xyz-123');
  });

  it('logs each interaction without what the user typed', async () => {
    const t = await createTestApp();
    try {
      await t.given('anna', { roles: ['coordinator'] });
      await t.as('anna').command('setup', 'set', { key: 'minActivitiesPerYear', value: '3' });
      await t.as('anna').command('setup', 'channel', { purpose: 'barter', channel: 'C-private-text-123' });
      const handled = t.logs.lines.filter((l) => l.msg === 'interaction handled');
      expect(handled.map((l) => l.what)).toEqual(['/setup set', '/setup channel']);
      expect(t.logs.raw.join('\n')).not.toContain('C-private-text-123');
    } finally {
      await t.close();
    }
  });
});

describe('errors in the logs', () => {
  it('keep their kind and place but not the values a database error quotes', () => {
    const sink = new LogCapture();
    const log = createLogger({ NODE_ENV: 'production', LOG_LEVEL: 'info' }, sink);
    const error = Object.assign(new Error('Invalid `prisma.person.create()` invocation: value "anna@example.org" for displayName \'Anna Kowalska\'\n  data: { email: "anna@example.org" }'), { code: 'P2002' });
    log.error({ err: error }, 'interaction failed');
    const line = sink.lines[0] as { err: { type: string; code: string; message: string; stack: string } };
    expect(line.err.type).toBe('Error');
    expect(line.err.code).toBe('P2002');
    expect(line.err.stack).toContain('logging.test.ts');
    expect(sink.raw[0]).not.toContain('anna@example.org');
    expect(sink.raw[0]).not.toContain('Anna Kowalska');
  });
});
