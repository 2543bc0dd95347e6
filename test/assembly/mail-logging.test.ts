import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { describeRefusal } from '../../src/services/mail.ts';
import { LogCapture } from '../support/harness.ts';

describe('e-mail addresses and the logs', () => {
  it('blanks recipients, SMTP credentials and addresses quoted in an SMTP error, dotless domains too', () => {
    const sink = new LogCapture();
    const log = createLogger({ NODE_ENV: 'production', LOG_LEVEL: 'info' }, sink);
    const refusal = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 <biuro@localhost>: Recipient address rejected"), {
      code: 'EENVELOPE',
      responseCode: 550,
      response: '550 <kontakt@horyzont.example.org>: Recipient address rejected',
    });
    log.warn({ toAddress: 'kontakt@horyzont.example.org', mail: { toAddress: 'biuro@zazolc.example.org' }, config: { SMTP_USER: 'bot@pkes.example.org', SMTP_PASSWORD: 'hasło-smtp' }, err: refusal }, 'e-mail not delivered');
    const raw = sink.raw.join('\n');
    for (const secret of ['kontakt@horyzont', 'biuro@zazolc', 'biuro@localhost', 'bot@pkes', 'hasło-smtp']) expect(raw).not.toContain(secret);
    expect((sink.lines[0] as { err: { message: string } }).err.message).toContain('550 <[email]>');
  });

  it('keeps the code and words of a refusal, without the address it quotes', () => {
    const refusal = Object.assign(new Error('x'), { responseCode: 550, response: '550 5.1.1 <jan@localhost>: Recipient address rejected' });
    expect(describeRefusal(refusal)).toBe('550 5.1.1 <[email]>: Recipient address rejected');
    expect(describeRefusal(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' }))).toBe('connect ECONNREFUSED 127.0.0.1:2525');
  });
});
